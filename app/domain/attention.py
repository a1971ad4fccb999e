"""Which cases are watched from the day they arrive (重点关注): group disputes and red risks.

Kept apart from the intake rules so the case list can filter on it without
loading them (they load the ID-number, phone and credit-code checks).
"""

from __future__ import annotations

GROUP_DISPUTE_SIZE = 5
"""A dispute involving this many people or more is a group dispute (群体性纠纷)."""
