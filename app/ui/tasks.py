"""Run database work off the GUI thread and deliver results back on it.

Like Anki's single background helper: widgets never wait on the database.
A task is a plain function; its result (or exception) comes back through a
signal to a callback on the GUI thread.  Workers never touch widgets.
Long tasks get a ``progress(done, total) -> bool`` callable whose False return
means the user pressed Cancel.  A result for a widget that was closed in the
meantime is dropped (callbacks should be bound methods of the widget).

No Python object that is tied to Qt may lose its last reference on a worker
thread: its destructor would take Qt's connection lock while the worker waits
for the GIL, and the GUI thread, holding the GIL, may be waiting for that very
lock (a deadlock seen in CI).  So the worker never owns anything: the task's
function and callbacks stay in the runner's table until the GUI thread has
delivered the result, and the worker only talks to one long-lived relay.

How every call site in app/ui submits work
------------------------------------------
1. On the GUI thread, copy what the worker needs into local variables: ids,
   text read from widgets, and the workspace's database handle and user::

       db, user, case_id = self.workspace.db, self.workspace.user, self.case_id

2. Submit a ``functools.partial`` of a service function over those locals
   (its arguments are evaluated here, on the GUI thread), or of a module-level
   (or static) function when the work is more than one call or needs its
   arguments rearranged.  Never a lambda or a nested function: those read
   ``self``, widgets or Qt objects when the worker runs them::

       self.tasks.run(partial(get_case, db, user, case_id), self.show_case,
                      self.show_error, owner=self)

3. Handle the result and the error with bound methods of the widget (or a
   ``partial`` of one, to carry GUI-side context such as which region was
   asked for): the runner skips them once the widget has been deleted, and
   they run on the GUI thread, where touching widgets is allowed.

So the worker sees plain values only, and the runner's table keeps every
callback (which may well hold widgets) until the GUI thread drops it.
docs/architecture.md ("The threading rule") tells the same from above;
tests/ui/test_task_idiom.py checks every call site against this idiom.
"""

from __future__ import annotations

import functools
import itertools
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

Progress = Callable[[int, int], bool]
R = TypeVar("R")


@dataclass
class _Task:
    """What the GUI thread keeps for one task until its result is delivered.

    The result type is erased here: ``run`` ties ``fn`` and ``on_done``
    together, and the table only hands one's value to the other.
    """

    fn: Callable[..., object]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int], None] | None
    owner: QObject | None
    cancel: threading.Event | None


class _Relay(QObject):
    """Lives on the GUI thread as long as the runner; queued signals land here."""

    finished = Signal(int, object)
    failed = Signal(int, object, str)
    progressed = Signal(int, int, int)


def _drop_frames(exc: BaseException) -> None:
    """Detach tracebacks: their frames could hold the last reference to a widget."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__


class _Job(QRunnable):
    """Runs one task on a pool thread, holding only its id and the long-lived relay."""

    def __init__(self, task_id: int, runner: TaskRunner) -> None:
        super().__init__()
        self._id, self._runner, self._relay = task_id, runner, runner._relay

    def run(self) -> None:
        task_id, relay = self._id, self._relay
        fn, cancel = self._runner._work(task_id)
        try:
            result = fn() if cancel is None else fn(self._reporter(task_id, cancel))
        except BaseException as exc:
            del fn
            trace = traceback.format_exc()
            _drop_frames(exc)
            relay.failed.emit(task_id, exc, trace)
        else:
            del fn
            relay.finished.emit(task_id, result)

    def _reporter(self, task_id: int, cancel: threading.Event) -> Progress:
        relay = self._relay

        def report(done: int, total: int) -> bool:
            relay.progressed.emit(task_id, done, total)
            return not cancel.is_set()

        return report


class TaskRunner(QObject):
    """Submit functions to a thread pool; callbacks run on the GUI thread."""

    unhandled = Signal(object, str)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._done)
        self._relay.failed.connect(self._failed)
        self._relay.progressed.connect(self._progress)
        self._tasks: dict[int, _Task] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def run(
        self,
        fn: Callable[[], R],
        on_done: Callable[[R], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run ``fn()`` in the background; callbacks are skipped once ``owner`` is gone.

        ``fn`` should be a ``functools.partial`` over plain values (see the
        module docstring); ``on_done`` receives what it returns.
        """
        self._start(_Task(fn, on_done, on_error, None, owner, None))

    def run_with_progress(
        self,
        fn: Callable[[Progress], R],
        on_progress: Callable[[int, int], None],
        on_done: Callable[[R], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> threading.Event:
        """Run ``fn(progress)``; set the returned event to ask it to stop."""
        cancel = threading.Event()
        self._start(_Task(fn, on_done, on_error, on_progress, None, cancel))
        return cancel

    def busy(self) -> bool:
        """True while any task has not yet delivered its result."""
        with self._lock:
            return bool(self._tasks)

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """Block until worker threads finish (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)

    def _start(self, task: _Task) -> None:
        task_id = next(self._ids)
        with self._lock:
            self._tasks[task_id] = task
        self._pool.start(_Job(task_id, self))

    def _work(self, task_id: int) -> tuple[Callable[..., object], threading.Event | None]:
        """The function to run (called on the worker; the table keeps its reference)."""
        with self._lock:
            task = self._tasks[task_id]
        return task.fn, task.cancel

    def _take(self, task_id: int) -> _Task | None:
        with self._lock:
            task = self._tasks.pop(task_id, None)
            empty = not self._tasks
        if empty:
            self.idle.emit()
        return task

    @staticmethod
    def _alive(task: _Task, callback: Callable[..., None] | None) -> bool:
        """False once the owner or the widget whose method ``callback`` is has been deleted."""
        if task.owner is not None and not shiboken6.isValid(task.owner):
            return False
        target: object = callback
        while isinstance(target, functools.partial):
            target = target.func
        receiver = getattr(target, "__self__", None)
        return callback is not None and (not isinstance(receiver, QObject)
                                         or shiboken6.isValid(receiver))

    @Slot(int, object)
    def _done(self, task_id: int, result: object) -> None:
        task = self._take(task_id)
        if task is not None and self._alive(task, task.on_done):
            assert task.on_done is not None
            task.on_done(result)

    @Slot(int, object, str)
    def _failed(self, task_id: int, exc: BaseException, trace: str) -> None:
        task = self._take(task_id)
        if task is None:
            return
        if task.on_error is None:
            self.unhandled.emit(exc, trace)
        elif self._alive(task, task.on_error):
            task.on_error(exc)

    @Slot(int, int, int)
    def _progress(self, task_id: int, done: int, total: int) -> None:
        with self._lock:
            task = self._tasks.get(task_id)
        if task is not None and self._alive(task, task.on_progress):
            assert task.on_progress is not None
            task.on_progress(done, total)
