"""Graph commands: build the store, and ask it the questions legal staff ask."""

from __future__ import annotations

import csv
import json
import os
import sys
from contextlib import contextmanager

import click

from legalgraph.cli import catalogue_options, catalogue_columns, Run, run_options, main

DEFAULT_STORE = "legalgraph.db"

store_option = click.option("--store", default=DEFAULT_STORE, show_default=True, type=click.Path(dir_okay=False),
                            help="The graph store (a SQLite file).")
format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                             show_default=True)


def open_graph(store_path, write=False, wait=0.0):
    """The store opened for the command (``legalgraph.Graph``), closed when the command
    ends, not whenever the collector gets to it: SQLite removes the log files beside the
    store only when its last connection closes."""
    import legalgraph

    # named for the one-line message of a failure further on (legalgraph.cli._Main)
    click.get_current_context().meta["legalgraph.store"] = store_path
    try:
        graph = legalgraph.Graph.open(store_path, write=write, wait=wait)
    except legalgraph.StoreError as e:
        raise click.ClickException(str(e)) from None
    click.get_current_context().call_on_close(graph.close)
    return graph


@contextmanager
def asking():
    """What the library says cannot be answered (no such instrument, several, a store
    that fails) as the command's one-line error."""
    import legalgraph

    try:
        yield
    except (legalgraph.NotFound, legalgraph.Ambiguous, legalgraph.StoreError) as e:
        raise click.ClickException(str(e)) from None


def _dicts(rows):
    return (r.to_dict() for r in rows)


def _emit(rows, fmt, columns, title=None):
    """Rows as a readable table, JSON, or CSV (the columns given, in order). ``rows`` may be
    an iterator: JSON and CSV stream it, a row at a time."""
    if fmt == "json":
        # a JSON array, one row per line: readable, and each row goes through the C encoder
        # (indent= would switch json to its pure-Python encoder, slow on big results)
        # written a thousand rows at a time: one write per row costs more than the row
        # one encoder for all rows: json.dumps with options builds a new one per call
        encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
        pieces, first = [], True
        for r in rows:
            pieces.append(("[\n  " if first else ",\n  ") + encode(r))
            first = False
            if len(pieces) >= 1000:
                click.echo("".join(pieces), nl=False)
                pieces = []
        click.echo("".join(pieces) + ("[]" if first else "\n]"))
        return
    if fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow([c for c, _ in columns])
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c, _ in columns])
        return
    from legalgraph.cli.table import short, rows_table

    rows = list(rows)
    if title:
        click.echo(title)
    if not rows:
        click.echo("(nothing)")
        return
    click.echo(rows_table([h for _, h in columns], [[short(r.get(c), 60) for c, _ in columns] for r in rows]))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be read; store nothing.")
@click.option("--no-bodies", is_flag=True, help="Skip bodies and tasks (faster; no spaCy).")
@click.option("--wait", type=click.FloatRange(min=0), default=600, show_default=True, metavar="SECONDS",
              help="How long to wait for another build writing to the same store to finish (0: not at all).")
@catalogue_options
@run_options
def build(paths, store, strict, no_bodies, wait, number_col, date_col, title_col, issuer, jobs, progress):
    """Add documents to the graph store, or update them.

    PATHS are documents (.txt, .md, .docx, .pdf, .html), catalogues (.csv, .xlsx: a
    document per row),
    `extract` output (.jsonl) or directories of them. A document already in the store
    is replaced if it changed and left alone if it did not. The run is one transaction:
    if it fails or is stopped, the store keeps the graph it had.

    \b
      legalgraph build data/seeds
      legalgraph build portal.csv --issuer "UBND tỉnh Bình Dương" --store bd.db
      legalgraph extract plans/ > plans.jsonl && legalgraph build plans.jsonl
    """
    import legalgraph

    graph = open_graph(store, write=True, wait=wait)
    run = Run(paths, strict=strict, jobs=jobs, progress=progress, no_bodies=no_bodies, records=True,
               columns=catalogue_columns(number_col, date_col, title_col), issuer=issuer)
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    try:
        with graph.transaction():
            for outcome in run:
                kind = "catalogue" if outcome.kind == "row" else "document"
                try:
                    counts[graph.add(outcome.record(), kind=kind, raw=outcome.line.encode("utf-8"))] += 1
                except legalgraph.RecordError as e:
                    run.failures.report(f"{outcome.source}: {e}")
    except legalgraph.StoreError as e:
        run.meter.finish()
        raise click.ClickException(str(e)) from None
    total = graph.summary()
    click.echo(f"{store}: {counts['added']} added, {counts['replaced']} replaced, {counts['unchanged']} unchanged; "
               f"now {total['documents']} documents, {total['instruments']} instruments "
               f"({total['stubs']} cited but not in the collection)", err=True)
    if run.failed:
        raise SystemExit(1)


CHAIN_COLUMNS = [("depth", "depth"), ("number", "number"), ("type", "type"), ("date", "date"),
                 ("province", "province"), ("relation", "relation"), ("via_label", "of"), ("issuer", "issuer")]
CHAIN_CSV_COLUMNS = CHAIN_COLUMNS + [("title", "title"), ("file", "file")]


def _recognisable(rows):
    """Table rows whose number cell names an unnumbered document by its title and file,
    which is all a reader can know it by."""
    for r in rows:
        if not r.get("number"):
            title = r.get("title") or ""
            title = title if len(title) <= 30 else title[:29] + "…"
            file = os.path.basename(r["file"]) if r.get("file") else None
            file = f"file {file}" if file else None
            r = r | {"number": f"{title} ({file})" if title and file else title or file or "(no number)"}
        yield r


@main.command()
@click.argument("instrument")
@click.option("--up", is_flag=True, help="The chain upwards: what it implements, and what that implements.")
@store_option
@format_option
def chain(instrument, up, store, fmt):
    """The implementation chain of an instrument.

    Down (the default): every instrument that implements or details it, transitively —
    decision, provincial plan, district plan — grouped by province. --up: what it
    implements or details, and so on upwards.

    \b
      legalgraph chain 56/2024/NĐ-CP
      legalgraph chain "Quyết định 1521/QĐ-TTg" --up
    """
    with asking():
        # the table and CSV do not show the evidence: read faster without it
        rows = open_graph(store).chain(instrument, up=up, evidence=fmt == "json")
    root = rows.root
    rows = _dicts(rows)
    if fmt == "table":
        rows = _recognisable(rows)
    _emit(rows, fmt, CHAIN_CSV_COLUMNS if fmt == "csv" else CHAIN_COLUMNS,
          title=f"{root.label} — {'implements' if up else 'implemented by'}:")


@main.command()
@click.argument("instrument")
@click.option("--province", default=None, help="Only this province (a pre-2025 name or today's unit).")
@store_option
@format_option
def implementers(instrument, province, store, fmt):
    """The provincial and local instruments that implement an instrument, by province.

    A province is matched by the name the document uses or by the unit that succeeded it in
    2025: --province "Vĩnh Long" finds the plans of Bến Tre and Trà Vinh too.

    \b
      legalgraph implementers 1521/QĐ-TTg --province "Vĩnh Long"   # Bến Tre's plan, Vĩnh Long since 2025
      legalgraph implementers "nd 56/2024" --format csv > nd56-plans.csv
    """
    with asking():
        rows = open_graph(store).implementers(instrument, province=province, evidence=fmt == "json")
    root = rows.root
    rows = _dicts(rows)
    columns = [("province", "province"), ("successor", "now in"), ("number", "number"), ("type", "type"),
               ("date", "date"), ("issuer", "issuer"), ("depth", "depth"), ("via_label", "of")]
    if fmt == "table":
        rows = _recognisable(rows)
    _emit(rows, fmt, columns + [("title", "title"), ("file", "file")] if fmt == "csv" else columns,
          title=f"{root.label} — implemented in the provinces by:")


@main.command()
@click.argument("instrument")
@click.option("--period", type=click.Choice(["before-2025", "from-2025", "both"]), default="both", show_default=True)
@click.option("--missing-only", is_flag=True, help="Only the provinces that have not acted.")
@store_option
@format_option
def coverage(instrument, period, missing_only, store, fmt):
    """Which provinces have and have not issued an instrument implementing this one.

    A row per province before the 2025 reorganisation and per unit after it; the first
    line counts the rows that acted, also with --missing-only.

    \b
      legalgraph coverage 56/2024/NĐ-CP
      legalgraph coverage "nd 56/2024" --missing-only --period from-2025
    """
    with asking():
        answer = open_graph(store).coverage(instrument, period=None if period == "both" else period.replace("-", " "))
    # counted before --missing-only, so the line says the same with it and without it
    covered, total = answer.acted()
    units = [(unit, answer.acted(name)) for name, unit in (("before 2025", "provinces before 2025"),
                                                           ("from 2025", "units from 2025"))]
    units = [(unit, acted) for unit, acted in units if acted[1]]
    title = f"{answer.root.label} — acted on in {covered} of {total}"
    if len(units) == 1:
        title += f" {units[0][0]}"
    elif units:
        title += " (" + ", ".join(f"{acted} of {of} {unit}" for unit, (acted, of) in units) + ")"
    rows = list(_dicts(answer))
    if missing_only:
        rows = [r for r in rows if not r["covered"]]
        title += f"; the {len(rows)} that have not:"
    else:
        title += ":"
    if fmt != "json":
        for r in rows:
            r["instruments"] = ", ".join(r["instruments"])
    _emit(rows, fmt, [("period", "period"), ("province", "province"), ("covered", "acted"),
                      ("instruments", "instruments")], title=title)


@main.command()
@click.argument("instrument", required=False)
@click.option("--province", default=None, help="Only instruments of this province (a pre-2025 name or today's unit).")
@store_option
@format_option
def stale(instrument, province, store, fmt):
    """Amendments not yet acted on: who still rests on an amended, replaced or repealed text.

    For each instrument changed (AMENDS, REPLACES, REPEALS) and each instrument that
    implements, details or is based on the old text: listed unless a later instrument of
    its own issuer acted on the change. INSTRUMENT: only the changes of that one.

    \b
      legalgraph stale 34/2016/NĐ-CP             # amended by 154/2020/NĐ-CP: who has not followed
      legalgraph stale --province "Bến Tre" --format csv > ben-tre.csv
    """
    with asking():
        # rows stream: the store is read as the table or the file is written
        _emit(_dicts(open_graph(store).stale(instrument, province=province)), fmt,
              [("changed_label", "changed"), ("change", "change"), ("by_label", "by"), ("date", "date"),
               ("where", "where"), ("rests_label", "still rests on it"), ("rests_relation", "as"),
               ("rests_issuer", "issuer")])

@main.command()
@click.argument("instrument")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def show(instrument, store, fmt):
    """Everything known about one instrument: its data, and its edges in and out with evidence.

    \b
      legalgraph show "Quyết định 916/QĐ-TTg ngày 27/8/2024"
      legalgraph show /akn/vn/nghi-dinh/2024/56-2024-nd-cp --format json
      legalgraph show "Luật Căn cước 2023"      # a law by name and year
    """
    with asking():
        details = open_graph(store).show(instrument)
    info = details.to_dict()
    if fmt == "json":
        click.echo(json.dumps(info, ensure_ascii=False, indent=2, default=str))
        return
    from legalgraph.cli.table import short, rows_table

    click.echo(f"{info['id']}")
    for k in ("type", "number", "date", "year", "issuer", "province", "title", "stub", "cited_by", "sources",
              "conflicts"):
        if info.get(k) not in (None, [], {}):
            click.echo(f"  {k}: {info[k]}")
    click.echo("")
    click.echo(rows_table(["relation", "to", "stated by", "where", "evidence", "source"],
                          [[e.relation, short(e.label, 35), e.via, short(e.where, 40), short(e.evidence, 60),
                            short(e.source, 30)] for e in details.out] or [[""] * 6]))
    click.echo("")
    click.echo(rows_table(["from", "relation", "stated by", "where", "evidence", "source"],
                          [[short(e.label, 35), e.relation, e.via, short(e.where, 40), short(e.evidence, 60),
                            short(e.source, 30)] for e in details.into] or [[""] * 6]))


@main.command()
@click.argument("text")
@store_option
@format_option
def search(text, store, fmt):
    """Find instruments by number fragment or title words, with or without diacritics.

    \b
      legalgraph search "nghi dinh 56"
      legalgraph search "phổ biến giáo dục pháp luật"
    """
    with asking():
        rows = list(_dicts(open_graph(store).search(text)))
    _emit(rows, fmt, [("number", "number"), ("type", "type"), ("date", "date"), ("issuer", "issuer"),
                      ("cited_by", "cited by"), ("stub", "stub"), ("title", "title")])


@main.command()
@store_option
@format_option
def check(store, fmt):
    """Relations against time: a text that amends, replaces, repeals, details or implements
    one newer than itself. The extractor emits none; a store may hold one where a node's
    dates come from another document. Exit status 1 when there are any.

    \b
      legalgraph check
      legalgraph check --format csv > against-time.csv
    """
    with asking():
        rows = list(_dicts(open_graph(store).check()))
    _emit(rows, fmt, [("source_label", "source"), ("source_date", "dated"), ("relation", "relation"),
                      ("target_label", "target"), ("target_date", "dated"), ("stated_in", "stated in")],
          title=None)
    if rows:
        raise SystemExit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(store, fmt):
    """Counts by type, province and relation; the most-cited instruments.

    \b
      legalgraph stats
      legalgraph stats --format json --store bd.db
    """
    with asking():
        s = open_graph(store).stats().to_dict()
    if fmt == "json":
        click.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    click.echo(f"documents {s['documents']}, cited-only instruments (stubs) {s['stubs']}")
    for title, key in (("by type", "by_type"), ("by province", "by_province"), ("relations", "relations")):
        click.echo(f"\n{title}:")
        for k, v in s[key].items():
            click.echo(f"  {v:>6}  {k}")
    click.echo("\nmost cited:")
    for r in s["most_cited"]:
        click.echo(f"  {r['cited_by']:>6}  {r['label']}")


@main.command()
@store_option
@format_option
def missing(store, fmt):
    """Instruments cited but not in the collection — what to collect next, most cited first.

    \b
      legalgraph missing
      legalgraph missing --format csv > to-collect.csv
    """
    with asking():
        rows = list(_dicts(open_graph(store).missing()))
    _emit(rows, fmt, [("cited_by", "cited by"), ("number", "number"), ("type", "type"), ("date", "date"),
                      ("issuer", "issuer"), ("title", "title")])


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["graphml", "json", "turtle", "jsonld", "nt"]), default="json",
              show_default=True, help="neo4j-csv, a folder of files, is `legalgraph neo4j export-csv`.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write here (default: stdout).")
def export(store, fmt, output):
    """The whole graph: GraphML (Gephi, yEd, networkx), node-link JSON, or RDF.

    RDF (turtle, jsonld, nt) uses the ELI ontology for instruments and the small vn:
    vocabulary shipped with legalgraph for what ELI lacks; queries/*.rq are SPARQL
    versions of the main questions.

    \b
      legalgraph export --format graphml -o graph.graphml
      legalgraph export --format turtle -o graph.ttl
    """
    import legalgraph

    with asking():
        text = legalgraph.export(open_graph(store), fmt)
    if output:
        from legalgraph.cli import Output

        with Output(output) as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


@main.group()
def neo4j():
    """Load the graph into Neo4j, or write files for neo4j-admin import.

    \b
      legalgraph neo4j load --uri bolt://localhost:7687 --user neo4j --password-env NEO4J_PASSWORD
      legalgraph neo4j export-csv import/     # then the neo4j-admin command it prints
    """


@neo4j.command("load")
@store_option
@click.option("--uri", envvar="NEO4J_URI", default="bolt://localhost:7687", show_default=True,
              help="Bolt URI (or NEO4J_URI).")
@click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True, help="User (or NEO4J_USER).")
@click.option("--password-env", default="NEO4J_PASSWORD", show_default=True, metavar="VAR",
              help="The environment variable holding the password (never a command-line argument).")
@click.option("--database", default=None, help="Database name (default: the server's default).")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--server", type=click.Choice(["neo4j", "falkordb"]), default="neo4j", show_default=True,
              help="What answers at URI: FalkorDB speaks Bolt too, with a smaller dialect.")
def neo4j_load(store, uri, user, password_env, database, batch_size, server):
    """Write the graph into Neo4j: constraints and indexes first, then nodes and
    relationships in batches (UNWIND … MERGE). Loading twice changes nothing.

    \b
      NEO4J_PASSWORD=… legalgraph neo4j load --uri bolt://localhost:7687 --user neo4j
      legalgraph neo4j load --uri neo4j+s://xxxx.databases.neo4j.io --password-env AURA_PASSWORD
    """
    import legalgraph

    try:
        import neo4j as driver_module
    except ImportError:  # pragma: no cover - neo4j is a dependency
        raise click.ClickException("the neo4j driver is not installed (pip install neo4j)") from None
    graph = open_graph(store)
    password = os.environ.get(password_env, "")

    tty = sys.stderr.isatty()

    def progress(done, total, what):
        if tty:  # one line, rewritten in place; nothing for logs and pipes but the summary
            click.echo(f"\r{done}/{total} rows  {what}\x1b[K", err=True, nl=False)

    driver = driver_module.GraphDatabase.driver(uri, auth=(user, password))
    try:
        with asking():
            counts = legalgraph.load_neo4j(graph, driver, database=database, batch_size=batch_size,
                                           progress=progress, server=server)
    except legalgraph.LoadError as e:
        raise click.ClickException(f"{uri}: {e}") from None
    except driver_module.exceptions.Neo4jError as e:
        raise click.ClickException(f"{uri}: {' '.join(str(e.message or e).split())}") from None
    except driver_module.exceptions.DriverError as e:  # one line: the driver's messages span several
        raise click.ClickException(f"{uri}: cannot load ({' '.join(str(e).split())})") from None
    finally:
        driver.close()
        if tty:
            click.echo(err=True)  # end the progress line
    click.echo(f"{uri}: {counts['nodes']} nodes and {counts['relationships']} relationships written; the server "
               f"created {counts.get('nodes_created', 0)} nodes and {counts.get('relationships_created', 0)} "
               "relationships (none when the graph was loaded already)", err=True)


@neo4j.command("export-csv")
@store_option
@click.argument("directory", type=click.Path(file_okay=False))
def neo4j_export_csv(store, directory):
    """Write node and relationship CSV files for `neo4j-admin database import full` — the
    fastest way to load a national-size graph — and print the command to run.

    \b
      legalgraph neo4j export-csv import/
      legalgraph neo4j export-csv import/ --store national.db > import-command.sh
    """
    import legalgraph

    with asking():
        try:
            files = legalgraph.export(open_graph(store), "neo4j-csv", to=directory)
        except legalgraph.ExportError as e:
            raise click.ClickException(str(e)) from None
    click.echo(legalgraph.neo4j_import_command(files))
