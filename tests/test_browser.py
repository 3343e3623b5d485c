"""The pages in a real browser: Playwright driving Debian's Chromium (no browser download).

Skipped where Playwright or /usr/bin/chromium is absent; .ci/run installs both.
"""

import socket
import threading
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

CHROMIUM = Path("/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is absent", allow_module_level=True)

import uvicorn  # noqa: E402

from biennien.show.web import create_app  # noqa: E402

SCREENSHOTS = ROOT / "out" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from conftest import run_cli

    db = str(tmp_path_factory.mktemp("browser") / "b.db")
    assert run_cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser.new_page(viewport={"width": 1100, "height": 900})
        browser.close()


def test_home_story_timeline_citation_and_search(server, page) -> None:
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Các câu chuyện"
    page.locator(".story a").first.click()
    page.wait_for_load_state()
    assert "/story/" in page.url
    entries = page.locator(".timeline li")
    assert entries.count() >= 2
    assert page.locator(".timeline .date").first.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "story.png"), full_page=True)
    page.locator("a.cite").first.click()
    page.wait_for_load_state()
    assert "/article/" in page.url and "#s" in page.url
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"#{anchor}").count() == 1
    page.goto(server + "/")
    page.fill("header input[name=q]", "metro ben thanh")
    page.press("header input[name=q]", "Enter")
    page.wait_for_load_state()
    assert page.locator(".result").count() >= 1
    assert page.locator("mark.hit").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)
