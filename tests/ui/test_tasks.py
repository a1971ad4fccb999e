"""The task runner: results reach the GUI thread, and never a widget that is gone."""

from __future__ import annotations

import threading
import time
from functools import partial

import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.tasks import Progress, TaskRunner

Seen = list[tuple[str, object, bool]]


class _Receiver(QWidget):
    """A widget that writes down what reaches it, and whether on the GUI thread."""

    def __init__(self, seen: Seen) -> None:
        super().__init__()
        self.seen = seen

    def got(self, tag: str, value: object) -> None:
        self.seen.append((tag, value, threading.current_thread() is threading.main_thread()))

    def stepped(self, done: int, _total: int) -> None:
        self.got("step", done)


def _after(gate: threading.Event, value: int) -> int:
    gate.wait(10)
    return value


def _count_slowly(progress: Progress) -> int:
    done = 0
    while done < 10_000 and progress(done, 10_000):
        time.sleep(0.001)
        done += 1
    return done


def _fail() -> None:
    raise ValueError("refused")


def test_result_reaches_a_bound_method_on_the_gui_thread(qtbot: QtBot, tasks: TaskRunner) -> None:
    seen: Seen = []
    receiver = _Receiver(seen)
    qtbot.addWidget(receiver)
    gate = threading.Event()
    gate.set()
    tasks.run(partial(_after, gate, 7), partial(receiver.got, "done"), owner=receiver)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [("done", 7, True)]


def test_result_for_a_deleted_widget_is_dropped(qtbot: QtBot, tasks: TaskRunner) -> None:
    seen: Seen = []
    receiver = _Receiver(seen)
    gate = threading.Event()
    tasks.run(partial(_after, gate, 1), partial(receiver.got, "late"))
    shiboken6.delete(receiver)
    gate.set()
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=5000)
    assert seen == []


def test_errors_go_to_the_handler_or_to_unhandled(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: Seen = []
    receiver = _Receiver(seen)
    qtbot.addWidget(receiver)
    unhandled: list[str] = []
    runner.unhandled.connect(lambda exc, _trace: unhandled.append(str(exc)))
    runner.run(_fail, on_error=partial(receiver.got, "error"))
    runner.run(_fail)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=5000)
    runner.wait_for_done(5000)
    assert [(tag, str(exc)) for tag, exc, _main in seen] == [("error", "refused")]
    assert unhandled == ["refused"]


def test_progress_reaches_the_widget_and_cancel_stops_the_work(
        qtbot: QtBot, tasks: TaskRunner) -> None:
    seen: Seen = []
    receiver = _Receiver(seen)
    qtbot.addWidget(receiver)
    cancel = tasks.run_with_progress(_count_slowly, receiver.stepped,
                                     partial(receiver.got, "stopped"))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    cancel.set()
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10000)
    stopped = [value for tag, value, _main in seen if tag == "stopped"]
    assert len(stopped) == 1 and isinstance(stopped[0], int) and stopped[0] < 10_000
    assert all(main for _tag, _value, main in seen)
