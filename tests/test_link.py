"""Linking on real and sample articles: events, stories, reuse, stable ids."""

import json

import pytest
from conftest import EXAMPLES


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    from conftest import SEEDS, run_cli

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    db = str(tmp_path_factory.mktemp("link") / "l.db")
    assert run_cli("ingest", str(SEEDS), "--db", db).returncode == 0
    first = json.loads(run_cli("export", "--db", db).stdout)
    assert run_cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    both = json.loads(run_cli("export", "--db", db).stdout)
    return first, both


def _by_source(data):
    return {
        a["source"][:3] if a["source"][0].isdigit() else a["source"]: a["id"]
        for a in data["articles"]
    }


def _event_of(data):
    return {a: e["id"] for e in data["events"] for a in e["articles"]}


def _story_of(data):
    return {a: s["id"] for s in data["stories"] for a in s["articles"]}


def test_same_call_two_outlets_is_one_event_and_other_happenings_are_not(linked) -> None:
    first, _ = linked
    ids, event = _by_source(first), _event_of(first)
    assert event[ids["000"]] == event[ids["001"]]
    others = {event[ids[k]] for k in ("002", "003", "004")}
    assert len(others) == 3 and event[ids["000"]] not in others


def test_seeds_are_one_story(linked) -> None:
    first, _ = linked
    assert len(first["stories"]) == 1
    assert len(first["stories"][0]["articles"]) == 5


def test_every_article_in_one_event_and_every_event_in_one_story(linked) -> None:
    _, both = linked
    in_events = [a for e in both["events"] for a in e["articles"]]
    assert sorted(in_events) == sorted(a["id"] for a in both["articles"])
    in_stories = [e for s in both["stories"] for e in s["events"]]
    assert sorted(in_stories) == sorted(e["id"] for e in both["events"])


def test_unrelated_articles_do_not_join_the_seeds_story(linked) -> None:
    first, both = linked
    seeds_story = first["stories"][0]["id"]
    story = _story_of(both)
    ids = _by_source(both)
    for name in ("bao-yagi-01-do-bo.txt", "metro-01-khai-truong.txt", "sap-nhap-01-nghi-quyet.txt"):
        assert story[ids[name]] != seeds_story
    assert story[ids["metro-01-khai-truong.txt"]] != story[ids["sap-nhap-01-nghi-quyet.txt"]]


def test_ids_stay_when_more_articles_arrive(linked) -> None:
    first, both = linked
    assert {e["id"] for e in first["events"]} <= {e["id"] for e in both["events"]}
    assert {s["id"] for s in first["stories"]} <= {s["id"] for s in both["stories"]}
    assert _event_of(first).items() <= _event_of(both).items()


def test_copied_paragraph_is_reuse_with_the_first_publisher(linked) -> None:
    _, both = linked
    ids = _by_source(both)
    passages = [r for r in both["reuse"] if set(r["articles"]) == {ids["001"], ids["003"]}]
    assert passages and passages[0]["kind"] == "passage"
    assert "Theo hãng thông tấn trung ương Triều Tiên (KCNA)" in passages[0]["text"]
    assert passages[0]["first"] == ids["001"]
    expected = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))
    a, b = (ids[f] for f in expected["shared_paragraph"]["files"])
    shared = [r for r in both["reuse"] if set(r["articles"]) == {a, b}]
    assert shared and shared[0]["first"] == a


def test_reingest_changes_nothing(cli, seeds, db) -> None:
    assert cli("ingest", str(seeds), "--db", db).returncode == 0
    before = json.loads(cli("export", "--db", db).stdout)
    assert cli("ingest", str(seeds), "--db", db).returncode == 0
    after = json.loads(cli("export", "--db", db).stdout)
    assert before["events"] == after["events"] and before["stories"] == after["stories"]
