"""A table model that shows a million rows while holding only a few pages.

The row count comes from one background COUNT; rows are fetched a page at a
time in the background when the view first asks for them, and the view is
told when they arrive.  Only the most recently used pages are kept.

``count_fn`` and ``page_fn`` run on a worker thread, so the page that owns the
model passes ``functools.partial`` objects over plain values (the database
handle, the user, the filter), never its own bound methods.  The text of every
cell of a page is made there too, beside the page: the view asks for a cell's
text on every repaint, and fitting the columns asks for a whole page of them,
so the GUI thread only looks the text up.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from app.domain.text import _
from app.ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                    Qt.ItemDataRole.ForegroundRole})


@dataclass(frozen=True)
class Column:
    """How one column shows a row object.

    ``text`` runs on the worker that fetched the row, so it may only read the
    row (and format it): never a widget or the page that owns the model.
    """

    title: str
    text: Callable[[Any], str]
    sort_key: str | None = None
    align_right: bool = False
    colour: Callable[[Any], str | None] = field(default=lambda _row: None)


PageFn = Callable[[int, int, int, str | None, bool], list[Any]]


class _Page(NamedTuple):
    """The rows of one page and the text of each of their cells, in column order."""

    rows: list[Any]
    texts: list[tuple[str, ...]]


def _fetch_page(page_fn: PageFn, columns: tuple[Column, ...], offset: int, limit: int,
                total: int, sort_key: str | None, descending: bool) -> _Page:
    """One page of rows and the text of their cells (on the worker)."""
    rows = page_fn(offset, limit, total, sort_key, descending)
    return _Page(rows, [tuple(column.text(row) for column in columns) for row in rows])


class LazyTableModel(QAbstractTableModel):
    """Rows come from ``page_fn(offset, limit, total, sort_key, descending)``."""

    PAGE_SIZE = 200
    MAX_PAGES = 60

    counted = Signal(int)
    page_loaded = Signal(int)
    load_failed = Signal(str)

    def __init__(self, tasks: TaskRunner, columns: list[Column], count_fn: Callable[[], int],
                 page_fn: PageFn, default_sort: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._columns = columns
        self._count_fn = count_fn
        self._page_fn = page_fn
        self._total = 0
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self._sort_key = default_sort
        self._descending = True

    def set_source(self, count_fn: Callable[[], int], page_fn: PageFn) -> None:
        """Point the model at a new query (e.g. a changed filter) and reload."""
        self._count_fn, self._page_fn = count_fn, page_fn
        self.reload()

    def reload(self) -> None:
        """Count again and drop every cached page."""
        self._generation += 1
        generation = self._generation
        self._tasks.run(self._count_fn, partial(self._on_count, generation), self._on_error,
                        owner=self)

    def total(self) -> int:
        """Rows in the current query."""
        return self._total

    def row_object(self, row: int) -> Any | None:
        """The loaded row behind ``row`` (None while its page is still loading)."""
        page = self._pages.get(row // self.PAGE_SIZE)
        offset = row % self.PAGE_SIZE
        if page is None or offset >= len(page.rows):
            return None
        return page.rows[offset]

    def page_texts(self, page: int, column: int) -> list[str]:
        """What ``column`` shows in each row of a loaded ``page`` (empty if it is not loaded)."""
        loaded = self._pages.get(page)
        return [] if loaded is None else [cells[column] for cells in loaded.texts]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None  # the view asks for a dozen roles per cell; only these have answers
        number, offset = divmod(index.row(), self.PAGE_SIZE)
        page = self._pages.get(number)
        if page is None or offset >= len(page.rows):
            self._request(number)
            loading = role == Qt.ItemDataRole.DisplayRole and index.column() == 0
            return _("加载中…") if loading else None
        if role == Qt.ItemDataRole.DisplayRole:
            return page.texts[offset][index.column()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = column.colour(page.rows[offset])
            return QColor(colour) if colour else None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._columns[column].sort_key
        if key is None:
            return
        self._sort_key = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        fetch = partial(_fetch_page, self._page_fn, tuple(self._columns), page * self.PAGE_SIZE,
                        self.PAGE_SIZE, self._total, self._sort_key, self._descending)
        self._tasks.run(fetch, partial(self._on_page, self._generation, page), self._on_error,
                        owner=self)

    def _on_count(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._total = total
        self._pages.clear()
        self._pending.clear()
        self.endResetModel()
        self.counted.emit(total)

    def _on_page(self, generation: int, page: int, loaded: _Page) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._pages[page] = loaded
        self._pages.move_to_end(page)
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * self.PAGE_SIZE
        last = min(first + len(loaded.rows), self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self._columns) - 1))
        self.page_loaded.emit(page)

    def _on_error(self, exc: BaseException) -> None:
        self._pending.clear()
        self.load_failed.emit(str(exc))
