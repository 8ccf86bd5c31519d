"""The issuer printed after a citation ("… của Thủ tướng Chính phủ về …") is read whole:
not run on into the words after it, not cut at a line break (issue 16, first-run polish)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_GOLD = ROOT.parent / "shared" / "gold"
sys.path.insert(0, str(SHARED_GOLD))


def _extract(*paths) -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "legalgraph", "extract", *map(str, paths), "--no-bodies",
                          "--no-progress"], capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def _fold(text: str) -> list[str]:
    return text.casefold().replace(",", " ").split()


@pytest.fixture(scope="module")
def provinces() -> set[str]:
    grammar = tomllib.loads((ROOT / "data" / "grammar" / "provinces.toml").read_text(encoding="utf-8"))
    return {w for p in next(v for v in grammar.values() if isinstance(v, list)) for w in _fold(p["name"])}


@pytest.mark.skipif(not (SHARED_GOLD / "seeds.json").exists(), reason="../shared/gold is not checked out")
def test_seed_issuers_are_the_gold_names(seeds_dir, provinces):
    from score import norm_key

    gold = json.loads((SHARED_GOLD / "seeds.json").read_text(encoding="utf-8"))["documents"]
    checked = 0
    for record in _extract(seeds_dir):
        wanted = {norm_key(c["key"]): c.get("issuer") for c in gold[Path(record["source"]).name]["citations"]}
        for c in record["citations"]:
            expected = wanted.get(norm_key(c.get("number") or ""))
            if not expected or not c.get("issuer"):
                continue
            got, want = _fold(c["issuer"]), _fold(expected)
            # the locality may be added from the document or left out; nothing else may differ
            assert set(got) <= set(want) | provinces, (c["number"], c["issuer"], expected)
            if got != want and want[:len(got)] == got:
                assert set(want[len(got):]) <= provinces | {"tỉnh"}, (c["number"], c["issuer"], expected)
            checked += 1
    assert checked >= 20


# words a name never ends with: it went on into the sentence
_RUN_ON = {"và", "hoặc", "của", "trong", "những", "như", "quy", "kể", "từ", "thì", "với", "các", "số", "nay"}
_TYPE_AFTER = re.compile(r"(?:,|\svà|\shoặc)\s+(?:nghị quyết|quyết định|nghị định|thông tư|chỉ thị|chương trình|"
                         r"kế hoạch|kết luận|công văn|thông báo|hướng dẫn)(?!\w)")


# an office whose holder signs for a body: the body's name follows it ("Bộ trưởng Bộ Y tế")
_TITLES = ("bộ trưởng", "chủ tịch", "chủ nhiệm", "thống đốc", "tổng kiểm toán")


def _cut_at_line_break(text: str, after: int, issuer: str, names: set[str]) -> bool:
    """The issuer as printed after ``after`` ends at a line's end, and the words the next
    line begins with complete a body's name with it ("Chính \\nphủ", "Bộ Lao động - Thương
    binh và Xã \\nhội"), or name the body of the office it ends with ("Bộ trưởng \\nBộ Y tế")."""
    pattern = r"\s+".join(map(re.escape, issuer.split())) + r"[ \t]*\n"
    m = re.compile(pattern, re.IGNORECASE).search(text, after, after + 400)
    if not m:
        return False
    following = _fold(text[m.end():m.end() + 120])[:8]
    last = " ".join(_fold(issuer.rsplit(",", 1)[-1]))
    for k in range(1, len(following) + 1):
        more = " ".join(following[:k])
        if f"{last} {more}" in names or (last.endswith(_TITLES) and more in names):
            return True
    return False


def test_corpus_issuers_are_not_cut_or_run_on(tmp_path, seeds_dir):
    import tarfile

    from legalgraph.text.read import read_document

    for corpus in ("gazette", "tvpl"):
        with tarfile.open(ROOT / "data" / "corpus" / f"{corpus}.tar.xz") as tar:
            tar.extractall(tmp_path, filter="data")
    bodies = tomllib.loads((ROOT / "data" / "grammar" / "bodies.toml").read_text(encoding="utf-8"))["body"]
    names = {" ".join(_fold(n)) for b in bodies for n in [b["name"], *b.get("aliases", [])]}
    bad, seen = [], 0
    for record in _extract(tmp_path, seeds_dir):
        text = None
        for c in record["citations"]:
            issuer = c.get("issuer")
            if not issuer or not c.get("mentions"):
                continue
            seen += 1
            text = text if text is not None else read_document(record["source"])
            words = _fold(issuer)
            if (words[-1] in _RUN_ON or _TYPE_AFTER.search(" ".join(words))
                    or any(_cut_at_line_break(text, m["end"], issuer, names) for m in c["mentions"][:1])):
                bad.append((Path(record["source"]).name, c.get("number"), issuer))
    assert seen > 1000 and not bad, bad
