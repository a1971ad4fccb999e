"""How long a case may take, by where it came from (DOMAIN §5).

Committee mediation usually takes a month; court pre-filing delegation 30
days; court entrustment after filing 15 days.  The numbers are defaults an
administrator may change later, so they live in one table here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

DEFAULT_DAYS = 30
DAYS_BY_SOURCE: Mapping[str, int] = {
    "court_pre_filing": 30,
    "court_entrusted": 15,
}


def default_deadline(source: str, received: date,
                     days_by_source: Mapping[str, int] = DAYS_BY_SOURCE) -> date:
    """The last day for mediating a case received on ``received`` from ``source``."""
    return received + timedelta(days=days_by_source.get(source, DEFAULT_DAYS))
