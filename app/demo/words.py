"""Word lists and text templates for the demo-data generator, read once from resources/demo/.

Demo data has to look like a real county's case base, or nobody can judge the
program from it: names with the real surname frequencies, villages that sound
like the Zhejiang coast, facts written the way a mediator writes them.  The
texts live in TOML files apart from the generator's logic, so that they can be
read, extended and proof-read on their own; disputes.toml explains the slots
its templates fill.  This module reads them when it is first imported and
gives each list a fixed, typed shape (tuples, so the generator's draws stay
the same for the same seed).
"""

from __future__ import annotations

import tomllib
from typing import Any, NamedTuple

from app.paths import resources_dir


class FactTemplate(NamedTuple):
    """One way a dispute of a category is written up, and what goes with it."""

    respondent: str
    """``person``, ``any`` (a person or, as often as the category says, an organisation)
    or a key of ORG_PARTY_PATTERNS naming the kind of organisation the text needs."""
    text: str
    topics: tuple[str, ...]
    """What ``{x}`` stands for, here and in the claims, records and agreement that follow."""
    claims: tuple[str, ...]
    terms: tuple[str, ...]
    """Non-money terms of an agreement settling such a dispute."""


class CategoryText(NamedTuple):
    """The templates of one dispute category."""

    money_word: str
    """What a money obligation in an agreement is called (赔偿款, 工资款, ...)."""
    templates: tuple[FactTemplate, ...]


def _load(name: str) -> dict[str, Any]:
    """One word-list file; resources/ is found the way fonts and icons are (app.paths)."""
    with (resources_dir() / "demo" / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def _strs(items: list[str]) -> tuple[str, ...]:
    return tuple(items)


def _rows(items: list[list[Any]]) -> tuple[tuple[Any, ...], ...]:
    """Rows of fields (name and weight, code and name, ...) as tuples."""
    return tuple(tuple(item) for item in items)


def _lists(table: dict[str, list[Any]]) -> dict[str, tuple[Any, ...]]:
    return {key: tuple(tuple(v) if isinstance(v, list) else v for v in items)
            for key, items in table.items()}


def _category(table: dict[str, Any]) -> CategoryText:
    return CategoryText(table["money_word"], tuple(
        FactTemplate(t["respondent"], t["text"], _strs(t["topics"]), _strs(t["claims"]),
                     _strs(t["terms"]))
        for t in table["templates"]
    ))


_people = _load("people")
SURNAMES: tuple[tuple[str, float], ...] = _rows(_people["surnames"])
"""Surname and weight (per mille of the population)."""
MALE_NAME_CHARS: str = _people["male_name_chars"]
FEMALE_NAME_CHARS: str = _people["female_name_chars"]
OCCUPATIONS: tuple[tuple[str, float], ...] = _rows(_people["occupations"])
OLD_OCCUPATIONS: tuple[tuple[str, float], ...] = _rows(_people["old_occupations"])
"""Occupations of people aged 60 and over."""
MINORITIES: tuple[tuple[str, float], ...] = _rows(_people["minorities"])
MOBILE_PREFIXES: tuple[str, ...] = _strs(_people["mobile_prefixes"])
AGENT_RELATIONS: tuple[tuple[str, float], ...] = _rows(_people["agent_relations"])

_places = _load("places")
CITY: tuple[str, str] = (_places["city"][0], _places["city"][1])
COUNTY: tuple[str, str] = (_places["county"][0], _places["county"][1])
TOWNS: tuple[tuple[str, str, str], ...] = _rows(_places["towns"])
"""Town code (3 digits after the county's), full name, short name."""
VILLAGE_HEADS: str = _places["village_heads"]
VILLAGE_TAILS: str = _places["village_tails"]
VILLAGE_ENDS: str = _places["village_ends"]
COMMUNITY_NAMES: tuple[str, ...] = _strs(_places["community_names"])
ROADS: tuple[str, ...] = _strs(_places["roads"])
COMPANY_LOCATIONS: tuple[str, ...] = _strs(_places["company_locations"])
BRAND_FIRST: str = _places["brand_first"]
BRAND_SECOND: str = _places["brand_second"]
ORG_PARTY_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = _lists(_places["org_party_patterns"])
"""Kind of organisation party → (credit-code prefix, name pattern) pairs."""

_orgs = _load("organisations")
COUNTY_CENTRE: tuple[str, str, str] = (
    _orgs["county_centre"][0], _orgs["county_centre"][1], _orgs["county_centre"][2])
COUNTY_CENTRE_PATTERN: str = _orgs["county_centre_pattern"]
PROFESSIONAL_COMMITTEES: tuple[tuple[str, str, str, str], ...] = _rows(
    _orgs["professional_committees"])
COURT_NAME: str = _orgs["court_name"]
COURT_RULING_PREFIX: str = _orgs["court_ruling_prefix"]
COURT_STUDIOS: tuple[tuple[str, str, str, str], ...] = _rows(_orgs["court_studios"])
POLICE_OFFICE_TOWNS: tuple[str, ...] = _strs(_orgs["police_office_towns"])
POLICE_OFFICE_NAME: str = _orgs["police_office_name"]
BRAND_STUDIOS: tuple[tuple[str, str, str, str, str], ...] = _rows(_orgs["brand_studios"])
ADMIN_DEPARTMENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = tuple(
    (code, name, short, _strs(categories))
    for code, name, short, categories in _orgs["admin_departments"]
)
ENTERPRISE_COMMITTEES: tuple[tuple[str, str, str, str], ...] = _rows(
    _orgs["enterprise_committees"])
MEDIATOR_TITLES: dict[str, tuple[str, ...]] = _lists(_orgs["mediator_titles"])
PROFESSIONAL_TITLES: dict[str, tuple[str, ...]] = _lists(_orgs["professional_titles"])

_history = _load("history")
GROUP_SENTENCE: str = _history["group_sentence"]
SESSION_RECORDS: tuple[str, ...] = _strs(_history["session_records"])
PROPOSALS: tuple[str, ...] = _strs(_history["proposals"])
NEXT_STEPS: tuple[str, ...] = _strs(_history["next_steps"])
INVITED: tuple[str, ...] = _strs(_history["invited"])
DISPUTED_MATTERS: tuple[str, ...] = _strs(_history["disputed_matters"])
RESPONSIBILITIES: tuple[str, ...] = _strs(_history["responsibilities"])
CLOSING_TERM: str = _history["closing_term"]
PAYMENT_MANNERS: tuple[str, ...] = _strs(_history["payment_manners"])
FOLLOWUP_NOTES: tuple[str, ...] = _strs(_history["followup_notes"])
REMINDER_NOTES: tuple[str, ...] = _strs(_history["reminder_notes"])
REMINDER_COURT_NOTES: tuple[str, ...] = _strs(_history["reminder_court_notes"])
REFUSAL_REASONS: tuple[str, ...] = _strs(_history["refusal_reasons"])
WITHDRAWAL_REASONS: tuple[str, ...] = _strs(_history["withdrawal_reasons"])
FAILURE_REASONS: tuple[str, ...] = _strs(_history["failure_reasons"])
UP_REFERRAL_REASONS: tuple[str, ...] = _strs(_history["up_referral_reasons"])
TRANSFER_REASONS: tuple[str, ...] = _strs(_history["transfer_reasons"])
EXTERNAL_BODIES: tuple[tuple[str, str], ...] = _rows(_history["external_bodies"])
EXTENSION_REASONS: tuple[str, ...] = _strs(_history["extension_reasons"])
ASSIGN_REASON: str = _history["assign_reason"]
OBJECTIONS: tuple[str, ...] = _strs(_history["objections"])
OBJECTION_GRANTED: str = _history["objection_granted"]
OBJECTION_REJECTED: str = _history["objection_rejected"]
MEDIATOR_RELATIONS: tuple[str, ...] = _strs(_history["mediator_relations"])
ARCHIVE_LOCATIONS: tuple[str, ...] = _strs(_history["archive_locations"])
CLOSING_SUMMARIES: dict[str, tuple[str, ...]] = _lists(_history["closing_summaries"])
SESSION_VENUES: dict[str, tuple[str, ...]] = _lists(_history["session_venues"])

_meetings = _load("meetings")
ROSTER_ROLES: tuple[tuple[str, int], ...] = _rows(_meetings["roster_roles"])
MEETING_VENUES: tuple[str, ...] = _strs(_meetings["venues"])
MEETING_DISCUSSIONS: tuple[str, ...] = _strs(_meetings["discussions"])
MEETING_DECISIONS: tuple[str, ...] = _strs(_meetings["decisions"])
MEETING_PROGRESS: tuple[str, ...] = _strs(_meetings["progress"])
MEETING_EVALUATIONS: tuple[str, ...] = _strs(_meetings["evaluations"])
MEETING_DISPUTE_MATTER: str = _meetings["dispute_matter"]
MEETING_DISPUTE_DECISION: str = _meetings["dispute_decision"]
MEETING_MATTERS: dict[str, tuple[str, ...]] = _lists(_meetings["matters"])

CATEGORY_TEXTS: dict[str, CategoryText] = {
    category: _category(table) for category, table in _load("disputes").items()
}
