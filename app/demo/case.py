"""What the steps of making one case hand to each other: its template, parties, state.

The case maker, its parties, its history and its agreement are made by
different modules; these small records are what they share, so that none of
them has to reach into another's internals.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from app.demo import words
from app.demo.county import Org


class Template(NamedTuple):
    """A fact template with its claims split by whether the case has an amount."""

    respondent: str
    text: str
    topics: tuple[str, ...]
    money_claims: tuple[str, ...]
    plain_claims: tuple[str, ...]
    terms: tuple[str, ...]

    @classmethod
    def of(cls, source: words.FactTemplate) -> Template:
        """Prepare ``source``; a case with an amount prefers claims that name it."""
        plain = tuple(c for c in source.claims if "{amount}" not in c)
        money = tuple(c for c in source.claims if "{amount}" in c) or plain
        return cls(source.respondent, source.text, source.topics, money, plain, source.terms)


class Party(NamedTuple):
    """A party as its cases refer to it, with what their search entries need of it."""

    id: int
    name: str
    is_org: bool
    texts: tuple[str, ...]
    """Name, ID number or credit code, phone: what a substring search may find."""
    initials: str


class Case:
    """What the steps of making one case pass on to each other."""

    __slots__ = ("agent", "amount", "applicants", "category", "day", "forced", "id", "minute",
                 "number", "org", "respondents", "slots", "status", "template", "third")

    def __init__(self, case_id: int, org: Org, category: str, status: str, day: int,
                 minute: int) -> None:
        self.id = case_id
        self.org = org
        self.category = category
        self.status = status
        self.day = day
        self.minute = minute
        self.number = ""
        self.amount: int | None = None
        self.applicants: list[Party] = []
        self.respondents: list[Party] = []
        self.third: Party | None = None
        self.agent: Party | None = None
        self.slots: dict[str, Any] = {}
        self.forced: dict[str, Any] = {}
        """What the generator fixed for this case (app.demo.generator._Generator._force)."""
        self.template: Template

    @property
    def principals(self) -> int:
        """Applicants, respondents and third parties (not agents)."""
        return len(self.applicants) + len(self.respondents) + (self.third is not None)

