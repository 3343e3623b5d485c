"""The ingest pipeline: read → clean → analyse → store → link, one article at a time.

Each article is committed on its own before it is counted, so a run killed part-way loses
nothing it reported, and running it again stores only what is missing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from biennien.analyse import analyse
from biennien.ingest import DEFAULT_MAX_BYTES, Rejection, Warning_, list_inputs, read_file
from biennien.knowledge import fold_space
from biennien.link import Linker
from biennien.model import Article, Document
from biennien.store.sqlite import SQLiteStore
from biennien.text.clean import clean
from biennien.text.normalize import normalize


@dataclass
class IngestReport:
    ingested: int = 0
    present: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"ingested {self.ingested}, already present {self.present}, "
            f"rejected {len(self.rejected)}"
        )


def identity_text(article: Article) -> str:
    """The text an article's identity is computed from: its normalised title and text."""
    return fold_space(normalize(f"{article.title or ''}\n{article.text}"))


def process(article: Article) -> Document:
    """Everything that happens to one article between reading and storing."""
    return analyse(clean(article))


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: SQLiteStore,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_rejection: Callable[[Rejection], None] | None = None,
    on_warning: Callable[[Warning_], None] | None = None,
    progress: bool | None = None,
) -> IngestReport:
    """Ingest every input under ``paths`` into ``store``.

    ``progress``: show a progress bar on stderr (None: only when stderr is a terminal).
    """
    from tqdm import tqdm

    report = IngestReport()
    linker = Linker(store)
    inputs = list(list_inputs(paths))
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(
        total=len(inputs),
        unit="file",
        disable=not show or len(inputs) < 2,
        file=sys.stderr,
        leave=False,
    )
    try:
        for file, source in inputs:
            if not file.exists():
                items: Iterable = [Rejection(str(file), "no such file or folder")]
            else:
                items = read_file(file, source, max_bytes)
            for item in items:
                if isinstance(item, Rejection):
                    report.rejected.append(item)
                    if on_rejection:
                        on_rejection(item)
                    continue
                if isinstance(item, Warning_):
                    report.warnings.append(item)
                    if on_warning:
                        on_warning(item)
                    continue
                doc = clean(item)
                if not any(s.kind != "title" for s in doc.sentences):
                    rejection = Rejection(item.source, "no article text left after cleaning")
                    report.rejected.append(rejection)
                    if on_rejection:
                        on_rejection(rejection)
                    continue
                identity = identity_text(item)
                if not store.contains(doc, identity):
                    analyse(doc)  # only what is new: a re-run after a kill skips the rest
                with store.transaction():
                    article_id, new = store.insert_article(doc, identity)
                    if new:
                        linker.place(article_id, doc)
                report.ids.append(article_id)
                if new:
                    report.ingested += 1
                else:
                    report.present += 1
            bar.update(1)
    finally:
        bar.close()
        with store.transaction():
            linker.flush()
    return report
