"""The API reference is generated from the docstrings with pdoc
(scripts/build_api_docs.py): warnings are errors, so a docstring pdoc cannot read fails
here, and the public names are all on the page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("api")
    done = subprocess.run([sys.executable, "-W", "error", "scripts/build_api_docs.py", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_every_public_name_has_its_entry(built):
    import legalgraph

    page = (built / "legalgraph.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([A-Za-z0-9_.]+)"', page))
    # extract, the subpackage, has a page of its own
    missing = [name for name in legalgraph.__all__ if name not in ids and name != "extract"]
    assert (built / "legalgraph" / "extract.html").exists()
    assert not missing, missing
    for method in ("open", "chain", "implementers", "coverage", "stale", "show", "search", "stats", "missing",
                   "tasks", "view", "add", "transaction"):
        assert f"Graph.{method}" in ids


def test_the_rows_are_documented(built):
    page = (built / "legalgraph" / "graph" / "rows.html").read_text(encoding="utf-8")
    for row in ("Instrument", "ChainRow", "CoverageRow", "StaleRow", "Details", "TaskRow"):
        assert f'id="{row}"' in page


def test_each_public_name_says_what_it_does():
    import inspect

    import legalgraph

    undocumented = [n for n in legalgraph.__all__ if n != "__version__"
                    and not (inspect.getdoc(getattr(legalgraph, n)) or "").strip()]
    assert not undocumented, undocumented
