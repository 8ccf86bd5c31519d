"""The parts of the graph a view draws (``Graph.view``): an instrument's neighbourhood
or implementation chain, the tasks of a body, the amendments not acted on, the whole.

Each is read from the store as a networkx MultiDiGraph with what ``view.render`` needs
to lay it out: a heading, a notice when there is nothing to see, whether it is drawn in
layers (chains top-down; a body's plans, tasks and bodies in three rows), and the nodes
to mark as what was asked about.
"""

from __future__ import annotations

from legalgraph.graph import queries as q
from legalgraph.graph.merge import fold


def part(loader, node_of, *, name=None, direction=None, depth=None, province=None, body=None, stale=False,
         whole=False) -> dict:
    """The fields of a ``View``. ``node_of(name)``: (graph, node) for an instrument name,
    raising ``NotFound`` or ``Ambiguous``."""
    asked = [x for x in (name and "an instrument", body and "a body", stale and "stale", whole and "whole") if x]
    if len(asked) != 1:
        raise ValueError("say what to view: an instrument, a body, stale or whole" if not asked
                         else f"view one thing at a time, not {' and '.join(asked)}")
    if direction not in (None, "up", "down", "both"):
        raise ValueError(f"direction is up, down or both, not {direction!r}")
    if direction and not name:
        raise ValueError(f"the direction {direction} goes with an instrument")
    if name:
        return _instrument(loader, node_of(name)[1], direction, depth, province)
    if body:
        return _body(loader, body, province)
    if stale:
        return _stale(loader, province)
    return _whole(loader)


def _instrument(loader, node, direction, depth, province) -> dict:
    if direction:
        g = _chain(loader, node, direction, depth, province)
        heading = f"{q.label(g, node)} — implementation chain ({direction})"
    else:
        g = loader.around(node, None, both=True, depth=depth or 1)
        heading = f"{q.label(g, node)} — neighbourhood ({depth or 1} step{'s' if (depth or 1) > 1 else ''})"
    notice = "Nothing in the graph is linked to this instrument this way." if g.number_of_nodes() == 1 else None
    return dict(graph=g, heading=heading, notice=notice, hierarchical=bool(direction), focus=(node,))


def _chain(loader, node, direction, depth, province):
    """The implementation chain around ``node``: up (what it implements), down (what
    implements it) or both; only instruments, and with ``province`` only that province's
    local instruments (central ones stay: they are what the province implements)."""
    import networkx as nx

    parts = [loader.around(node, q.DOWN_TYPES, d, depth=depth)
             for d in (("out", "in") if direction == "both" else ("out" if direction == "up" else "in",))]
    g = nx.compose_all(parts)
    keep = [n for n, d in g.nodes(data=True) if d.get("kind") == "instrument"
            and (not province or not d.get("local") or n == node or q.in_province(g, n, province))]
    g = g.subgraph(keep).copy()
    g.remove_edges_from([(u, v, k) for u, v, k in g.edges(keys=True) if k not in q.DOWN_TYPES])
    # what the province filter cut off from the instrument asked about is no longer in its chain
    return g.subgraph(nx.node_connected_component(g.to_undirected(as_view=True), node)).copy()


def bodies_named(db, name) -> list[str]:
    """The body nodes a name means: the exact name (with or without diacritics), else every
    body whose name contains it ("Sở Tư pháp": that department in every province)."""
    wanted = fold(name).strip()
    rows = db.execute("SELECT DISTINCT id, name FROM bodies").fetchall()
    exact = sorted({i for i, n in rows if fold(n) == wanted})
    found = exact or sorted({i for i, n in rows if wanted and wanted in fold(n)})
    if not found:
        raise q.NotFound(f"no body in the graph is named '{name}' (`legalgraph tasks PATHS` lists bodies)")
    return found


def _body(loader, body, province) -> dict:
    """The tasks assigned to a body and the instruments that give them, in three layers."""
    focus = bodies_named(loader.db, body)
    g = loader.around(focus, ("ASSIGNED_TO",), "in", depth=1)
    tasks = [n for n, d in g.nodes(data=True) if d.get("kind") == "task"]
    loader.extend(g, tasks, ("HAS_TASK",), "in")
    g = g.subgraph([n for n, d in g.nodes(data=True) if d.get("kind") != "province"]).copy()
    if province:
        g = g.subgraph([n for n in g if g.nodes[n].get("kind") != "body" or n in focus
                        or not g.nodes[n].get("province") or q.in_province(g, n, province)]).copy()
    levels = {n: {"instrument": 0, "task": 1}.get(d.get("kind"), 2) for n, d in g.nodes(data=True)}
    notice = None if tasks else "No task in the graph is assigned to this body."
    return dict(graph=g, heading=f"Tasks assigned to {body}", notice=notice, hierarchical=True, levels=levels,
                focus=tuple(focus))


def _stale(loader, province) -> dict:
    """The changes not acted on (as ``stale`` finds them): the changed instrument, what
    changed it, and what still rests on the old text."""
    import networkx as nx

    g = loader.for_stale()
    rows = list(q.iter_stale(g, province=province))
    view = nx.MultiDiGraph()
    for r in rows:
        for n in (r["changed"], r["by"], r["rests"]):
            view.add_node(n, **g.nodes[n])
        for a, b, key in ((r["by"], r["changed"], r["change"]), (r["rests"], r["changed"], r["rests_relation"])):
            view.add_edge(a, b, key=key, **g.get_edge_data(a, b, key))
    notice = None if rows else ("Every instrument resting on an amended, replaced or repealed text has been "
                                "acted on (or no such change is in the graph).")
    return dict(graph=view, heading="Amendments not acted on" + (f" — {province}" if province else ""),
                notice=notice)


def _whole(loader) -> dict:
    from legalgraph.graph.view import MAX_NODES, ViewTooLarge

    db = loader.db
    size = sum(db.execute(sql).fetchone()[0] for sql in (
        "SELECT count(*) FROM nodes", "SELECT count(DISTINCT id) FROM bodies", "SELECT count(*) FROM tasks"))
    if size > MAX_NODES:
        raise ViewTooLarge(f"the whole graph has {size} nodes, more than the {MAX_NODES} a view can show; view a "
                           "part of it: an instrument (`legalgraph view 56/2024/NĐ-CP --down`), a body (--body NAME) "
                           "or --stale")
    return dict(graph=loader.everything(), heading="The whole graph")
