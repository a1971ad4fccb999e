"""Case numbers such as （2026）象调字第0001号.

The number is printed on the dossier cover and reused as the agreement number
that follow-up records refer back to (the committee's 人调字 dossier number).
Each organisation may set its own pattern, so a pattern is checked before it is saved.
"""

from __future__ import annotations

from string import Formatter

from app.domain.errors import ValidationError
from app.domain.text import _

DEFAULT_PATTERN = "（{year}）{org}调字第{seq:04d}号"
_FIELDS = frozenset({"year", "org", "seq"})


def validate_pattern(pattern: str) -> str:
    """Return ``pattern`` if it can number cases, else a ValidationError saying why.

    It must contain ``{seq}`` and ``{year}`` (sequences restart every year, so a
    number without the year would repeat) and may use only ``{org}`` besides.
    """
    try:
        fields = [(name, spec) for _text, name, spec, _conversion in Formatter().parse(pattern)]
    except ValueError:
        raise ValidationError(_("编号格式中的大括号不成对")) from None
    names = [name for name, _spec in fields if name is not None]
    for name in names:
        if name not in _FIELDS:
            raise ValidationError(
                _("编号格式中的字段“{name}”无效：只能使用 year、org、seq").format(name=name or "{}")
            )
    if "seq" not in names:
        raise ValidationError(
            _("编号格式必须包含序号字段 seq，例如 {example}").format(example="{seq:04d}")
        )
    # A field inside a format spec ("{seq:{year}}") would format, but absurdly.
    unusable = any(spec and "{" in spec for _name, spec in fields)
    if not unusable:
        try:
            pattern.format(year=2026, org="象", seq=1)
        except (ValueError, KeyError, IndexError):
            unusable = True
    if unusable:
        raise ValidationError(
            _("编号格式无法使用：请检查冒号后面的格式说明，例如 {example}").format(
                example="{seq:04d}"
            )
        )
    if "year" not in names:
        raise ValidationError(
            _("编号格式必须包含年度字段 year（序号每年从1开始），例如 {example}").format(
                example="（{year}）")
        )
    return pattern


def format_case_number(pattern: str, year: int, org_short: str, seq: int) -> str:
    """The case number for the ``seq``-th case of ``year`` at organisation ``org_short``."""
    return validate_pattern(pattern).format(year=year, org=org_short, seq=seq)
