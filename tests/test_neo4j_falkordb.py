"""The Neo4j loader and the Cypher query library against a real Bolt server (FalkorDB,
see bolt_server.py), plus the neo4j-admin CSV export.

FalkorDB serves one database, so each test that loads starts by emptying it.

Neo4j-only: the schema statements of ``Neo4jServer`` (``CREATE CONSTRAINT … IF NOT
EXISTS``, named ``CREATE INDEX … IF NOT EXISTS``) — FalkorDB rejects them, and
``FalkorDBServer`` creates plain indexes instead (``test_neo4j_schema_is_neo4j_only``).
Managed write transactions too: ``FalkorDBServer`` sends each batch as one auto-commit
statement. Every file of queries/*.cypher runs on FalkorDB as shipped.
"""

from __future__ import annotations

import csv
import re
import shlex
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from bolt_server import falkordb_driver, falkordb_server  # noqa: F401
from click.testing import CliRunner
from stale_case import write_case, write_follow_up

from legalgraph.cli import main
from legalgraph.graph import queries as nxq
from legalgraph.graph.build import build_graph
from legalgraph.graph.neo4j import (
    NODE_LABELS,
    RELATIONSHIP_TYPES,
    TYPE_LABELS,
    FalkorDBServer,
    LoadError,
    Neo4jServer,
    export_csv,
    import_command,
    load,
    loader_statements,
)
from legalgraph.graph.store import Store

QUERIES = Path(__file__).resolve().parents[1] / "queries"
_PARAM = re.compile(r"^:param\s+(\w+)\s*=>\s*(.+?);?\s*$")


def read_query(name: str) -> tuple[dict, str]:
    """A query file as Browser takes it: its ``:param`` values, and the Cypher after them."""
    params, body = {}, []
    for line in (QUERIES / name).read_text(encoding="utf-8").splitlines():
        m = _PARAM.match(line)
        if m:
            params[m.group(1)] = _literal(m.group(2))
        elif not line.startswith("//"):
            body.append(line)
    return params, "\n".join(body).strip()


def _literal(text: str):
    if text == "null":
        return None
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    m = re.fullmatch(r"'((?:[^'\\]|\\.)*)'", text)
    assert m, f"not a literal: {text}"
    return m.group(1)


def build(tmp_path, inputs) -> nx.MultiDiGraph:
    store = tmp_path / "store.db"
    r = CliRunner().invoke(main, ["build", str(inputs), "--store", str(store)])
    assert r.exit_code == 0, r.output
    return build_graph(Store(store))


@pytest.fixture(scope="module")
def seeds_graph(tmp_path_factory, seeds_dir):
    return build(tmp_path_factory.mktemp("neo4j-seeds"), seeds_dir)


def clear(driver) -> None:
    with driver.session() as s:
        s.run("MATCH (n) DETACH DELETE n").consume()


def run_query(driver, name: str, **overrides) -> list[dict]:
    params, text = read_query(name)
    params.update(overrides)
    server = FalkorDBServer()
    with driver.session() as s:
        return s.run(text, **{k: _escape_for(server, v) for k, v in params.items()}).data()


def _escape_for(server, value):
    from legalgraph.graph.neo4j import falkordb_escape

    return falkordb_escape(value) if isinstance(server, FalkorDBServer) else value


@pytest.fixture
def seeds_loaded(falkordb_driver, seeds_graph):  # noqa: F811
    clear(falkordb_driver)
    counts = load(seeds_graph, falkordb_driver, adapter=FalkorDBServer(), batch_size=100)
    return counts


# -- what the server holds after a load --------------------------------------------------

def server_counts(driver) -> tuple[dict, dict]:
    with driver.session() as s:
        labels = {r["label"]: r["n"] for r in s.run("MATCH (n) UNWIND labels(n) AS label "
                                                    "RETURN label, count(*) AS n").data()}
        types = {r["type"]: r["n"] for r in s.run("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n").data()}
    return labels, types


def graph_counts(g) -> tuple[dict, dict]:
    labels: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        for label in (NODE_LABELS[d["kind"]], TYPE_LABELS.get(d.get("type")) if d["kind"] == "instrument" else None):
            if label:
                labels[label] = labels.get(label, 0) + 1
    types: dict[str, int] = {}
    for *_, key in g.edges(keys=True):
        types[key] = types.get(key, 0) + 1
    return labels, types


def snapshot(driver) -> list:
    with driver.session() as s:
        nodes = sorted((r["id"], sorted(r["labels"]), sorted(r["props"].items()))
                       for r in s.run("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props").data())
        rels = sorted((r["a"], r["t"], r["b"], sorted(r["props"].items())) for r in s.run(
            "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props").data())
    return [nodes, rels]


def test_load_writes_every_node_and_relationship(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    assert seeds_loaded["nodes"] == seeds_graph.number_of_nodes() == seeds_loaded["nodes_created"]
    assert seeds_loaded["relationships"] == seeds_graph.number_of_edges() == seeds_loaded["relationships_created"]
    assert server_counts(falkordb_driver) == graph_counts(seeds_graph)
    with falkordb_driver.session() as s:
        decree = s.run("MATCH (d:Decree {number: '56/2024/NĐ-CP'}) RETURN d.type AS type, d.year AS year, "
                       "d.sources AS sources, d.stub AS stub").single()
        plan = s.run("MATCH (p:Plan {number: '338/KH-UBND'})-[r:IMPLEMENTS]->(d:Decree) "
                     "RETURN p.id AS p, d.id AS d, r.source AS source, r.start AS start, r.end AS end, "
                     "r.evidence AS evidence").single()
        task = s.run("MATCH (t:Task) WHERE t.deadline_end = '2024-09-30' RETURN t.id AS id, "
                     "t.deadline_start AS start LIMIT 1").single()
    node = seeds_graph.nodes["/akn/vn/nghi-dinh/2024/56-2024-nd-cp"]
    assert (decree["type"], decree["year"], decree["sources"], decree["stub"]) == (
        "Nghị định", 2024, node["sources"], node["stub"])
    edge = seeds_graph.edges[plan["p"], plan["d"], "IMPLEMENTS"]
    assert (plan["source"], plan["start"], plan["end"], plan["evidence"]) == (
        edge["source"], edge["start"], edge["end"], edge["evidence"])
    assert seeds_graph.nodes[task["id"]]["deadline"]["start"] == task["start"]


def test_loading_twice_changes_nothing(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    before = snapshot(falkordb_driver)
    seen = []
    again = load(seeds_graph, falkordb_driver, adapter=FalkorDBServer(), batch_size=50,
                 progress=lambda done, total, what: seen.append((done, total)))
    assert (again["nodes_created"], again["relationships_created"]) == (0, 0)
    assert snapshot(falkordb_driver) == before
    total = seeds_graph.number_of_nodes() + seeds_graph.number_of_edges()
    assert seen[-1] == (total, total) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_values_with_quotes_and_backslashes_round_trip(falkordb_driver):  # noqa: F811
    # FalkorDB pastes string parameters into the query text; FalkorDBServer escapes them
    g = nx.MultiDiGraph()
    title = "Quyết định 'tạm thời' về C:\\dữ liệu \\' và \"trích dẫn\"\\"
    g.add_node("/akn/vn/quyet-dinh/2024/1-qd-ttg", kind="instrument", type="Quyết định", number="1/QĐ-TTg",
               title=title, sources=["it's.txt"])
    clear(falkordb_driver)
    load(g, falkordb_driver, adapter=FalkorDBServer())
    with falkordb_driver.session() as s:
        row = s.run("MATCH (d:Decision) RETURN d.title AS title, d.sources AS sources").single()
    assert (row["title"], row["sources"]) == (title, ["it's.txt"])


def test_a_failed_batch_says_what_was_and_was_not_written(falkordb_driver):  # noqa: F811
    g = nx.MultiDiGraph()
    for i in range(5):
        g.add_node(f"/body/vn/b{i}", kind="body", name=f"Sở {i}")
    # a list of maps is no property value on any Bolt server
    g.nodes["/body/vn/b3"]["name"] = [{"not": "storable"}]
    g.add_node("/province/ben-tre", kind="province", name="Bến Tre")
    g.add_edge("/body/vn/b0", "/province/ben-tre", key="IN_PROVINCE", type="IN_PROVINCE")
    clear(falkordb_driver)
    with pytest.raises(LoadError) as failed:
        load(g, falkordb_driver, adapter=FalkorDBServer(), batch_size=1)
    err = failed.value
    assert err.written == {"Body": 3, "Province": 0, "(:Body)-[:IN_PROVINCE]->(:Province)": 0}
    assert err.not_written == {"Body": 2, "Province": 1, "(:Body)-[:IN_PROVINCE]->(:Province)": 1}
    assert "Body rows 3-3" in str(err)
    assert server_counts(falkordb_driver) == ({"Body": 3}, {})


def test_neo4j_schema_is_neo4j_only(falkordb_driver):  # noqa: F811
    from neo4j.exceptions import Neo4jError

    with falkordb_driver.session() as s:
        for statement in Neo4jServer().schema_statements()[:1]:
            with pytest.raises(Neo4jError):
                s.run(statement).consume()
        FalkorDBServer().create_schema(s)  # twice: only missing indexes are created
        FalkorDBServer().create_schema(s)
        have = {(r["label"], p) for r in s.run("CALL db.indexes()").data() for p in r["properties"]}
    assert {(label, "id") for label in NODE_LABELS.values()} <= have


# -- the query library on the seeds: the networkx answers ----------------------------------

def test_every_query_file_explains_itself_and_has_a_param():
    files = sorted(QUERIES.glob("*.cypher"))
    assert {f.name for f in files} >= {"chain_down.cypher", "chain_up.cypher", "implementers_by_province.cypher",
                                       "provinces_without_plan.cypher", "stale_amendments.cypher",
                                       "tasks_of_body.cypher", "overdue_tasks.cypher", "most_cited.cypher",
                                       "missing_instruments.cypher"}
    for f in files:
        lines = f.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("// "), f.name
        params, text = read_query(f.name)
        assert params and all(f"${p}" in text for p in params), f.name


def test_chain_down(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    rows = run_query(falkordb_driver, "chain_down.cypher")
    node = nxq.resolve_one(seeds_graph, "56/2024/NĐ-CP")
    expected = nxq.chain(seeds_graph, node)
    assert "338/KH-UBND" in {r["number"] for r in rows}
    assert sorted((r["id"], r["depth"]) for r in rows) == sorted((r["id"], r["depth"]) for r in expected)
    direct = {r["id"]: r["relation"] for r in expected if r["depth"] == 1}
    assert {r["id"]: r["relation"] for r in rows if r["depth"] == 1} == direct


def test_chain_up(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    rows = run_query(falkordb_driver, "chain_up.cypher")
    assert [(r["number"], r["depth"]) for r in rows] == [("80-KL/TW", 1), ("32-CT/TW", 2)]
    expected = nxq.chain(seeds_graph, nxq.resolve_one(seeds_graph, "1521/QĐ-TTg"), up=True)
    assert [(r["id"], r["depth"], r["relation"], r["via"]) for r in rows] == [
        (r["id"], r["depth"], r["relation"], r["via_label"]) for r in expected]


def test_implementers_by_province(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    rows = run_query(falkordb_driver, "implementers_by_province.cypher")
    expected = nxq.implementers(seeds_graph, nxq.resolve_one(seeds_graph, "56/2024/NĐ-CP"))
    assert [(r["id"], r["province"], r["successor"]) for r in rows] == [
        (r["id"], r["province"], r["successor"]) for r in expected]
    assert ("Tiền Giang", "338/KH-UBND") in {(r["province"], r["number"]) for r in rows}


def test_provinces_without_plan(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    rows = run_query(falkordb_driver, "provinces_without_plan.cypher")
    expected = nxq.coverage(seeds_graph, nxq.resolve_one(seeds_graph, "56/2024/NĐ-CP"))
    assert [(r["period"], r["province"]) for r in rows] == [
        (r["period"], r["province"]) for r in expected if not r["covered"]]
    assert ("before 2025", "Tiền Giang") not in {(r["period"], r["province"]) for r in rows}
    assert len(rows) < len(expected)


def test_stale_amendments_on_the_seeds(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    assert nxq.stale(seeds_graph) == []
    assert run_query(falkordb_driver, "stale_amendments.cypher") == []
    assert run_query(falkordb_driver, "stale_amendments.cypher", changed=None) == []


def test_stale_amendments_found(falkordb_driver, tmp_path):  # noqa: F811
    # the constructed case of test_graph.py: a 2021 Bến Tre plan rests on 55/2011/NĐ-CP,
    # which 56/2024/NĐ-CP amends; a later plan of the same UBND taking 56/2024 up acts on it
    write_case(tmp_path)
    g = build(tmp_path, tmp_path)
    clear(falkordb_driver)
    load(g, falkordb_driver, adapter=FalkorDBServer())
    expected = [(r["changed_label"], r["change"], r["by_label"], r["rests_label"]) for r in nxq.stale(g)]
    assert expected == [("55/2011/NĐ-CP", "AMENDS", "56/2024/NĐ-CP", "10/KH-UBND")]
    for changed in ("55/2011/NĐ-CP", None):
        rows = run_query(falkordb_driver, "stale_amendments.cypher", changed=changed)
        assert [(r["changed"], r["change"], r["by"], r["rests"]) for r in rows] == expected
    assert run_query(falkordb_driver, "stale_amendments.cypher", changed="56/2024/NĐ-CP") == []

    write_follow_up(tmp_path)
    g = build(tmp_path, tmp_path)
    clear(falkordb_driver)
    load(g, falkordb_driver, adapter=FalkorDBServer())
    assert nxq.stale(g) == [] and run_query(falkordb_driver, "stale_amendments.cypher", changed=None) == []


def _tasks(g, body_name=None):
    for t, d in g.nodes(data=True):
        if d["kind"] != "task":
            continue
        bodies = [b for _, b, k in g.out_edges(t, keys=True) if k == "ASSIGNED_TO"]
        if body_name is None or any(g.nodes[b]["name"] == body_name for b in bodies):
            yield t, d, bodies


def test_tasks_of_body(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    params, _ = read_query("tasks_of_body.cypher")
    rows = run_query(falkordb_driver, "tasks_of_body.cypher")
    expected = sorted(t for t, _, _ in _tasks(seeds_graph, params["body"]))
    assert expected and sorted(r["id"] for r in rows) == expected
    assert all(r["role"] for r in rows)


def test_overdue_tasks(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    params, _ = read_query("overdue_tasks.cypher")
    rows = run_query(falkordb_driver, "overdue_tasks.cypher")
    expected = {t: sorted(seeds_graph.nodes[b]["name"] for b in bodies) for t, d, bodies in _tasks(seeds_graph)
                if not d["deadline"]["recurring"] and d["deadline"]["end"] and d["deadline"]["end"] < params["today"]}
    assert expected and {r["id"]: sorted(r["bodies"]) for r in rows} == expected
    assert [r["due"] for r in rows] == sorted(r["due"] for r in rows)


def test_most_cited(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    rows = run_query(falkordb_driver, "most_cited.cypher")
    stats = nxq.stats(seeds_graph)["most_cited"]
    assert rows[0]["instrument"] == stats[0]["label"] == "56/2024/NĐ-CP"
    assert [r["cited_by"] for r in rows] == [s["cited_by"] for s in stats]


def test_missing_instruments(falkordb_driver, seeds_graph, seeds_loaded):  # noqa: F811
    rows = run_query(falkordb_driver, "missing_instruments.cypher")
    expected = nxq.missing(seeds_graph)
    assert len(expected) < read_query("missing_instruments.cypher")[0]["limit"]
    assert [(r["id"], r["cited_by"]) for r in rows] == [(r["id"], r["cited_by"]) for r in expected]


# -- without a server ----------------------------------------------------------------------

def test_type_labels_cover_the_grammar():
    from legalgraph.grammar import load_grammar

    assert set(load_grammar().types) == set(TYPE_LABELS)
    assert len(set(TYPE_LABELS.values())) == len(TYPE_LABELS)


def test_loader_statements_use_only_whitelisted_names_and_parameters():
    statements = loader_statements()
    names = set(NODE_LABELS.values()) | set(TYPE_LABELS.values()) | set(RELATIONSHIP_TYPES)
    for statement in statements:
        for name in re.findall(r"[:]([A-Z][A-Za-z_]*)", statement):
            assert name in names, (name, statement)
        assert "'" not in statement and '"' not in statement
    merges = [s for s in statements if s.startswith("UNWIND $rows")]
    assert all(f"[r:{t}]" in " ".join(merges) for t in RELATIONSHIP_TYPES)
    with pytest.raises(ValueError):
        from legalgraph.graph.neo4j import relationship_statement

        relationship_statement("IMPLEMENTS]->(x) DETACH DELETE x //", "Instrument", "Instrument")


def test_the_module_does_not_import_the_driver():
    code = "import sys, legalgraph.graph.neo4j; assert 'neo4j' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_export_csv_for_neo4j_admin(tmp_path, seeds_graph):
    files = export_csv(seeds_graph, tmp_path)
    nodes, rels = {}, {}
    for path in files["nodes"]:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0])[:2] == ["id:ID", ":LABEL"]
        for r in rows:
            nodes[r["id:ID"]] = r
    assert set(nodes) == set(seeds_graph.nodes)
    decree = nodes["/akn/vn/nghi-dinh/2024/56-2024-nd-cp"]
    stub = seeds_graph.nodes["/akn/vn/nghi-dinh/2024/56-2024-nd-cp"]["stub"]
    assert (decree[":LABEL"].split(files["array_delimiter"]), decree["year:long"], decree["stub:boolean"]) == (
        ["Instrument", "Decree"], "2024", "true" if stub else "false")
    for path in files["relationships"]:
        with path.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                rels[(r[":START_ID"], r[":END_ID"], r[":TYPE"])] = r
    assert set(rels) == set(seeds_graph.edges(keys=True))
    some = next(k for k in rels if k[2] == "IMPLEMENTS")
    assert rels[some]["evidence:string"] == seeds_graph.edges[some]["evidence"]
    command = import_command(files)
    # the database before the options: Neo4j 5.19 and later read a name after them as a file
    assert command.startswith("neo4j-admin database import full neo4j --")
    assert all(f"--nodes={p}" in command for p in files["nodes"])
    assert all(f"--relationships={p}" in command for p in files["relationships"])


# -- signers are people; arrays survive any file name (issue 16, item 7) ----------------------

def _seed_signers(seeds_dir) -> set[str]:
    out = subprocess.run([sys.executable, "-m", "legalgraph", "extract", str(seeds_dir), "--no-bodies",
                          "--no-progress"], capture_output=True, text=True, check=True).stdout
    import json

    return {json.loads(line)["document"]["signer"] for line in out.splitlines()} - {None}


def test_signers_load_as_people(falkordb_driver, seeds_graph, seeds_loaded, seeds_dir):  # noqa: F811
    signers = _seed_signers(seeds_dir)
    assert signers
    with falkordb_driver.session() as s:
        people = {r["name"] for r in s.run(
            "MATCH (:Instrument)-[:SIGNED_BY]->(p:Person) RETURN DISTINCT p.name AS name").data()}
        bodies = s.run("MATCH (:Instrument)-[:SIGNED_BY]->(b:Body) RETURN count(b) AS n").single()["n"]
    assert people == signers and bodies == 0


def test_export_csv_writes_signers_as_people(tmp_path, seeds_graph, seeds_dir):
    files = export_csv(seeds_graph, tmp_path)
    person_file = tmp_path / "nodes_Person.csv"
    assert person_file in files["nodes"]
    with person_file.open(encoding="utf-8", newline="") as f:
        people = {r["name:string"]: r[":LABEL"] for r in csv.DictReader(f)}
    assert set(people) == _seed_signers(seeds_dir) and set(people.values()) == {"Person"}
    with (tmp_path / "nodes_Body.csv").open(encoding="utf-8", newline="") as f:
        assert not [r for r in csv.DictReader(f) if r["id:ID"].startswith("/person/")]


def _admin_arrays(command: str, field: str) -> list[str]:
    """Split an array field as neo4j-admin would, by the delimiter the printed command names."""
    arg = next(a for a in shlex.split(command) if a.startswith("--array-delimiter="))
    value = arg.split("=", 1)[1]
    delimiter = chr(int(value[2:], 16)) if value.startswith("U+") else "\t" if value == "TAB" else value
    assert len(delimiter) == 1
    return field.split(delimiter)


def test_export_csv_arrays_survive_delimiters_in_file_names(tmp_path, seeds_dir):
    import shutil

    docs = tmp_path / "docs"
    docs.mkdir()
    # the last holds the ASCII unit separator, the delimiter the export would first choose
    names = ["plan;v2.txt", "kế hoạch|bản 2.txt", "a,b \"c\".txt", "x\x1fy.txt"]
    for name, seed in zip(names, sorted(seeds_dir.glob("*.txt"))):
        shutil.copy(seed, docs / name)
    # one decree cited by several of them: its node's sources is an array of those files
    g = build(tmp_path, docs)
    out = tmp_path / "csv"
    command = import_command(export_csv(g, out))
    with (out / "nodes_Instrument.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["id:ID"]: r for r in csv.DictReader(f)}
    checked = 0
    for node, d in g.nodes(data=True):
        if d.get("kind") == "instrument" and d.get("sources"):
            assert _admin_arrays(command, rows[node]["sources:string[]"]) == list(d["sources"])
            checked += 1
    assert checked and any(";" in s for _, d in g.nodes(data=True) for s in d.get("sources") or [])
