"""``legalgraph.Graph``: a graph store opened for the questions legal staff ask.

    >>> import legalgraph
    >>> with legalgraph.Graph.open("seeds.db") as graph:          # doctest: +SKIP
    ...     for row in graph.implementers("nd 56/2024"):
    ...         print(row.province, row.number, row.via_label)

Every method names instruments the way people write them ("56/2024/NĐ-CP", "nd 56/2024",
"Quyết định 916/QĐ-TTg ngày 27/8/2024", "Luật Đất đai 2024", a work URI) and answers with
the typed rows of ``legalgraph.graph.rows``. What goes wrong is one of three exceptions,
each one line for a reader: ``StoreError`` (the store: missing, damaged, locked, not a
legalgraph store), ``NotFound`` (no instrument, or no body, by that name) and ``Ambiguous``
(several: ``.choices`` lists them).

Each question reads only the part of the store it needs (a chain walks the chain's edges,
``stale`` the changed texts and what rests on them); ``networkx()`` reads it all.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass

from legalgraph.graph import queries as q
from legalgraph.graph.rows import (Assignee, ChainRow, CoverageRow, Details, Edge, ImplementerRow, InEdge, Instrument,
                                   OutOfTime, StaleRow, Stats, TaskRow)
from legalgraph.graph.store import Store, StoreError
from legalgraph.model import RELATION_GROUPS

NotFound = q.NotFound
PERIODS = ("before 2025", "from 2025")


class Ambiguous(q.Ambiguous):
    """A name that several instruments answer to; ``choices``: them, most cited first."""

    def __init__(self, name, choices):
        self.choices = choices
        super().__init__(name, [c.id for c in choices])
        lines = [f"'{name}' names {len(choices)} instruments; say which:"]
        lines += [f"  {c.label}  {c.type or ''}  {c.date or ''}  {c.id}" for c in choices[:20]]
        self.args = ("\n".join(lines),)


def _answers(method):
    """A store failure met while answering (damaged, full disk) as a ``StoreError``
    naming the store; a generator's rows are guarded as they come."""
    import inspect

    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def rows(self, *args, **kwargs):
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as e:
                raise StoreError.from_sqlite(self.path, e) from None
        return rows

    @functools.wraps(method)
    def answer(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as e:
            raise StoreError.from_sqlite(self.path, e) from None
    return answer


class Answer(list):
    """Rows, and the instrument they answer about (``root``)."""

    def __init__(self, rows=(), root: Instrument | None = None):
        super().__init__(rows)
        self.root = root


class Coverage(Answer):
    """Coverage rows, and counts of who acted (before ``--missing-only`` takes rows out)."""

    def acted(self, period: str | None = None) -> tuple[int, int]:
        """(provinces or units that acted, of how many) in ``period`` (None: all rows)."""
        rows = [r for r in self if period is None or r.period == period]
        return sum(1 for r in rows if r.covered), len(rows)


@dataclass(frozen=True)
class View:
    """A part of the graph to draw (``legalgraph.graph.view.render``): its MultiDiGraph,
    heading, a notice when it is empty, and how to lay it out."""

    graph: object  # networkx.MultiDiGraph
    heading: str
    notice: str | None = None
    hierarchical: bool = False
    levels: dict | None = None
    focus: tuple = ()

    @property
    def instruments(self) -> int:
        return sum(1 for _, d in self.graph.nodes(data=True) if d.get("kind") == "instrument")

    def html(self, subtitle: str | None = None, words=None) -> str:
        """The page, self-contained (works offline). ``ViewTooLarge`` when the part has
        more nodes than a page can show. ``words``: a translation (English phrase -> the
        reader's words) of what the view writes itself: its legend, relation names and hover
        texts (``legalgraph.graph.view.VIEW_WORDS``); without it, English."""
        from legalgraph.graph import view as v

        return v.render(self.graph, self.heading, subtitle=subtitle, notice=self.notice,
                        hierarchical=self.hierarchical, focus=self.focus, levels=self.levels, words=words)


class Graph:
    """A legalgraph store (SQLite), opened with ``Graph.open``; use it as a context manager
    so that the store is closed when done (SQLite removes its log files at the last close)."""

    def __init__(self, store: Store):
        self._store = store
        self._loader = None
        self._sparql = None  # the Oxigraph store of ``sparql``, once built

    @classmethod
    def open(cls, path, *, write: bool = False, wait: float = 600.0) -> Graph:
        """Open the store at ``path``. ``write=True`` (to ``add`` documents) creates it if
        need be and waits up to ``wait`` seconds for another writer; without it the store
        must exist and is only read (read-only files and folders included)."""
        path = os.fspath(path)
        if not write and not os.path.exists(path):
            raise StoreError(f"{path}: no graph store here; run `legalgraph build PATH... --store {path}` first")
        return cls(Store(path, write=write, wait=wait))

    @property
    def path(self) -> str:
        return str(self._store.path)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def _parts(self):
        """Reads the parts of the graph a question needs (``build.GraphLoader``)."""
        if self._loader is None:
            from legalgraph.graph.build import GraphLoader

            self._loader = GraphLoader(self._store)
        return self._loader

    # -- naming an instrument ---------------------------------------------------------

    def _node(self, name: str) -> tuple[object, str]:
        """(the candidates' graph, the node ``name`` means)."""
        if not name or not name.strip():
            raise NotFound("the instrument name is empty: give its number (56/2024/NĐ-CP), its name "
                           "(\"Luật Đất đai 2024\") or its work URI")
        g = self._parts.candidates(name)
        try:
            return g, q.resolve_one(g, name)
        except q.Ambiguous as e:
            raise Ambiguous(name, [_instrument(g, c) for c in e.candidates]) from None

    @_answers
    def find(self, name: str) -> Instrument:
        """The instrument ``name`` means."""
        g, node = self._node(name)
        return _instrument(g, node)

    # -- chains -----------------------------------------------------------------------

    @_answers
    def chain(self, name: str, *, up: bool = False, evidence: bool = True) -> Answer:
        """Every instrument implementing or detailing ``name``, transitively, by province
        (``up``: what it implements or details, and so on upwards), breadth first.
        ``evidence=False`` leaves the sentences out (a long chain reads faster)."""
        _, node = self._node(name)
        g = self._parts.walk(node, q.DOWN_TYPES, "out" if up else "in", evidence=evidence)
        rows = q.chain(g, node, up=up)
        q.add_files(self._parts, rows)
        if not up:
            rows.sort(key=lambda r: (r["province"] or "", r["depth"], r["date"] or ""))
        return Answer((ChainRow.of(r) for r in rows), _instrument(g, node))

    @_answers
    def implementers(self, name: str, *, province: str | None = None, evidence: bool = True) -> Answer:
        """The provincial and local instruments in the chain below ``name``, by province;
        ``province`` as the documents name it or as the unit that succeeded it in 2025."""
        _, node = self._node(name)
        g = self._parts.walk(node, q.DOWN_TYPES, "in", evidence=evidence)
        rows = q.implementers(g, node, province)
        q.add_files(self._parts, rows)
        return Answer((ImplementerRow.of(r) for r in rows), _instrument(g, node))

    @_answers
    def coverage(self, name: str, *, period: str | None = None) -> Coverage:
        """Every province before the 2025 reorganisation and every unit after it (or those
        of ``period``: "before 2025", "from 2025"), and whether it has acted on ``name``."""
        if period is not None and period not in PERIODS:
            raise ValueError(f"period is one of {', '.join(PERIODS)}, not {period!r}")
        _, node = self._node(name)
        g = self._parts.walk(node, q.DOWN_TYPES, "in", evidence=False)  # coverage rows name instruments only
        rows = [r for r in q.coverage(g, node) if period in (None, r["period"])]
        return Coverage((CoverageRow.of(r) for r in rows), _instrument(g, node))

    # -- amendments not acted on ------------------------------------------------------

    @_answers
    def stale(self, name: str | None = None, *, province: str | None = None):
        """Instruments still resting on a text amended, replaced or repealed since, by
        an instrument their own issuer has not acted on: ``StaleRow``s, streamed (a national
        report has millions). ``name``: only the changes of that instrument; ``province``:
        only instruments of that province."""
        changed = node = None
        if name is not None:
            if not name.strip():
                # "" is a slip (an unset shell variable), not a request for the whole report
                raise NotFound("the instrument name is empty: name one (stale 34/2016/NĐ-CP), or leave it out "
                               "for every change")
            _, node = self._node(name)
            changed = self._parts.changes_of(node)
        return self._stale_rows(self._parts.stale_walk(changed), node, province)

    @_answers
    def _stale_rows(self, walk, node, province):
        for row in q.iter_stale(walk, changed=node, province=province):
            yield StaleRow.of(row)

    # -- one instrument, and finding them ---------------------------------------------

    @_answers
    def show(self, name: str, *, limit: int | None = None, offset: int = 0) -> Details:
        """Everything known about one instrument: its data and its relations both ways,
        each with its evidence. ``limit``: at most that many relations of each type into
        it (a law tens of thousands of texts cite), the number left out of each in
        ``Details.more``; ``offset``: the page after the first ``offset`` of each type, in
        the order of the citing instruments' ids (with ``limit``)."""
        _, node = self._node(name)
        more = {}
        if offset and limit is None:
            raise ValueError("show(offset=…) reads a page: give its limit too")
        if limit is None:
            g = self._parts.around(node, None, both=True, depth=1)
        else:
            g, left = self._parts.around_bounded(node, limit, offset)
            more = {"in": left} if left else {}
        info = q.show(g, node)
        spans = {(e[0], e[1], e[2]): (e[3].get("start"), e[3].get("end"))
                 for e in g.edges(keys=True, data=True) if node in e[:2]}
        data = {k: v for k, v in info.items() if k not in ("id", "out", "in")}
        return Details(
            instrument=_instrument(g, node), data=data,
            out=[Edge.of(e | _span(spans.get((node, e["target"], e["relation"])))) for e in info["out"]],
            into=[InEdge.of(e | _span(spans.get((e["source_node"], node, e["relation"])))) for e in info["in"]],
            more=more, read_from=self._parts.own_sources(node))

    @_answers
    def search(self, text: str, *, limit: int = 50) -> list[Instrument]:
        """Instruments whose number, type or title hold every word of ``text``, with or
        without diacritics ("nghi dinh 56"), most cited first."""
        return [Instrument.of(r) for r in q.search_store(self._parts, text, limit)]

    @_answers
    def missing(self) -> list[Instrument]:
        """Instruments cited but not in the collection, most cited first: what to collect."""
        return [Instrument.of(r) for r in q.missing_from_store(self._parts)]

    @_answers
    def most_cited(self, top: int = 10) -> list[Instrument]:
        """The ``top`` instruments the most documents of the collection cite, with
        ``cited_by``: what ``stats`` lists, without counting every relation."""
        return [Instrument.of(r) for r in q.most_cited_from_store(self._parts, top)]

    @_answers
    def stats(self, *, top: int = 10) -> Stats:
        """Counts by type, province and relation; the ``top`` most cited instruments."""
        return Stats(**q.stats_from_store(self._parts, top))

    @_answers
    def check(self) -> list[OutOfTime]:
        """Relations against time (a text that changes, details or implements a newer one)."""
        return [OutOfTime.of(r) for r in q.out_of_time(self._store.db)]

    @_answers
    def tasks(self, *, body: str | None = None, role: str = "any", due_before=None, overdue: bool = False,
              today=None, document: str | None = None) -> list[TaskRow]:
        """The tasks the collection's documents assign, in document order. ``body``: only
        those given to it ("Sở Tư pháp": any province's; with ``role``: lead, support,
        report_to or any); ``due_before``, ``overdue`` (against ``today``, a date): by
        deadline; ``document``: only the tasks of that instrument."""
        from legalgraph.graph.tasks import stored_tasks

        doc = self._node(document)[1] if document is not None else None
        return list(stored_tasks(self._store.db, self._parts, body=body, role=role, due_before=due_before,
                                 overdue=overdue, today=today, document=doc))

    # -- the whole graph, and views -----------------------------------------------------

    @_answers
    def networkx(self):
        """The whole store as one networkx MultiDiGraph (what ``legalgraph.export`` writes)."""
        return self._parts.everything()

    def sparql(self, query: str, bindings: dict | None = None) -> list[dict]:
        """Run a SPARQL SELECT — a name of ``queries/*.rq`` ("chain_down") or its text — on
        the graph as RDF (ELI and vn:), in an in-memory Oxigraph store built on first use.
        ``bindings`` maps variables to work URIs, IRIs, strings or numbers; rows come back
        as dicts, the graph's IRIs as work URIs."""
        from legalgraph.graph.rdf import oxigraph_store, run_query

        if self._sparql is None:
            self._sparql = oxigraph_store(self.networkx())
        return run_query(self._sparql, query, bindings)

    @_answers
    def view(self, name: str | None = None, *, direction: str | None = None, depth: int | None = None,
             province: str | None = None, body: str | None = None, stale: bool = False,
             whole: bool = False) -> View:
        """A part of the graph to draw: an instrument's neighbourhood (``depth`` steps) or
        its implementation chain (``direction``: up, down, both), the tasks of a ``body``,
        the amendments not acted on (``stale``), or the ``whole`` graph."""
        from legalgraph.graph import parts

        return View(**parts.part(self._parts, self._node, name=name, direction=direction, depth=depth,
                                 province=province, body=body, stale=stale, whole=whole))

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def transaction(self):
        """One transaction for the ``add`` calls inside it: all of them, or (when the block
        fails or the run is stopped) none — the store keeps the graph it had."""
        with self._store.transaction():
            yield self
        self._loader = self._sparql = None  # what it had read of the store is out of date

    def add(self, record, *, kind: str = "document", raw: bytes | None = None) -> str:
        """Add one extracted document (an ``Extraction``, or the dict ``extract`` writes)
        or catalogue row (``kind="catalogue"``); "added", "replaced" (its source changed)
        or "unchanged". ``RecordError`` for a record that is not one."""
        if hasattr(record, "to_dict"):
            record = record.to_dict()
        return self._store.ingest(record, kind=kind, raw=raw)

    def summary(self) -> dict:
        """{"documents", "instruments", "stubs"}: what the store holds."""
        return self._store.summary()

    # -- for the web application --------------------------------------------------------

    RELATION_GROUPS = RELATION_GROUPS  # (group, relation, direction): legalgraph.model

    def relations(self, name: str, *, limit: int | None = None, offset: int = 0) -> dict:
        """The relations at the instrument ``name``, grouped the way users know them
        (``Details.groups``: based_on, detailed_by, amended_by, replaced_by, repealed_by,
        implemented_by, …); ``limit``: at most that many of each type into it, after the
        first ``offset`` (``show``)."""
        return self.show(name, limit=limit, offset=offset).groups()

    @_answers
    def sources(self) -> list[str]:
        """The sources (files, uploads) the store's documents were read from, sorted."""
        return self._store.sources()

    def keep_text(self, source: str, text: str) -> None:
        """Keep the text ``source`` was extracted from in the store (inside ``transaction``,
        with the ``add`` of its record), for ``document``; a later text replaces it, and
        the text goes with its source when the source is replaced or removed."""
        self._store.db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?)", (source, text))

    @_answers
    def document(self, source: str) -> dict | None:
        """A document of the collection for reading: {"source", "text", "instruments": the
        instruments it names, "citations": [(start, end, instrument id)], "relations":
        [(start, end, relation, other instrument id, via)] (the evidence of the relations it
        states, mentions only left out), "notes": [(start, end)] (the publisher's notes
        extraction read apart, brackets included; None from a store built before legalgraph
        kept them), "own": the id of the document itself}. The text is the one ``keep_text``
        kept, else read again from the source file as ``legalgraph.read`` reads it (only for
        a source of the store; None when it is not one, or its text is gone)."""
        from legalgraph.model import RELATION_TYPES

        db = self._store.db
        if db.execute("SELECT 1 FROM sources WHERE source = ?", (source,)).fetchone() is None:
            return None
        text = None
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'texts'").fetchone():
            row = db.execute("SELECT text FROM texts WHERE source = ?", (source,)).fetchone()
            text = row[0] if row else None
        if text is None:
            from legalgraph import ReadError, read

            try:
                text = read(source).text
            except (ReadError, OSError):
                return None
        citations, own = [], None
        for iid, spans, is_own in db.execute("SELECT id, spans, own FROM instruments WHERE source = ?", (source,)):
            if is_own:
                own = iid
            for span in (spans or "").split():
                start, _, end = span.partition("-")
                if start.isdigit() and end.isdigit():
                    citations.append((int(start), int(end), iid))
        relations = []
        for src, kind, dst, start, end, detail in db.execute(
                'SELECT src, type, dst, start, "end", detail FROM edges WHERE source = ? AND start IS NOT NULL',
                (source,)):
            if kind not in RELATION_TYPES or kind == "CITES":  # a citation is marked as one already
                continue
            via = "note" if detail and '"note"' in detail else "text"
            relations.append((start, end, kind, dst if src == own else src, via))
        # by the source's rowid range (sources.rows), as Store.remove deletes them: no index by source
        ranges = json.loads(db.execute("SELECT rows FROM sources WHERE source = ?", (source,)).fetchone()[0] or "{}")
        has_notes = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'notes'").fetchone()
        notes = [] if has_notes else None
        if "notes" in ranges:
            notes = sorted(db.execute('SELECT start, "end" FROM notes WHERE rowid BETWEEN ? AND ? AND source = ?',
                                      (*ranges["notes"], source)))
        return {"source": source, "text": text, "own": own, "citations": sorted(set(citations)),
                "relations": sorted(relations), "notes": notes}

    @_answers
    def changed(self, ids) -> dict:
        """For work URIs ``ids`` (a page of search results): {id: the strongest change the
        collection states of it, "REPEALS" over "REPLACES" over "AMENDS"}; ids no
        instrument changes are left out."""
        from legalgraph.graph.store import type_condition
        from legalgraph.model import CHANGE_TYPES, RELATION_TYPES

        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        db = self._store.db
        marks = ",".join("?" * len(ids))
        canonical = {i: i for i in ids}
        canonical.update(db.execute(f"SELECT id, canonical FROM aliases WHERE canonical IN ({marks})", ids))
        names = list(canonical)
        rank = {"REPEALS": 3, "REPLACES": 2, "AMENDS": 1}
        out: dict[str, str] = {}
        for start in range(0, len(names), 900):
            chunk = names[start:start + 900]
            # the relation types written out, so that SQLite reads the covering index
            # edges_relations (target, type, …): a law cited 25,000 times has as many edges
            for dst, kind in db.execute(
                    f"SELECT DISTINCT dst, type FROM edges WHERE dst IN ({','.join('?' * len(chunk))}) "
                    f"AND {type_condition(RELATION_TYPES)} AND type IN ({','.join('?' * len(CHANGE_TYPES))})",
                    [*chunk, *CHANGE_TYPES]):
                node = canonical[dst]
                if rank.get(kind, 0) > rank.get(out.get(node), 0):
                    out[node] = kind
        return out

    def document_tasks(self, name: str) -> list[TaskRow]:
        """The tasks the instrument ``name`` gives, in document order: ``tasks(document=name)``
        (read from its own sources' rows only)."""
        return self.tasks(document=name)


def _instrument(g, node) -> Instrument:
    return Instrument.of(q.describe(g, node) | {"cited_by": g.nodes[node].get("cited_by")})


def _span(span) -> dict:
    return {"start": span[0], "end": span[1]} if span else {}


__all__ = ["Graph", "Answer", "Coverage", "View", "StoreError", "NotFound", "Ambiguous", "Assignee", "TaskRow"]
