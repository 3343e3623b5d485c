"""The ingest pipeline: read → clean → analyse → store → link.

Reading, storing and linking happen in this process (one writer); cleaning and analysis, the
pure part, run beside it in worker processes (or on a Dask cluster) once an ingest is large
enough to gain from them. Results are taken back in input order, so the store ends the same
whichever way the work was spread. Articles are committed in small batches; a run killed
part-way loses at most the batch it was writing, and running it again stores only what is
missing (articles already stored are not analysed again).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from biennien.analyse import analyse
from biennien.ingest import DEFAULT_MAX_BYTES, Rejection, Warning_, list_inputs, read_file
from biennien.knowledge import fold_space
from biennien.link import Linker
from biennien.link.features import LinkFeatures, link_features
from biennien.model import Article, Document
from biennien.store import is_postgres, open_store
from biennien.store.sqlite import Searchable, SQLiteStore, searchable
from biennien.text.clean import clean
from biennien.text.normalize import normalize

BATCH_ARTICLES = 32  # articles a worker task carries, and articles a write transaction holds
BATCH_SECONDS = 1.0  # a write transaction is committed at least this often
PARALLEL_AFTER = 64  # articles read in this process before worker processes start by default
WINDOW = 4  # tasks in flight per worker
DASK_CONNECT_TIMEOUT = float(os.environ.get("BIENNIEN_DASK_TIMEOUT", "20"))  # seconds


class IngestError(Exception):
    """The ingest cannot run as asked (e.g. no Dask scheduler there); shown to the user."""


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


@dataclass
class Prepared:
    """A cleaned article ready to store; ``features`` is None when it was found already
    stored and so was not analysed."""

    doc: Document
    identity: str
    features: LinkFeatures | None
    search: Searchable | None = None  # what search takes of it (made with the features)


def identity_text(article: Article) -> str:
    """The text an article's identity is computed from: its normalised title and text.
    (Normalised apart, which is the same once space is folded, so that the text's own
    normalisation, made for cleaning, is reused.)"""
    return fold_space(normalize(article.title or "") + "\n" + normalize(article.text))


def process(article: Article) -> Document:
    """Everything that happens to one article between reading and storing."""
    return analyse(clean(article))


def prepare(
    article: Article, stored: Callable[[Document, str], bool] | None = None
) -> Prepared | Rejection:
    """Clean an article and, unless ``stored`` says it is already in the store, analyse it."""
    doc = clean(article)
    if not any(s.kind != "title" for s in doc.sentences):
        return Rejection(article.source, "no article text left after cleaning")
    identity = identity_text(article)
    if stored is not None and stored(doc, identity):
        return Prepared(doc, identity, None)
    analyse(doc)
    return Prepared(doc, identity, link_features(doc), searchable(doc))


# -- where the work runs -------------------------------------------------------------------
class _Future(Protocol):
    def result(self) -> Any: ...


class Executor(Protocol):
    """What the pipeline needs of a pool: submit a call, get a future, shut down."""

    workers: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Future: ...

    def shutdown(self) -> None: ...


_WORKER_STORE: SQLiteStore | None = None


def _exit_with(writer: int) -> None:
    """In a worker: end this process once the writer is gone (killed, say), rather than wait
    for work forever."""
    while True:
        time.sleep(1.0)
        try:
            os.kill(writer, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass


def _init_worker(db: str | None, writer: int | None = None) -> None:
    """In a worker process: leave Ctrl-C to the writer (which stops the workers), end with
    the writer, and open the store read-only to skip what it already holds."""
    global _WORKER_STORE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if writer is not None:
        import threading

        threading.Thread(target=_exit_with, args=(writer,), daemon=True).start()
    if db and (is_postgres(db) or os.path.exists(db)):
        try:
            _WORKER_STORE = open_store(db, readonly=True)
        except Exception:  # the check only saves work; without it everything is analysed
            _WORKER_STORE = None


def prepare_batch(articles: list[Article]) -> list[Prepared | Rejection]:
    """Prepare articles in a worker (checked against the store when the worker can read it)."""
    store = _WORKER_STORE
    return [prepare(a, store.contains if store else None) for a in articles]


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class SerialExecutor:
    """Runs each task at once, in this process."""

    workers = 1

    def __init__(self, store: SQLiteStore | None = None) -> None:
        self.store = store

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Future:
        global _WORKER_STORE
        _WORKER_STORE = self.store
        try:
            return _Done(fn(*args))
        finally:
            _WORKER_STORE = None

    def shutdown(self) -> None:
        pass


class ProcessExecutor:
    """Worker processes on this machine (a fresh interpreter each, started by forkserver)."""

    def __init__(self, workers: int, db: str | None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["biennien.pipeline"])
        self.workers = workers
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(db, os.getpid()),
        )

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Future:
        return self.pool.submit(fn, *args)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks spread over a Dask cluster: ``address`` of its scheduler, or "local" for a
    LocalCluster of ``workers`` processes on this machine. Workers need biennien installed;
    they get the articles' text and send back analysed documents, so no shared disk is
    needed (and none of them touches the store)."""

    def __init__(self, address: str, workers: int) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise IngestError(
                "--dask needs dask.distributed: pip install 'biennien[dask]'"
            ) from None
        self.cluster = None
        if address == "local":
            import logging

            self.cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(address, timeout=DASK_CONNECT_TIMEOUT)
            except OSError as exc:
                raise IngestError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def submit(self, fn: Callable[..., Any], *args: Any) -> _Future:
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def default_workers() -> int:
    """Worker processes for analysis by default: one per core (the writer shares them)."""
    return max(1, (os.cpu_count() or 1))


# -- the run --------------------------------------------------------------------------------
def _items(
    inputs: list[tuple[Any, str]], max_bytes: int, on_file_done: Callable[[], None]
) -> Iterator[Article | Rejection | Warning_]:
    for file, source in inputs:
        if not file.exists():
            yield Rejection(str(file), "no such file or folder")
        else:
            yield from read_file(file, source, max_bytes)
        on_file_done()


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: SQLiteStore,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_rejection: Callable[[Rejection], None] | None = None,
    on_warning: Callable[[Warning_], None] | None = None,
    progress: bool | None = None,
    workers: int | None = None,
    dask: str | None = None,
) -> IngestReport:
    """Ingest every input under ``paths`` into ``store``.

    ``progress``: show a progress bar on stderr (None: only when stderr is a terminal).
    ``workers``: processes for cleaning and analysis (0: all in this process; None: one per
    core, started once more than PARALLEL_AFTER articles have come, so that a small ingest
    does not wait for them; a number: started at once). ``dask``: the address of a Dask
    scheduler (or "local") to run them on instead, used from the start.
    """
    from tqdm import tqdm

    report = IngestReport()
    linker = Linker(store)
    inputs = list(list_inputs(paths))
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(
        total=len(inputs),
        unit="file",
        disable=not show or len(inputs) < 1,
        file=sys.stderr,
        leave=False,
    )
    start_after = PARALLEL_AFTER if workers is None and not dask else 0
    workers = default_workers() if workers is None else workers
    serial = SerialExecutor(store)
    executor: Executor = serial
    window: deque[_Future] = deque()
    batch: list[Prepared] = []
    last_write = time.monotonic()

    def reject(r: Rejection) -> None:
        report.rejected.append(r)
        if on_rejection:
            on_rejection(r)

    def write() -> None:
        nonlocal last_write
        with linker.transaction():
            done = []
            for p in batch:
                if p.features is None and not store.contains(p.doc, p.identity):
                    analyse(p.doc)  # was stored when checked, is not now: analyse after all
                    p.features = link_features(p.doc)
                article_id, new = store.insert_article(p.doc, p.identity, p.search)
                if new:
                    linker.place(article_id, p.doc, p.features)
                done.append((article_id, new))
        for article_id, new in done:
            report.ids.append(article_id)
            if new:
                report.ingested += 1
            else:
                report.present += 1
        batch.clear()
        last_write = time.monotonic()
        bar.set_postfix(articles=report.ingested + report.present, refresh=False)

    def take(results: list[Prepared | Rejection]) -> None:
        for r in results:
            if isinstance(r, Rejection):
                reject(r)
            else:
                batch.append(r)
        if len(batch) >= BATCH_ARTICLES or time.monotonic() - last_write > BATCH_SECONDS:
            write()

    def submit(articles: list[Article]) -> None:
        window.append(executor.submit(prepare_batch, articles))
        while len(window) > WINDOW * executor.workers:
            take(window.popleft().result())

    pending: list[Article] = []
    seen = 0
    try:
        for item in _items(inputs, max_bytes, lambda: bar.update(1)):
            if isinstance(item, Rejection):
                reject(item)
                continue
            if isinstance(item, Warning_):
                report.warnings.append(item)
                if on_warning:
                    on_warning(item)
                continue
            seen += 1
            if executor is serial and seen > start_after and (dask or workers > 0):
                executor = (
                    DaskExecutor(dask, workers or default_workers())
                    if dask
                    else ProcessExecutor(workers, getattr(store, "path", None))
                )
            pending.append(item)
            if executor is serial or len(pending) >= BATCH_ARTICLES:
                submit(pending)
                pending = []
        if pending:
            submit(pending)
        while window:
            take(window.popleft().result())
        if batch:
            write()
    except BaseException:  # interrupted, or a store error: keep what was committed
        bar.close()
        if executor is not serial:
            executor.shutdown()
        try:
            with linker.transaction():
                linker.flush()
        except Exception:
            pass  # the first error is the one to report
        raise
    bar.close()
    if executor is not serial:
        executor.shutdown()
    # the weak links of a large ingest take minutes to settle: a bar of their own
    settling = tqdm(
        total=0, unit="event", desc="linking", disable=not show, file=sys.stderr, leave=False
    )

    def settled(done: int, total: int) -> None:
        settling.total = total
        settling.update(done - settling.n)

    with linker.transaction():
        linker.flush(settled)
    settling.close()
    return report
