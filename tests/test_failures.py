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
