"""Every Cypher statement the project ships or sends passes Neo4j's own Cypher tooling.

The statements are the query library (``queries/*.cypher``, several statements a file,
separated by ``;``, with Neo4j Browser ``:param`` lines removed) and the loader's statements
(``legalgraph.graph.neo4j.loader_statements()``). They are checked by
``tools/cypher-lint/lint.mjs``, which runs ``@neo4j-cypher/language-support`` (the parser and
semantic analysis of Neo4j's editors): any syntax or semantic error, unknown function or
procedure, or deprecation fails.

The linter needs ``npm ci --prefix tools/cypher-lint``. Without it these tests skip, unless
``LEGALGRAPH_REQUIRE_CYPHER_LINT=1`` (set in CI), in which case they fail.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
LINT_DIR = ROOT / "tools" / "cypher-lint"
LINT = LINT_DIR / "lint.mjs"
PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"

PARAM_LINE = re.compile(r"^[ \t]*:params?\b.*$", re.MULTILINE)


# --- collecting statements -------------------------------------------------------------


def strip_param_lines(text: str) -> str:
    """Blank Neo4j Browser ``:param`` / ``:params`` lines, keeping the line count."""
    return PARAM_LINE.sub("", text)


def _has_code(text: str) -> bool:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    text = re.sub(r"//[^\n]*", "", text)
    return bool(text.strip())


def split_statements(text: str) -> list[tuple[int, int, str]]:
    """Split Cypher text on top-level ``;`` into ``(line, column, statement)`` triples.

    ``line`` and ``column`` (1-based) are where the statement's text begins in ``text``.

    A ``;`` inside a string, a backticked name or a comment does not split. ``:param`` lines
    are removed first; pieces holding nothing but comments are dropped.
    """
    text = strip_param_lines(text)
    pieces: list[tuple[int, str]] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in "'\"`":
            i += 1
            while i < n and text[i] != c:
                i += 2 if text[i] == "\\" and c != "`" else 1
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c == ";":
            pieces.append((start, text[start:i]))
            i += 1
            start = i
        else:
            i += 1
    pieces.append((start, text[start:]))
    out = []
    for offset, piece in pieces:
        if not _has_code(piece):
            continue
        begin = offset + len(piece) - len(piece.lstrip())
        line = text.count("\n", 0, begin) + 1
        column = begin - (text.rfind("\n", 0, begin) + 1) + 1
        out.append((line, column, piece.strip()))
    return out


def query_files() -> list[Path]:
    return sorted(QUERIES.glob("*.cypher")) if QUERIES.is_dir() else []


def library_statements() -> list[dict]:
    items = []
    for path in query_files():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        for k, (line, column, stmt) in enumerate(split_statements(text), 1):
            # pad so that the linter's line:col are positions in the file
            padded = "\n" * (line - 1) + " " * (column - 1) + stmt
            items.append({"name": f"{rel}#{k}", "statement": padded})
    return items


# --- running the linter ----------------------------------------------------------------


def _linter_missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not PACKAGE.is_dir():
        return f"{PACKAGE} is missing (run: npm ci --prefix tools/cypher-lint)"
    return None


@pytest.fixture(scope="module")
def lint():
    missing = _linter_missing()
    if missing:
        message = f"Cypher linter unavailable: {missing}"
        if os.environ.get("LEGALGRAPH_REQUIRE_CYPHER_LINT") == "1":
            pytest.fail(message + " (LEGALGRAPH_REQUIRE_CYPHER_LINT=1)", pytrace=False)
        pytest.skip(message)

    def run(items: list[dict], *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["node", str(LINT), *args],
            check=False,
            input=json.dumps(items, ensure_ascii=False),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
            cwd=ROOT,
        )

    return run


def _report(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


# --- the statements the project ships and sends ------------------------------------------


def test_query_library_passes_cypher_lint(lint):
    items = library_statements()
    if not items:
        pytest.skip("queries/ holds no .cypher statements yet")
    result = lint(items)
    assert result.returncode == 0, _report(result)


def test_loader_statements_pass_cypher_lint(lint):
    if importlib.util.find_spec("legalgraph.graph.neo4j") is None:
        pytest.skip("legalgraph.graph.neo4j (the Neo4j loader) does not exist yet")
    from legalgraph.graph.neo4j import loader_statements

    statements = list(loader_statements())
    assert statements, "loader_statements() returned nothing"
    assert all(isinstance(s, str) and s.strip() for s in statements), statements
    items = [
        {"name": f"loader_statements()[{i}]", "statement": s} for i, s in enumerate(statements)
    ]
    result = lint(items)
    assert result.returncode == 0, _report(result)


def test_query_library_is_not_empty():
    files = query_files()
    if not files:
        pytest.skip("queries/ has no .cypher files yet (the query library has not landed)")
    empty = [
        f.relative_to(ROOT).as_posix()
        for f in files
        if not split_statements(f.read_text(encoding="utf-8"))
    ]
    assert not empty, f"query files without a Cypher statement: {empty}"
    assert library_statements()


# --- the linter itself: it passes good Cypher and catches bad Cypher -----------------------

GOOD = [
    {
        "name": "merge-rows",
        "statement": "UNWIND $rows AS row MERGE (n:Instrument {id: row.id}) SET n += row.props",
    },
    {
        "name": "constraint",
        "statement": "CREATE CONSTRAINT instrument_id IF NOT EXISTS "
        "FOR (n:Instrument) REQUIRE n.id IS UNIQUE",
    },
    {
        "name": "browser-params",
        "statement": strip_param_lines(
            ':param number => "01/2024/NĐ-CP"\n'
            "// the instruments implementing one decree\n"
            "MATCH (d:Instrument {number: $number})<-[:IMPLEMENTS*1..5]-(x:Instrument)\n"
            "RETURN x.id AS id, x.title AS title ORDER BY id LIMIT $limit"
        ),
    },
]

BAD = {
    "syntax": "MATCH (n:Instrument) RETRN n",
    "semantic": "MATCH (n:Instrument)\nRETURN m",
    "unknown-function": "MATCH (n:Instrument) RETURN toUpperr(n.title)",
    "apoc": "CALL apoc.help('instrument')",
    "deprecated": "MATCH (n:Instrument) RETURN id(n)",
    "empty": "// nothing but a comment",
}


def test_linter_passes_sample_statements(lint):
    result = lint(GOOD)
    assert result.returncode == 0, _report(result)
    assert result.stdout == "", _report(result)  # no problem printed: $params are not flagged


def test_linter_rejects_broken_statements(lint):
    result = lint([{"name": name, "statement": stmt} for name, stmt in BAD.items()])
    assert result.returncode == 1, _report(result)
    # every broken statement gets a failing problem (an error or a deprecation, not a hint)
    problem = re.compile(r"^(.*?): \d+:\d+ (\w+) ")
    failing = {
        m.group(1)
        for m in map(problem.match, result.stdout.splitlines())
        if m and m.group(2) in ("error", "deprecation")
    }
    assert failing == set(BAD), _report(result)
    assert "semantic: 2:8 error Variable `m` not defined" in result.stdout, _report(result)
    assert "cypher-lint: 6 statement(s) checked" in result.stderr, _report(result)


def test_linter_reads_cypher_files(lint, tmp_path):
    good = tmp_path / "good.cypher"
    good.write_text(
        ":param id => 'x'\nMATCH (n:Instrument {id: $id}) RETURN n;\n\n// next\n"
        "MATCH (n:Instrument) RETURN count(n) AS n;\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.cypher"
    bad.write_text("MATCH (n) RETURN n;\nMATCH (n)\nRETURN m;\n", encoding="utf-8")
    result = lint([], str(good))
    assert result.returncode == 0, _report(result)
    result = lint([], str(good), str(bad))
    assert result.returncode == 1, _report(result)
    assert f"{bad}: 3:8 error" in result.stdout, _report(result)


# --- the statement splitter (no Node needed) -----------------------------------------------


def test_split_statements():
    text = (
        ":param a => 1\n"
        "// header; with a semicolon\n"
        "MATCH (n {name: 'a;b'}) RETURN n.`x;y`;\n"
        "\n"
        "/* block; comment */\n"
        'MATCH (n) WHERE n.t = "say \\";\\"" RETURN n\n'
        ";\n"
        "// trailing comment only\n"
    )
    got = split_statements(text)
    assert [(line, column) for line, column, _ in got] == [(2, 1), (5, 1)]
    assert got[0][2].endswith("RETURN n.`x;y`")
    assert got[1][2].endswith("RETURN n")
    assert ":param" not in got[0][2]
    assert [(line, column) for line, column, _ in split_statements("RETURN 1;  RETURN 2")] == [
        (1, 1),
        (1, 12),
    ]
    assert split_statements(":params {a: 1}\n// x\n") == []
