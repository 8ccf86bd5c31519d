"""When the machine, not the input, goes wrong: a store another build holds, a read-only or
full disk, a file that is not a store or is damaged, a run killed halfway. Each is one line
on standard error and a non-zero exit, never a traceback, and nothing is left half-written:
no store changed, no partial output file, no temporary file beside the target."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import stat
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from legalgraph.cli import main

SEED = "001_920478a60c450549.txt"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(r, *words):
    """The run failed with one line naming the problem, not an exception."""
    assert r.exit_code not in (0, None), r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    last = r.stderr.strip().splitlines()[-1]
    for w in words:
        assert w in last, (w, r.stderr)
    return last


def digest(path) -> str:
    return hashlib.sha1(open(path, "rb").read()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory, seeds_dir):
    store = tmp_path_factory.mktemp("built") / "seeds.db"
    assert run("build", seeds_dir, "--store", store).exit_code == 0
    return store


@pytest.fixture()
def store(built, tmp_path):
    copy = tmp_path / "store" / "s.db"
    copy.parent.mkdir()
    shutil.copy(built, copy)
    return copy


# ---- 2. two builds into one store


def test_a_second_build_waits_for_the_first_and_says_so(store, seeds_dir, tmp_path):
    # the lock a running `legalgraph build` holds from its first write to its commit
    holder = sqlite3.connect(store, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    new = tmp_path / "new.txt"
    new.write_text("Thực hiện Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ.", encoding="utf-8")
    try:
        started = time.monotonic()
        r = run("build", new, "--store", store, "--wait", "1")
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
    last = one_line_error(r, str(store), "another", "--wait")
    assert "waiting" in r.stderr.splitlines()[0]
    assert 1 <= waited < 4, waited
    assert last.startswith("Error: ") and len(r.stderr.strip().splitlines()) == 2

    # the first build ends while the second waits: the second goes on
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, lambda: holder.execute("ROLLBACK")).start()
    r = run("build", new, "--store", store, "--wait", "30")
    holder.close()
    assert r.exit_code == 0, r.output
    assert "waiting" in r.stderr and "1 added" in r.stderr


# ---- 3. search with very many words


def test_search_with_a_thousand_words(built, seeds_dir):
    title = json.loads(run("show", "483/KH-UBND", "--store", built, "--format", "json").stdout)["title"]
    words = f"ke hoach 483 {title}".split()
    pasted = " ".join((words * (1000 // len(words) + 1))[:1000])
    r = run("search", pasted, "--store", built, "--format", "json")
    assert r.exit_code == 0, r.output
    assert [x["number"] for x in json.loads(r.stdout)] == ["483/KH-UBND"]
    # a page of a document: a thousand words, most of them distinct, that no title holds
    text = (seeds_dir / SEED).read_text(encoding="utf-8").split()
    r = run("search", " ".join(text[:1000]), "--store", built, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == []


# ---- 4. a read-only store


@contextmanager
def read_only(*paths):
    """Make files and folders read-only, for root too (whom permission bits do not stop):
    the immutable attribute, where the file system has it."""
    if os.geteuid() != 0:
        modes = [os.stat(p).st_mode for p in paths]
        for p in paths:
            os.chmod(p, 0o555 if os.path.isdir(p) else 0o444)
        try:
            yield
        finally:
            for p, m in zip(paths, modes):
                os.chmod(p, m)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", *map(str, paths)]).returncode != 0:
        pytest.skip("no way to make a file read-only for root here (chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, paths)], check=True)


@pytest.mark.parametrize("what", ["file", "folder", "both"])
def test_queries_answer_from_a_read_only_store_and_build_says_why_not(store, seeds_dir, tmp_path, what):
    expected = json.loads(run("stats", "--store", store, "--format", "json").stdout)
    before = digest(store)
    new = tmp_path / "new.txt"
    new.write_text("Thực hiện Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ.", encoding="utf-8")
    paths = {"file": [store], "folder": [store.parent], "both": [store, store.parent]}[what]
    with read_only(*paths):
        r = run("stats", "--store", store, "--format", "json")
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout) == expected
        r = run("chain", "56/2024/NĐ-CP", "--store", store, "--format", "json")
        assert r.exit_code == 0 and "338/KH-UBND" in r.stdout, r.output
        r = run("build", new, "--store", store)
        one_line_error(r, str(store), "read-only")
    assert digest(store) == before


# ---- 5. a full disk


def in_small_disk(tmp_path, kilobytes: int, script: str) -> subprocess.CompletedProcess:
    """Run a shell ``script`` with $DISK a fresh file system of that size (a tmpfs in a
    mount namespace of its own, gone when the script ends): a disk that really fills."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a small file system needs root (unshare -m, mount -t tmpfs)")
    disk = tmp_path / "disk"
    disk.mkdir()
    full = f"set -u; mount -t tmpfs -o size={kilobytes}k tmpfs {disk} || exit 99; DISK={disk}; LG='{sys.executable} -m legalgraph'\n{script}"
    r = subprocess.run(["unshare", "-m", "sh", "-c", full], capture_output=True, text=True, timeout=300)
    if r.returncode == 99:
        pytest.skip("cannot mount a tmpfs here")
    return r


def test_build_on_a_full_disk_keeps_the_store(store, seeds_dir, tmp_path):
    # many records, made from the seeds' own: far more graph than the disk has room for
    lines = run("extract", seeds_dir).stdout.splitlines()
    records = tmp_path / "many.jsonl"
    with records.open("w", encoding="utf-8") as f:
        for i in range(400):
            record = json.loads(lines[i % 5])
            record["source"] = f"copy-{i}.txt"
            record["document"]["id"] += f"-{i}"
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    size = store.stat().st_size // 1024
    r = in_small_disk(tmp_path, size + 256, f"""
        cp {store} $DISK/s.db && sha1sum < $DISK/s.db > {tmp_path}/before
        $LG build {records} --store $DISK/s.db --no-progress 2> {tmp_path}/err; echo $? > {tmp_path}/rc
        sha1sum < $DISK/s.db > {tmp_path}/after
        $LG stats --store $DISK/s.db --format json > {tmp_path}/stats
        ls -A $DISK > {tmp_path}/ls""")
    assert r.returncode == 0, r.stderr
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "rc").read_text().strip() != "0", err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "full" in err and "s.db" in err, err
    assert (tmp_path / "before").read_text() == (tmp_path / "after").read_text()
    assert json.loads((tmp_path / "stats").read_text())["documents"] == 5


@pytest.mark.parametrize("command", ["extract", "export", "export-csv"])
def test_output_on_a_full_disk_is_one_line_and_leaves_nothing(built, seeds_dir, tmp_path, command):
    line = {"extract": f"$LG extract {seeds_dir} -o $DISK/out.jsonl --no-progress",
            "export": f"$LG export --store {built} -o $DISK/out.jsonl",
            "export-csv": f"$LG neo4j export-csv $DISK/import --store {built}"}[command]
    r = in_small_disk(tmp_path, 16, f"""
        echo "previous run" > $DISK/out.jsonl
        {line} > /dev/null 2> {tmp_path}/err; echo $? > {tmp_path}/rc
        ls -A $DISK > {tmp_path}/ls; cat $DISK/out.jsonl > {tmp_path}/out""")
    assert r.returncode == 0, r.stderr
    err = (tmp_path / "err").read_text()
    assert (tmp_path / "rc").read_text().strip() != "0", err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "No space left on device" in err and str(tmp_path / "disk") in err, err
    assert (tmp_path / "ls").read_text().split() == ["out.jsonl"]  # no temporary file, no partial CSVs
    assert (tmp_path / "out").read_text() == "previous run\n"


def test_output_to_a_device_is_written_in_place(seeds_dir, tmp_path):
    # a device that is always full (/dev/full). The output goes to the device itself, and its
    # failure is one line: a temporary file beside it, renamed over it, would replace the
    # device with a plain file. Root gets a device of its own, so that a failing run cannot
    # replace the machine's /dev/full.
    full = "/dev/full"
    if os.geteuid() == 0:
        full = str(tmp_path / "full")
        os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    r = run("extract", seeds_dir / SEED, "-o", full)
    one_line_error(r, full, "No space left on device")
    assert stat.S_ISCHR(os.stat(full).st_mode)
    assert not [p for p in os.listdir(os.path.dirname(full)) if p.startswith(".legalgraph-")]


# ---- 6. a file that is not a store, or a damaged one


def test_a_foreign_sqlite_file_is_refused_unchanged(tmp_path, seeds_dir):
    other = tmp_path / "accounts.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE accounts (name TEXT, balance INTEGER)")
    db.execute("INSERT INTO accounts VALUES ('a', 1)")
    db.commit()
    db.close()
    before = digest(other)
    for args in (["stats"], ["chain", "56/2024/NĐ-CP"], ["build", seeds_dir / SEED]):
        r = run(*args, "--store", other)
        one_line_error(r, str(other), "not a legalgraph store")
    assert digest(other) == before
    assert sorted(os.listdir(tmp_path)) == ["accounts.db"]


def _damage(store, table):
    """Overwrite the first page of one table's b-tree with noise."""
    db = sqlite3.connect(store)
    page = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(store, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(bytes((i * 37 + 11) % 256 for i in range(size)))


def test_a_damaged_store_is_one_line_and_build_refuses_it(store, seeds_dir, tmp_path):
    _damage(store, "nodes")
    for args in (["stats"], ["export", "-o", tmp_path / "g.json"], ["build", seeds_dir / SEED]):
        r = run(*args, "--store", store)
        one_line_error(r, str(store), "damaged")
    assert not (tmp_path / "g.json").exists()


def test_a_schema_version_that_is_not_a_number(store, seeds_dir):
    db = sqlite3.connect(store)
    db.execute("UPDATE meta SET value = 'five' WHERE key = 'schema'")
    db.commit()
    db.close()
    before = digest(store)
    for args in (["stats"], ["build", seeds_dir / SEED]):
        r = run(*args, "--store", store)
        one_line_error(r, str(store), "'five'")
    assert digest(store) == before


# ---- 10. nothing left behind


def _big_input(gazette_dir):
    # the 217 gazette texts three times over: a run long enough to be stopped halfway
    return [gazette_dir] * 3


def _stop_midway(tmp_path, gazette_dir, sig):
    """Start `extract --jobs 2 -o` and send ``sig`` to the main process once 20 documents
    are done; its standard error, once every process holding it has ended."""
    out = tmp_path / "out" / "x.jsonl"
    out.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "legalgraph", "extract", *map(str, _big_input(gazette_dir)),
                             "--jobs", "2", "--progress", "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = []
    # the pipe closes when the last process holding it (the workers too) has exited
    reader = threading.Thread(target=lambda: err.extend(iter(lambda: proc.stderr.read1(4096), b"")))
    reader.start()
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        done = re.findall(rb"legalgraph: (\d+)/\d+ files", b"".join(err))
        if done and int(done[-1]) >= 20:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be stopped"
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    reader.join(timeout=60)
    assert not reader.is_alive(), "a worker outlived the main process"
    return proc, out, b"".join(err).decode()


def test_a_stopped_extract_leaves_no_temporary_file(tmp_path, gazette_dir):
    proc, out, err = _stop_midway(tmp_path, gazette_dir, signal.SIGTERM)
    assert proc.returncode != 0
    assert "Traceback" not in err, err
    assert os.listdir(out.parent) == []


def test_workers_end_quietly_when_the_main_process_is_killed(tmp_path, gazette_dir):
    proc, out, err = _stop_midway(tmp_path, gazette_dir, signal.SIGKILL)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    if hasattr(os, "O_TMPFILE"):  # the output has no name until the run succeeds
        assert os.listdir(out.parent) == []


def test_output_of_a_run_that_produced_nothing_is_not_written(tmp_path):
    out = tmp_path / "out.jsonl"
    r = run("extract", tmp_path / "missing.txt", "-o", out)
    assert r.exit_code == 1 and "no such file" in r.stderr
    assert not out.exists()
    out.write_text("previous run\n")
    r = run("extract", tmp_path / "missing.txt", "-o", out, "--format", "json")
    assert r.exit_code == 1
    assert out.read_text() == "previous run\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]


# ---- 12. progress over extraction records


def test_progress_counts_records_apart_from_files(tmp_path, seeds_dir):
    records = tmp_path / "seeds.jsonl"
    records.write_text(run("extract", seeds_dir).stdout, encoding="utf-8")
    docs = sorted(seeds_dir.glob("*.txt"))[:2]
    r = run("build", records, *docs, "--store", tmp_path / "s.db", "--progress")
    assert r.exit_code == 0, r.output
    last = [x for x in r.stderr.replace("\r", "\n").splitlines() if "files" in x][-1]
    assert last.startswith("legalgraph: 2/2 files, 5 records"), last
