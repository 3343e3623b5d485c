"""Readers for the evaluation corpora in ``../shared/data`` (never copied into the project).

Each function returns None when its corpus is absent, so benchmarks and tests can skip cleanly.
"""

from __future__ import annotations

import io
import json
import os
import platform
import re
import tarfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DEFAULT_SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
DATA = Path(os.environ.get("BIENNIEN_SHARED", _DEFAULT_SHARED)).resolve() / "data"


@dataclass(frozen=True)
class DantriDoc:
    doc_id: str
    url: str
    date: str  # YYYY-MM-DD
    lines: tuple[str, ...]  # the file's lines, headers included (1-based line n is lines[n-1])


@cache
def unc_dantri() -> dict[str, DantriDoc] | None:
    """The 2,653 dated Dân Trí articles of CP_Vietnamese-UNC, by doc id."""
    path = DATA / "unc_dantri" / "CP_Vietnamese-UNC.tar.xz"
    if not path.exists():
        return None
    docs: dict[str, DantriDoc] = {}
    with tarfile.open(path) as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            text = tar.extractfile(member).read().decode("utf-8")
            lines = tuple(text.split("\n"))
            meta = {}
            for line in lines[:5]:
                if line.startswith("# ") and " = " in line:
                    k, v = line[2:].split(" = ", 1)
                    meta[k.strip()] = v.strip()
            d = meta.get("date", "")
            docs[meta["doc_id"]] = DantriDoc(
                meta["doc_id"], meta.get("url", ""), f"{d[:4]}-{d[4:6]}-{d[6:8]}", lines
            )
    return docs


def vietnews_texts(limit: int | None = None) -> Iterator[tuple[str, str, str]] | None:
    """(name, title, text) of VietNews articles, ``_`` turned back into spaces."""
    folder = DATA / "vietnews"
    parts = sorted(folder.glob("vietnews_*_tokenized.tar.xz")) if folder.exists() else []
    if not parts:
        return None

    def gen() -> Iterator[tuple[str, str, str]]:
        n = 0
        for part in parts:
            with tarfile.open(part) as tar:
                for member in tar:
                    if not member.isfile():
                        continue
                    raw = tar.extractfile(member).read().decode("utf-8")
                    blocks = [b for b in raw.replace("_", " ").split("\n\n") if b.strip()]
                    if len(blocks) < 2:
                        continue
                    title = blocks[0].strip()
                    text = "\n".join(b.strip() for b in blocks[1:])
                    yield member.name.rsplit("/", 1)[-1], title, text
                    n += 1
                    if limit is not None and n >= limit:
                        return

    return gen()


def open_zip(relative: str) -> zipfile.ZipFile | None:
    path = DATA / relative
    if not path.exists():
        return None
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


# -- event clustering corpora (gold = the cluster folder) -------------------------------------


@dataclass(frozen=True)
class Doc:
    doc_id: str
    cluster: str  # gold cluster id: the folder name ("Cluster_001", "cluster_1")
    title: str | None
    text: str  # plain text, one paragraph a line (not word-segmented)
    published: str | None = None  # ISO date YYYY-MM-DD
    outlet: str | None = None
    url: str | None = None


_VIMS = "vims/Data_and_summary.zip"
_MDS = "vietnamese_mds/KTLAB-200document-clusters.zip"


def _lines(raw: bytes) -> list[str]:
    """Non-empty stripped lines of a UTF-8 file (BOM and CRLF tolerated)."""
    return [s for s in (line.strip() for line in raw.decode("utf-8-sig").splitlines()) if s]


def _parts(name: str) -> list[str]:
    return [p for p in name.split("/") if p]


@cache
def _vims_docs() -> tuple[Doc, ...] | None:
    zf = open_zip(_VIMS)
    if zf is None:
        return None
    docs = []
    with zf:
        for name in sorted(zf.namelist()):
            parts = _parts(name)
            if len(parts) != 4 or parts[1] != "data" or not parts[3].endswith(".txt"):
                continue
            lines = _lines(zf.read(name))
            if len(lines) < 2:
                continue
            docs.append(Doc(parts[3][: -len(".txt")], parts[2], lines[0], "\n".join(lines[1:])))
    return tuple(docs)


def vims() -> list[Doc] | None:
    """ViMs: 1,950 articles in 300 gold clusters; line 1 of each file is the title. No dates,
    outlets or URLs in this release."""
    docs = _vims_docs()
    return None if docs is None else list(docs)


def vims_summaries() -> dict[str, list[str]] | None:
    """ViMs human summaries by cluster (2 to 4 each), without the cluster id header and the
    MDSWriter ``=...=`` lines; editor backups (``*.txt~``) are ignored."""
    zf = open_zip(_VIMS)
    if zf is None:
        return None
    out: dict[str, list[str]] = {}
    with zf:
        for name in sorted(zf.namelist()):
            parts = _parts(name)
            if len(parts) != 4 or parts[1] != "summary" or not parts[3].endswith(".txt"):
                continue
            cluster = parts[2]
            lines = [s for s in _lines(zf.read(name)) if not s.startswith("=") and s != cluster]
            if lines:
                out.setdefault(cluster, []).append("\n".join(lines))
    return out


_INFO_FIELD = re.compile(r"^([A-Z ]+):\s?(.*)$")
_MDS_TIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _detokenize(text: str) -> str:
    """VietnameseMDS metadata is word-segmented: ``_`` back to spaces, no space before , . : etc."""
    text = " ".join(text.replace("_", " ").split())
    return re.sub(r"\( ", "(", re.sub(r" ([,.:;!?)])", r"\1", text))


def _info(raw: bytes) -> dict[str, str]:
    fields = {}
    for line in raw.decode("utf-8-sig").splitlines():
        m = _INFO_FIELD.match(line.strip())
        if m:
            fields[m.group(1)] = m.group(2).strip()
    return fields


def _mds_outlet(link: str) -> str | None:
    """``http://www.baomoi.com/Home/TheGioi/tuoitre.vn/<slug>/<id>.epi`` → ``tuoitre.vn``
    (the 4th segment counting the host); None for the shorter links that name no outlet."""
    segments = [s for s in link.split("/")[2:] if s]
    if len(segments) >= 4 and segments[1] == "Home":
        return segments[3]
    return None


@cache
def _mds_docs() -> tuple[Doc, ...] | None:
    zf = open_zip(_MDS)
    if zf is None:
        return None
    docs = []
    with zf:
        names = set(zf.namelist())
        for name in sorted(names):
            parts = _parts(name)
            if len(parts) != 3 or not parts[2].endswith(".body.txt"):
                continue
            doc_id = parts[2][: -len(".body.txt")]
            text = "\n".join(_lines(zf.read(name)))
            if not text:
                continue
            info_name = name[: -len(".body.txt")] + ".info.txt"
            info = _info(zf.read(info_name)) if info_name in names else {}
            published = None
            m = _MDS_TIME.search(info.get("TIME", ""))
            if m:
                day, month, year = (int(g) for g in m.groups())
                published = f"{year:04d}-{month:02d}-{day:02d}"
            link = info.get("LINK") or None
            docs.append(
                Doc(
                    doc_id,
                    parts[1],
                    _detokenize(info.get("TITLE", "")) or None,
                    text,
                    published,
                    _mds_outlet(link) if link else None,
                    link,
                )
            )
    return tuple(docs)


def vietnamese_mds() -> list[Doc] | None:
    """VietnameseMDS: 628 dated articles from many outlets in 199 gold clusters. The text is the
    raw ``<docid>.body.txt`` (one line); title, date, outlet and URL come from ``.info.txt``."""
    docs = _mds_docs()
    return None if docs is None else list(docs)


def vietnamese_mds_summaries() -> dict[str, list[str]] | None:
    """VietnameseMDS human summaries by cluster: ``ref1.txt`` and ``ref2.txt`` (not ``.tok``;
    ``sum.txt`` is a machine summary and is left out)."""
    zf = open_zip(_MDS)
    if zf is None:
        return None
    out: dict[str, list[str]] = {}
    with zf:
        for name in sorted(zf.namelist()):
            parts = _parts(name)
            if len(parts) != 3 or not re.fullmatch(r".+\.ref\d+\.txt", parts[2]):
                continue
            text = "\n".join(_lines(zf.read(name)))
            if text:
                out.setdefault(parts[1], []).append(text)
    return out


def machine() -> str:
    """The date and this machine, for the header line of a benchmark."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        mem = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        mem = ""
    return (
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()}-core {cpu}{mem}, "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def write_jsonl(docs: list[Doc], path: Path) -> None:
    """Write documents as the JSON Lines that ``biennien ingest`` reads (line n = docs[n-1])."""
    with open(path, "w", encoding="utf-8") as fh:
        for d in docs:
            record = {
                "title": d.title,
                "text": d.text,
                "published": d.published,
                "outlet": d.outlet,
                "url": d.url,
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
