"""Checking a ledger's rows: inline for a short file, in a second process for a long one.

Checking a row by the intake rules (dates, amounts, ID numbers, phones, the
whole intake document) and working out its parties' pinyin initials is about
half the work of an import, and it needs nothing from the case base.  So
for a long ledger the rows go, a batch at a time, to one worker process
that checks them while this process numbers, finds parties and writes the
rows checked before: the two cores of an office PC both work.  The
outcomes come back in sheet order, exactly what checking inline gives (the
same RowReader, the same messages), so the preview, the problems and the
import do not depend on which way was taken.

The worker is started with "spawn", never "fork": the GUI runs an import on
a worker thread of a Qt program, and forking that is unsafe.  It gets the
user's language for its messages.  If it cannot be started or dies (a
locked-down PC, a frozen build without multiprocessing support), the rows
it had are checked here instead: slower, same result.  A short file is
checked inline, where starting a process would cost more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Generator, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app import i18n
from app.domain.ledger_mapping import LedgerMapping
from app.domain.ledger_rows import RowReader
from app.domain.ledger_values import Cell
from app.domain.search_terms import stored_initials
from app.services.imports.packed import Packed, pack

PARALLEL_FROM = 5000
"""Rows from which a second process checks them (below, starting it costs more than it saves)."""
BATCH = 500
"""Rows sent to the worker at a time."""
AHEAD = 4
"""Batches in flight at once: enough to keep the worker busy, few enough to keep memory flat."""

Batch = list[tuple[int, Sequence[Cell]]]
Checked = tuple[int, Packed]
"""A sheet row number and what the row became (packed: app/services/imports/packed.py)."""


@dataclass(frozen=True)
class ReaderSpec:
    """What a RowReader is built from: sent once to the worker."""

    labels: tuple[str, ...]
    columns: Mapping[int, str]
    mapping: LedgerMapping
    now: datetime

    def reader(self) -> RowReader:
        """A RowReader for these columns and values."""
        return RowReader(self.labels, self.columns, self.mapping, self.now)


WARM_FROM_BYTES = 256 * 1024
"""Ledger files from this size start their checking process before they are opened: a
sheet of 5,000 rows (PARALLEL_FROM) takes about 400 KB as .xlsx and more as CSV."""

_worker_reader: RowReader | None = None


def _start_worker(locale: str) -> None:
    """Worker initializer: the user's language for messages, and the pinyin dictionaries
    loaded (half a second) while the ledger is still being opened."""
    i18n.activate(locale)
    stored_initials("调")


def _configure(spec: ReaderSpec) -> None:
    """Worker task, sent before the rows: the row reader of this ledger.

    What the process holds by now (modules, dictionaries, the reader) lives as
    long as it does, so the garbage collector is told to leave it out of its
    scans: ~7 µs a row otherwise, as rows' objects come and go.
    """
    global _worker_reader
    _worker_reader = spec.reader()
    gc.freeze()


def _check_batch(rows: Batch) -> list[Packed]:
    """Worker task: the outcome of each row of a batch, in order, packed to travel light."""
    assert _worker_reader is not None
    return [pack(_worker_reader.read(number, cells)) for number, cells in rows]


def _batches(rows: Iterator[tuple[int, Sequence[Cell]]]) -> Iterator[Batch]:
    batch: Batch = []
    for item in rows:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def check_rows(rows: Iterator[tuple[int, Sequence[Cell]]], spec: ReaderSpec,
               parallel: bool, process: CheckingProcess | None = None
               ) -> Generator[Checked, None, None]:
    """Each row's outcome in sheet order; ``parallel``: checked by a worker process (the
    ``process`` started early, else a new one; either is stopped when this ends).

    Close the iterator (``contextlib.closing``) to stop early: the worker is
    shut down and rows not yet checked are dropped.
    """
    if not parallel:
        reader = spec.reader()
        for number, cells in rows:
            yield number, pack(reader.read(number, cells))
        return
    yield from _in_worker(_batches(rows), spec, process or CheckingProcess())


class CheckingProcess:
    """The worker process, started (and its rules loaded) before the ledger is known.

    A ledger of 100,000 rows takes about a second to open; spawning the worker
    and importing the rules takes about half that, so they are done meanwhile.
    """

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        try:
            self.pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker, initargs=(i18n.current_locale(),))
            self.pool.submit(int)  # the process is spawned on the first task
        except (OSError, RuntimeError, BrokenProcessPool):
            self.stop(wait=False)

    def stop(self, wait: bool = True) -> None:
        """Shut the worker down (tasks not started are dropped)."""
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None


@contextmanager
def checking_process(path: str | Path) -> Iterator[CheckingProcess | None]:
    """A worker started now for a ledger file big enough to be checked apart (else None);
    stopped when the block ends, whether or not its rows were checked."""
    big = Path(path).is_file() and Path(path).stat().st_size >= WARM_FROM_BYTES
    process = CheckingProcess() if big else None
    try:
        yield process
    finally:
        if process is not None:
            process.stop()


class _Worker:
    """The worker process and the batches it has been sent, oldest first."""

    def __init__(self, spec: ReaderSpec, process: CheckingProcess) -> None:
        self.spec = spec
        self.process = process
        self.pool = process.pool
        self.pending: deque[tuple[Batch, Future[list[Packed]] | None]] = deque()
        self.inline: RowReader | None = None
        if self.pool is not None:
            try:
                self.pool.submit(_configure, spec)
            except (BrokenProcessPool, RuntimeError):
                self.stop(wait=False)

    def send(self, batch: Batch) -> None:
        """Queue a batch: to the worker, or (once it has failed) for checking here."""
        future = None
        if self.pool is not None:
            try:
                future = self.pool.submit(_check_batch, batch)
            except (BrokenProcessPool, RuntimeError):
                self.stop(wait=False)
        self.pending.append((batch, future))

    def receive(self) -> Iterator[Checked]:
        """The oldest batch's outcomes, in order."""
        batch, future = self.pending.popleft()
        outcomes = None
        if future is not None:
            try:
                outcomes = future.result()
            except (BrokenProcessPool, OSError):
                self.stop(wait=False)
        if outcomes is None:
            self.inline = self.inline or self.spec.reader()
            outcomes = [pack(self.inline.read(number, cells)) for number, cells in batch]
        for (number, _cells), outcome in zip(batch, outcomes, strict=True):
            yield number, outcome

    def stop(self, wait: bool = True) -> None:
        """Shut the worker down; batches it still had are checked here."""
        if self.pool is not None:
            self.process.stop(wait=wait)
            self.pool = None
            self.pending = deque((batch, None) for batch, _future in self.pending)


def _in_worker(batches: Iterator[Batch], spec: ReaderSpec,
               process: CheckingProcess) -> Iterator[Checked]:
    worker = _Worker(spec, process)
    try:
        for batch in batches:
            worker.send(batch)
            if len(worker.pending) >= AHEAD:
                yield from worker.receive()
        while worker.pending:
            yield from worker.receive()
    finally:
        worker.stop()
