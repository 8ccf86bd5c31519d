"""The fast paths a command reads from the store give exactly what the networkx graph
gives: the chain walk on plain dicts (GraphLoader.walk: chain, implementers, coverage), the
stale walk (GraphLoader.stale_walk) and the store's counts (stats_from_store) — for every
instrument, both directions, on the seeds, a catalogue with nested Party plans, the
constructed stale case and the gazette texts — so the commands can never drift from the
graph. And their queries read the indexes meant for them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from stale_case import write_case, write_follow_up

from legalgraph.cli import main
from legalgraph.graph import queries as q
from legalgraph.graph.build import RELATIONS, GraphLoader, build_graph, edge_query
from legalgraph.graph.store import Store

CATALOGUE = (
    "Số ký hiệu,Ngày ban hành,Trích yếu\n"
    "126-KH/TU,10/03/2023,Kế hoạch số 126-kh/tu của Tỉnh ủy về thực hiện nghị quyết số 50-nq/tw của Bộ Chính trị\n"
    "338/KH-UBND,20/01/2024,Kế hoạch thực hiện Kế hoạch số 126-KH/TU ngày 10/3/2023 của Tỉnh ủy\n"
    "12/KH-UBND,05/02/2024,Kế hoạch thực hiện Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ\n"
)


def _build(base, name, inputs, extra=()):
    path = base / f"{name}.db"
    r = CliRunner().invoke(main, ["build", *map(str, inputs), "--store", str(path), *extra])
    assert r.exit_code == 0, r.stderr
    return path


@pytest.fixture(scope="module")
def stores(tmp_path_factory, seeds_dir):
    base = tmp_path_factory.mktemp("walk")
    (base / "cat.csv").write_text(CATALOGUE, encoding="utf-8")
    case, stale = base / "case", base / "stale"
    for d in (case, stale):
        d.mkdir()
        write_case(d)
    write_follow_up(case)
    return [_build(base, "seeds", [seeds_dir]),
            _build(base, "catalogue", [base / "cat.csv"], ["--issuer", "UBND tỉnh Bình Dương"]),
            _build(base, "case", [case]), _build(base, "stale", [stale])]


@pytest.fixture(scope="module")
def gazette_store(tmp_path_factory, gazette_dir):
    """The 217 gazette texts: real amendments, replacements and repeals, and what rests on
    them; named in reverse order, so that the order stored differs from the order of the
    file names (which an index on the edges' source would give)."""
    files = sorted(gazette_dir.glob("*.txt"), reverse=True)
    return _build(tmp_path_factory.mktemp("walk-gazette"), "gazette", files, ["--no-bodies"])


def test_walk_and_around_give_the_same_chains(stores):
    compared = local = 0
    for path in stores:
        store = Store(path)
        ids = [r[0] for r in store.db.execute("SELECT id FROM nodes ORDER BY id")]
        for node in ids:
            for up in (False, True):
                direction = "out" if up else "in"
                slow = q.chain(GraphLoader(store).around(node, q.DOWN_TYPES, direction), node, up=up)
                fast = q.chain(GraphLoader(store).walk(node, q.DOWN_TYPES, direction), node, up=up)
                assert fast == slow, (path.name, node, up)
                # for the table and CSV, which do not show it: the same rows, no evidence read
                bare = q.chain(GraphLoader(store).walk(node, q.DOWN_TYPES, direction, evidence=False), node, up=up)
                assert bare == [{**r, "evidence": None} for r in slow], (path.name, node, up)
                compared += bool(slow)
            slow_g = GraphLoader(store).around(node, q.DOWN_TYPES, "in")
            fast_g = GraphLoader(store).walk(node, q.DOWN_TYPES, "in")
            for province in (None, "Bến Tre", "Vĩnh Long", "Tiền Giang", "Bình Dương"):
                rows = q.implementers(slow_g, node, province)
                assert q.implementers(fast_g, node, province) == rows, (path.name, node, province)
                local += bool(rows)
            assert q.coverage(fast_g, node) == q.coverage(slow_g, node), (path.name, node)
        store.close()
    assert compared >= 20 and local >= 5  # chains that are not empty were among those compared


def test_stale_walk_and_for_stale_give_the_same_rows(stores, gazette_store):
    """`legalgraph stale` reads GraphLoader.stale_walk; the graph view of stale reads
    for_stale (networkx, full records): the rows must be the same, for the whole
    collection and for each instrument as the command asks (it and what changed it)."""
    found = asked = 0
    for path in [*stores, gazette_store]:
        store = Store(path)
        loader = GraphLoader(store)
        # every instrument of the small stores; in the gazette's, those a change touches
        ids = [r[0] for r in store.db.execute(
            "SELECT id FROM nodes ORDER BY id" if path != gazette_store else
            "SELECT DISTINCT dst FROM edges WHERE type IN ('AMENDS', 'REPLACES', 'REPEALS') ORDER BY dst")]
        for node in [None, *ids]:
            changed = None
            if node:
                changed = loader.changes_of(node)
                slow_changed = {node} | GraphLoader(store).around(node, q.CHANGE_TYPES, "in", depth=1).nodes - {node}
                assert changed == {n for n in slow_changed if n.startswith("/akn/")}
            for province in (None, "Bến Tre", "Vĩnh Long") if path != gazette_store else (None,):
                slow = q.stale(GraphLoader(store).for_stale(changed), node, province)
                fast = q.stale(GraphLoader(store).stale_walk(changed), node, province)
                assert fast == slow, (path.name, node, province)
                found += len(slow)
                asked += bool(node and slow)
        store.close()
    # stale rows (with their evidence) were among those compared, for many instruments
    assert found >= 50 and asked >= 10, (found, asked)


def test_the_walks_read_only_their_indexes(stores):
    """A walk into thousands of implementers must not read the edges table row by row:
    its query is answered from the partial index edges_chain alone, and the walks over
    other relations from edges_relations (a change of a query's type clause, or of an
    index, that loses this shows here)."""
    store = Store(stores[0])

    def plan(n, types, full):
        sql, params = edge_query(n, types, "in", full)
        return " ".join(r[-1] for r in store.db.execute("EXPLAIN QUERY PLAN " + sql, ["x"] * n + params))

    for n in (1, 3):
        assert "COVERING INDEX edges_chain (dst=? AND type=?)" in plan(n, q.DOWN_TYPES, False)
        # the other walks over relations (stale: who rests on a changed text, the changes
        # of those) read edges_relations by node, not the table, nor every edge of a type
        for types in (q.CHANGE_TYPES, q.RESTS_ON, ("BASED_ON", "CITES"), RELATIONS):
            assert "COVERING INDEX edges_relations (dst=?" in plan(n, types, False), plan(n, types, False)
            assert "INDEX edges_relations (dst=?" in plan(n, types, True), plan(n, types, True)
        assert "INDEX edges_dst (dst=?)" in plan(n, None, True)
        assert "INDEX edges_dst (dst=?)" in plan(n, ("ISSUED_BY",), True)
    # stats: distinct relations in one ordered pass over the index, no sorting of millions of rows
    counting = " ".join(r[-1] for r in store.db.execute("EXPLAIN QUERY PLAN " + q.DISTINCT_RELATIONS))
    assert "SCAN edges USING COVERING INDEX edges_relations" in counting and "FOR DISTINCT" not in counting, counting
    store.close()


NEW_INDEXES = ("edges_chain", "edges_relations")  # added after stores of schema 4 were first built


def _old_store(tmp_path, stores):
    """A copy of the seeds' store as a build before the new indexes left it, and the chain
    of 56/2024/NĐ-CP it answered."""
    import shutil

    old = tmp_path / "old.db"
    shutil.copy(stores[0], old)
    store = Store(old)
    node = "/akn/vn/nghi-dinh/2024/56-2024-nd-cp"
    expected = q.chain(GraphLoader(store).walk(node, q.DOWN_TYPES, "in"), node)
    for name in NEW_INDEXES:
        store.db.execute(f"DROP INDEX {name}")
    store.close()
    assert expected
    return old, node, expected


def _has_new_indexes(store) -> bool:
    names = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    return set(NEW_INDEXES) <= names


def test_a_store_built_before_the_new_indexes_gets_them_when_opened(tmp_path, stores, capsys):
    """Stores built before the walks' indexes existed answer the same, and have them after
    their first opening (no rebuild asked of the user, who is told)."""
    old, node, expected = _old_store(tmp_path, stores)
    store = Store(old)
    assert "adding edges_chain, edges_relations" in capsys.readouterr().err
    assert _has_new_indexes(store)
    assert q.chain(GraphLoader(store).walk(node, q.DOWN_TYPES, "in"), node) == expected
    store.close()


def test_an_old_store_being_written_still_answers(tmp_path, stores, capsys):
    """Opening a store that lacks the newer indexes while another process holds the write
    lock (a build in progress) must not fail: the query runs without them."""
    import sqlite3

    old, node, expected = _old_store(tmp_path, stores)
    writer = sqlite3.connect(old, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # what a running `legalgraph build` holds
    try:
        store = Store(old)  # waits for the lock as long as SQLite's busy timeout, then goes on
        assert "busy or read-only" in capsys.readouterr().err
        assert not _has_new_indexes(store)
        assert q.chain(GraphLoader(store).walk(node, q.DOWN_TYPES, "in"), node) == expected
        assert q.stats_from_store(GraphLoader(store))["relations"] == q.stats(build_graph(store))["relations"]
        store.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    store = Store(old)  # free again: the indexes come
    assert _has_new_indexes(store)
    store.close()


def test_stats_counts_each_relation_once_as_the_graph_does(stores, gazette_store):
    """`legalgraph stats` reads its counts from the store; they must be the graph's (and so
    Neo4j's and RDF's). In the gazette texts many documents restate the same amendment:
    counting edge rows gave AMENDS 593 where the graph has 374."""
    for path in [*stores, gazette_store]:
        store = Store(path)
        from_store = q.stats_from_store(GraphLoader(store))
        from_graph = q.stats(build_graph(store))
        assert from_store["relations"] == from_graph["relations"], path.name
        for key in ("documents", "stubs", "by_type", "by_province"):
            assert from_store[key] == from_graph[key], (path.name, key)
        store.close()
    store = Store(gazette_store)
    stated = dict(store.db.execute("SELECT type, count(*) FROM edges WHERE type = 'AMENDS'"))
    assert q.stats_from_store(GraphLoader(store))["relations"]["AMENDS"] < stated["AMENDS"]  # restatements were there
    store.close()


def test_the_walks_keep_the_statement_the_whole_graph_keeps(stores, gazette_store):
    """Where several documents state one relation, the chain, the implementers and the
    stale report show the same statement (evidence, source) as the whole graph — the one
    exported to Neo4j and RDF — whatever order an index gives the rows in. The gazette
    texts restate amendments and details many times."""
    restated = 0
    for path in [*stores, gazette_store]:
        store = Store(path)
        restated += store.db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM edges GROUP BY src, type, dst HAVING count(*) > 1)").fetchone()[0]
        whole = build_graph(store)
        for node in [r[0] for r in store.db.execute("SELECT id FROM nodes ORDER BY id")]:
            for up in (False, True):
                walked = GraphLoader(store).walk(node, q.DOWN_TYPES, "out" if up else "in")
                assert q.chain(walked, node, up=up) == q.chain(whole, node, up=up), (path.name, node, up)
        assert q.stale(GraphLoader(store).stale_walk()) == q.stale(whole), path.name
        store.close()
    assert restated >= 100
