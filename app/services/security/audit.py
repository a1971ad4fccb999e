"""Proving the audit trail is intact (``tiaojie audit verify``, the settings page's button).

In order: the database's own integrity check (a damaged file is reported as
damaged, nothing else is trusted), then every entry of every chain under the
installation's key with the chains' ends compared to their heads and to this
computer's record, and with ``deep`` the replay of every row's after-images
against the rows as they are now.  The messages are built here so the CLI and
the GUI say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import i18n
from app.domain.text import _
from app.services.security.access import require
from app.services.security.users import UserInfo
from app.store import audit_tail
from app.store.audit_key import AuditKeyError, existing_key
from app.store.audit_replay import Replay, RowFinding, replay
from app.store.audit_verify import Finding, check_trail
from app.store.database import Database
from app.store.integrity import damage


@dataclass(frozen=True)
class AuditReport:
    """The verdict: a damaged file, or how many entries were proven and what is wrong."""

    checked: int
    findings: tuple[Finding, ...] = ()
    damaged: str | None = None
    deep: Replay | None = None
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the file is sound, every entry proven, no tail cut, no row unaccounted."""
        return (self.damaged is None and not self.findings
                and (self.deep is None or not self.deep.findings))


def verify(db: Database, actor: UserInfo, *, deep: bool = False) -> AuditReport:
    """Check the file, then the chains, then (``deep``) every row against its trail."""
    notes: list[str] = []
    try:
        with db.engine.connect() as conn:
            problem = damage(conn)
            if problem is not None:
                return AuditReport(0, damaged=problem)
            with Session(conn) as session:
                require(session, actor, "audit.verify")
            key = existing_key()
            records = audit_tail.read_records()
            trail = check_trail(conn, key, records)
            found = replay(conn) if deep else None
    except DBAPIError as exc:
        return AuditReport(0, damaged=str(getattr(exc, "orig", exc)).splitlines()[0])
    except AuditKeyError as exc:
        return AuditReport(0, notes=(str(exc),), findings=(Finding("key"),))
    if trail.local_record_unreadable:
        notes.append(_("本机的审计链记录文件 {path} 无法读取，未能核对最新记录是否被删除")
                     .format(path=audit_tail.heads_path()))
    if found is not None:
        notes += [_deep_note(source, count) for source, count in sorted(found.unchecked.items())]
    return AuditReport(trail.checked, trail.findings, deep=found, notes=tuple(notes))


def damaged_message(report: AuditReport) -> str:
    """One line for a damaged database file: what is wrong and what to do."""
    return _("数据库文件已损坏（{reason}），审计链无法核验：请停止使用此文件，"
             "从最近的备份恢复后再核验").format(reason=report.damaged)


def finding_message(finding: Finding) -> str:
    """One line naming the entry or chain and what happened to it."""
    chain = finding.chain or ""
    if finding.kind == "tail":
        return _("最新的 {n} 条审计记录缺失（审计链 {chain}，现存最后序号 {seq}）："
                 "已被删除，或数据库被换成了旧的备份").format(
                     n=i18n.format_number(finding.count), chain=chain, seq=finding.seq)
    if finding.kind == "gap":
        return _("第 {id} 号审计记录之前缺少 {n} 条记录"
                 "（审计链 {chain}，序号 {seq} 之后）：已被删除").format(
                     id=finding.entry_id, n=i18n.format_number(finding.count), chain=chain,
                     seq=finding.seq)
    if finding.kind == "key":
        if finding.entry_id is None:
            return _("无法读取审计密钥，审计链未核验")
        return _("第 {id} 号审计记录不是用本机的审计密钥（{key}）写入的：可能是伪造的；"
                 "如果它来自共用同一服务器的另一台电脑，请把那台电脑的审计密钥文件复制到本机")\
            .format(id=finding.entry_id, key=finding.detail or "?")
    return {
        "edited": _("第 {id} 号审计记录的内容与其校验码不符：已被篡改或伪造"),
        "link": _("第 {id} 号审计记录与前一条对不上：前一条已被篡改或删除，或本条是伪造的"),
        "unsealed": _("第 {id} 号审计记录是升级后按旧格式添加的：是伪造的"),
        "head": _("审计链 {chain} 的链头记录已被改动或删除"),
        "base": _("案件库的审计起点记录已被改动或删除"),
        "identity": _("本机记录过此位置的另一个案件库（{origin}），现在的案件库标识不同："
                      "案件库或其审计起点记录被替换了"),
    }.get(finding.kind, _("审计链有问题：{kind}")).format(
        id=finding.entry_id, chain=chain, origin=finding.detail, kind=finding.kind)


def row_message(finding: RowFinding) -> str:
    """One line naming the table, row and fields that the trail does not account for."""
    if finding.kind == "changed":
        return _("{table} #{key}：字段 {fields} 与最后一条审计记录不同（被绕过程序改动）").format(
            table=finding.table, key=finding.key, fields="、".join(finding.fields))
    if finding.kind == "missing":
        return _("{table} #{key}：审计记录显示此行存在，但它已不在数据库中（被绕过程序删除）")\
            .format(table=finding.table, key=finding.key)
    return _("{table} #{key}：此行没有审计记录（被绕过程序写入）").format(
        table=finding.table, key=finding.key)


def _deep_note(source: str, count: int) -> str:
    n = i18n.format_number(count)
    if source == "demo":
        return _("{n} 行由演示数据生成器写入，按“生成时已审计”处理，"
                 "生成时的内容未逐项核对").format(n=n)
    if source == "import":
        return _("{n} 行由台账导入写入，按“导入时已审计”处理（导入批次记录了文件的 SHA-256），"
                 "导入时的内容未逐项核对").format(n=n)
    return _("{n} 行在启用带密钥的审计链之前已存在，当时的内容没有审计快照，"
             "未逐项核对").format(n=n)


def report_lines(report: AuditReport) -> list[str]:
    """Every line of the verdict, problems first (the CLI prints them, the GUI shows them)."""
    if report.damaged is not None:
        return [damaged_message(report)]
    lines = [finding_message(f) for f in report.findings]
    if report.deep is not None:
        lines += [row_message(f) for f in report.deep.findings]
        if report.deep.more:
            lines.append(_("……另有 {n} 行有问题未列出").format(
                n=i18n.format_number(report.deep.more)))
    return lines
