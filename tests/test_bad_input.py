"""Bad input of every kind in one run: one clear line per file naming it and the problem,
the other files still processed, exit status 1; --strict stops at the first."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from legalgraph.cli import main
from legalgraph.text import read


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.fixture()
def bad_dir(tmp_path, seeds_dir):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(seeds_dir / "001_920478a60c450549.txt", d / "a_good.txt")
    (d / "b_empty.txt").write_bytes(b"")
    (d / "c_binary.txt").write_bytes(bytes(range(256)) * 64)  # a binary renamed .txt
    (d / "d_blank.md").write_text("   \n\n\t\n", encoding="utf-8")
    (d / "e_folder.txt").mkdir()  # a directory named like a document: skipped inside a directory
    (d / "f_nocolumns.csv").write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    (d / "g_rows.csv").write_text(
        "Số ký hiệu,Ngày ban hành,Trích yếu\n"
        "338/KH-UBND,20/01/2025,Kế hoạch thực hiện Nghị định số 56/2024/NĐ-CP\n"
        "339/KH-UBND,31/02/2025,\n"
        "340/KH-UBND,99/99/2025,Kế hoạch triển khai Chỉ thị số 06-CT/TU\n", encoding="utf-8")
    (d / "h_truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<<")
    (d / "i_fake.docx").write_text("this is not a word document", encoding="utf-8")
    return d


def test_every_bad_file_gets_one_line_and_the_rest_is_processed(bad_dir, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    r = run("extract", str(bad_dir), str(fifo), str(dangling), str(tmp_path / "e.odt"), "--jobs", "2")
    assert r.exit_code == 1
    errors = r.stderr.strip().split("\n")
    expected = [
        ("b_empty.txt", "empty file"),
        ("c_binary.txt", "binary file, not text"),
        ("d_blank.md", "no text in this file"),
        ("f_nocolumns.csv", "no header with a title"),
        ("g_rows.csv", "row 2: no title"),
        ("g_rows.csv", "row 3: date '99/99/2025' not understood"),
        ("h_truncated.pdf", "PDF"),
        ("i_fake.docx", "not a DOCX file"),
        ("pipe.txt", "not a regular file"),
        ("gone.txt", "broken symbolic link"),
        ("e.odt", "no such file"),
    ]
    assert len(errors) == len(expected), r.stderr
    for line, (name, problem) in zip(errors, expected):
        assert line.startswith("legalgraph: ") and name in line and problem in line, (line, name, problem)
    records = [json.loads(x) for x in r.stdout.strip().split("\n")]
    assert [x["source"].rsplit("/", 1)[-1] for x in records] == ["a_good.txt", "g_rows.csv#1", "g_rows.csv#3"]
    assert records[0]["document"]["number"] == "483/KH-UBND"


def test_unsupported_type_named_explicitly(tmp_path):
    p = tmp_path / "notes.odt"
    p.write_bytes(b"PK\x03\x04")
    r = run("extract", str(p))
    assert r.exit_code == 1
    assert r.stderr.strip() == f"legalgraph: {p}: unsupported file type '.odt' (supported: " \
                               ".txt, .md, .docx, .pdf, .html, .htm)"


def test_strict_stops_at_the_first_bad_file(bad_dir):
    r = run("extract", str(bad_dir), "--strict", "--jobs", "1")
    assert r.exit_code == 1
    assert r.stderr.strip().split("\n") == [f"legalgraph: {bad_dir / 'b_empty.txt'}: empty file"]


def test_huge_files_are_refused_with_the_limit_named(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 10_000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"Nghi dinh so 56/2024/ND-CP. " * 1000)
    r = run("extract", str(big), str(seeds_dir / "004_9f8dbfd52da4a7ba.txt"), "--jobs", "1")
    assert r.exit_code == 1
    line = r.stderr.strip()
    assert line.startswith(f"legalgraph: {big}: file too large") and "LEGALGRAPH_MAX_MB" in line


def test_a_failed_build_leaves_the_store_as_it_was(bad_dir, tmp_path, seeds_dir):
    store = tmp_path / "g.db"
    assert run("build", str(seeds_dir), "--store", str(store)).exit_code == 0
    before = store.read_bytes()
    r = run("build", str(bad_dir), "--store", str(store), "--strict")
    assert r.exit_code == 1
    assert store.read_bytes() == before
    # without --strict the good files go in and the bad ones are reported
    r = run("build", str(bad_dir), "--store", str(store))
    assert r.exit_code == 1 and "3 added" in r.stderr.strip().split("\n")[-1]


def test_damaged_extraction_records_are_refused_one_by_one(tmp_path, seeds_dir):
    good = run("extract", str(seeds_dir / "001_920478a60c450549.txt")).stdout.strip()
    record = json.loads(good)
    wrong_year = json.loads(good)
    wrong_year["citations"][0]["year"] = {"not": "a year"}
    no_id = json.loads(good)
    del no_id["document"]["id"]
    bad_mention = json.loads(good)
    bad_mention["source"] = "other.txt"
    bad_mention["citations"][0]["mentions"] = [{"begin": 1}]  # the store cannot take it
    lines = [good, json.dumps(wrong_year), json.dumps(no_id), json.dumps(bad_mention), "{not json"]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "g.db"
    r = run("build", str(path), "--store", str(store))
    assert r.exit_code == 1
    errors = r.stderr.strip().split("\n")[:-1]
    assert errors == [
        f"legalgraph: {path}:2: citations[0].year is not a string, a number or null",
        f"legalgraph: {path}:3: document.id is missing or not a string",
        f"legalgraph: {path}:4: not a usable extraction record (KeyError: 'start')",
        f"legalgraph: {path}:5: line 5: not JSON (Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1))".replace(f"{path}:5: line 5", f"{path}: line 5"),
    ]
    import sqlite3

    db = sqlite3.connect(store)
    assert db.execute("SELECT source FROM sources").fetchall() == [(record["source"],)]
    assert db.execute("SELECT count(*) FROM instruments WHERE source = 'other.txt'").fetchone() == (0,)


def test_stray_nul_bytes_in_a_real_text_do_not_make_it_binary(gazette_dir):
    """Two gazette texts carry a NUL where a bullet glyph had no character: still text."""
    path = gazette_dir / "thong-tu-so-02-2024-tt-bkhdt-41528.txt"
    assert path.read_bytes().count(0) == 2
    got = read.read_file(path)
    assert got.encoding == "utf-8" and got.notes == ["2 stray NUL byte(s) dropped"]
    assert "\x00" not in got.text and "02/2024/TT-BKHĐT" in got.text.upper().replace(" ", "")
