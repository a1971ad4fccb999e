"""The largest record id: ids are 32-bit INTEGER columns (PostgreSQL), larger names no record.

Kept apart from the intake rules that also check it: the command line checks
every number it is given before it runs any command (``tiaojie gui`` too),
and the intake rules load the ID-number, phone and credit-code checks.
"""

from __future__ import annotations

MAX_RECORD_ID = 2**31 - 1
