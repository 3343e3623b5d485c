"""Processes that make pages for ``biennien serve``: each a Python of its own (spawned, so a
server's threads and connections are not forked), asked one page at a time over a pipe, so
that pages not made yet use every core while the server's own process keeps answering."""

from __future__ import annotations

import multiprocessing
import queue
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


class BuildersGone(RuntimeError):
    """A builder process ended (killed, say) while asked something."""


def _loop(conn: Connection, start: Callable[..., None], args: tuple, work: Callable) -> None:
    """A builder: ``start(*args)``, then answer ``work(*request)`` for each request until
    told to stop (None) or the server is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    start(*args)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            answer = (True, work(*request))
        except Exception as e:  # the server reports it as its own error
            answer = (False, f"{type(e).__name__}: {e}")
        conn.send(answer)


class Builders:
    """``n`` builder processes, each running ``start(*args)`` once, then ``work(*request)``
    for each :meth:`call`; a call waits for a free builder. ``work``, ``start`` and their
    arguments cross processes, so they are module-level functions and picklable values."""

    def __init__(self, n: int, start: Callable[..., None], args: tuple, work: Callable) -> None:
        context = multiprocessing.get_context("spawn")
        self._free: queue.Queue[Connection] = queue.Queue()
        self._all: list[tuple[Any, Connection]] = []
        for _ in range(n):
            here, there = context.Pipe()
            process = context.Process(
                target=_loop, args=(there, start, args, work), name="biennien-builder", daemon=True
            )
            process.start()
            there.close()
            self._all.append((process, here))
            self._free.put(here)
        self._live = n  # builders not known to have ended

    def __len__(self) -> int:
        return len(self._all)

    def call(self, *request: Any) -> Any:
        """``work(*request)`` in a free builder; its error as a RuntimeError; BuildersGone
        where the builder ended meanwhile."""
        conn = self._free.get()
        try:
            conn.send(request)
            ok, value = conn.recv()
        except (EOFError, OSError) as e:  # that builder is gone: it is not handed out again
            self._live -= 1
            raise BuildersGone("a page builder ended") from e
        self._free.put(conn)
        if not ok:
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        """Stop every builder (those busy finish their page first, for up to 10 s)."""
        for _ in range(self._live):
            try:
                self._free.get(timeout=10).send(None)
            except (queue.Empty, OSError):
                break
        for process, conn in self._all:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join()
            conn.close()
