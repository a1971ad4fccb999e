"""Termination with guidance, dossier numbers, and where a reopened case goes."""

from __future__ import annotations

import pytest

from app.domain.closing import (
    archive_seq,
    check_close,
    check_reopen,
    format_archive_number,
    reopened_status,
)
from app.domain.errors import ValidationError
from app.domain.workflow import CaseStatus


def test_archive_number_format_and_serial() -> None:
    number = format_archive_number(2026, "象", 12)
    assert number == "（2026）象人调字第12号"
    assert archive_seq(number, 2026, "象") == 12
    assert archive_seq(number, 2025, "象") is None
    assert archive_seq("（2026）石浦人调字第3号", 2026, "象") is None


@pytest.mark.parametrize(("outcome", "reason", "guidance", "field"), [
    ("agreed", "x", None, "outcome"),
    ("not_agreed", "", "litigation", "reason"),
    ("not_agreed", "分歧大", None, "guidance"),
    ("not_agreed", "分歧大", "court", "guidance"),
    ("withdrawn", "已和解", "litigation", "guidance"),
])
def test_termination_needs_reason_and_route(outcome: str, reason: str, guidance: str | None,
                                            field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_close(outcome, reason, guidance)
    assert caught.value.field == field


def test_good_terminations() -> None:
    check_close("not_agreed", "双方对赔偿数额分歧过大", "litigation")
    check_close("withdrawn", "", None)


def test_reopened_case_returns_to_its_archived_from_status() -> None:
    assert reopened_status("agreed", False) == CaseStatus.FOLLOWED_UP
    assert reopened_status("not_agreed", False) == CaseStatus.NOT_AGREED
    assert reopened_status("referred_out", False) == CaseStatus.REFERRED_OUT
    assert reopened_status(None, True) == CaseStatus.REFUSED
    with pytest.raises(ValidationError):
        check_reopen("  ")
