"""Runs over many files: --jobs gives the same output as one process, progress shows on
request and stays off when piped, bad inputs are reported and the rest processed."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from legalgraph.cli import main
from legalgraph.extract import batch


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module")
def mixed_dir(tmp_path_factory, seeds_dir, gazette_dir):
    """Seeds, 30 gazette texts, a catalogue and bad files, in one directory tree."""
    d = tmp_path_factory.mktemp("mixed")
    for p in seeds_dir.glob("*.txt"):
        shutil.copy(p, d / p.name)
    sub = d / "gazette"
    sub.mkdir()
    for p in sorted(gazette_dir.glob("*.txt"))[:30]:
        shutil.copy(p, sub / p.name)
    (d / "catalogue.csv").write_text(
        "Số ký hiệu,Ngày ban hành,Trích yếu\n"
        "338/KH-UBND,20/01/2025,Kế hoạch thực hiện Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ\n"
        "12/KH-UBND,05/02/2025,Kế hoạch triển khai Luật Ban hành văn bản QPPL năm 2025\n", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 40)
    return d


def test_jobs_give_the_same_output_as_one_process(mixed_dir):
    one = run("extract", str(mixed_dir), "--jobs", "1")
    two = run("extract", str(mixed_dir), "--jobs", "2")
    three = run("extract", str(mixed_dir), "--jobs", "3", "--no-bodies")
    assert one.exit_code == two.exit_code == 1  # the two bad files
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 5 + 30 + 2
    assert one.stderr == two.stderr
    assert [line for line in one.stderr.splitlines()] == [
        f"legalgraph: {mixed_dir / 'binary.txt'}: binary file, not text",
        f"legalgraph: {mixed_dir / 'empty.txt'}: empty file",
    ]
    # order: directory contents sorted, whatever finished first
    sources = [json.loads(line)["source"] for line in two.stdout.splitlines()]
    assert sources[0].endswith("000_2de31e686ed5fa3a.txt") and "catalogue.csv#1" in sources[5]
    assert [json.loads(line)["source"] for line in three.stdout.splitlines()] == sources


def test_jobs_build_the_same_store(mixed_dir, tmp_path):
    dumps = []
    for jobs in ("1", "2"):
        store = tmp_path / f"g{jobs}.db"
        r = run("build", str(mixed_dir), "--store", str(store), "--jobs", jobs)
        assert r.exit_code == 1, r.stderr
        db = sqlite3.connect(store)
        dumps.append({t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                      for t in ("sources", "instruments", "edges", "nodes", "aliases")})
        db.close()
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["sources"]) == 5 + 30 + 2


def test_strict_stops_at_the_first_bad_file_with_workers(mixed_dir, tmp_path):
    out = tmp_path / "out.jsonl"
    r = run("extract", str(mixed_dir), "--jobs", "2", "--strict", "-o", str(out))
    assert r.exit_code == 1
    assert len(r.stderr.splitlines()) == 1 and "binary file" in r.stderr
    assert not out.exists()


def test_progress_on_request_and_quiet_when_piped(seeds_dir):
    quiet = run("extract", str(seeds_dir), "--no-bodies")
    assert quiet.stderr == ""  # CliRunner's stderr is not a terminal: nothing drawn
    shown = run("extract", str(seeds_dir), "--no-bodies", "--progress")
    assert shown.exit_code == 0
    last = shown.stderr.rstrip("\n").split("\r")[-1]
    assert last.startswith("legalgraph: 5/5 files") and "MB/s" in last and "left" in last
    assert shown.stdout == quiet.stdout


def test_progress_line_counts_failures_and_estimates_time_left():
    import io

    from legalgraph.cli.progress import Progress

    out = io.StringIO()
    p = Progress(True, stream=out, interval=0)
    p.plan(4, 4000)
    p.step(1000)
    p.step(1000, failed=True)
    line = p.line()
    assert line.startswith("legalgraph: 2/4 files, 1 failed,") and "left" in line
    p.message("legalgraph: x.txt: empty file")
    assert "\nlegalgraph: x.txt: empty file\n" in out.getvalue().replace("\r", "\n")


def test_the_window_bounds_documents_in_flight(seeds_dir, tmp_path):
    """Outcomes come back while later documents are still unread, so a collection is never
    held in memory: a file removed after the first outcome arrives is found missing."""
    files = []
    for n in range(40):
        p = tmp_path / f"{n:02d}.txt"
        shutil.copy(seeds_dir / "000_2de31e686ed5fa3a.txt", p)
        files.append(str(p))
    outcomes = []
    for outcome in batch.run(files, jobs=2, bodies=False):
        if not outcomes:
            (tmp_path / "39.txt").unlink()
        outcomes.append(outcome)
    assert [o.source for o in outcomes] == files
    assert all(o.kind == "document" for o in outcomes[:-1])
    assert outcomes[-1].kind == "error" and "no such file" in outcomes[-1].error
