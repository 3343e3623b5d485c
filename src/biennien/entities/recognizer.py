"""Sentence-level recognition: runs of capitalised words, typed by gazetteers and context cues.

One left-to-right pass over the tokens of a sentence. At each capitalised token the longest
of these wins: a known name, a cue phrase (title, honorific, place word, outlet word), or a name
built from a head word ("Bộ Y tế", "Quảng trường Thiên An Môn"). What is left is a run of
capitalised words, typed by the cue before it or by its shape (family name first, foreign
words, abbreviation); runs that nothing types are returned as candidates for the document pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from biennien.entities.gazetteer import TOKEN, Entry, Gazetteer, gazetteer

# Punctuation after which the next word is capitalised as the start of a sentence.
_OPENERS = frozenset(".!?:;\"“”‘’'«»(…[-–—*•")
_TEAM = re.compile(r"U\d\d|ĐT|ĐTQG|Olympic")
_INITIALS = re.compile(r"(?:[A-ZĐ]\.){1,4}[A-ZĐ]\.?")
# Particles inside foreign names ("bin Salman", "von der Leyen", "da Silva").
_PARTICLES = frozenset("bin al von van der de da dos del di du le".split())
_DIRECTIONS = frozenset(["Đông", "Tây", "Nam", "Bắc", "Trung", "Tây Bắc", "Đông Bắc"])
_CONNECTORS = frozenset(["và", "&", ",", "-", "–"])
_ORG_SUFFIXES = frozenset(
    "FC CF United City Group Inc Inc. Corp Corporation Co Ltd Limited Holdings Airlines Airways "
    "Air Bank Motors Electronics Energy Capital Partners Technologies Tech Labs Studio Studios "
    "Entertainment Media News Times Post Journal Press Agency Institute University College "
    "School Hospital Foundation Association Council Committee Party Club Team Racing Games "
    "Pharma Pharmaceuticals Securities Fund Insurance Systems Software Network Networks "
    "Company Corp. Ventures Investment Investments Industries AG SE SA Plc PLC GmbH "
    "Management Consulting Solutions Logistics Today Magazine Review Report Herald Tribune "
    "Channel TV Radio Daily Weekly Online Society Organization Organisation Federation "
    "Alliance Commission Authority Trust Bureau Ministry Department".split()
)
# Endings of one-word names: banks, web sites; regions and cities.
_ORG_ENDINGS = ("bank", "corp", "soft", "tech")
_DOMAINS = frozenset("com net org vn io co uk".split())
_LOC_ENDINGS = ("stan", "burg", "bourg", "ville", "grad", "shire")
_LOC_SUFFIXES = frozenset(
    "Island Islands Bay Beach Mountain Mountains River Lake Valley Street Avenue Square "
    "Province State County Republic Kingdom Sea Ocean Canyon Strait Peninsula Desert".split()
)
# A Vietnamese syllable (lower-cased): onset, nucleus, coda. Foreign words fail it.
_V = "aăâeêioôơuưyáắấéếíóốớúứýàằầèềìòồờùừỳảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
# Unaccented Vietnamese syllables that may follow an abbreviation they were run into.
_GLUE_ASCII = frozenset("la va co cho con thi xet tren tai tu ra vao".split())
_ROMAN = re.compile(r"[IVX]{1,4}")
# Family names with a capital inside ("McTominay", "MacArthur", "O'Neill", "DiCaprio").
_SCORE = re.compile(r"\d+[-–:/]\d+")
_INITIAL_NAME = re.compile(r"[A-ZĐ]\.[A-ZĐ][^\W\d_A-Z]+")
_MC = re.compile(r"(?:Mc|Mac|O'|O’|Di|De|La|Le)[A-Z][a-z]")
# Words after a lone foreign name that make it a source ("Newsweek đưa tin").
_REPORTS = (("đưa", "tin"), ("dẫn", "lời"), ("trích", "dẫn"), ("đăng", "tải", "bài"))
_MIXED = re.compile(r"[^\W\d_]\d|\d[^\W\d_]|-\d")
_VN_SYLLABLE = re.compile(
    rf"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?[{_V}]{{1,3}}"
    r"(?:ng|nh|ch|[cmnpt])?"
)


@dataclass
class Piece:
    """A recognised span over tokens ``[i, j)``."""

    i: int
    j: int
    type: str
    name: str | None  # canonical from the gazetteer, or None (the text itself)
    strong: bool = True  # typed by knowledge or a cue, not by shape alone
    source: str = "known"  # what typed it: known, cue, head, shape, weak cue, document


@dataclass
class Candidate:
    """A capitalised run that nothing typed; the document pass may type it."""

    i: int
    j: int
    initial: bool  # at the start of a sentence, where any word has a capital
    common: bool = False  # an ordinary word too ("Nhân"): only a person's short name may type it


@lru_cache(maxsize=1 << 16)
def is_vietnamese(word: str) -> bool:
    return all(_VN_SYLLABLE.fullmatch(part) for part in word.lower().split("-"))


@lru_cache(maxsize=1 << 16)
def glue_point(t: str) -> int:
    """Where two words that lost the space between them meet ("vớiAFP", "TP.HCMxét",
    "Minhmà"), or 0. Only splits that leave Vietnamese syllables on the lower-case side."""
    if len(t) < 4 or t.islower() or t.isupper():
        return 0
    first = t[0]
    if first.islower():
        # "vớiAFP", "củaTrung": a lower-case syllable, then a capitalised word
        for k in range(2, min(len(t) - 1, 8)):
            if t[k].isupper():
                a = t[:k]
                return k if a.isalpha() and is_vietnamese(a) and len(t) - k >= 2 else 0
        return 0
    if not first.isupper():
        return 0
    # "TP.HCMxét", "THPTchuyên": an abbreviation, then a lower-case syllable
    k = len(t)
    while k and t[k - 1].islower():
        k -= 1
    rest = t[k:]
    if k >= 2 and len(rest) >= 2 and t[k - 2 : k].isupper() and t[k - 2 : k].isalpha():
        return k if is_vietnamese(rest) and not rest.isascii() or rest in _GLUE_ASCII else 0
    # "Minhmà", "Giangcó": a capitalised syllable, then a lower-case one (a diacritic shows
    # the text is Vietnamese; foreign names are left alone)
    if t.isascii() or not t[1:].islower() or is_vietnamese(t):
        return 0
    for k in range(len(t) - 2, 1, -1):
        if is_vietnamese(t[:k]) and is_vietnamese(t[k:]):
            return k
    return 0


class SentenceParser:
    """Recognises the names in one sentence; see the module docstring."""

    def __init__(self, text: str, gaz: Gazetteer | None = None, sport: bool = False) -> None:
        self.g = gaz or gazetteer()
        self.text = text
        self.sport = sport  # the article is about sport
        self.spans: list[tuple[int, int]] = []
        self.toks: list[str] = []
        matches = list(TOKEN.finditer(text))
        toks = list(map(re.Match.group, matches))
        if ("-" in text and any("-" in t and t[0] != "-" for t in toks)) or any(
            map(glue_point, toks)
        ):
            toks, spans = self._tokens(text)  # hyphens to split, words run together to cut
        else:
            spans = list(map(re.Match.span, matches))
        self.toks, self.spans = toks, spans
        self._initials_dot(text)
        self.folded = list(map(str.casefold, self.toks))
        self.n = len(self.toks)
        self.pieces: list[Piece] = []
        self.candidates: list[Candidate] = []

    def _tokens(self, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        toks: list[str] = []
        spans: list[tuple[int, int]] = []
        self.toks, self.spans = toks, spans
        for m in TOKEN.finditer(text):
            t = m.group()
            if "-" in t and t[0] != "-":
                self._split_hyphen(t, m.start())
            elif len(t) >= 4 and not t.islower() and not t.isupper() and (cut := glue_point(t)):
                a = m.start() + cut
                toks += [t[:cut], t[cut:]]
                spans += [(m.start(), a), (a, m.end())]
            else:
                toks.append(t)
                spans.append(m.span())
        return toks, spans

    def _initials_dot(self, text: str) -> None:
        """A person's initials keep their final dot ("anh N.V.K. sinh năm", "chị H. cho biết")
        when the sentence goes on after it in lower case, a bracket or a comma."""
        toks, spans = self.toks, self.spans
        k = 0
        while k + 2 < len(toks):
            if toks[k + 1] != ".":  # only a token before a "." can take it
                try:
                    k = toks.index(".", k + 2) - 1
                except ValueError:
                    return
                if k + 2 >= len(toks):
                    return
            t = toks[k]
            if (
                toks[k + 1] == "."
                and spans[k][1] == spans[k + 1][0]
                and (
                    toks[k + 2][0].islower()
                    or toks[k + 2][0].isdigit()
                    or toks[k + 2] in "(,"
                    or len(t) == 1
                    and toks[k + 2][0].isupper()
                    and not is_vietnamese(toks[k + 2])
                )
                and (
                    _INITIALS.fullmatch(t)
                    or len(t) == 1
                    and t.isupper()
                    and k
                    and toks[k - 1].casefold() in _HONORIFIC_WORDS
                )
            ):
                toks[k] = t + "."
                spans[k] = (spans[k][0], spans[k + 1][1])
                del toks[k + 1], spans[k + 1]
            k += 1

    def _split_hyphen(self, t: str, start: int) -> None:
        """Split "động-Thương" (two Vietnamese words run together) but not "Jong-un"."""
        parts = t.split("-")
        if len(parts) == 2 and parts[1][:1].isupper() and all(map(is_vietnamese, parts)):
            a = len(parts[0])
            self.toks += [parts[0], "-", parts[1]]
            self.spans += [
                (start, start + a),
                (start + a, start + a + 1),
                (start + a + 1, start + len(t)),
            ]
        else:
            self.toks.append(t)
            self.spans.append((start, start + len(t)))

    # -- token tests ------------------------------------------------------------------------

    def cap(self, k: int) -> bool:
        return k < self.n and self.toks[k][0].isupper()

    def lower(self, k: int) -> bool:
        return k < self.n and self.toks[k][0].islower()

    def acronym(self, k: int) -> bool:
        """An abbreviation ("KCNA", "GD&ĐT"), not a word in capitals ("GIAO")."""
        t = self.toks[k]
        letters = [c for c in t if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        if len(letters) < 2 or upper < len(letters) - (len(letters) >= 4):
            return False
        return not is_vietnamese(t) or len(letters) == 2

    # -- lookups ----------------------------------------------------------------------------

    def gaz(self, k: int) -> tuple[Entry, int] | None:
        bucket = self.g.names.get(self.toks[k])
        if not bucket:
            return None
        toks, n = self.toks, self.n
        for e in bucket:
            m = len(e.tokens)
            if k + m <= n and (m == 1 or tuple(toks[k : k + m]) == e.tokens):
                return e, k + m
        return None

    def _phrase(self, table: dict, k: int) -> tuple[int, str] | None:
        bucket = table.get(self.folded[k])
        if not bucket:
            return None
        f, n = self.folded, self.n
        for toks, kind in bucket:
            m = len(toks)
            if k + m <= n and (m == 1 or tuple(f[k : k + m]) == toks):
                return k + m, kind
        return None

    def cue(self, k: int) -> tuple[int, str] | None:
        found = None
        bucket = self.g.cues.get(self.folded[k])
        if bucket:  # (_phrase, written out: this runs for most words)
            f, n = self.folded, self.n
            for toks, kind in bucket:
                m = len(toks)
                if k + m <= n and (m == 1 or tuple(f[k : k + m]) == toks):
                    found = k + m, kind
                    break
        if found and k:
            pair = (self.folded[k - 1], self.folded[k])
            if found[1] == "HON" and pair in self.g.not_honorific:
                return None
            if found[1] in _CUES_WITH_COMPOUNDS and pair in self.g.not_cue:
                return None  # "yêu cầu": not the bridge "cầu"; "thị trường": not a school
        elif not found and "." in self.toks[k] and self.folded[k].split(".")[0] in _DEGREES:
            if all(part in _DEGREES for part in self.folded[k].split(".")):
                return k + 1, "TITLE"  # "PGS.TS.BS", "ThS.BSCKII": degrees run together
        return found

    def head(self, k: int) -> tuple[int, str] | None:
        return self._phrase(self.g.heads, k)

    def _field_end(self, k: int) -> int | None:
        """End of the longest known field of an organisation name starting at k, or None.
        The words after the first are in lower case ("Giáo dục") or each capitalised
        ("Giao thông Vận tải"); never a following name."""
        f, n = self.folded, self.n
        for toks in self.g.fields.get(f[k], ()):
            m = len(toks)
            if k + m <= n and tuple(f[k : k + m]) == toks:
                return k + m
        return None

    def field(self, k: int) -> int | None:
        return self._field_end(k) if self.cap(k) else None

    def brandlike(self, k: int) -> bool:
        """A word that is no Vietnamese syllable: an abbreviation or a brand ("SHB")."""
        t = self.toks[k]
        return self.acronym(k) or not is_vietnamese(t)

    def list_context(self, k: int) -> str | None:
        """After "tỉnh A, B và C" or "ông A, B": the next unknown run is of the same kind."""
        last = self.pieces[-1] if self.pieces else None
        if last is None or last.j != k or not self.cap(k + 1):
            return None
        if last.source == "weak cue" and last.type == "LOC":
            return "PLACE_LIST_WEAK"  # "đến Mù Cang Chải, Tú Lệ"
        if last.source not in ("cue", "list"):
            return None
        return {"LOC": "PLACE_LIST", "PER": "PER_LIST"}.get(last.type)

    def attribution(self, i: int) -> bool:
        """The run at i names a source: "Theo X" ending a sentence, "Ảnh: X", "Nguồn: X"."""
        f = self.folded
        if i >= 2 and f[i - 1] in (":", "/") and f[i - 2] in ("ảnh", "nguồn", "theo"):
            return True
        if i >= 1 and f[i - 1] == "/":
            return True
        if i >= 1 and f[i - 1] == "theo" and (i + 1 >= self.n or self.toks[i + 1] in ".)"):
            return True
        # "Theo Futurism, ...": a lone foreign word after "Theo" opening the sentence
        return i == 1 and f[0] == "theo" and i + 1 < self.n and self.toks[i + 1] == ","

    def language(self, i: int) -> bool:
        """The word or words before i name a language: "tiếng Anh", "Ngôn ngữ Anh"."""
        f = self.folded
        for cue in _LANGUAGE_CUES:
            m = len(cue)
            if i >= m and tuple(f[i - m : i]) == cue:
                return not (cue == ("tiếng",) and i >= 2 and f[i - 2] == "nổi")
        return False

    def product_end(self, k: int) -> int:
        """End of a model name after a brand at k ("Band 6", "C25", "Mi 11 Lite"), or k."""
        toks, n = self.toks, self.n
        j = k
        while j < n and toks[j][0].isupper() and not _MIXED.search(toks[j]) and j < k + 3:
            found = self.gaz(j)
            if found and found[0].type == "MISC":
                return self.product_end(found[1]) if found[1] < n else found[1]  # "Galaxy"
            if found or self.title_at(j) or toks[j] in _ORG_SUFFIXES:
                return k
            j += 1
        if j < n and _SCORE.fullmatch(toks[j]):
            return k  # "thắng đội Nam Định 2-0": a score, not a model
        if j < n and (toks[j].isdigit() and len(toks[j]) <= 4 or _MIXED.search(toks[j])):
            if j == k and toks[j].isdigit():
                return k  # "Viettel 2": a number alone after a brand is no model
            j += 1
            while j < n and (toks[j][0].isupper() or _MIXED.search(toks[j])) and j < k + 6:
                if self.gaz(j) or self.title_at(j):
                    break
                j += 1  # "Mi 11 Lite", "S21 Ultra"
            return j
        return k

    def apposition(self, j: int) -> str | None:
        """What a comma after the run at j says it is: "X, một ứng dụng" (ORG), "X, thủ phủ
        của" (LOC); or None."""
        f, n = self.folded, self.n
        if j + 1 >= n or f[j] not in (",", "(", "-", "–"):
            return None
        k = j + 1
        if f[k] in _APPOSITION:
            k += 1
            if k < n and f[k] == "một":
                k += 1
        if k >= n or self.cap(k):
            return None
        c = self.cue(k)
        if c and c[1] == "ORG_CUE" or f[k] in _ORG_NOUNS or tuple(f[k : k + 2]) in _ORG_NOUNS:
            return "ORG"
        if c and c[1] == "PLACE":
            return "LOC"
        return None

    def unit_name(self, i: int) -> bool:
        """From i, two or three capitalised Vietnamese syllables: the name of a commune or a
        ward even where its first word is also a country ("Mỹ Đức", "Anh Sơn")."""
        j = self.run_end(i)
        return 2 <= j - i <= 3 and all(is_vietnamese(t) for t in self.toks[i:j])

    def unit_number(self, j: int) -> int:
        """End of a unit's name at j, taking a number that belongs to it ("Mỹ Đình 2")."""
        toks, n = self.toks, self.n
        if j < n and toks[j].isdigit() and len(toks[j]) <= 2:
            if j + 1 >= n or not (
                toks[j + 1] in _COUNTED
                or toks[j + 1] in "/.,:-"
                and (j + 2 < n and toks[j + 2][0].isdigit())
            ):
                return j + 1
        return j

    def address(self, i: int) -> bool:
        """A house number comes before i: "số 97 Trần Bình", "ngõ 12/3 Lê Lợi"."""
        k = i - 1
        toks = self.toks
        while k >= 0 and (toks[k][0].isdigit() or toks[k] in "/-"):
            k -= 1
        return k < i - 1 and k >= 0 and self.folded[k] in _ADDRESS_WORDS

    def player(self, i: int, j: int, initial: bool) -> bool:
        """The run i..j reads as a Vietnamese player's short name: two or three syllables,
        none of them a known name, a field or an abbreviation."""
        if not 2 <= j - i <= 3 or initial and self.folded[i] in self.g.common:
            return False
        if self.gaz(i):
            return False
        for k in range(i, j):
            t = self.toks[k]
            if not is_vietnamese(t) or t.isupper() or self.field(k):
                return False
        return not all(t.casefold() in self.g.common for t in self.toks[i:j])

    def initial_at(self, i: int) -> bool:
        """Token i opens the sentence (or follows an opening quote or bracket)."""
        return i == 0 or self.toks[i - 1] in _OPENERS

    def reports(self, j: int) -> bool:
        """The words at j say that what comes before reports news ("đưa tin")."""
        f = self.folded
        return any(tuple(f[j : j + len(w)]) == w for w in _REPORTS)

    def person_evidence(self, i: int, j: int, sport: bool = True) -> bool:
        """The unknown foreign run i..j names a person: a first name, a person's verb or an
        age after it, a person before it in a list, or (``sport``) an article about sport."""
        g = self.g
        if self.toks[i] in g.given_names or sport and self.sport:
            return True
        if j == i + 1 and self.toks[i] in g.surnames and not is_vietnamese(self.toks[i]):
            return True  # "Xiao", "Park": a family name alone
        f, n = self.folded, self.n
        for toks in g.person_verbs.get(f[j], ()) if j < n else ():
            if tuple(f[j : j + len(toks)]) == toks:
                return True
        if j + 3 < n and f[j] in "(," and f[j + 1].isdigit() and f[j + 2] == "tuổi":
            return True  # "Linda (45 tuổi)"
        last = self.pieces[-1] if self.pieces else None
        return bool(last and last.type == "PER" and last.j == i - 1 and f[i - 1] in (",", "và"))

    def credit(self, i: int, j: int) -> bool:
        """The run i..j is a photographer's name: "Ảnh: Toàn Vũ", two to four Vietnamese
        syllables ending the credit."""
        f = self.folded
        if i < 2 or f[i - 1] != ":" or f[i - 2] != "ảnh" or not 2 <= j - i <= 4:
            return False
        return (j >= self.n or self.toks[j] in ").") and all(map(is_vietnamese, self.toks[i:j]))

    def place_cue(self, k: int, end: int) -> bool:
        return tuple(self.folded[k:end]) in _ORG_PLACE_CUES

    def word_end(self, k: int) -> int | None:
        """End of the Vietnamese word of two or three syllables that starts at k, whose
        syllables after the first are in lower case ("Đại diện", "Khảo cổ học")."""
        bucket = self.g.words.get(self.folded[k])
        if not bucket or not self.lower(k + 1):
            return None
        toks, n = self.toks, self.n
        for rest in bucket:
            m = len(rest)
            if k + 1 + m <= n and tuple(toks[k + 1 : k + 1 + m]) == rest:
                return k + 1 + m
        return None

    def tail_end(self, k: int) -> int | None:
        """End of a lower-case field that continues a name at k ("thực phẩm")."""
        bucket = self.g.tails.get(self.toks[k]) if k < self.n else None
        if not bucket:
            return None
        toks, n = self.toks, self.n
        for entry in bucket:
            m = len(entry)
            if k + m <= n and tuple(toks[k : k + m]) == entry:
                return k + m
        return None

    def title_at(self, k: int) -> bool:
        c = self.cue(k)
        return c is not None and c[1] == "TITLE"

    def looks_person(self, k: int) -> bool:
        """Token k starts what reads as a person's name (after a title)."""
        if not self.cap(k):
            return False
        found = self.gaz(k)
        if found:
            return found[0].type == "PER"
        if self.field(k) or self.head(k):
            return False
        t = self.toks[k]
        if t in self.g.surnames and self.cap(k + 1):
            return True
        if t in self.g.english or t in _ORG_SUFFIXES:
            return False  # "Thai Group", "Samsung Electronics": part of the organisation
        return not is_vietnamese(t) and not self.acronym(k)

    # -- names built from heads ---------------------------------------------------------------

    def parse_org(self, k: int, weak: bool, ctx: str | None, start: int = -1) -> int | None:
        """End of an organisation name whose head (from ``start``) ends at k, or None."""
        comps = 0
        non_loc = False
        last_field = False
        last_loc = False
        n = self.n
        head = tuple(self.folded[start:k]) if start >= 0 else ()
        if head in self.g.numbered and k < n and self.toks[k].isdigit() and len(self.toks[k]) <= 3:
            k, comps, non_loc = k + 1, 1, True  # "Sư đoàn 10", "Bệnh viện 108"
        else:
            end = self.lower_field(k)
            if end and self.cap(end):
                k = end  # "Cục thuế Thượng Hải", "Công ty TNHH xăng dầu Khánh Quỳnh"
            elif end and (chain := self.lower_chain(k)):
                k, non_loc = chain, True  # "Mặt trận dân tộc giải phóng miền Nam"
                comps = 1 if chain > end or not self.cue(chain) else 0
        while k < n:
            c = self.cue(k)
            if c and c[1] == "PLACE" and self.cap(c[0]) and self.place_cue(k, c[0]):
                # "UBND tỉnh Quảng Nam", "Công an TP Hà Nội": the place is part of the name
                k = self.place_name(c[0], ctx)
                comps += 1
                last_field = False
                continue
            if self.cap(k):
                if c and c[1] == "PLACE" and c[0] == k + 1 and not self.cap(k + 1):
                    break  # "UBND Tỉnh,": the generic word, no name
                if ctx == "TITLE" and comps and self.looks_person(k):
                    break
                if comps and self.state_head(head) and self.person_at(k):
                    break  # "Tổng cục ... Nguyễn Hoàng Linh": state bodies bear no one's name
                end = self.field(k)
                if end:
                    k, comps, non_loc, last_field = end, comps + 1, True, True
                    continue
                found = self.gaz(k)
                if found:
                    entry, end = found
                    if entry.type == "PER" and ctx == "TITLE":
                        break
                    if entry.type != "LOC":
                        non_loc = True
                    k, comps, last_field = end, comps + 1, False
                    last_loc = entry.type == "LOC"
                    continue
                if self.title_at(k):
                    break
                h = self.head(k)
                if h and h[1] in ("ORG", "ORG_WEAK"):
                    if comps:
                        break
                    k = h[0]
                    continue
                if ctx == "TITLE" and self.looks_person(k):
                    break
                end = self.word_end(k)
                if end:  # "Đại diện", "Cán sự": a word whose first syllable has the capital
                    k, comps, non_loc, last_field = end, comps + 1, True, True
                    continue
                k, comps, non_loc, last_field = k + 1, comps + 1, True, False
                if self.bridge(k):
                    k += 1  # "Hội khoa học Gặp gỡ Việt Nam": a word's second syllable
                continue
            if last_field:
                end = self.tail_end(k) or self.lower_chain(k, True)
                if end:
                    k = end
                    continue
            if self.toks[k].isdigit() and comps and (not last_field or self.closes(k + 1)):
                k += 1  # "Công ty Cổ phần LILAMA 10", "Sông Đà 9", "Bệnh viện Nhi Đồng 1,"
                continue
            if self.toks[k] in _CONNECTORS and last_field and self.field(k + 1):
                if not self.head(k + 1):  # "Tổng cục X và Thanh tra Bộ Y": two bodies
                    k += 1  # "Bộ Văn hóa, Thể thao và Du lịch" but not "Trường ..., Đại học"
                    continue
            if self.toks[k] in "-–" and last_loc and self.cap(k + 1):
                found = self.gaz(k + 1)
                if found and found[0].type == "LOC" or self.run_end(k + 1) > k + 2:
                    k += 1  # "Bệnh viện Hữu nghị Việt Nam - Cu Ba"
                    last_loc = False
                    continue
            if (
                self.folded[k] == "tại"
                and head in self.g.posts
                and comps
                and self.cap(k + 1)
                and (found := self.gaz(k + 1))
                and found[0].type == "LOC"
            ):
                k = found[1]  # "Đại sứ quán Việt Nam tại Ấn Độ"
                break
            break
        if not comps or (weak and not non_loc):
            return None
        return k

    def lone_name(self, k: int, end: int) -> tuple[int, str | None] | None:
        """After a weak head ending at k, the name up to end is one abbreviation or one known
        organisation: (its start, canonical name), or None."""
        if end == k + 1 and self.acronym(k) and self.toks[k] not in self.g.not_names:
            return k, None
        found = self.gaz(k)
        if found and found[1] == end and found[0].type == "ORG":
            return k, found[0].canonical
        return None

    def bridge(self, k: int) -> bool:
        """Token k is the lower-case second syllable of a word whose first syllable, before
        it, has the capital, and the name goes on after it ("Gặp gỡ Việt Nam")."""
        if k + 1 >= self.n or not self.lower(k) or not self.cap(k + 1):
            return False
        t = self.folded[k]
        if t in self.g.stopwords or not is_vietnamese(t) or not is_vietnamese(self.toks[k - 1]):
            return False
        if self.title_at(k + 1) or self.head(k + 1) or self.person_at(k + 1):
            return False
        found = self.gaz(k + 1)
        return found is None or found[0].type == "LOC"

    @staticmethod
    def state_head(head: tuple[str, ...]) -> bool:
        return any(head[: len(h)] == h for h in _STATE_HEADS)

    def person_at(self, k: int) -> bool:
        """A Vietnamese person's full name starts at k: a family name and two more syllables,
        none of them a field of an organisation's name."""
        toks = self.toks
        if toks[k] not in self.g.surnames or k + 2 >= self.n:
            return False
        if not (self.cap(k + 1) and self.cap(k + 2)) or self.field(k + 1) or self.gaz(k):
            return False
        return all(is_vietnamese(t) for t in toks[k : k + 3])

    def lower_chain(self, k: int, after_field: bool = False) -> int | None:
        """End of a run of fields in lower case from k that goes on a name written in
        sentence case ("... Phần mềm và dịch vụ công nghệ thông tin Việt Nam", "Cục Hộ tịch,
        quốc tịch và chứng thực"), or None. The run must end at a known name, or contain a
        "và" or a comma and end at punctuation, so that verbs after a name ("Bộ Y tế hỗ trợ")
        are not taken for its fields."""
        n = self.n
        j, joined = k, False
        if after_field and k + 1 < n and self.toks[k] in _CONNECTORS and self.lower(k + 1):
            j, joined = k + 1, True  # "Phần mềm và dịch vụ ..."
        start = j
        while j < n and self.lower(j):
            end = self._field_end(j) or self.tail_end(j)
            if not end:
                break
            j = end
            if j + 1 < n and self.toks[j] in _CONNECTORS and self.lower(j + 1):
                if self._field_end(j + 1) or self.tail_end(j + 1):
                    j, joined = j + 1, True
        if j == start:
            return None
        if not joined and tuple(self.folded[start:j]) in self.g.verb_fields:
            return None  # "Bộ Y tế hỗ trợ Hà Nội": a verb, not a field of the name
        if j >= n or self.toks[j] in _CLOSERS:
            return j if joined else None
        c = self.cue(j)
        if c and c[1] == "PLACE" and self.cap(c[0]) and self.place_cue(j, c[0]):
            return j  # "Trung tâm kiểm soát bệnh tật tỉnh Yên Bái": the place follows
        found = self.gaz(j)
        if found and found[0].type in ("LOC", "ORG", "MISC"):
            return found[1]  # "... miền Nam", "... Việt Nam"
        return None

    def closes(self, k: int) -> bool:
        """Token k ends a phrase: punctuation, the end, or a capital (a new name)."""
        return k >= self.n or not self.toks[k][0].isalnum() or self.cap(k)

    def lower_field(self, k: int) -> int | None:
        """End of a field in lower case right after a head ("Cục thuế", "Công ty TNHH xăng
        dầu"), or None."""
        return self._field_end(k) if self.lower(k) else None

    def place_name(self, k: int, ctx: str | None = None) -> int:
        """End of the place name that starts at capitalised token k."""
        found = self.gaz(k)
        if found and found[0].type in ("LOC", "ORG"):
            return found[1]
        j = k + 1
        while (
            self.cap(j) and not self.title_at(j) and not (ctx == "TITLE" and self.looks_person(j))
        ):
            j += 1
        return j

    def parse_named(self, k: int, kind: str) -> int | None:
        """End of a place (LOC) or other (MISC) name whose head ends at k, or None."""
        comps = 0
        while self.cap(k):
            if self.title_at(k):
                break
            end = self.field(k) or self.word_end(k)
            if end:
                k, comps = end, comps + 1
                continue
            found = self.gaz(k)
            if found:
                if kind == "MISC" and found[0].type != "MISC":
                    break
                k, comps = found[1], comps + 1
                continue
            k, comps = k + 1, comps + 1
        return k if comps else None

    # -- the pass -----------------------------------------------------------------------------

    def run_end(self, k: int) -> int:
        """End of the run of capitalised words starting at k (stopping where a known phrase
        or another name begins)."""
        j = k + 1
        toks, n = self.toks, self.n
        while j < n:
            t = toks[j]
            if t[0].isupper():
                if self.title_at(j):
                    break
                h = self.head(j)
                if h and h[1] != "MISC" and self.cap(h[0]):
                    if not (j == k + 1 and toks[k] in self.g.surnames and is_vietnamese(t)):
                        break  # but "Cát Hội Tiệp" is one name
                found = self.gaz(j)
                if found and len(found[0].tokens) > 1 and found[0].type != "PER":
                    if not (j == k + 1 and toks[k] in self.g.surnames):
                        if not all(self.brandlike(x) for x in range(k, j)):
                            break  # but "Nguyễn Trường Sơn" is one name
                        return found[1]  # "Becamex Bình Dương", "VNPT Hà Nội": a brand
                j += 1
            elif (
                t in _PARTICLES and j + 1 < n and toks[j + 1][0].isupper() and toks[j - 1].isascii()
            ):
                j += 1
            else:
                break
        return j

    def before_place(self, j: int) -> bool:
        """A known place follows after a comma or "thuộc": "Lý Nhân, Hà Nam"."""
        if j + 1 >= self.n or self.toks[j] not in (",", "thuộc") or not self.cap(j + 1):
            return False
        found = self.gaz(j + 1)
        return found is not None and found[0].type == "LOC"

    def bracketed(self, i: int, j: int) -> str | None:
        """Type of the name that the run at i..j abbreviates in brackets right after it:
        "Tổng cục ... (Quảng Điện)"."""
        if i < 2 or j >= self.n or self.toks[i - 1] != "(" or self.toks[j] != ")":
            return None
        last = self.pieces[-1] if self.pieces else None
        if last and last.j == i - 1 and last.type in ("ORG", "LOC") and last.j - last.i > j - i:
            return last.type
        return None

    def emit(
        self,
        i: int,
        j: int,
        typ: str,
        name: str | None = None,
        strong: bool = True,
        source: str = "known",
    ) -> None:
        if j > i:
            self.pieces.append(Piece(i, j, typ, name, strong, source))

    def classify(self, i: int, j: int) -> tuple[str, bool, str] | None:
        """Type of an unknown run by its shape: (type, strong, rule) or None."""
        toks = self.toks[i:j]
        g = self.g
        if any(_MIXED.search(t) for t in toks):
            return None  # "Galaxy Note20", "CV22 Osprey", "LGM-30": a model, not a name
        if len(toks) >= 3 and toks[0] in g.surnames and all(map(is_vietnamese, toks)):
            if len(toks) <= 4 and toks[0] not in g.not_names:
                return "PER", True, "surname"  # "Quan Hiểu Đông": ordinary syllables too
        if len(toks) == 1 and toks[0] in g.given_names and not self.initial_at(i):
            return "PER", False, "given name"  # "hẹn hò với Leo": a capital mid-sentence
        if all(t in g.not_names or t.casefold() in g.common for t in toks):
            return None
        if len(toks) == 1:
            t = toks[0]
            if len(t) == 1 or _ROMAN.fullmatch(t):
                return None  # "chương V", "Phần II"
            low = t.casefold()
            if low.endswith(_ORG_ENDINGS) or "." in t and low.rsplit(".", 1)[1] in _DOMAINS:
                return "ORG", False, "ending"  # "Eximbank", "Kitco.com"
            if any(c.isupper() for c in t[1:]) and any(c.islower() for c in t[1:]):
                if "." not in t and t not in g.not_names and not _MC.match(t) and "-" not in t:
                    return "ORG", False, "brand"  # "VinID", "TikTok": a brand
            if _INITIALS.fullmatch(t):
                return "PER", False, "initials"  # "N.T.H.N": a person named by initials
            if _INITIAL_NAME.fullmatch(t):
                return "PER", False, "initial+name"  # "C.Ronaldo", "T.Hoàng"
            if self.acronym(i) and t not in g.not_names and not any(c.isdigit() for c in t):
                if i and self.toks[i - 1][0].isdigit():
                    return None  # a unit after a number: "128 GB", "12 MP"
                if i and self.toks[i - 1] in "/-":
                    return None  # a document number: "281/QĐ-TTg"
                if i >= 2 and self.toks[i - 1] == "(" and self.lower(i - 2):
                    return None  # the abbreviation of a common noun: "trạm vũ trụ (ISS)"
                if i >= 2 and self.toks[i - 1] == "(" and self.cap(i - 2):
                    last = self.pieces[-1] if self.pieces else None
                    if not (last and last.j == i - 1):
                        return None  # "Common Core State Standards (CCSS)": of a thing untyped
                return "ORG", False, "acronym"
            if not is_vietnamese(t) and t.isalpha() and t not in g.not_names:
                if t in g.english:
                    return None
                if self.attribution(i):
                    return "ORG", False, "source"  # "Theo Uknews", "Ảnh: Ruptly": a source
                if low.endswith(_LOC_ENDINGS):
                    return "LOC", False, "ending"  # "Balochistan", "Edinburgh"
                if self.reports(j):
                    return "ORG", False, "reports"  # "Newsweek đưa tin": an outlet
                if _MC.match(t) or self.person_evidence(i, j):
                    return "PER", False, "foreign1"  # "Pulisic ghi bàn", "Linda cho biết"
                return None  # "Titanic", "Coteccons", "Apophis": as often a thing as a person
            return None
        if toks[0] in g.surnames and len(toks) <= 4 and all(is_vietnamese(t) for t in toks):
            return "PER", True, "surname"
        if toks[0] in g.given_names and len(toks) <= 3 and toks[-1] not in _ORG_SUFFIXES:
            if not any(self.acronym(k) for k in range(i, j)):
                return "PER", True, "given name"  # "James Cameron", "Carl Woods"
        found = self.gaz(j - 1) if j - 1 > i else None
        if found is None and j - 2 > i:
            found = self.gaz(j - 2)
        if (
            found
            and found[1] == j
            and found[0].type == "LOC"
            and self.brandlike(i)
            and toks[0] not in g.not_names
        ):
            return "ORG", False, "brand+place"
        if "&" in toks or toks[-1] in _ORG_SUFFIXES or any(self.acronym(k) for k in range(i, j)):
            return "ORG", False, "suffix"
        if any(t in g.english for t in toks):
            return None  # "Big Data", "Speech Synthesis": a thing, not a person
        if toks[-1] in _LOC_SUFFIXES:
            return "LOC", False, "suffix"
        if all(self.acronym(k) for k in range(i, j)):
            return "ORG", False, "acronyms"
        if any(not is_vietnamese(t) for t in toks) and len(toks) <= 4:
            return "PER", False, "foreign"
        return None

    def parse(self) -> SentenceParser:
        toks, n = self.toks, self.n
        names, cues, folded = self.g.names, self.g.cues, self.folded
        if sum(map(str.isupper, toks)) >= 3:  # (fewer words in capitals: no such line)
            words = [t for t in toks if t[0].isalpha()]
            if len(words) >= 3 and sum(map(str.isupper, words)) >= 0.8 * len(words):
                return self  # a line in capitals ("GÓP Ý GIAO DIỆN"): no case to go by
        i = 0
        ctx: str | None = None
        initial = True
        while i < n:
            t = toks[i]
            c0 = t[0]
            if not c0.isalpha():
                if not c0.isdigit():
                    initial = t in _OPENERS or (initial and t in "\"'“‘([")
                else:
                    initial = False
                ctx = self.list_context(i) if t == "," else None
                i += 1
                continue
            if c0.islower():
                # (most lower-case words start no name and no cue: looked up only if listed)
                found = self.gaz(i) if t in names else None
                c = self.cue(i) if folded[i] in cues or "." in t else None
                if found and (not c or found[1] > c[0]):
                    entry, end = found
                    self.emit(i, end, entry.type, entry.canonical)
                    i, ctx, initial = end, None, False
                    continue
                if c:
                    end = c[0]
                    if c[1] == "ORG_CUE":  # "trường Đại học Nông lâm": the head is the name's
                        end = next((k for k in range(i + 1, end) if self.cap(k)), end)
                    i, ctx = end, c[1]
                    initial = False
                    continue
                if ctx == "PLACE" and t in ("như", "gồm", "là"):
                    pass  # "các phố như Tạ Hiện, ...": the places follow
                elif ctx == "ORG_CUE" and self._field_end(i):
                    i = self._field_end(i) or i + 1  # "trường tiểu học Kim Đồng"
                    continue
                else:
                    ctx = self.list_context(i) if t in ("và", "hoặc") else None
                i, initial = i + 1, False
                continue
            i, ctx = self.at_capital(i, ctx, initial)
            initial = False
        return self

    def at_capital(self, i: int, ctx: str | None, initial: bool) -> tuple[int, str | None]:
        """Handle the capitalised token at i; return the next index and context."""
        found = self.gaz(i)
        c = self.cue(i)
        h = self.head(i)
        if i and self.toks[i - 1] in ("#", "@") and self.spans[i - 1][1] == self.spans[i][0]:
            return self.run_end(i), None  # "#SaynotoSuperLeague", "@user": no name
        if ctx is None and i >= 2 and self.toks[i - 1][0].isdigit() and self.address(i):
            ctx = "PLACE"  # "số 97 Trần Bình": a street
        if ctx in ("PLACE", "PLACE_WEAK", "ORG_CUE") and c and c[1].startswith("PLACE"):
            if not found and self.cap(c[0]) and not self.gaz(c[0]):
                c = None  # "bãi Đầm Trầu", "kênh Bến Nghé": a place word inside the name
            elif ctx == "PLACE" and not found and c[0] == i + 1 and not self.cap(i + 1):
                c = None  # "sông Cầu": the place word is the whole name
        # A capitalised honorific at the start of a sentence: "Anh Tuấn cho biết" (cue) but
        # "Anh cho biết" (a pronoun).
        if c and c[1] == "HON" and initial and (not found or found[1] <= c[0]):
            if self.cap(c[0]):
                return c[0], "HON"
            return c[0], None
        if ctx == "HON" and c and c[1] == "TITLE" and (not found or found[1] <= c[0]):
            return c[0], "TITLE"  # "vợ chồng GS Trần Thanh Vân": a title after the honorific
        if ctx == "HON":
            j = self.run_end(i)
            if found and found[0].type == "PER" and found[1] >= j:
                self.emit(i, found[1], "PER", found[0].canonical)
                return found[1], None
            self.emit(i, j, "PER", source="cue")
            return j, None
        built = None  # (end, type)
        if h and self.toks[i] in self.g.surnames and h[0] == i + 1 and self.person_at(i):
            h = None  # "Đoàn Văn Hậu": a family name, not the head "Đoàn"
        if h and i and self.folded[i - 1] in _PLURALS and h[1] in ("ORG", "ORG_WEAK"):
            h = None  # "các Viện Khoa học": bodies of a kind, not one named body
        if h:
            head_end, kind = h
            if kind in ("ORG", "ORG_WEAK"):
                end = self.parse_org(head_end, kind == "ORG_WEAK", ctx, i)
                if end:
                    built = (end, "ORG")
            else:
                end = self.parse_named(head_end, kind)
                if end:
                    built = (end, kind)
        g_end = found[1] if found else 0
        c_end = c[0] if c else 0
        b_end = built[0] if built else 0
        if (
            c
            and c[1] == "TITLE"
            and c_end - 1 > i
            and self.cap(c_end - 1)
            and self.folded[c_end - 1] in _TITLE_HEADS
            and self.field(c_end)
        ):
            return c_end - 1, "TITLE"  # "Trưởng Ban Tuyên giáo Trung ương": the body's head
        if c and c[1] in ("TITLE", "ORG_CUE") and h and c_end > h[0]:
            b_end, built = 0, None  # "Bộ trưởng ...", "Ban kiểm soát Vietbank": not the head
        if built and h and tuple(self.folded[i : h[0]]) in _CLUB_HEADS:
            country = self.gaz(h[0])
            if country and country[1] == built[0] and country[0].canonical in self.g.countries:
                return h[0], None  # "hai CLB Italia": clubs of that country, no club's name
        if built and h and h[1] == "ORG_WEAK":
            inner = self.lone_name(h[0], built[0])
            if inner:  # "Cơ quan FSA", "Tổ chức WHO": the abbreviation is the name
                self.emit(inner[0], built[0], "ORG", inner[1], source="head")
                return built[0], None
        if found and g_end >= c_end and g_end >= b_end:
            return self.take_known(i, found, ctx, initial)
        if c and c_end >= b_end:
            return c_end, c[1]
        if built:
            end, typ = built
            self.emit(i, end, typ, source="head")
            return end, ctx if ctx == "TITLE" and typ == "ORG" else None
        if ctx == "TITLE":
            end = self.field(i)
            if end:
                return end, ctx
            if h and h[1] in ("ORG", "ORG_WEAK"):
                return h[0], ctx  # "Chủ tịch Hội đồng trường": the head belongs to the title
        if ctx == "ORG_CUE" and self.field(i) and self.folded[i - 1] == "đảng":
            end = self.field(i) or i + 1
            self.emit(i, end, "ORG", source="cue")  # "đảng Cộng hòa", "đảng Bảo thủ"
            return end, None
        if ctx == "ORG_CUE" and self.field(i):
            end = self.parse_org(i, False, None)
            if end and end > (self.field(i) or i) and self.cap(end - 1):
                self.emit(i, end, "ORG", source="cue")  # "trường Tiểu học Isaac Newton"
                return end, None
        if h and h[1] in ("ORG", "ORG_WEAK") and not self.cap(h[0]):
            return h[0], None  # a head with no name after it ("Bộ đã có văn bản")
        elif self.field(i):
            # a field standing alone ("Giáo dục"): a common noun written with a capital
            return self.field(i) or i + 1, None
        return self.unknown_run(i, ctx, initial)

    def take_known(
        self, i: int, found: tuple[Entry, int], ctx: str | None, initial: bool
    ) -> tuple[int, str | None]:
        entry, end = found
        g = self.g
        if (
            entry.type == "LOC"
            and self.sport
            and ctx == "ORG_CUE"
            and entry.canonical not in g.countries
        ):
            entry = Entry(entry.tokens, "ORG", entry.canonical)  # "đội Nam Định": the club
        if entry.type == "LOC" and self.sport and ctx != "PLACE":
            club = g.club_places.get(" ".join(entry.tokens))
            if club and not (i and self.folded[i - 1] in ("tại", "ở")):
                entry = Entry(entry.tokens, "ORG", club)  # "Leeds thắng 2-0": the club
        single = len(entry.tokens) == 1
        if ctx == "PLACE":
            unit = i > 0 and self.folded[i - 1] in _UNIT_CUES
            if entry.type == "PER":  # a street or district named after a person
                end = self.unit_number(end) if unit else end
                self.emit(i, end, "LOC", source="cue")
            elif (
                self.cap(end)
                and not self.title_at(end)
                and (single and not self.gaz(end) or unit and self.unit_name(i))
                and self.run_end(i) > end
            ):
                j = self.run_end(i)  # "cầu Mỹ Thuận", "phường Mỹ Đức": a longer name
                j = self.unit_number(j) if unit else j
                self.emit(i, j, "LOC", source="cue")
                return j, None
            else:
                typ = entry.type if entry.type != "MISC" else "LOC"
                if unit and typ == "LOC":
                    n_end = self.unit_number(end)
                    if n_end > end:  # "phường Cổ Nhuế 1"
                        self.emit(i, n_end, "LOC", source="cue")
                        return n_end, None
                self.emit(i, end, typ, entry.canonical, source="cue")
            return end, None
        single = len(entry.tokens) == 1
        if entry.type == "LOC" and (self.language(i) or end < self.n and self.folded[end] == "học"):
            self.emit(i, end, "MISC", source="language")  # "tiếng Anh", "Việt Nam học"
            return end, None
        if entry.type == "ORG" and self.product_end(end) > end:
            j = self.product_end(end)
            self.emit(i, j, "MISC", source="product")  # "Huawei Band 6", "Realme C25"
            return j, None
        if (
            ctx == "TITLE"
            and entry.type == "LOC"
            and entry.canonical in g.minor_places
            and not self.cap(end)
        ):
            self.emit(i, end, "PER", source="cue")  # "ca sĩ Thanh Hà": the person
            return end, None
        if entry.type == "LOC" and self.cap(end) and self.toks[end] in _ORG_SUFFIXES:
            j = self.run_end(i)
            self.emit(i, j, "ORG", source="known+suffix")  # "Hong Kong Airlines"
            return j, None
        if (
            entry.type == "LOC"
            and i
            and self.folded[i - 1] == "người"
            and self.cap(end)
            and not is_vietnamese(self.toks[end])
        ):
            self.emit(i, end, "LOC", entry.canonical)  # "người Ireland McGregor"
            return end, None
        if initial and single and end < self.n:
            f = self.folded
            if f[i] in g.common or (f[i], f[end]) in g.common_pairs or self.word_end(i):
                # "Pháp luật ...", "Ý kiến ...": an ordinary word that starts the sentence
                return end, None
        if self.cap(end) and ctx != "TITLE" and self.folded[end] not in g.common:
            # the run goes on after a known name: "Mỹ Linh", "Harry Kane"
            nxt = self.gaz(end)
            rest = self.run_end(end) - end if self.cap(end) else 0
            person = (
                single
                and entry.tokens[0] in g.surnames
                and 2 <= rest <= 3
                and all(is_vietnamese(t) for t in self.toks[i : end + rest])
            )
            if person:
                return self.unknown_run(i, ctx, initial)  # "Hàn Duy Khang": a family name
            if entry.type == "LOC" and (rest >= 2 or (nxt and nxt[0].type == "PER")):
                pass  # "Indonesia Yudo Margono": a country, then a person (after a title)
            elif (single or entry.type == "PER") and not (nxt and self.cap(end)):
                if not self.title_at(end) and not self.head(end):
                    if entry.type == "ORG":  # "Amazon Web Services", "Samsung Electronics"
                        j = self.run_end(i)
                        self.emit(i, j, "ORG")
                        return j, None
                    return self.unknown_run(i, ctx, initial)
        weak_head = (h := self.head(i)) is not None and h[1] == "ORG_WEAK"
        if entry.type == "ORG" and not weak_head and self.cap(end) and (nxt := self.gaz(end)):
            if nxt[0].type == "LOC" and (nxt[1] >= self.n or not self.cap(nxt[1])):
                # "CDC Hà Nam", "Sở Y tế Hà Nội": the body of that place, one name (but a weak
                # head with a place alone, "Chính phủ Mỹ", stays two names)
                self.emit(i, nxt[1], "ORG", source="known+place")
                return nxt[1], None
        if entry.type == "PER" and ctx == "PLACE_LIST":
            self.emit(i, end, "LOC", source="list")  # "các phố Tạ Hiện, Đào Duy Từ"
            return end, None
        weak = ctx in ("PLACE_WEAK", "PLACE_LIST_WEAK") and entry.type == "LOC"
        self.emit(i, end, entry.type, entry.canonical, source="weak cue" if weak else "known")
        if ctx == "TITLE" and entry.type in ("LOC", "ORG") and self.cap(end):
            return end, ctx
        return end, None

    def unknown_run(self, i: int, ctx: str | None, initial: bool) -> tuple[int, str | None]:
        g = self.g
        if self.toks[i] in _DIRECTIONS and self.cap(i + 1):
            found = self.gaz(i + 1)
            if found and found[0].type == "LOC":
                if i and self.folded[i - 1] in _REGION_WORDS or found[0].tokens[0] in _DIRECTIONS:
                    return i + 1, ctx  # "miền Đông Ukraine": the direction is not in the name
                # "Bắc Sumatra", "Nam Kivu": a region named by its direction
                self.emit(i, found[1], "LOC", strong=False, source="direction")
                return found[1], None
        j = self.run_end(i)
        if j > i + 1 and self.toks[i] in g.not_names and self.acronym(i):
            found = self.gaz(i + 1)
            if found and found[1] == j and found[0].type == "LOC":
                return i + 1, ctx  # "các CLB Anh": clubs of England; the place follows
        if self.sport and ctx is None and self.player(i, j, initial):
            self.emit(i, j, "PER", strong=False, source="sport")  # "Văn Toàn (6 bàn)"
            return j, None
        if initial and ctx is None:
            f = self.folded
            toks = self.toks[i:j]
            person = j - i >= 3 and toks[0] in g.surnames and all(map(is_vietnamese, toks))
            if person:
                pass  # "Lưu Diệc Phi chính thức ...": past the first word, capitals mark a name
            elif f[i] in g.common or (i + 1 < self.n and (f[i], f[i + 1]) in g.common_pairs):
                if not self.word_end(i):
                    self.candidates.append(Candidate(i, i + 1, True, True))
                return i + 1, None  # "Theo Điện Kremlin": "Theo" is an ordinary word
        if j == i + 1 and ctx is None:
            end = self.word_end(i)
            if end:
                return end, None  # "Lý giải", "Đề án": an ordinary word with a capital
        if ctx == "TITLE":
            if any(_MIXED.search(t) for t in self.toks[i:j]):
                return j, None  # "bệnh nhân BN2901": a code, not a name
            if j == i + 1 and self.toks[i] in _ADJECTIVES and i and self.lower(i - 1):
                return j, None  # "du học sinh Việt": Vietnamese students, no one's name
            if all(t in g.not_names and self.acronym(k) for k, t in enumerate(self.toks[i:j], i)):
                return j, None  # "nhà sản xuất OLED": a technology, not a body
            k = i
            while k < j and self.acronym(k) and self.toks[k] not in g.not_names:
                k += 1
            if i < k < j and self.looks_person(k):
                self.emit(i, k, "ORG")  # "Quan chức UNDP Achim Steiner"
                return k, ctx
            shape = self.classify(i, j)
            if shape and shape[2] == "initials":
                pass  # "bệnh nhân L.T.L.": a person named by initials
            elif all(self.acronym(k) for k in range(i, j)) or shape and shape[0] == "ORG":
                self.emit(i, j, "ORG")  # "Giám đốc ACV": the organisation, then the person
                return j, ctx
            self.emit(i, j, "PER", source="cue")
            return j, None
        if ctx == "PLACE" and all(
            t in g.english or t in g.not_names and self.acronym(k)
            for k, t in enumerate(self.toks[i:j], i)
        ):
            return j, None  # "phiên bản Sport", "bản MT": no place
        if ctx == "PLACE":
            if i and self.folded[i - 1] in _UNIT_CUES:
                j = self.unit_number(j)  # "tổ dân phố Hoàng 4"
            self.emit(i, j, "LOC", source="cue")
            return j, None
        if ctx == "ORG_CUE" and not all(t in g.not_names for t in self.toks[i:j]):
            self.emit(i, j, "ORG", source="cue")
            return j, None
        if ctx == "PLACE_LIST" and not self.person_evidence(i, j, False):
            self.emit(i, j, "LOC", source="list")  # "tỉnh A, Xayaboury, B"
            return j, None
        if ctx == "PLACE_LIST_WEAK" and j - i >= 2 and not self.person_evidence(i, j, False):
            shape = self.classify(i, j)
            if shape is None and all(is_vietnamese(t) for t in self.toks[i:j]):
                self.emit(i, j, "LOC", strong=False, source="weak cue")
                return j, None
        if ctx == "PER_LIST" and all(is_vietnamese(t) for t in self.toks[i:j]):
            self.emit(i, j, "PER", strong=False, source="list")
            return j, None
        if _TEAM.fullmatch(self.toks[i]) and self.cap(i + 1):
            found = self.gaz(i + 1)
            if found and found[0].type == "LOC":
                self.emit(i, found[1], "ORG", source="shape")  # "U23 Việt Nam": a team
                return found[1], None
        shape = self.classify(i, j)
        inner = self.bracketed(i, j)
        if inner and (shape is None or not shape[1]):
            self.emit(i, j, inner, strong=False, source="abbreviation")
            return j, None
        if ctx == "PLACE_WEAK" and self.before_place(j):
            self.emit(i, j, "LOC", strong=False, source="weak cue")  # "ở Lý Nhân, Hà Nam"
            return j, None
        if ctx == "MISC_CUE" and (shape is None or not shape[1]):
            self.emit(i, j, "MISC", strong=False, source="cue")  # "phim Titanic", "thuốc X"
            return j, None
        seen = g.seen.get(" ".join(self.toks[i:j]))
        if j == i + 1 and (self.folded[i] in g.common or self.toks[i] in g.not_names):
            seen = None
        if seen and (shape is None or not shape[1]) and not (initial and j == i + 1):
            self.emit(i, j, seen, strong=False, source="seen")
            return j, None
        app = self.apposition(j) if shape is None or not shape[1] else None
        if app:
            self.emit(i, j, app, strong=False, source="apposition")  # "Pchome, một ứng dụng"
            return j, None
        if ctx == "PLACE_WEAK" and (shape is None or not shape[1] and shape[0] != "ORG"):
            toks = self.toks[i:j]
            if not (len(toks) == 1 and self.folded[i] in g.common):
                if not all(t in g.not_names for t in toks):
                    self.emit(i, j, "LOC", strong=False, source="weak cue")
                    return j, None
        if shape is None and self.credit(i, j):
            self.emit(i, j, "PER", strong=False, source="credit")  # "(Ảnh: Toàn Vũ)"
            return j, None
        if shape:
            self.emit(i, j, shape[0], strong=shape[1], source="shape:" + shape[2])
        else:
            common = j == i + 1 and self.folded[i] in g.common
            if not (common and self.word_end(i)):
                self.candidates.append(Candidate(i, j, initial, common))
        return j, None


# Heads of state bodies, which are never named after a person: a full name after one of these
# and its fields is the person ("Tổng cục Thống kê Nguyễn Văn A"), unlike a school's.
_STATE_HEADS = tuple(
    tuple(h.split())
    for h in [
        "bộ",
        "tổng cục",
        "cục",
        "chi cục",
        "sở",
        "vụ",
        "ban",
        "ủy ban",
        "ubnd",
        "hđnd",
        "thanh tra",
        "tòa án",
        "tand",
        "viện",
        "công an",
        "văn phòng",
        "hội đồng",
        "hội",
    ]
)
# Short names of peoples used as adjectives after a noun ("khách Việt", "cầu thủ Việt").
_ADJECTIVES = frozenset(["Việt", "Tây", "Ta"])
# Punctuation that ends a name written in sentence case.
_CLOSERS = frozenset("().;:…\"“”'")
# Heads that end a title ("Trưởng Ban", "Trưởng Phòng") and begin the body's name when
# written with a capital and followed by a field.
_TITLE_HEADS = frozenset("ban phòng khoa vụ cục sở viện".split())
# Nouns that say a name is an organisation's in an apposition ("X, một nhà cung cấp ...").
_ORG_NOUNS = frozenset(
    [
        "website",
        "startup",
        "hãng",
        ("nhà", "cung"),
        ("nhà", "sản"),
        ("nhà", "phân"),
        ("trang", "web"),
        ("doanh", "nghiệp"),
        ("tổ", "chức"),
        ("thương", "hiệu"),
    ]
)
_CLUB_HEADS = frozenset([("clb",), ("câu", "lạc", "bộ")])
_PLURALS = frozenset("các những nhiều mọi mỗi từng vài".split())
# Lower-case words after a name that make it a language ("tiếng Anh"), not the place.
_LANGUAGE_CUES = (("tiếng",), ("ngôn", "ngữ"), ("tiếng", "nói"))
# Words after a comma that say what the name before is ("Pchome, một ứng dụng").
_APPOSITION = frozenset(["một", "là", "là một"])
_HONORIFIC_WORDS = frozenset("anh chị ông bà em cháu bé cô chú bác cụ nam nữ".split())
# Words before a house number that make the capitalised name after it a street ("số 9 Lê Lợi").
_ADDRESS_WORDS = frozenset("số nhà ngõ ngách hẻm kiệt kiốt ki-ốt".split())
# Place cues of Vietnamese units whose names run on over a known word ("phường Mỹ Đức") and
# may end in a number ("phường Mỹ Đình 2", "tổ dân phố Hoàng 4").
_UNIT_CUES = frozenset(
    "phường xã huyện quận trấn thôn ấp phố bản làng xóm khóm buôn tổ hầm cầu".split()
)
# Lower-case words after a number that count things: the number is not part of the place.
_COUNTED = frozenset(
    "năm tháng ngày tuần giờ phút người hộ lần tuổi km m ha căn con ca nhà trường xã "
    "phường thôn tỷ triệu nghìn đồng".split()
)
_CUES_WITH_COMPOUNDS = frozenset(["PLACE", "PLACE_WEAK", "ORG_CUE"])
# Abbreviated degrees and titles that run together before a name ("PGS.TS.BS").
_DEGREES = frozenset(
    "gs pgs ts ths bs tskh ks cn ds bsckii bscki ckii cki bsck ls kts ncs nsnd nsưt ngnd ngưt "
    "tts bsnt dsckii dscki".split()
)

# Lower-case words after which a direction is not part of the place ("miền Đông Ukraine").
_REGION_WORDS = frozenset("miền phía vùng mạn hướng khu cực phần".split())

# Place words after which the place belongs to the organisation's name ("UBND tỉnh Nam Định").
_ORG_PLACE_CUES = frozenset(
    tuple(w.split())
    for w in ["tỉnh", "thành phố", "tp", "tp .", "huyện", "quận", "thị xã", "thị trấn", "xã"]
    + ["phường"]
)
