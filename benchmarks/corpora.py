"""Readers for the evaluation corpora in ``../shared/data`` (never copied into the project).

Each function returns None when its corpus is absent, so benchmarks and tests can skip cleanly.
"""

from __future__ import annotations

import io
import os
import tarfile
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
