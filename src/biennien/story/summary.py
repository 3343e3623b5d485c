"""Extractive multi-document summaries: the sentences that best cover what a story's articles
agree on, without repeating each other, in the order of the articles' publication and the
sentences' position.

The method is concept coverage (after Gillick and Favre's bigram concepts): a concept is a pair
of adjacent syllables that are not both function words. A concept is worth something only when
at least two articles use it, and it is worth more the more articles use it and the earlier in
each article it first appears (news puts what matters first). Sentences are chosen greedily:
each time the one whose concepts not yet covered are worth most for its length, until the word
budget is reached; a sentence longer than the room left in the budget counts for the share of
its words within it (so one that fits is preferred to one that would mostly run past the end);
a sentence that covers nothing new, or repeats a chosen one (shares half of its concepts),
never enters.
The greedy choice is then improved by exchanges: a chosen sentence gives way to another that
covers more, as long as the summary grows no longer than the greedy one (Gillick and Favre
solve this exactly as an integer programme; local search comes close without a solver).
Fragments are not candidates: a unit that does not end as a sentence ends (a headline, a
byline, a list of links run into the text) or that opens in lower case (a piece of a sentence
cut at an abbreviation, an item of a list).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from biennien.link.features import stopwords

POSITION_WEIGHT = 3.0  # a concept's weight in each article: 1 + this / (1 + first position)
LENGTH_EXPONENT = 0.5  # gain is divided by length ** this: neither short nor long favoured much
MIN_ARTICLES = 2  # a concept counts when this many articles use it (fewer if the story is smaller)
REPEAT_OVERLAP = 0.5  # share of concepts in common with a chosen sentence that makes a repeat
MIN_WORDS, MAX_WORDS = 6, 120

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$|[\"”’»)]\s*$")
_OPENING = re.compile(r"^[\s\"'“‘«(\[*\-–—]*(\w+)")


def is_sentence(text: str) -> bool:
    """Whether ``text`` is shaped as a whole sentence: it ends with a full stop, a question or
    exclamation mark, an ellipsis or a closing quote, and its first word is not in lower case
    ("iPhone" is not lower case)."""
    if not _SENTENCE_END.search(text):
        return False
    m = _OPENING.match(text)
    return not (m and m.group(1).islower())


@dataclass(frozen=True)
class Unit:
    """A sentence that may enter a summary."""

    article: str
    index: int  # sentence index in its article
    text: str
    kind: str
    published: str | None
    order: int  # position of its article in the input
    position: int  # position among its article's lead and body sentences


@dataclass(frozen=True)
class Chosen:
    article: str
    index: int
    text: str


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _WORD.findall(text)]


def concepts(tokens: list[str], stop: frozenset[str]) -> set[tuple[str, str]]:
    """The concepts of a sentence: adjacent syllable pairs that are not both function words."""
    return {
        (a, b) for a, b in zip(tokens, tokens[1:], strict=False) if a not in stop or b not in stop
    }


def concept_weights(
    units: list[Unit], found: list[set[tuple[str, str]]]
) -> dict[tuple[str, str], float]:
    """Each concept's worth: summed over the articles that use it, 1 plus a bonus for how early
    it first appears there; zero for a concept that too few articles use."""
    first: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for u, cs in zip(units, found, strict=True):
        bonus = 1.0 + POSITION_WEIGHT / (1 + u.position)
        for c in cs:
            per_article = first[c]
            if bonus > per_article.get(u.article, 0.0):
                per_article[u.article] = bonus
    needed = min(MIN_ARTICLES, len({u.article for u in units}))
    return {c: sum(a.values()) if len(a) >= needed else 0.0 for c, a in first.items()}


def _repeats(found: set[tuple[str, str]], chosen: list[set[tuple[str, str]]]) -> bool:
    """Whether a sentence with concepts ``found`` shares REPEAT_OVERLAP of them (of the smaller
    set) with a chosen sentence: it would say again what that one says."""
    return any(len(found & g) / max(min(len(found), len(g)), 1) >= REPEAT_OVERLAP for g in chosen)


def gain_per_word(gain: float, length: int, room: int) -> float:
    """A sentence's score in the greedy choice: the worth of the concepts it adds, divided by
    ``length ** LENGTH_EXPONENT``; a sentence longer than the ``room`` left in the budget counts
    for the share of its words within it (a reader asked for that many words; what runs past
    the budget is not what was asked for), so that a sentence that fits is preferred to one that
    adds as much but mostly past the end."""
    if length > room:
        gain *= max(room, 0) / length
    return gain / length**LENGTH_EXPONENT


def summarize(units: list[Unit], words: int = 100) -> list[Chosen]:
    """About ``words`` words (whole sentences; the last may go past the budget) of the sentences
    that best cover the story's shared concepts, in reading order."""
    stop = stopwords()
    pool = [u for u in units if u.kind in ("lead", "body")]
    toks = [_tokens(u.text) for u in pool]
    found = [concepts(t, stop) for t in toks]
    weight = concept_weights(pool, found)
    candidates = [
        i
        for i, t in enumerate(toks)
        if MIN_WORDS <= len(t) <= MAX_WORDS and is_sentence(pool[i].text)
    ]
    eligible = list(candidates)
    covered: set[tuple[str, str]] = set()
    chosen: list[int] = []
    total = 0
    while total < words and candidates:
        best, best_score = None, 0.0
        room = words - total
        for i in candidates:
            score = gain_per_word(sum(weight[c] for c in found[i] - covered), len(toks[i]), room)
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break  # nothing left adds a shared concept
        candidates.remove(best)
        if _repeats(found[best], [found[j] for j in chosen]):
            continue
        chosen.append(best)
        covered |= found[best]
        total += len(toks[best])
    chosen = exchange(chosen, eligible, toks, found, weight, max(total, words))
    picked = sorted(
        (pool[i] for i in chosen), key=lambda u: (u.published or "9999", u.order, u.index)
    )
    return [Chosen(u.article, u.index, u.text) for u in picked]


def exchange(
    chosen: list[int],
    eligible: list[int],
    toks: list[list[str]],
    found: list[set[tuple[str, str]]],
    weight: dict[tuple[str, str], float],
    limit: int,
) -> list[int]:
    """Local search on the chosen sentences: while some chosen sentence can give way to an
    eligible one that covers concepts worth more with the others, without repeating them and
    without the summary passing ``limit`` words, make the best such exchange."""
    chosen = list(chosen)
    while True:
        length = sum(len(toks[i]) for i in chosen)
        best: tuple[float, int, int] | None = None
        for k, out in enumerate(chosen):
            rest = chosen[:k] + chosen[k + 1 :]
            covered: set[tuple[str, str]] = set().union(*(found[j] for j in rest))
            current = sum(weight[c] for c in found[out] - covered)
            room = limit - length + len(toks[out])
            said = [found[j] for j in rest]
            for i in eligible:
                if i in chosen or len(toks[i]) > room:
                    continue
                better = sum(weight[c] for c in found[i] - covered) - current
                if better > 1e-9 and (best is None or better > best[0]):
                    if not _repeats(found[i], said):
                        best = (better, k, i)
        if best is None:
            return chosen
        chosen[best[1]] = best[2]


def units_of_documents(docs: list, ids: list[str] | None = None) -> list[Unit]:
    """Units from cleaned Documents (``biennien.model.Document``), in the given order."""
    out = []
    for order, doc in enumerate(docs):
        article = ids[order] if ids else str(order)
        position = 0
        for i, s in enumerate(doc.sentences):
            if s.kind in ("lead", "body"):
                out.append(
                    Unit(
                        article,
                        i,
                        s.text,
                        s.kind,
                        doc.published.isoformat() if doc.published else None,
                        order,
                        position,
                    )
                )
                position += 1
    return out


def summarize_articles(articles: list, words: int = 100) -> str:
    """Summarise Articles (as readers produce them) taken as one story."""
    from biennien.text.clean import clean

    docs = [clean(a) for a in articles]
    return " ".join(c.text for c in summarize(units_of_documents(docs), words))
