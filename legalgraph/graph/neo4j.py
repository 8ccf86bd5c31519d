"""The graph in Neo4j: a loader over Bolt (official ``neo4j`` driver) and CSV files for
``neo4j-admin database import full``.

Model
    Nodes carry one label per kind — ``:Instrument``, ``:Body``, ``:Person``, ``:Task``,
    ``:Province`` — and every node is keyed by its graph id in the property ``id`` (work
    URI, ``/body/…``, ``{doc}#task-N``, ``/province/…``). An instrument also carries an
    English label for its document type (``:Decree`` for "Nghị định", ``:Plan`` for "Kế
    hoạch", see ``TYPE_LABELS``) next to the Vietnamese ``type`` property, so Browser can
    colour by type and queries can say ``MATCH (d:Decree)``; a type the table does not know
    gets ``:Instrument`` alone.
    Relationship types are the extractor's edge keys (``IMPLEMENTS``, ``AMENDS``, …,
    ``ASSIGNED_TO``); each keeps its provenance as properties ``source``, ``start``,
    ``end``, ``evidence``, ``cue`` and ``role``, and ``via`` = "note" where a publisher's
    note states it, with ``provision_of``, ``provision_by`` and ``effective``: one entry
    per note (the provision of the target, of the source, the date it takes effect). The MultiDiGraph holds at most one edge of a
    type between two nodes, so ``(a)-[:TYPE]->(b)`` is the relationship's MERGE key.
    Properties Neo4j cannot store are flattened: a task's ``deadline`` map becomes
    ``deadline_start``, ``deadline_end``, ``deadline_recurring``, ``deadline_text``; any
    other map (an instrument's ``conflicts``) becomes JSON text. Instruments get
    ``issuer_key``, the issuer normalised as the ``stale`` question compares it, because
    Cypher cannot strip Vietnamese diacritics.

Loading
    ``load`` creates constraints and indexes first, then sends ``UNWIND $rows AS row …
    MERGE`` batches: values only ever travel as parameters; labels and relationship types,
    which Cypher cannot take as parameters, are picked from the fixed tables below. ``SET
    n = row.props`` replaces a node's properties, so loading the same graph twice changes
    nothing and loading an updated graph leaves no stale property behind.

Servers
    ``Neo4jServer`` (the default) and ``FalkorDBServer`` differ in schema statements and in
    how a batch is written; see their docstrings.
"""

from __future__ import annotations

import csv
import json
import shlex
from pathlib import Path

from legalgraph.model import RELATION_TYPES

NODE_LABELS = {"instrument": "Instrument", "body": "Body", "person": "Person", "task": "Task",
               "province": "Province"}


def _type_labels() -> dict[str, str]:
    """Each document type's English label (its `label` in data/grammar/doc_types.toml)."""
    from legalgraph.grammar import load_grammar

    return {t.name: t.label for t in load_grammar().types.values()}


TYPE_LABELS = _type_labels()

RELATIONSHIP_TYPES = RELATION_TYPES + ("ISSUED_BY", "SIGNED_BY", "NAMES", "HAS_TASK", "ASSIGNED_TO", "IN_PROVINCE",
                                       "SUCCEEDED_BY")

RELATIONSHIP_PROPERTIES = ("source", "start", "end", "evidence", "cue", "role", "via")
# where a publisher's note says a relation acts, as arrays of one entry per note (Neo4j
# properties hold no maps): the provision of the target, of the source, the date it takes effect
PROVISION_PROPERTIES = (("provision_of", "of"), ("provision_by", "by"), ("effective", "effective"))

# properties the query library looks nodes up by, besides the ``id`` key
INDEXED = {"Instrument": ("number", "type", "province", "stub"), "Body": ("name",), "Person": ("name",),
           "Task": ("document",), "Province": ("name",)}


class LoadError(Exception):
    """A batch failed. ``written``/``not_written``: rows per label or relationship type
    already on the server / never sent or rolled back; ``batch``: what failed."""

    def __init__(self, batch: str, written: dict, not_written: dict, cause: Exception):
        self.batch = batch
        self.written = written
        self.not_written = not_written
        self.cause = cause
        done, left = sum(written.values()), sum(not_written.values())
        super().__init__(f"loading {batch} failed ({cause}); {done} rows written, {left} not written")


# -- statements ------------------------------------------------------------------------

def node_statement(label: str, type_label: str | None = None) -> str:
    _check(label in NODE_LABELS.values(), label)
    if type_label is None:
        return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props"
    _check(label == "Instrument" and type_label in TYPE_LABELS.values(), type_label)
    # a re-typed instrument loses its old type label, so a second load converges
    others = ":".join(t for t in sorted(set(TYPE_LABELS.values())) if t != type_label)
    return (f"UNWIND $rows AS row MERGE (n:Instrument {{id: row.id}}) SET n = row.props "
            f"REMOVE n:{others} SET n:{type_label}")


def relationship_statement(rel_type: str, start_label: str, end_label: str) -> str:
    _check(rel_type in RELATIONSHIP_TYPES, rel_type)
    _check(start_label in NODE_LABELS.values() and end_label in NODE_LABELS.values(), (start_label, end_label))
    # the endpoints' labels let the server use their id constraints to find them
    return (f"UNWIND $rows AS row MATCH (a:{start_label} {{id: row.start}}) MATCH (b:{end_label} {{id: row.end}}) "
            f"MERGE (a)-[r:{rel_type}]->(b) SET r = row.props")


def _check(ok: bool, what) -> None:
    if not ok:
        raise ValueError(f"{what!r} is not in the loader's whitelist of labels and relationship types")


def loader_statements() -> list[str]:
    """Every statement the loader may send to either server: schema, then node and
    relationship MERGEs for every label and relationship type."""
    out = Neo4jServer().schema_statements() + FalkorDBServer().schema_statements()
    out += [node_statement(label) for label in NODE_LABELS.values()]
    out += [node_statement("Instrument", t) for t in sorted(set(TYPE_LABELS.values()))]
    labels = list(NODE_LABELS.values())
    out += [relationship_statement(r, a, b) for r in RELATIONSHIP_TYPES for a in labels for b in labels]
    return out


# -- servers ---------------------------------------------------------------------------

class Neo4jServer:
    """Neo4j 5: uniqueness constraints on ``id`` (which also index it) and range indexes,
    all ``IF NOT EXISTS``; each batch in a managed write transaction, retried on transient
    errors and rolled back whole on failure."""

    name = "Neo4j"

    def schema_statements(self) -> list[str]:
        out = [f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
               for label in NODE_LABELS.values()]
        out += [f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
                for label, props in INDEXED.items() for prop in props]
        return out

    def create_schema(self, session) -> None:
        for statement in self.schema_statements():
            session.run(statement).consume()

    def write(self, session, statement: str, rows: list[dict]):
        return session.execute_write(lambda tx: tx.run(statement, rows=rows).consume().counters)


class FalkorDBServer(Neo4jServer):
    """FalkorDB's Bolt endpoint: no ``CREATE CONSTRAINT`` and no ``IF NOT EXISTS`` (a
    second ``CREATE INDEX`` is an error), so indexes are created only where
    ``db.indexes()`` lists none. It has no transactions — one statement is one atomic
    write — and it splices string parameters into the query text unescaped, so ``'`` and
    ``\\`` in values are escaped here before they are sent."""

    name = "FalkorDB"

    def schema_statements(self) -> list[str]:
        return [f"CREATE INDEX FOR (n:{label}) ON (n.{prop})"
                for label, props in INDEXED.items() for prop in ("id", *props)]

    def create_schema(self, session) -> None:
        have = {(r["label"], p) for r in session.run("CALL db.indexes()").data() for p in r["properties"]}
        for (label, props) in INDEXED.items():
            for prop in ("id", *props):
                if (label, prop) not in have:
                    session.run(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})").consume()

    def write(self, session, statement: str, rows: list[dict]):
        return session.run(statement, rows=falkordb_escape(rows)).consume().counters


def falkordb_escape(value):
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [falkordb_escape(v) for v in value]
    if isinstance(value, dict):
        return {k: falkordb_escape(v) for k, v in value.items()}
    return value


# -- rows ------------------------------------------------------------------------------

def node_properties(g, node) -> dict:
    """The node's attributes as Neo4j properties: no ``kind`` (it is the label), no
    nulls, no maps."""
    data = g.nodes[node]
    props = {"id": node}
    for key, value in data.items():
        if key == "kind" or value is None:
            continue
        if key == "deadline" and isinstance(value, dict):
            props.update({f"deadline_{k}": v for k, v in value.items() if v is not None})
        elif isinstance(value, dict):
            props[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif isinstance(value, (list, tuple)):
            props[key] = list(value)
        else:
            props[key] = value
    if data.get("kind") == "instrument":
        from legalgraph.graph.queries import issuer_key

        props["issuer_key"] = issuer_key(g, node)
    return props


def node_labels(g, node) -> tuple[str, str | None]:
    data = g.nodes[node]
    label = NODE_LABELS.get(data.get("kind"))
    if label is None:
        raise ValueError(f"node {node!r} has kind {data.get('kind')!r}, which has no label")
    return label, TYPE_LABELS.get(data.get("type")) if label == "Instrument" else None


def relationship_properties(data: dict) -> dict:
    props = {k: data[k] for k in RELATIONSHIP_PROPERTIES if data.get(k) is not None}
    if data.get("provisions"):
        for name, key in PROVISION_PROPERTIES:
            # "" where a note does not say: arrays in Neo4j hold no nulls
            props[name] = [p.get(key) or "" for p in data["provisions"]]
    return props


def node_groups(g) -> dict[tuple[str, str | None], list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for node in sorted(g.nodes):
        groups.setdefault(node_labels(g, node), []).append({"id": node, "props": node_properties(g, node)})
    return groups


def relationship_groups(g) -> dict[tuple[str, str, str], list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for start, end, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        group = (key, node_labels(g, start)[0], node_labels(g, end)[0])
        groups.setdefault(group, []).append({"start": start, "end": end, "props": relationship_properties(data)})
    return groups


def _group_name(group) -> str:
    if len(group) == 2:
        return ":".join(p for p in group if p)
    rel, a, b = group
    return f"(:{a})-[:{rel}]->(:{b})"


# -- loading ---------------------------------------------------------------------------

SERVERS = {"neo4j": Neo4jServer, "falkordb": FalkorDBServer}


def load_graph(graph, driver, *, database: str | None = None, batch_size: int = 1000, progress=None,
               server: str = "neo4j") -> dict:
    """``legalgraph.load_neo4j``: the whole of ``graph`` (a ``legalgraph.Graph`` or a
    MultiDiGraph) through a neo4j ``driver`` to a Neo4j server, or to FalkorDB
    (``server="falkordb"``, which speaks Bolt with a smaller dialect); see ``load``."""
    if server not in SERVERS:
        raise ValueError(f"server is one of {', '.join(SERVERS)}, not {server!r}")
    g = graph.networkx() if hasattr(graph, "networkx") else graph
    return load(g, driver, database=database, batch_size=batch_size, progress=progress, adapter=SERVERS[server]())


def load(g, driver, database: str | None = None, batch_size: int = 1000, progress=None, adapter=None) -> dict:
    """Write the MultiDiGraph ``g`` through ``driver``; returns rows sent per label /
    relationship pattern and the server's summed counters. ``progress(done, total, what)``
    is called after each batch, in rows. Raises ``LoadError`` when a batch fails."""
    adapter = adapter or Neo4jServer()
    work = [(node_statement(*group), _group_name(group), rows) for group, rows in node_groups(g).items()]
    work += [(relationship_statement(*group), _group_name(group), rows)
             for group, rows in relationship_groups(g).items()]
    total = sum(len(rows) for _, _, rows in work)
    written = {name: 0 for _, name, _ in work}
    counters: dict[str, int] = {}
    done = 0
    with driver.session(database=database) as session:
        adapter.create_schema(session)
        for statement, name, rows in work:
            for i in range(0, len(rows), batch_size):
                batch = rows[i:i + batch_size]
                try:
                    summary = adapter.write(session, statement, batch)
                except Exception as e:
                    not_written = {n: len(r) - written[n] for _, n, r in work if len(r) > written[n]}
                    raise LoadError(f"{name} rows {i}-{i + len(batch) - 1}", dict(written), not_written, e) from e
                for field in ("nodes_created", "relationships_created", "properties_set", "labels_added",
                              "labels_removed"):
                    counters[field] = counters.get(field, 0) + getattr(summary, field, 0)
                written[name] += len(batch)
                done += len(batch)
                if progress:
                    progress(done, total, name)
    return {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges(), "rows": written, **counters}


# -- neo4j-admin import ----------------------------------------------------------------

_CSV_TYPES = ((bool, "boolean"), (int, "long"), (float, "double"))
# neo4j-admin splits an array field on one character and has no escape for it, so the
# export picks one that no array value holds (a file may be called "plan;v2.txt"): the
# ASCII unit separator, made for this, else the next separator or private-use character
ARRAY_DELIMITER = "\x1f"


def _delimiter_candidates():
    yield from "\x1f\x1e\x1d\x1c"
    for plane_start, plane_end in ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)):
        yield from map(chr, range(plane_start, plane_end + 1))


def array_delimiter(values) -> str:
    """The first candidate character found in none of ``values`` (strings)."""
    used = set().union(*map(set, values)) if values else set()
    return next(c for c in _delimiter_candidates() if c not in used)


def _delimiter_argument(delimiter: str) -> str:
    return delimiter if delimiter.isprintable() and not delimiter.isspace() else f"U+{ord(delimiter):04X}"


def _csv_type(values) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds and all(issubclass(k, (list, tuple)) for k in kinds):
        return "string[]"
    for py, neo in _CSV_TYPES:
        if kinds == {py}:
            return neo
    return "string"


def _csv_value(value, kind: str, delimiter: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string[]":
        return delimiter.join(str(v) for v in value)
    return str(value)


def export_csv(g, directory) -> dict[str, list[Path]]:
    """Nodes (one file per kind label) and relationships (one file per type) as CSV for
    ``neo4j-admin database import full``; the same properties and labels ``load`` writes.
    Returns {"nodes": [...], "relationships": [...], "array_delimiter": c}, the files in the
    order ``import_command`` wants and the character that separates array items in them."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[tuple[list[str], dict]]] = {}
    for (label, type_label), rows in node_groups(g).items():
        labels = [label] + ([type_label] if type_label else [])
        by_label.setdefault(label, []).extend((labels, r["props"]) for r in rows)
    by_type: dict[str, list[dict]] = {}
    for (rel, _, _), rows in relationship_groups(g).items():
        by_type.setdefault(rel, []).extend(rows)
    arrays = [str(v) for rows in by_label.values() for _, props in rows for value in props.values()
              if isinstance(value, list) for v in value]
    arrays += [str(v) for rows in by_type.values() for r in rows for name, _ in PROVISION_PROPERTIES
               for v in r["props"].get(name) or ()]
    delimiter = array_delimiter(arrays)
    out = {"nodes": [], "relationships": [], "array_delimiter": delimiter}
    for label, rows in sorted(by_label.items()):
        keys = sorted({k for _, props in rows for k in props} - {"id"})
        kinds = {k: _csv_type([props.get(k) for _, props in rows]) for k in keys}
        path = directory / f"nodes_{label}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id:ID", ":LABEL", *(f"{k}:{kinds[k]}" for k in keys)])
            for labels, props in sorted(rows, key=lambda r: r[1]["id"]):
                w.writerow([props["id"], delimiter.join(labels),
                            *(_csv_value(props.get(k), kinds[k], delimiter) for k in keys)])
        out["nodes"].append(path)
    columns = (("source", "string"), ("start", "long"), ("end", "long"), ("evidence", "string"), ("cue", "string"),
               ("role", "string"), ("via", "string"), *((name, "string[]") for name, _ in PROVISION_PROPERTIES))
    for rel, rows in sorted(by_type.items()):
        path = directory / f"relationships_{rel}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow([":START_ID", ":END_ID", ":TYPE", *(f"{k}:{t}" for k, t in columns)])
            for r in rows:
                w.writerow([r["start"], r["end"], rel, *(_csv_value(r["props"].get(k), t, delimiter) for k, t in columns)])
        out["relationships"].append(path)
    return out


def import_command(files: dict[str, list[Path]], database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command line (Neo4j 5) that imports ``export_csv``'s files into
    an empty (or to-be-overwritten) ``database``; run it with the server stopped, then
    ``load``'s schema (``Neo4jServer().schema_statements()``) once it is up. Evidence
    sentences may hold line breaks, hence multiline fields. The database name comes
    before the options: from Neo4j 5.19 one after ``--relationships=`` is read as a file."""
    delimiter = files.get("array_delimiter", ARRAY_DELIMITER)
    args = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination=true",
            "--multiline-fields=true", f"--array-delimiter={_delimiter_argument(delimiter)}"]
    args += [f"--nodes={p}" for p in files["nodes"]]
    args += [f"--relationships={p}" for p in files["relationships"]]
    return shlex.join(args)
