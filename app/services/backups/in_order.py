"""Run calls in order on a second thread, a few behind the caller: the zip's side of a backup.

Deflating, the zip's CRC, SHA-256 and the cipher all let go of the GIL on
large buffers, so while the backup's own thread reads the next rows the
second core compresses and hashes the last ones.  At most :data:`DEPTH`
calls wait in line (about a megabyte of lines each), so memory stays flat
however large the base; the worker's error surfaces in the caller at its
next call.  The worker touches only the file side (the zip, the digests),
never the database or anything of Qt.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")
DEPTH = 4


class InOrder:
    """A one-thread worker: :meth:`submit` queues a call, :meth:`call` waits for its result."""

    def __init__(self, depth: int = DEPTH) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tiaojie-backup")
        self._pending: deque[Future[Any]] = deque()
        self._depth = depth

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Queue ``fn(*args)`` after the calls before it; waits while :data:`DEPTH` are queued."""
        while len(self._pending) >= self._depth:
            self._pending.popleft().result()
        future = self._pool.submit(fn, *args)
        self._pending.append(future)
        return future

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` after every queued call, and return its result."""
        future = self.submit(fn, *args)
        self.wait()
        return future.result()

    def wait(self) -> None:
        """Wait for every queued call; the first failure is raised."""
        while self._pending:
            self._pending.popleft().result()

    def abandon(self) -> None:
        """Drop the queued calls and wait for the running one (after a failure or a cancel)."""
        for future in self._pending:
            future.cancel()
        for future in self._pending:
            if not future.cancelled():
                future.exception()
        self._pending.clear()

    def __enter__(self) -> InOrder:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.abandon()
        self._pool.shutdown(wait=True, cancel_futures=True)
