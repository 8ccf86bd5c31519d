"""The `view` command: a part of the graph as an HTML page to open in a browser."""

from __future__ import annotations

import click

from legalgraph.cli import Output, main
from legalgraph.cli.graph import asking, open_graph, store_option


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
    import legalgraph

    chosen = [x for x in (instrument and "INSTRUMENT", body and "--body", stale_view and "--stale", whole and "--all")
              if x]
    if len(chosen) != 1:
        raise click.ClickException("say what to view: an INSTRUMENT, --body NAME, --stale or --all"
                                   if not chosen else f"view one thing at a time, not {' and '.join(chosen)}")
    if direction and not instrument:
        raise click.ClickException(f"--{direction} goes with an INSTRUMENT")
    with asking():
        try:
            part = open_graph(store).view(instrument, direction=direction, depth=depth, province=province, body=body,
                                      stale=stale_view, whole=whole)
        except legalgraph.ViewTooLarge as e:  # the whole graph: the message says what to view instead
            raise click.ClickException(str(e)) from None
    g = part.graph
    subtitle = (f"{g.number_of_nodes()} nodes ({part.instruments} instruments), {g.number_of_edges()} edges · "
                f"store {store} · hover a node or an edge for details, drag to move, scroll to zoom")
    try:
        page = part.html(subtitle=subtitle)
    except legalgraph.ViewTooLarge as e:
        raise click.ClickException(f"{e}; narrow the view (--depth 1, --province P, or a chain with --up/--down)") \
            from None
    try:
        with Output(output) as out:
            out.write(page)
    except OSError as e:
        raise click.ClickException(f"{output}: cannot write ({e.strerror or e})") from None
    click.echo(f"{output}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges" +
               (f" — {part.notice}" if part.notice else ""), err=True)
