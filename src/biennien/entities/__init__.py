"""Named entities in Vietnamese news: people (PER), places (LOC), organisations (ORG), other (MISC).

``recognize`` finds the names in one sentence, ``recognize_document`` in all the sentences of an
article at once (so that "ông Putin" links to "Vladimir Putin"), and ``canonical`` gives the form
under which mentions of one entity are merged across articles. Fast, rule-based, no model: runs
of capitalised words typed by gazetteers and cue words kept as data in ``biennien/data/entity_*``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from biennien.entities.gazetteer import gazetteer
from biennien.entities.identity import canonical, resolve, short_forms
from biennien.entities.recognizer import Piece, SentenceParser

__all__ = ["TYPES", "Mention", "canonical", "recognize", "recognize_document"]

TYPES = ("PER", "LOC", "ORG", "MISC")


@dataclass(frozen=True)
class Mention:
    """One mention of a name: ``text[start:end] == text`` of the sentence it was found in."""

    start: int
    end: int
    text: str
    type: str  # "PER" | "LOC" | "ORG" | "MISC"
    name: str  # canonical name of the entity


def recognize(text: str) -> list[Mention]:
    """The names in one sentence or paragraph, in order, with offsets into ``text``."""
    return recognize_document([text])[0]


def recognize_document(sentences: list[str]) -> list[list[Mention]]:
    """The names in each sentence of one document, linked across the document.

    A run that one sentence could not type takes the type the same name has elsewhere in the
    document; a short form of a person's name takes the canonical name of the full one.
    """
    g = gazetteer()
    sport = g.sport("\n".join(sentences))
    parsed = [SentenceParser(s, g, sport).parse() for s in sentences]
    # What each surface string is, where knowledge or a cue said so.
    known: dict[str, tuple[str, str | None]] = {}
    for p in parsed:
        for piece in p.pieces:
            if piece.strong and piece.type != "MISC":
                known.setdefault(_surface(p, piece), (piece.type, piece.name))
    # Runs left untyped, and weakly typed ones, take a type the document gives them.
    for p in parsed:
        for cand in p.candidates:
            surface = _surface_ij(p, cand.i, cand.j)
            single = cand.j == cand.i + 1
            if surface in known and not cand.common and not (cand.initial and single):
                typ, name = known[surface]
                p.pieces.append(Piece(cand.i, cand.j, typ, name, False, "document"))
        for piece in p.pieces:
            if not piece.strong:
                strong = known.get(_surface(p, piece))
                if strong and strong[0] != piece.type:
                    piece.type, piece.name = strong
    # Full names of people and their short forms.
    counts: Counter = Counter()
    forms: dict[str, set[str]] = {}
    names: list[list[str]] = []
    for p in parsed:
        row = []
        for piece in p.pieces:
            name = piece.name or canonical(_surface(p, piece), piece.type)
            row.append(name)
            if piece.type == "PER" and piece.j - piece.i >= 2:
                counts[name] += 1
                forms.setdefault(name, set()).update(short_forms(p.toks[piece.i : piece.j], g))
        names.append(row)
    for p in parsed:
        for cand in p.candidates:
            if cand.j <= cand.i + 2 and not any(x.i == cand.i for x in p.pieces):
                full = resolve(counts, forms, _surface_ij(p, cand.i, cand.j))
                if full:
                    p.pieces.append(Piece(cand.i, cand.j, "PER", full, False, "document"))
                    names[parsed.index(p)].append(full)
    # Abbreviations given in brackets after a name.
    abbrev: dict[tuple[str, str], str] = {}
    for p, row in zip(parsed, names, strict=True):
        by_start = {piece.i: (piece, name) for piece, name in zip(p.pieces, row, strict=True)}
        for piece, name in zip(p.pieces, row, strict=True):
            k = piece.j
            if k + 2 < p.n and p.toks[k] == "(" and k + 1 in by_start:
                other, _ = by_start[k + 1]
                if other.type == piece.type and other.j < p.n and p.toks[other.j] == ")":
                    if other.j - other.i == 1 and piece.j - piece.i > 1:
                        abbrev[(p.toks[other.i], piece.type)] = name
    out = []
    for p, row in zip(parsed, names, strict=True):
        mentions = []
        for piece, name in zip(p.pieces, row, strict=True):
            surface = _surface(p, piece)
            if piece.type == "PER" and piece.j - piece.i <= 2 and surface not in forms:
                name = resolve(counts, forms, surface) or name
            elif piece.j - piece.i == 1 and (surface, piece.type) in abbrev:
                name = abbrev[(surface, piece.type)]
            start, end = p.spans[piece.i][0], p.spans[piece.j - 1][1]
            mentions.append(Mention(start, end, p.text[start:end], piece.type, name))
        mentions.sort(key=lambda m: m.start)
        out.append(mentions)
    return out


def _surface(p: SentenceParser, piece: Piece) -> str:
    return _surface_ij(p, piece.i, piece.j)


def _surface_ij(p: SentenceParser, i: int, j: int) -> str:
    return " ".join(p.toks[i:j])


def entity_id(type_: str, name: str) -> str:
    """A stable id for an entity: a hash of its type and canonical name (same in every store)."""
    import hashlib

    key = f"{type_}|{canonical(name, type_)}".encode()
    return "en-" + hashlib.sha1(key).hexdigest()[:12]
