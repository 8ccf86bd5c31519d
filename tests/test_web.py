"""`legalgraph serve`: the web application, driven in Debian's headless chromium over a
store of the bundled seeds and gazette texts, served by uvicorn on loopback.

A seed (004) is left out of the store and uploaded through the page, with a hostile
catalogue and a damaged PDF. Screenshots of every page go to tests/artifacts/web-*.png.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from urllib.parse import quote, unquote
from pathlib import Path

import pytest

import browser

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
UPLOADED = SEEDS / "004_9f8dbfd52da4a7ba.txt"
HOSTILE_TITLE = 'Về việc <script>window.pwned=1</script><img src=x onerror="window.pwned=2"> thử nghiệm độc hại'


@pytest.fixture(scope="module")
def store(tmp_path_factory, gazette_dir):
    from legalgraph.web import collection

    path = tmp_path_factory.mktemp("web") / "web.db"
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt")) if p != UPLOADED]
    gazette = sorted(str(p) for p in gazette_dir.glob("*.txt"))
    done = collection.add_paths(str(path), seeds + gazette, {p: f"seeds/{Path(p).name}" for p in seeds})
    assert not done.errors
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(store):
    import uvicorn

    from legalgraph.web.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = browser.start()
    downloads = tmp_path_factory.mktemp("downloads")
    d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    d.downloads = downloads
    d.seen = []  # every URL the browser asked for, over all the tests
    d.console = []  # and every error its console showed (a script refused by the CSP, a 404)
    d.posts = []  # the URLs it posted to, in order
    yield d
    d.quit()


def visit(driver, url: str):
    driver.get(url)
    record(driver)


def record(driver):
    driver.console += [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            driver.seen.append(message["params"]["request"]["url"])
            if message["params"]["request"]["method"] == "POST":
                driver.posts.append(message["params"]["request"]["url"])


def css(driver, selector):
    return driver.find_elements("css selector", selector)


def shot(driver, name: str):
    browser.ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return Math.min(document.body.scrollHeight, 4000)")
    driver.set_window_size(1400, max(1000, height))
    driver.save_screenshot(str(browser.ARTIFACTS / f"web-{name}.png"))
    driver.set_window_size(1400, 1000)


def wait_for(driver, selector, timeout=60):
    deadline = time.monotonic() + timeout
    while not css(driver, selector):
        assert time.monotonic() < deadline, f"{selector} did not appear"
        time.sleep(0.1)
    return css(driver, selector)


def test_search_without_diacritics_finds_the_decree_and_its_provinces(server, driver):
    visit(driver, server + "/")
    shot(driver, "home")
    box = css(driver, "form.search input[name=q]")[0]
    box.send_keys("nghi dinh 56/2024\n")
    rows = wait_for(driver, "#results tbody tr")
    record(driver)
    numbers = [r.find_elements("css selector", "td")[0].text for r in rows]
    assert "56/2024/NĐ-CP" in numbers
    assert "Nghị định" in rows[numbers.index("56/2024/NĐ-CP")].text
    shot(driver, "search")
    rows[numbers.index("56/2024/NĐ-CP")].find_element("css selector", "a").click()
    wait_for(driver, "#coverage")
    record(driver)
    assert css(driver, "h1")[0].text.strip() == "Nghị định 56/2024/NĐ-CP"
    units = {li.find_element("css selector", "b").text: li.get_attribute("class")
             for li in css(driver, "#coverage ul.units:not(.small) li")}
    assert len(units) == 34  # the provinces and cities of 2025
    # Tiền Giang's plan 338/KH-UBND implements it: Đồng Tháp (its 2025 successor) has acted
    assert units["Đồng Tháp"] == "acted" and units["Hà Nội"] == "not-acted"
    assert "338/KH-UBND" in css(driver, "#coverage")[0].text
    assert "338/KH-UBND" in css(driver, "#chain")[0].text
    # the relations grouped as users know them, each with its evidence and where it is
    implemented = css(driver, "table.relations[data-group=implemented_by] tr")
    assert implemented and all(r.find_elements("css selector", "a.at") for r in implemented)
    shot(driver, "instrument")
    # "in the text": the evidence sentence, marked at its place in the source
    row = [r for r in implemented if "338/KH-UBND" in r.text][0]
    evidence = row.find_element("css selector", "td.evidence").text.rsplit(" ", 3)[0]
    row.find_element("css selector", "a.at").click()
    marked = wait_for(driver, "#text mark.target")
    record(driver)
    shown = " ".join(" ".join(m.text for m in marked).split())
    assert " ".join(evidence.split()).rstrip(".…")[:150] in shown
    assert driver.execute_script("return document.querySelector('#text mark.target').getBoundingClientRect().top"
                                 " < window.innerHeight")  # scrolled to it


def test_home_page_lists_the_most_cited_with_type_and_title(server, driver, store):
    """The most cited instruments, as Graph.stats counts them, each with its number, type
    and title (trích yếu) — not numbers alone."""
    import legalgraph

    with legalgraph.Graph.open(store) as graph:
        expected = [graph.find(m["id"]) for m in graph.stats(top=10).most_cited]
    visit(driver, server + "/")
    rows = css(driver, "#most-cited tbody tr")
    assert len(rows) == len(expected) == 10
    for row, inst in zip(rows, expected):
        cells = [td.text for td in row.find_elements("css selector", "td")]
        assert cells[0] == inst.number and cells[1] == inst.type
        assert cells[2].startswith((inst.title or "(chưa rõ trích yếu")[:60])
    titled = [r for r, i in zip(rows, expected) if i.title]
    assert titled and all(r.find_element("css selector", "td.title").text.strip() for r in titled)
    assert "Luật Tổ chức Chính phủ" in css(driver, "#most-cited")[0].text
    shot(driver, "home")


def test_english_switch(server, driver):
    visit(driver, server + "/?lang=en")
    assert css(driver, "form.search button")[0].text == "Search"
    visit(driver, server + "/search?q=quyet+dinh+1521")
    assert "Status" in css(driver, "#results thead")[0].text  # the language is remembered
    visit(driver, server + "/?lang=vi")
    assert css(driver, "form.search button")[0].text == "Tìm kiếm"


def test_upload_through_the_page(server, driver, tmp_path):
    """The page sends the files one request each, one after the other: each file's row
    goes from waiting to being read to added (its pages linked) or its one error line,
    and a damaged file in the middle does not stop the one after it."""
    hostile = tmp_path / "hostile.csv"
    hostile.write_text('Số hiệu,Ngày ban hành,Trích yếu\n99/2024/QĐ-UBND,01/02/2024,"'
                       + HOSTILE_TITLE.replace('"', '""') + '"\n', encoding="utf-8")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4 not really a PDF")
    visit(driver, server + "/add")
    upload = css(driver, "input[type=file]")[0]
    upload.send_keys("\n".join(str(p) for p in (UPLOADED, damaged, hostile)))
    chosen = [li.text for li in css(driver, "#chosen li")]
    assert [c.split(" (")[0] for c in chosen] == [UPLOADED.name, "damaged.pdf", "hostile.csv"]
    del driver.posts[:]
    # each row's states as the page shows them, watched in the page while the files go
    driver.execute_script("""
        window.seenStates = {};
        new MutationObserver(function () {
          document.querySelectorAll('#queue tbody tr').forEach(function (tr) {
            var name = tr.cells[0].textContent, seen = window.seenStates[name] = window.seenStates[name] || [];
            if (seen[seen.length - 1] !== tr.dataset.state) seen.push(tr.dataset.state);
          });
        }).observe(document.getElementById('queue'), {subtree: true, childList: true, attributes: true});""")
    css(driver, "#upload button[type=submit]")[0].click()
    deadline = time.monotonic() + 120
    while True:
        states = driver.execute_script(
            "return Array.from(document.querySelectorAll('#queue tbody tr')).map(r => r.dataset.state)")
        if states and all(s not in ("waiting", "reading") for s in states):
            break
        assert time.monotonic() < deadline, f"the upload did not finish: {states}"
        time.sleep(0.1)
    record(driver)
    rows = css(driver, "#queue tbody tr")
    outcomes = {r.find_elements("css selector", "td")[0].text: r.get_attribute("data-state") for r in rows}
    assert outcomes == {UPLOADED.name: "added", "damaged.pdf": "error", "hostile.csv": "added"}
    seen = driver.execute_script("return window.seenStates")
    assert seen[UPLOADED.name][-2:] == ["reading", "added"]
    assert seen["hostile.csv"][:2] == ["waiting", "reading"]  # it waited its turn
    assert driver.posts == [server + "/add"] * 3  # one request a file
    error = [r for r in rows if r.get_attribute("data-state") == "error"][0].find_elements("css selector", "td")[1].text
    assert error.startswith("Không thêm được: ") and "\n" not in error.strip()
    assert "damaged.pdf" in error and "Traceback" not in error
    [page] = rows[0].find_elements("css selector", "a.page")
    assert "/instrument?name=" in page.get_attribute("href")
    shot(driver, "add")
    # the seed's text: every citation highlighted and linked to its instrument's page
    [text_link] = [a for a in css(driver, "#queue a.text")]
    text_link.click()
    cites = wait_for(driver, "#text a.cite")
    record(driver)
    import legalgraph

    record_of = legalgraph.extract(legalgraph.read(UPLOADED))
    assert len(cites) >= len(record_of.citations) > 0
    assert all("/instrument?name=" in a.get_attribute("href") for a in cites)
    assert css(driver, "#text mark.evidence")
    shot(driver, "document")
    first = cites[0]
    shown = first.text
    first.click()
    wait_for(driver, "#identity")
    record(driver)
    assert css(driver, "#identity")[0].text.strip()
    assert shown  # the link was a piece of the text


def test_hostile_titles_stay_inert(server, driver):
    # the hostile catalogue went in through the upload page (the test above, run first)
    visit(driver, server + "/search?q=thu+nghiem+doc+hai")
    rows = wait_for(driver, "#results tbody tr")
    assert "<script>window.pwned=1</script>" in rows[0].text
    rows[0].find_element("css selector", "a").click()
    wait_for(driver, "#identity")
    record(driver)
    assert HOSTILE_TITLE in css(driver, "dd.title")[0].text
    assert driver.execute_script("return window.pwned === undefined")
    assert not css(driver, "main script") and not css(driver, "main img")


def test_reports_download_as_xlsx(server, driver):
    from openpyxl import load_workbook

    visit(driver, server + "/report/stale")
    rows = css(driver, "#report tbody tr")
    assert rows, "the gazette has amendments not acted on"
    shot(driver, "stale")
    for old in driver.downloads.glob("*"):
        old.unlink()
    css(driver, "#xlsx")[0].click()
    book = load_workbook(wait_download(driver.downloads, ".xlsx"))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[0] == "Văn bản còn dựa trên văn bản đã thay đổi"
    assert sheet.max_row - 1 == len(rows)
    # a body's tasks, overdue first
    visit(driver, server + "/report/tasks?body=S%E1%BB%9F+T%C6%B0+ph%C3%A1p&role=lead")
    rows = css(driver, "#report tbody tr")
    assert rows
    shot(driver, "tasks")
    classes = [r.get_attribute("class") for r in rows]
    assert classes == sorted(classes, key=lambda c: c != "overdue")
    css(driver, "#xlsx")[0].click()
    sheet = load_workbook(wait_download(driver.downloads, ".xlsx", "tasks")).active
    assert [c.value for c in sheet[1]][:3] == ["Thời hạn", "Quá hạn", "Nhiệm vụ"]
    assert sheet.max_row - 1 == len(rows)
    assert all("Sở Tư pháp" in (row[3].value or "") for row in sheet.iter_rows(min_row=2))
    visit(driver, server + "/report/missing?issuer=Ch%C3%ADnh+ph%E1%BB%A7")
    assert css(driver, "#report tbody tr")
    shot(driver, "missing")


def wait_download(folder: Path, suffix: str, name: str = "", timeout=30) -> Path:
    deadline = time.monotonic() + timeout
    while True:
        done = [p for p in folder.glob(f"*{suffix}") if name in p.name]
        if done:
            return done[0]
        assert time.monotonic() < deadline, f"no {suffix} downloaded"
        time.sleep(0.1)


def drawn(driver, url):
    visit(driver, url)
    deadline = time.monotonic() + 60
    while not driver.execute_script("return window.legalgraphDrawn === true"):
        assert time.monotonic() < deadline, f"{url}: the graph was not drawn"
        time.sleep(0.1)
    record(driver)
    return driver.execute_script("return network.body.data.nodes.get()")


def test_graph_view(server, driver):
    """A chain is drawn in layers, what is implemented above what implements it, the
    instrument asked about labelled and ringed; the page's words are Vietnamese."""
    nodes = drawn(driver, server + "/graph?name=56%2F2024%2FN%C4%90-CP&direction=both")
    layout = driver.execute_script("return network.layoutEngine.options.hierarchical")
    assert layout["enabled"] is True and layout["direction"] == "UD"
    assert all("level" in n for n in nodes)
    [root] = [n for n in nodes if n["label"].startswith("56/2024/NĐ-CP")]
    assert root["label"].endswith("★ văn bản đang xem") and root["shadow"]["enabled"]
    assert not any("văn bản đang xem" in n["label"] for n in nodes if n is not root)
    ys = driver.execute_script("var p = network.getPositions(); var o = {}; for (var k in p) o[k] = p[k].y; return o")
    plans = [n for n in nodes if n["label"].startswith(("338/KH-UBND", "Kế hoạch"))]
    assert plans and all(ys[p["id"]] > ys[root["id"]] for p in plans)  # implementers below
    kinds = driver.execute_script("return network.body.data.nodes.get().map(n => n.group || n.shape)")
    assert "diamond" not in kinds  # tasks folded away
    header = css(driver, "#lg-header")[0].text
    assert "chuỗi triển khai, lên và xuống" in header and "văn bản đang xem (gốc)" in header
    assert "văn bản trung ương" in header or "văn bản của địa phương" in header
    # the relations on the edges, in the legend and in the hover texts are named in Vietnamese
    edges = driver.execute_script("return network.body.data.edges.get()")
    assert {e["label"] for e in edges if e.get("label")} >= {"triển khai"}
    assert not {e.get("label") for e in edges} & {"IMPLEMENTS", "DETAILS", "BASED_ON", "CITES"}
    assert "triển khai" in header and "IMPLEMENTS" not in header
    hovers = [n["title"] for n in nodes if n.get("title")]
    assert any("ngày ban hành:" in h for h in hovers) and not any("\ndate:" in h for h in hovers)
    assert css(driver, "#lg-back")[0].get_attribute("href").endswith("/instrument?name=%2Fakn%2Fvn%2Fnghi-dinh%2F2024%2F56-2024-nd-cp")
    shot(driver, "graph")


def test_graph_neighbourhood_folds_tasks_and_bodies_unless_asked(server, driver):
    nodes = drawn(driver, server + "/graph?name=6134%2FKH-UBND")
    assert not [n for n in nodes if n.get("shape") in ("diamond", "ellipse")]  # no tasks, no bodies
    [root] = [n for n in nodes if n["label"].startswith("6134/KH-UBND")]
    assert "★ văn bản đang xem" in root["label"] and "\n" in root["label"]
    assert "được ẩn đi" in css(driver, "#lg-notice")[0].text
    shot(driver, "graph-neighbourhood")
    css(driver, "#lg-unfold")[0].click()
    deadline = time.monotonic() + 60
    while not driver.execute_script("return window.legalgraphDrawn === true && location.search.includes('all=1')"):
        assert time.monotonic() < deadline, "the unfolded view was not drawn"
        time.sleep(0.1)
    record(driver)
    shapes = driver.execute_script("return network.body.data.nodes.get().map(n => n.shape)")
    assert "diamond" in shapes and "ellipse" in shapes  # asked for: tasks and bodies shown
    assert css(driver, "#lg-fold")


def test_publishers_notes_are_styled_apart_in_the_reading_view(server, driver, tvpl_dir):
    """A decree as copied from thuvienphapluat.vn, uploaded through the page: in its reading
    view every publisher's note (not only the two that are a relation's evidence) is a span
    of its own style, labelled as the publisher's; every citation extraction reads as a
    note's is inside one, and every citation of the document's own words is outside."""
    import legalgraph

    decree = tvpl_dir / "Nghị_định_82_2020_NĐ-CP.txt"
    visit(driver, server + "/add")
    css(driver, "input[type=file]")[0].send_keys(str(decree))
    css(driver, "#upload button[type=submit]")[0].click()
    [link] = wait_for(driver, "#queue tr[data-state=added] a.text", timeout=120)
    link.click()
    wait_for(driver, "#text a.cite")
    record(driver)
    notes = css(driver, "#text .publisher-note")
    record_of = legalgraph.extract(legalgraph.read(decree)).to_dict()
    mentions = [m for c in record_of["citations"] for m in c["mentions"]]
    in_notes = {m["start"] for m in mentions if m.get("note")}
    own_words = {m["start"] for m in mentions if not m.get("note")}
    assert len(in_notes) > 100 and own_words
    shown = driver.execute_script("""
        var out = {};
        document.querySelectorAll('#text a.cite').forEach(function (a) {
          out[a.dataset.at] = a.closest('.publisher-note') !== null; });
        return out;""")
    assert {int(k) for k, v in shown.items() if v} >= in_notes
    assert not {int(k) for k, v in shown.items() if v} & own_words
    evidence = css(driver, "#text mark.evidence.note")
    # every note extraction read apart, not only the relations' evidence
    assert len(notes) == len(record_of["notes"]) >= 150 > len(evidence) > 0
    assert all(n.text.startswith("[") and n.text.endswith("]") for n in notes)
    first = notes[0]
    assert first.get_attribute("title") == ("Do trang đăng tải bản sao này (thuvienphapluat.vn) thêm vào: "
                                             "không phải lời văn của văn bản")
    tag = driver.execute_script("return getComputedStyle(arguments[0], '::before').content", first)
    assert tag.strip('"') == "ghi chú của trang đăng tải"
    style = driver.execute_script("var s = getComputedStyle(arguments[0]); return [s.backgroundColor, s.borderStyle]",
                                  first)
    assert style != driver.execute_script(
        "var s = getComputedStyle(document.getElementById('text')); return [s.backgroundColor, s.borderStyle]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", notes[3])
    browser.ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(browser.ARTIFACTS / "web-document-notes.png"))


def test_a_long_group_of_relations_reads_page_by_page(server, driver, store, monkeypatch):
    """Where an instrument's page stops listing a group (the longest group into one of the
    most cited), its link goes on to the next page of that group, and next → to the end:
    every instrument of the group once, as show() lists them all."""
    import legalgraph
    from legalgraph.web import app

    monkeypatch.setattr(app, "SHOWN_RELATIONS", 4)
    into = {g for g, _, d in legalgraph.Graph.RELATION_GROUPS if d == "in"}
    with legalgraph.Graph.open(store) as graph:
        groups = [(sorted(e.node for e in rows), m["id"], group) for m in graph.stats(top=10).most_cited
                  for group, rows in graph.show(m["id"]).groups().items() if group in into]
        every, name, group = max(groups, key=lambda t: len(t[0]))
    assert len(every) > 8
    visit(driver, f"{server}/instrument?name={quote(name, safe='')}")
    listed = [a.get_attribute("href") for a in css(driver, f"table[data-group={group}] td.other a")]
    [more] = [a for a in css(driver, "p.more a.all") if f"group={group}" in a.get_attribute("href")]
    assert more.text.startswith(f"còn {len(every) - 4} văn bản nữa")
    more.click()
    pages = 1
    while True:
        record(driver)
        listed += [a.get_attribute("href") for a in css(driver, f"table[data-group={group}] td.other a")]
        pages += 1
        assert f"trong số {len(every)}" in css(driver, "p.range")[0].text
        following = css(driver, "a#next")
        if not following:
            break
        following[0].click()
    assert pages == -(-len(every) // 4)
    nodes = [unquote(h.split("name=", 1)[1]) for h in listed]
    assert sorted(nodes) == every  # each once
    css(driver, "a#previous")[0].click()
    assert "page=%d" % (pages - 1) in driver.current_url
    shot(driver, "relations")


def test_no_request_leaves_the_machine(server, driver):
    record(driver)
    assert driver.seen, "the other tests ran first"
    away = [u for u in driver.seen if not u.startswith((server + "/", "data:", "about:", "blob:"))]
    assert not away
    assert not driver.console


def test_errors_are_one_line(server):
    import httpx

    page = httpx.get(server + "/instrument", params={"name": "không có 12345/XYZ"})
    assert page.status_code == 404 and "Traceback" not in page.text
    api = httpx.get(server + "/api/chain", params={"name": ""})
    assert api.status_code == 404 and "\n" not in api.json()["error"]


def test_writes_need_the_forms_token(server):
    import httpx

    answer = httpx.post(server + "/add", files={"files": ("x.txt", b"Quyet dinh so 1/2024/QD-UBND")})
    assert answer.status_code == 403


def test_every_message_is_translated():
    from legalgraph.web import i18n

    vietnamese = i18n.translations("vi")
    untranslated = sorted(m for m in i18n.message_ids() if vietnamese.gettext(m) == m)
    assert not untranslated


def test_api_fuzzed_from_its_openapi(store):
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    from legalgraph.web.app import create_app

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(store))
    failures = []
    for operation in schema.get_all_operations():
        op = operation.ok()

        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=op.as_strategy())
        def check(case):
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code}")

        check()
    assert not failures


def _form(client, path="/add"):
    """The CSRF token of the add form, as a browser gets it (the cookie and the field)."""
    import re

    page = client.get(path)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_beyond_loopback_writes_need_the_access_token(tmp_path):
    from starlette.testclient import TestClient

    from legalgraph.web import collection
    from legalgraph.web.app import create_app

    store = tmp_path / "t.db"
    collection.add_paths(str(store), [str(SEEDS / "003_6df45af5e4de73d5.txt")])
    app = create_app(store, token="s3cret", require_token=True, max_upload=64 * 1024)
    seed = ("004.txt", UPLOADED.read_bytes())
    with TestClient(app) as client:
        csrf = _form(client)
        assert 'name="token"' in client.get("/add").text
        refused = client.post("/add", data={"csrf": csrf, "token": "wrong"}, files={"files": seed})
        assert refused.status_code == 403
        assert client.get("/api/stats").json()["documents"] == 1  # nothing went in
        added = client.post("/add", data={"csrf": csrf, "token": "s3cret"}, files={"files": seed})
        assert added.status_code == 200 and "upload/004.txt" in added.text
        assert client.get("/api/stats").json()["documents"] == 2
        # a form from another site: no CSRF cookie to match
        client.cookies.clear()
        assert client.post("/add", data={"csrf": csrf, "token": "s3cret"}, files={"files": seed}).status_code == 403
        # larger than the limit: refused in one line, nothing read
        csrf = _form(client)
        big = client.post("/add", data={"csrf": csrf, "token": "s3cret"},
                          files={"files": ("big.txt", b"x" * (200 * 1024))})
        assert big.status_code == 413 and "Tệp tải lên vượt giới hạn 64 KB" in big.text
        assert client.get("/api/stats").json()["documents"] == 2


def test_readers_are_served_while_documents_are_added(tmp_path, gazette_dir):
    """An upload of 60 gazette texts is added in a worker thread; searches meanwhile are
    answered from the store as it was, and the upload lands whole."""
    import httpx
    import uvicorn

    from legalgraph.web import collection
    from legalgraph.web.app import create_app

    store = tmp_path / "busy.db"
    collection.add_paths(str(store), [str(p) for p in sorted(SEEDS.glob("*.txt"))])
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store, max_upload=50 * 1024 * 1024), host="127.0.0.1",
                                        port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            csrf = _form(client)
            files = [("files", (p.name, p.read_bytes())) for p in sorted(gazette_dir.glob("*.txt"))[:60]]
            result = {}
            upload = threading.Thread(target=lambda: result.update(
                response=client.post("/add", data={"csrf": csrf}, files=files)))
            started = time.monotonic()
            upload.start()
            answered = []
            with httpx.Client(base_url=base, timeout=30) as reader:
                while upload.is_alive() and len(answered) < 50:
                    page = reader.get("/search", params={"q": "nghi dinh 56/2024"})
                    assert page.status_code == 200 and "56/2024/NĐ-CP" in page.text
                    answered.append(time.monotonic() - started)
                    time.sleep(0.05)
            upload.join()
            assert result["response"].status_code == 200
            assert answered, "the upload finished before a reader could ask"
            assert client.get("/api/stats").json()["documents"] == 5 + 60
    finally:
        srv.should_exit = True
        thread.join(10)


def test_serve_command_starts_on_a_first_run(tmp_path):
    """`legalgraph serve` with no store builds the starter store (seeds and gazette) and
    answers on loopback."""
    import os
    import subprocess
    import sys

    import httpx

    port = free_port()
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path), LEGALGRAPH_STORE="")
    env.pop("LEGALGRAPH_STORE")
    process = subprocess.Popen([sys.executable, "-m", "legalgraph", "serve", "--port", str(port)], env=env,
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).json()
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read()
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.5)
        assert stats["documents"] == 5 + 217
        assert (tmp_path / "legalgraph" / "legalgraph.db").exists()
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()["openapi"].startswith("3.")
    finally:
        process.terminate()
        process.wait(10)


def test_serve_refuses_a_store_that_is_not_there(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "legalgraph", "serve", "--store", str(tmp_path / "none.db")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "none.db" in done.stderr


def test_graph_methods_of_the_web_section_agree_with_the_general_ones(store):
    """Graph.tasks(document=…), read from the instrument's own rows, is the store's whole
    list of tasks narrowed to that document;
    Graph.changed is the strongest change among show()'s relations into each instrument;
    Graph.relations groups show()'s relations."""
    import legalgraph

    with legalgraph.Graph.open(store) as graph:
        plans = [r.id for r in graph.search("ke hoach", limit=20) if not r.stub]
        assert plans
        every = graph.tasks()
        assert sum(len(graph.document_tasks(p)) for p in plans) > 0
        for plan in plans:
            assert graph.document_tasks(plan) == [t for t in every if t.document.id == plan]
            lead = graph.tasks(document=plan, body="Sở Tư pháp", role="lead")
            assert lead == [t for t in every if t.document.id == plan and t in graph.tasks(body="Sở Tư pháp",
                                                                                        role="lead")]
        ids = [r.id for r in graph.search("nghi dinh", limit=50)]
        changed = graph.changed(ids)
        assert set(changed.values()) >= {"AMENDS", "REPEALS"}
        for i in ids:
            into = {e.relation for e in graph.show(i).into}
            strongest = next((c for c in ("REPEALS", "REPLACES", "AMENDS") if c in into), None)
            assert changed.get(i) == strongest
        groups = graph.relations("56/2024/NĐ-CP")
        assert [e.label for e in groups["implemented_by"]][-1] == "338/KH-UBND"
        details = graph.show("56/2024/NĐ-CP")
        assert sum(map(len, groups.values())) == len(details.out) + len(details.into)


@pytest.mark.parametrize("typed, first", [
    ("nd 56/2024", "56/2024/NĐ-CP"),
    ("916/QĐ-TTg 2024", "916/QĐ-TTg"),
    ("916/QĐ-TTg năm 2024", "916/QĐ-TTg"),
    ("Luật Đất đai 2024", "31/2024/QH15"),
    ("luat dat dai", "31/2024/QH15"),
    ("nghi dinh 62/2022", "62/2022/NĐ-CP"),
])
def test_search_as_people_type(store, typed, first):
    import re

    from starlette.testclient import TestClient

    from legalgraph.web.app import create_app

    with TestClient(create_app(store)) as client:
        page = client.get("/search", params={"q": typed})
    numbers = re.findall(r'<td><a href="/instrument\?name=[^"]+">([^<]+)</a>', page.text)
    assert numbers and numbers[0] == first


def test_a_number_with_the_wrong_year_is_not_that_instrument(store):
    from starlette.testclient import TestClient

    from legalgraph.web.app import create_app

    import re

    with TestClient(create_app(store)) as client:
        page = client.get("/search", params={"q": "916/QĐ-TTg 2023"}).text
    assert "916/QĐ-TTg" not in re.findall(r'<td><a href="/instrument\?name=[^"]+">([^<]+)</a>', page)


def test_pages_see_what_another_process_added(tmp_path):
    """Each worker thread keeps its Graph between requests; a write by someone else (here
    `add_paths`, as `legalgraph build` would) is seen on the next request."""
    from starlette.testclient import TestClient

    from legalgraph.web import collection
    from legalgraph.web.app import create_app

    store = tmp_path / "shared.db"
    collection.add_paths(str(store), [str(SEEDS / "003_6df45af5e4de73d5.txt")])
    with TestClient(create_app(store)) as client:
        assert client.get("/api/stats").json()["documents"] == 1
        assert client.get("/api/search", params={"q": "338/KH-UBND"}).json() == []
        collection.add_paths(str(store), [str(SEEDS / "001_920478a60c450549.txt")])
        assert client.get("/api/stats").json()["documents"] == 2
        assert [r["number"] for r in client.get("/api/search", params={"q": "338/KH-UBND"}).json()] == ["338/KH-UBND"]


def test_an_upload_interrupted_half_way_leaves_the_store_as_it_was(tmp_path, gazette_dir):
    """A client sends the headers and half the multipart body of a real gazette text (and
    of a seed before it), then closes the connection: nothing is added, the store checks
    as before, and the server goes on answering pages and takes the same upload whole."""
    import httpx
    import uvicorn

    import legalgraph
    from legalgraph.web import collection
    from legalgraph.web.app import create_app

    store = tmp_path / "cut.db"
    collection.add_paths(str(store), [str(SEEDS / "003_6df45af5e4de73d5.txt")])
    with legalgraph.Graph.open(store) as graph:
        before = (graph.sources(), graph.summary(), graph.check())
    gazette = sorted(gazette_dir.glob("*.txt"))[0]
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            csrf = _form(client)
            cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
            boundary = "legalgraphcut"
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'.encode()]
            for path in (UPLOADED, gazette):
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"'
                             f'\r\nContent-Type: text/plain\r\n\r\n'.encode() + path.read_bytes() + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            cut = len(body) - len(gazette.read_bytes()) // 2  # half way through the gazette text
            head = (f"POST /add HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
                    f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                    f"Content-Length: {len(body)}\r\nAccept: application/json\r\n\r\n").encode()
            with socket.create_connection(("127.0.0.1", port)) as raw:
                raw.sendall(head + body[:cut])
                time.sleep(0.5)  # the server has read what came
            time.sleep(0.5)
            with legalgraph.Graph.open(store) as graph:
                assert (graph.sources(), graph.summary(), graph.check()) == before
            page = client.get("/search", params={"q": "6134/KH-UBND"})
            assert page.status_code == 200 and "6134/KH-UBND" in page.text
            assert client.get("/add").status_code == 200
            # the same upload, whole: both files go in
            whole = client.post("/add", content=body, headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "application/json"})
            assert [f["outcome"] for f in whole.json()["files"]] == ["added", "added"]
        with legalgraph.Graph.open(store) as graph:
            assert graph.summary()["documents"] == before[1]["documents"] + 2
            assert set(graph.sources()) == set(before[0]) | {f"upload/{UPLOADED.name}", f"upload/{gazette.name}"}
    finally:
        srv.should_exit = True
        thread.join(10)
