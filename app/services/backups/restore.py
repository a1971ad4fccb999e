"""Rebuild a backup into an empty database of either kind: all of it, or nothing at all.

This is also how an office moves onto the county server: a backup made on
the village PC's SQLite file restores into an empty PostgreSQL database, and
a county extract restores into a SQLite file on a laptop.

Order of work: the cheap refusals first (a bad URL; from the signed manifest,
a partial export or a backup from a newer release; a target that is not
empty), then the whole archive verified (every checksum), then, in one
transaction, create the schema at the backup's
revision (through the migrations, as always), load every row (loader.py), rebuild the
search index, and read everything back to prove the fingerprint equals the
one recorded at backup.  Only then is the restore itself written into the
audit trail and the transaction committed.  A SQLite target is built under
a temporary name beside it and renamed at the end; a PostgreSQL target is
left empty by the rollback.  Finally the schema is brought to this
release's head (if the backup was older) and the audit trail is checked.

Who restores: the target has no accounts yet, so no account of it can be
asked.  The authority is holding the installation's audit key (without it
the archive's signature cannot be checked and the restore is refused) and
being able to write the target (file permissions, database credentials).
``actor`` only names who restores in the audit trail; without one (the
command line) it is the operating-system user, ``os:<name>``.  The GUI
offers restoring to accounts that :func:`authorise_restore` accepts.
"""

from __future__ import annotations

import getpass
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError

from app.domain.text import _
from app.services.backups import archive_format as fmt
from app.services.backups.errors import BackupDamaged, BackupError, RestoreRefused
from app.services.backups.fingerprint import table_fingerprint
from app.services.backups.loader import load_table
from app.services.backups.reader import open_archive, read_manifest, verify_backup
from app.services.security.access import require
from app.services.security.audit import AuditReport, report_lines
from app.services.security.users import UserInfo
from app.store import audit_tail, schema, search
from app.store.audit_key import existing_key
from app.store.audit_log import append_entries
from app.store.audit_verify import check_trail
from app.store.database import Database
from app.store.engine import make_engine, parse_url, sqlite_path
from app.store.integrity import damage
from app.store.models import Base
from app.store.models.report_cache import data_tables

SQLITE_CACHE_KB = 64 * 1024
"""SQLite page cache while loading: index pages stay in memory, well under the memory budget."""


@dataclass(frozen=True)
class RestoreReport:
    """A finished restore: where, what, the fingerprint reproduced, and the audit check."""

    target: str
    manifest: fmt.BackupManifest
    fingerprint: fmt.Fingerprint
    audit: AuditReport
    restored_by: str
    seconds: float

    @property
    def audit_ok(self) -> bool:
        """Whether the restored audit trail checked out."""
        return self.audit.ok

    @property
    def audit_lines(self) -> list[str]:
        """What the audit check found, one line each (empty when all is well)."""
        return report_lines(self.audit)


def authorise_restore(db: Database, actor: UserInfo) -> UserInfo:
    """Whether the signed-in account may restore (administrators); the GUI asks before offering."""
    with db.session() as session:
        return require(session, actor, "casebase.restore").user


def restore_backup(path: Path, target_url: str, actor: UserInfo | None, *,
                   passphrase: str | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> RestoreReport:
    """Restore the archive at ``path`` into the empty database ``target_url``."""
    started = time.monotonic()
    who = actor.login if actor is not None else f"os:{_os_user()}"
    parse_url(target_url)
    with open_archive(Path(path), passphrase) as archive:
        _refuse_unusable(read_manifest(archive))
    file = sqlite_path(target_url)
    if file is not None:
        _refuse_non_empty_file(file)
    else:
        _refuse_non_empty(target_url)
    manifest = verify_backup(Path(path), passphrase=passphrase,
                             progress=_phase(progress, 0), cancelled=cancelled)
    if file is not None:
        fingerprint = _restore_sqlite(Path(path), file, manifest, who, passphrase,
                                      progress, cancelled)
    else:
        engine = make_engine(target_url)
        try:
            _refuse_non_empty(target_url)
            fingerprint = _load(engine, Path(path), manifest, who, passphrase, progress,
                                cancelled)
        finally:
            engine.dispose()
    engine = make_engine(target_url)
    try:
        schema.upgrade(engine)
        audit = _audit_check(engine)
    finally:
        engine.dispose()
    return RestoreReport(parse_url(target_url).render_as_string(hide_password=True), manifest,
                         fingerprint, audit, who, time.monotonic() - started)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _phase(progress: Callable[[int, int], None] | None,
           phase: int) -> Callable[[int, int], None] | None:
    """Progress of one of three passes (verify, load, read back) as part of the whole."""
    if progress is None:
        return None
    report = progress

    def step(done: int, total: int) -> None:
        report(phase * total + done, 3 * total)

    return step


def _refuse_unusable(manifest: fmt.BackupManifest) -> None:
    if manifest.kind != fmt.FULL:
        raise RestoreRefused(_("这是一个调解组织的部分导出，不是整个案件库的备份，不能用来恢复"))
    if manifest.schema_revision not in schema.REVISIONS:
        raise RestoreRefused(_(
            "这个备份由更新版本的调解台（{version}，结构版本 {revision}）写入，"
            "本程序无法恢复：请升级调解台后再试；目标数据库未被改动"
        ).format(version=manifest.program_version, revision=manifest.schema_revision))


def _refuse_non_empty(url: str) -> None:
    """Refuse a PostgreSQL database that has any table (or cannot be reached)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
    except OperationalError as exc:
        raise BackupError(_("无法连接目标数据库 {url}：{reason}").format(
            url=parse_url(url).render_as_string(hide_password=True),
            reason=str(exc.orig).splitlines()[0] if exc.orig else exc)) from exc
    finally:
        engine.dispose()
    if tables:
        raise RestoreRefused(_("目标数据库不是空的（已有 {n} 张表），为免覆盖数据，"
                               "恢复只写入空数据库；目标未被改动").format(n=len(tables)))


def _refuse_non_empty_file(file: Path) -> None:
    """Refuse a SQLite target whose folder is missing or that already holds anything."""
    if not file.parent.is_dir():
        raise BackupError(_("无法恢复：文件夹 {folder} 不存在").format(folder=file.parent))
    if file.exists() and file.stat().st_size > 0:
        raise RestoreRefused(_("目标文件 {file} 已存在且不是空的，为免覆盖数据，恢复只写入新文件；"
                               "目标未被改动").format(file=file))


def _restore_sqlite(path: Path, file: Path, manifest: fmt.BackupManifest, who: str,
                    passphrase: str | None, progress: Callable[[int, int], None] | None,
                    cancelled: Callable[[], bool] | None) -> fmt.Fingerprint:
    """Build the file under a temporary name beside ``file``; rename it when complete."""
    _refuse_non_empty_file(file)
    handle, name = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".restoring",
                                    dir=file.parent)
    os.close(handle)
    work = Path(name)
    engine = make_engine(f"sqlite:///{work}")
    try:
        fingerprint = _load(engine, path, manifest, who, passphrase, progress, cancelled)
        engine.dispose()
        with open(work, "rb+") as written:
            os.fsync(written.fileno())
        if file.exists() and file.stat().st_size > 0:
            raise RestoreRefused(_("目标文件 {file} 在恢复期间被写入，恢复已撤销").format(
                file=file))
        os.replace(work, file)
    finally:
        engine.dispose()
        for leftover in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
            leftover.unlink(missing_ok=True)
    return fingerprint


def _load(engine: Engine, path: Path, manifest: fmt.BackupManifest, who: str,
          passphrase: str | None, progress: Callable[[int, int], None] | None,
          cancelled: Callable[[], bool] | None) -> fmt.Fingerprint:
    """Schema, rows, search index, read-back check, the restore's audit entry: one transaction."""
    loaded = _phase(progress, 1)
    with engine.connect() as conn, _bulk_loading(conn), conn.begin():
        _migrate(conn, manifest.schema_revision)
        with _triggers_off(conn):
            for table in reversed(data_tables()):
                conn.execute(table.delete())
            with open_archive(path, passphrase) as archive, _indexes_after(conn):
                if read_manifest(archive) != manifest:
                    raise BackupDamaged(_("备份文件在核验之后被改动，恢复已撤销"))
                done = 0
                for entry in manifest.tables:
                    done = load_table(conn, archive, entry, done,
                                      manifest.fingerprint.total, loaded, cancelled)
        _reset_sequences(conn)
        search.rebuild(conn)
        fingerprint = _read_back(conn, manifest, progress)
        if fingerprint != manifest.fingerprint:
            raise BackupDamaged(_("恢复后读回的数据与备份记录的指纹不符，恢复已撤销，目标未被改动"))
        append_entries(conn, who, [{
            "action": "restore", "entity": "casebase", "entity_id": None,
            "after": {"backup_created_at": manifest.created_at.isoformat(sep=" "),
                      "backup_created_by": manifest.created_by, "backup_source": manifest.source,
                      "fingerprint": manifest.fingerprint.digest, "restored_by": who},
        }])
        if conn.dialect.name == "sqlite" and conn.exec_driver_sql(
                "PRAGMA foreign_key_check").first():
            raise BackupDamaged(_("恢复的数据外键检查未通过，恢复已撤销"))
    return fingerprint


@contextmanager
def _bulk_loading(conn: Connection) -> Iterator[None]:
    """SQLite: load the scratch file without journal, syncs or foreign-key lookups.

    The file is a temporary one that is renamed into place only once complete
    (and deleted otherwise), so a journal would protect nothing: without it
    the rows are written once instead of twice.  Foreign keys are checked once
    before commit; the file is synced before the rename; WAL and full syncs
    are back for whoever opens it.
    """
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    if raw is None:
        yield
        return
    for pragma in ("foreign_keys=OFF", "journal_mode=OFF", "synchronous=OFF",
                   f"cache_size=-{SQLITE_CACHE_KB}"):
        raw.execute(f"PRAGMA {pragma}")
    try:
        yield
    finally:
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
            raw.execute(f"PRAGMA {pragma}")


def _migrate(conn: Connection, revision: str) -> None:
    """Create the schema at the backup's revision inside the open transaction (Alembic)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


@contextmanager
def _triggers_off(conn: Connection) -> Iterator[None]:
    """No trigger fires while the backup's rows go in; every one is back before the commit.

    The audit tables' guards would refuse replacing the migrations' seeded
    rows; the figures kept by triggers (an agreement's money total…) are in
    the archive as the source had them, and recomputing them row by row
    would only cost time (and could round a sum differently).
    """
    tables = [t.name for t in data_tables()]
    if conn.dialect.name == "postgresql":
        for table in tables:
            conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield
        for table in tables:
            conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        return
    triggers = _sqlite_schema(conn, "trigger", tables)
    for name, _sql in triggers:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in triggers:
        conn.exec_driver_sql(sql)


@contextmanager
def _indexes_after(conn: Connection) -> Iterator[None]:
    """SQLite: build each index once over the loaded rows instead of row by row.

    Inserting into a dozen indexes per row (one of random UUIDs) is most of
    a load's time once they outgrow the page cache; building one from the
    whole table sorts once.  A unique index still refuses duplicates.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    indexes = _sqlite_schema(conn, "index", [t.name for t in Base.metadata.sorted_tables])
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.exec_driver_sql(sql)


def _sqlite_schema(conn: Connection, kind: str, tables: list[str]) -> list[tuple[str, str]]:
    """Name and SQL of the triggers or (explicit) indexes on ``tables``."""
    rows = conn.exec_driver_sql(
        "SELECT name, sql, tbl_name FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
        "ORDER BY name", (kind,)).all()
    return [(str(name), str(sql)) for name, sql, table in rows if table in tables]


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: move every id sequence past the restored ids, so new rows fit."""
    if conn.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                              f"MAX(id)) FROM {table.name}"))


def _read_back(conn: Connection, manifest: fmt.BackupManifest,
               progress: Callable[[int, int], None] | None) -> fmt.Fingerprint:
    report = _phase(progress, 2)
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if report is not None:
            report(done, manifest.fingerprint.total)

    tables = []
    for entry in manifest.tables:
        table = Base.metadata.tables[entry.name]
        tables.append((table, [table.c[n] for n, _k in entry.columns]))
    return table_fingerprint(conn, tables, step)


def _audit_check(engine: Engine) -> AuditReport:
    """The restored base's own integrity check and its audit trail under this computer's key."""
    try:
        with engine.connect() as conn:
            problem = damage(conn)
            if problem is not None:
                return AuditReport(0, damaged=problem)
            trail = check_trail(conn, existing_key(), audit_tail.read_records())
    except DBAPIError as exc:
        return AuditReport(0, damaged=str(getattr(exc, "orig", exc)).splitlines()[0])
    return AuditReport(trail.checked, trail.findings)
