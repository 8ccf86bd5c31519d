"""The graph store and the questions asked of it: seeds, catalogues, stale amendments,
crash safety, idempotence."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from stale_case import write_case, write_follow_up

from legalgraph.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])




def as_json(*args):
    r = run(*args, "--format", "json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_chain_down_from_the_decree(seed_store):
    rows = as_json("chain", "56/2024/NĐ-CP", "--store", seed_store)
    numbers = {r["number"] for r in rows}
    assert "338/KH-UBND" in numbers  # the Tiền Giang plan
    plan_000 = [r for r in rows if r["id"].endswith("doc-469401fb2f")]  # seed 000: an unnumbered plan
    assert plan_000 and plan_000[0]["relation"] == "IMPLEMENTS"
    tg = next(r for r in rows if r["number"] == "338/KH-UBND")
    assert (tg["province"], tg["date"]) == ("Tiền Giang", "2024-09-23")


def test_chain_up_reaches_the_party_texts(seed_store):
    rows = as_json("chain", "1521/QĐ-TTg", "--up", "--store", seed_store)
    assert [(r["number"], r["depth"]) for r in rows] == [("80-KL/TW", 1), ("32-CT/TW", 2)]


def test_chain_table_and_csv(seed_store):
    table = run("chain", "nd 56/2024", "--store", seed_store).stdout
    assert "338/KH-UBND" in table and "Tiền Giang" in table
    csv_text = run("chain", "56/2024/NĐ-CP", "--store", seed_store, "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("depth,number,type,date,province")


def test_stale_reports_only_what_the_seeds_support(seed_store):
    # 154/2020/NĐ-CP amends 34/2016/NĐ-CP; 353/2016/QĐ-UBND details it and was itself
    # amended by 14/2021/QĐ-UBND after that date: acted on. 63/2020/QH14 amends the 2015
    # law; 4147/UBND-NC of the same UBND rests on it, and the 2021 plan of that UBND takes
    # the amending law up. 56/2024 amends 55/2011, on which nothing in the seeds rests.
    assert as_json("stale", "--store", seed_store) == []


def test_show_search_stats_missing(seed_store):
    info = as_json("show", "Quyết định 916/QĐ-TTg", "--store", seed_store) if False else None
    r = run("show", "Quyết định 916/QĐ-TTg", "--store", seed_store, "--format", "json")
    info = json.loads(r.stdout)
    assert info["number"] == "916/QĐ-TTg" and info["stub"] is True
    assert any(e["relation"] == "IMPLEMENTS" and e["evidence"] for e in info["in"])
    found = as_json("search", "nghi dinh 56", "--store", seed_store)
    assert [f["number"] for f in found] == ["56/2024/NĐ-CP"]
    assert as_json("search", "pho bien giao duc phap luat", "--store", seed_store)[0]["number"] == "14/2012/QH13"
    stats = json.loads(run("stats", "--store", seed_store, "--format", "json").stdout)
    assert stats["documents"] == 5 and stats["relations"]["IMPLEMENTS"] >= 8
    assert stats["most_cited"][0]["label"] == "56/2024/NĐ-CP"
    missing = as_json("missing", "--store", seed_store)
    assert missing[0]["number"] == "56/2024/NĐ-CP" and all(m["stub"] for m in missing)


def test_export(seed_store, tmp_path):
    out = tmp_path / "g.graphml"
    assert run("export", "--store", seed_store, "--format", "graphml", "-o", out).exit_code == 0
    import networkx as nx

    g = nx.read_graphml(out)
    assert "/akn/vn/nghi-dinh/2024/56-2024-nd-cp" in g
    data = json.loads(run("export", "--store", seed_store).stdout)
    assert {"nodes", "edges"} <= set(data)


@pytest.mark.parametrize("fmt,rdflib_format", [("turtle", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_export_rdf(seed_store, tmp_path, fmt, rdflib_format):
    import rdflib

    out = tmp_path / f"g.{fmt}"
    assert run("export", "--store", seed_store, "--format", fmt, "-o", out).exit_code == 0
    rdf = rdflib.Graph().parse(out, format=rdflib_format)
    eli = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    decree = rdflib.URIRef("https://legalgraph.vn/akn/vn/nghi-dinh/2024/56-2024-nd-cp")
    assert (decree, rdflib.RDF.type, eli.LegalResource) in rdf
    assert (decree, eli.amends, rdflib.URIRef("https://legalgraph.vn/akn/vn/nghi-dinh/2011/55-2011-nd-cp")) in rdf


@pytest.mark.parametrize("name", ["80/2015/QH13", "Luật số 80/2015/QH13", "luat 80/2015", "80/2015/qh13"])
def test_law_numbers_whose_code_holds_digits(seed_store, name):
    assert as_json("show", name, "--store", seed_store)["id"] == "/akn/vn/luat/2015/80-2015-qh13"


def test_unknown_and_ambiguous_names(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Căn cứ Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ; "
                   "Quyết định số 916/QĐ-TTg ngày 10/7/2019 của Thủ tướng Chính phủ.", encoding="utf-8")
    store = tmp_path / "s.db"
    run("build", doc, "--store", store)
    r = run("chain", "916/QĐ-TTg", "--store", store)
    assert r.exit_code != 0 and "names 2 instruments" in r.output and "2019" in r.output and "2024" in r.output
    # the date people write after a number tells the two apart
    info = as_json("show", "Quyết định 916/QĐ-TTg ngày 10/7/2019", "--store", store)
    assert info["id"] == "/akn/vn/quyet-dinh/2019/916-qd-ttg"
    assert as_json("show", "qd 916 ngày 27/8/2024", "--store", store)["year"] == 2024
    r = run("chain", "1/QĐ-TTg", "--store", store)
    assert r.exit_code != 0 and "no instrument" in r.output
    r = run("chain", "916/QĐ-TTg ngày 1/1/2021", "--store", store)
    assert r.exit_code != 0 and "no instrument" in r.output
    r = run("chain", "91/QĐ-TTg", "--store", store)  # a number is not a prefix of another
    assert r.exit_code != 0 and "no instrument" in r.output
    r = run("chain", "56/2024/NĐ-CP", "--store", tmp_path / "none.db")
    assert r.exit_code != 0 and "no graph store" in r.output


CATALOGUE = """so_ky_hieu,ngay_ban_hanh,trich_yeu,trang_thai
126-KH/TU,10/01/2023,kế hoạch số 126-kh/tu của tỉnh ủy về thực hiện nghị quyết số 50-nq/tw ngày 20/8/2019 của bộ chính trị,
126/KH-UBND,15/03/2022,kế hoạch triển khai thực hiện nghị định số 116/2021/nđ-cp ngày 21/12/2021 của chính phủ quy định chi tiết một số điều của luật phòng chống ma túy,Còn hiệu lực
45/KH-UBND,02/04/2023,kế hoạch thực hiện kế hoạch số 126-kh/tu ngày 10/01/2023 của tỉnh ủy về thực hiện nghị quyết số 50-nq/tw ngày 20/8/2019 của bộ chính trị,Còn hiệu lực
"""


def test_catalogue_chains_and_implementers(tmp_path):
    csv_path = tmp_path / "binh-duong.csv"
    csv_path.write_text(CATALOGUE, encoding="utf-8")
    store = tmp_path / "bd.db"
    r = run("build", csv_path, "--store", store, "--issuer", "UBND tỉnh Bình Dương")
    assert r.exit_code == 0, r.output
    rows = as_json("chain", "50-NQ/TW", "--store", store)
    assert {(r["number"], r["depth"]) for r in rows} == {("126-KH/TU", 1), ("45/KH-UBND", 2)}
    imp = as_json("implementers", "116/2021/NĐ-CP", "--store", store, "--province", "Bình Dương")
    assert [(r["number"], r["province"], r["date"]) for r in imp] == [("126/KH-UBND", "Bình Dương", "2022-03-15")]
    # Bình Dương is part of Hồ Chí Minh City since 2025: today's unit finds its plans
    assert as_json("implementers", "116/2021/NĐ-CP", "--store", store, "--province", "Hồ Chí Minh")
    cov = as_json("coverage", "116/2021/NĐ-CP", "--store", store)
    before = {c["province"]: c["covered"] for c in cov if c["period"] == "before 2025"}
    after = {c["province"]: c for c in cov if c["period"] == "from 2025"}
    assert len(before) == 63 and len(after) == 34
    assert before["Bình Dương"] and not before["Bến Tre"]
    assert after["Hồ Chí Minh"]["covered"] and "(Bình Dương)" in after["Hồ Chí Minh"]["instruments"][0]
    # extract writes one object per row, its number the row's
    out = [json.loads(line) for line in run("extract", csv_path, "--no-bodies").stdout.splitlines()]
    assert [o["document"]["number"] for o in out] == ["126-KH/TU", "126/KH-UBND", "45/KH-UBND"]


def test_catalogue_problems_are_reported(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    r = run("extract", bad)
    assert r.exit_code == 1 and "bad.csv" in r.stderr and "no header" in r.stderr
    rows = tmp_path / "rows.csv"
    rows.write_text("số ký hiệu,ngày ban hành,trích yếu\n12/KH-UBND,31/02/2024,kế hoạch năm 2024\n"
                    "13/KH-UBND,01/03/2024,\n", encoding="utf-8")
    r = run("extract", rows, "--no-bodies")
    assert "row 1: date '31/02/2024' not understood" in r.stderr and "row 2: no title" in r.stderr
    assert json.loads(r.stdout.splitlines()[0])["document"]["number"] == "12/KH-UBND"


def test_xlsx_catalogue(tmp_path):
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH MỤC VĂN BẢN"])
    sheet.append(["Số ký hiệu", "Ngày ban hành", "Trích yếu"])
    sheet.append(["15/KH-UBND", dt.datetime(2024, 3, 1), "Kế hoạch thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    out = json.loads(run("extract", path, "--no-bodies", "--issuer", "UBND tỉnh Bến Tre").stdout)
    assert (out["document"]["number"], out["document"]["date"], out["document"]["province"]) == (
        "15/KH-UBND", "2024-03-01", "Bến Tre")


def test_incremental_idempotent_and_conflicts(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Thực hiện Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ.", encoding="utf-8")
    b.write_text("Căn cứ Nghị định số 56/2024/NĐ-CP ngày 19/5/2024 của Chính phủ.", encoding="utf-8")
    store = tmp_path / "s.db"
    assert "2 added" in run("build", tmp_path, "--store", store).stderr
    before = sqlite3.connect(store).execute("SELECT count(*) FROM edges").fetchone()
    assert "0 added, 0 replaced, 2 unchanged" in run("build", tmp_path, "--store", store).stderr
    assert sqlite3.connect(store).execute("SELECT count(*) FROM edges").fetchone() == before
    info = json.loads(run("show", "56/2024/NĐ-CP", "--store", store, "--format", "json").stdout)
    assert {c["value"] for c in info["conflicts"]["date"]} == {"2024-05-18", "2024-05-19"}
    b.write_text("Căn cứ Nghị định số 55/2011/NĐ-CP ngày 04/7/2011 của Chính phủ.", encoding="utf-8")
    assert "1 replaced" in run("build", b, "--store", store).stderr
    info = json.loads(run("show", "56/2024/NĐ-CP", "--store", store, "--format", "json").stdout)
    assert "conflicts" not in info and info["date"] == "2024-05-18"


def test_stale_finds_what_was_not_acted_on(tmp_path):
    write_case(tmp_path)
    store = tmp_path / "s.db"
    run("build", tmp_path, "--store", store)
    rows = as_json("stale", "--store", store)
    assert [(r["changed_label"], r["change"], r["by_label"], r["rests_label"]) for r in rows] == [
        ("55/2011/NĐ-CP", "AMENDS", "56/2024/NĐ-CP", "10/KH-UBND")]
    # asked about one instrument, or one province (by today's unit too: Bến Tre is in Vĩnh Long)
    assert as_json("stale", "55/2011/NĐ-CP", "--store", store) == rows
    assert as_json("stale", "--province", "Vĩnh Long", "--store", store) == rows
    assert as_json("stale", "--province", "Tiền Giang", "--store", store) == []
    assert as_json("stale", "56/2024/NĐ-CP", "--store", store) == []  # amending, not amended
    # a later plan of the same UBND taking up the amending decree acts on the change
    write_follow_up(tmp_path)
    run("build", tmp_path, "--store", store)
    assert as_json("stale", "--store", store) == []


def _kill_midway(store, inputs):
    """Start `legalgraph build` on ``inputs`` and SIGKILL it once it has written 200 kB into
    the store or its journal (WAL into a store with a graph, rollback journal into an empty one)."""
    files = [store, store.parent / (store.name + "-wal"), store.parent / (store.name + "-journal")]

    def written():
        return sum(f.stat().st_size for f in files if f.exists())

    start = written()
    # a 1 MB page cache: the run writes pages out as it goes instead of all at the commit
    env = {**os.environ, "LEGALGRAPH_CACHE_MB": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "legalgraph.cli", "build", str(inputs), "--store", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if written() - start > 200_000:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the build finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def _many_plans(tmp_path, seeds_dir, n=400):
    many = tmp_path / "many"
    many.mkdir()
    for i in range(n):
        src = sorted(seeds_dir.glob("*.txt"))[i % 5]
        (many / f"{i:04d}.txt").write_text(src.read_text(encoding="utf-8").replace("Số:", f"Số: {i + 1}", 1),
                                           encoding="utf-8")
    return many


def _snapshot(store):
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return (db.execute("SELECT count(*), group_concat(sha1) FROM sources").fetchone(),
            db.execute("SELECT count(*) FROM edges").fetchone(),
            sorted(r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")))


def test_a_killed_build_leaves_the_previous_graph(tmp_path, seeds_dir):
    store = tmp_path / "s.db"
    assert run("build", seeds_dir, "--store", store).exit_code == 0
    before = _snapshot(store)
    _kill_midway(store, _many_plans(tmp_path, seeds_dir))
    assert _snapshot(store) == before
    assert run("chain", "56/2024/NĐ-CP", "--store", store).exit_code == 0


def test_a_killed_first_build_leaves_an_empty_usable_store(tmp_path, seeds_dir):
    # the first build into an empty store drops the indexes and builds them at the end;
    # killed before that, the store must come back with its indexes and no half graph
    from legalgraph.graph.store import Store

    store = tmp_path / "s.db"
    Store(store).close()  # an empty store, so that what the run writes is counted from here
    _kill_midway(store, _many_plans(tmp_path, seeds_dir))
    (sources, _), (edges,), indexes = _snapshot(store)
    assert (sources, edges) == (0, 0)
    assert {"edges_src", "edges_dst", "instruments_id", "instruments_key"} <= set(indexes)
    assert run("build", seeds_dir, "--store", store).exit_code == 0
    assert run("chain", "56/2024/NĐ-CP", "--store", store).exit_code == 0


def test_build_from_extract_output(tmp_path, seeds_dir):
    jsonl = tmp_path / "seeds.jsonl"
    jsonl.write_text(run("extract", seeds_dir).stdout, encoding="utf-8")
    store = tmp_path / "s.db"
    r = run("build", jsonl, "--store", store)
    assert r.exit_code == 0 and "5 added" in r.stderr
    assert {r["number"] for r in as_json("chain", "56/2024/NĐ-CP", "--store", store)} >= {"338/KH-UBND"}
    # the same records again: nothing changes
    again = run("build", jsonl, "--store", store)
    assert again.exit_code == 0 and "0 added, 0 replaced, 5 unchanged" in again.stderr


def test_bad_lines_of_extract_output_are_named(tmp_path, seeds_dir):
    good = run("extract", seeds_dir).stdout.splitlines()[0].encode("utf-8")
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_bytes(b"\n".join([good, b'{"not": "a record"}', b"{broken", b"\xff\xfe not utf-8"]) + b"\n")
    store = tmp_path / "s.db"
    r = run("build", jsonl, "--store", store)
    assert r.exit_code == 1
    errors = r.stderr.splitlines()
    assert any(f"{jsonl}:2: not a legalgraph extraction record" in e for e in errors)
    assert any(f"{jsonl}: line 3: not JSON" in e for e in errors)
    assert any(f"{jsonl}: line 4: not JSON" in e and "utf-8" in e for e in errors)
    assert "1 added" in r.stderr  # the good line still lands (--strict would stop instead)


def test_corrupt_store_is_reported(tmp_path, seeds_dir):
    store = tmp_path / "s.db"
    store.write_bytes(b"not a database" * 100)
    r = run("build", seeds_dir, "--store", store)
    assert r.exit_code != 0 and "not a legalgraph store" in r.output
    assert store.read_bytes() == b"not a database" * 100
    shutil.rmtree(tmp_path / "none", ignore_errors=True)


def test_neo4j_export_csv_command(seed_store, tmp_path):
    out = tmp_path / "import"
    r = run("neo4j", "export-csv", out, "--store", seed_store)
    assert r.exit_code == 0, r.output
    command = r.stdout.strip()
    assert command.startswith("neo4j-admin database import full")
    assert f"--nodes={out / 'nodes_Instrument.csv'}" in command
    header = (out / "nodes_Instrument.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id:ID") and ":LABEL" in header
    assert "56/2024/NĐ-CP" in (out / "nodes_Instrument.csv").read_text(encoding="utf-8")


def test_neo4j_load_names_the_server_it_cannot_reach(seed_store, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "secret")
    r = run("neo4j", "load", "--uri", "bolt://127.0.0.1:9", "--store", seed_store)  # nothing listens on port 9
    assert r.exit_code == 1
    message = r.output.strip()
    assert message.startswith("Error: bolt://127.0.0.1:9: cannot load") and "\n" not in message
    assert "secret" not in message
