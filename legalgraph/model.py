"""What extraction produces, as plain dataclasses with one JSON shape.

``Extraction.to_dict()`` is the object ``legalgraph extract --format jsonl`` writes and
every later stage (store, graph, exports, tests) reads; the README documents it.
Character spans are offsets into the document text as legalgraph reads it (Unicode NFC;
``legalgraph text FILE`` prints it), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The vocabulary of relations between instruments, defined here once: every module that
# names relation types (the extractor, the store and its indexes, the queries, RDF, Neo4j)
# takes them from these.
RELATION_TYPES = ("IMPLEMENTS", "AMENDS", "REPLACES", "REPEALS", "DETAILS", "BASED_ON", "CITES")
# what changes the text it points at: after one of these, texts that rest on the old text
# may be stale
CHANGE_TYPES = ("AMENDS", "REPLACES", "REPEALS")
# what rests on the text it points at (and goes stale when that text is changed)
RESTS_ON = ("IMPLEMENTS", "DETAILS", "BASED_ON")
# what an implementation chain follows down (the store's partial index edges_chain holds these)
CHAIN_TYPES = ("IMPLEMENTS", "DETAILS")
# how the relations at an instrument are named on vbpl.vn's "Lược đồ": (group, relation,
# direction from the instrument) — "out": it does this to the other, "in": the other to it
RELATION_GROUPS = (
    ("based_on", "BASED_ON", "out"), ("basis_for", "BASED_ON", "in"),
    ("details", "DETAILS", "out"), ("detailed_by", "DETAILS", "in"),
    ("amends", "AMENDS", "out"), ("amended_by", "AMENDS", "in"),
    ("replaces", "REPLACES", "out"), ("replaced_by", "REPLACES", "in"),
    ("repeals", "REPEALS", "out"), ("repealed_by", "REPEALS", "in"),
    ("implements", "IMPLEMENTS", "out"), ("implemented_by", "IMPLEMENTS", "in"),
    ("cites", "CITES", "out"), ("cited_by", "CITES", "in"),
)
# relations that go from the newer text to the older: what changes, details or implements a
# text comes after it (or on the same day); the extractor never emits one against time and
# `legalgraph check` reports any a store holds
FORWARD_IN_TIME = ("AMENDS", "REPLACES", "REPEALS", "DETAILS", "IMPLEMENTS")


@dataclass
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Mention(Span):
    """One place where an instrument is cited. ``footnote`` is the marker glued to it;
    ``note``: the place is in a publisher's note, not in the document's own words."""

    footnote: str | None = None
    note: bool = False

    def to_dict(self) -> dict:
        d = super().to_dict()
        if self.footnote:
            d["footnote"] = self.footnote
        if self.note:
            d["note"] = True
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
    names: list[str] = field(default_factory=list)  # name ids the text ties to this number

    def to_dict(self) -> dict:
        d = {
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
        if self.names:
            d["names"] = list(self.names)
        return d


@dataclass
class Provision:
    """Where a relation stated by a publisher's note acts: the part of the target it
    concerns (``of``: "Khoản 1 Điều 5"; None: the whole text), the part of the source that
    does it (``by``: "Khoản 1 Điều 1"), the date it takes effect, the date the source
    itself lapsed (TVPL's "VB hết hiệu lực"), the note's verb, and where the note says so."""

    of: str | None
    by: str | None
    effective: str | None
    lapsed: str | None
    cue: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"of": self.of, "by": self.by, "effective": self.effective, "lapsed": self.lapsed,
                "cue": self.cue, "start": self.start, "end": self.end}


@dataclass
class Relation:
    """``via`` says who states it: None for the document's own words, "note" for a
    publisher's note (whose ``provisions`` say where and when)."""

    source: str
    type: str
    target: str
    evidence: Span
    cue: str | None = None
    via: str | None = None
    provisions: list[Provision] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {"source": self.source, "type": self.type, "target": self.target,
             "evidence": self.evidence.to_dict()}
        if self.cue:
            d["cue"] = self.cue
        if self.via:
            d["via"] = self.via
        if self.provisions:
            d["provisions"] = [p.to_dict() for p in self.provisions]
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
    names: list[str] = field(default_factory=list)  # work URIs of the names it is also cited by

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
        if self.names:
            d["names"] = list(self.names)
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
    notes: list[tuple[int, int]] = field(default_factory=list)  # the publisher's notes' spans, brackets included
    input: dict | None = None  # how a file's text was got (format, encoding, notes); None for text given as text

    def to_dict(self) -> dict:
        d = {
            "source": self.source,
            "document": self.document.to_dict(),
            "citations": [c.to_dict() for c in self.citations],
            "relations": [r.to_dict() for r in self.relations],
            "bodies": list(self.bodies),
            "tasks": [t.to_dict() for t in self.tasks],
        }
        if self.notes:
            d["notes"] = [[a, b] for a, b in self.notes]
        if self.warnings:
            d["warnings"] = list(self.warnings)
        if self.input is not None:
            d["input"] = dict(self.input)
        return d


# ---- records read back from JSON (`build` reads `extract` output written by anyone)

_SCALAR = (str, int, float, type(None))


def _problem_in(items, where: str, required: dict, optional: dict = {}) -> str | None:  # noqa: B006 - read only
    if not isinstance(items, list):
        return f"'{where}' is not a list"
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            return f"{where}[{n}] is not an object"
        for key, kinds in required.items():
            if not isinstance(item.get(key), kinds):
                return f"{where}[{n}].{key} is missing or not {_kind_name(kinds)}"
        for key, kinds in optional.items():
            if key in item and not isinstance(item[key], kinds):
                return f"{where}[{n}].{key} is not {_kind_name(kinds)}"
    return None


def _kind_name(kinds) -> str:
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    names = {str: "a string", int: "a number", float: "a number", dict: "an object", list: "a list",
             type(None): "null"}
    words = list(dict.fromkeys(names[k] for k in kinds))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


_SPAN = {"start": int, "end": int, "text": str}


def record_problem(record) -> str | None:
    """What makes a JSON object unusable as an extraction record, in a few words, or None.

    Checks the shape the store relies on, so a hand-edited or damaged line of `extract`
    output is refused with a message instead of failing half-way into the store."""
    if not isinstance(record, dict):
        return "not a JSON object"
    if not isinstance(record.get("source"), str) or not isinstance(record.get("document"), dict):
        return "not a legalgraph extraction record (no 'source' and 'document')"
    doc = record["document"]
    if not isinstance(doc.get("id"), str) or not doc["id"]:
        return "document.id is missing or not a string"
    for key in ("type", "number", "date", "issuer", "title", "province", "signer", "year"):
        if not isinstance(doc.get(key), _SCALAR):
            return f"document.{key} is not a string, number or null"
    if isinstance(doc.get("number"), (int, float)):
        return "document.number is not a string"
    if not isinstance(doc.get("names", []), list) or not all(isinstance(n, str) for n in doc.get("names", [])):
        return "document.names is not a list of strings"
    scalars = {k: _SCALAR for k in ("type", "year", "date", "issuer", "title", "province")}
    problem = (
        _problem_in(record.get("citations", []), "citations", {"id": str, "mentions": list},
                    {**scalars, "number": (str, type(None)), "names": list})
        or _problem_in(record.get("relations", []), "relations",
                       {"source": str, "type": str, "target": str, "evidence": dict},
                       {"cue": (str, type(None)), "via": (str, type(None)), "provisions": list})
        or _problem_in(record.get("bodies", []), "bodies", {"id": str, "name": str, "role": str},
                       {"roles": list, "mentions": list, "kind": _SCALAR, "province": _SCALAR,
                        "successor": _SCALAR})
        or _problem_in(record.get("tasks", []), "tasks", {"id": str, "start": int, "end": int, "text": str},
                       {"number": _SCALAR, "bodies": list, "deadline": (dict, type(None))})
    )
    if problem:
        return problem
    notes = record.get("notes", [])
    if not isinstance(notes, list) or not all(
            isinstance(n, list) and len(n) == 2 and all(type(x) is int for x in n) for n in notes):
        return "'notes' is not a list of [start, end] pairs"
    # a citation's mentions are kept only as "start-end" text, so their shape is the
    # store's concern (Store.ingest refuses a record it cannot take, whole); what is
    # checked here is every value that is stored as a column and compared later
    for n, c in enumerate(record.get("citations", [])):
        if not all(isinstance(x, str) for x in c.get("names", [])):
            return f"citations[{n}].names holds something other than strings"
    for n, r in enumerate(record.get("relations", [])):
        problem = _problem_in([r["evidence"]], f"relations[{n}].evidence", _SPAN) or _problem_in(
            r.get("provisions", []), f"relations[{n}].provisions", {},
            {k: (str, type(None)) for k in ("of", "by", "effective", "lapsed", "cue")} | {"start": int, "end": int})
        if problem:
            return problem
    for n, b in enumerate(record.get("bodies", [])):
        problem = _problem_in(b.get("mentions", [])[:1], f"bodies[{n}].mentions", _SPAN)
        if problem is None and not all(isinstance(r, str) for r in b.get("roles", [])):
            problem = f"bodies[{n}].roles holds something other than strings"
        if problem:
            return problem
    for n, t in enumerate(record.get("tasks", [])):
        problem = _problem_in(t.get("bodies", []), f"tasks[{n}].bodies", {"id": str, "role": str})
        if problem is None and t.get("deadline"):
            d = t["deadline"]
            if not all(isinstance(d.get(k), _SCALAR) for k in ("start", "end", "recurring", "text")):
                problem = f"tasks[{n}].deadline holds something other than strings"
        if problem:
            return problem
    return None
