"""The public API (``import legalgraph``): its examples run, and what it returns for a
file is the record ``legalgraph extract`` writes for it."""

from __future__ import annotations

import doctest
import json
import os
import re
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


# -- the README's Python examples, and what the CLI and the notebook may import ----------

def _readme_python_blocks() -> list[tuple[int, str]]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "```python":
            start = i + 1
            i = start
            while not lines[i].startswith("```"):
                i += 1
            blocks.append((start + 1, "\n".join(lines[start:i]) + "\n"))
        i += 1
    return blocks


def test_readme_python_examples_run_importing_only_legalgraph(tmp_path):
    import subprocess
    import sys

    (tmp_path / "data").symlink_to(ROOT / "data")  # a fresh directory with the bundled data, as a user has
    assert CliRunner().invoke(main, ["build", str(ROOT / "data" / "seeds"), "--store",
                                     str(tmp_path / "legalgraph.db"), "--no-progress"]).exit_code == 0
    ran = 0
    for line, code in _readme_python_blocks():
        imports = re.findall(r"^\s*(?:import|from)\s+(\S+)", code, re.MULTILINE)
        assert set(imports) == {"legalgraph"}, f"README.md:{line} imports {imports}"
        if "sc.parallelize" in code:
            continue  # Spark's context; legalgraph.extract_one, what it maps, is tested below
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, f"README.md:{line}:\n{done.stderr[-2000:]}"
        ran += 1
    assert ran >= 3


def test_extract_one_is_a_record_or_an_error(tmp_path):
    line, error = legalgraph.extract_one(SEEDS[3])
    assert error is None and json.loads(line)["document"]["number"] == "6134/KH-UBND"
    (tmp_path / "empty.txt").write_text("")
    line, error = legalgraph.extract_one(tmp_path / "empty.txt")
    assert line is None and "empty.txt" in error


@pytest.mark.parametrize("interface", ["cli", "web"])
def test_the_interfaces_import_only_the_public_api(interface):
    # the CLI and the web application parse input and format output; everything else is
    # the library's, reached through `import legalgraph` (the interfaces' own modules aside:
    # `legalgraph serve` starts the web application)
    folder = ROOT / "legalgraph" / interface
    if not folder.exists():
        pytest.skip(f"no legalgraph/{interface}")
    for path in folder.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        deep = [m for m in re.findall(r"(?:from|import)\s+(legalgraph\.[\w.]+)", text)
                if not m.startswith(("legalgraph.cli", "legalgraph.web", "legalgraph.data"))]  # data: files, no code
        assert not deep, f"{path.relative_to(ROOT)} imports {deep}"


def test_a_graph_answers_with_typed_rows(tmp_path):
    store = tmp_path / "seeds.db"
    with legalgraph.Graph.open(store, write=True) as graph, graph.transaction():
        added = [graph.add(o.result) for o in legalgraph.extract_many([str(ROOT / "data" / "seeds")], jobs=1)]
    assert added == ["added"] * 5
    with legalgraph.Graph.open(store) as graph:
        chain = graph.chain("56/2024/NĐ-CP")
        assert chain.root.number == "56/2024/NĐ-CP"
        assert {(r.number, r.province, r.relation) for r in chain} >= {("338/KH-UBND", "Tiền Giang", "IMPLEMENTS")}
        assert all(r.to_dict()["via_label"] == "56/2024/NĐ-CP" for r in chain if r.depth == 1)
        coverage = graph.coverage("56/2024/NĐ-CP", period="from 2025")
        acted, of = coverage.acted()
        assert of == 34 and acted == sum(r.covered for r in coverage) and acted >= 1
        with pytest.raises(legalgraph.NotFound, match="99/2099"):
            graph.chain("99/2099/NĐ-CP")
        with pytest.raises(legalgraph.NotFound, match="empty"):
            graph.show("  ")
        lead = graph.tasks(body="Sở Tư pháp", role="lead")
        assert lead and all(any(b.name.startswith("Sở Tư pháp") and b.role == "lead" for b in t.bodies)
                            for t in lead)
        # the tasks of the store are those the command reads from the files
        on_files = json.loads(CliRunner().invoke(main, ["tasks", str(ROOT / "data" / "seeds"), "--body",
                                                         "Sở Tư pháp", "--role", "lead", "--format", "json",
                                                         "--no-progress"]).output)
        assert [t.id for t in lead] == [t["id"] for t in on_files]
        assert [t.deadline for t in lead] == [t["deadline"] for t in on_files]
        details = graph.show("56/2024/NĐ-CP")
        amends = [e for e in details.out if e.relation == "AMENDS"]
        assert amends and amends[0].label == "55/2011/NĐ-CP" and amends[0].start < amends[0].end
        assert graph.stats().documents == 5
        view = graph.view("56/2024/NĐ-CP", direction="down")
        assert view.hierarchical and "338/KH-UBND" in view.html()
        with pytest.raises(ValueError):
            graph.view()


def test_export_formats_are_one_registry(tmp_path):
    store = tmp_path / "seeds.db"
    assert CliRunner().invoke(main, ["build", str(ROOT / "data" / "seeds"), "--store", str(store),
                                     "--no-progress"]).exit_code == 0
    assert set(legalgraph.EXPORT_FORMATS) == {"graphml", "json", "turtle", "jsonld", "nt", "neo4j-csv"}
    with legalgraph.Graph.open(store) as graph:
        for name in ("graphml", "json", "turtle", "nt"):
            text = legalgraph.export(graph, name)
            assert "56-2024-nd-cp" in text
            # the command writes what the function returns
            out = CliRunner().invoke(main, ["export", "--format", name, "--store", str(store)]).output
            assert out == text
        files = legalgraph.export(graph, "neo4j-csv", to=tmp_path / "csv")
        assert all(p.exists() for p in files["nodes"] + files["relationships"])
        assert "neo4j-admin database import full" in legalgraph.neo4j_import_command(files)
        with pytest.raises(legalgraph.ExportError, match="no export format 'pdf'"):
            legalgraph.export(graph, "pdf")


def test_no_private_name_crosses_modules():
    # a name with a leading underscore is its module's own: another module importing it
    # depends on what may change without notice
    import ast

    crossing = []
    for path in (ROOT / "legalgraph").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("legalgraph"):
                crossing += [f"{path.relative_to(ROOT)}:{node.lineno} {a.name}" for a in node.names
                             if a.name.startswith("_") and not a.name.startswith("__")]
    assert not crossing, crossing


def test_the_graph_reads_records_not_the_extraction_code():
    # docs/architecture.md: the graph reads extraction records (their JSON shape), so that
    # `extract … > x.jsonl` then `build x.jsonl` is the same as `build` on the documents
    for path in (ROOT / "legalgraph" / "graph").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        deep = re.findall(r"(?:from|import)\s+(legalgraph\.(?:extract|text)\b[\w.]*)", text)
        assert not deep, f"{path.name} imports {deep}"
