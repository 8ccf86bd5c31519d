"""Extraction throughput on the real gazette corpus, with a floor and a ceiling.

    python benchmarks/bench_extract.py [--repeat 3] [--json benchmarks/results/extract.json]

Measured in one run, on one core, over the 217 gazette texts (data/corpus/gazette.tar.xz,
21.5 MB of UTF-8):

* legalgraph  the whole extraction as `legalgraph extract` runs it (citations, identity,
              resolution, relations, and responsible bodies and tasks with spaCy), JSON
              serialisation excluded;
* legalgraph --no-bodies   the same without bodies and tasks;
* naive       a single-regex extractor: one pattern for numbers, nothing else — the floor
              of what any citation extractor must do;
* finditer    a bare `re.finditer` of one citation pattern (``\\d+/\\d{4}/[A-ZĐ]+-[A-Z]+``)
              — the ceiling: the speed at which Python can merely look at the text.

Throughput is MB of UTF-8 input per second of CPU time (time.process_time), best of
--repeat runs. Texts are read and decoded before timing starts.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_corpus() -> list[str]:
    texts = []
    with tarfile.open(ROOT / "data" / "corpus" / "gazette.tar.xz") as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if member.name.endswith(".txt"):
                texts.append(tar.extractfile(member).read().decode("utf-8"))
    return texts


NAIVE = re.compile(r"\d{1,5}\s*(?:/\s*\d{4})?\s*[/-]\s*[A-ZĐ][A-Za-zĐđ]*(?:\s*[-/]\s*[A-ZĐ][A-Za-zĐđ0-9]*)+")
CEILING = re.compile(r"\d+/\d{4}/[A-ZĐ]+-[A-Z]+")


def naive_extract(text: str) -> list[str]:
    return [m.group(0) for m in NAIVE.finditer(text)]


def ceiling_scan(text: str) -> int:
    return sum(1 for _ in CEILING.finditer(text))


def best_time(fn, texts, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for t in texts:
            fn(t)
        best = min(best, time.process_time() - start)
    return best


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    from legalgraph.extract.pipeline import extractor

    texts = load_corpus()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    ex = extractor()
    ex.extract(texts[0])  # compile the grammar and load spaCy outside the timing
    rows = []
    def without_bodies(text):
        return ex.extract(text, bodies=False)

    for name, fn in (("legalgraph", ex.extract), ("legalgraph --no-bodies", without_bodies),
                     ("naive single regex", naive_extract), ("re.finditer ceiling", ceiling_scan)):
        seconds = best_time(fn, texts, args.repeat)
        rows.append({"extractor": name, "seconds": round(seconds, 3), "mb_per_s": round(mb / seconds, 1)})
    result = {"corpus": "gazette (217 texts)", "mb": round(mb, 2), "python": platform.python_version(),
              "machine": platform.machine(), "rows": rows}
    print(f"{'extractor':<24} {'seconds':>8} {'MB/s':>8}   ({result['mb']} MB, Python {result['python']})")
    for r in rows:
        print(f"{r['extractor']:<24} {r['seconds']:>8} {r['mb_per_s']:>8}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
