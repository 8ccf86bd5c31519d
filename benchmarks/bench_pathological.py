"""Time per document on inputs built to make a regex or a loop super-linear.

    python benchmarks/bench_pathological.py [--size 100000] [--bound 0.2] [--max-growth 3]
                                            [--json benchmarks/results/pathological.json]

Each input is a long run of one piece — blanks (spaces, tabs, NBSP), rules ("-", "_",
"."), invisible characters (U+FEFF, U+200B), line breaks, digits and slashes, or words
and phrases the grammar looks for ("số", "ngày", "Nghị định số", "CHỦ TỊCH", "UBND
tỉnh") — placed three ways: alone, on a line of its own inside a real document's header
(where the header rules look), and after "Hà Nội, ngày" (where the date rules look);
and the seed texts as one line of words. Each is written to a file and read and extracted
as `legalgraph extract FILE` does it (``batch.extract_one``: reading, decoding, extraction
with bodies and tasks, JSON), interpreter start and grammar loading excluded.

Every document is measured at --size characters and at twice that. The run fails (exit
1) when

* a document of filler — blanks, rules, invisible characters, one line of words: text
  with nothing to extract in it — takes longer than --bound seconds at --size (the
  default, 100,000 characters, is the gazette's average document); or
* any document takes more than --max-growth times as long at twice the size (a linear
  pass takes twice as long; one whose time grows with the square of a run four times).

Documents made of nothing but citations, bodies or items ("Luật Luật …", "UBND tỉnh …",
"1. 1. …") have tens of thousands of them in 100,000 characters, each read as a real one
is, so their time is bounded by the growth test, not by --bound. A document that cannot
be read (a file of blanks alone is refused as having no text) counts with its time like
any other.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PIECES = {
    "spaces": " ", "tabs": "\t", "space-tab": " \t", "nbsp": "\u00a0", "dashes": "-", "underscores": "_",
    "dots": ".", "stars": "*", "equals": "=", "ellipses": "…", "bom": "\ufeff", "zwsp": "\u200b",
    "newlines": "\n", "space-newline": " \n", "tab-newline": "\t\n", "dash-newline": "-\n", "cr": "\r",
    "pipes": "| ", "commas": ",", "colons": ": ", "brackets": "(", "footnote-marks": "[1]", "digits": "1234567890",
    "slashes": "/", "digit-slash": "1/", "numbers": "56/2024/NĐ-CP ", "so": "số ", "so-colon": "số: ",
    "ngay": "ngày ", "ngay-thang": "ngày tháng ", "thang": "tháng ", "nam": "năm ", "nam-2024": "năm 2024 ",
    "date": "ngày 18/5/2024 ", "nghi-dinh": "Nghị định ", "nghi-dinh-so": "Nghị định số ",
    "nghi-quyet-so": "Nghị quyết số ", "quyet-dinh": "Quyết định ", "luat": "Luật ", "can-cu": "Căn cứ ",
    "dieu-1": "Điều 1. ", "items": "1. ", "roman-items": "I. ", "letter-items": "a) ", "dash-items": "- ",
    "sua-doi": "sửa đổi, bổ sung ", "chu-tich": "CHỦ TỊCH ", "capitals": "HÀ NỘI ", "capital-lines": "HÀ NỘI\n",
    "place": "Hà Nội, ", "ubnd": "UBND tỉnh ", "bo": "Bộ ", "so-body": "Sở ", "trach-nhiem": "Trách nhiệm của ",
    "chu-tri": "chủ trì ", "phoi-hop": "phối hợp với ", "va": " và ", "signed": "(Đã ký) ",
    "header-number": "Số: /KH-UBND ", "gazette": "CÔNG BÁO/Số 281/", "party-number": "06-\nCT/TU ",
    "word": "Thực ", "words": "Thực hiện ", "word-lines": "Thực hiện kế hoạch của Ủy ban nhân dân tỉnh\n",
    "capital-word": "THỰC ", "mixed": "Aa ", "accents": "a\u0301",
}


def _seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "seeds").glob("*.txt"))]


def documents(size: int):
    """(name, text) of every pathological document, each about ``size`` characters."""
    seeds = _seeds()
    seed = seeds[1]
    head, rest = seed[:1500], seed[1500:]
    for name, piece in PIECES.items():
        run = (piece * (size // len(piece) + 1))[:size]
        yield f"{name}/alone", "x " + run
        yield f"{name}/header-line", head + "\n" + run + "x\n" + rest
        yield f"{name}/after-date", head + "\nHà Nội, ngày" + run + "x\n" + rest
    words = " ".join(" ".join(seeds).split())
    yield "one-line-of-words/alone", (words * (size // len(words) + 1))[:size]


def measure(size: int, bodies: bool = True, report=None):
    """[(name, seconds, outcome)] for every document, each read and extracted once;
    ``report(name, seconds)`` is called after each."""
    from legalgraph.extract import batch

    batch.extract_one(str(ROOT / "data" / "seeds" / "000_2de31e686ed5fa3a.txt"), bodies=bodies)  # load the grammar
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        for name, text in documents(size):
            path.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            line, error = batch.extract_one(str(path), bodies=bodies)
            seconds = time.perf_counter() - start
            if error and "internal error" in error:
                raise SystemExit(f"{name}: {error}")
            rows.append((name, seconds, "record" if line else error.split(": ", 1)[-1]))
            if report is not None:
                report(name, seconds)
    return rows


FILLER = ("spaces", "tabs", "space-tab", "nbsp", "dashes", "underscores", "dots", "stars", "equals", "ellipses",
          "bom", "zwsp", "commas", "slashes", "one-line-of-words")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000, help="characters in each run (default 100,000)")
    ap.add_argument("--bound", type=float, default=0.2, help="seconds a filler document may take (default 0.2)")
    ap.add_argument("--max-growth", type=float, default=3.0,
                    help="most a document's time may grow when its size doubles (default 3)")
    ap.add_argument("--floor", type=float, default=0.1,
                    help="times under this many seconds count as this many when growth is compared: a "
                         "shared machine's noise is a few hundredths of a second (default 0.1)")
    ap.add_argument("--no-bodies", action="store_true", help="extract without bodies and tasks")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    def report(name, seconds):
        if seconds > 10 * args.bound:  # as it happens: a quadratic case takes minutes at a megabyte
            print(f"  slow: {name} {seconds:.2f} s", flush=True)

    bodies = not args.no_bodies
    small = measure(args.size, bodies=bodies, report=report)
    large = dict((n, s) for n, s, _ in measure(2 * args.size, bodies=bodies, report=report))
    rows = [(n, s, large[n], o) for n, s, o in small]
    over = [(n, s) for n, s, _, _ in rows if n.split("/")[0] in FILLER and s > args.bound]
    growing = [(n, s, s2) for n, s, s2, _ in rows if s2 > args.max_growth * max(s, args.floor)]

    print(f"{len(rows)} documents of {args.size:,} and {2 * args.size:,} characters ({'with' if bodies else 'without'}"
          f" bodies); filler bounded at {args.bound} s, growth at x{args.max_growth}")
    print(f"{'document':<32} {'seconds':>8} {'at 2x':>8} {'growth':>7}")
    for name, s, s2, _ in sorted(rows, key=lambda r: -r[2])[:12]:
        print(f"{name:<32} {s:>8.3f} {s2:>8.3f} {s2 / max(s, 1e-6):>7.2f}")
    filler = [s for n, s, _, _ in rows if n.split("/")[0] in FILLER]
    print(f"filler: slowest {max(filler):.3f} s; all documents: slowest {max(r[1] for r in rows):.3f} s, "
          f"median {sorted(r[1] for r in rows)[len(rows) // 2]:.3f} s; "
          f"largest growth x{max(r[2] / max(r[1], args.floor) for r in rows):.2f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "size": args.size, "bound": args.bound, "max_growth": args.max_growth, "bodies": bodies,
            "python": platform.python_version(), "machine": platform.machine(),
            "documents": [{"name": n, "seconds": round(s, 4), "seconds_at_2x": round(s2, 4), "outcome": o}
                          for n, s, s2, o in rows]}, indent=2, ensure_ascii=False) + "\n")
    failed = False
    if over:
        print(f"{len(over)} filler documents over {args.bound} s: " + ", ".join(f"{n} {s:.2f} s" for n, s in over))
        failed = True
    if growing:
        print(f"{len(growing)} documents growing faster than x{args.max_growth}: "
              + ", ".join(f"{n} {s:.3f} -> {s2:.3f} s" for n, s, s2 in growing))
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
