"""转为调解案件: a matter that is a dispute between residents becomes a case in one step.

The raiser becomes the applicant and the matter the facts; the clerk only
names the other side and the committee that takes it.  Once linked, the
matter shows the case number with a button to open the case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from app.domain.codes import CATEGORIES
from app.domain.meeting_codes import CASE_CATEGORY_OF_ITEM
from app.domain.text import _
from app.services.meetings import proceedings as meetings
from app.services.meetings.queries import ItemView
from app.services.organisations.queries import OrganisationRow
from app.ui.combos import vocab_combo
from app.ui.form_errors import ErrorLabel, FieldErrors

_SEPARATORS = re.compile(r"[、,，;；\s]+")


class CaseForm(QGroupBox):
    """Turn the matter into a case; emits ``submitted`` (call) and ``open_case`` (case id)."""

    submitted = Signal(object)
    open_case = Signal(int)

    def __init__(self, errors: FieldErrors) -> None:
        super().__init__(_("转为调解案件"))
        self.case_id: int | None = None
        self.organisation = QComboBox()
        self.organisation.setMinimumWidth(260)
        self.respondents = QLineEdit()
        self.respondents.setPlaceholderText(_("被申请人姓名，多人用“、”分隔"))
        self.category = vocab_combo(CATEGORIES)
        self.button = QPushButton(_("转为调解案件"))
        self.linked = QLabel()
        self.linked.setStyleSheet("font-weight: bold; color: #1565c0;")
        self.open_button = QPushButton(_("打开案件"))
        self.form = QFormLayout(self)
        self.form.addRow(_("被申请人"), self.respondents)
        self.form.addRow("", errors.add("respondents", ErrorLabel()))
        self.form.addRow(_("纠纷类型"), self.category)
        self.form.addRow("", errors.add("category", ErrorLabel()))
        self.form.addRow(_("受理组织"), self.organisation)
        self.form.addRow("", errors.add("organisation", ErrorLabel()))
        link_row = QHBoxLayout()
        link_row.addWidget(self.linked, 1)
        link_row.addWidget(self.open_button)
        self.form.addRow("", self.button)
        self.form.addRow("", errors.add("case_id", ErrorLabel()))
        self.form.addRow(_("关联案件"), link_row)
        self.button.clicked.connect(self._convert)
        self.open_button.clicked.connect(
            lambda: self.open_case.emit(self.case_id) if self.case_id is not None else None)

    def fill_organisations(self, orgs: Sequence[OrganisationRow], village: str,
                           own_id: int | None) -> None:
        """Offer every organisation; the village's own committee (else the user's) first."""
        self.organisation.clear()
        for org in orgs:
            self.organisation.addItem(org.name, org.code)
        index = next((i for i, o in enumerate(orgs) if o.region == village), -1)
        if index < 0:
            index = next((i for i, o in enumerate(orgs) if o.id == own_id), 0)
        self.organisation.setCurrentIndex(index)

    def show_item(self, view: ItemView) -> None:
        """Show the link, or the form when the matter is not yet a case."""
        item = view.item
        self.case_id = item.case_id
        index = self.category.findData(CASE_CATEGORY_OF_ITEM.get(item.category, "other"))
        self.category.setCurrentIndex(max(index, 0))
        linked = item.case_id is not None
        for widget in (self.respondents, self.category, self.organisation, self.button):
            widget.setEnabled(not linked)
        self.linked.setText(view.case_number or _("（尚未转为案件）"))
        self.open_button.setEnabled(linked)

    def _convert(self) -> None:
        names = [n for n in _SEPARATORS.split(self.respondents.text()) if n]
        organisation = self.organisation.currentData() or ""
        category = self.category.currentData()
        self.submitted.emit(partial(meetings.item_to_case, organisation=organisation,
                                    respondents=names, category=category))
