"""Graph commands: build the store, and ask it the questions legal staff ask."""

from __future__ import annotations

import csv
import io
import json
import os
import sys

import click

from legalgraph.cli import _catalogue_options, _columns, _Run, _run_options, main

DEFAULT_STORE = "legalgraph.db"

store_option = click.option("--store", default=DEFAULT_STORE, show_default=True, type=click.Path(dir_okay=False),
                            help="The graph store (a SQLite file).")
format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                             show_default=True)


def _open_store(store_path):
    from legalgraph.graph.store import Store, StoreError

    if not os.path.exists(store_path):
        raise click.ClickException(f"{store_path}: no graph store here; run `legalgraph build PATH... --store "
                                   f"{store_path}` first")
    # named for the one-line message of a failure further on (legalgraph.cli._Main)
    click.get_current_context().meta["legalgraph.store"] = store_path
    try:
        store = Store(store_path, write=False)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    # closed when the command ends, not whenever the collector gets to it: SQLite removes the
    # log files beside the store only when its last connection closes
    click.get_current_context().call_on_close(store.close)
    return store


def _loader(store_path):
    """Reads the parts of the graph a command needs from the store."""
    from legalgraph.graph.build import GraphLoader

    return GraphLoader(_open_store(store_path))


def _instrument(loader, name):
    """The node an instrument name means; a clear message when none or several."""
    from legalgraph.graph import queries as q

    if not name.strip():
        raise click.ClickException("the instrument name is empty: give its number (56/2024/NĐ-CP), its name "
                                   "(\"Luật Đất đai 2024\") or its work URI")
    g = loader.candidates(name)
    try:
        return q.resolve_one(g, name)
    except q.NotFound as e:
        raise click.ClickException(str(e)) from None
    except q.Ambiguous as e:
        lines = [f"'{name}' names {len(e.candidates)} instruments; say which:"]
        lines += [f"  {q.label(g, c)}  {g.nodes[c].get('type') or ''}  {g.nodes[c].get('date') or ''}  {c}"
                  for c in e.candidates[:20]]
        raise click.ClickException("\n".join(lines)) from None


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
    from legalgraph.cli.table import _short, rows_table

    rows = list(rows)
    if title:
        click.echo(title)
    if not rows:
        click.echo("(nothing)")
        return
    click.echo(rows_table([h for _, h in columns], [[_short(r.get(c), 60) for c, _ in columns] for r in rows]))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--strict", is_flag=True, help="Stop at the first input that cannot be read; store nothing.")
@click.option("--no-bodies", is_flag=True, help="Skip bodies and tasks (faster; no spaCy).")
@click.option("--wait", type=click.FloatRange(min=0), default=600, show_default=True, metavar="SECONDS",
              help="How long to wait for another build writing to the same store to finish (0: not at all).")
@_catalogue_options
@_run_options
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
    from legalgraph.graph.store import RecordError, Store, StoreError

    click.get_current_context().meta["legalgraph.store"] = store
    try:
        st = Store(store, wait=wait)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    click.get_current_context().call_on_close(st.close)
    run = _Run(paths, strict=strict, jobs=jobs, progress=progress, no_bodies=no_bodies, records=True,
               columns=_columns(number_col, date_col, title_col), issuer=issuer)
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    try:
        with st.transaction():
            for outcome in run:
                kind = "catalogue" if outcome.kind == "row" else "document"
                try:
                    counts[st.ingest(outcome.record(), kind=kind, raw=outcome.line.encode("utf-8"))] += 1
                except RecordError as e:
                    run.failures.report(f"{outcome.source}: {e}")
    except StoreError as e:
        run.meter.finish()
        raise click.ClickException(str(e)) from None
    total = st.summary()
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
    from legalgraph.graph import queries as q

    loader = _loader(store)
    node = _instrument(loader, instrument)
    # the same rows as on loader.around, sooner; the table and CSV do not show the evidence
    g = loader.walk(node, q.DOWN_TYPES, "out" if up else "in", evidence=fmt == "json")
    rows = q.chain(g, node, up=up)
    q.add_files(loader, rows)
    if not up:
        rows.sort(key=lambda r: (r["province"] or "", r["depth"], r["date"] or ""))
    if fmt == "table":
        rows = _recognisable(rows)
    _emit(rows, fmt, CHAIN_CSV_COLUMNS if fmt == "csv" else CHAIN_COLUMNS,
          title=f"{q.label(g, node)} — {'implements' if up else 'implemented by'}:")


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
    from legalgraph.graph import queries as q

    loader = _loader(store)
    node = _instrument(loader, instrument)
    g = loader.walk(node, q.DOWN_TYPES, "in", evidence=fmt == "json")
    rows = q.implementers(g, node, province)
    q.add_files(loader, rows)
    columns = [("province", "province"), ("successor", "now in"), ("number", "number"), ("type", "type"),
               ("date", "date"), ("issuer", "issuer"), ("depth", "depth"), ("via_label", "of")]
    if fmt == "table":
        rows = _recognisable(rows)
    _emit(rows, fmt, columns + [("title", "title"), ("file", "file")] if fmt == "csv" else columns,
          title=f"{q.label(g, node)} — implemented in the provinces by:")


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
    from legalgraph.graph import queries as q

    loader = _loader(store)
    node = _instrument(loader, instrument)
    g = loader.walk(node, q.DOWN_TYPES, "in", evidence=False)  # coverage rows name instruments only
    rows = q.coverage(g, node)
    if period != "both":
        rows = [r for r in rows if r["period"] == period.replace("-", " ")]
    # counted before --missing-only, so the line says the same with it and without it
    covered, total = sum(1 for r in rows if r["covered"]), len(rows)
    units = [(unit, [r for r in rows if r["period"] == name])
             for name, unit in (("before 2025", "provinces before 2025"), ("from 2025", "units from 2025"))]
    units = [(unit, of) for unit, of in units if of]
    title = f"{q.label(g, node)} — acted on in {covered} of {total}"
    if len(units) == 1:
        title += f" {units[0][0]}"
    elif units:
        title += " (" + ", ".join(f"{sum(1 for r in of if r['covered'])} of {len(of)} {unit}"
                                  for unit, of in units) + ")"
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
    from legalgraph.graph import queries as q

    if instrument is not None and not instrument.strip():
        # "" is a slip (an unset shell variable), not a request for the whole report
        raise click.ClickException("the instrument name is empty: name one (stale 34/2016/NĐ-CP), or leave it "
                                   "out for every change")
    loader = _loader(store)
    node, changed = None, None
    if instrument is not None:
        node = _instrument(loader, instrument)
        changed = loader.changes_of(node)
    rows = q.iter_stale(loader.stale_walk(changed), changed=node, province=province)
    _emit(rows, fmt, [("changed_label", "changed"), ("change", "change"), ("by_label", "by"), ("date", "date"),
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
    from legalgraph.graph import queries as q

    loader = _loader(store)
    node = _instrument(loader, instrument)
    info = q.show(loader.around(node, None, both=True, depth=1), node)
    if fmt == "json":
        click.echo(json.dumps(info, ensure_ascii=False, indent=2, default=str))
        return
    from legalgraph.cli.table import _short, rows_table

    click.echo(f"{info['id']}")
    for k in ("type", "number", "date", "year", "issuer", "province", "title", "stub", "cited_by", "sources",
              "conflicts"):
        if info.get(k) not in (None, [], {}):
            click.echo(f"  {k}: {info[k]}")
    click.echo("")
    click.echo(rows_table(["relation", "to", "stated by", "where", "evidence", "source"],
                          [[e["relation"], _short(e["target_label"], 35), e["via"],
                            _short(q.provisions_text(e.get("provisions")), 40), _short(e["evidence"], 60),
                            _short(e["source"], 30)] for e in info["out"]] or [[""] * 6]))
    click.echo("")
    click.echo(rows_table(["from", "relation", "stated by", "where", "evidence", "source"],
                          [[_short(e["source_label"], 35), e["relation"], e["via"],
                            _short(q.provisions_text(e.get("provisions")), 40), _short(e["evidence"], 60),
                            _short(e["source"], 30)] for e in info["in"]] or [[""] * 6]))


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
    from legalgraph.graph import queries as q

    rows = q.search_store(_loader(store), text)
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
    from legalgraph.graph import queries as q

    rows = list(q.out_of_time(_open_store(store).db))
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
    from legalgraph.graph import queries as q

    s = q.stats_from_store(_loader(store))
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
    from legalgraph.graph import queries as q

    _emit(q.missing_from_store(_loader(store)), fmt, [("cited_by", "cited by"), ("number", "number"), ("type", "type"),
                                               ("date", "date"), ("issuer", "issuer"), ("title", "title")])


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["graphml", "json", "turtle", "jsonld", "nt"]), default="json",
              show_default=True)
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
    import networkx as nx

    from legalgraph.graph.build import build_graph

    g = build_graph(_open_store(store))
    if fmt in ("turtle", "jsonld", "nt"):
        from legalgraph.graph.rdf import serialize

        text = serialize(g, fmt)
    elif fmt == "json":
        text = json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, default=str)
    else:
        flat = nx.MultiDiGraph()
        for n, d in g.nodes(data=True):
            flat.add_node(n, **{k: _scalar(v) for k, v in d.items() if v is not None})
        for u, v, k, d in g.edges(keys=True, data=True):
            flat.add_edge(u, v, key=k, **{a: _scalar(b) for a, b in d.items() if b is not None})
        buf = io.BytesIO()
        nx.write_graphml(flat, buf)
        text = buf.getvalue().decode("utf-8")
    if output:
        from legalgraph.cli import _Output

        with _Output(output) as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


def _scalar(value):
    if isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


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
    from legalgraph.graph.build import build_graph
    from legalgraph.graph.neo4j import FalkorDBServer, LoadError, Neo4jServer, load

    try:
        import neo4j as driver_module
    except ImportError:  # pragma: no cover - neo4j is a dependency
        raise click.ClickException("the neo4j driver is not installed (pip install neo4j)") from None
    g = build_graph(_open_store(store))
    password = os.environ.get(password_env, "")

    tty = sys.stderr.isatty()

    def progress(done, total, what):
        if tty:  # one line, rewritten in place; nothing for logs and pipes but the summary
            click.echo(f"\r{done}/{total} rows  {what}\x1b[K", err=True, nl=False)

    driver = driver_module.GraphDatabase.driver(uri, auth=(user, password))
    try:
        counts = load(g, driver, database=database, batch_size=batch_size, progress=progress,
                      adapter=FalkorDBServer() if server == "falkordb" else Neo4jServer())
    except LoadError as e:
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
    from legalgraph.graph.build import build_graph
    from legalgraph.graph.neo4j import export_csv, import_command

    g = build_graph(_open_store(store))
    click.echo(import_command(_write_directory(directory, lambda tmp: export_csv(g, tmp))))


def _write_directory(directory, write):
    """Files written whole or not at all: ``write(folder)`` fills a temporary folder beside
    ``directory``, whose files then replace theirs in it (or which becomes it). Returns what
    ``write`` returned (a dict), its lists of paths moved to ``directory``."""
    import shutil
    import tempfile
    from pathlib import Path

    target = Path(directory)
    try:
        parent = target.absolute().parent
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".legalgraph-", dir=parent))
    except OSError as e:
        raise click.ClickException(f"{directory}: cannot write ({e.strerror or e})") from None
    try:
        files = write(tmp)
        if not target.exists():
            tmp.rename(target)
        else:
            for f in sorted(tmp.iterdir()):
                os.replace(f, target / f.name)
    except OSError as e:
        raise click.ClickException(f"{directory}: cannot write ({e.strerror or e}); nothing written") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {k: [target / Path(p).name for p in v] if isinstance(v, list) else v for k, v in files.items()}
