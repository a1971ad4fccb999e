"""指派: the recommendation with its reasons, and the user's choice of organisation and mediators.

The mediator sees why the rules suggest an organisation and a mediator
before choosing; any mediator may still be picked by hand, but one who should
step aside (a party, or tied to a party) is shown in red with the reason, and
saving with them asks for confirmation first.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.domain.codes import MEDIATION_TYPES, ORG_KINDS, label
from app.domain.conflicts import MediatorChoice
from app.domain.text import _
from app.services.assignment.assign import AssignmentResult, assign
from app.services.assignment.recommendation import Recommendation, mediators_of, recommend
from app.services.casebase.workspace import Workspace
from app.services.organisations import queries as organisation_queries
from app.ui.app_errors import error_text
from app.ui.combos import vocab_combo
from app.ui.form_errors import ErrorLabel
from app.ui.shortcuts import make_primary
from app.ui.table_view import apply_widths, make_small_table
from app.ui.tasks import TaskRunner

CONFLICT_COLOUR = QColor("#c62828")
ORGANISATION_ROWS = 4
"""Recommended organisations shown without scrolling (the rules name up to four levels)."""


def _rows_high(table: QTableWidget, rows: int) -> int:
    """The height that shows the header and ``rows`` rows of ``table`` without scrolling."""
    return (table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
            + table.horizontalScrollBar().sizeHint().height())


class AssignDialog(QDialog):
    """Assign one case; emits ``assigned`` with the AssignmentResult."""

    assigned = Signal(object)

    def __init__(self, workspace: Workspace, tasks: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.tasks, self.case_id = workspace, tasks, case_id
        self.recommendation: Recommendation | None = None
        self.choices: list[MediatorChoice] = []
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle(_("分流指派"))
        self.resize(980, 700)
        self.reasons = QLabel(_("正在计算推荐…"))
        self.reasons.setWordWrap(True)
        self.reasons.setStyleSheet("background: #fff8e1; padding: 8px; border-radius: 4px;")
        self.organisations = make_small_table((300, 190, 440))
        self.organisations.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.organisations.itemSelectionChanged.connect(self._organisation_chosen)
        self.other_organisation = QComboBox()
        self.other_organisation.addItem(_("（从全部组织中另选）"), None)
        self.other_organisation.currentIndexChanged.connect(self._other_chosen)
        self.mediators = make_small_table((50, 90, 230, 70, 480))
        self.mediators.itemChanged.connect(self._ticked)
        self.lead = QComboBox()
        self.mediation_type = vocab_combo(MEDIATION_TYPES)
        self.supervised = QCheckBox(_("挂牌督办"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("指派理由（可不填，默认“分流指派”）"))
        self.warning = ErrorLabel()
        self.message = ErrorLabel()
        self.save_button = QPushButton()
        make_primary(self, self.save_button, _("指派"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        cancel = QPushButton(_("取消"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("主办调解员"), self.lead)
        form.addRow(_("调解类型"), self.mediation_type)
        form.addRow("", self.supervised)
        form.addRow(_("指派理由"), self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        other_row = QHBoxLayout()
        other_row.addWidget(QLabel(_("推荐的调解组织（选中一行）")), 1)
        other_row.addWidget(self.other_organisation)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reasons)
        layout.addLayout(other_row)
        layout.addWidget(self.organisations, 1)
        layout.addWidget(QLabel(_("调解员（勾选参加调解的调解员；可跨组织联合调解）")))
        layout.addWidget(self.mediators, 3)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addLayout(buttons)
        db, user = workspace.db, workspace.user
        self.tasks.run(partial(recommend, db, user, case_id), self.show_recommendation,
                       self._failed, owner=self)
        self.tasks.run(partial(organisation_queries.organisations, db, user),
                       self._fill_other, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.message.show_message(error_text(exc))

    def show_recommendation(self, rec: Recommendation) -> None:
        """Show the rule's reasons and the recommended organisations and mediators."""
        self.recommendation = rec
        self.reasons.setText(_("{number} 的分流推荐：").format(number=rec.number) + "\n"
                             + "\n".join(f"• {r}" for r in rec.reasons))
        self.mediation_type.setCurrentIndex(self.mediation_type.findData(rec.mediation_type))
        self.supervised.setChecked(rec.supervised)
        table = self.organisations
        table.blockSignals(True)
        table.clear()
        table.setColumnCount(3)
        table.setHorizontalHeaderLabels([_("调解组织"), _("类别"), _("推荐理由")])
        table.setMinimumHeight(_rows_high(table, ORGANISATION_ROWS))
        table.setRowCount(len(rec.organisations))
        for row, org in enumerate(rec.organisations):
            for column, text in enumerate((org.name, label(ORG_KINDS, org.kind),
                                           _("；").join(org.reasons))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, org.id)
                table.setItem(row, column, item)
        apply_widths(table)
        table.blockSignals(False)
        self._show_mediators(list(rec.mediators) + list(rec.conflicted))
        if rec.organisations:
            table.selectRow(0)

    def _fill_other(self, rows: list[organisation_queries.OrganisationRow]) -> None:
        for r in rows:
            self.other_organisation.addItem(_("{name}（{detail}）").format(
                name=r.name, detail=label(ORG_KINDS, r.kind)), r.id)

    def selected_organisation(self) -> int | None:
        """The organisation the case will be assigned to."""
        other = self.other_organisation.currentData()
        if other is not None:
            return int(other)
        items = self.organisations.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _organisation_chosen(self) -> None:
        if self.organisations.selectedItems() and self.other_organisation.currentIndex() > 0:
            self.other_organisation.setCurrentIndex(0)
        self._refresh_lead()

    def _other_chosen(self) -> None:
        org_id = self.other_organisation.currentData()
        if org_id is None or self.recommendation is None:
            self._refresh_lead()
            return
        wanted = [int(org_id)] + [o.id for o in self.recommendation.organisations[:4]]
        db, user, case_id = self.workspace.db, self.workspace.user, self.case_id
        self.tasks.run(partial(mediators_of, db, user, case_id, wanted),
                       self._show_mediators, self._failed, owner=self)

    def _show_mediators(self, choices: list[MediatorChoice]) -> None:
        ticked = set(self.ticked())
        self.choices = choices
        table = self.mediators
        table.blockSignals(True)
        table.clear()
        table.setColumnCount(5)
        table.setHorizontalHeaderLabels([_("参加"), _("姓名"), _("所属组织"), _("在办"),
                                         _("推荐理由 / 回避事由")])
        table.setRowCount(len(choices))
        for row, m in enumerate(choices):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked if m.id in ticked
                               else Qt.CheckState.Unchecked)
            tick.setData(Qt.ItemDataRole.UserRole, m.id)
            table.setItem(row, 0, tick)
            why = (_("应回避：") + _("；").join(m.conflicts) if m.conflicts
                   else _("；").join(m.reasons))
            for column, text in enumerate((m.name, m.organisation,
                                           i18n.format_number(m.open_cases), why), start=1):
                item = QTableWidgetItem(text)
                if m.conflicts:
                    item.setForeground(CONFLICT_COLOUR)
                table.setItem(row, column, item)
        apply_widths(table)
        table.blockSignals(False)
        self._refresh_lead()

    def tick(self, mediator_id: int, on: bool = True) -> None:
        """Tick (or untick) a mediator in the list, as a click on the box would."""
        for row in range(self.mediators.rowCount()):
            item = self.mediators.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == mediator_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def ticked(self) -> list[int]:
        """Ids of the ticked mediators, in list order."""
        ids = []
        for row in range(self.mediators.rowCount()):
            item = self.mediators.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self._refresh_lead()

    def _conflicted_ticks(self) -> list[MediatorChoice]:
        chosen = set(self.ticked())
        return [m for m in self.choices if m.id in chosen and m.conflicts]

    def _refresh_lead(self) -> None:
        org_id = self.selected_organisation()
        current = self.lead.currentData()
        self.lead.clear()
        for m in self.choices:
            if m.id in self.ticked() and m.organisation_id == org_id:
                self.lead.addItem(m.name, m.id)
        index = self.lead.findData(current)
        self.lead.setCurrentIndex(max(index, 0))
        conflicted = self._conflicted_ticks()
        self.warning.show_message("\n".join(
            _("注意：{name}应当回避（{why}）").format(name=m.name, why="；".join(m.conflicts))
            for m in conflicted))

    def save(self, confirmed: bool = False) -> None:
        """Assign in the background; conflicts of interest need a confirmation first."""
        org_id = self.selected_organisation()
        if org_id is None:
            self.message.show_message(_("请选择接收的调解组织"))
            return
        if self._conflicted_ticks() and not confirmed:
            self.confirm_box = QMessageBox(QMessageBox.Icon.Warning, _("应当回避"),
                                           self.warning.text() + "\n" + _("仍然指派吗？"),
                                           QMessageBox.StandardButton.Yes
                                           | QMessageBox.StandardButton.No, self)
            self.confirm_box.finished.connect(
                lambda answer: self.save(True) if answer == QMessageBox.StandardButton.Yes
                else None)
            self.confirm_box.open()
            return
        mediators, lead = self.ticked(), self.lead.currentData()
        kind, supervised, reason = (self.mediation_type.currentData(),
                                    self.supervised.isChecked(), self.reason.text())
        self.save_button.setEnabled(False)
        self.message.show_message(None)
        db, user = self.workspace.db, self.workspace.user
        self.tasks.run(partial(assign, db, user, self.case_id, org_id, mediators, lead, kind,
                               reason, supervised, confirmed),
                       self._saved, self._save_failed, owner=self)

    def _saved(self, result: AssignmentResult) -> None:
        self.assigned.emit(result)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.message.show_message(error_text(exc))
