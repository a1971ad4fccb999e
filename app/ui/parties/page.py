"""The party registry: every person and organisation that has been a party."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import i18n
from app.domain.codes import PARTY_KINDS, label
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.parties import queries as party_queries
from app.services.parties.queries import PartyRow
from app.services.parties.registry import search_parties
from app.ui.lazy_table import Column, LazyTableModel
from app.ui.parties.party_dialog import PartyDialog
from app.ui.table_view import apply_widths_when_loaded, make_table
from app.ui.tasks import TaskRunner


class PartiesPage(QWidget):
    """当事人: ID numbers and phones masked unless the user's role allows full view."""

    SEARCH_LIMIT = 500

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self._query = ""
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
        self.model = LazyTableModel(tasks, columns, self._count, self._page, parent=self)
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
        self.model.counted.connect(
            lambda n: self.count_label.setText(_("共 {n} 名").format(n=i18n.format_number(n))))

    def load(self) -> None:
        """Count and show the first page (the query is read here, on the GUI thread)."""
        self._query = self.search.text().strip()
        self.model.reload()

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

    def _found(self) -> list[PartyRow]:
        return search_parties(self.workspace.db, self.workspace.user, self._query,
                              self.SEARCH_LIMIT)

    def _count(self) -> int:
        if self._query:
            return len(self._found())
        return party_queries.count_parties(self.workspace.db)

    def _page(self, offset: int, limit: int, total: int, _sort: str | None,
              _descending: bool) -> list[PartyRow]:
        if self._query:
            return self._found()[offset:offset + limit]
        return party_queries.party_page(self.workspace.db, self.workspace.user, offset, limit,
                                        total)
