"""The typed rows ``legalgraph.Graph`` answers with.

Each row is a frozen dataclass: attributes for Python code and templates, ``to_dict()``
for JSON and CSV — the object the CLI's ``--format json`` prints, key for key. A field
marked ``optional`` is left out of ``to_dict()`` when it is None, as the JSON has always
left it out (a relation's ``provisions`` where no publisher's note names any).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields


def _optional(default=None):
    return field(default=default, metadata={"optional": True})


def provisions_text(provisions) -> str:
    """Provisions as a reader writes them: "Khoản 1 Điều 5 (bởi Khoản 1 Điều 1, từ
    2025-08-15); Điều 7"."""
    parts = []
    for p in provisions or ():
        extra = [x for x in (f"bởi {p['by']}" if p.get("by") else None,
                             f"từ {p['effective']}" if p.get("effective") else None) if x]
        where = p.get("of") or "toàn văn"
        parts.append(f"{where} ({', '.join(extra)})" if extra else where)
    return "; ".join(dict.fromkeys(parts))


@functools.lru_cache(maxsize=None)
def _layout(cls) -> tuple[tuple[str, str, bool], ...]:
    """(attribute, JSON key, left out when None) of each field: read once per row type, as
    a stale report turns millions of rows into dicts."""
    return tuple((f.name, f.metadata.get("key", f.name), bool(f.metadata.get("optional"))) for f in fields(cls))


class _Row:
    def to_dict(self) -> dict:
        out = {}
        for name, key, optional in _layout(type(self)):
            value = getattr(self, name)
            if optional and value is None:
                continue
            out[key] = _plain(value)
        return out

    @classmethod
    def of(cls, row: dict):
        """The row from the dict a query of ``legalgraph.graph.queries`` builds."""
        names = {key: name for name, key, _ in _layout(cls)}
        return cls(**{names[k]: v for k, v in row.items() if k in names})


def _plain(value):
    if isinstance(value, _Row):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True, kw_only=True)
class Instrument(_Row):
    """An instrument of the graph: in the collection, or a stub only cited."""

    id: str  # its work URI ("/akn/vn/nghi-dinh/2024/56-2024-nd-cp")
    type: str | None
    number: str | None
    date: str | None
    year: int | None
    issuer: str | None
    province: str | None
    title: str | None
    stub: bool = False
    cited_by: int | None = _optional()  # how many documents of the collection cite it

    @property
    def label(self) -> str:
        """How a reader names it: its number, else its title, else its URI."""
        return self.number or self.title or self.id


@dataclass(frozen=True, kw_only=True)
class ChainRow(Instrument):
    """An instrument in an implementation chain, and the link that put it there."""

    depth: int  # steps from the instrument asked about
    relation: str  # IMPLEMENTS or DETAILS
    via: str  # the instrument of the chain it links to
    via_label: str
    evidence: str | None  # the sentence that states the link
    source: str | None  # the file that states it
    file: str | None = None  # for an unnumbered document, its file: all a reader can know it by


@dataclass(frozen=True, kw_only=True)
class ImplementerRow(ChainRow):
    """A provincial or local instrument in the chain, with its province's 2025 successor."""

    successor: str | None = None  # the unit that took its province over in 2025 (itself if kept)


@dataclass(frozen=True, kw_only=True)
class CoverageRow(_Row):
    """A province (before 2025) or a unit (from 2025), and whether it acted."""

    province: str
    period: str  # "before 2025" or "from 2025"
    covered: bool
    instruments: list  # the numbers of what it issued ("338/KH-UBND (Tiền Giang)" for a merged one)


@dataclass(frozen=True, kw_only=True)
class StaleRow(_Row):
    """An instrument that still rests on a text changed since, by an instrument its own
    issuer has not acted on."""

    changed: str
    changed_label: str
    change: str  # AMENDS, REPLACES or REPEALS
    by: str
    by_label: str
    date: str | None  # of the change
    rests: str
    rests_label: str
    rests_relation: str  # IMPLEMENTS, DETAILS or BASED_ON
    rests_issuer: str | None
    rests_province: str | None
    evidence: str | None
    source: str | None
    via: str = "text"  # "text": the document's own words; "note": a publisher's note
    provisions: list | None = _optional()
    where: str = ""  # the provisions changed, as a reader writes them


@dataclass(frozen=True, kw_only=True)
class Edge(_Row):
    """One relation at an instrument, out of it or into it, with its evidence."""

    relation: str
    node: str = field(metadata={"key": "target"})  # the other end
    label: str = field(metadata={"key": "target_label"})
    evidence: str | None
    source: str | None  # the file stating it
    cue: str | None
    role: str | None
    via: str = "text"
    provisions: list | None = _optional()
    start: int | None = _optional()  # where in the source file the evidence is
    end: int | None = _optional()

    @property
    def where(self) -> str:
        """The provisions a publisher's note names, as a reader writes them."""
        return provisions_text(self.provisions)


@dataclass(frozen=True, kw_only=True)
class InEdge(Edge):
    node: str = field(metadata={"key": "source_node"})
    label: str = field(metadata={"key": "source_label"})


@dataclass(frozen=True, kw_only=True)
class Details(_Row):
    """Everything the graph holds about one instrument (``show``)."""

    instrument: Instrument
    data: dict  # every attribute of its node: sources, conflicts, local, party, …
    out: list  # Edge
    into: list  # InEdge
    # relations left out by show(limit=…): {"in": {"CITES": 24705}}, by direction and type
    more: dict = field(default_factory=dict)
    # the sources that are this instrument's own text (data["sources"] has the citing ones too)
    read_from: list = field(default_factory=list)

    def to_dict(self) -> dict:
        out = {"id": self.instrument.id, **self.data, "read_from": self.read_from,
               "out": [e.to_dict() for e in self.out], "in": [e.to_dict() for e in self.into]}
        if self.more:
            out["more"] = self.more
        return out

    def groups(self) -> dict:
        """The relations grouped the way users know them: a dict from each group of
        ``legalgraph.model.RELATION_GROUPS`` (based_on, detailed_by, amended_by, …) to its
        ``Edge``/``InEdge`` rows, groups in that order, empty ones left out."""
        from legalgraph.model import RELATION_GROUPS

        out = {}
        for group, relation, direction in RELATION_GROUPS:
            rows = [e for e in (self.out if direction == "out" else self.into) if e.relation == relation]
            if rows:
                out[group] = rows
        return out

    def left_out(self, group: str) -> int:
        """How many relations of ``group`` ``show(limit=…)`` did not read."""
        from legalgraph.model import RELATION_GROUPS

        for name, relation, direction in RELATION_GROUPS:
            if name == group:
                return self.more.get(direction, {}).get(relation, 0)
        raise KeyError(group)


@dataclass(frozen=True, kw_only=True)
class Stats(_Row):
    documents: int
    stubs: int
    by_type: dict
    by_province: dict
    relations: dict
    most_cited: list  # {"id", "label", "cited_by"}


@dataclass(frozen=True, kw_only=True)
class OutOfTime(_Row):
    """A relation against time: a text that changes, details or implements a newer one."""

    source: str
    source_label: str
    source_date: str | int | None
    relation: str
    target: str
    target_label: str
    target_date: str | int | None
    stated_in: list


@dataclass(frozen=True, kw_only=True)
class Assignee(_Row):
    """A body a task names, and its role in it (lead, support, report_to, …)."""

    id: str
    name: str
    role: str


@dataclass(frozen=True, kw_only=True)
class TaskRow(_Row):
    """A task a document of the collection assigns."""

    id: str
    number: str | None
    text: str | None
    document: Instrument
    source: str  # the file it is read from
    start: int | None
    end: int | None
    bodies: list  # Assignee
    deadline: dict | None  # {"start", "end", "recurring", "text"}; "end" is the last day

    @property
    def lead(self) -> list[str]:
        return [b.name for b in self.bodies if b.role == "lead"]

    @property
    def support(self) -> list[str]:
        return [b.name for b in self.bodies if b.role == "support"]
