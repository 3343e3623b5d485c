"""The project's own sample articles against their hand-written expectations (examples/expected.json)."""

import json

import pytest
from conftest import EXAMPLES

EXPECTED = json.loads((EXAMPLES.parent / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from conftest import run_cli

    db = str(tmp_path_factory.mktemp("ex") / "ex.db")
    result = run_cli("ingest", str(EXAMPLES), "--db", db)
    assert result.returncode == 0, result.stderr
    data = json.loads(run_cli("export", "--db", db).stdout)
    return {a["source"]: a for a in data["articles"]}


@pytest.mark.parametrize("expected", EXPECTED["articles"], ids=lambda e: e["file"])
def test_metadata(exported, expected) -> None:
    article = exported[expected["file"]]
    for key in ("published", "title", "category", "outlet", "author"):
        assert article[key] == expected[key], key


@pytest.mark.parametrize("expected", EXPECTED["articles"], ids=lambda e: e["file"])
def test_captions_once_and_no_boilerplate(exported, expected) -> None:
    article = exported[expected["file"]]
    captions = [s["text"] for s in article["sentences"] if s["kind"] == "caption"]
    assert sorted(captions) == sorted(expected["captions"])
    texts = {s["text"] for s in article["sentences"]}
    for line in expected["boilerplate_lines"]:
        assert line not in texts


def test_shared_paragraph_is_in_both_articles(exported) -> None:
    shared = EXPECTED["shared_paragraph"]
    for name in shared["files"]:
        text = " ".join(s["text"] for s in exported[name]["sentences"])
        assert shared["text"] in text
