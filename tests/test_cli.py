"""The command line: formats, composition, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from legalgraph.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_extract_jsonl_one_object_per_document(seeds_dir):
    r = run("extract", str(seeds_dir))
    assert r.exit_code == 0
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 5
    doc = json.loads(lines[1])
    assert set(doc) >= {"source", "document", "citations", "relations", "bodies"}
    assert set(doc["document"]) >= {"id", "type", "number", "date", "issuer", "province", "signer", "title"}
    assert doc["document"]["number"] == "483/KH-UBND"


def test_extract_json_is_one_array(seeds_dir):
    r = run("extract", str(seeds_dir / "001_920478a60c450549.txt"), "--format", "json")
    data = json.loads(r.stdout)
    assert isinstance(data, list) and data[0]["document"]["province"] == "Tiền Giang"


def test_extract_table_is_readable(seeds_dir):
    r = run("extract", str(seeds_dir / "003_6df45af5e4de73d5.txt"), "--format", "table")
    assert r.exit_code == 0
    assert "6134/KH-UBND" in r.stdout and "IMPLEMENTS" in r.stdout and "1521/QĐ-TTg" in r.stdout


def test_standard_input():
    r = run("extract", "-", input="Thực hiện Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ.")
    doc = json.loads(r.stdout)
    assert doc["source"] == "<stdin>"
    assert doc["citations"][0]["number"] == "56/2024/NĐ-CP"


def test_bad_inputs_are_reported_one_line_each_and_the_rest_processed(tmp_path, seeds_dir):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    good = seeds_dir / "000_2de31e686ed5fa3a.txt"
    r = run("extract", str(tmp_path / "binary.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "scan.pdf"),
            str(good))
    assert r.exit_code == 1
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 3
    assert "binary.txt" in errors[0] and "binary" in errors[0]
    assert "missing.txt" in errors[1] and "no such file" in errors[1]
    assert "scan.pdf" in errors[2] and "PDF" in errors[2]
    assert json.loads(r.stdout)["source"] == str(good)


def test_strict_stops_at_the_first_error_and_writes_nothing(tmp_path, seeds_dir):
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n")
    r = run("extract", str(seeds_dir / "000_2de31e686ed5fa3a.txt"), str(tmp_path / "missing.txt"),
            str(seeds_dir / "001_920478a60c450549.txt"), "--strict", "-o", str(out))
    assert r.exit_code == 1
    assert out.read_text() == "previous run\n"  # untouched: a failed run leaves the old output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".legalgraph-")]


def test_output_file_is_written_whole(tmp_path, seeds_dir):
    out = tmp_path / "out.jsonl"
    r = run("extract", str(seeds_dir), "-o", str(out))
    assert r.exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_empty_directory(tmp_path):
    r = run("extract", str(tmp_path))
    assert r.exit_code == 1 and "no documents in this directory" in r.stderr and ".txt" in r.stderr


def test_text_command_gives_the_text_spans_refer_to(tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes("\ufeffSố: 12/KH-UBND\r\nThực hiện Nghị định số 56/2024/NĐ-CP.\r\n".encode("utf-8"))
    shown = run("text", str(path)).stdout
    doc = json.loads(run("extract", str(path)).stdout)
    m = doc["citations"][0]["mentions"][0]
    assert shown[m["start"]:m["end"]] == m["text"] == "Nghị định số 56/2024/NĐ-CP"


def test_unicode_decomposed_input_gives_the_same_result(tmp_path):
    import unicodedata

    text = "Thực hiện Quyết định số 916/QĐ-TTg ngày 27/8/2024 của Thủ tướng Chính phủ."
    (tmp_path / "nfc.txt").write_text(unicodedata.normalize("NFC", text), encoding="utf-8")
    (tmp_path / "nfd.txt").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    a = json.loads(run("extract", str(tmp_path / "nfc.txt")).stdout)
    b = json.loads(run("extract", str(tmp_path / "nfd.txt")).stdout)
    a.pop("source"), b.pop("source")
    assert a == b


def test_help_teaches_and_starts_light():
    r = run("--help")
    assert "extract" in r.stdout and "Examples" in r.stdout
    r = run("extract", "--help")
    assert "work URIs" in r.stdout
    # starting the command line must not load the extraction machinery (the package's own
    # __init__, the callable verb legalgraph.extract, holds none of it)
    code = ("import sys, legalgraph.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('legalgraph.extract.') or m in ('rdflib','spacy','neo4j','pyvis')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
