"""The entity knowledge in ``biennien/data/entity_*.txt`` (and outlets), loaded once into lookups.

Names are matched as sequences of tokens (see :func:`tokenize`), so spacing does not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from biennien.knowledge import lines
from biennien.text.normalize import normalize

# A word: letters and digits, joined by hyphens, dots, apostrophes or "&" ("Jong-un",
# "TP.HCM", "GD&ĐT"), with an optional trailing "+" ("Vietnam+"); anything else is one
# character.
TOKEN = re.compile(r"[^\W_]+(?:[-.'’&][^\W_]+)*\+?|\S")

# Files of names: file name -> entity type.
NAME_FILES = {
    "entity_countries.txt": "LOC",
    "entity_vn_provinces.txt": "LOC",
    "entity_places.txt": "LOC",
    "entity_vn_districts.txt": "LOC",
    "entity_people.txt": "PER",
    "entity_orgs.txt": "ORG",
    "entity_clubs.txt": "ORG",
    "outlets.txt": "ORG",
    "entity_misc.txt": "MISC",
}
# Outlet aliases that start with one of these words are descriptions, not names.
_OUTLET_PREFIXES = ("Báo ", "Hãng ", "Tin tức ", "Tri thức ")


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


@dataclass(frozen=True)
class Entry:
    tokens: tuple[str, ...]
    type: str
    canonical: str


def _strip_comment(line: str) -> str:
    cut = line.find("  #")
    return (line[:cut] if cut >= 0 else line).strip()


def _names(name: str) -> list[list[str]]:
    """The lines of a name file as [canonical, alias, ...], normalised."""
    out = []
    for line in lines(name):
        line = _strip_comment(line)
        if not line:
            continue
        parts = [normalize(p).strip() for p in line.split(" | ")]
        out.append([p for p in parts if p])
    return out


def _words(name: str) -> list[str]:
    return [normalize(_strip_comment(line)) for line in lines(name) if _strip_comment(line)]


def _usable_outlet_alias(alias: str) -> bool:
    if alias.startswith(_OUTLET_PREFIXES) or "." in alias.rstrip("+") or alias[:1].isdigit():
        return False
    # "Nhân dân", "Lao động Triều Tiên": a lower-case word after the first makes a phrase
    # that also occurs as ordinary words; the canonical name is kept all the same.
    return all(w[:1].isupper() or not w[:1].isalpha() for w in tokenize(alias)[1:])


class Gazetteer:
    """Every lookup the recogniser needs, built from the data files."""

    def __init__(self) -> None:
        # first token -> entries starting with it, longest first (case-sensitive names)
        self.names: dict[str, list[Entry]] = {}
        # casefolded alias -> (type, canonical), for canonical()
        self.aliases: dict[tuple[str, str], str] = {}
        self.folded_aliases: dict[tuple[str, str], str] = {}
        # short names of clubs that are also places ("Leeds"): surface -> the club's name
        self.club_places: dict[str, str] = {}
        for file, typ in NAME_FILES.items():
            for parts in _names(file):
                canonical = parts[0]
                for i, alias in enumerate(parts):
                    if file == "outlets.txt" and "/" in alias:
                        continue  # "TTXVN/Vietnam+": two outlets, each listed on its own
                    if file == "outlets.txt" and i > 0 and not _usable_outlet_alias(alias):
                        continue
                    if file == "entity_clubs.txt" and self._place(alias):
                        self.club_places[" ".join(tokenize(alias))] = canonical
                    self._add(alias, typ, canonical)
        for entries in self.names.values():
            entries.sort(key=lambda e: -len(e.tokens))
        # Cue phrases, casefolded token tuples -> kind
        self.cues: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for word in _words("entity_person_cues.txt"):
            self._add_cue(word, "TITLE")
        # "(previous word, honorific)" pairs in which the honorific is part of a compound
        self.not_honorific: set[tuple[str, str]] = set()
        for word in _words("entity_person_honorifics.txt"):
            if word.startswith("!"):
                toks = tuple(t.casefold() for t in tokenize(word[1:]))
                self.not_honorific.add(toks[-2:])
            else:
                self._add_cue(word, "HON")
        # "(previous word, cue)" pairs in which a place cue is part of another word ("yêu cầu")
        self.not_cue: set[tuple[str, str]] = set()
        for word in _words("entity_place_cues.txt"):
            if word.startswith("!"):
                toks = tuple(t.casefold() for t in tokenize(word[1:]))
                self.not_cue.add(toks[-2:])
            elif word.startswith("~"):
                self._add_cue(word[1:], "PLACE_WEAK")
            else:
                self._add_cue(word, "PLACE")
        for word in _words("entity_org_cues.txt"):
            if word.startswith("!"):
                toks = tuple(t.casefold() for t in tokenize(word[1:]))
                self.not_cue.add(toks[-2:])
            else:
                self._add_cue(word, "ORG_CUE")

        for entries in self.cues.values():
            entries.sort(key=lambda e: -len(e[0]))
        # Heads: casefolded token tuples -> kind (ORG, ORG_WEAK, LOC, MISC)
        self.heads: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.numbered: set[tuple[str, ...]] = set()
        self.posts: set[tuple[str, ...]] = set()
        for word in _words("entity_org_heads.txt"):
            if word[:1] in "=@":
                # "=Sư đoàn": named by a number; "@Đại sứ quán": takes "tại" and a place
                toks = tuple(t.casefold() for t in tokenize(word[1:]))
                (self.numbered if word[0] == "=" else self.posts).add(toks)
                self._add_head(word[1:], "ORG")
            elif word.startswith("~"):
                self._add_head(word[1:], "ORG_WEAK")
            else:
                self._add_head(word, "ORG")
        for word in _words("entity_place_heads.txt"):
            self._add_head(word, "LOC")
        for word in _words("entity_misc_heads.txt"):
            if word.startswith("~"):
                self._add_cue(word[1:], "MISC_CUE")  # "phim Titanic": a cue, in lower case
            else:
                self._add_head(word, "MISC")
        for entries in self.heads.values():
            entries.sort(key=lambda e: -len(e[0]))
        for entries in self.cues.values():
            entries.sort(key=lambda e: -len(e[0]))
        # Fields of organisation names, casefolded token tuples by first token
        self.fields: dict[str, list[tuple[str, ...]]] = {}
        # Fields marked "~" are also verbs ("~Hỗ trợ"): in lower case, alone after a name,
        # they are the verb ("Bộ Y tế hỗ trợ Hà Nội"), not a field of the name.
        self.verb_fields: set[tuple[str, ...]] = set()
        for word in _words("entity_org_words.txt"):
            if word.startswith("~"):
                word = word[1:]
                self.verb_fields.add(tuple(t.casefold() for t in tokenize(word)))
            toks = tuple(t.casefold() for t in tokenize(word))
            self.fields.setdefault(toks[0], []).append(toks)
        for entries in self.fields.values():
            entries.sort(key=lambda e: -len(e))
        # Lower-case fields that may follow a field inside a name ("Cục An toàn thực phẩm")
        self.tails: dict[str, list[tuple[str, ...]]] = {}
        for word in _words("entity_org_words.txt"):
            word = word.lstrip("~")
            if word[:1].islower():
                toks = tuple(tokenize(word))
                self.tails.setdefault(toks[0], []).append(toks)
        # Vietnamese words of two or three syllables, by first syllable. Empty for now: a list
        # must be written for the project, not counted from corpora it may not ship.
        self.words: dict[str, list[tuple[str, ...]]] = {}
        for entries in (*self.tails.values(), *self.words.values()):
            entries.sort(key=lambda e: -len(e))
        self.surnames = frozenset(_words("entity_surnames.txt"))
        self.common: set[str] = set()
        self.common_pairs: set[tuple[str, str]] = set()
        for word in _words("entity_common_words.txt"):
            toks = tuple(t.casefold() for t in tokenize(word))
            if len(toks) == 1:
                self.common.add(toks[0])
            else:
                self.common_pairs.add(toks[:2])
        self.not_names = frozenset(_words("entity_not_names.txt"))
        # Function words (linking's list): no part of a name's lower-case syllables
        self.stopwords = frozenset(
            w.casefold() for line in lines("stopwords.txt") for w in line.split()
        )
        self.english = frozenset(_words("entity_english_words.txt"))
        self.given_names = frozenset(_words("entity_given_names.txt"))
        self.countries = frozenset(p[0] for p in _names("entity_countries.txt"))
        # Districts, whose names may also be a person's ("Thanh Hà"): canonical names
        self.minor_places = frozenset(p[0] for p in _names("entity_vn_districts.txt"))
        # Words after a lone foreign name that show a person: first token -> token tuples
        self.person_verbs: dict[str, list[tuple[str, ...]]] = {}
        for word in _words("entity_person_verbs.txt"):
            toks = tuple(t.casefold() for t in tokenize(word))
            self.person_verbs.setdefault(toks[0], []).append(toks)
        self.sport_words = tuple(sorted({w.casefold() for w in _words("entity_sport_words.txt")}))
        # Names seen typed by a cue elsewhere: surface -> type (none shipped; see above).
        self.seen: dict[str, str] = {}

    def _place(self, alias: str) -> bool:
        """A place of that exact name is already known."""
        toks = tuple(tokenize(alias))
        return any(e.tokens == toks and e.type == "LOC" for e in self.names.get(toks[0], ()))

    def sport(self, text: str) -> bool:
        """The text is about sport: two or more different sport words occur in it."""
        low = text.casefold()
        hits = 0
        for word in self.sport_words:
            if word in low:
                hits += 1
                if hits == 2:
                    return True
        return False

    def _add(self, alias: str, typ: str, canonical: str) -> None:
        toks = tuple(tokenize(alias))
        if not toks:
            return
        entry = Entry(toks, typ, canonical)
        bucket = self.names.setdefault(toks[0], [])
        if all(e.tokens != toks for e in bucket):
            bucket.append(entry)
        key = " ".join(toks)
        self.aliases.setdefault((key, typ), canonical)
        self.folded_aliases.setdefault((key.casefold(), typ), canonical)

    def _add_cue(self, word: str, kind: str) -> None:
        toks = tuple(t.casefold() for t in tokenize(word))
        if toks:
            self.cues.setdefault(toks[0], []).append((toks, kind))

    def _add_head(self, word: str, kind: str) -> None:
        toks = tuple(t.casefold() for t in tokenize(word))
        if toks:
            self.heads.setdefault(toks[0], []).append((toks, kind))


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
