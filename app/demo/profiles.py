"""What the county's case load looks like: shares, shapes and statuses by kind and age.

The numbers that make the data set resemble a real coastal county — which
organisations receive how many cases of which categories from which sources,
how big the claims are, what status a case of a given age has reached — are
kept together here, apart from the code that draws from them, so that they
can be tuned in one place.
"""

from __future__ import annotations

from typing import NamedTuple

from app.domain.workflow import CaseStatus as S

AGREED_FAMILY = frozenset({S.AGREED, S.PERFORMING, S.FOLLOWED_UP})
STATUS_BY_AGE: tuple[tuple[int, dict[str, float]], ...] = (
    # (cases at most this many days old, status weights).  An agreement nobody has
    # recorded anything against (已达成协议) is at most a few weeks old; one that has been
    # performing for years (履行中) is rare, and has the reminders to show for it.
    (2, {S.RECEIVED: 35, S.ASSIGNED: 30, S.IN_MEDIATION: 20, S.AGREED: 6, S.NOT_AGREED: 1,
         S.WITHDRAWN: 1, S.REFERRED_OUT: 2, S.PERFORMING: 2, S.REFUSED: 3}),
    (14, {S.RECEIVED: 5, S.ASSIGNED: 12, S.IN_MEDIATION: 38, S.AGREED: 15, S.NOT_AGREED: 5,
          S.WITHDRAWN: 2, S.REFERRED_OUT: 3, S.PERFORMING: 12, S.FOLLOWED_UP: 5, S.ARCHIVED: 1,
          S.REFUSED: 2}),
    (45, {S.RECEIVED: 0.5, S.ASSIGNED: 1.5, S.IN_MEDIATION: 12, S.AGREED: 8, S.NOT_AGREED: 6,
          S.WITHDRAWN: 2, S.REFERRED_OUT: 3, S.PERFORMING: 25, S.FOLLOWED_UP: 22, S.ARCHIVED: 18,
          S.REFUSED: 1.5}),
    (120, {S.IN_MEDIATION: 1, S.NOT_AGREED: 4, S.WITHDRAWN: 1.5, S.REFERRED_OUT: 2,
           S.PERFORMING: 10, S.FOLLOWED_UP: 21, S.ARCHIVED: 59, S.REFUSED: 1}),
    (1 << 30, {S.NOT_AGREED: 1.5, S.WITHDRAWN: 0.8, S.REFERRED_OUT: 1.5, S.PERFORMING: 1,
               S.FOLLOWED_UP: 5, S.ARCHIVED: 89, S.REFUSED: 0.8}),
)
ARCHIVED_OUTCOMES = {S.AGREED: 88, S.NOT_AGREED: 6, S.WITHDRAWN: 3, S.REFERRED_OUT: 2,
                     S.REFUSED: 1}

# Dispute categories: their share of the cases at general committees, and their shape.
GENERAL_CATEGORIES = {
    "neighbour": 24, "marriage_family": 16, "housing_homestead": 7, "contract": 9,
    "business_operation": 3, "damages": 9, "forest_land": 4, "land_expropriation": 2,
    "environment": 1.5, "labour": 6, "consumer": 3, "medical": 0.5, "traffic_accident": 4,
    "property_management": 3, "tourism": 0.6, "intellectual_property": 0.2, "internet": 1.2,
    "village_affairs": 2.5, "other": 3.5,
}


class Shape(NamedTuple):
    """How disputes of one category typically look."""

    p_amount: float
    """Share of cases that claim money; the amount is log-normal around ``median`` yuan."""
    median: int
    spread: float
    p_group: float
    """Share of group disputes (5–30 people involved)."""
    p_org: float
    """Share of "any" respondents that are organisations, of the kinds in ``org_kinds``."""
    org_kinds: tuple[str, ...]
    p_third: float
    """Share of cases with a third party, of kind ``third_kind``."""
    third_kind: str


SHAPES = {category: Shape(*shape) for category, shape in {
    "marriage_family": (0.35, 30000, 1.0, 0.0, 0.0, (), 0.06, "person"),
    "neighbour": (0.25, 3000, 0.9, 0.01, 0.0, (), 0.03, "person"),
    "housing_homestead": (0.35, 20000, 1.0, 0.01, 0.1, ("company",), 0.08, "person"),
    "contract": (0.95, 35000, 1.1, 0.0, 0.25, ("company",), 0.03, "person"),
    "business_operation": (0.85, 50000, 1.1, 0.02, 0.4, ("farm", "company"), 0.03, "person"),
    "damages": (0.9, 8000, 1.0, 0.0, 0.15, ("company",), 0.05, "insurer"),
    "forest_land": (0.35, 15000, 1.0, 0.03, 0.25, ("village_body", "farm"), 0.1, "village_body"),
    "land_expropriation": (0.7, 80000, 0.9, 0.2, 0.0, (), 0.25, "village_body"),
    "environment": (0.5, 10000, 1.0, 0.2, 0.5, ("farm", "company"), 0.03, "person"),
    "labour": (0.95, 18000, 0.9, 0.08, 0.45, ("company",), 0.1, "company"),
    "consumer": (0.95, 3000, 1.0, 0.03, 0.0, (), 0.02, "person"),
    "medical": (0.95, 60000, 1.0, 0.0, 0.0, (), 0.02, "person"),
    "traffic_accident": (0.95, 25000, 1.1, 0.0, 0.15, ("company",), 0.3, "insurer"),
    "property_management": (0.9, 3500, 0.8, 0.1, 0.0, (), 0.02, "person"),
    "tourism": (0.9, 2500, 0.9, 0.05, 0.0, (), 0.02, "person"),
    "intellectual_property": (0.8, 30000, 1.0, 0.0, 0.7, ("company", "online"), 0.02, "person"),
    "internet": (0.85, 4000, 1.0, 0.01, 0.5, ("online",), 0.02, "person"),
    "village_affairs": (0.3, 10000, 1.0, 0.25, 0.0, (), 0.03, "person"),
    "other": (0.4, 5000, 1.0, 0.01, 0.1, ("company",), 0.03, "person"),
}.items()}
SOURCES_BY_KIND: dict[str, dict[str, float]] = {
    "village_committee": {"walk_in": 45, "proactive": 20, "grid_report": 20,
                          "villagers_meeting": 10, "hotline_12345": 2, "other": 3},
    "town_committee": {"walk_in": 40, "grid_report": 12, "hotline_12345": 12, "proactive": 10,
                       "petition_office": 6, "department_referral": 6, "police_referral": 6,
                       "villagers_meeting": 3, "other": 5},
    "county_centre": {"walk_in": 30, "hotline_12345": 20, "petition_office": 15,
                      "department_referral": 15, "court_pre_filing": 8, "proactive": 5,
                      "grid_report": 4, "police_referral": 2, "other": 1},
    "professional_committee": {"walk_in": 45, "department_referral": 20, "court_pre_filing": 15,
                               "police_referral": 10, "hotline_12345": 10},
    "court_studio": {"court_pre_filing": 75, "court_entrusted": 25},
    "police_office": {"police_referral": 85, "walk_in": 15},
    "brand_studio": {"walk_in": 60, "proactive": 20, "grid_report": 10, "hotline_12345": 10},
    "admin_department": {"walk_in": 50, "hotline_12345": 35, "department_referral": 15},
    "enterprise_committee": {"walk_in": 70, "proactive": 30},
}
CATEGORIES_BY_KIND: dict[str, dict[str, float]] = {
    "court_studio": {"contract": 30, "damages": 15, "marriage_family": 12, "traffic_accident": 12,
                     "labour": 8, "business_operation": 6, "housing_homestead": 5, "consumer": 4,
                     "internet": 3, "intellectual_property": 2, "other": 3},
    "police_office": {"neighbour": 35, "damages": 30, "marriage_family": 10,
                      "traffic_accident": 10, "consumer": 5, "other": 10},
    "brand_studio": {"neighbour": 35, "marriage_family": 30, "housing_homestead": 12,
                     "contract": 8, "damages": 8, "other": 7},
    "enterprise_committee": {"labour": 60, "damages": 20, "contract": 10, "other": 10},
}
# Share of all cases received by each kind of organisation.
KIND_SHARES = {
    "village_committee": 50, "town_committee": 24, "county_centre": 8,
    "professional_committee": 7, "court_studio": 4, "police_office": 3, "brand_studio": 1.5,
    "admin_department": 2, "enterprise_committee": 0.5,
}
MEDIATORS_PER_KIND = {
    "village_committee": 3, "town_committee": 6, "county_centre": 12,
    "professional_committee": 5, "court_studio": 4, "police_office": 3, "brand_studio": 3,
    "admin_department": 3, "enterprise_committee": 3,
}
MEDIATION_TYPES = {
    "village_committee": ["people"], "town_committee": ["people"],
    "county_centre": ["people", "administrative", "professional"],
    "professional_committee": ["professional", "people"], "court_studio": ["people", "judicial"],
    "police_office": ["people", "police"], "brand_studio": ["people"],
    "admin_department": ["administrative"], "enterprise_committee": ["people"],
}
LEVELS = {"village_committee": "village", "town_committee": "town", "police_office": "town",
          "enterprise_committee": "town"}
"""Where a case settled by each kind counts as resolved; every other kind is "county"."""
INJURY_CATEGORIES = frozenset({"damages", "traffic_accident", "neighbour", "medical"})
"""Categories in which someone may have been hurt (the incident flag behind the risk colour)."""
