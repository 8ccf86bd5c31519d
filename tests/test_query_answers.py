"""What the query commands answer when a name means nothing, and what their rows and
summary lines say, on a store built from the seeds (issue 16: items 8, 12 and first-run
polish)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from legalgraph.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def store(seed_store):
    return seed_store


def one_line_error(r, *words):
    text = r.output.strip()
    assert r.exit_code == 1, text
    assert "\n" not in text and "Traceback" not in text, text
    assert all(w in text for w in words), text


# a URI of no instrument (a decree of 2099; the bare prefix), a body's id, a number of nothing
UNKNOWN = ["/akn/vn/nghi-dinh/2099/1-2099-nd-cp", "/akn/", "/body/vn-tien-giang/so-tu-phap", "1/2099/NĐ-CP"]


@pytest.mark.parametrize("command", ["chain", "implementers", "coverage", "stale", "show"])
@pytest.mark.parametrize("name", UNKNOWN)
def test_an_unknown_instrument_is_one_error(store, command, name):
    for fmt in ("table", "json"):
        one_line_error(run(command, name, "--store", store, "--format", fmt), "no instrument", name)


def test_a_known_uri_still_answers(store):
    info = json.loads(run("show", "/akn/vn/nghi-dinh/2024/56-2024-nd-cp", "--store", store,
                          "--format", "json").stdout)
    assert info["number"] == "56/2024/NĐ-CP" and info["in"]


@pytest.mark.parametrize("command", ["stale", "chain", "show", "coverage", "implementers"])
@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_instrument_name_is_an_error(store, command, name):
    one_line_error(run(command, name, "--store", store), "empty")


def test_stale_without_an_instrument_is_the_whole_report(store):
    r = run("stale", "--store", store, "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []


def _summary(r):
    m = re.search(r"(\d+) of (\d+) ", r.stdout.splitlines()[0])
    assert m, r.stdout
    return int(m.group(1)), int(m.group(2))


@pytest.mark.parametrize("period", [[], ["--period", "before-2025"], ["--period", "from-2025"]])
def test_coverage_summary_means_the_same_with_missing_only(store, period):
    full = run("coverage", "56/2024/NĐ-CP", *period, "--store", store)
    only = run("coverage", "56/2024/NĐ-CP", *period, "--missing-only", "--store", store)
    assert full.exit_code == only.exit_code == 0
    acted, total = _summary(full)
    assert acted >= 1 and _summary(only) == (acted, total)
    rows = json.loads(run("coverage", "56/2024/NĐ-CP", *period, "--missing-only", "--store", store,
                          "--format", "json").stdout)
    assert len(rows) == total - acted and not any(r["covered"] for r in rows)


def test_an_unnumbered_chain_row_shows_its_title_or_file(store):
    rows = json.loads(run("chain", "56/2024/NĐ-CP", "--store", store, "--format", "json").stdout)
    unnumbered = [r for r in rows if not r["number"]]
    assert unnumbered  # seed 000: a plan printed with a blank number
    table = run("chain", "56/2024/NĐ-CP", "--store", store).stdout
    for r in unnumbered:
        assert r["file"], r
        shown = Path(r["file"]).name
        assert any(shown in line and r["relation"] in line for line in table.splitlines()), table
    with_csv = list(csv.DictReader(io.StringIO(run("chain", "56/2024/NĐ-CP", "--store", store,
                                                   "--format", "csv").stdout)))
    assert with_csv and all("file" in r and "title" in r for r in with_csv)
    assert {Path(r["file"]).name for r in with_csv if not r["number"]} == {Path(r["file"]).name for r in unnumbered}
