"""A lazy list's cell texts are made once, with their page, and its columns fit them as Qt would.

The texts are made on the worker beside the page, so a repaint only looks
them up; the first page's column widths are measured from those texts
instead of asking the model cell by cell, and must come out exactly as Qt's
own ``sizeHintForColumn`` over the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.lazy_table import Column, LazyTableModel
from app.ui.table_view import apply_widths, apply_widths_when_loaded, make_table
from app.ui.tasks import TaskRunner


@dataclass(frozen=True)
class _Row:
    number: str
    name: str
    note: str
    count: int


ROWS = [
    _Row("", "张三", "", 3),
    _Row("（2026）黔0102民调字第12号", "贵阳市南明区花果园街道人民调解委员会", "Wang Xiaoming", 12),
    _Row("X-7", "李四 — 王五", "两行的\n备注，第二行更长一些", 1_000),
    _Row("（2026）黔0102民调字第3号", "Mixed 中文 and English", "", 7),
] * 60
WIDTHS = (40, 60, 30, 20)
TITLES = ("号", "名称", "备注", "数")


def _model(tasks: TaskRunner, made: list[str]) -> LazyTableModel:
    def text(field: str) -> Any:
        def show(row: _Row) -> str:
            made.append(field)
            return str(getattr(row, field))
        return show

    fields = ("number", "name", "note", "count")
    columns = [Column(title, text(field), align_right=field == "count")
               for title, field in zip(TITLES, fields, strict=True)]

    def page(offset: int, limit: int, _total: int, _sort: str | None,
             _descending: bool) -> list[_Row]:
        return ROWS[offset:offset + limit]

    return LazyTableModel(tasks, columns, lambda: len(ROWS), page)


def test_first_page_widths_match_qts_own_measure(qtbot: QtBot, tasks: TaskRunner) -> None:
    made: list[str] = []
    model = _model(tasks, made)
    table = make_table(WIDTHS)
    table.horizontalHeader().setStretchLastSection(False)  # every width as fitted
    qtbot.addWidget(table)
    table.setModel(model)
    apply_widths_when_loaded(table, model.page_loaded)
    table.resize(900, 400)
    table.show()
    model.reload()
    qtbot.waitUntil(lambda: model.row_object(0) is not None, timeout=10000)
    assert len(made) == LazyTableModel.PAGE_SIZE * len(WIDTHS), "each cell's text made once"

    for column in range(len(WIDTHS)):  # what Qt measures over the same 200 rows, cell by cell
        table.horizontalHeader().setResizeContentsPrecision(LazyTableModel.PAGE_SIZE)
        expected = min(table.sizeHintForColumn(column), WIDTHS[column] * 2)
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        heading = table.horizontalHeader().fontMetrics().horizontalAdvance(title) + 24
        assert table.columnWidth(column) == max(WIDTHS[column], heading, expected), column
    assert table.columnWidth(1) > WIDTHS[1], "the long names widened their column"

    before = len(made)
    table.viewport().repaint()
    assert model.data(model.index(2, 2)) == "两行的\n备注，第二行更长一些"
    assert len(made) == before, "a repaint looks the texts up"


def test_nothing_loaded_keeps_the_given_widths(qtbot: QtBot, tasks: TaskRunner) -> None:
    table = make_table(WIDTHS)
    table.horizontalHeader().setStretchLastSection(False)  # every width as fitted
    qtbot.addWidget(table)
    table.setModel(_model(tasks, []))
    apply_widths(table, page=0)  # not counted yet: no row shows a text to measure
    metrics = table.horizontalHeader().fontMetrics()
    assert [table.columnWidth(c) for c in range(len(WIDTHS))] == [
        max(width, metrics.horizontalAdvance(title) + 24)
        for width, title in zip(WIDTHS, TITLES, strict=True)]
