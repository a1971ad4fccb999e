"""未办结事项 board: every unfinished matter of a village, or of all villages of a town.

What a town clerk looks at before visiting villages: which matters are
overdue (first, in red), who is responsible, and what stage each one is
stuck at.  Matters handled but not yet rated stay listed (评事 happens at a
later meeting) unless the clerk hides them.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app import i18n
from app.domain.codes import label
from app.domain.meeting_codes import ITEM_CATEGORIES
from app.domain.meeting_stages import STAGE_LABELS, ItemStage
from app.domain.text import _
from app.services.casebase.workspace import Workspace
from app.services.meetings import proceedings as meetings
from app.services.meetings.proceedings import OpenItemRow
from app.ui.app_errors import error_text
from app.ui.meetings.common import deadline_text, stage_text, stretch_column
from app.ui.meetings.matters_panel import colour_overdue
from app.ui.table_view import fill_table, make_small_table
from app.ui.tasks import TaskRunner

_BOARD_STAGES = (ItemStage.RAISED, ItemStage.DISCUSSED, ItemStage.IN_PROGRESS, ItemStage.DONE)


class OpenMattersBoard(QWidget):
    """The board for one region code; emits ``open_item`` on a double-click."""

    open_item = Signal(int)

    def __init__(self, workspace: Workspace, tasks: TaskRunner) -> None:
        super().__init__()
        self.workspace, self.tasks = workspace, tasks
        self.region_code: str | None = None
        self.rows: list[OpenItemRow] = []
        self.shown: list[OpenItemRow] = []
        self.stage = QComboBox()
        self.stage.addItem(_("全部阶段"), None)
        for stage in _BOARD_STAGES:
            text = _("已办结待评事") if stage == ItemStage.DONE else _(STAGE_LABELS[stage])
            self.stage.addItem(text, stage.value)
        self.awaiting = QCheckBox(_("包括已办结待评事的事项"))
        self.awaiting.setChecked(True)
        self.overdue_only = QCheckBox(_("仅看超期"))
        self.summary = QLabel()
        self.table = make_small_table((75, 85, 60, 300, 70, 65, 60, 215, 180))
        stretch_column(self.table, 3, 9)
        self.table.doubleClicked.connect(
            lambda index: self.open_item.emit(self.shown[index.row()].item_id))
        bar = QHBoxLayout()
        for widget in (self.stage, self.awaiting, self.overdue_only):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.stage.currentIndexChanged.connect(self._show)
        self.overdue_only.toggled.connect(self._show)
        self.awaiting.toggled.connect(self.reload)

    def show_region(self, code: str) -> None:
        """Switch to the matters of the village or town ``code``."""
        self.region_code = code
        self.reload()

    def reload(self) -> None:
        """Fetch the board again."""
        if self.region_code is None:
            return
        code = self.region_code
        db, user = self.workspace.db, self.workspace.user
        fetch = partial(meetings.open_items_board, db, user, code, date.today(),
                        self.awaiting.isChecked())
        self.tasks.run(fetch, partial(self._loaded, code), self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(error_text(exc))

    def _loaded(self, code: str, rows: list[OpenItemRow]) -> None:
        if code != self.region_code:
            return  # an answer for a region no longer picked
        self.rows = rows
        self._show()

    def _show(self) -> None:
        stage = self.stage.currentData()
        self.shown = [r for r in self.rows if (stage is None or r.stage == stage)
                      and (not self.overdue_only.isChecked() or r.days_overdue > 0)]
        overdue = sum(1 for r in self.rows if r.days_overdue > 0)
        self.summary.setText(_("共 {n} 件，其中超期 {o} 件").format(
            n=i18n.format_number(len(self.rows)), o=i18n.format_number(overdue)))
        fill_table(self.table, [_("村（社区）"), _("说事日期"), _("提出人"), _("事项"),
                                _("类别"), _("阶段"), _("责任人"), _("办理期限"),
                                _("关联案件")],
                   [[r.village, i18n.format_date(r.held_at.date(), "short"), r.raised_by,
                     r.matter,
                     label(ITEM_CATEGORIES, r.category),
                     _("待评事") if r.stage == ItemStage.DONE
                     else stage_text(r.stage) + (_("（重办）") if r.reopened else ""),
                     r.responsible or "", deadline_text(r, "short"),
                     r.case_number or ""]
                    for r in self.shown])
        colour_overdue(self.table, self.shown)
