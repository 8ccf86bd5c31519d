"""What extraction produces, as plain dataclasses with one JSON shape.

``Extraction.to_dict()`` is the object ``legalgraph extract --format jsonl`` writes and
every later stage (store, graph, exports, tests) reads; the README documents it.
Character spans are offsets into the document text as legalgraph reads it (Unicode NFC;
``legalgraph text FILE`` prints it), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RELATION_TYPES = ("IMPLEMENTS", "AMENDS", "REPLACES", "REPEALS", "DETAILS", "BASED_ON", "CITES")


@dataclass
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Mention(Span):
    """One place where an instrument is cited. ``footnote`` is the marker glued to it."""

    footnote: str | None = None

    def to_dict(self) -> dict:
        d = super().to_dict()
        if self.footnote:
            d["footnote"] = self.footnote
        return d


@dataclass
class Citation:
    id: str
    type: str | None
    number: str | None
    year: int | None
    date: str | None
    issuer: str | None
    title: str | None
    province: str | None
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "number": self.number,
            "year": self.year,
            "date": self.date,
            "issuer": self.issuer,
            "title": self.title,
            "province": self.province,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass
class Relation:
    source: str
    type: str
    target: str
    evidence: Span
    cue: str | None = None

    def to_dict(self) -> dict:
        d = {"source": self.source, "type": self.type, "target": self.target,
             "evidence": self.evidence.to_dict()}
        if self.cue:
            d["cue"] = self.cue
        return d


@dataclass
class Document:
    """The document's own identity. ``number`` is None for an unnumbered draft."""

    id: str
    type: str | None = None
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    province: str | None = None
    signer: str | None = None
    title: str | None = None
    year: int | None = None
    status: str | None = None  # as a catalogue gives it ("Còn hiệu lực")

    def to_dict(self) -> dict:
        d = {
            "id": self.id,
            "type": self.type,
            "number": self.number,
            "date": self.date,
            "year": self.year,
            "issuer": self.issuer,
            "province": self.province,
            "signer": self.signer,
            "title": self.title,
        }
        if self.status:
            d["status"] = self.status
        return d


@dataclass
class Extraction:
    source: str
    document: Document
    citations: list[Citation]
    relations: list[Relation]
    bodies: list[dict] = field(default_factory=list)
    tasks: list = field(default_factory=list)  # extract.tasks.Task
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {
            "source": self.source,
            "document": self.document.to_dict(),
            "citations": [c.to_dict() for c in self.citations],
            "relations": [r.to_dict() for r in self.relations],
            "bodies": list(self.bodies),
            "tasks": [t.to_dict() for t in self.tasks],
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d
