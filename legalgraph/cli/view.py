"""The `view` command: a part of the graph as an HTML page to open in a browser."""

from __future__ import annotations

import click

from legalgraph.cli import _Output, main
from legalgraph.cli.graph import _instrument, _loader, store_option


def _chain_graph(loader, node, direction, depth, province):
    """The implementation chain around ``node``: up (what it implements), down (what
    implements it) or both; only instruments, and with ``province`` only that province's
    local instruments (central ones stay: they are what the province implements)."""
    import networkx as nx

    from legalgraph.graph import queries as q

    parts = []
    for d in (("out", "in") if direction == "both" else ("out" if direction == "up" else "in",)):
        parts.append(loader.around(node, q.DOWN_TYPES, d, depth=depth))
    g = nx.compose_all(parts)
    keep = [n for n, d in g.nodes(data=True) if d.get("kind") == "instrument"
            and (not province or not d.get("local") or n == node or q.in_province(g, n, province))]
    g = g.subgraph(keep).copy()
    g.remove_edges_from([(u, v, k) for u, v, k in g.edges(keys=True) if k not in q.DOWN_TYPES])
    # what the province filter cut off from the instrument asked about is no longer in its chain
    return g.subgraph(nx.node_connected_component(g.to_undirected(as_view=True), node)).copy()


def _bodies(loader, name):
    """The body nodes a name means: the exact name (with or without diacritics), else every
    body whose name contains it ("Sở Tư pháp": that department in every province)."""
    from legalgraph.graph.merge import fold

    wanted = fold(name).strip()
    rows = loader.db.execute("SELECT DISTINCT id, name FROM bodies").fetchall()
    exact = sorted({i for i, n in rows if fold(n) == wanted})
    found = exact or sorted({i for i, n in rows if wanted and wanted in fold(n)})
    if not found:
        raise click.ClickException(f"no body in the graph is named '{name}' (`legalgraph tasks PATHS` lists bodies)")
    return found


def _stale_graph(loader, province):
    """The changes not acted on (as `legalgraph stale` finds them): the changed instrument,
    what changed it, and what still rests on the old text; and the rows themselves."""
    import networkx as nx

    from legalgraph.graph import queries as q

    g = loader.for_stale()
    rows = list(q.iter_stale(g, province=province))
    view = nx.MultiDiGraph()
    for r in rows:
        for n in (r["changed"], r["by"], r["rests"]):
            view.add_node(n, **g.nodes[n])
        for a, b, key in ((r["by"], r["changed"], r["change"]), (r["rests"], r["changed"], r["rests_relation"])):
            view.add_edge(a, b, key=key, **g.get_edge_data(a, b, key))
    return view, rows


def _store_size(loader) -> int:
    """Nodes the whole graph has, counted in the store (provinces aside) before loading it."""
    db = loader.db
    return sum(db.execute(sql).fetchone()[0] for sql in (
        "SELECT count(*) FROM nodes", "SELECT count(DISTINCT id) FROM bodies", "SELECT count(*) FROM tasks"))


@main.command()
@click.argument("instrument", required=False)
@click.option("--up", "direction", flag_value="up", help="The chain upwards: what it implements, up to Party texts.")
@click.option("--down", "direction", flag_value="down", help="The chain downwards: what implements or details it.")
@click.option("--both", "direction", flag_value="both", help="The chain both ways.")
@click.option("--depth", type=click.IntRange(min=1), default=None,
              help="Steps from the instrument (chains: all by default; neighbourhood: 1).")
@click.option("--province", default=None, help="Only this province's local instruments (a pre-2025 name or "
                                               "today's unit).")
@click.option("--body", default=None, metavar="NAME", help="The tasks assigned to a body, and the plans giving them.")
@click.option("--stale", "stale_view", is_flag=True, help="Amendments not acted on.")
@click.option("--all", "whole", is_flag=True, help="The whole graph, when it is small enough.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="legalgraph-view.html", show_default=True,
              help="The HTML file to write (replaced only when the run succeeds).")
@store_option
def view(instrument, direction, depth, province, body, stale_view, whole, output, store):
    """Draw a part of the graph as an HTML page to open in a browser (works offline).

    INSTRUMENT alone: its neighbourhood (every relation, --depth steps). With --up,
    --down or --both: its implementation chain, laid out top-down, central instruments
    above the provincial plans that implement them. Hover a node for its number, type,
    date, issuer and title; hover an edge for the sentence that says so.

    \b
      legalgraph view 56/2024/NĐ-CP --down -o nd56.html
      legalgraph view 1521/QĐ-TTg --up --province "Bến Tre" -o up.html
      legalgraph view --body "Sở Tư pháp tỉnh Bến Tre" -o stp.html
      legalgraph view --stale -o stale.html
      legalgraph view --all -o graph.html
    """
    from legalgraph.graph import view as v

    chosen = [x for x in (instrument and "INSTRUMENT", body and "--body", stale_view and "--stale", whole and "--all")
              if x]
    if len(chosen) != 1:
        raise click.ClickException("say what to view: an INSTRUMENT, --body NAME, --stale or --all"
                                   if not chosen else f"view one thing at a time, not {' and '.join(chosen)}")
    if direction and not instrument:
        raise click.ClickException(f"--{direction} goes with an INSTRUMENT")
    loader = _loader(store)
    if instrument:
        g, heading, notice, hierarchical, levels, focus = _instrument_view(loader, instrument, direction, depth,
                                                                           province)
    elif body:
        g, heading, notice, hierarchical, levels, focus = _body_view(loader, body, province)
    elif stale_view:
        g, rows = _stale_graph(loader, province)
        heading = "Amendments not acted on" + (f" — {province}" if province else "")
        notice = None if rows else ("Every instrument resting on an amended, replaced or repealed text has been "
                                    "acted on (or no such change is in the graph).")
        hierarchical, levels, focus = False, None, ()
    else:
        size = _store_size(loader)
        if size > v.MAX_NODES:
            raise click.ClickException(
                f"the whole graph has {size} nodes, more than the {v.MAX_NODES} a view can show; view a part of it: "
                "an instrument (`legalgraph view 56/2024/NĐ-CP --down`), a body (--body NAME) or --stale")
        g, heading, notice, hierarchical, levels, focus = loader.everything(), "The whole graph", None, False, None, ()
    instruments = sum(1 for _, d in g.nodes(data=True) if d.get("kind") == "instrument")
    subtitle = (f"{g.number_of_nodes()} nodes ({instruments} instruments), {g.number_of_edges()} edges · "
                f"store {store} · hover a node or an edge for details, drag to move, scroll to zoom")
    try:
        page = v.render(g, heading, subtitle=subtitle, notice=notice, hierarchical=hierarchical, focus=focus,
                        levels=levels)
    except v.ViewTooLarge as e:
        raise click.ClickException(f"{e}; narrow the view (--depth 1, --province P, or a chain with --up/--down)") \
            from None
    try:
        with _Output(output) as out:
            out.write(page)
    except OSError as e:
        raise click.ClickException(f"{output}: cannot write ({e.strerror or e})") from None
    click.echo(f"{output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges" +
               (f" — {notice}" if notice else ""), err=True)


def _instrument_view(loader, instrument, direction, depth, province):
    """An instrument's implementation chain (with a direction) or its neighbourhood:
    (graph, heading, notice, hierarchical, levels, focus)."""
    from legalgraph.graph import queries as q

    node = _instrument(loader, instrument)
    if direction:
        g = _chain_graph(loader, node, direction, depth, province)
        heading = f"{q.label(g, node)} — implementation chain ({direction})"
    else:
        g = loader.around(node, None, both=True, depth=depth or 1)
        heading = f"{q.label(g, node)} — neighbourhood ({depth or 1} step{'s' if (depth or 1) > 1 else ''})"
    notice = "Nothing in the graph is linked to this instrument this way." if g.number_of_nodes() == 1 else None
    return g, heading, notice, bool(direction), None, (node,)


def _body_view(loader, body, province):
    """The tasks assigned to a body and the instruments that give them, in three layers."""
    from legalgraph.graph import queries as q

    focus = _bodies(loader, body)
    g = loader.around(focus, ("ASSIGNED_TO",), "in", depth=1)
    tasks = [n for n, d in g.nodes(data=True) if d.get("kind") == "task"]
    loader.extend(g, tasks, ("HAS_TASK",), "in")
    g = g.subgraph([n for n, d in g.nodes(data=True) if d.get("kind") != "province"]).copy()
    if province:
        g = g.subgraph([n for n in g if g.nodes[n].get("kind") != "body" or n in focus
                        or not g.nodes[n].get("province") or q.in_province(g, n, province)]).copy()
    levels = {n: {"instrument": 0, "task": 1}.get(d.get("kind"), 2) for n, d in g.nodes(data=True)}
    notice = None if tasks else "No task in the graph is assigned to this body."
    return g, f"Tasks assigned to {body}", notice, True, levels, focus

