"""The party registry: every person and organisation that has been a party."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import i18n
from app.domain.codes import PARTY_KINDS, label
from app.domain.text import _
from app.services.casebase.opening import Database
from app.services.casebase.workspace import Workspace
from app.services.parties import queries as party_queries
from app.services.parties.queries import PartyRow
from app.services.parties.registry import search_parties
from app.services.security.users import UserInfo
from app.ui.lazy_table import Column, LazyTableModel, PageFn
from app.ui.parties.party_dialog import PartyDialog
from app.ui.table_view import apply_widths_when_loaded, make_table, open_on_keys
from app.ui.tasks import TaskRunner

SEARCH_LIMIT = 500


def _count(db: Database, viewer: UserInfo, query: str) -> int:
    """Registry size, or how many records match ``query`` (runs on a worker)."""
    if query:
        return len(search_parties(db, viewer, query, SEARCH_LIMIT))
    return party_queries.count_parties(db, viewer)


def _page(db: Database, viewer: UserInfo, query: str, offset: int, limit: int, total: int,
          _sort: str | None, _descending: bool) -> list[PartyRow]:
    """One page of the registry, or of the records matching ``query`` (runs on a worker)."""
    if query:
        return search_parties(db, viewer, query, SEARCH_LIMIT)[offset:offset + limit]
    return party_queries.party_page(db, viewer, offset, limit, total)


def _source(db: Database, viewer: UserInfo, query: str) -> tuple[Callable[[], int], PageFn]:
    """The count and page functions of the lazy list for ``query``."""
    return partial(_count, db, viewer, query), partial(_page, db, viewer, query)


class PartiesPage(QWidget):
    """当事人: ID numbers and phones masked unless the user's role allows full view."""

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("查找当事人：姓名、身份证号、电话、地址，或拼音首字母"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.load)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        columns = [
            Column(_("编号"), lambda r: str(r.id), align_right=True),
            Column(_("姓名/名称"), lambda r: r.name),
            Column(_("类别"), lambda r: label(PARTY_KINDS, r.kind)),
            Column(_("身份证号/统一社会信用代码"), lambda r: r.identifier),
            Column(_("联系电话"), lambda r: r.phone or ""),
            Column(_("案件数"), lambda r: str(r.case_count), align_right=True),
            Column(_("住址"), lambda r: r.address),
        ]
        self.model = LazyTableModel(tasks, columns, *_source(workspace.db, workspace.user, ""),
                                    parent=self)
        self.table = make_table((70, 160, 110, 200, 130, 70, 300))
        self.table.setModel(self.model)
        apply_widths_when_loaded(self.table, self.model.page_loaded)
        self.count_label = QLabel()
        note = QLabel(_("证件号码与电话已按您的权限脱敏显示。")
                      if not workspace.user.may_see_full_ids else "")
        note.setStyleSheet("color: #666;")
        bar = QHBoxLayout()
        bar.addWidget(note)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.table.doubleClicked.connect(self._open_row)
        open_on_keys(self.table, self._open_row, self)
        self.model.counted.connect(self._show_count)

    def load(self) -> None:
        """Count and show the first page (the query is read here, on the GUI thread)."""
        query = self.search.text().strip()
        self.model.set_source(*_source(self.workspace.db, self.workspace.user, query))

    def _show_count(self, total: int) -> None:
        self.count_label.setText(_("共 {n} 名").format(n=i18n.format_number(total)))

    def open_party(self, party_id: int) -> PartyDialog:
        """Show one record for viewing, editing or merging."""
        dialog = PartyDialog(self.workspace, self.tasks, party_id, self)
        dialog.changed.connect(self.model.reload)
        dialog.open()
        return dialog

    def _open_row(self, index: QModelIndex) -> None:
        row = self.model.row_object(index.row())
        if row is not None:
            self.open_party(row.id)
