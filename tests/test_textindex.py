"""The SQLite store's tantivy index, and BM25 as tantivy computes it (what the PostgreSQL store
ranks by): the same articles found as by reading them, and the same scores (to the precision of
tantivy's 32-bit floats, whose additions it orders its own way)."""

import random

import pytest

from biennien.store.textindex import (
    TITLE_REPEAT,
    TextIndex,
    average_length,
    bm25_tantivy,
    field_score,
    indexed_length,
    query_phrases,
    stored_length,
    words,
)


def _freq(tokens: list[str], phrase: list[str]) -> int:
    n = len(phrase)
    return sum(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_scores_are_tantivys(seed) -> None:
    rng = random.Random(seed)
    vocab = list("abcdefgh")
    docs = {
        seq: (
            [rng.choice(vocab) for _ in range(rng.randint(0, 9))],
            [rng.choice(vocab) for _ in range(rng.randint(0, 400))],
        )
        for seq in range(1, 300)
    }
    index = TextIndex(None)
    assert index.take_writer()
    index.add((seq, " ".join(t), " ".join(b)) for seq, (t, b) in docs.items())
    index.commit()
    n = len(docs)
    avg = average_length(sum(indexed_length(len(t), len(b)) for t, b in docs.values()), n)

    def df(word: str) -> int:
        return sum(word in t or word in b for t, b in docs.values())

    exact = 0
    for _ in range(12):
        phrases = [
            [rng.choice(vocab) for _ in range(rng.choice([1, 1, 2]))]
            for _ in range(rng.randint(1, 3))
        ]
        found = index.search(phrases, 1000)
        expected = {
            seq for seq, d in docs.items() if all(_freq(d[0], p) or _freq(d[1], p) for p in phrases)
        }
        assert {seq for seq, _ in found} == expected
        for seq, score in found:
            title, body = docs[seq]
            parts = [
                field_score(
                    TITLE_REPEAT * _freq(title, p) + _freq(body, p),
                    indexed_length(len(title), len(body)),
                    [df(w) for w in p],
                    n,
                    avg,
                )
                for p in phrases
            ]
            if len(phrases) <= 2:  # to the bit: the formula is tantivy's, not a near one
                assert bm25_tantivy(parts) == score, (phrases, seq)
                exact += 1
            else:  # tantivy adds three or more in an order of its own
                assert bm25_tantivy(parts) == pytest.approx(score, rel=1e-6), (phrases, seq)
        scores = [s for _, s in found]
        assert scores == sorted(scores, reverse=True)
    assert exact >= 100  # the exact check did run


def test_lengths_are_exact_to_40_words_then_in_steps() -> None:
    assert [stored_length(n) for n in range(41)] == list(range(41))
    assert [stored_length(n) for n in (41, 42, 43, 55, 56, 59, 60)] == [40, 42, 42, 54, 56, 56, 60]
    lengths = [stored_length(n) for n in range(0, 100_000, 7)]
    assert lengths == sorted(lengths)
    assert all(0.85 * n <= stored_length(n) <= n for n in range(41, 100_000, 13))


def test_words_and_phrases_of_a_query() -> None:
    assert words("ha noi, 19/8 covid_19") == ["ha", "noi", "19", "8", "covid", "19"]
    assert words("x" * 256 + " y " + "z" * 255) == ["y", "z" * 255]
    assert query_phrases('kim jong-un "ha noi" - //') == [["kim"], ["jong", "un"], ["ha"], ["noi"]]
    assert query_phrases("") == query_phrases("- . ,") == []


def test_filters_and_offset(tmp_path) -> None:
    index = TextIndex(str(tmp_path / "ix"))
    assert index.take_writer()
    index.add(
        [
            (1, "ha noi", "mua lon keo dai ca tuan"),
            (2, "", "ha noi mua lon keo dai ca tuan o ha noi"),
            (3, "tphcm", "ha noi"),
        ]
    )
    index.release()
    again = TextIndex(str(tmp_path / "ix"))  # opened anew from the folder
    ranked = again.search([["ha"], ["noi"]], 10)
    assert [seq for seq, _ in ranked] == [1, 2, 3]  # the title weighs three times
    assert again.search([["ha"], ["noi"]], 10, seqs=[3, 2]) == ranked[1:]
    assert again.search([["ha"], ["noi"]], 1, offset=1) == ranked[1:2]
    assert again.search([["ha"], ["noi"]], 10, seqs=[]) == []
    assert again.last_seq() == 3 and again.count() == 3
