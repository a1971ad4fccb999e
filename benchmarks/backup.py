"""Backup and restore at scale (issue 12): a million-case SQLite base, beside a plain file copy.

Each step runs in a fresh process so its peak memory is its own:

* the baseline: the database file copied as it is (``shutil.copyfile``), the
  least any backup has to do;
* ``write_backup`` (one consistent snapshot, every table as JSON lines,
  compressed, checksummed and signed) to an archive in the same folder;
* ``restore_backup`` of that archive into a new SQLite file and into an
  empty PostgreSQL database (verification, migrations, loading, search
  index, read-back of every row), as rows per second.

Usage alone: ``python -m benchmarks.backup [--path DB] [--postgresql] [--no-restore]``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _child(mode: str, *args: str) -> None:
    """Run one measured step in this (fresh) process and print its figures as JSON."""
    from app.services.backups import restore_backup, write_backup
    from app.services.security.users import SYSTEM
    from app.store.database import Database

    start = time.perf_counter()
    figures: dict[str, float] = {}
    if mode == "copy":
        shutil.copyfile(args[0], args[1])
    elif mode == "backup":
        db = Database(args[0])
        report = write_backup(db, SYSTEM, Path(args[1]))
        figures.update(rows=report.rows, bytes=report.size)
        db.dispose()
    else:
        restored = restore_backup(Path(args[0]), args[1], None)
        figures.update(rows=restored.fingerprint.total, audit_ok=float(restored.audit_ok))
    figures["seconds"] = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    figures["peak_mb"] = usage.ru_maxrss / 1024
    print(json.dumps(figures))


def _measure(mode: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.backup", "--child", mode, *args],
                         check=False, capture_output=True, text=True, cwd=HERE.parent)
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{out.stderr}")
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _upgraded(path: Path) -> str:
    """The base's URL, its schema brought to this release first (not part of any timing)."""
    from app.store import schema
    from app.store.database import Database

    db = Database(f"sqlite:///{path}")
    schema.upgrade(db.engine)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return f"sqlite:///{path}"


def backup_figures(path: Path, postgresql: bool, restore: bool = True
                   ) -> tuple[list[tuple[str, float, str, float]], list[str]]:
    """Rows for the results table (times in ms) and notes under it."""
    url = _upgraded(path)
    work = Path(tempfile.mkdtemp(prefix="tiaojie-backup-bench-", dir=path.parent))
    into_sqlite = into_pg = None
    try:
        copy = _measure("copy", str(path), str(work / "copy.db"))
        backup = _measure("backup", url, str(work / "base.tjbak"))
        (work / "copy.db").unlink()
        if restore:
            into_sqlite = _measure("restore", str(work / "base.tjbak"),
                                   f"sqlite:///{work / 'restored.db'}")
            (work / "restored.db").unlink()
        if postgresql:
            into_pg = _restore_into_postgresql(work / "base.tjbak")
        size_db = path.stat().st_size
        size_archive = (work / "base.tjbak").stat().st_size
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [("backup: snapshot → signed archive", backup["seconds"] * 1000,
             "plain copy of the database file", copy["seconds"] * 1000)]
    notes = [f"Database file {size_db / 1e6:,.0f} MB, {backup['rows']:,.0f} rows; "
             f"archive {size_archive / 1e6:,.0f} MB.",
             f"Peak memory: backup {backup['peak_mb']:.0f} MB, "
             f"file copy {copy['peak_mb']:.0f} MB.",
             f"CPU time: backup {backup['cpu_seconds']:.1f} s, "
             f"file copy {copy['cpu_seconds']:.1f} s."]
    if into_sqlite is not None:
        rows.append(("restore into a new SQLite file", into_sqlite["seconds"] * 1000,
                     "plain copy of the database file", copy["seconds"] * 1000))
        notes.append(f"Restore into SQLite: {into_sqlite['rows'] / into_sqlite['seconds']:,.0f} "
                     f"rows/s, peak {into_sqlite['peak_mb']:.0f} MB, "
                     f"CPU {into_sqlite['cpu_seconds']:.0f} s (verify, migrate, load, "
                     "search index, read every row back, audit check).")
    if into_pg is not None:
        rows.append(("restore into PostgreSQL 15", into_pg["seconds"] * 1000,
                     "plain copy of the database file", copy["seconds"] * 1000))
        notes.append(f"Restore into PostgreSQL: {into_pg['rows'] / into_pg['seconds']:,.0f} "
                     f"rows/s, peak {into_pg['peak_mb']:.0f} MB, "
                     f"CPU {into_pg['cpu_seconds']:.0f} s in the restoring process "
                     "(throwaway cluster, fsync off).")
    return rows, notes


def _restore_into_postgresql(archive: Path) -> dict[str, float]:
    from tests.support.pgcluster import PgCluster

    cluster = PgCluster()
    cluster.start()
    try:
        return _measure("restore", str(archive), cluster.url())
    finally:
        cluster.stop()


def main() -> None:
    """Measure on the cached benchmark base (or ``--path``) and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs="+")
    parser.add_argument("--path", type=Path, default=HERE / "data" / "bench-1000000.db")
    parser.add_argument("--postgresql", action="store_true")
    parser.add_argument("--no-restore", action="store_true", help="backup and copy only")
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], *args.child[1:])
        return
    rows, notes = backup_figures(args.path, args.postgresql, not args.no_restore)
    for name, ms, base, base_ms in rows:
        print(f"{name}: {ms / 1000:.1f} s  ({base}: {base_ms / 1000:.1f} s, {ms / base_ms:.1f}×)")
    print("\n".join(notes))


if __name__ == "__main__":
    main()
