"""The public API (``import legalgraph``): its examples run, and what it returns for a
file is the record ``legalgraph extract`` writes for it."""

from __future__ import annotations

import doctest
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import legalgraph
from legalgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "seeds").glob("*.txt"))


def test_the_examples_in_the_api_docs_run():
    here = os.getcwd()
    os.chdir(ROOT)  # the examples name bundled files from the checkout's root
    try:
        result = doctest.testmod(legalgraph, optionflags=doctest.ELLIPSIS)
    finally:
        os.chdir(here)
    assert result.attempted >= 6 and result.failed == 0


def test_all_names_what_the_package_offers():
    assert {"read", "extract", "ReadError", "__version__"} <= set(legalgraph.__all__)
    assert all(hasattr(legalgraph, name) for name in legalgraph.__all__)


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_extract_of_read_is_the_record_the_command_writes(path):
    line = CliRunner().invoke(main, ["extract", str(path), "--no-progress", "--jobs", "1"]).output
    assert legalgraph.extract(legalgraph.read(str(path))).to_dict() == json.loads(line)
    assert legalgraph.extract(path).to_dict() == json.loads(line)  # a Path is read first


def test_a_docx_read_through_the_api_is_the_commands_record(tmp_path):
    import docx

    document = docx.Document()
    for line in SEEDS[1].read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    target = tmp_path / "plan.docx"
    document.save(target)
    line = CliRunner().invoke(main, ["extract", str(target), "--no-progress", "--jobs", "1"]).output
    record = legalgraph.extract(legalgraph.read(target)).to_dict()
    assert record == json.loads(line) and record["input"]["format"] == "docx"


def test_text_given_as_text_has_no_input_and_names_itself():
    record = legalgraph.extract("Căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2015;", source="note")
    assert record.source == "note" and "input" not in record.to_dict()
    assert [c.number for c in record.citations] == ["80/2015/QH13"]


def test_a_file_that_cannot_be_read_is_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(legalgraph.ReadError) as caught:
        legalgraph.read(empty)
    assert str(caught.value) == f"{empty}: empty file"
    with pytest.raises(TypeError):
        legalgraph.extract(b"bytes are not a document")
