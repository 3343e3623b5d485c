"""Story timelines, summaries and exports on the seeds."""

import csv
import io
import json

import pytest


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    from conftest import SEEDS, run_cli

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    db = str(tmp_path_factory.mktemp("story") / "s.db")
    assert run_cli("ingest", str(SEEDS), "--db", db).returncode == 0
    data = json.loads(run_cli("export", "--db", db).stdout)
    return db, data


def _ids(data):
    return {a["source"][:3]: a["id"] for a in data["articles"]}


def test_timeline_entries(seeds_store) -> None:
    _, data = seeds_store
    ids = _ids(data)
    (story,) = data["stories"]
    by_date = {}
    for entry in story["timeline"]:
        by_date.setdefault(entry["date"], []).append(entry)
    dates = [e["date"] for e in story["timeline"]]
    assert dates == sorted(dates)
    call = by_date["2025-08-12"]
    assert len(call) == 1
    assert {c["article"] for c in call[0]["citations"]} == {ids["000"], ids["001"]}
    treaty = by_date["2024-06-19"][0]
    assert treaty["background"] is True
    assert {c["article"] for c in treaty["citations"]} >= {ids["001"], ids["003"], ids["004"]}
    assert "2025-09-03" in by_date and "2025-10-07" in by_date
    # Regression: a disputed date on the treaty entry ("hồi tháng Sáu" read as 2025-06) must
    # not pull the other June 2025 happenings (the meeting with Shoigu) into it.
    june = by_date.get("2025-06", [])
    assert any(ids["004"] in {c["article"] for c in e["citations"]} for e in june)
    # The undated article contributes only what is dated in its text (2019), never XXXX.
    assert "2019" in by_date
    assert all("X" not in d for d in dates)


def test_no_entries_from_captions(seeds_store) -> None:
    _, data = seeds_store
    (story,) = data["stories"]
    kinds = {
        (a["id"], i): s["kind"] for a in data["articles"] for i, s in enumerate(a["sentences"])
    }
    for entry in story["timeline"]:
        for c in entry["citations"]:
            assert kinds[(c["article"], c["sentence"])] != "caption"
    assert not any(e["date"] == "2019-04" for e in story["timeline"])


def test_summary_sentences_are_traceable_and_not_repeated(seeds_store) -> None:
    _, data = seeds_store
    (story,) = data["stories"]
    texts = {
        (a["id"], i): s["text"] for a in data["articles"] for i, s in enumerate(a["sentences"])
    }
    assert story["summary"]
    for s in story["summary_sentences"]:
        assert texts[(s["article"], s["sentence"])] == s["text"]
    assert len({s["text"] for s in story["summary_sentences"]}) == len(story["summary_sentences"])


def test_markdown_timelinejs_csv(cli, seeds_store) -> None:
    db, data = seeds_store
    story = data["stories"][0]
    md = cli("export", "--db", db, "--format", "md", "--story", story["id"])
    assert md.returncode == 0
    assert md.stdout.startswith(f"# {story['title']}")
    assert "## Diễn biến" in md.stdout and "**12/8/2025**" in md.stdout
    assert "tháng 8/2024" in md.stdout and "đưa tin đầu tiên" in md.stdout
    tl = json.loads(
        cli("export", "--db", db, "--format", "timelinejs", "--story", story["id"]).stdout
    )
    assert len(tl["events"]) == len(story["timeline"])
    first = tl["events"][0]
    assert set(first) >= {"start_date", "display_date", "text", "group", "unique_id"}
    months = [e for e in tl["events"] if len(e["start_date"]) == 2]
    assert months and months[0]["display_date"].startswith("tháng ")
    rows = list(
        csv.DictReader(
            io.StringIO(cli("export", "--db", db, "--format", "csv", "--story", story["id"]).stdout)
        )
    )
    assert [r["date"] for r in rows] == [e["date"] for e in story["timeline"]]


def test_export_format_errors(cli, seeds_store) -> None:
    db, _ = seeds_store
    result = cli("export", "--db", db, "--format", "md")
    assert result.returncode == 2 and "--story" in result.stderr
    result = cli("export", "--db", db, "--format", "md", "--story", "st-nope")
    assert result.returncode == 1 and "no story" in result.stderr


def test_summarize_command(cli, seeds) -> None:
    result = cli("summarize", str(seeds), "--words", "60")
    assert result.returncode == 0
    words = len(result.stdout.split())
    assert 30 <= words <= 60 + 70
    assert cli("summarize", "/nonexistent/path").returncode == 1


def test_json_export_of_one_story(cli, seeds_store) -> None:
    db, data = seeds_store
    story = data["stories"][0]
    one = json.loads(cli("export", "--db", db, "--format", "json", "--story", story["id"]).stdout)
    assert one == story
