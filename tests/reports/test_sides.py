"""Every counted column reads the facts of exactly one side, and a mixed one is refused.

The tables count each side's cases on their own and add the sides up; a
column reading facts of two sides would be counted wrong, so the rule is
checked for every column of every table.
"""

from __future__ import annotations

import pytest
from sqlalchemy import and_

from app.reports import facts
from app.reports.columns import mediation_measures, mediator_measures, multi_source_measures


@pytest.mark.parametrize("groups", [mediation_measures, multi_source_measures,
                                    mediator_measures])
def test_every_counted_column_reads_one_side(groups: object) -> None:
    measures = [m for _label, ms in groups() for m in ms]  # type: ignore[operator]
    sides = {m.column.key: facts.side_of(m.condition) for m in measures if m.condition}
    assert sides["received"] == "received"
    assert set(sides.values()) <= set(facts.SIDES)
    for m in measures:
        if m.value is not None:
            assert m.value in facts.SIDE_FACTS[sides[m.column.key]]


def test_a_column_reading_two_sides_is_refused() -> None:
    with pytest.raises(ValueError, match="one side"):
        facts.side_of(lambda f: and_(f.rcv == 1, f.outcome == "agreed"))
