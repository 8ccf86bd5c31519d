"""`legalgraph view`: HTML pages of the graph that work offline, are safe with any
document text, and show what was asked — checked in headless Chromium where it is
installed (see tests/browser.py), and on the written HTML everywhere."""

from __future__ import annotations

import json
import re

import browser as b
import pytest
from click.testing import CliRunner
from stale_case import write_case

from legalgraph.cli import main
from legalgraph.graph.view import remote_references


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def datasets(page: str) -> tuple[list[dict], list[dict]]:
    """The nodes and edges a written page hands to vis-network."""
    nodes, edges = (json.loads(m) for m in re.findall(r"new vis\.DataSet\((\[.*?\])\);\n", page))
    return nodes, edges


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, seeds_dir):
    store = tmp_path_factory.mktemp("view") / "seeds.db"
    assert run("build", seeds_dir, "--store", store).exit_code == 0
    return store


@pytest.fixture(scope="module")
def pages(seed_store, tmp_path_factory):
    """The seed views, each written once: name -> path."""
    out = tmp_path_factory.mktemp("pages")
    views = {
        "chain-56-2024": ["56/2024/NĐ-CP", "--down"],
        "chain-1521-up": ["1521/QĐ-TTg", "--up"],
        "neighbourhood-56-2024": ["56/2024/NĐ-CP"],
        "body-stp-ben-tre": ["--body", "Sở Tư pháp tỉnh Bến Tre"],
        "stale": ["--stale"],
        "all": ["--all"],
    }
    paths = {}
    for name, args in views.items():
        paths[name] = out / f"{name}.html"
        r = run("view", *args, "--store", seed_store, "-o", paths[name])
        assert r.exit_code == 0, r.output
    return paths


@pytest.fixture(scope="module")
def stale_store(tmp_path_factory):
    """A plan resting on a decree that a later decree amends; nothing has followed."""
    d = tmp_path_factory.mktemp("stale")
    write_case(d)
    store = d / "s.db"
    assert run("build", d, "--store", store).exit_code == 0
    return store


# no "__" in the marker: reading a document turns "__" (a blank to fill in) into a space
HOSTILE = '<script>window.xssRan=1</script> <img src=x onerror="window.xssRan=2"> <a href="javascript:window.xssRan=3">x</a>'


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """A plan whose title carries markup, implementing a real decree."""
    d = tmp_path_factory.mktemp("hostile")
    (d / "plan.txt").write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH BẾN TRE\nSố: 11/KH-UBND\nBến Tre, ngày 05 tháng 01 năm 2025\n\nKẾ HOẠCH\n"
        f"Triển khai {HOSTILE} thực hiện Nghị định số 56/2024/NĐ-CP ngày 18/5/2024 của Chính phủ\n",
        encoding="utf-8")
    store = d / "s.db"
    assert run("build", d, "--store", store).exit_code == 0
    return store


# -- the written HTML (always) ------------------------------------------------------------

def test_pages_load_nothing_from_the_internet(pages):
    for name, path in pages.items():
        page = path.read_text(encoding="utf-8")
        assert remote_references(page) == [], name
        assert "bootstrap" not in page and "cdnjs" not in page, name
        assert "new vis.Network" in page and "vis.DataSet" in page, name


def test_chain_page_shows_the_chain_top_down(pages):
    page = pages["chain-56-2024"].read_text(encoding="utf-8")
    assert '"hierarchical": {"enabled": true' in page
    levels = {n["id"]: n["level"] for n in datasets(page)[0]}
    # the decree above the plan implementing it
    assert int(levels["/akn/vn/nghi-dinh/2024/56-2024-nd-cp"]) < int(levels["/akn/vn-tien-giang/ke-hoach/2024/338-kh-ubnd"])


def test_body_page_rows_plans_above_tasks_above_the_body(pages):
    nodes, edges = datasets(pages["body-stp-ben-tre"].read_text(encoding="utf-8"))
    rows = {}
    for n in nodes:
        rows.setdefault(n["level"], set()).add(n["shape"])
    assert rows == {0: {"box"}, 1: {"diamond"}, 2: {"ellipse"}}
    assert {e["label"].split(" ")[0] for e in edges} == {"HAS_TASK", "ASSIGNED_TO"}


def test_province_filter_keeps_that_provinces_plans(seed_store, tmp_path):
    out = tmp_path / "bt.html"
    assert run("view", "56/2024/NĐ-CP", "--down", "--province", "Tiền Giang", "--store", seed_store,
               "-o", out).exit_code == 0
    assert "338/KH-UBND" in [n["label"].split("\n")[0] for n in datasets(out.read_text(encoding="utf-8"))[0]]
    assert run("view", "56/2024/NĐ-CP", "--down", "--province", "Kon Tum", "--store", seed_store,
               "-o", out).exit_code == 0
    assert "338/KH-UBND" not in [n["label"].split("\n")[0] for n in datasets(out.read_text(encoding="utf-8"))[0]]


def test_hostile_title_is_data_not_markup(hostile_store, tmp_path):
    out = tmp_path / "x.html"
    r = run("view", "56/2024/NĐ-CP", "--down", "--store", hostile_store, "-o", out)
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    # in the script the title is JSON with < > & escaped: it cannot close the script or open a tag
    assert "<script>window.xssRan" not in page and "<img src=x" not in page
    assert "\\u003cscript\\u003ewindow.xssRan=1" in page
    assert "popup.innerHTML" not in page  # pyvis's HTML popup, which a title with "href" would switch on


def test_errors_are_one_line_and_leave_no_file(seed_store, tmp_path):
    out = tmp_path / "v.html"
    cases = [
        (["view", "--store", seed_store, "-o", out], "say what to view"),
        (["view", "99/2099/NĐ-CP", "--store", seed_store, "-o", out], "no instrument"),
        (["view", "--body", "Sở Không Có", "--store", seed_store, "-o", out], "no body"),
        (["view", "--stale", "--all", "--store", seed_store, "-o", out], "one thing at a time"),
        (["view", "--up", "--store", seed_store, "-o", out, "--all"], "goes with an INSTRUMENT"),
        (["view", "--all", "--store", tmp_path / "none.db", "-o", out], "no graph store"),
        (["view", "--all", "--store", seed_store, "-o", tmp_path / "no-dir" / "v.html"], "cannot write"),
    ]
    for args, message in cases:
        r = run(*args)
        assert r.exit_code != 0, args
        assert message in r.output and r.output.strip().count("\n") == 0, r.output
    assert not out.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".legalgraph-")] == []


def test_too_large_a_graph_asks_for_a_focused_view(seed_store, tmp_path, monkeypatch):
    import legalgraph.graph.view as view

    out = tmp_path / "v.html"
    monkeypatch.setattr(view, "MAX_NODES", 100)  # the seeds have 348 nodes
    r = run("view", "--all", "--store", seed_store, "-o", out)
    assert r.exit_code == 1 and "more than the 100 a view can show" in r.output and "--body" in r.output
    monkeypatch.setattr(view, "MAX_NODES", 10)  # a focused view over the cap: the body's has over 20 nodes
    r = run("view", "--body", "Sở Tư pháp tỉnh Bến Tre", "--store", seed_store, "-o", out)
    m = re.search(r"(\d+) nodes are more than the 10", r.output)
    assert r.exit_code == 1 and m and int(m.group(1)) > 20 and "narrow the view" in r.output, r.output
    assert not out.exists()


def test_stale_page_names_the_change(stale_store, tmp_path):
    out = tmp_path / "s.html"
    r = run("view", "--stale", "--store", stale_store, "-o", out)
    assert r.exit_code == 0, r.output
    nodes, edges = datasets(out.read_text(encoding="utf-8"))
    assert sorted(n["label"].split("\n")[0] for n in nodes) == ["10/KH-UBND", "55/2011/NĐ-CP", "56/2024/NĐ-CP"]
    assert sorted(e["label"] for e in edges) == ["AMENDS", "IMPLEMENTS"]


# -- in the browser -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def driver():
    d = b.start()
    yield d
    d.quit()


def _open(driver, path, shot=None):
    page = b.Page(driver, path)
    assert page.errors() == [], page.errors()
    outside = [u for u in page.urls() if not u.startswith(("file://", "data:"))]
    assert outside == [], outside
    if shot:
        page.screenshot(shot)
    return page


def test_chain_in_browser(driver, pages):
    page = _open(driver, pages["chain-56-2024"], "chain-56-2024")
    labels = page.labels()
    assert any(lbl.startswith("56/2024/NĐ-CP") for lbl in labels)
    assert any(lbl.startswith("338/KH-UBND") for lbl in labels)
    assert page.js("return network.body.data.edges.get().map(e => e.label)").count("IMPLEMENTS") == 2
    assert page.js("return document.getElementById('lg-legend').innerText").count("IMPLEMENTS") == 1


def test_views_in_browser(driver, pages, seed_store):
    for name in ("chain-1521-up", "neighbourhood-56-2024", "body-stp-ben-tre", "stale", "all"):
        page = _open(driver, pages[name], name)
        if name == "body-stp-ben-tre":
            assert "Sở Tư pháp tỉnh Bến Tre" in page.labels()
            assert any(lbl.startswith("task") for lbl in page.labels())
        elif name == "stale":
            assert page.labels() == []
            assert "acted on" in page.js("return document.getElementById('lg-notice').innerText")
        elif name == "all":
            # every node of the graph, as the node-link export counts them
            graph = json.loads(run("export", "--format", "json", "--store", seed_store).output)
            assert len(page.labels()) == len(graph["nodes"]) > 300
        elif name == "chain-1521-up":
            assert sorted(lbl.split("\n")[0] for lbl in page.labels()) == ["1521/QĐ-TTg", "32-CT/TW", "80-KL/TW"]


def test_stale_in_browser(driver, stale_store, tmp_path):
    out = tmp_path / "s.html"
    assert run("view", "--stale", "--store", stale_store, "-o", out).exit_code == 0
    page = _open(driver, out, "stale-amended")
    assert sorted(lbl.split("\n")[0] for lbl in page.labels()) == ["10/KH-UBND", "55/2011/NĐ-CP", "56/2024/NĐ-CP"]


def test_hostile_title_does_not_run_in_browser(driver, hostile_store, tmp_path):
    out = tmp_path / "x.html"
    assert run("view", "56/2024/NĐ-CP", "--down", "--store", hostile_store, "-o", out).exit_code == 0
    page = _open(driver, out, "hostile")
    assert page.js("return typeof window.xssRan") == "undefined"
    plan = page.js("return network.body.data.nodes.get().filter(n => n.label.startsWith('11/KH-UBND'))[0].id")
    shown = page.hover_node(plan)
    # the tooltip holds the title as text: its markup escaped, no element made from it
    assert "&lt;script&gt;window.xssRan=1&lt;/script&gt;" in shown and "&lt;img src=x" in shown
    assert page.js("return document.querySelector('div.vis-tooltip').querySelectorAll('script, img, a').length") == 0
    assert page.js("return typeof window.xssRan") == "undefined"
    page.screenshot("hostile-tooltip")
