"""The walkthrough notebook (notebooks/walkthrough.ipynb) runs clean, top to bottom, in a
Jupyter kernel of this Python, from the notebooks/ folder, as a newcomer would run it.

Without nbclient or ipykernel the test is skipped, unless ``LEGALGRAPH_REQUIRE_NOTEBOOK=1``
(set in CI), in which case it fails.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"


def _require(module: str):
    try:
        return __import__(module)
    except ImportError as e:
        message = f"the notebook test needs {module} ({e})"
        if os.environ.get("LEGALGRAPH_REQUIRE_NOTEBOOK") == "1":
            pytest.fail(message + " (LEGALGRAPH_REQUIRE_NOTEBOOK=1)", pytrace=False)
        pytest.skip(message)


def _text(cell) -> str:
    """What a code cell showed: its printed text and the text or HTML of its results."""
    # stdout and stderr are kept apart: the kernel sends them as two streams, and which of
    # them arrives first varies from run to run (CI saw stdout before stderr once)
    streams = {"stdout": [], "stderr": []}
    results = []
    def joined(value):  # a saved file may hold text as a list of lines
        return "".join(value) if isinstance(value, list) else value

    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            streams.setdefault(out["name"], []).append(joined(out["text"]))
        elif out["output_type"] in ("execute_result", "display_data"):
            results.append(joined(out["data"].get("text/html") or out["data"].get("text/plain", "")))
    return "".join(streams.pop("stdout")) + "".join(results) + "".join(
        "".join(parts) for _, parts in sorted(streams.items()))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook after running, with a last cell added that reports the kernel's Python."""
    for module in ("nbformat", "nbclient", "ipykernel", "jupyter_client"):
        _require(module)
    import nbformat
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    # a kernel spec of our own naming this interpreter, so that the notebook runs on the
    # Python (and the legalgraph) under test, whatever "python3" kernels are installed
    kernels = tmp_path_factory.mktemp("jupyter") / "kernels"
    (kernels / "legalgraph-test").mkdir(parents=True)
    (kernels / "legalgraph-test" / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "legalgraph test", "language": "python"}))
    km = KernelManager(kernel_name="legalgraph-test", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    NotebookClient(nb, km=km, timeout=120, allow_errors=False,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


REFRESH = "jupyter nbconvert --to notebook --execute --inplace notebooks/walkthrough.ipynb"


def test_saved_with_its_outputs():
    # a reader on a repository page sees what each step gives without running anything
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] and c["execution_count"] for c in code[:-1]), f"run `{REFRESH}`"


def test_saved_outputs_are_what_it_shows_now(executed):
    saved = [c for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    now = [c for c in executed.cells if c.cell_type == "code"][:-1]  # less the cell the test adds
    assert len(saved) == len(now)
    stale = [c["source"][:60] if isinstance(c["source"], str) else "".join(c["source"])[:60]
             for c, n in zip(saved, now) if _text(c) != _text(n)]
    first = next((difflib.unified_diff(_text(c).splitlines(), _text(n).splitlines(), "saved", "now", lineterm="")
                  for c, n in zip(saved, now) if _text(c) != _text(n)), [])
    assert not stale, (f"the saved outputs of these cells are out of date; run `{REFRESH}`: {stale}\n"
                       + "\n".join(list(first)[:40]))


def test_it_uses_only_the_public_api():
    # what a reader copies from the notebook must keep working: `import legalgraph` and its
    # attributes, never a module inside the package
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "import legalgraph" in code
    assert not re.findall(r"(?:from|import)\s+legalgraph\.", code)


def test_the_notebook_extra_installs_what_opens_and_runs_it():
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    extra = {re.split(r"[<>=!~\[ ]", line.strip())[0].lower()
             for line in cfg["options.extras_require"]["notebook"].splitlines()
             if line.strip() and not line.strip().startswith("#")}
    # a front end to open it, a kernel, and what executes it as the README and REFRESH say
    assert {"jupyterlab", "ipykernel", "nbconvert", "nbclient", "nbformat"} <= extra, extra


def test_runs_clean(executed):
    code = [c for c in executed.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o["output_type"] == "error"]
    assert not errors
    warnings = [o["text"] for c in code for o in c.outputs
                if o["output_type"] == "stream" and o["name"] == "stderr" and "Warning" in o["text"]]
    assert not warnings
    assert _text(code[-1]).strip() == sys.executable


def test_outputs(executed):
    shown = {}
    for cell in executed.cells:
        if cell.cell_type == "code":
            shown[cell.source] = _text(cell)

    def output_of(fragment):
        [text] = [t for source, t in shown.items() if fragment in source]
        return text

    extracted = output_of("legalgraph.extract(legalgraph.read(")
    assert "Kế hoạch 483/KH-UBND" in extracted and "916/QĐ-TTg" in extracted
    assert "IMPLEMENTS" in output_of('for r in record["relations"]')

    chain = output_of('"chain", "56/2024/NĐ-CP"')
    assert "338/KH-UBND" in chain and "Tiền Giang" in chain
    up = output_of('"1521/QĐ-TTg", "--up"')
    assert "80-KL/TW" in up and "32-CT/TW" in up

    assert output_of('command("stale"').strip().endswith("(nothing)")
    why = output_of("legalgraph.CHANGE_TYPES")
    assert "154/2020/NĐ-CP (2020-12-31) AMENDS 34/2016/NĐ-CP" in why
    assert "353/2016/QĐ-UBND DETAILS it; since then: 14/2021/QĐ-UBND AMENDS it (2021-04-30)" in why

    view = output_of('"view", "56/2024/NĐ-CP"')
    assert "<iframe srcdoc=" in view and "338/KH-UBND" in view and "AMENDS" in view

    assert "MATCH path = (i:Instrument)-[:IMPLEMENTS|DETAILS*1..]->(top)" in output_of("chain_down.cypher")
    turtle = output_of('"export", "--format", "turtle"')
    assert "a eli:LegalResource" in turtle and 'eli:number "56/2024/NĐ-CP"' in turtle
    assert "338/KH-UBND" in output_of('graph.sparql("chain_down"')


def test_the_view_it_shows_is_the_same_every_run(tmp_path, seeds_dir):
    # the saved view can only stay current if a run does not hang on Python's hash seed
    import subprocess

    store = tmp_path / "seeds.db"
    subprocess.run([sys.executable, "-m", "legalgraph", "build", str(seeds_dir), "--store", str(store)],
                   check=True, capture_output=True)
    pages = []
    for seed in ("1", "2", "3", "4"):
        page = tmp_path / f"view-{seed}.html"
        subprocess.run([sys.executable, "-m", "legalgraph", "view", "56/2024/NĐ-CP", "--store", str(store), "-o",
                        str(page)], check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(page.read_text(encoding="utf-8"))
    assert all(p == pages[0] for p in pages)
