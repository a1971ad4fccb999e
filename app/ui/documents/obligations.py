"""The obligations table of the agreement editor: one row per agreed term.

Each row is who owes (义务人) what to whom (权利人): money with an amount, or
an act; by when and how.  Instalments are several rows; "按期拆分" turns
one money row into N equal instalments a month apart, the cents left over
going to the last, so the total is exactly what was agreed.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QTableWidget, QTableWidgetItem, QWidget

from app.domain.errors import ValidationError
from app.domain.money import CENT, parse_amount
from app.domain.numerals import chinese_number
from app.domain.text import N_, _
from app.services.agreements.agreement import CaseParticipant, ObligationInput
from app.ui.date_edit import picked, qdate

KINDS = {"money": N_("给付金钱"), "act": N_("履行行为")}
HEADERS = (N_("义务人"), N_("权利人"), N_("种类"), N_("内容"), N_("金额（元）"), N_("履行期限"),
           N_("履行方式"))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


class ObligationsTable(QTableWidget):
    """Editable rows of :class:`ObligationInput`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        for column, width in enumerate((110, 110, 90, 200, 100, 110, 120)):
            self.setColumnWidth(column, width)
        self.horizontalHeader().setStretchLastSection(True)
        self.parties: tuple[CaseParticipant, ...] = ()

    def _combo(self, options: Sequence[tuple[str, object]], current: object) -> QComboBox:
        combo = QComboBox()
        for text, value in options:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        return combo

    def add_row(self, ob: ObligationInput | None = None, at: int | None = None) -> None:
        """Append (or insert at ``at``) a row, filled from ``ob`` when given."""
        row = self.rowCount() if at is None else at
        self.insertRow(row)
        people = [(p.name, p.party_id) for p in self.parties]
        debtor = ob.debtor_party_id if ob else (self.parties[-1].party_id if self.parties else 0)
        creditor = ob.creditor_party_id if ob else (self.parties[0].party_id
                                                    if self.parties else 0)
        self.setCellWidget(row, 0, self._combo(people, debtor))
        self.setCellWidget(row, 1, self._combo(people, creditor))
        self.setCellWidget(row, 2, self._combo([(_(v), k) for k, v in KINDS.items()],
                                               ob.kind if ob else "money"))
        self.setItem(row, 3, QTableWidgetItem(ob.description if ob else ""))
        amount = "" if ob is None or ob.amount is None else f"{ob.amount:.2f}"
        self.setItem(row, 4, QTableWidgetItem(amount))
        due = QDateEdit(qdate(ob.due_date) if ob and ob.due_date else QDate.currentDate()
                        .addDays(30))
        due.setCalendarPopup(True)
        due.setDisplayFormat("yyyy-MM-dd")
        self.setCellWidget(row, 5, due)
        self.setItem(row, 6, QTableWidgetItem(ob.manner or "" if ob else ""))

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def row_value(self, row: int) -> ObligationInput:
        """The row as an obligation; a bad amount is a ValidationError naming the row."""
        combos = [self.cellWidget(row, c) for c in (0, 1, 2)]
        debtor, creditor, kind = (c.currentData() for c in combos
                                  if isinstance(c, QComboBox))
        text = self._text(row, 4)
        try:
            amount = parse_amount(text) if text else None
        except ValidationError as exc:
            raise ValidationError(_("第{n}项：{message}").format(n=row + 1, message=exc),
                                  f"obligations[{row}].amount") from exc
        due_edit = self.cellWidget(row, 5)
        assert isinstance(due_edit, QDateEdit)
        due = picked(due_edit)
        return ObligationInput(int(debtor or 0), int(creditor or 0), str(kind),
                               self._text(row, 3), amount, due, self._text(row, 6) or None)

    def values(self) -> tuple[ObligationInput, ...]:
        """Every row, in order."""
        return tuple(self.row_value(r) for r in range(self.rowCount()))

    def set_values(self, parties: tuple[CaseParticipant, ...],
                   obligations: tuple[ObligationInput, ...]) -> None:
        """Show ``obligations`` with ``parties`` offered as debtor and creditor."""
        self.parties = parties
        self.setRowCount(0)
        for ob in obligations:
            self.add_row(ob)

    def split(self, row: int, parts: int) -> None:
        """Turn the money row ``row`` into ``parts`` monthly instalments of the same total."""
        ob = self.row_value(row)
        if ob.kind != "money" or ob.amount is None or parts < 2:
            raise ValidationError(_("请选择一项填有金额的给付金钱义务，并设定至少两期"))
        share = (ob.amount / parts).quantize(CENT, rounding="ROUND_DOWN")
        self.removeRow(row)
        for k in range(parts):
            amount = share if k < parts - 1 else ob.amount - share * (parts - 1)
            due = _add_months(ob.due_date or date.today(), k)
            self.add_row(ObligationInput(
                ob.debtor_party_id, ob.creditor_party_id, "money",
                _("第{n}期{what}").format(n=chinese_number(k + 1), what=ob.description),
                Decimal(amount), due, ob.manner), at=row + k)
