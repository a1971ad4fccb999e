"""What the restore dialog says about an archive and a finished restore, in a line or two."""

from __future__ import annotations

from app import i18n
from app.domain.text import _
from app.services.backups.archive_format import PARTIAL, BackupManifest
from app.services.backups.restore import RestoreReport

CASES_TABLE = "cases"


def manifest_summary(manifest: BackupManifest) -> str:
    """When and where the backup was made, and how much it holds."""
    rows = manifest.fingerprint.rows
    text = _("备份于 {when}（{source}，程序版本 {version}），"
             "共 {cases} 个案件、{rows} 行记录。").format(
        when=i18n.format_datetime(manifest.created_at), source=manifest.source,
        version=manifest.program_version,
        cases=i18n.format_number(rows.get(CASES_TABLE, 0)),
        rows=i18n.format_number(manifest.fingerprint.total))
    if manifest.kind == PARTIAL:
        text += _("这是部分导出，不能作为整库恢复。")
    return text


def fingerprint_line(digest: str, total: int) -> str:
    """The fingerprint as a clerk reads it aloud to compare: rows and the digest's first digits."""
    return _("指纹：{rows} 行，{digest}").format(rows=i18n.format_number(total),
                                             digest=digest[:16])


def restore_summary(report: RestoreReport) -> str:
    """What a finished restore proved: the fingerprint matches, and the audit check's verdict."""
    same = report.fingerprint.digest == report.manifest.fingerprint.digest
    lines = [_("恢复完成：{target}").format(target=report.target),
             fingerprint_line(report.fingerprint.digest, report.fingerprint.total)
             + ("  " + (_("与备份时一致") if same else _("与备份时不一致！")))]
    if report.audit_ok:
        lines.append(_("审计链完整：已核验 {n} 条记录").format(
            n=i18n.format_number(report.audit.checked)))
    else:
        lines.extend(report.audit_lines[:3])
    return "\n".join(lines)
