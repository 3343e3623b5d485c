"""Property tests: any bytes give an Article or a clear rejection; normalisation is
idempotent; every time expression and mention points at its own text."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biennien.entities import recognize_document
from biennien.ingest import Rejection, Warning_, feed, html, plaintext, sniff
from biennien.ingest.decode import InputRejected
from biennien.model import Article
from biennien.text.clean import clean
from biennien.text.normalize import normalize
from biennien.timex import tag

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
text_strategy = st.text(
    alphabet=st.sampled_from(list(VIET + VIET.upper() + ' .,;:!?"“”()/-–0123456789\n')),
    max_size=300,
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_give_an_article_or_a_rejection(data: bytes) -> None:
    kind = sniff(data[:4096], "x")
    try:
        if kind == "html":
            items = [html.read(data, "x")]
        elif kind == "feed":
            items = list(feed.read(data, "x"))
        else:
            items = [plaintext.read(data, "x")]
    except InputRejected as exc:
        assert str(exc)
        return
    for item in items:
        assert isinstance(item, Article | Rejection | Warning_)
        if isinstance(item, Article):
            clean(item)


@SETTINGS
@given(text_strategy)
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@SETTINGS
@given(text_strategy, st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))))
def test_time_expressions_point_at_their_text(text: str, dct) -> None:
    for t in tag(text, dct):
        assert text[t.start : t.end] == t.text
        assert t.value


@SETTINGS
@given(st.lists(text_strategy, max_size=4))
def test_mentions_point_at_their_text(sentences: list[str]) -> None:
    for sentence, mentions in zip(sentences, recognize_document(sentences), strict=True):
        for m in mentions:
            assert sentence[m.start : m.end] == m.text
            assert m.type in ("PER", "LOC", "ORG", "MISC")


@SETTINGS
@given(text_strategy)
def test_cleaning_never_fails_and_keeps_only_known_kinds(text: str) -> None:
    doc = clean(Article(text=text, source="x.txt", title=None))
    assert all(s.kind in ("title", "lead", "body", "caption") for s in doc.sentences)
    assert all(s.text.strip() == s.text and s.text for s in doc.sentences)
