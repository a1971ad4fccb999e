"""Phone numbers: mainland mobiles and landlines with area codes, and masking."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationError
from app.domain.phone import mask_phone, parse_phone


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("13800000000", "13800000000"),
        ("19912345678", "19912345678"),
        ("+8613800000000", "13800000000"),
        ("+86 138 0000 0000", "13800000000"),
        ("86-138-0000-0000", "13800000000"),
        ("8613800000000", "13800000000"),
        ("008613800000000", "13800000000"),
        ("138 0000 0000", "13800000000"),
        ("１３８００００００００", "13800000000"),
        ("0574-87654321", "0574-87654321"),
        ("057487654321", "0574-87654321"),
        ("0574 87654321", "0574-87654321"),
        ("(0574)87654321", "0574-87654321"),
        ("（0574）87654321", "0574-87654321"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("021-6543210", "021-6543210"),
        ("0574-87654321-123", "0574-87654321-123"),
        ("0574-87654321转8001", "0574-87654321-8001"),
    ],
)
def test_valid_numbers_are_normalised(text: str, normal: str) -> None:
    assert parse_phone(text) == normal


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("1380000000", "应为11位，实际为10位"),
        ("138000000000", "应为11位，实际为12位"),
        ("+86 1380000000", "应为11位，实际为10位"),
        ("12012345678", "第二位应为3至9"),
        ("87654321", "应带区号"),
        ("0574-0765432", "无法识别"),
        ("0574-876543", "无法识别"),
        ("0574-876543210", "无法识别"),
        ("138-abcd-0000", "无法识别"),
        ("电话", "无法识别"),
    ],
)
def test_invalid_numbers_are_refused(text: str, message_part: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_phone(text)
    assert message_part in str(caught.value)


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13800000000", "138****0000"),
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("0574-87654321", "0574-****4321"),
        ("010-1234567", "010-***4567"),
        ("0574-87654321-123", "0574-****4321-123"),
        ("12345", "1***5"),
        ("", ""),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked
