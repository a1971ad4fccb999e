"""What a report is made of: its kind, period, scope, and the table it computes to.

Plain data, no database: the page, the command and the three file writers
all read a :class:`ReportTable`, so a figure on screen, in the PDF, in the
XLSX, in the CSV and in ``--format json`` is the same number.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from babel.dates import format_skeleton

from app import i18n
from app.domain.errors import ValidationError
from app.domain.text import N_, _


class ReportKind(StrEnum):
    """The five reports (the keys ``tiaojie report KIND`` takes)."""

    MEDIATION = "mediation"
    BY_ORGANISATION = "by-organisation"
    MULTI_SOURCE = "multi-source"
    MEDIATORS = "mediators"
    MEETINGS = "meetings"


REPORT_TITLES: dict[ReportKind, str] = {
    ReportKind.MEDIATION: N_("人民调解案件统计表"),
    ReportKind.BY_ORGANISATION: N_("人民调解案件统计表（按调解组织）"),
    ReportKind.MULTI_SOURCE: N_("多元调解统计表"),
    ReportKind.MEDIATORS: N_("调解员办案统计表"),
    ReportKind.MEETINGS: N_("村民说事统计表"),
}


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(_("统计期的结束日期不能早于开始日期"), "period")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One calendar month."""
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """One calendar quarter (1–4)."""
        if not 1 <= quarter <= 4:
            raise ValidationError(_("季度只能是 1 到 4"), "period")
        first = 3 * quarter - 2
        return cls(date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def year(cls, year: int) -> Period:
        """One calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1

    def _whole_months(self) -> int | None:
        """The number of whole calendar months covered, if it starts and ends on month edges."""
        if self.start.day != 1 or self.end != Period.month(self.end.year, self.end.month).end:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period just before, of the same length (环比): the previous month, quarter, year."""
        months = self._whole_months()
        if months is None:
            return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))
        index = self.start.year * 12 + self.start.month - 1 - months
        start = date(index // 12, index % 12 + 1, 1)
        last = index + months - 1
        return Period(start, Period.month(last // 12, last % 12 + 1).end)

    def same_last_year(self) -> Period:
        """The same days one year earlier (同比); 29 February becomes the 28th."""
        def back(day: date) -> date:
            if day.month == 2 and day.day == 29:
                return date(day.year - 1, 2, 28)
            return day.replace(year=day.year - 1)

        end = back(self.end)
        if self._whole_months() is not None:
            end = Period.month(end.year, end.month).end
        return Period(back(self.start), end)

    @property
    def label(self) -> str:
        """How the period is printed: 2026年10月, 2026年第四季度, 2026年, or from–to."""
        months = self._whole_months()
        if months == 1:
            return _skeleton("yMMMM", self.start)
        if months == 3 and self.start.month % 3 == 1:
            return _skeleton("yQQQQ", self.start)
        if months == 12 and self.start.month == 1:
            return _skeleton("y", self.start)
        return _("{start} 至 {end}").format(start=self.start.isoformat(),
                                           end=self.end.isoformat())


def _skeleton(skeleton: str, day: date) -> str:
    """A month, quarter or year as the user's language writes it (2026年10月, October 2026)."""
    return format_skeleton(skeleton, day, locale=i18n.current_locale())


@dataclass(frozen=True)
class Scope:
    """What the report covers: all the user may see, a region subtree, or one organisation."""

    region_code: str | None = None
    organisation_code: str | None = None

    def __post_init__(self) -> None:
        if self.region_code and self.organisation_code:
            raise ValidationError(_("统计范围只能选一个：行政区划或调解组织"), "scope")

    @classmethod
    def everything(cls) -> Scope:
        """All the cases the user may see."""
        return cls()

    @classmethod
    def region(cls, code: str) -> Scope:
        """A county, town or village with everything below it."""
        return cls(region_code=code)

    @classmethod
    def organisation(cls, code: str) -> Scope:
        """One mediation organisation."""
        return cls(organisation_code=code)


@dataclass(frozen=True)
class ScopeChoice:
    """One entry of the scope picker: its scope, its name, and how deep to indent it."""

    scope: Scope
    label: str
    depth: int
    kind: str
    """``everything``, ``region`` or ``organisation``."""


@dataclass(frozen=True)
class Column:
    """One figure of a row.  ``kind``: count, people, money, rate, days, score."""

    key: str
    label: str
    kind: str = "count"
    entity: str = "case"
    """What a count cell counts: ``case``, ``meeting`` or ``matter`` (村民说事 items)."""

    @property
    def counts_cases(self) -> bool:
        """Whether the cell is a number of records, so that its drill-down lists exactly them."""
        return self.kind == "count"


@dataclass(frozen=True)
class ColumnGroup:
    """The upper header row: a group label over its columns (a lone column repeats its label)."""

    label: str
    columns: tuple[Column, ...]


Cell = int | Decimal | None


@dataclass(frozen=True)
class Row:
    """One line: level 0 is 合计, 1 a subtotal, 2 a detail line."""

    key: str
    label: str
    level: int
    cells: dict[str, Cell]


@dataclass(frozen=True)
class Comparison:
    """The total line of another period (环比 or 同比) beside the report's own."""

    label: str
    period: Period
    cells: dict[str, Cell]


@dataclass(frozen=True)
class ReportTable:
    """A computed report: headers, lines, definitions, comparisons; ``parts`` print beneath."""

    kind: ReportKind
    title: str
    unit: str
    scope_label: str
    period: Period
    groups: tuple[ColumnGroup, ...]
    rows: tuple[Row, ...]
    footnotes: tuple[str, ...]
    comparisons: tuple[Comparison, ...] = ()
    parts: tuple[ReportTable, ...] = field(default_factory=tuple)

    @property
    def period_label(self) -> str:
        """The period as printed."""
        return self.period.label

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every column, left to right."""
        return tuple(c for g in self.groups for c in g.columns)

    @property
    def total(self) -> Row:
        """The 合计 line."""
        return next(r for r in self.rows if r.level == 0)

    @property
    def empty(self) -> bool:
        """零上报: nothing to report in this period and scope, in this table or its parts."""
        return all(not self.total.cells.get(c.key) for c in self.columns) and all(
            p.empty for p in self.parts)

    def drillable(self, row_key: str, column_key: str) -> bool:
        """Whether the cell counts records that :func:`drill_down` can list."""
        return any(r.key == row_key for r in self.rows) and any(
            c.key == column_key and c.counts_cases for c in self.columns)


@dataclass(frozen=True)
class DrillDown:
    """The records behind one cell: exactly as many as the cell says."""

    title: str
    entity: str
    ids: tuple[int, ...]

    @property
    def case_ids(self) -> tuple[int, ...]:
        """The ids when the cell counts cases (empty otherwise)."""
        return self.ids if self.entity == "case" else ()
