"""The web pages and the JSON API, through the framework's test client."""

import json
import re

import pytest
from conftest import EXAMPLES

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from biennien.show.web import create_app  # noqa: E402

HOSTILE = {
    "title": "<script>alert('tiêu đề')</script> Bão số 3",
    "text": "Đoạn mở đầu <img src=x onerror=alert(1)> về bão số 3 đổ bộ.\nThân bài nói về gió mạnh.",
    "url": "javascript:alert(1)",
    "outlet": "<b>Báo</b>",
    "published": "2024-09-08",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from conftest import SEEDS, run_cli

    folder = tmp_path_factory.mktemp("web")
    db = str(folder / "w.db")
    (folder / "hostile.jsonl").write_text(
        json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    paths = [str(EXAMPLES), str(folder / "hostile.jsonl")]
    if SEEDS.is_dir():
        paths.append(str(SEEDS))
    assert run_cli("ingest", *paths, "--db", db).returncode == 0
    made = TestClient(create_app(db))
    made.db = db
    return made


def test_home_lists_stories_with_counts(client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Các câu chuyện" in page.text and "bài" in page.text
    assert re.search(r'href="/story/st-[0-9a-f]+"', page.text)


def test_story_page_timeline_citations_link_to_sentences(client) -> None:
    stories = client.get("/api/stories").json()
    metro = next(s for s in stories if "Metro" in (s["title"] or ""))
    page = client.get(f"/story/{metro['id']}")
    assert page.status_code == 200
    assert "Diễn biến" in page.text and "22/12/2024" in page.text
    cites = re.findall(r'class="cite" href="/article/([0-9a-f]+)#s(\d+)"', page.text)
    assert cites
    article, sentence = cites[0]
    target = client.get(f"/article/{article}")
    assert f'id="s{sentence}"' in target.text


def test_article_page_highlights_and_removed(client) -> None:
    story = client.get("/api/stories").json()[0]
    article = client.get(f"/api/stories/{story['id']}").json()["articles"][0]
    page = client.get(f"/article/{article}").text
    assert '<mark class="timex" title="DATE ' in page
    assert '<mark class="ent ' in page


def test_entity_page_and_api(client) -> None:
    story = client.get("/api/stories").json()[0]
    article = client.get(f"/api/stories/{story['id']}").json()["articles"][0]
    entity = re.search(r"/entity/(en-[0-9a-f]+)", client.get(f"/article/{article}").text).group(1)
    assert client.get(f"/entity/{entity}").status_code == 200
    data = client.get(f"/api/entities/{entity}").json()
    assert data["articles"] and data["type"] in ("PER", "LOC", "ORG", "MISC")


def test_search_without_diacritics(client) -> None:
    hits = client.get("/api/search", params={"q": "metro ben thanh"}).json()
    assert hits and all("metro" in (h["title"] + h["snippet"]).lower() for h in hits[:3])
    page = client.get("/search", params={"q": "pho chu phu tho"})
    assert page.status_code == 200
    assert (
        client.get("/search", params={"q": "cau phong chau"}).text.count('class="card result"') >= 1
    )
    dated = client.get("/api/search", params={"q": "metro", "from": "2025-01-01"}).json()
    assert all(h["published"] >= "2025-01-01" for h in dated)


def test_hostile_content_is_escaped(client) -> None:
    hits = client.get("/api/search", params={"q": "bao so 3 do bo"}).json()
    hostile = next(h for h in hits if "script" in (h["title"] or ""))
    page = client.get(f"/article/{hostile['article']}").text
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page
    assert "javascript:" not in page
    assert "<b>Báo</b>" not in page
    search_page = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in search_page


def test_search_page_escapes_its_hits_and_marks_the_words_found() -> None:
    from biennien.show.search import Hit
    from biennien.show.web import results_html

    snippet = 'Bão "số" <3> đổ bộ'
    hit = Hit(
        "a" * 16, 1.0, "<script>x</script>", "2024-09-08", "<b>Báo</b>", snippet, [(0, 3), (5, 7)]
    )
    html = str(results_html([hit, Hit("b" * 16, 0.5, None, None, None, "", [])]))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&lt;b&gt;Báo&lt;/b&gt;" in html
    marks = '<mark class="hit" title="">Bão</mark> &#34;<mark class="hit" title="">số</mark>'
    assert f"<p>{marks}&#34; &lt;3&gt; đổ bộ</p>" in html
    assert "8/9/2024" in html and f"<strong>{'b' * 16}</strong>" in html  # no title: its id
    assert "không rõ nguồn · không rõ ngày" in html


def test_search_page_of_a_hostile_article(client) -> None:
    page = client.get("/search", params={"q": "bao so 3 do bo"}).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(" in page
    assert "<b>Báo</b>" not in page
    assert '<mark class="hit" title="">bão</mark> <mark class="hit" title="">số</mark>' in page


@pytest.mark.parametrize(
    "path",
    [
        "/article/..%2F..%2Fetc%2Fpasswd",
        "/story/st-nope",
        "/entity/en-zzz",
        "/article/0123",
        "/api/articles/..",
        "/api/stories/%27%20OR%201=1",
    ],
)
def test_bad_ids_are_not_found(client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_search_is_safe_against_injection(client) -> None:
    for q in ['" OR 1=1 --', "NEAR(a b)", "'; DROP TABLE articles; --", "*", "a AND"]:
        assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/api/stories").status_code == 200
    assert client.get("/api/search", params={"q": "x", "from": "not-a-date"}).status_code == 422


def test_openapi_documents_the_api(client) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/search", "/api/articles/{article_id}"} <= set(spec["paths"])


def test_search_command(cli, tmp_path) -> None:
    db = str(tmp_path / "s.db")
    assert cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    result = cli("search", "metro ben thanh", "--db", db, "--json")
    assert result.returncode == 0
    hits = [json.loads(x) for x in result.stdout.splitlines()]
    assert hits and "Metro" in hits[0]["title"]


def test_slow_requests_time_out(tmp_path) -> None:
    from conftest import run_cli

    db = str(tmp_path / "t.db")
    assert run_cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    slow = TestClient(create_app(db, request_timeout=0.000001))
    assert slow.get("/api/stories").status_code == 504
    for path in ("/search?q=metro", "/search?q=metro&q=x"):  # made ahead of the framework, or not
        answer = slow.get(path)
        assert answer.status_code == 504 and answer.json() == {
            "detail": "the request took too long"
        }


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, deadline: float) -> tuple[int, str]:
    import http.client
    import time

    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            resp = conn.getresponse()
            return resp.status, resp.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_command_answers_on_loopback(tmp_path, workers: str) -> None:
    import subprocess
    import sys
    import time

    from conftest import run_cli

    db = str(tmp_path / "s.db")
    assert run_cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    port = _free_port()
    cmd = [sys.executable, "-m", "biennien", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--workers", workers, "--request-timeout", "10"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status, home = _get(port, "/", deadline)
        assert status == 200 and "/story/st-" in home
        story = re.search(r'href="(/story/st-[0-9a-f]+)"', home).group(1)
        for _ in range(3):  # the same page from the cache, and from either worker
            status, page = _get(port, story, deadline)
            assert status == 200 and "<ol" in page
        assert _get(port, "/story/st-000000000000", deadline)[0] == 404
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "Traceback" not in proc.stderr.read()


def test_large_story_page_reads_its_largest_events_only(tmp_path, monkeypatch) -> None:
    from conftest import SEEDS, run_cli

    from biennien.story import stored

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    db = str(tmp_path / "s.db")
    assert run_cli("ingest", str(SEEDS), "--db", db).returncode == 0
    monkeypatch.setattr(stored, "PAGE_ARTICLES", 2)
    client = TestClient(create_app(db))
    story = re.search(r'href="/story/(st-[0-9a-f]+)"', client.get("/").text).group(1)
    data = client.get(f"/api/stories/{story}").json()
    considered = data["articles_considered"]
    assert len(considered) == 2 and len(data["sources"]) == 5
    # the seeds' largest event is the phone call reported by two articles
    cited = {c["article"] for e in data["timeline"] for c in e["citations"]}
    assert cited and cited <= set(considered)
    page = client.get(f"/story/{story}").text
    assert "dựng từ 2/5 bài" in page


def test_concurrent_requests_for_one_uncached_page_build_it_once(tmp_path) -> None:
    import threading
    import time

    from biennien.show.web import Pages
    from biennien.store import open_store

    db = str(tmp_path / "p.db")
    open_store(db).close()
    pages = Pages(db)
    calls = []

    def make() -> str:
        calls.append(1)
        time.sleep(0.3)
        return "page"

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(pages.page(("x",), make))) for _ in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["page"] * 5 and len(calls) == 1


def test_marked_escapes_the_text_and_the_marks_attributes() -> None:
    from biennien.show.web import marked

    html = marked('a<b> "Kursk" & c', [(6, 11, "ent LOC", 'LOC: "Kursk" <x>'), (7, 9, "hit", "")])
    assert str(html) == (
        'a&lt;b&gt; &#34;<mark class="ent LOC" title="LOC: &#34;Kursk&#34; &lt;x&gt;">Kursk</mark>'
        "&#34; &amp; c"
    )


def test_pages_not_made_yet_are_made_at_most_builders_at_a_time(tmp_path, monkeypatch) -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import biennien.show.web as web
    from biennien.show.web import Pages
    from biennien.store import open_store

    db = str(tmp_path / "p.db")
    open_store(db).close()
    monkeypatch.setattr(web, "BUILDERS", 2)
    app_client = TestClient(create_app(db))
    running, most, lock = [0], [0], threading.Lock()
    real = Pages.page

    def slow(self, key, make):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.1)
            return real(self, key, make)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(Pages, "page", slow)
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda i: app_client.get(f"/search?q=bao+{i}"), range(6)))
    assert [a.status_code for a in answers] == [200] * 6
    assert most[0] == 2  # two at a time: neither one alone nor all six at once


def test_pieces_are_escaped_as_markupsafe_escapes_them() -> None:
    from hypothesis import given
    from hypothesis import strategies as st
    from markupsafe import escape

    from biennien.show.web import _escape

    @given(st.text(alphabet=st.sampled_from(list("<>&'\"a ăđ\u00a0\n")), max_size=30) | st.text())
    def same(text: str) -> None:
        assert _escape(text) == str(escape(text))

    same()


def _layer(app, kind):
    """The ``kind`` layer of the app's middleware stack (built at its first request)."""
    layer = app.middleware_stack
    while not isinstance(layer, kind):
        layer = layer.app
    return layer


def test_pages_are_answered_and_made_ahead_of_the_framework(client) -> None:
    from biennien.show.web import MadePages, Pages

    story = client.get("/api/stories").json()[0]["id"]
    paths = ["/", f"/story/{story}", "/search?q=metro", "/search?q=metro&from=2025-01-01&outlet="]
    made = {path: client.get(path).text for path in paths}
    layer = _layer(client.app, MadePages)
    framework = layer.app

    async def absent(scope, receive, send):
        raise AssertionError(f"reached the framework: {scope['path']}")

    layer.app = absent
    try:
        for path in paths:
            assert client.get(path).text == made[path]
        fresh = client.get("/search?q=bao+so+3&to=2025-12-31")  # not asked before: made here
        filters = dict.fromkeys(["date_from", "outlet", "entity", "story"], None)
        assert fresh.text == Pages(client.db).search_html(
            "bao so 3", {**filters, "date_to": "2025-12-31"}
        )
        assert '<mark class="hit"' in fresh.text
        for odd in ("/search?q=metro&q=ha", "/search?q=metro&from=soon", "/search?q=metro&x=1"):
            with pytest.raises(AssertionError, match="reached the framework"):
                client.get(odd)  # not plain: the framework reads it
        with pytest.raises(AssertionError, match="reached the framework"):
            client.get("/story/st-0123456789abcdef")  # failed here: the framework answers
    finally:
        layer.app = framework
    assert client.get("/search?q=metro&from=soon").status_code == 422
    assert client.get("/story/st-0123456789abcdef").status_code == 404


def test_search_args_reads_plain_valid_parameters_only() -> None:
    from biennien.show.web import search_args, search_request

    assert search_args("q=h%C3%A0+n%E1%BB%99i&from=2024-01-02&outlet=") == {
        "q": "hà nội",
        "date_from": "2024-01-02",
        "outlet": "",
    }
    assert search_args("") == {}
    for odd in ("q=a&q=b", "q=a&page=2", "to=2024-1-2", "entity=x", "q=" + "a" * 201):
        assert search_args(odd) is None, odd
    key, filters = search_request(**search_args("q=bao&outlet="))
    assert filters["outlet"] is None and key == search_request("bao", outlet="")[0]
    assert key != search_request("bao")[0]  # "outlet=" is a different page (its form shows it)


def test_pages_made_by_builder_processes_are_those_made_here(client, monkeypatch) -> None:
    from biennien.show.web import Pages

    story = client.get("/api/stories").json()[0]["id"]
    paths = [f"/story/{story}", "/search?q=metro", "/search?q=bao+so+3&from=2024-01-01"]
    here = {path: client.get(path).text for path in paths}

    def not_here(*args):
        raise AssertionError("made in the server's process")

    # the builders are processes of their own (spawned): this changes nothing in them
    monkeypatch.setattr(Pages, "search_html", not_here)
    monkeypatch.setattr(Pages, "story", not_here)
    with TestClient(create_app(client.db, builders=2)) as remote:
        for path in paths:
            answer = remote.get(path)
            assert answer.status_code == 200 and answer.text == here[path], path
        assert remote.get("/story/st-0123456789abcdef").status_code == 404


def test_requests_for_a_page_being_made_wait_for_it_without_taking_a_builder(
    tmp_path, monkeypatch
) -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from biennien.show.web import Pages
    from biennien.store import open_store

    db = str(tmp_path / "p.db")
    open_store(db).close()
    asked, lock = [], threading.Lock()
    real = Pages.page

    def slow(self, key, make):
        with lock:
            asked.append(key[1])
        time.sleep(0.3)
        return real(self, key, make)

    monkeypatch.setattr(Pages, "page", slow)
    queries = ["bao"] * 5 + ["lu"]
    with TestClient(create_app(db)) as app_client, ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda q: app_client.get(f"/search?q={q}"), queries))
    assert [a.status_code for a in answers] == [200] * 6
    assert len({a.text for a in answers[:5]}) == 1
    assert sorted(asked) == ["bao", "lu"]  # each page made once, by one builder thread


def test_builders_answer_in_their_own_processes_and_report_errors() -> None:
    import math
    import os
    import time

    from biennien.show.builders import Builders, BuildersGone

    builders = Builders(2, time.sleep, (0,), math.sqrt)
    try:
        assert [builders.call(x) for x in (4.0, 9.0, 16.0)] == [2.0, 3.0, 4.0]
        with pytest.raises(RuntimeError, match="ValueError: math domain error"):
            builders.call(-1.0)
        assert builders.call(25.0) == 5.0  # an error ends the call, not the builder
        pids = {process.pid for process, _ in builders._all}
        assert os.getpid() not in pids and len(pids) == 2
        for process, _ in builders._all:
            process.kill()
            process.join()
        with pytest.raises(BuildersGone):
            builders.call(36.0)
    finally:
        builders.close()


def test_pages_are_made_here_once_a_builder_has_ended(client) -> None:
    from biennien.show.web import Pages

    filters = dict.fromkeys(["date_from", "date_to", "outlet", "entity", "story"])
    pages = Pages(client.db)
    here = pages.search_html("metro", filters)
    pages.start_builders(1)
    try:
        assert pages.make_page("search", "metro", filters) == here
        process = pages.remote._all[0][0]
        process.kill()
        process.join()
        assert pages.make_page("search", "metro", filters) == here
        assert pages.remote is None
    finally:
        pages.stop_builders()


def test_a_story_page_made_here_leaves_its_view_for_the_api(client, monkeypatch) -> None:
    from biennien.story import stored

    story = client.get("/api/stories").json()[-1]["id"]  # small: its view is not kept
    built = []
    real = stored.build

    def counted(store, story_id):
        built.append(story_id)
        return real(store, story_id)

    monkeypatch.setattr(stored, "build", counted)
    fresh = TestClient(create_app(client.db))
    assert fresh.get(f"/story/{story}").status_code == 200
    assert fresh.get(f"/api/stories/{story}").json()["id"] == story
    assert built == [story]  # built once, for the page and the API
