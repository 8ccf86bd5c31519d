#!/usr/bin/env python3
"""Write data/grammar/law_versions.toml: the versions of laws, codes and ordinances that the
bundled texts name together with their number ("Luật Doanh nghiệp số 59/2020/QH14", "Bộ luật
Lao động số 45/2019/QH14 ngày 20 tháng 11 năm 2019") or that are themselves in the corpus
(a law's own header gives its name, number and the date it was passed).

    python scripts/make_law_gazetteer.py            # rewrites data/grammar/law_versions.toml

Every entry keeps where it was read (`source`: corpus/file) and how it was printed
(`example`), which tests/test_grammar_examples.py resolves again. A number read with two
different names is kept only when one name is read at least twice as often; a name is kept
only when it is a law's name (no clause words). The hand-kept data/grammar/laws.toml wins
where the two disagree: it is loaded first.
"""
from __future__ import annotations

import re
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from legalgraph import extract_text  # noqa: E402
from legalgraph.grammar import load_grammar, term_fits  # noqa: E402
from legalgraph.text.read import read_document  # noqa: E402

NOT_A_NAME = re.compile(r"(?i)\b(?:số|theo|tại|được|đã|và các|quy định|điều|khoản|này)\b")
TYPES = ("Luật", "Bộ luật", "Pháp lệnh")
def named_with_number(g, name: str, printed: str | None, number: str) -> bool:
    """The mention prints the name right before the number ("Luật Đất đai số 31/2024/QH15"),
    not "Luật Bảo hiểm y tế số 25/2008/QH12 đã được sửa đổi … theo Luật số 46/2014/QH13"."""
    if printed is None:
        return True  # the law's own header
    m = re.match(r"(?is)(.*?)\s+số\s*:?\s*" + re.escape(number.split("/")[0]) + r"\s*/", " ".join(printed.split()))
    return bool(m) and g.law_key(m.group(1)) == g.law_key(name)


def texts():
    with tempfile.TemporaryDirectory() as tmp:
        for archive in ("gazette", "tvpl"):
            with tarfile.open(ROOT / "data" / "corpus" / f"{archive}.tar.xz") as tar:
                tar.extractall(tmp, filter="data")
        for path in sorted(Path(tmp).rglob("*.txt")):
            yield f"{path.parent.name}/{path.name}", read_document(path)
    for path in sorted((ROOT / "data" / "seeds").glob("*.txt")):
        yield f"seeds/{path.name}", read_document(path)


def main() -> None:
    g = load_grammar()
    seen = defaultdict(Counter)  # number -> name -> count
    dates = defaultdict(Counter)  # number -> date
    where = {}  # (number, name) -> (source, example)
    for source, text in texts():
        r = extract_text(text, source=source, bodies=False)
        doc = r.document
        records = [(doc.type, doc.number, doc.title, doc.date, None)]
        for c in r.citations:
            for m in c.mentions:
                if not m.note:
                    records.append((c.type, c.number, c.title, c.date, m.text))
                    break
        for type_, number, title, date, printed in records:
            # a law's number whose year and Assembly term agree (not "67/2014/QH14")
            if type_ not in TYPES or not number or not title or not term_fits(number):
                continue
            name = " ".join(title.split())
            if not name.lower().startswith(("luật", "bộ luật", "pháp lệnh")) or NOT_A_NAME.search(
                    name.split(" ", 1)[1] if " " in name else ""):
                continue
            if len(name.split()) > 30 or not named_with_number(g, name, printed, number):
                continue
            seen[number][name] += 1
            if date and date[:4] == number.split("/")[1]:
                dates[number][date] += 1
            where.setdefault((number, name), (source, printed or f"{name} số {number}"))
    # the hand-kept laws.toml only (g.laws also holds the file this script writes)
    known = {v["number"] for name in ("laws", "laws_reference") for law in g.raw[name].get("law", [])
             for v in law["versions"] if v.get("number")}
    known |= set(g.raw["laws"].get("misread", {}).get("numbers", []))
    # one name, one year, two numbers (or one serial printed with two years): a misprint in
    # one text ("Luật thống kê số 85/2015/QH13" beside 89/2015/QH13) — keep the number read
    # more often, neither when they tie
    best = {}
    for number, names in seen.items():
        name = names.most_common(1)[0][0]
        for clash in (("year", g.law_key(name), number.split("/")[1]), ("serial", g.law_key(name), number.split("/")[0])):
            other = best.get(clash)
            if other is None or sum(seen[number].values()) > sum(seen[other].values()):
                best[clash] = number
            elif sum(seen[number].values()) == sum(seen[other].values()):
                best[clash] = None
    misprints = {n for n in seen if any(best.get((kind, g.law_key(seen[n].most_common(1)[0][0]), part)) != n
                                        for kind, part in (("year", n.split("/")[1]), ("serial", n.split("/")[0])))}
    by_name = defaultdict(list)
    for number, names in seen.items():
        (name, n), *rest = names.most_common()
        if rest and rest[0][1] * 2 > n and g.law_key(rest[0][0]) != g.law_key(name):
            continue  # read with two names: trust neither
        if number in known or number in misprints:
            continue  # laws.toml or laws_reference.toml has it (or says it is misread); or a misprint
        by_name[g.law_key(name)].append((name, number))
    out = ["# Generated by scripts/make_law_gazetteer.py from the bundled texts; do not edit by hand:",
           "# add or correct versions in laws.toml (loaded first, it wins).", ""]
    for key in sorted(by_name):
        entries = sorted(by_name[key], key=lambda e: e[1].split("/")[1])
        name = Counter(n for n, _ in entries).most_common(1)[0][0]
        out.append("[[law]]")
        out.append(f'name = "{name}"')
        out.append("versions = [")
        for _, number in entries:
            year = int(number.split("/")[1])
            date = dates[number].most_common(1)[0][0] if dates[number] else None
            source, example = where[(number, next(n for n, x in entries if x == number))]
            fields = [f"year = {year}", f'number = "{number}"']
            if date:
                fields.append(f'date = "{date}"')
            fields.append(f'source = "{source}"')
            ex = " ".join(example.split()).replace('"', "'")
            if number in ex:
                fields.append(f'example = "{ex}"')
            out.append("  { " + ", ".join(fields) + " },")
        out.append("]")
        out.append("")
    target = ROOT / "data" / "grammar" / "law_versions.toml"
    target.write_text("\n".join(out), encoding="utf-8")
    print(f"{target}: {sum(len(v) for v in by_name.values())} versions of {len(by_name)} laws")


if __name__ == "__main__":
    main()
