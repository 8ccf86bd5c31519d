"""Headless Chromium for the view tests: open a page, wait for the network to be drawn,
and read what the browser saw (console messages, requests, the vis DataSets).

Without chromium, chromedriver or selenium the tests that need them skip, unless
LEGALGRAPH_REQUIRE_BROWSER=1 (CI), where they fail and say what is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LEGALGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("LEGALGRAPH_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def missing() -> str | None:
    """Why there is no browser to test with, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(path) or shutil.which(path)):
            return f"{path} is missing (Debian: apt-get install chromium chromium-driver)"
    return None


def unavailable(reason: str):
    if os.environ.get("LEGALGRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"LEGALGRAPH_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def start():
    reason = missing()
    if reason:
        unavailable(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-gpu", "--no-first-run"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    try:
        return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except Exception as e:  # a driver that will not start is a missing browser, said in one line
        unavailable(f"chromium would not start: {' '.join(str(e).split())[:300]}")


class Page:
    """A view opened in the browser, once its network has been drawn."""

    def __init__(self, driver, path: Path, timeout: float = 60):
        self.driver = driver
        driver.get_log("browser"), driver.get_log("performance")  # forget the previous page's
        driver.get(Path(path).resolve().as_uri())
        deadline = time.monotonic() + timeout
        while not driver.execute_script("return window.legalgraphDrawn === true"):
            if time.monotonic() > deadline:
                raise AssertionError(f"{path}: the network was not drawn within {timeout}s")
            time.sleep(0.1)
        self.console = driver.get_log("browser")
        self.requests = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def labels(self) -> list[str]:
        return self.js("return network.body.data.nodes.get().map(n => n.label)")

    def errors(self) -> list[str]:
        return [e["message"] for e in self.console if e["level"] == "SEVERE"]

    def urls(self) -> list[str]:
        return [m["params"]["request"]["url"] for m in self.requests if m["method"] == "Network.requestWillBeSent"]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        print(f"screenshot: {path}")
        return path

    def hover_node(self, node_id) -> str:
        """Move the mouse onto a node; the text of the tooltip vis-network shows."""
        from selenium.webdriver.common.action_chains import ActionChains

        x, y = self.js("var p = network.canvasToDOM(network.getPositions([arguments[0]])[arguments[0]]);"
                       "return [Math.round(p.x), Math.round(p.y)];", node_id)
        canvas = self.driver.find_element("css selector", "#mynetwork canvas")
        size = canvas.size
        ActionChains(self.driver).move_to_element_with_offset(canvas, x - size["width"] // 2,
                                                              y - size["height"] // 2).perform()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            shown = self.js("var t = document.querySelector('div.vis-tooltip');"
                            "return t && t.style.visibility !== 'hidden' && t.innerText ? t.innerHTML : null")
            if shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"no tooltip shown for {node_id}")
