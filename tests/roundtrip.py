"""What must come out the same when one document is read from different files.

The DOCX, PDF and HTML renderings of a seed, and its TCVN3 and VNI-Windows encodings, are
extracted and compared with the extraction of the seed's own text. Spans differ between
renderings (the texts differ in white space), so the comparison is on the facts: the
document's identity, what it cites, how, and who is named; and every span must point at
its own text in the text that was read.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


@functools.lru_cache(maxsize=None)
def extractor():
    from legalgraph.extract.pipeline import extractor as make

    return make()


def extract_text(text: str, source: str = "doc") -> dict:
    return extractor().extract(text, source=source).to_dict()


@functools.lru_cache(maxsize=None)
def seed_record(name: str) -> dict:
    from legalgraph.text.read import read_document

    return extract_text(read_document(SEEDS / name), source=name)


def squash(s):
    return re.sub(r"\s+", " ", s).strip() if isinstance(s, str) else s


def facts(record: dict) -> dict:
    doc = record["document"]
    return {
        "document": {k: doc.get(k) for k in ("id", "type", "number", "date", "year", "issuer", "province", "signer")},
        "title": squash(doc.get("title")),
        "citations": sorted({(c["id"], c["type"], c["number"], c["year"], c["date"]) for c in record["citations"]},
                            key=repr),
        "relations": sorted({(r["source"], r["type"], r["target"]) for r in record["relations"]}),
        "bodies": sorted({(b["id"], b["role"]) for b in record.get("bodies", [])}),
        "tasks": len(record.get("tasks", [])),
    }


def assert_spans_point_into(record: dict, text: str):
    """Every mention and evidence span is a slice of the text that was read."""
    for c in record["citations"]:
        for m in c["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"], (c["id"], m)
    for r in record["relations"]:
        ev = r["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"], r


def assert_same_facts(got: dict, want: dict, label: str = ""):
    g, w = facts(got), facts(want)
    for key in w:
        assert g[key] == w[key], f"{label}: {key} differs:\n got  {g[key]}\n want {w[key]}"
