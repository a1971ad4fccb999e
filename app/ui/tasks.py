"""Run database work off the GUI thread and deliver results back on it.

Like Anki's single background helper: widgets never wait on the database.
A task is a plain function; its result (or exception) comes back through a
signal to a callback on the GUI thread.  Workers never touch widgets.
Long tasks get a ``progress(done, total) -> bool`` callable whose False return
means the user pressed Cancel.  A result for a widget that was closed in the
meantime is dropped (callbacks should be bound methods of the widget).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Progress = Callable[[int, int], bool]


class _Relay(QObject):
    """Lives on the GUI thread; queued signals land here and call the callbacks."""

    finished = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(int, int)

    def __init__(self, runner: TaskRunner, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int], None] | None,
                 owner: QObject | None = None) -> None:
        super().__init__(runner)
        self._runner, self._owner = runner, owner
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self.finished.connect(self._done)
        self.failed.connect(self._failed)
        self.progressed.connect(self._progress)

    def _alive(self, callback: Callable[..., Any] | None) -> bool:
        if self._owner is not None and not shiboken6.isValid(self._owner):
            return False
        owner = getattr(callback, "__self__", None)
        return callback is not None and (not isinstance(owner, QObject)
                                         or shiboken6.isValid(owner))

    @Slot(object)
    def _done(self, result: Any) -> None:
        try:
            if self._on_done is not None and self._alive(self._on_done):
                self._on_done(result)
        finally:
            self._runner._forget(self)

    @Slot(object, str)
    def _failed(self, exc: BaseException, trace: str) -> None:
        try:
            if self._on_error is not None:
                if self._alive(self._on_error):
                    self._on_error(exc)
            else:
                self._runner.unhandled.emit(exc, trace)
        finally:
            self._runner._forget(self)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if self._on_progress is not None and self._alive(self._on_progress):
            self._on_progress(done, total)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], relay: _Relay, cancel: threading.Event | None):
        super().__init__()
        self._fn, self._relay, self._cancel = fn, relay, cancel

    def run(self) -> None:
        try:
            result = self._fn() if self._cancel is None else self._fn(self._report)
        except BaseException as exc:
            self._relay.failed.emit(exc, traceback.format_exc())
        else:
            self._relay.finished.emit(result)

    def _report(self, done: int, total: int) -> bool:
        self._relay.progressed.emit(done, total)
        return not (self._cancel is not None and self._cancel.is_set())


class TaskRunner(QObject):
    """Submit functions to a thread pool; callbacks run on the GUI thread."""

    unhandled = Signal(object, str)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run ``fn()`` in the background; callbacks are skipped once ``owner`` is gone."""
        relay = _Relay(self, on_done, on_error, None, owner)
        self._relays.add(relay)
        self._pool.start(_Job(fn, relay, None))

    def run_with_progress(
        self,
        fn: Callable[[Progress], Any],
        on_progress: Callable[[int, int], None],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> threading.Event:
        """Run ``fn(progress)``; set the returned event to ask it to stop."""
        cancel = threading.Event()
        relay = _Relay(self, on_done, on_error, on_progress)
        self._relays.add(relay)
        self._pool.start(_Job(fn, relay, cancel))
        return cancel

    def busy(self) -> bool:
        """True while any task has not yet delivered its result."""
        return bool(self._relays)

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """Block until worker threads finish (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)

    def _forget(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        if not self._relays:
            self.idle.emit()
