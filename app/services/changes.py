"""What someone else changed in a record: the sentence a conflict shows.

When two people work on one case or one party, the second to save must not
silently overwrite the first, and a refusal that says only "changed by
someone" leaves them guessing what to check.  The audit trail knows who
changed the row, when and which fields from what to what, so a conflict is
told from it: "王调解员 于 2026-12-03 10:15 修改了这条记录：状态：调解中 →
达成协议".  The case timeline uses the same field wording.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import i18n
from app.domain.closing import GUIDANCE
from app.domain.codes import label
from app.domain.text import N_, _
from app.domain.workflow import STATUS_LABELS, CaseStatus
from app.services.errors import ConflictError
from app.services.security.names import display_names
from app.store.models import AuditEntry

FIELD_LABELS: Mapping[str, Mapping[str, str]] = {
    "cases": {
        "status": N_("状态"), "facts": N_("纠纷事实"), "claims": N_("请求事项"),
        "amount": N_("争议金额"), "people_involved": N_("涉及人数"), "risk": N_("风险等级"),
        "category": N_("纠纷类型"), "source": N_("案件来源"), "deadline": N_("办理期限"),
        "refusal_reason": N_("不予受理理由"), "outcome": N_("调解结果"),
        "archive_number": N_("档案号"), "supervised": N_("挂牌督办"),
        "outcome_reason": N_("结案原因"), "guidance": N_("引导途径"),
        "archive_location": N_("档案存放位置"),
        "current_organisation_id": N_("承办组织"), "lead_mediator_id": N_("主办调解员"),
    },
    "parties": {
        "name": N_("姓名或名称"), "id_number": N_("身份证号码"), "phone": N_("联系电话"),
        "address": N_("住址"), "occupation": N_("职业"), "gender": N_("性别"),
        "birth_date": N_("出生日期"), "ethnicity": N_("民族"),
        "credit_code": N_("统一社会信用代码"), "legal_representative": N_("法定代表人"),
    },
    "agreements": {
        "form": N_("协议形式"), "facts": N_("纠纷事实"), "disputed_matters": N_("争议事项"),
        "responsibilities": N_("各方责任"), "terms": N_("协议内容"), "copies": N_("份数"),
        "signed_on": N_("签订日期"), "effective_on": N_("生效日期"),
    },
    "meetings": {
        "held_at": N_("时间"), "venue": N_("地点"), "host": N_("主持人"),
        "recorder": N_("记录人"), "members_total": N_("应到人数"), "notes": N_("备注"),
    },
    "regions": {
        "name": N_("名称"), "code": N_("区划代码"), "level": N_("级别"), "active": N_("启用"),
    },
    "organisations": {
        "name": N_("名称"), "short_name": N_("简称"), "code": N_("组织代码"),
        "kind": N_("组织类型"), "case_number_pattern": N_("案号格式"), "active": N_("启用"),
    },
    "roster_members": {
        "name": N_("姓名"), "role": N_("身份"), "household_group": N_("村民小组"),
        "phone": N_("联系电话"), "active": N_("在册"),
    },
}
"""The fields a person recognises, per table; other columns are bookkeeping."""
VALUE_LABELS: Mapping[str, Mapping[str, str]] = {
    "guidance": GUIDANCE, "outcome": {s.value: text for s, text in STATUS_LABELS.items()}}
HIDDEN_VALUES = frozenset({"id_number", "phone", "current_organisation_id",
                           "lead_mediator_id"})
"""Fields named without their values: a conflict must not reveal what masking hides."""
SHORT_VALUE = 24
"""Longer values (facts, terms) are named, not quoted: the sentence must stay readable."""


def describe_change(table: str, before: Mapping[str, Any], after: Mapping[str, Any],
                    *, in_full: bool = False) -> str:
    """"状态：调解中 → 达成协议；办理期限" for the fields of ``table`` a person recognises.

    ``in_full`` (the case timeline, which has room) quotes long values too and
    leaves out the fields the timeline tells as events of their own.
    """
    labels = FIELD_LABELS.get(table, {})
    parts = []
    for key, new in sorted(after.items(), key=lambda item: item[0] != "status"):
        if key not in labels or (in_full and key in HIDDEN_VALUES):
            continue
        old = before.get(key)
        if key in HIDDEN_VALUES or (not in_full and any(
                isinstance(v, str) and len(v) > SHORT_VALUE for v in (old, new))):
            parts.append(_(labels[key]))
            continue
        if key == "status":
            old = _(STATUS_LABELS[CaseStatus(old)]) if old else ""
            new = _(STATUS_LABELS[CaseStatus(new)]) if new else ""
        elif key in VALUE_LABELS:
            old = label(VALUE_LABELS[key], old) if old else ""
            new = label(VALUE_LABELS[key], new) if new else ""
        parts.append(_("{field}：{old} → {new}").format(
            field=_(labels[key]), old=old if old not in (None, "") else "—",
            new=new if new not in (None, "") else "—"))
    return "；".join(parts)


def changes_since(session: Session, table: str, row_id: int, version: int,
                  *, except_login: str | None = None) -> str | None:
    """Who changed row ``row_id`` of ``table`` after ``version``, and what; None if nobody else.

    Changes by ``except_login`` (the person now acting, in another window
    of theirs) do not count: they know about them.
    """
    entries = session.execute(
        select(AuditEntry).where(AuditEntry.entity == table, AuditEntry.entity_id == row_id)
        .order_by(AuditEntry.id)).scalars().all()
    lines: list[tuple[str, str, str]] = []
    logins: set[str] = set()
    for entry in entries:
        after = json.loads(entry.after) if entry.after else {}
        if entry.action != "delete" and int(after.get("version", 0) or 0) <= version:
            continue
        if entry.user_login == except_login:
            continue
        logins.add(entry.user_login)
        before = json.loads(entry.before) if entry.before else {}
        what = (_("删除了这条记录") if entry.action == "delete"
                else describe_change(table, before, after) or _("修改了其他内容"))
        lines.append((entry.user_login, i18n.format_datetime(entry.at), what))
    if not lines:
        return None
    names = display_names(session, logins)
    return "；".join(_("{who} 于 {at}：{what}").format(who=names.get(login, login), at=at,
                                                      what=what)
                    for login, at, what in lines)


def stale_message(kind: str, changes: str) -> str:
    """The refusal for acting on ``kind`` (案件, 当事人…) as it stood before ``changes``."""
    return _("操作未执行：您看到的{kind}信息已过时。{changes}。请刷新后查看最新内容再操作。"
             ).format(kind=kind, changes=changes)


def refuse_stale(session: Session, table: str, row_id: int, current: int, seen: int | None,
                 kind: str) -> None:
    """Raise ConflictError when a form edited from version ``seen`` meets version ``current``.

    ``seen`` None: the form was opened when there was no record yet.

    The refusal names who changed the record since, and what; a record changed
    without an audit entry of its own (a bulk import) gets the plain sentence.
    """
    if current == seen:
        return
    changes = changes_since(session, table, row_id, seen or 0)
    raise ConflictError(stale_message(kind, changes) if changes else _(
        "保存失败：这条{kind}记录已被其他人修改。您的修改没有保存，请刷新后再改。").format(kind=kind))
