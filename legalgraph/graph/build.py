"""From the store to networkx MultiDiGraphs: one node per instrument across all sources.

* A document's own identity and the citations of it elsewhere are one node (they share a
  work URI); an instrument cited but not in the collection is a *stub* (``stub=True``).
  The store keeps each instrument's merged attributes (its ``nodes`` table) and which partly
  known ids merge into which (its ``aliases`` table), both computed when it is built: see
  ``legalgraph.graph.merge``.
* Bodies, persons, tasks and provinces are nodes too; provinces merged in 2025 point to
  their successor (SUCCEEDED_BY), so a query on today's province finds its predecessors.

Edge keys are the relation types (IMPLEMENTS, AMENDS, …, ISSUED_BY, SIGNED_BY, NAMES,
HAS_TASK, ASSIGNED_TO, IN_PROVINCE, SUCCEEDED_BY); each edge keeps its source, span,
evidence sentence and cue.

``build_graph`` loads everything (export, statistics). ``GraphLoader.around`` loads only
the neighbourhood a query walks, so a chain in a national-size store reads a few hundred
rows, not millions.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from legalgraph.grammar import load_grammar
from legalgraph.graph.merge import NODE_READ_COLUMNS, node_attrs
from legalgraph.graph.store import chunks, type_condition
from legalgraph.ids import UNKNOWN
from legalgraph.model import CHAIN_TYPES, CHANGE_TYPES, RELATION_TYPES, RESTS_ON

NODE_SELECT = ", ".join(NODE_READ_COLUMNS)
RELATIONS = RELATION_TYPES


# a law by name, with its year or not: "Luật Đất đai 2024", "Luật Đất đai năm 2024", "Bộ luật Dân sự"
_LAW_NAME = re.compile(r"(?i)\s*(?P<head>bộ\s+luật|luật|pháp\s+lệnh|hiến\s+pháp)\s+(?P<name>\D+?)"
                       r"(?:\s+(?:năm\s+)?(?P<year>(?:19|20)\d\d))?\s*")


def edge_detail(detail: str | None) -> dict:
    """An edge's stored detail as attributes: ``via`` ("note": a publisher's note states
    it) and ``provisions`` (where and when, a list of dicts), each only when known."""
    if not detail:
        return {}
    d = json.loads(detail)
    return {k: d[k] for k in ("via", "provisions") if d.get(k)}


def province_node(name: str) -> str:
    from legalgraph.ids import slugify

    return f"/province/{slugify(name)}"


def edge_columns(full: bool = True) -> str:
    """The columns of an edge row as GraphLoader reads them (``full``: with cue, role and
    detail); rowid last: which statement of a relation is kept (GraphLoader._edge_data)."""
    return 'src, type, dst, source, start, "end", sentence' + (", cue, role, detail" if full else "") + ", rowid"


def edge_query(n: int, types=None, direction: str = "in", full: bool = True) -> tuple[str, list]:
    """The SELECT of GraphLoader._edges for ``n`` node ids, and the parameters after the ids.

    Edges into nodes of relation types are read from the partial covering indexes
    (legalgraph.graph.store): the chain types from edges_chain, any others from
    edges_relations. SQLite uses a partial index only for a query that states its condition
    literally, so that condition is written into the query, and the types asked for, when
    they are not all of it, are bound after it. Change types written out alone would lead
    SQLite to the partial index edges_change (by type alone) and a scan of every change.

    One row per (source, target, type): the statement stored last, the one _edge_data
    keeps (SQLite gives a bare column the values of the row that max() picks). Many
    documents restate one relation — a code detailed by 450 decrees, each restated in ten
    copies, is 4,000 statements of 450 edges — and the grouping is read off the index."""
    column = "dst" if direction == "in" else "src"
    select = edge_columns(full).replace(", rowid", ", max(rowid)")
    sql = f"SELECT {select} FROM edges WHERE {column} IN ({','.join('?' * n)})"
    params: list = []
    if types:
        types = tuple(types)
        if direction == "in" and types == CHAIN_TYPES:
            sql += f" AND {type_condition(CHAIN_TYPES)}"
            types = ()
        elif direction == "in" and set(types) <= set(RELATION_TYPES):
            sql += f" AND {type_condition(RELATION_TYPES)}"
            if set(types) == set(RELATION_TYPES):
                types = ()
        if types:
            sql += f" AND type IN ({','.join('?' * len(types))})"
            params = list(types)
    return sql + " GROUP BY src, dst, type", params


class Neighbourhood:
    """The read side of a directed multigraph, as much of networkx's API as ``queries.chain``
    and ``queries.iter_stale`` use (``nodes[n]``, ``predecessors``, ``successors``,
    ``get_edge_data``, ``in_edges``, ``edges``, ``in``), on plain dicts. The chain of a
    much-implemented instrument returns thousands of rows, and building a MultiDiGraph of
    them, with every node's full attributes, cost more than the walk itself."""

    def __init__(self):
        self.nodes: dict[str, dict] = {}
        self._succ: dict[str, dict[str, dict]] = {}
        self._pred: dict[str, dict[str, dict]] = {}

    def __contains__(self, node) -> bool:
        return node in self.nodes

    def add_edge(self, a, b, key, data) -> None:
        # one key dict shared by both directions, filled in the order edges come, the last
        # data for a key winning: what MultiDiGraph.add_edge does
        keys = self._succ.setdefault(a, {}).get(b)
        if keys is None:
            keys = self._succ[a][b] = {}
            self._pred.setdefault(b, {})[a] = keys
        keys[key] = data

    def successors(self, node):
        return iter(self._succ.get(node, ()))

    def predecessors(self, node):
        return iter(self._pred.get(node, ()))

    def get_edge_data(self, a, b, default=None):
        return self._succ.get(a, {}).get(b, default)

    def linked_nodes(self) -> set:
        """The nodes at either end of an edge."""
        return self._succ.keys() | self._pred.keys()

    def in_edges(self, node, keys=False):
        for a, edges in self._pred.get(node, {}).items():
            for key in edges:
                yield (a, node, key) if keys else (a, node)

    def edges(self, keys=False, data=False):
        for a, targets in self._succ.items():
            for b, edges in targets.items():
                for key, d in edges.items():
                    yield (a, b) + ((key,) if keys else ()) + ((d,) if data else ())


# what a chain or stale row shows of an instrument (queries.describe, queries.label, queries.iter_stale)
_HOOD_NODE_COLUMNS = ("id", "stub", "type", "number", "year", "date", "issuer", "title", "province", "local")


class GraphLoader:
    """Reads nodes and edges from the store into a MultiDiGraph, all of it or a part."""

    # edges with their evidence sentence; "FROM {EDGES}" then "WHERE e.…"
    EDGE_COLUMNS = 'e.src, e.type, e.dst, e.source, e.start, e."end", s.text, e.cue, e.role, e.detail'
    EDGES = "edges e LEFT JOIN sentences s ON s.id = e.sentence"

    # below this many aliases, reading them all once costs less than looking them up as
    # a query goes (most collections have few: only partly known ids that merge)
    SMALL_ALIASES = 20000

    def __init__(self, store):
        self.db = store.db
        self._alias: dict[str, str] = {}  # id -> canonical id, for the ids looked up so far
        self._alias_complete = False  # True once the whole aliases table is in _alias
        self._merged: dict[str, list[str]] | None = None  # canonical id -> the ids merged into it, when complete
        if (self.db.execute("SELECT max(rowid) FROM aliases").fetchone()[0] or 0) <= self.SMALL_ALIASES:
            self._load_aliases()

    def _load_aliases(self) -> None:
        self._alias = dict(self.db.execute("SELECT id, canonical FROM aliases"))
        self._alias_complete = True
        self._merged = {}
        for i, c in self._alias.items():
            self._merged.setdefault(c, []).append(i)

    def canon_many(self, ids) -> None:
        """Look up, in one go, the canonical ids of ``ids`` not looked up yet."""
        if self._alias_complete:
            return
        missing = list({i for i in ids if i not in self._alias})
        for chunk in chunks(missing):
            q = ",".join("?" * len(chunk))
            found = dict(self.db.execute(f"SELECT id, canonical FROM aliases WHERE id IN ({q})", chunk))
            for i in chunk:
                self._alias[i] = found.get(i, i)

    def canon(self, i: str) -> str:
        if i not in self._alias and not self._alias_complete:
            self.canon_many([i])
        return self._alias.get(i, i)

    def members(self, canon_ids) -> set[str]:
        """The ids stored for canonical ids: themselves and what merges into them."""
        out = set(canon_ids)
        if self._merged is not None:
            for c in canon_ids:
                out.update(self._merged.get(c, ()))
            return out
        for chunk in chunks(canon_ids):
            q = ",".join("?" * len(chunk))
            for i, c in self.db.execute(f"SELECT id, canonical FROM aliases WHERE canonical IN ({q})", chunk):
                self._alias[i] = c
                out.add(i)
        return out

    # -- nodes ---------------------------------------------------------------------------

    def add_nodes(self, g, ids) -> None:
        """Give ``ids`` their attributes (nodes an edge created have none yet)."""
        ids = {i for i in ids if i not in g or "kind" not in g.nodes[i]}
        if not ids:
            return
        for chunk in chunks(ids):
            g.add_nodes_from((row[0], node_attrs(row)) for row in self.db.execute(
                f"SELECT {NODE_SELECT} FROM nodes WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        rest = [i for i in ids if i not in g or "kind" not in g.nodes[i]]
        for chunk in chunks(rest):
            q = ",".join("?" * len(chunk))
            # one row per body, by index: a body like "UBND các tỉnh" is named by tens of
            # thousands of documents, and grouping them all read every row (90 ms a page)
            for (i, name, kind, province, successor) in self.db.execute(
                    "SELECT b.id, b.name, b.kind, b.province, b.successor FROM json_each(?) v "
                    "JOIN bodies b ON b.rowid = (SELECT max(rowid) FROM bodies WHERE id = v.value)",
                    (json.dumps(chunk),)):
                _add_body(g, i, name, kind, province, successor)
            for row in self.db.execute(
                    "SELECT id, doc_id, number, text, due_start, due_end, recurring, due_text FROM tasks "
                    f"WHERE id IN ({q})", chunk):
                self._add_task(g, row)
        for i in ids:
            if i not in g or "kind" not in g.nodes[i]:
                g.add_node(i, kind="person" if i.startswith("/person/") else "body", name=i.rsplit("/", 1)[-1])

    def _add_task(self, g, row):
        i, doc, number, text, ds, de, rec, dt = row
        g.add_node(i, kind="task", document=self.canon(doc), number=number, text=text,
                   deadline={"start": ds, "end": de, "recurring": rec, "text": dt})

    # -- edges ---------------------------------------------------------------------------

    def _add_edge(self, g, row) -> tuple[str, str] | None:
        src, typ, dst, source, start, end, evidence, cue, role, detail = row
        src, dst = self.canon(src), self.canon(dst)
        if src == dst:
            return None
        g.add_edge(src, dst, key=typ, type=typ, source=source, start=start, end=end, evidence=evidence, cue=cue,
                   role=role, **edge_detail(detail))
        return src, dst

    def _edges(self, nodes, types=None, direction="in", full=True, evidence=True) -> dict[tuple[str, str, str], dict]:
        """The edges of ``types`` into (``in``) or out of (``out``) ``nodes``, between
        canonical ids, keyed (source, target, type) in the order first read. Many documents
        restate one relation between the same two instruments: one edge is kept per key,
        the statement stored last, as ``everything`` (the export, Neo4j, RDF) keeps it
        whatever order an index gives the rows in, and only the evidence sentences of the
        kept edges are read. ``full=False``: without the cue and role,
        which a chain row does not show, so that a walk of the chain types reads only the
        index edges_chain (legalgraph.graph.store). ``evidence=False``: no sentences."""
        rows = []
        for chunk in chunks(self.members(nodes)):
            sql, params = edge_query(len(chunk), types, direction, full)
            rows += self.db.execute(sql, [*chunk, *params]).fetchall()
        return self._edge_data(rows, full, evidence)

    def _edge_data(self, rows, full=True, evidence=True) -> dict[tuple[str, str, str], dict]:
        """Edge rows (as edge_query selects them) as ``_edges`` gives them: one per
        (source, target, type) between canonical ids, the statement stored last."""
        if not self._alias_complete:
            self.canon_many([r[0] for r in rows] + [r[2] for r in rows])
        alias = self._alias
        kept: dict[tuple[str, str, str], tuple] = {}
        for row in rows:
            src, dst = alias.get(row[0], row[0]), alias.get(row[2], row[2])
            if src != dst:
                key = src, dst, row[1]
                if key not in kept or row[-1] > kept[key][-1]:
                    kept[key] = row
        sentences = {}
        for chunk in chunks({r[6] for r in kept.values() if r[6] is not None} if evidence else ()):
            sentences.update(self.db.execute(
                f"SELECT id, text FROM sentences WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        out = {}
        for key, row in kept.items():
            data = {"type": row[1], "source": row[3], "start": row[4], "end": row[5]}
            if evidence:
                data["evidence"] = sentences.get(row[6])
            if full:
                data["cue"], data["role"] = row[7], row[8]
                data.update(edge_detail(row[9]))
            out[key] = data
        return out

    def _relations_into(self, node: str, limit: int, offset: int = 0) -> tuple[dict, dict[str, int]]:
        """The relations into ``node`` as ``_edges`` gives them, at most ``limit`` instruments
        of each type (after the first ``offset`` of each, in the order of their ids), and how
        many instruments of each type were left out. Only the rows
        kept are read: the index edges_relations holds a target's relations by type and
        source instrument, so the first ``limit`` sources of a type are an index range (a law
        25,000 texts cite: milliseconds, where reading them all takes seconds)."""
        members = sorted(self.members({node}))
        marks = ",".join("?" * len(members))
        where = f"dst IN ({marks}) AND {type_condition(RELATIONS)}"
        counts = dict(self.db.execute(f"SELECT type, count(DISTINCT src) FROM edges WHERE {where} GROUP BY type",
                                      members))
        rows = []
        for typ, n in counts.items():
            # only the statement _edge_data keeps of each relation (the last stored), found
            # in the index: a law amended by one text restated in 2,500 documents has 2,500
            # statements of it, and a page shows one
            last = f"SELECT max(rowid) FROM edges WHERE {where} AND type = ?"
            params = [*members, typ]
            if n > limit or offset:
                last += (f" AND src IN (SELECT DISTINCT src FROM edges WHERE {where} AND type = ? ORDER BY src "
                         "LIMIT ? OFFSET ?)")
                params += [*members, typ, limit, offset]
            rows += self.db.execute(f"SELECT {edge_columns()} FROM edges WHERE rowid IN ({last} GROUP BY src, dst)",
                                    params).fetchall()
        rows.sort(key=lambda r: r[-1])  # in the order they were stored, as _edges reads them
        edges = self._edge_data(rows)
        shown = Counter(typ for _, _, typ in edges)
        return edges, {typ: n - shown[typ] for typ, n in counts.items() if (n > limit or offset) and n > shown[typ]}

    def edges_at(self, g, nodes, types=None, direction="in") -> set[str]:
        """Add the edges into (``in``) or out of (``out``) ``nodes``; the nodes reached."""
        edges = self._edges(nodes, types, direction)
        g.add_edges_from((src, dst, typ, data) for (src, dst, typ), data in edges.items())
        return {src if direction == "in" else dst for src, dst, _ in edges}

    def extend(self, g, nodes, types=None, direction="in") -> None:
        """Add to ``g`` the edges of ``types`` into (or out of) ``nodes``, and the nodes reached."""
        self.edges_at(g, set(nodes), types, direction)
        self.add_nodes(g, set(g.nodes))

    def linked(self, nodes, types, direction="in") -> set[str]:
        """The canonical ids with an edge of ``types`` into (``in``) or out of ``nodes``."""
        edges = self._edges(nodes, types, direction, full=False, evidence=False)
        return {src if direction == "in" else dst for src, dst, _ in edges}

    def changes_of(self, node: str) -> set[str]:
        """What `stale INSTRUMENT` looks at: the instrument and the instruments that
        amended, replaced or repealed it."""

        return {n for n in {node} | self.linked({node}, CHANGE_TYPES, "in") if n.startswith("/akn/")}

    def _changed(self, changed) -> set[str]:
        """``changed``, or all instruments at either end of an AMENDS/REPLACES/REPEALS edge."""
        if changed is not None:
            return set(changed)
        changed = set()
        # literal types, so that SQLite uses the partial index edges_change
        for src, dst in self.db.execute(f"SELECT src, dst FROM edges WHERE {type_condition(CHANGE_TYPES)}"):
            changed |= {self.canon(src), self.canon(dst)}
        return changed

    def for_stale(self, changed=None):
        """The part of the graph ``queries.stale`` reads: the changed instruments (all those
        at either end of an AMENDS/REPLACES/REPEALS edge, or ``changed``), the relations into
        them (who rests on a changed text, who took a change up), and the changes since of
        those resting on it."""
        import networkx as nx


        changed = self._changed(changed)
        if not changed:
            return nx.MultiDiGraph()
        g = self.around(changed, RELATIONS, "in", depth=1)
        resting = {c for b in changed if b in g for c, _, k in g.in_edges(b, keys=True) if k in RESTS_ON}
        self.extend(g, resting, CHANGE_TYPES, "in")
        return g

    def stale_walk(self, changed=None) -> Neighbourhood:
        """What ``for_stale`` loads, as a ``Neighbourhood`` for ``queries.iter_stale``: of
        each node only what a stale row shows, and evidence only for the changes. A law
        that tens of thousands of texts rest on has as many resting edges, whose sentences
        and full node records no row shows (at 300k documents: 7 s with for_stale)."""

        hood = Neighbourhood()
        changed = self._changed(changed)
        if not changed:
            return hood
        taken_up = tuple(t for t in RELATIONS if t not in CHANGE_TYPES)
        # the changes in full (a row shows the provisions a publisher's note names)
        for types, evidence in ((CHANGE_TYPES, True), (taken_up, False)):
            for (src, dst, typ), data in self._edges(changed, types, "in", full=evidence, evidence=evidence).items():
                hood.add_edge(src, dst, typ, data)
        resting = {c for b in changed for c, _, k in hood.in_edges(b, keys=True) if k in RESTS_ON}
        # the changes of the changed ones are read already, with their evidence
        for (src, dst, typ), data in self._edges(resting - changed, CHANGE_TYPES, "in", full=False,
                                                 evidence=False).items():
            hood.add_edge(src, dst, typ, data)
        self._hood_nodes(hood, changed | hood.linked_nodes())
        return hood

    def around(self, start, types=None, direction="in", depth=None, both=False):
        """The neighbourhood of ``start`` along edges of ``types``: breadth first, ``depth``
        steps (None: until nothing new), into the nodes (``in``), out of them, or both."""
        import networkx as nx

        g = nx.MultiDiGraph()
        start = {self.canon(s) for s in ([start] if isinstance(start, str) else start)}
        frontier, seen, step = set(start), set(start), 0
        while frontier and (depth is None or step < depth):
            reached = set()
            for d in (("in", "out") if both else (direction,)):
                reached |= self.edges_at(g, frontier, types, d)
            frontier = reached - seen
            seen |= reached
            step += 1
        self.add_nodes(g, set(g.nodes) | start)
        _add_provinces(g, only_used=True)
        return g

    def own_sources(self, node: str) -> list[str]:
        """The sources whose document is ``node`` (or an id merged into it), sorted."""
        members = sorted(self.members({self.canon(node)}))
        return sorted({r[0] for r in self.db.execute(
            f"SELECT source FROM sources WHERE doc_id IN ({','.join('?' * len(members))})", members)})

    def around_bounded(self, node: str, limit: int, offset: int = 0):
        """``around(node, both=True, depth=1)`` with at most ``limit`` instruments of each
        relation type into ``node`` (after the first ``offset``); and the number of each
        type left out."""
        import networkx as nx

        g = nx.MultiDiGraph()
        node = self.canon(node)
        self.edges_at(g, {node}, None, "out")
        edges, left = self._relations_into(node, limit, offset)
        g.add_edges_from((src, dst, typ, data) for (src, dst, typ), data in edges.items())
        self.add_nodes(g, set(g.nodes) | {node})
        _add_provinces(g, only_used=True)
        return g, left

    def walk(self, start: str, types, direction: str = "in", evidence: bool = True) -> Neighbourhood:
        """What ``queries.chain`` reads from ``start`` along ``types`` (``in``: who links
        to it, and so on; ``out``: what it links to), as a ``Neighbourhood``: the same
        nodes and edges ``around`` loads, and of each node only what a chain row shows.
        ``evidence=False``: without the evidence sentences (a third of a long chain's
        time), for output that does not show them."""
        hood = Neighbourhood()
        start = self.canon(start)
        frontier, seen = {start}, {start}
        while frontier:
            reached = set()
            for (src, dst, typ), data in self._edges(frontier, types, direction, full=False,
                                                     evidence=evidence).items():
                hood.add_edge(src, dst, typ, data)
                reached.add(src if direction == "in" else dst)
            frontier = reached - seen
            seen |= reached
        self._hood_nodes(hood, seen)
        return hood

    def _hood_nodes(self, hood: Neighbourhood, ids) -> None:
        """Of each node, what a chain or stale row shows of it."""
        for chunk in chunks(ids):
            for row in self.db.execute(f"SELECT {', '.join(_HOOD_NODE_COLUMNS)} FROM nodes "
                                       f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                d = dict(zip(_HOOD_NODE_COLUMNS[1:], row[1:]))
                d["kind"], d["stub"], d["local"] = "instrument", bool(d["stub"]), bool(d["local"])
                hood.nodes[row[0]] = d
        for node in set(ids) - hood.nodes.keys():  # not an instrument: the walks pass it by
            hood.nodes[node] = {"kind": None}

    def candidates(self, name: str):
        """A small graph of the instruments a name may mean ("56/2024/NĐ-CP", "nd 56/2024",
        a work URI): those whose number starts with the name's numbers."""
        import networkx as nx

        g = nx.MultiDiGraph()
        name = name.strip()
        if name.startswith("/akn/"):
            self.add_nodes(g, [self.canon(name)])
            return g
        from legalgraph.graph.merge import split_name, words

        law = _LAW_NAME.fullmatch(name)
        if law is not None:
            found = self._named_law(law)
            self.add_nodes(g, found)
            g.graph["named"] = {name: sorted(found)}  # what the name means: queries.resolve reads it
            return g
        # the number's own parts: "74/2025/QH15" -> 74, 2025 (not the 15 of QH15)
        numbers = [t.lstrip("0") or "0" for t in words(split_name(name)[0]) if t[0].isdigit()]
        if not numbers:
            return g
        prefix = "-".join(numbers)
        # the key is the prefix itself or goes on after a "-" ("90" is 90/QĐ-TTg, not 900/QĐ-TTg);
        # a range on the (key, id) index, not LIKE, which would read every row
        ids = {r[0] for r in self.db.execute(
            "SELECT DISTINCT id FROM instruments WHERE key = ? OR (key >= ? AND key < ?)",
            (prefix, prefix + "-", prefix + "-\uffff"))}
        self.add_nodes(g, {self.canon(i) for i in ids})
        return g

    def _named_law(self, m) -> set[str]:
        """The instruments a law's name means ("Luật Đất đai 2024", "Bộ luật Dân sự"):
        by its name id (which the store ties to the law's text where the collection has
        it), by the version the grammar knows for that year, every year if none is given."""
        from legalgraph.grammar import type_slug
        from legalgraph.graph.merge import alias_group
        from legalgraph.ids import WorkRef, slugify, work_uri

        grammar = load_grammar()
        type_name = grammar.type_by_word[" ".join(m.group("head").lower().split())].name
        full = f"{type_name} {m.group('name')}"
        year = int(m.group("year")) if m.group("year") else None
        known = grammar.find_law(full)
        key = grammar.law_key(known.name if known else full)
        slug = type_slug(type_name)
        ids = set()
        if year is not None:
            ids.add(WorkRef(slug, year, name=slugify(key)).uri)
        else:
            group = alias_group(WorkRef(slug, None, name=slugify(key)).uri)
            for table in ("instruments", "names"):
                ids |= {r[0] for r in self.db.execute(f"SELECT DISTINCT id FROM {table} WHERE grp = ?", (group,))}
        for version in (known.versions if known else ()):
            if version.number and (year is None or version.year == year):
                ids.add(work_uri(slug, version.year, version.number))
        canon = {self.canon(i) for i in ids}
        present = set()
        for chunk in chunks(canon):
            present |= {r[0] for r in self.db.execute(
                f"SELECT id FROM nodes WHERE id IN ({','.join('?' * len(chunk))})", chunk)}
        return present

    def everything(self):
        import networkx as nx

        g = nx.MultiDiGraph()
        if not self._alias_complete:
            self._load_aliases()
        for row in self.db.execute(f"SELECT {NODE_SELECT} FROM nodes"):
            g.add_node(row[0], **node_attrs(row))
        for (i, name, kind, province, successor) in self.db.execute(
                "SELECT id, name, kind, province, successor FROM bodies GROUP BY id"):
            _add_body(g, i, name, kind, province, successor)
        for row in self.db.execute(
                "SELECT id, doc_id, number, text, due_start, due_end, recurring, due_text FROM tasks"):
            self._add_task(g, row)
        # in the order stored: of a relation many documents state, the last statement stays
        for row in self.db.execute(f"SELECT {self.EDGE_COLUMNS} FROM {self.EDGES} ORDER BY e.rowid"):
            pair = self._add_edge(g, row)
            if pair:
                for n in pair:
                    if "kind" not in g.nodes[n]:
                        g.nodes[n].update(kind="person" if n.startswith("/person/") else "body",
                                          name=n.rsplit("/", 1)[-1])
        _add_provinces(g)
        return g


def _add_body(g, node, name, kind, province, successor):
    # a signer is stored with the bodies (one table of who a document names) but is a person
    if kind == "person":
        g.add_node(node, kind="person", name=name)
    else:
        g.add_node(node, kind="body", name=name, body_kind=kind, province=province, successor=successor)


def build_graph(store):
    """The whole store as one MultiDiGraph."""
    return GraphLoader(store).everything()


def _add_provinces(g, only_used: bool = False):
    """Province nodes, the 2025 successions, and who belongs where (``only_used``: just
    the provinces the graph's nodes are in, and their successors)."""
    grammar = load_grammar()
    by_name = {p.name: p for p in grammar.provinces}
    wanted = set(by_name)
    if only_used:
        wanted = {d.get("province") for _, d in g.nodes(data=True) if d.get("province") in by_name}
        wanted |= {by_name[p].successor for p in list(wanted) if by_name[p].successor}
    # in name order: the graph's node order (and so a view's, an export's) must not hang on
    # the hash seed of the run
    wanted = sorted(wanted)
    for name in wanted:
        p = by_name[name]
        g.add_node(province_node(p.name), kind="province", name=p.name, current=p.current,
                   before_2025=p.before_2025, slug=p.slug)
    for name in wanted:
        p = by_name[name]
        if p.successor and p.successor in wanted:
            g.add_edge(province_node(p.name), province_node(p.successor), key="SUCCEEDED_BY", type="SUCCEEDED_BY")
    for node, data in list(g.nodes(data=True)):
        name = data.get("province")
        if name in wanted and data.get("kind") in ("instrument", "body"):
            g.add_edge(node, province_node(name), key="IN_PROVINCE", type="IN_PROVINCE")


def unknown(value) -> bool:
    return value in (None, UNKNOWN)
