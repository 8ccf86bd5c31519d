"""The hand-read gold (tests/gold/handread/*.json, read as tests/gold/handread/GUIDE.md says)
as one gold file for tests/gold/score.py, and an extraction reduced to what that gold
records: the document's own text. A publisher's note (thuvienphapluat.vn's bracketed
notes) is not the document's text; its relations and the citations only it names are
scored by tests/gold/score_lineage.py instead.

    python tests/handread.py PRED.jsonl [--verbose] [--batch N]   # score an `extract --format jsonl`
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

GOLD = Path(__file__).parent / "gold"
HANDREAD = GOLD / "handread"


def load_gold(batch: int | None = None) -> dict:
    """Every hand-read document, or those of one batch: batch 1 was read first and the
    extractor's errors on it were looked at and fixed (general rules only); batch 2 was
    read afterwards and scored once the rules stood, as texts the rules had not seen."""
    documents = {}
    for path in sorted(HANDREAD.glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if batch is None or entry.get("batch", 1) == batch:
            documents[entry["file"]] = entry
    return {"about": "hand-read documents, see tests/gold/handread/GUIDE.md", "documents": documents}


def own_text(record: dict) -> dict:
    """The record without what only a publisher's note states."""
    rec = dict(record)
    cits = [c for c in record.get("citations") or []
            if any(not m.get("note") for m in c.get("mentions") or [{}])]
    rec["citations"] = cits
    rec["relations"] = [r for r in record.get("relations") or [] if r.get("via") != "note"]
    return rec


def read_predictions(path) -> dict:
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = own_text(json.loads(line))
                out[os.path.basename(rec.get("source") or "")] = rec
    return out


def score(pred_path, verbose=False, batch=None):
    sys.path.insert(0, str(GOLD))
    import score as scorer  # tests/gold/score.py

    tot, lines = scorer.score(load_gold(batch), read_predictions(pred_path), verbose)
    figures = {
        "citations": scorer.prf(tot["ctp"], tot["cfp"], tot["cfn"]),
        "relations": scorer.prf(tot["rtp"], tot["rfp"], tot["rfn"]),
        "identity": tot["id_ok"] / tot["id_n"] if tot["id_n"] else 1.0,
        "year_date": tot["meta_ok"] / tot["meta_n"] if tot["meta_n"] else 1.0,
    }
    return figures, lines


def summary(figures) -> str:
    cp, cr, cf = figures["citations"]
    rp, rr, rf = figures["relations"]
    return (f"citations P={cp:.2f} R={cr:.2f} F1={cf:.2f} | relations P={rp:.2f} R={rr:.2f} F1={rf:.2f} | "
            f"identity {figures['identity']:.2f} | year/date {figures['year_date']:.2f}")


if __name__ == "__main__":
    batch = int(sys.argv[sys.argv.index("--batch") + 1]) if "--batch" in sys.argv else None
    figs, out = score(sys.argv[1], "--verbose" in sys.argv, batch)
    print("\n".join(out))
    print(summary(figs))
