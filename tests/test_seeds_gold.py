"""The five seed plans scored against their hand-checked answers (tests/gold/seeds.json)
with the scoring script the project is judged by (tests/gold/score.py)."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from legalgraph.cli import main

GOLD = Path(__file__).resolve().parent / "gold"


def _score_module():
    spec = importlib.util.spec_from_file_location("gold_score", GOLD / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored(seeds_dir):
    result = CliRunner().invoke(main, ["extract", str(seeds_dir), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    score = _score_module()
    gold = json.loads((GOLD / "seeds.json").read_text(encoding="utf-8"))
    pred = score.load_pred(io.StringIO(result.output))
    totals, lines = score.score(gold, pred, verbose=True)
    return score, totals, lines, pred


def test_every_seed_is_extracted(scored, seeds_dir):
    _, _, _, pred = scored
    assert sorted(pred) == sorted(p.name for p in seeds_dir.glob("*.txt"))


def test_citations_f1(scored):
    score, t, lines, _ = scored
    _, _, f1 = score.prf(t["ctp"], t["cfp"], t["cfn"])
    assert f1 >= 0.97, "\n".join(lines)


def test_relations_f1(scored):
    score, t, lines, _ = scored
    _, _, f1 = score.prf(t["rtp"], t["rfp"], t["rfn"])
    assert f1 >= 0.85, "\n".join(lines)


def test_identity(scored):
    _, t, lines, _ = scored
    assert t["id_ok"] / t["id_n"] >= 0.95, "\n".join(lines)


def test_years_and_dates_of_citations(scored):
    _, t, lines, _ = scored
    assert t["meta_ok"] / t["meta_n"] >= 0.95, "\n".join(lines)


def test_relations_carry_their_evidence(scored, seeds_dir):
    _, _, _, pred = scored
    for name, doc in pred.items():
        text = (seeds_dir / name).read_text(encoding="utf-8")
        ids = {c["id"] for c in doc["citations"]} | {doc["document"]["id"]}
        for rel in doc["relations"]:
            assert rel["source"] in ids and rel["target"] in ids
            ev = rel["evidence"]
            assert text[ev["start"]:ev["end"]] == ev["text"]
        for c in doc["citations"]:
            for m in c["mentions"]:
                assert text[m["start"]:m["end"]] == m["text"]
