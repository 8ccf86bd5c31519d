"""Extraction as a batch job on an existing engine (Dask): the same JSONL as `extract`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from legalgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("dask.bag")


def test_dask_job_writes_what_extract_writes(seeds_dir, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "dask_extract.py"), str(seeds_dir), str(bad),
                        str(out), "--partitions", "3"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    parts = sorted(out.glob("part-*.jsonl"))
    assert len(parts) == 3
    joined = "".join(p.read_text(encoding="utf-8") for p in parts)
    direct = CliRunner().invoke(main, ["extract", str(seeds_dir)]).stdout
    assert joined == direct
    assert (out / "errors.log").read_text(encoding="utf-8") == f"{bad}: binary file, not text\n"
    # and the parts build a graph like any extract output
    store = tmp_path / "g.db"
    b = CliRunner().invoke(main, ["build", str(out), "--store", str(store)])
    assert b.exit_code == 0, b.stderr
    assert "5 added" in b.stderr
