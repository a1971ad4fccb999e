"""Who may do what: the one table of roles × actions every service consults.

The table is data, not code scattered over the services: README.md prints it,
tests/services/test_permissions.py calls every service as every role against
it, and changing what a role may do is a change here alone.  An account's
permissions are those of its role plus those of its case role (an
administrator who also works cases, as in a one-person office).

Which cases and meetings an allowed action may touch is the *scope*
(app/services/security/access.py); this table only says whether the role may
do the action at all.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.text import N_

ACTIONS: Mapping[str, str] = {
    "case.read": N_("查看案件"),
    "case.register": N_("受理登记"),
    "case.refuse": N_("不予受理"),
    "case.assign": N_("分流指派"),
    "case.accept": N_("接收或退回指派、流转"),
    "case.refer": N_("流转案件"),
    "case.recusal": N_("处理回避申请"),
    "case.mediate": N_("调解（开始调解、调解记录、调解终结）"),
    "case.agreement": N_("调解协议与司法确认"),
    "case.followup": N_("履行登记与回访"),
    "case.extend": N_("批准延长办理期限"),
    "case.archive": N_("立卷归档"),
    "case.reopen": N_("重新打开已归档案件、撤销一批导入的台账"),
    "party.read": N_("查看当事人"),
    "party.edit": N_("修改当事人信息"),
    "party.merge": N_("合并当事人记录"),
    "party.reveal": N_("查看完整证件号码和电话"),
    "document.print": N_("生成和查看含完整身份信息的文书"),
    "meeting.read": N_("查看村民说事"),
    "meeting.write": N_("记录村民说事"),
    "network.read": N_("查看调解组织和调解员"),
    "network.admin": N_("管理调解组织、调解员和行政区划"),
    "rules.admin": N_("修改分流规则和办理期限规则"),
    "stats.read": N_("查看统计报表"),
    "user.admin": N_("管理用户账号"),
    "audit.verify": N_("核验审计记录"),
    "casebase.backup": N_("备份整个案件库"),
    "casebase.restore": N_("从备份恢复案件库"),
    "casebase.export": N_("导出一个调解组织的案件档案"),
}
"""Every action a service checks, with the label refusals and README.md show."""

_CASE_WORK = frozenset(a for a in ACTIONS if a.startswith(("case.", "party.")))

GRANTS: Mapping[str, frozenset[str]] = {
    "admin": frozenset({
        "network.read", "network.admin", "rules.admin", "user.admin", "audit.verify",
        "casebase.backup", "casebase.restore", "casebase.export",
    }),
    "director": _CASE_WORK | frozenset({
        "document.print", "meeting.read", "meeting.write", "network.read", "stats.read",
        "audit.verify", "casebase.backup", "casebase.export",
    }),
    "mediator": frozenset({
        "case.read", "case.accept", "case.refer", "case.mediate", "case.agreement",
        "case.followup", "party.read", "party.edit", "party.reveal", "document.print",
        "meeting.read", "network.read",
    }),
    "clerk": frozenset({
        "case.read", "case.register", "case.refuse", "case.assign", "case.accept",
        "case.refer", "case.recusal", "case.followup", "case.archive", "party.read",
        "party.edit", "party.merge", "party.reveal", "document.print", "meeting.read",
        "meeting.write", "network.read", "stats.read",
    }),
    "village_official": frozenset({
        "case.read", "case.register", "case.assign", "case.accept", "case.refer",
        "party.read", "party.reveal", "meeting.read", "meeting.write", "network.read",
    }),
    "viewer": frozenset({
        "case.read", "party.read", "meeting.read", "network.read", "stats.read",
    }),
}
"""Role → the actions it may take (before scope)."""

UNMASKED_ROLES = frozenset({"director", "mediator", "clerk"})
"""Roles that see full ID numbers and phones; everyone else sees them masked (PIPL art. 51)."""

CASE_ROLES = tuple(role for role in GRANTS if role != "admin")
"""Roles an administrator's account may hold as its second, case-work role."""


def roles_of(role: str, case_role: str | None) -> tuple[str, ...]:
    """The roles an account acts in: its role, and its case role if it has one."""
    return (role,) if case_role is None or case_role == role else (role, case_role)


def allowed(role: str, case_role: str | None, action: str) -> bool:
    """Whether an account with these roles may take ``action`` (scope aside)."""
    return any(action in GRANTS.get(r, frozenset()) for r in roles_of(role, case_role))


def unmasked(role: str, case_role: str | None) -> bool:
    """Whether an account with these roles sees full ID numbers and phones."""
    return any(r in UNMASKED_ROLES for r in roles_of(role, case_role))
