"""The charts beside the report table, drawn with Qt Charts.

Three pictures a meeting would rather look at than read: received against
concluded month by month, the categories by size, and where disputes were
settled (village, town, professional committees, county).  The series come
from app/reports/chart_data.py; this module only draws.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app import i18n
from app.domain.text import _
from app.reports.chart_data import ChartData

RECEIVED_COLOUR = QColor("#b71c1c")
CONCLUDED_COLOUR = QColor("#1565c0")
LEVEL_COLOURS = ("#2e7d32", "#f9a825", "#6a1b9a", "#b71c1c")
MAX_CATEGORIES = 12
"""Categories drawn; the rest are too small to read as bars (the table has them all)."""


def _view(chart: QChart) -> QChartView:
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    return view


def _value_axis(top: int) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, max(top, 1) * 1.1)
    axis.setLabelFormat("%d")
    axis.applyNiceNumbers()
    return axis


def trend_chart(data: ChartData) -> QChart:
    """受理 and 办结 per month, side by side, over the last twelve months."""
    chart = QChart()
    chart.setTitle(_("月度受理与办结"))
    received, concluded = QBarSet(_("受理")), QBarSet(_("办结"))
    received.setColor(RECEIVED_COLOUR)
    concluded.setColor(CONCLUDED_COLOUR)
    months = QBarCategoryAxis()
    for point in data.trend:
        received.append(point.received)
        concluded.append(point.concluded)
        months.append([_("{year}年{month}月").format(year=point.period.start.year,
                                                   month=point.period.start.month)
                       if point.period.start.month == 1 or point is data.trend[0]
                       else _("{month}月").format(month=point.period.start.month)])
    series = QBarSeries()
    series.append(received)
    series.append(concluded)
    chart.addSeries(series)
    top = max([p.received for p in data.trend] + [p.concluded for p in data.trend] + [1])
    values = _value_axis(top)
    chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(months)
    series.attachAxis(values)
    return chart


def category_chart(data: ChartData) -> QChart:
    """受理 and 调解成功 per dispute category, largest first."""
    chart = QChart()
    chart.setTitle(_("纠纷类型"))
    bars = list(data.categories[:MAX_CATEGORIES])
    received, succeeded = QBarSet(_("受理")), QBarSet(_("调解成功"))
    received.setColor(RECEIVED_COLOUR)
    succeeded.setColor(CONCLUDED_COLOUR)
    names = QBarCategoryAxis()
    for bar in reversed(bars):
        received.append(bar.received)
        succeeded.append(bar.succeeded)
        names.append([bar.label])
    series = QHorizontalBarSeries()
    series.append(received)
    series.append(succeeded)
    chart.addSeries(series)
    values = _value_axis(max([b.received for b in bars] + [b.succeeded for b in bars] + [1]))
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(names)
    series.attachAxis(values)
    return chart


def level_chart(data: ChartData) -> QChart:
    """调解成功 by the level it was settled at: 小事不出村、大事不出镇."""
    chart = QChart()
    chart.setTitle(_("化解层级（调解成功）"))
    total = sum(n for _label, n in data.levels)
    series = QPieSeries()
    for n, (label, count) in enumerate(data.levels):
        share = count / total if total else 0.0
        piece = series.append(_("{level} {count}件（{share}）").format(
            level=label, count=i18n.format_number(count), share=f"{share:.1%}"), count)
        piece.setColor(QColor(LEVEL_COLOURS[n % len(LEVEL_COLOURS)]))
        piece.setLabelVisible(True)
    chart.addSeries(series)
    chart.legend().setVisible(False)
    return chart


class ChartsPanel(QWidget):
    """The three charts in a grid; ``show_data`` replaces them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.note = QLabel(_("选择统计期和范围后显示图表"))
        self.grid.addWidget(self.note, 0, 0)
        self.views: list[QChartView] = []

    def show_data(self, data: ChartData) -> None:
        """Draw the charts for ``data`` (a period with nothing to show says so)."""
        for view in self.views:
            self.grid.removeWidget(view)
            view.hide()
            view.deleteLater()
        self.views = [_view(trend_chart(data)), _view(category_chart(data)),
                      _view(level_chart(data))]
        self.note.setText(_("{scope} · {period}").format(scope=data.scope_label,
                                                         period=data.period.label)
                          + ("" if data.categories else _("（本期无案件，零上报）")))
        self.grid.addWidget(self.views[0], 1, 0, 1, 2)
        self.grid.addWidget(self.views[1], 2, 0)
        self.grid.addWidget(self.views[2], 2, 1)
        for view in self.views:
            view.show()
        self.grid.setRowStretch(1, 1)
        self.grid.setRowStretch(2, 1)
