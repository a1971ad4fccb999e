"""The case file's own pages: 卷宗封面, 卷内目录 and 封底 (MoJ 人民调解文书格式, 2010).

The committee archives every case as a bound volume (PML art. 27).  The
cover names the volume, the index lists each paper with the page it starts
on, and the back cover certifies how many pages the volume holds, so a page
taken out later shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.documents import layout as L
from app.documents.issuer import issuer_of
from app.documents.parts import day, dispute_name
from app.domain.dates import format_date_cn
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


def _filed_on(case: CaseData) -> str:
    """立卷日期: the day the volume was archived; nothing while the case is open."""
    return format_date_cn(case.archived_on) if case.archived_on else ""


def _numbers(case: CaseData) -> str:
    """卷号 and 案件编号, both labelled, so every paper's number can be found on the cover."""
    number = _("案件编号：{number}").format(number=case.number)
    if not case.archive_number:
        return number
    return _("卷号：{archive}　{number}").format(archive=case.archive_number, number=number)


def file_cover(case: CaseData) -> L.Form:
    """卷宗封面: committee, volume name and number, mediators, dates, retention."""
    issuer = issuer_of(case)
    rows = (
        (_("调解委员会") if issuer.people else _("调解组织"), issuer.name),
        (_("卷　　名"), dispute_name(case)),
        (_("卷　　号"), case.archive_number or ""),
        (_("案件编号"), case.number),
        (issuer.staff, "、".join(case.mediators)),
        (_("调解日期"), _span(case)),
        (_("立 卷 人"), case.registered_by or ""),
        (_("立卷日期"), _filed_on(case)),
        (_("保管期限"), _(RETENTION)),
        (_("备　　注"), ""),
    )
    title = issuer.title(_("人民调解卷宗"))
    blocks: list[L.Block] = [
        L.Spacer(3), L.Title(title, issuer.name), L.Spacer(2),
        L.Grid(rows, (0.25, 0.75), frozenset((r, 0) for r in range(len(rows))),
               heights={len(rows) - 1: 2}),
    ]
    return L.Form("file-cover", title, tuple(blocks), issuer.header, case.number)


def file_index(case: CaseData, entries: tuple[IndexEntry, ...]) -> L.Form:
    """卷内目录: 序号, 文书名称, 页号, 备注 for every paper in file order."""
    issuer = issuer_of(case)
    rows = ((_("序号"), _("文书名称"), _("页号"), _("备注")),
            *((str(n), e.title, e.pages, e.remark) for n, e in enumerate(entries, 1)))
    blocks: list[L.Block] = [
        L.Title(_("卷内目录"), issuer.name),
        L.RefLine(_numbers(case)),
        L.Grid(rows, (0.10, 0.55, 0.15, 0.20), header=True),
    ]
    return L.Form("file-index", _("卷内目录"), tuple(blocks), issuer.header, case.number)


def back_cover(case: CaseData, pages: int, scanned: bool = False) -> L.Form:
    """封底（备考表）: how many pages the volume holds and what they are, who filed it.

    "均为原件" is said only when the signed copies are in the volume as
    scans; a volume of papers as the system produced them says so.
    """
    issuer = issuer_of(case)
    held = (_("本卷共有文书材料{pages}页，均为原件（签署件以扫描件附入）。") if scanned else
            _("本卷共有文书材料{pages}页，均为本系统生成的文书，未附当事人签署件的扫描件。")
            ).format(pages=pages)
    rows = (
        (_("本卷情况说明"), held),
        (_("立 卷 人"), case.registered_by or ""),
        (_("检 查 人"), ""),
        (_("立卷日期"), _filed_on(case)),
    )
    blocks: list[L.Block] = [
        L.Title(_("卷内备考表")),
        L.RefLine(_numbers(case)),
        L.Together((L.Grid(rows, (0.25, 0.75), frozenset((r, 0) for r in range(len(rows))),
                           heights={0: 4, 2: 1}),
                    L.Seal(issuer.name, case.archived_on))),
    ]
    return L.Form("back-cover", _("卷内备考表"), tuple(blocks), issuer.header, case.number)
