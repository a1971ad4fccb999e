"""The case file's own pages: 卷宗封面, 卷内目录 and 封底 (MoJ 人民调解文书格式, 2010).

The committee archives every case as a bound volume (PML art. 27).  The
cover names the volume, the index lists each paper with the page it starts
on, and the back cover certifies how many pages the volume holds, so a page
taken out later shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.documents import layout as L
from app.documents.parts import day, dispute_name
from app.domain.document_model import CaseData
from app.domain.text import _

RETENTION = "长期"
"""保管期限: no national rule; the common local choice for people's-mediation records."""


@dataclass(frozen=True)
class IndexEntry:
    """One line of the 卷内目录."""

    title: str
    first_page: int
    last_page: int
    remark: str = ""

    @property
    def pages(self) -> str:
        """"3" or "3-5", as the 页号 column writes it."""
        if self.first_page == self.last_page:
            return str(self.first_page)
        return f"{self.first_page}-{self.last_page}"


def _span(case: CaseData) -> str:
    start = case.received_at.date()
    end = case.closed_on or (case.agreement.signed_on if case.agreement else None)
    return _("{start}至{end}").format(start=day(start), end=day(end))


def file_cover(case: CaseData) -> L.Form:
    """卷宗封面: committee, volume name and number, mediators, dates, retention."""
    rows = (
        (_("调解委员会"), case.org.name),
        (_("卷　　名"), dispute_name(case)),
        (_("卷　　号"), case.archive_number or case.number),
        (_("人民调解员"), "、".join(case.mediators)),
        (_("调解日期"), _span(case)),
        (_("立 卷 人"), case.registered_by or ""),
        (_("立卷日期"), day(case.archived_on or case.today)),
        (_("保管期限"), _(RETENTION)),
        (_("备　　注"), ""),
    )
    blocks: list[L.Block] = [
        L.Spacer(3), L.Title(_("人民调解卷宗"), case.org.name), L.Spacer(2),
        L.Grid(rows, (0.25, 0.75), frozenset((r, 0) for r in range(len(rows))),
               heights={8: 2}),
    ]
    return L.Form("file-cover", _("卷宗封面"), tuple(blocks), case.org)


def file_index(case: CaseData, entries: tuple[IndexEntry, ...]) -> L.Form:
    """卷内目录: 序号, 文书名称, 页号, 备注 for every paper in file order."""
    rows = ((_("序号"), _("文书名称"), _("页号"), _("备注")),
            *((str(n), e.title, e.pages, e.remark) for n, e in enumerate(entries, 1)))
    blocks: list[L.Block] = [
        L.Title(_("卷内目录"), case.org.name),
        L.RefLine(_("卷号：{number}").format(number=case.archive_number or case.number)),
        L.Grid(rows, (0.10, 0.55, 0.15, 0.20), header=True),
    ]
    return L.Form("file-index", _("卷内目录"), tuple(blocks), case.org)


def back_cover(case: CaseData, pages: int) -> L.Form:
    """封底（备考表）: how many pages the volume holds, who filed and checked it."""
    rows = (
        (_("本卷情况说明"), _("本卷共有文书材料{pages}页，均为原件（签署件以扫描件附入）。").format(
            pages=pages)),
        (_("立 卷 人"), case.registered_by or ""),
        (_("检 查 人"), ""),
        (_("立卷日期"), day(case.archived_on or case.today)),
    )
    blocks: list[L.Block] = [
        L.Title(_("卷内备考表")),
        L.Grid(rows, (0.25, 0.75), frozenset((r, 0) for r in range(len(rows))),
               heights={0: 4, 2: 1}),
        L.Spacer(), L.Seal(case.org, case.archived_on or case.today),
    ]
    return L.Form("back-cover", _("卷内备考表"), tuple(blocks), case.org)
