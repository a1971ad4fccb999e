"""The import benchmark's last line: the most rows per second a run's CPU allows here.

It is what tells a slow pipeline (a low share reached) from work that no
pipeline can hide (a low bound), so its arithmetic is held to a worked example.
"""

from __future__ import annotations

import pytest

from benchmarks import import_ledger


def test_the_bound_is_cores_over_cpu_per_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_ledger.os, "cpu_count", lambda: 2)
    line = import_ledger._ceiling({"cpu": 2.0, "worker_cpu": 1.0, "cases": 10_000,
                                   "seconds": 3.0})
    assert line == ("CPU bound: 300 µs of CPU a row in all, so at most 6,667 rows per second "
                    "on 2 cores even with every core busy throughout; this run reached 50% "
                    "of that.")
