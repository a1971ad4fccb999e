"""The wizard's region page: pick the county and its towns from the bundled list, type the rest.

The bundled list (resources/divisions/) holds Zhejiang's cities and counties
and the towns of the demo county; an office picks its county, ticks the
towns it works in, and types its villages, communities and grids (or a
place the list lacks) with their codes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from app.domain.divisions import STORED_LEVELS, Division, level_label
from app.domain.office_setup import RegionSpec, region_from
from app.domain.text import _
from app.services.casebase.divisions import bundled_divisions, children_of
from app.ui.setup.rows import Column, RowTable


class RegionPage(QWizardPage):
    """行政区划: county and towns from the list, villages and grids typed in."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("本单位所在的行政区划"))
        self.setSubTitle(_("从清单中选择县（市、区）并勾选乡镇（街道）；村（社区）、网格和清单中没有的"
                           "地方，在下面的表格中填写代码和名称。"))
        self.known = {d.code: d for d in bundled_divisions()}
        self.province, self.city, self.county = QComboBox(), QComboBox(), QComboBox()
        self.province.currentIndexChanged.connect(lambda _i: self._fill(self.city, self.province))
        self.city.currentIndexChanged.connect(lambda _i: self._fill(self.county, self.city))
        self.county.currentIndexChanged.connect(lambda _i: self._show_towns())
        self.towns = QListWidget()
        self.towns.setMaximumHeight(170)
        self.extra = RowTable([
            Column("code", _("代码"), 150),
            Column("name", _("名称"), 170),
            Column("level", _("层级"), 110, lambda: [(_("（按代码）"), None)] + [
                (level_label(k), k) for k in STORED_LEVELS]),
            Column("parent", _("上级代码（可不填）"), 150),
        ], _("添加区划"))
        form = QFormLayout()
        form.addRow(_("省"), self.province)
        form.addRow(_("市"), self.city)
        form.addRow(_("县（区）"), self.county)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("本单位工作的乡镇（街道）：")))
        layout.addWidget(self.towns)
        layout.addWidget(QLabel(_("其他区划（村、社区、网格，或清单中没有的地方）：")))
        layout.addWidget(self.extra, 1)
        self._fill(self.province, None)

    def _fill(self, combo: QComboBox, above: QComboBox | None) -> None:
        parent = None if above is None else above.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("（不选）"), None)
        if above is None or parent is not None:
            for division in children_of(parent):
                combo.addItem(f"{division.name}（{division.code}）", division.code)
        combo.setCurrentIndex(1 if combo.count() == 2 else 0)
        combo.blockSignals(False)
        combo.currentIndexChanged.emit(combo.currentIndex())

    def _show_towns(self) -> None:
        self.towns.clear()
        county = self.county.currentData()
        for town in children_of(county) if county else []:
            item = QListWidgetItem(f"{town.name}（{town.code}）", self.towns)
            item.setData(Qt.ItemDataRole.UserRole, town.code)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Unchecked)

    def pick(self, county: str, towns: list[str]) -> None:
        """Choose ``county`` from the list and tick ``towns``, as a user would with the mouse."""
        division = self.known[county]
        city = self.known.get(division.parent or "")
        province = self.known.get((city.parent if city else division.parent) or "")
        for combo, code in ((self.province, province), (self.city, city),
                            (self.county, division)):
            if isinstance(code, Division):
                combo.setCurrentIndex(combo.findData(code.code))
        for row in range(self.towns.count()):
            item = self.towns.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in towns:
                item.setCheckState(Qt.CheckState.Checked)

    def chosen_towns(self) -> list[Division]:
        """The towns ticked in the list."""
        return [self.known[item.data(Qt.ItemDataRole.UserRole)]
                for item in (self.towns.item(r) for r in range(self.towns.count()))
                if item.checkState() == Qt.CheckState.Checked]

    def regions(self) -> list[RegionSpec]:
        """The chosen city, county and towns, then the typed rows (checked later as a whole)."""
        picked: list[RegionSpec] = []
        for combo in (self.city, self.county):
            code = combo.currentData()
            if code:
                picked.append(region_from(code, known=self.known))
        picked += [region_from(t.code, known=self.known) for t in self.chosen_towns()]
        for row in self.extra.rows():
            picked.append(region_from(row["code"] or "", row["name"] or "", row["level"] or "",
                                      row["parent"] or None, self.known))
        return picked

    def validatePage(self) -> bool:
        """At least one region must be chosen or typed."""
        if self.regions():
            return True
        self.setSubTitle(_("请至少选择或填写一个行政区划。"))
        return False
