"""The columns of the case tables: each a condition on a case's facts, or a derived figure.

A count column counts the cases whose facts (app/reports/facts.py) meet its
condition; a people or money column sums a value over them; rates, days and
scores are worked out afterwards from other cells.  The column lists here
are the two-row headers the tables print.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.prevention import PREVENTION_KINDS
from app.domain.text import N_
from app.reports import facts as f
from app.reports.definitions import SUCCESS
from app.reports.model import Column

Groups = tuple[tuple[str, tuple["Measure", ...]], ...]


@dataclass(frozen=True)
class Measure:
    """One column and how it is computed.

    ``condition`` alone: a count of cases.  ``condition`` with ``value`` (a
    value fact, e.g. ``money``): the sum of that value over those cases.
    Neither: derived afterwards from other cells (rates, days, scores).
    """

    column: Column
    condition: f.FactCondition | None = None
    value: str | None = None


def _count(key: str, label: str, condition: f.FactCondition) -> Measure:
    return Measure(Column(key, label), condition)


def _derived(key: str, label: str, kind: str) -> Measure:
    return Measure(Column(key, label, kind))


SUCCEEDED = f.ended(SUCCESS)


def mediation_measures() -> Groups:
    """The columns of the 人民调解案件统计表, grouped for the two-row header."""
    groups: list[tuple[str, tuple[Measure, ...]]] = [
        (N_("受理"), (
            _count("received", N_("合计"), f.is_received),
            _count("received_proactive", N_("主动调解"), f.from_sources("proactive")),
            _count("received_application", N_("依申请"), f.from_sources("application")),
            _count("received_referral", N_("接受委托移送"), f.from_sources("referral")),
        )),
        (N_("调解结果"), (
            _count("succeeded", N_("调解成功"), SUCCEEDED),
            _derived("success_rate", N_("成功率"), "rate"),
            _count("not_agreed", N_("调解不成"), f.ended("not_agreed")),
            _count("withdrawn", N_("撤回"), f.ended("withdrawn")),
            _count("referred_out", N_("移送"), f.ended("referred_out")),
        )),
        (N_("调解协议"), (
            _count("written", N_("书面协议"), f.agreement_form("written")),
            _count("oral", N_("口头协议"), f.agreement_form("oral")),
            Measure(Column("amount", N_("涉及金额（元）"), "money"), f.with_agreement, "money"),
        )),
        (N_("履行"), (
            _count("performed", N_("已履行"), f.performance("performed")),
            _count("partial", N_("部分履行"), f.performance("partial")),
            _count("unperformed", N_("未履行"), f.performance("unperformed")),
        )),
        (N_("司法确认"), (
            _count("confirmation_applied", N_("申请"), f.confirmation("jc")),
            _count("confirmation_valid", N_("确认有效"), f.confirmation("jc_ok")),
            _count("confirmation_rejected", N_("驳回"), f.confirmation("jc_no")),
        )),
    ]
    for kind, label in PREVENTION_KINDS.items():
        groups.append((label, (
            _count(f"prevent_{kind}", N_("件"), f.flagged(f"prev_{kind}")),
            Measure(Column(f"prevent_{kind}_people", N_("人"), "people"),
                    f.flagged(f"prev_{kind}"), f"people_{kind}"),
        )))
    return tuple(groups)


def multi_source_measures() -> Groups:
    """The columns of the 多元调解 table: outcome and timeliness per mediation type."""
    return (
        (N_("受理"), (_count("received", N_("受理"), f.is_received),)),
        (N_("调解结果"), (
            _count("concluded", N_("办结"), f.is_concluded),
            _count("succeeded", N_("调解成功"), SUCCEEDED),
            _derived("success_rate", N_("成功率"), "rate"),
            _count("not_agreed", N_("调解不成"), f.ended("not_agreed")),
            _count("withdrawn", N_("撤回"), f.ended("withdrawn")),
            _count("referred_out", N_("移送"), f.ended("referred_out")),
        )),
        (N_("时效"), (
            _derived("median_days", N_("中位天数"), "days"),
            _derived("p90_days", N_("90%天数"), "days"),
            _count("overdue", N_("超期"), f.flagged("overdue")),
            _count("extended", N_("延期"), f.flagged("extended")),
        )),
    )


def mediator_measures() -> Groups:
    """The columns of the mediators' table."""
    return (
        (N_("办案"), (
            _count("received", N_("受理"), f.is_received),
            _count("concluded", N_("办结"), f.is_concluded),
            _count("succeeded", N_("调解成功"), SUCCEEDED),
            _count("not_agreed", N_("调解不成"), f.ended("not_agreed")),
            _derived("success_rate", N_("成功率"), "rate"),
            _derived("median_days", N_("中位天数"), "days"),
        )),
        (N_("回访满意度（1–5分）"), (
            _count("followed_up", N_("回访"), f.flagged("visited")),
            _derived("satisfaction_fairness", N_("公正"), "score"),
            _derived("satisfaction_attitude", N_("态度"), "score"),
            _derived("satisfaction_result", N_("结果"), "score"),
        )),
    )
