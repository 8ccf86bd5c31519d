"""The store's derived tables — aliases (which partly known ids merge into which) and nodes
(each instrument's merged attributes) — kept up to date by the ids a run touched, always
equal a full recomputation, whatever order documents are added, changed and removed in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from legalgraph.graph.merge import alias_group, compute_aliases
from legalgraph.graph.build import GraphLoader, build_graph
from legalgraph.graph.queries import stats, stats_from_store
from legalgraph.graph.store import Store

# A small universe where merges are ambiguous or not depending on what is present.
IDS = [
    "/akn/vn/chi-thi/_/06-ct-tu", "/akn/vn/chi-thi/2021/06-ct-tu", "/akn/vn/chi-thi/2023/06-ct-tu",
    "/akn/vn-_/ke-hoach/2024/483-kh-ubnd", "/akn/vn-tien-giang/ke-hoach/2024/483-kh-ubnd",
    "/akn/vn-ben-tre/ke-hoach/2024/483-kh-ubnd", "/akn/vn-_/ke-hoach/_/483-kh-ubnd",
    "/akn/vn/nghi-dinh/2024/56-2024-nd-cp", "/akn/vn/luat/_/~ban-hanh-van-ban-qppl",
    "/akn/vn/luat/2015/~ban-hanh-van-ban-qppl",
]


def record(source: str, own: str, cited: list[str], date: str | None = None) -> dict:
    return {"source": source, "document": {"id": own, "number": own.rsplit("/", 1)[-1]},
            "bodies": [{"id": "/body/vn/ubnd", "name": "UBND", "role": "issuer", "mentions": []}],
            "citations": [{"id": c, "date": date, "mentions": [{"start": 5, "end": 9, "text": "x"}]} for c in cited],
            "relations": [{"source": own, "type": "CITES", "target": c,
                           "evidence": {"start": 0, "end": 1, "text": "x"}} for c in cited]}


def aliases_of(store: Store) -> dict[str, str]:
    return dict(store.db.execute("SELECT id, canonical FROM aliases"))


def nodes_of(store: Store) -> list[tuple]:
    return store.db.execute("SELECT * FROM nodes ORDER BY id").fetchall()


def all_ids(store: Store) -> list[str]:
    return [r[0] for r in store.db.execute("SELECT DISTINCT id FROM instruments")]


def test_groups():
    assert alias_group("/akn/vn/chi-thi/_/06-ct-tu") == alias_group("/akn/vn/chi-thi/2021/06-ct-tu")
    assert alias_group("/akn/vn-_/ke-hoach/_/483-kh-ubnd") == alias_group("/akn/vn-ben-tre/ke-hoach/2024/483-kh-ubnd")
    assert alias_group("/akn/vn/ke-hoach/2024/483-kh-ubnd") != alias_group("/akn/vn-ben-tre/ke-hoach/2024/483-kh-ubnd")
    assert alias_group("/body/vn/ubnd") is None


def test_a_merge_comes_and_goes(tmp_path):
    store = Store(tmp_path / "g.db")
    with store.transaction():
        store.ingest(record("a.txt", "/akn/vn-tien-giang/ke-hoach/2024/1-kh-ubnd", ["/akn/vn/chi-thi/_/06-ct-tu"]))
        store.ingest(record("b.txt", "/akn/vn/chi-thi/2021/06-ct-tu", []))
    assert aliases_of(store) == {"/akn/vn/chi-thi/_/06-ct-tu": "/akn/vn/chi-thi/2021/06-ct-tu"}
    loader = GraphLoader(store)
    g = loader.around("/akn/vn/chi-thi/2021/06-ct-tu", direction="in", depth=1)
    assert g.has_edge("/akn/vn-tien-giang/ke-hoach/2024/1-kh-ubnd", "/akn/vn/chi-thi/2021/06-ct-tu")
    # one node, its own document and the citation of it merged
    node = g.nodes["/akn/vn/chi-thi/2021/06-ct-tu"]
    assert (node["stub"], node["cited_by"], node["sources"]) == (False, 1, ["a.txt", "b.txt"])
    assert "/akn/vn/chi-thi/_/06-ct-tu" not in g

    with store.transaction():  # a second 06-CT/TU: the yearless citation could be either
        store.ingest(record("c.txt", "/akn/vn/chi-thi/2023/06-ct-tu", []))
    assert aliases_of(store) == {}
    with store.transaction():
        store.remove("c.txt")
    assert aliases_of(store) == {"/akn/vn/chi-thi/_/06-ct-tu": "/akn/vn/chi-thi/2021/06-ct-tu"}


step = st.tuples(st.sampled_from(["s1", "s2", "s3", "s4"]), st.sampled_from(IDS),
                 st.lists(st.sampled_from(IDS), max_size=3), st.sampled_from([None, "2024-01-02", "2024-02-03"]),
                 st.booleans())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(step, min_size=1, max_size=3), min_size=1, max_size=5))
def test_incremental_aliases_equal_a_full_recomputation(tmp_path_factory, runs):
    store = Store(tmp_path_factory.mktemp("aliases") / "g.db")
    for run in runs:  # each run is one transaction, like one `legalgraph build`
        with store.transaction():
            for source, own, cited, date, remove in run:
                if remove:
                    store.remove(source)
                else:
                    store.ingest(record(source, own, cited, date))
        assert aliases_of(store) == compute_aliases(all_ids(store), store.db.execute("SELECT id, canonical FROM names"))
        for table in ("instruments", "edges", "sentences"):  # removal by rowid range left nothing behind
            assert store.db.execute(f"SELECT count(*) FROM {table} WHERE source NOT IN "
                                    "(SELECT source FROM sources)").fetchone() == (0,)
        # `legalgraph stats` counts each relation once, as the graph holds it
        assert stats_from_store(GraphLoader(store))["relations"] == stats(build_graph(store))["relations"]
        incremental = nodes_of(store)
        with store.transaction():
            store.refresh_aliases()
            store.refresh_nodes()
        assert incremental == nodes_of(store)
    store.close()
