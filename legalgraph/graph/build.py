"""From the store to one networkx MultiDiGraph: one node per instrument across all sources.

* A document's own identity and the citations of it elsewhere are one node (they share a
  work URI). Attributes come from the document itself when the collection holds it, else
  from what most citations say; values that disagree are kept, each with its source, under
  ``conflicts`` — never silently overwritten.
* An instrument cited but not in the collection is a *stub* (``stub=True``).
* A citation whose year or province the citing text did not give (``/akn/vn/chi-thi/_/…``,
  ``/akn/vn-_/…``) is merged into the one instrument of the graph it can only be; when
  several could be meant it stays a node of its own.
* Bodies, persons, tasks and provinces are nodes too; provinces merged in 2025 point to
  their successor (SUCCEEDED_BY), so a query on today's province finds its predecessors.

Edge keys are the relation types (IMPLEMENTS, AMENDS, …, ISSUED_BY, SIGNED_BY, NAMES,
HAS_TASK, ASSIGNED_TO, IN_PROVINCE, SUCCEEDED_BY); each edge keeps its source, span,
evidence sentence and cue.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from legalgraph.grammar import load_grammar
from legalgraph.ids import UNKNOWN, parse_work_uri

INSTRUMENT_FIELDS = ("type", "number", "year", "date", "issuer", "title", "province")
RELATIONS = ("IMPLEMENTS", "AMENDS", "REPLACES", "REPEALS", "DETAILS", "BASED_ON", "CITES")


def province_node(name: str) -> str:
    from legalgraph.ids import slugify

    return f"/province/{slugify(name)}"


def _aliases(ids) -> dict[str, str]:
    """Ids with an unknown year or province -> the one fuller id they can only mean."""
    known: dict[tuple, list[str]] = defaultdict(list)
    parsed = {}
    for i in ids:
        try:
            p = parse_work_uri(i)
        except ValueError:
            continue
        parsed[i] = p
        if p.year is not None and (not p.local or p.province):
            known[(p.type_slug, p.number_slug or p.name_slug, p.local)].append(i)
    alias = {}
    for i, p in parsed.items():
        if p.year is not None and (not p.local or p.province):
            continue
        candidates = [k for k in known.get((p.type_slug, p.number_slug or p.name_slug, p.local), [])
                      if (p.year is None or parsed[k].year == p.year)
                      and (p.province is None or parsed[k].province == p.province)]
        if len(candidates) == 1:
            alias[i] = candidates[0]
    return alias


def build_graph(store):
    """The whole store as a MultiDiGraph."""
    import networkx as nx

    g = nx.MultiDiGraph()
    db = store.db
    rows = db.execute(f"SELECT id, source, own, {', '.join(INSTRUMENT_FIELDS)} FROM instruments").fetchall()
    alias = _aliases({r[0] for r in rows})

    def canon(i):
        return alias.get(i, i)

    by_id: dict[str, list] = defaultdict(list)
    for r in rows:
        by_id[canon(r[0])].append(r)
    for node, rs in by_id.items():
        own = [r for r in rs if r[2]]
        attrs = {"kind": "instrument", "stub": not own, "sources": sorted({r[1] for r in rs}),
                 "cited_by": len({r[1] for r in rs if not r[2]})}
        conflicts = {}
        for k, field in enumerate(INSTRUMENT_FIELDS, start=3):
            values = [(r[k], r[1], r[2]) for r in rs if r[k] not in (None, "")]
            if not values:
                attrs[field] = None
                continue
            own_values = [v for v in values if v[2]]
            if own_values:
                chosen = own_values[0][0]
            else:
                chosen = Counter(v[0] for v in values).most_common(1)[0][0]
            attrs[field] = chosen
            distinct = {v[0] for v in values}
            if len(distinct) > 1 and field != "title":
                conflicts[field] = [{"value": v[0], "source": v[1]} for v in values]
        if conflicts:
            attrs["conflicts"] = conflicts
        try:
            p = parse_work_uri(node)
            attrs["local"] = p.local
            attrs["party"] = node.endswith(("-tw", "-tu", "-hu", "-du"))
        except ValueError:
            attrs["local"] = False
            attrs["party"] = False
        g.add_node(node, **attrs)

    for (i, name, kind, province, successor) in db.execute(
            "SELECT id, name, kind, province, successor FROM bodies GROUP BY id"):
        g.add_node(i, kind="body", name=name, body_kind=kind, province=province, successor=successor)
    for (i, doc, number, text, ds, de, rec, dt) in db.execute(
            "SELECT id, doc_id, number, text, due_start, due_end, recurring, due_text FROM tasks"):
        g.add_node(i, kind="task", document=canon(doc), number=number, text=text,
                   deadline={"start": ds, "end": de, "recurring": rec, "text": dt})

    for (src, typ, dst, source, start, end, evidence, cue, role) in db.execute(
            'SELECT src, type, dst, source, start, "end", evidence, cue, role FROM edges'):
        src, dst = canon(src), canon(dst)
        if src == dst:
            continue
        for n, kind in ((src, None), (dst, None)):
            if n not in g:
                g.add_node(n, kind="person" if n.startswith("/person/") else "body", name=n.rsplit("/", 1)[-1])
        g.add_edge(src, dst, key=typ, type=typ, source=source, start=start, end=end, evidence=evidence, cue=cue,
                   role=role)
    _add_provinces(g)
    return g


def _add_provinces(g):
    """Province nodes, the 2025 successions, and who belongs where."""
    grammar = load_grammar()
    by_name = {p.name: p for p in grammar.provinces}
    for p in grammar.provinces:
        g.add_node(province_node(p.name), kind="province", name=p.name, current=p.current,
                   before_2025=p.before_2025, slug=p.slug)
    for p in grammar.provinces:
        if p.successor:
            g.add_edge(province_node(p.name), province_node(p.successor), key="SUCCEEDED_BY", type="SUCCEEDED_BY")
    for node, data in list(g.nodes(data=True)):
        name = data.get("province")
        if name and name in by_name and data.get("kind") in ("instrument", "body"):
            g.add_edge(node, province_node(name), key="IN_PROVINCE", type="IN_PROVINCE")


def is_instrument(g, node) -> bool:
    return g.nodes[node].get("kind") == "instrument"


def unknown(value) -> bool:
    return value in (None, UNKNOWN)
