"""Fuzzing: thousands of mutated and random inputs through reading, extraction and `build`.

Nothing may raise out of the library or the command line, every span must still point at
its text, and a store that took a run of bad inputs must stay sound: SQLite's own
integrity check passes, what was there before is still there, and the derived tables
equal a full recomputation.
"""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legalgraph.cli import main
from legalgraph.extract import batch
from legalgraph.graph.merge import compute_aliases
from legalgraph.graph.store import Store
from legalgraph.text.read import normalise
from roundtrip import SEED_FILES, assert_spans_point_into, extract_text

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEED_FILES]

# pieces real documents are made of, so mutations land near the grammar's edges
PIECES = ["Nghị định số ", "56/2024/NĐ-CP", "/QĐ-TTg", "-NQ/TW", " ngày 18/5/2024", "số: ", "Số: /KH-UBND",
          "sửa đổi, bổ sung", "thay thế", "bãi bỏ", "Căn cứ ", "thực hiện ", "Luật ", " năm 2015", "\n", "\n\n",
          "CÔNG BÁO/Số 281/", "06-\nCT/TU", "[1]", "2 ngày 14/5/2016 ", "Sở Tư pháp", "UBND tỉnh ", "- ", "a) ",
          "Điều 1.", "\u0301", "\u0323", "\ufeff", "\x00", "\u200b", "đ", "Đ", "ư", "  ", "\t", "/", "-", "..."]


@st.composite
def mutated_text(draw):
    text = draw(st.sampled_from(SEED_TEXTS))
    start = draw(st.integers(0, max(len(text) - 1, 0)))
    text = text[start:start + draw(st.integers(0, 4000))]
    for _ in range(draw(st.integers(0, 12))):
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "case", "random"]))
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(0, 40)):]
        elif op == "duplicate":
            text = text[:at] + text[at:at + draw(st.integers(0, 200))] * 2 + text[at:]
        elif op == "case":
            piece = text[at:at + 300]
            text = text[:at] + (piece.upper() if draw(st.booleans()) else piece.lower()) + text[at + 300:]
        else:
            text = text[:at] + draw(st.text(max_size=30)) + text[at:]
    # every reader hands the extractor NFC text without NULs (read.normalise); spans are
    # offsets into that text
    return normalise(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_text(), st.booleans())
def test_extraction_never_raises_on_mutated_documents(text, bodies):
    from legalgraph.extract.pipeline import extractor

    record = extractor().extract(text, source="fuzz", bodies=bodies).to_dict()
    assert_spans_point_into(record, text)
    json.dumps(record, ensure_ascii=False)  # serialisable as `extract` writes it


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_extraction_never_raises_on_random_text(text):
    text = normalise(text)
    record = extract_text(text)
    assert_spans_point_into(record, text)


def _small_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("Thực hiện Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _small_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 6, "Thuc hien Nghi dinh so 56/2024/ND-CP ngay 18/5/2024.\n" * 20)
    return bytes(pdf.output())


def _small_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Số ký hiệu", "Ngày ban hành", "Trích yếu"])
    sheet.append(["338/KH-UBND", "20/01/2025", "Kế hoạch thực hiện Nghị định số 56/2024/NĐ-CP"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SEED_BYTES = SEED_TEXTS[0][:3000].encode("utf-8")
SAMPLES = {
    ".txt": [SEED_BYTES, SEED_TEXTS[1][:3000].encode("utf-16"), SEED_TEXTS[2][:3000].encode("cp1258", "replace")],
    ".md": [SEED_BYTES],
    ".html": [b"<html><head><meta charset='utf-8'><script>x()</script></head><body><article><p>"
              + SEED_BYTES.replace(b"\n", b"</p><p>") + b"</p></article></body></html>"],
    ".htm": [b"<p>" + SEED_BYTES + b"</p>"],
    ".docx": [_small_docx()],
    ".pdf": [_small_pdf()],
    ".csv": ["Số ký hiệu,Ngày ban hành,Trích yếu\n338/KH-UBND,20/01/2025,Kế hoạch thực hiện Nghị định số "
             "56/2024/NĐ-CP\n,,\n1/KH,32/13/2025,\"x\n".encode()],
    ".xlsx": [_small_xlsx()],
    ".jsonl": [json.dumps(extract_text(SEED_TEXTS[3][:2000], "r.txt"), ensure_ascii=False).encode() + b"\n"],
}


@st.composite
def mutated_file(draw):
    suffix = draw(st.sampled_from(sorted(SAMPLES)))
    if draw(st.integers(0, 9)) == 0:
        return suffix, draw(st.binary(max_size=2000))
    data = bytearray(draw(st.sampled_from(SAMPLES[suffix])))
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at:]
    return suffix, bytes(data)


@settings(max_examples=800, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated_file())
def test_reading_and_extracting_any_file_never_raises(tmp_path, sample):
    suffix, data = sample
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    for outcome in batch.run([str(path)], jobs=1, bodies=False, records=True):
        assert outcome.kind in ("document", "row", "record", "error", "note")
        if outcome.kind == "error":
            assert outcome.error.startswith(str(path)), outcome.error
            assert "\n" not in outcome.error and "internal error" not in outcome.error, outcome.error
        elif outcome.kind != "note":
            json.loads(outcome.line)


def _sound(store_path, expected_sources):
    db = sqlite3.connect(store_path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    sources = {r[0] for r in db.execute("SELECT source FROM sources")}
    assert expected_sources <= sources
    for table in ("instruments", "edges", "sentences", "names"):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE source NOT IN (SELECT source FROM sources)"
                          ).fetchone() == (0,)
    db.close()
    store = Store(store_path)
    ids = [r[0] for r in store.db.execute("SELECT DISTINCT id FROM instruments")]
    names = store.db.execute("SELECT id, canonical FROM names").fetchall()
    assert dict(store.db.execute("SELECT id, canonical FROM aliases")) == compute_aliases(ids, names)
    store.close()


@pytest.fixture(scope="module")
def base_store(tmp_path_factory, seeds_dir):
    path = tmp_path_factory.mktemp("fuzzstore") / "g.db"
    r = CliRunner().invoke(main, ["build", str(seeds_dir), "--store", str(path), "--no-bodies"])
    assert r.exit_code == 0, r.output
    return path


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(mutated_file(), min_size=1, max_size=6), st.booleans())
def test_build_on_bad_inputs_never_corrupts_the_store(tmp_path_factory, base_store, seeds_dir, files, strict):
    d = tmp_path_factory.mktemp("fuzzrun")
    for n, (suffix, data) in enumerate(files):
        (d / f"{n}{suffix}").write_bytes(data)
    before = sqlite3.connect(base_store).execute("SELECT source, sha1 FROM sources ORDER BY 1").fetchall()
    args = ["build", str(d), "--store", str(base_store), "--no-bodies", "--jobs", "1"]
    r = CliRunner().invoke(main, args + (["--strict"] if strict else []))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output and "internal error" not in r.stderr, r.stderr
    seeds = {str(p) for p in seeds_dir.glob("*.txt")}
    _sound(base_store, seeds)
    if strict and r.exit_code != 0:  # a failed strict run stores nothing
        after = sqlite3.connect(base_store).execute("SELECT source, sha1 FROM sources ORDER BY 1").fetchall()
        assert after == before


def test_a_zip_bomb_xlsx_catalogue_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(1100):
                member.write(chunk)
    assert path.stat().st_size < 5 * (1 << 20)
    r = CliRunner().invoke(main, ["extract", str(path)])
    assert r.exit_code == 1
    assert r.stderr.strip().startswith(f"legalgraph: {path}:") and "zip bomb" in r.stderr


def _pathological(size: int):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "bench_pathological", Path(__file__).resolve().parents[1] / "benchmarks" / "bench_pathological.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.documents(size))


@pytest.mark.parametrize("name, text", _pathological(3000), ids=lambda v: v if len(v) < 60 else "")
def test_pathological_runs_extract_and_spans_point_into_them(name, text):
    """The benchmark's inputs (runs of blanks, rules, invisible characters, line breaks,
    repeated grammar words), at a size where even quadratic regexes end: extraction must
    not raise and every span must point into the text. Their time is bounded by
    benchmarks/bench_pathological.py, run by the test below."""
    text = normalise(text)
    record = extract_text(text)
    assert_spans_point_into(record, text)


def test_the_pathological_benchmark_passes_with_room_to_spare(tmp_path):
    """No input of the benchmark's kinds grows faster than linearly; the bounds here are five
    times the benchmark's (the suite runs beside other work on two cores). A regex that
    splits a run of blanks every way (the header date line was 2 s for 5,000 spaces) takes
    seconds at these sizes and fails it."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "pathological.json"
    r = subprocess.run([sys.executable, str(root / "benchmarks" / "bench_pathological.py"), "--size", "12000",
                        "--bound", "1.0", "--max-growth", "5", "--floor", "0.1", "--json", str(out)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    documents = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert len(documents) > 200 and all(d["outcome"] for d in documents)
