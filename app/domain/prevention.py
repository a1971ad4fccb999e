"""Prevention outcomes: what a concluded mediation kept from happening, and to how many people.

The people's-mediation statistics table (人民调解案件统计表, Huangshi 2016;
Xilin Gol 2021) reports, beside cases and agreements, the disputes whose
mediation prevented a worse turn — counted in cases (件) and people (人).
A mediator records them when the case is concluded: a checkbox per kind and
the number of people it concerned.  The keys are stable (stored in
``case_preventions.kind``, read by the demo generator and the reports).
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.errors import ValidationError
from app.domain.text import N_, _

PREVENTION_KINDS: Mapping[str, str] = {
    "criminal": N_("防止民间纠纷转化为刑事案件"),
    "group_petition": N_("防止群体性上访"),
    "group_fight": N_("防止群体性械斗"),
    "suicide": N_("防止民间纠纷引起自杀"),
}
"""The four kinds in the order the statistics table prints them."""

MAX_PEOPLE = 100_000
"""A sanity bound: a typing slip of extra zeros must not reach the county's report."""


def check_preventions(preventions: Mapping[str, int]) -> dict[str, int]:
    """Validate kind → people; every recorded kind concerned at least one person.

    Returns the outcomes in the table's order, so that what is stored and
    audited does not depend on how the caller happened to order them.
    """
    for kind, people in preventions.items():
        if kind not in PREVENTION_KINDS:
            raise ValidationError(
                _("“{key}”不是有效的防止类型，可选：{allowed}").format(
                    key=kind, allowed=", ".join(PREVENTION_KINDS)), "preventions")
        if not isinstance(people, int) or isinstance(people, bool) or people < 1:
            raise ValidationError(
                _("“{label}”的涉及人数至少为 1").format(label=_(PREVENTION_KINDS[kind])),
                "preventions")
        if people > MAX_PEOPLE:
            raise ValidationError(
                _("“{label}”的涉及人数不能超过 {limit}").format(
                    label=_(PREVENTION_KINDS[kind]), limit=MAX_PEOPLE), "preventions")
    return {kind: preventions[kind] for kind in PREVENTION_KINDS if kind in preventions}


def parse_prevention(text: str) -> tuple[str, int]:
    """Read one ``KIND:PEOPLE`` item as the command line gives it (``criminal:3``)."""
    kind, sep, people = text.partition(":")
    kind = kind.strip()
    if not sep or not people.strip().isdigit():
        raise ValidationError(
            _("防止结果的格式为 类型:人数，例如 criminal:3（类型可选：{allowed}）").format(
                allowed=", ".join(PREVENTION_KINDS)), "preventions")
    checked = check_preventions({kind: int(people.strip())})
    return kind, checked[kind]
