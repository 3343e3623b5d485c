"""Identity of mentions: canonical names from the gazetteer, and linking within a document.

Canonical-name policy: a name the gazetteer knows takes its canonical form (the first form on
its line in ``data/entity_*.txt``: "Hoa Kỳ" -> "Mỹ", "Kim Jong Un" -> "Kim Jong-un"); people's
given names are first folded through ``entity_name_variants.txt`` ("Sergey" -> "Sergei"); any
other name is its own text with spacing tidied. Within a document, a short form of a person's
name ("Putin", "ông Kim") takes the canonical name of the one full name it belongs to, and an
abbreviation given in brackets after a name ("... (PBoC)") takes that name's canonical form.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache

from biennien.entities.gazetteer import Gazetteer, gazetteer, tokenize
from biennien.entities.recognizer import is_vietnamese
from biennien.knowledge import lines
from biennien.text.normalize import normalize


@cache
def _variants() -> dict[str, str]:
    out = {}
    for line in lines("entity_name_variants.txt"):
        if "->" in line:
            a, b = (x.strip() for x in line.split("->", 1))
            out[a] = b
    return out


_PLACE_WORDS = ("tỉnh", "thành phố", "tp", "huyện", "quận", "thị xã", "xã", "phường", "bang")


@lru_cache(maxsize=1 << 16)
def canonical(name: str, type: str) -> str:
    """The canonical form of ``name`` as an entity of ``type`` (PER, LOC, ORG or MISC)."""
    g = gazetteer()
    toks = tokenize(normalize(name))
    key = " ".join(toks)
    hit = g.aliases.get((key, type)) or g.folded_aliases.get((key.casefold(), type))
    if hit:
        return hit
    if type == "PER":
        variants = _variants()
        folded = " ".join(variants.get(t, t) for t in toks)
        hit = g.aliases.get((folded, type)) or g.folded_aliases.get((folded.casefold(), type))
        return hit or folded
    if type == "LOC" and len(toks) > 1:
        low = key.casefold()
        for word in _PLACE_WORDS:
            if low.startswith(word + " ") and len(low) > len(word) + 1:
                rest = key[len(word) + 1 :]
                hit = g.aliases.get((rest, type))
                if hit:
                    return hit
    return key


def short_forms(tokens: list[str], g: Gazetteer) -> set[str]:
    """The forms that refer back to a full name: a Vietnamese name by its given name ("Phúc",
    "Công Phượng"), a Korean or Chinese one by its family name too ("Kim"), any other by its
    last word ("Putin")."""
    if len(tokens) < 2:
        return set()
    if tokens[0] in g.surnames and all(is_vietnamese(t) for t in tokens):
        forms = {tokens[-1]}
        if len(tokens) >= 3:
            forms.add(" ".join(tokens[-2:]))
        return forms
    if tokens[0] in g.surnames:
        return {tokens[0], tokens[-1]}
    return {tokens[-1]}


def resolve(counts: Counter, forms: dict[str, set[str]], short: str) -> str | None:
    """The one full name (canonical) that ``short`` refers to, or None when ambiguous."""
    names = [name for name, fs in forms.items() if short in fs]
    if len(names) == 1:
        return names[0]
    if len(names) > 1:
        ranked = sorted(names, key=lambda n: -counts[n])
        if counts[ranked[0]] >= 2 * counts[ranked[1]]:
            return ranked[0]
    return None
