"""The Neo4j loader and the whole Cypher query library against a real Neo4j, with its
Neo4j-only parts (constraints, named indexes, managed write transactions).

Runs when ``NEO4J_URI`` is set (with ``NEO4J_USER``, default neo4j, and
``NEO4J_PASSWORD``; ``NEO4J_DATABASE`` optional) and is skipped otherwise. It EMPTIES
that database: point it at a scratch one.
"""

from __future__ import annotations

import os

import pytest
import test_neo4j_falkordb as lib
from test_neo4j_falkordb import seeds_graph  # noqa: F401

from legalgraph.graph import queries as nxq
from legalgraph.graph.neo4j import Neo4jServer, load

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI not set: no Neo4j to test against")
DATABASE = os.environ.get("NEO4J_DATABASE") or None


@pytest.fixture(scope="module")
def driver():
    neo4j = pytest.importorskip("neo4j")
    d = neo4j.GraphDatabase.driver(os.environ["NEO4J_URI"], auth=(os.environ.get("NEO4J_USER", "neo4j"),
                                                                   os.environ.get("NEO4J_PASSWORD", "")))
    d.verify_connectivity()
    yield d
    d.close()


def query(driver, name, **overrides):
    params, text = lib.read_query(name)
    params.update(overrides)
    records, _, _ = driver.execute_query(text, params, database_=DATABASE)
    return [r.data() for r in records]


@pytest.fixture(scope="module")
def loaded(driver, seeds_graph):  # noqa: F811
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=DATABASE)
    return load(seeds_graph, driver, database=DATABASE, adapter=Neo4jServer())


def test_load_schema_and_twice(driver, seeds_graph, loaded):  # noqa: F811
    assert loaded["nodes_created"] == seeds_graph.number_of_nodes()
    assert loaded["relationships_created"] == seeds_graph.number_of_edges()
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=DATABASE)
    assert {"instrument_id", "body_id", "task_id", "province_id", "person_id"} <= {r["name"] for r in records}
    again = load(seeds_graph, driver, database=DATABASE, adapter=Neo4jServer())
    assert (again["nodes_created"], again["relationships_created"], again["labels_added"]) == (0, 0, 0)


def test_query_library(driver, seeds_graph, loaded):  # noqa: F811
    g = seeds_graph
    rows = query(driver, "chain_down.cypher")
    expected = nxq.chain(g, nxq.resolve_one(g, "56/2024/NĐ-CP"))
    assert sorted((r["id"], r["depth"]) for r in rows) == sorted((r["id"], r["depth"]) for r in expected)
    assert [(r["number"], r["depth"]) for r in query(driver, "chain_up.cypher")] == [("80-KL/TW", 1),
                                                                                    ("32-CT/TW", 2)]
    implementers = nxq.implementers(g, nxq.resolve_one(g, "56/2024/NĐ-CP"))
    assert [r["id"] for r in query(driver, "implementers_by_province.cypher")] == [r["id"] for r in implementers]
    coverage = nxq.coverage(g, nxq.resolve_one(g, "56/2024/NĐ-CP"))
    assert [(r["period"], r["province"]) for r in query(driver, "provinces_without_plan.cypher")] == [
        (r["period"], r["province"]) for r in coverage if not r["covered"]]
    assert query(driver, "stale_amendments.cypher", changed=None) == [] == nxq.stale(g)
    assert query(driver, "tasks_of_body.cypher") and query(driver, "overdue_tasks.cypher")
    assert [r["cited_by"] for r in query(driver, "most_cited.cypher")] == [
        s["cited_by"] for s in nxq.stats(g)["most_cited"]]
    assert [r["id"] for r in query(driver, "missing_instruments.cypher")] == [r["id"] for r in nxq.missing(g)]
