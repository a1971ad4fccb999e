"""The working papers of a case: application, intake register, session record,
follow-up record and termination notice (MoJ 人民调解文书格式, 2010).

Field lists follow the MoJ formats as far as they are known; each form says
the same about a party as the agreement does (see :mod:`app.documents.parts`).
"""

from __future__ import annotations

from datetime import date

from app.documents import layout as L
from app.documents.issuer import issuer_of
from app.documents.parts import (
    age_on,
    day,
    dispute_kind,
    dispute_name,
    money,
    particulars,
    party_names,
    party_signers,
    role_label,
    staff_signers,
)
from app.domain.codes import CATEGORIES, GENDERS, SOURCES, label
from app.domain.dates import format_datetime_cn
from app.domain.document_kinds import CLOSED_WITHOUT_AGREEMENT
from app.domain.document_model import CaseData, PartyData
from app.domain.errors import ValidationError
from app.domain.text import N_, _

_APPLIED = {"walk_in", "hotline_12345", "petition_office", "villagers_meeting", "other"}
_REFERRED = {"police_referral", "court_pre_filing", "court_entrusted", "department_referral"}


def _party_row(p: PartyData, on: date) -> tuple[str, ...]:
    age = age_on(p, on)
    return (role_label(p), p.name, label(GENDERS, p.gender) if p.gender else "",
            "" if age is None else str(age), p.id_number or p.credit_code or "",
            p.phone or "", p.address or "")


def _party_grid(case: CaseData) -> L.Grid:
    on = case.received_at.date()
    rows = ((_("身份"), _("姓名或名称"), _("性别"), _("年龄"), _("证件号码"), _("联系方式"),
             _("单位或住址")), *(_party_row(p, on) for p in case.parties))
    return L.Grid(rows, (0.10, 0.14, 0.065, 0.065, 0.25, 0.18, 0.20), header=True, small=True)


def application(case: CaseData) -> L.Form:
    """人民调解申请书: who applies against whom, the dispute, what is asked, the consent."""
    issuer = issuer_of(case)
    applicants = [p for p in case.principals if p.role == "applicant"]
    others = [p for p in case.principals if p.role != "applicant"]
    title = issuer.title(_("人民调解申请书"))
    blocks: list[L.Block] = [L.Title(title), L.RefLine(_("案件编号：{number}").format(
        number=case.number))]
    for p in [*applicants, *others]:
        blocks.append(L.Para(particulars(p), bold_lead=role_label(p) + "："))
        for agent in case.agents_of(p.name):
            blocks.append(L.Para(particulars(agent), bold_lead=role_label(agent) + "："))
    claims = [c.strip() for c in (case.claims or "").splitlines() if c.strip()]
    blocks += [L.Heading(_("纠纷简要情况")), L.Para(case.facts)]
    if case.amount is not None:
        blocks.append(L.Para(_("争议金额：{money}。").format(money=money(case.amount))))
    blocks += [L.Heading(_("申请事项")),
               *[L.Para(f"{n}. {c}") for n, c in enumerate(claims or [_("请求依法调解")], 1)],
               L.Together((
                   L.Para(_("申请人自愿申请{org}对上述纠纷进行调解，并保证所述情况属实。").format(
                       org=issuer.name)),
                   L.Spacer(), L.Para(_("此致")), L.Para(issuer.name, indent=False), L.Spacer(),
                   L.Signatures(tuple(s for s, p in zip(party_signers(case), case.parties,
                                                        strict=True)
                                      if p.role == "applicant" and not p.is_agent)),
                   L.Para(_("申请日期：{date}").format(date=day(case.received_at.date())),
                          indent=False)))]
    return L.Form("application", title, tuple(blocks), issuer.header, case.number)


def _source_marks(source: str) -> str:
    chosen = "applied" if source in _APPLIED else "referred" if source in _REFERRED else "own"
    marks = (("applied", _("①当事人申请")), ("own", _("②主动调解")),
             ("referred", _("③接受委托移送")))
    return "　".join(text + ("（√）" if key == chosen else "") for key, text in marks)


def intake_form(case: CaseData) -> L.Form:
    """人民调解受理登记表: the register line, with the parties' consent to mediation."""
    issuer = issuer_of(case)
    rows: tuple[tuple[str, ...], ...] = (
        (_("受理日期"), day(case.received_at.date()), _("编号"), case.number),
        (_("纠纷类型"), label(CATEGORIES, case.category), _("来源渠道"),
         label(SOURCES, case.source)),
        (_("案件来源"), _source_marks(case.source)),
        (_("纠纷简要情况"), case.facts),
        (_("当事人请求"), case.claims or ""),
        (_("争议金额"), money(case.amount) if case.amount is not None else _("无")),
        (_("受理意见"), _("经当事人同意，{we}受理{names}之间的纠纷，进行调解。").format(
            we=issuer.we, names=party_names(case.principals))),
        (_("当事人签名"), ""),
        (_("登记人"), case.registered_by or "", issuer.staff, "、".join(case.mediators)),
    )
    labels = frozenset({(r, 0) for r in range(len(rows))} | {(0, 2), (1, 2), (8, 2)})
    title = issuer.title(_("人民调解受理登记表"))
    blocks: list[L.Block] = [
        L.Title(title, issuer.name), _party_grid(case), L.Spacer(),
        L.Together((L.Grid(rows, (0.17, 0.38, 0.15, 0.30), labels, heights={3: 1, 7: 2}),
                    L.Seal(issuer.name, case.received_at.date()))),
    ]
    return L.Form("intake-form", title, tuple(blocks), issuer.header, case.number)


def session_record(case: CaseData) -> L.Form:
    """人民调解记录: one record per sitting, read back and signed by everyone present."""
    issuer = issuer_of(case)
    if not case.sessions:
        raise ValidationError(_("案件“{number}”还没有调解记录").format(number=case.number))
    title = issuer.title(_("人民调解记录"))
    blocks: list[L.Block] = []
    for n, s in enumerate(case.sessions):
        if n:
            blocks.append(L.PageBreak())
        rows = (
            (_("时间"), format_datetime_cn(s.held_at), _("地点"), s.place or ""),
            (_("事由"), dispute_name(case)),
            (issuer.staff, s.mediators or "", _("记录人"), s.recorder or ""),
            (_("当事人"), s.attendees or party_names(case.principals)),
            (_("参加人"), s.invited or _("无")),
        )
        blocks += [L.Title(title, issuer.name),
                   L.RefLine(_("案件编号：{number}　第{n}次").format(number=case.number, n=n + 1)),
                   L.Grid(rows, (0.15, 0.40, 0.15, 0.30),
                          frozenset({(r, 0) for r in range(5)} | {(0, 2), (2, 2)}))]
        if s.rights_read:
            blocks.append(L.Para(_("调解员告知当事人在人民调解活动中享有的权利和承担的义务，"
                                   "询问是否申请回避，当事人表示已清楚、不申请回避。")))
        lines = [L.Para(line) for line in s.record.splitlines() if line.strip()]
        mediators = tuple(m for m in (s.mediators or "").split("、") if m) or case.mediators
        blocks += [*lines[:-1], L.Together((
            *lines[-1:], L.Para(_("以上记录已向当事人宣读（或经当事人阅读），确认无误。")),
            L.Spacer(), L.Signatures((*party_signers(case),
                                      *staff_signers(issuer.staff, mediators, s.recorder)))))]
    return L.Form("session-record", title, tuple(blocks), issuer.header, case.number)


_PERFORMANCE = {"performed": N_("已履行"), "partial": N_("部分履行"),
                "pending": N_("未履行（督促中）"), "not_performed": N_("未履行（督促中）")}
_METHODS = {"phone": N_("电话回访"), "visit": N_("上门回访"), "online": N_("网上回访")}


def followup(case: CaseData) -> L.Form:
    """人民调解回访记录: how the agreement is being performed, one table per visit."""
    issuer = issuer_of(case)
    if not case.followups:
        raise ValidationError(_("案件“{number}”还没有回访记录").format(number=case.number))
    number = case.agreement.number if case.agreement and case.agreement.number else case.number
    title = issuer.title(_("人民调解回访记录"))
    blocks: list[L.Block] = [L.Title(title, issuer.name),
                             L.RefLine(_("案件编号：{number}").format(number=case.number))]
    for n, f in enumerate(case.followups):
        result = _(_PERFORMANCE.get(f.performance or "", f.performance or ""))
        rows = (
            (_("当事人"), party_names(case.principals)),
            (_("调解协议编号"), number),
            (_("回访事由"), _("了解调解协议履行情况，听取当事人意见")),
            (_("回访时间"), day(f.visited_on), _("回访方式"),
             _(_METHODS.get(f.method or "", f.method or ""))),
            (_("回访情况"), _("履行情况：{result}。{notes}{satisfaction}").format(
                result=result, notes=f.notes or "",
                satisfaction=("\n" + f.satisfaction) if f.satisfaction else "")),
            (_("回访人"), f.visitor or "", _("日期"), day(f.visited_on)),
        )
        grid = L.Grid(rows, (0.17, 0.38, 0.15, 0.30),
                      frozenset({(r, 0) for r in range(6)} | {(3, 2), (5, 2)}), heights={4: 3})
        if n:
            blocks.append(L.Spacer())
        if n < len(case.followups) - 1:
            blocks.append(grid)
        else:
            blocks.append(L.Together((grid, L.Seal(issuer.name,
                                                   case.followups[-1].visited_on))))
    return L.Form("followup", title, tuple(blocks), issuer.header, case.number)


def _ending(case: CaseData, people: bool) -> list[str]:
    """Why mediation ended, worded for a failure (art 26) or a withdrawal (art 23)."""
    if case.outcome == "withdrawn":
        reason = (case.outcome_reason or _("申请人撤回调解申请。")).rstrip("。") + "。"
        basis = _("依据《中华人民共和国人民调解法》第二十三条的规定，") if people else ""
        return [_("{reason}{basis}终止调解。").format(reason=reason, basis=basis)]
    reason = (case.outcome_reason or _("当事人未能达成调解协议")).rstrip("。")
    basis = _("依据《中华人民共和国人民调解法》第二十六条的规定，") if people else ""
    return [_("因{reason}，{basis}决定终止调解。").format(reason=reason, basis=basis),
            _("当事人可以依法通过仲裁、行政、司法等途径维护自己的权利。")]


def termination(case: CaseData) -> L.Form:
    """终止调解通知书 (PML arts 23, 26; NB-2015 art. 27): why mediation ended.

    A failed mediation names the routes that remain; a withdrawal (the
    applicant withdrew, or the parties settled between themselves) says so
    and invites nobody to sue.
    """
    if case.agreement is not None:
        raise ValidationError(_("案件“{number}”已达成调解协议，不能终止调解").format(
            number=case.number))
    if case.outcome not in CLOSED_WITHOUT_AGREEMENT:
        raise ValidationError(_("案件“{number}”不是调解不成或撤回结案的案件，没有终止调解通知书")
                              .format(number=case.number))
    issuer = issuer_of(case)
    first, *rest = _ending(case, issuer.people)
    blocks: list[L.Block] = [
        L.Title(_("终止调解通知书"), issuer.name),
        L.RefLine(_("编号：{number}").format(number=case.number)),
        L.Para(party_names(case.principals) + "：", indent=False),
        L.Together((
            L.Para(_("你们之间的{kind}，{we}于{received}受理调解。").format(
                kind=dispute_kind(case.category), we=issuer.we,
                received=day(case.received_at.date())) + first),
            *[L.Para(line) for line in rest], L.Para(_("特此通知。")),
            L.Seal(issuer.name, case.closed_on or case.today),
            *L.contact_lines(issuer.handled_by))),
    ]
    return L.Form("termination", _("终止调解通知书"), tuple(blocks), issuer.header, case.number)
