"""Readers: files, folders, HTML pages, JSON Lines and feeds into Article objects.

Each reader turns bytes into the same ``Article``; readers know nothing of NLP or storage.
``read_paths`` walks files and folders, sniffs each file's kind from its content, and yields
either an Article or a Rejection (the input and a one-line reason).
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from biennien.ingest.decode import InputRejected
from biennien.model import Article

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
KINDS = ("text", "html", "jsonl", "feed")


@dataclass(frozen=True)
class Rejection:
    source: str
    reason: str


@dataclass(frozen=True)
class Warning_:
    source: str
    message: str


def sniff(head: bytes, name: str = "") -> str:
    """The kind of a file from its first bytes; the extension only breaks ties."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head[:4096].decode("utf-16", "ignore").lstrip()
    else:
        # The head may end inside a character: decode leniently, only to look at it.
        text = head[:4096].decode("utf-8", "ignore").lstrip("\ufeff \t\r\n")
    low = text[:2048].lower()
    if text.startswith("{"):
        return "jsonl"
    if "<rss" in low or "<feed" in low or "<rdf:rdf" in low:
        return "feed"
    if low.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in low or "<head" in low:
        return "html"
    if name.lower().endswith((".html", ".htm", ".xhtml")) and low.startswith("<"):
        return "html"
    return "text"


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if not f.startswith("."):
                    yield Path(root) / f
    else:
        yield path


def _source_name(file: Path, root: Path) -> str:
    if root.is_dir():
        return file.relative_to(root).as_posix()
    return file.name


def list_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, str]]:
    """Every file under ``paths`` with the name it is stored under (relative to its argument)."""
    for p in paths:
        root = Path(p)
        for file in _files(root):
            yield file, _source_name(file, root)


def read_file(
    file: Path, source: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Rejection | Warning_]:
    """Read one file into Articles; problems come out as Rejection or Warning_ items."""
    from biennien.ingest import feed, html, jsonl, plaintext

    try:
        size = file.stat().st_size
    except OSError as exc:
        yield Rejection(source, f"cannot read: {exc.strerror or exc}")
        return
    try:
        with open(file, "rb") as fh:
            head = fh.read(4096)
            kind = sniff(head, file.name)
            if kind == "jsonl":
                yield from jsonl.read(fh, source, max_bytes, head=head)
                return
            if size > max_bytes:
                yield Rejection(
                    source,
                    f"too large: {size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit "
                    "(raise it with --max-bytes)",
                )
                return
            data = head + fh.read()
    except OSError as exc:
        yield Rejection(source, f"cannot read: {exc.strerror or exc}")
        return
    try:
        if kind == "feed":
            yield from feed.read(data, source)
        elif kind == "html":
            yield html.read(data, source)
        else:
            yield plaintext.read(data, source)
    except InputRejected as exc:
        yield Rejection(source, str(exc))


def read_paths(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Rejection | Warning_]:
    """Read every file under ``paths`` (folders recursively)."""
    for file, source in list_inputs(paths):
        if not file.exists():
            yield Rejection(str(file), "no such file or folder")
            continue
        yield from read_file(file, source, max_bytes)


__all__ = ["Article", "InputRejected", "Rejection", "Warning_", "read_file", "read_paths", "sniff"]
