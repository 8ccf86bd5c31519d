"""What a page reads from a big store, bounded: the search index
(legalgraph.graph.store.SEARCH_INDEX) — the same answers as the scan of nodes.search it
replaces, kept whole through every kind of build, added to a store built without it,
unharmed by a VACUUM — and ``show(limit=…)``, a page of each relation type into an
instrument with the number left out."""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest
from collections import Counter

from click.testing import CliRunner

import legalgraph
from legalgraph.cli import main


def build(store, *paths):
    r = CliRunner().invoke(main, ["build", *map(str, paths), "--store", str(store), "--no-progress"])
    assert r.exit_code == 0, r.output
    return r


def drop_index(path):
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE node_search_fts; DROP TABLE node_search;")
    db.close()


def index_is_whole(path) -> None:
    """The index holds each node's words once, and FTS5 finds its index equal to its content."""
    db = sqlite3.connect(path)
    assert sorted(db.execute("SELECT id, words FROM node_search")) == \
        sorted(db.execute("SELECT id, coalesce(search, '') FROM nodes"))
    db.execute("INSERT INTO node_search_fts (node_search_fts, rank) VALUES ('integrity-check', 0)")
    db.close()


@pytest.fixture(scope="module")
def gazette_store(tmp_path_factory, seeds_dir, gazette_dir):
    store = tmp_path_factory.mktemp("search") / "g.db"
    build(store, seeds_dir, gazette_dir)
    return store


def queries(store, n=300):
    """What people type, drawn from the collection: a number's parts, two title words, a
    word's start with a year, words without diacritics, and words no title has."""
    db = sqlite3.connect(store)
    rows = db.execute("SELECT number, title, search FROM nodes ORDER BY id").fetchall()
    rng = random.Random(7)
    out = []
    for number, title, search in rng.sample(rows, min(n, len(rows))):
        words = search.split()
        if number:
            out.append(number)
            out.append(" ".join(number.replace("/", " ").split()[:2]))
        if title:
            out.append(" ".join(rng.sample(title.split(), min(2, len(title.split())))))
        long = [w for w in words if len(w) > 4]
        if long:
            out.append(rng.choice(long)[:4] + " " + rng.choice(words))
    out += ["nd 56/2024", "nghi dinh 56", "916/QĐ-TTg 2024", "Luật Đất đai 2024", "luat", "ke hoach", "1.2",
            "quyết định", "zzqx", "a b c d e f", "Nghị quyết 27-NQ/TW", " ".join(f"từ{i}" for i in range(60))]
    return out


def test_the_index_answers_as_the_scan_does(gazette_store, tmp_path):
    scan = tmp_path / "scan.db"
    shutil.copy(gazette_store, scan)
    drop_index(scan)
    asked = queries(gazette_store)
    with legalgraph.Graph.open(gazette_store) as indexed, legalgraph.Graph.open(scan) as scanned:
        found = 0
        for text in asked:
            a = [r.to_dict() for r in indexed.search(text, limit=20)]
            b = [r.to_dict() for r in scanned.search(text, limit=20)]
            assert a == b, text
            found += bool(a)
    assert found > len(asked) * 0.8  # the queries are real ones: most find something


def test_the_index_follows_every_build(tmp_path, seeds_dir, gazette_dir):
    store = tmp_path / "s.db"
    build(store, seeds_dir)  # into an empty store: nodes refreshed whole
    index_is_whole(store)
    texts = sorted(gazette_dir.glob("*.txt"))[:40]
    build(store, *texts)  # into a store: only the nodes touched
    index_is_whole(store)
    changed = tmp_path / texts[0].name
    changed.write_text(texts[0].read_text(encoding="utf-8").replace("Điều 1", "Điều 1 bổ sung", 1), encoding="utf-8")
    build(store, changed)
    index_is_whole(store)
    with legalgraph.Graph.open(store) as g:
        assert g.search("nghi dinh") and g.search("ke hoach")


def test_a_store_built_before_the_index(tmp_path, seeds_dir, gazette_dir, caplog):
    store = tmp_path / "old.db"
    build(store, seeds_dir)
    with legalgraph.Graph.open(store) as g:
        before = [r.id for r in g.search("ke hoach")]
    drop_index(store)
    with legalgraph.Graph.open(store) as g:  # a query does not write: it scans
        assert [r.id for r in g.search("ke hoach")] == before
    db = sqlite3.connect(store)
    assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'node_search_fts'").fetchone()
    db.close()
    r = build(store, sorted(gazette_dir.glob("*.txt"))[0])  # the next build adds it, filled
    assert "adding the search index" in r.output
    index_is_whole(store)
    with legalgraph.Graph.open(store) as g:
        assert set(before) <= {r.id for r in g.search("ke hoach", limit=500)}


def test_a_vacuum_leaves_the_index_right(tmp_path, seeds_dir, gazette_dir):
    store = tmp_path / "v.db"
    build(store, seeds_dir)
    build(store, *sorted(gazette_dir.glob("*.txt"))[:20])
    with legalgraph.Graph.open(store) as g:
        before = {text: [r.id for r in g.search(text)] for text in queries(store, 60)}
    db = sqlite3.connect(store)
    db.execute("VACUUM")
    db.close()
    index_is_whole(store)
    with legalgraph.Graph.open(store) as g:
        assert {text: [r.id for r in g.search(text)] for text in before} == before


def test_a_kept_text_goes_with_its_source(tmp_path, seeds_dir):
    seed = sorted(seeds_dir.iterdir())[0]
    store = tmp_path / "t.db"
    with legalgraph.Graph.open(store, write=True) as g, g.transaction():
        g.add(legalgraph.extract(seed), raw=None)
        g.keep_text(str(seed), "văn bản đã giữ")
    with legalgraph.Graph.open(store) as g:
        assert g.document(str(seed))["text"] == "văn bản đã giữ"
    changed = legalgraph.extract(seed).to_dict()
    changed["document"]["title"] = (changed["document"].get("title") or "") + " (sửa)"
    with legalgraph.Graph.open(store, write=True) as g, g.transaction():
        assert g.add(changed) == "replaced"
    with legalgraph.Graph.open(store) as g:  # read again from the file, not the old kept text
        assert g.document(str(seed))["text"] == legalgraph.read(seed).text


@pytest.mark.parametrize("limit", [1, 3, 20])
def test_show_with_a_limit_reads_a_page_of_each_type(gazette_store, limit):
    with legalgraph.Graph.open(gazette_store) as g:
        cited = [m["id"] for m in g.stats(top=8).most_cited]
        assert cited
        for name in cited + ["56/2024/NĐ-CP"]:
            full, page = g.show(name), g.show(name, limit=limit)
            assert page.out == full.out and page.data == full.data
            assert all(e in full.into for e in page.into), name
            shown, every = Counter(e.relation for e in page.into), Counter(e.relation for e in full.into)
            assert all(n <= limit for n in shown.values()), name
            for relation, n in every.items():
                assert shown[relation] + page.more.get("in", {}).get(relation, 0) == n, (name, relation)
            assert (page.to_dict() == full.to_dict()) == (not page.more)
            groups = page.groups()
            for group, rows in groups.items():
                assert len(rows) + page.left_out(group) == len(full.groups()[group])
        assert any(g.show(name, limit=limit).more for name in cited)  # the limit did leave some out


@pytest.mark.parametrize("limit", [2, 7])
def test_pages_of_relations_cover_them_once(gazette_store, limit):
    """show(limit, offset) page by page: every relation into the instrument once, pages in
    the order of the citing instruments' ids, what is not on a page counted as left out."""
    with legalgraph.Graph.open(gazette_store) as g:
        name = g.stats(top=1).most_cited[0]["id"]
        full = g.show(name)
        every = Counter((e.relation, e.node) for e in full.into)
        seen, offset = Counter(), 0
        while True:
            page = g.show(name, limit=limit, offset=offset)
            assert page.out == full.out
            here = Counter((e.relation, e.node) for e in page.into)
            if not here:
                break
            assert all(n <= limit for n in Counter(r for r, _ in here).values())
            for relation in {r for r, _ in every}:
                on_page = sum(n for (r, _), n in here.items() if r == relation)
                assert on_page + page.more.get("in", {}).get(relation, 0) == \
                    sum(n for (r, _), n in every.items() if r == relation)
            seen += here
            offset += limit
        assert seen == every and offset > limit
        with pytest.raises(ValueError):
            g.show(name, offset=3)


def test_most_cited_is_what_stats_lists(gazette_store):
    with legalgraph.Graph.open(gazette_store) as g:
        listed = g.stats(top=12).most_cited
        cited = g.most_cited(12)
        assert [(m["id"], m["cited_by"]) for m in listed] == [(r.id, r.cited_by) for r in cited]
        assert cited[0].cited_by > cited[-1].cited_by > 0
        assert all(r.type and (r.number or r.title) for r in cited)  # rows to show, not bare ids


def test_the_publishers_notes_travel_with_their_source(tmp_path, tvpl_dir):
    """The notes extraction reads apart reach the reading view through the store: the
    record's spans (each a bracket of the text), kept with the source, gone with it, and
    None from a store built before they were kept, so the page knows to guess them."""
    decree = tvpl_dir / "Nghị_định_82_2020_NĐ-CP.txt"
    text = legalgraph.read(decree).text
    record = legalgraph.extract(decree).to_dict()
    assert len(record["notes"]) > 150
    assert all(text[a] == "[" and text[b - 1] == "]" for a, b in record["notes"])
    store = tmp_path / "n.db"
    build(store, decree)
    with legalgraph.Graph.open(store) as g:
        doc = g.document(str(decree))
    assert doc["notes"] == sorted(tuple(n) for n in record["notes"])
    other = tmp_path / "other.txt"
    other.write_text(text.replace("[", "(").replace("]", ")"), encoding="utf-8")
    build(store, other)  # a second source: its rows must not be read as the first one's
    with legalgraph.Graph.open(store) as g:
        assert g.document(str(other))["notes"] == []
        assert len(g.document(str(decree))["notes"]) == len(record["notes"])
    replaced = dict(record, notes=record["notes"][:2])
    with legalgraph.Graph.open(store, write=True) as g, g.transaction():
        assert g.add(replaced) == "replaced"
    with legalgraph.Graph.open(store) as g:
        assert g.document(str(decree))["notes"] == sorted(tuple(n) for n in record["notes"][:2])
    db = sqlite3.connect(store)
    assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 2  # the old ones went with the old record
    db.execute("DROP TABLE notes")
    db.commit()
    db.close()
    with legalgraph.Graph.open(store) as g:
        assert g.document(str(other))["notes"] is None


def test_a_record_with_damaged_notes_is_refused():
    from legalgraph.model import record_problem

    good = {"source": "x.txt", "document": {"id": "/akn/vn/x"}, "notes": [[3, 9]]}
    assert record_problem(good) is None
    for bad in ([[3]], [["3", 9]], [[3, 9.5]], "3-9", [[True, 9]]):
        assert record_problem({**good, "notes": bad}) == "'notes' is not a list of [start, end] pairs"
