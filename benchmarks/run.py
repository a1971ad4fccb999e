"""Scale benchmarks at 1,000,000 cases, written to benchmarks/RESULTS.md.

The benchmark database is generated once with ``tiaojie demo`` and cached in
benchmarks/data/.  Every timing is the median of several runs and is printed
beside a baseline measured in the same run, so the ratio means something on a
noisy machine.  Usage: ``python -m benchmarks.run [--cases N] [--write]``;
``--import-rows N`` measures only the ledger import (benchmarks/import_ledger.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import text

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"


def median_ms(fn: Callable[[], object], repeat: int = 5,
              clock: Callable[[], float] = time.perf_counter) -> float:
    """Median time of ``fn`` in milliseconds (after one warm-up call): wall time, or the
    process's CPU time with ``clock=time.process_time``."""
    fn()
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def ensure_database(cases: int) -> str:
    """The cached benchmark database, generated on first use and migrated to head."""
    path = HERE / "data" / f"bench-{cases}.db"
    url = f"sqlite:///{path}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "--db", url, "demo", "--cases", str(cases),
                        "--seed", "1", "--quiet"], check=True)
        print(f"generated {cases:,} cases in {time.perf_counter() - start:.0f} s")
    else:  # a base cached by an older release is brought to this one's schema first
        subprocess.run([sys.executable, "-m", "app", "--db", url, "init"], check=True,
                       stdout=subprocess.DEVNULL)
    return url


def case_list_figures(url: str) -> list[tuple[str, float, str, float]]:
    """Count, first page, last page; baselines are the naive queries the app avoids."""
    from app.services.cases.queries import case_page, count_cases
    from app.services.security.users import get_user
    from app.store.database import Database

    db = Database(url)
    admin = get_user(db, "admin")
    total = count_cases(db, admin)
    figures = []
    with db.engine.connect() as conn:
        def naive_first() -> object:
            return conn.execute(text("SELECT * FROM cases LIMIT 200")).all()

        def naive_last() -> object:
            return conn.execute(text(
                "SELECT * FROM cases ORDER BY received_at DESC, id DESC LIMIT 200 OFFSET :o"),
                {"o": total - 200}).all()

        figures.append(("count all cases", median_ms(lambda: count_cases(db, admin)),
                        "plain SELECT first 200 rows", median_ms(naive_first)))
        figures.append(("open case list: first page (200 rows, joined, party names)",
                        median_ms(lambda: case_page(db, admin, None, 0, 200, total=total)),
                        "plain SELECT first 200 rows", median_ms(naive_first)))
        figures.append(("scroll to the end: last page",
                        median_ms(lambda: case_page(db, admin, None, total - 200, 200,
                                                    total=total)),
                        "same page by deep OFFSET", median_ms(naive_last)))
    db.dispose()
    return figures


def _sample_queries(conn: Any) -> dict[str, str]:
    """Realistic queries taken from the data itself (a name in the middle of the table)."""
    name = conn.execute(text(
        "SELECT name FROM parties WHERE kind = 'person' ORDER BY id LIMIT 1 "
        "OFFSET (SELECT count(*) / 2 FROM parties)")).scalar() or "张伟"
    initials = conn.execute(text("SELECT name_initials FROM parties WHERE name = :n LIMIT 1"),
                            {"n": name}).scalar() or "zw"
    return {"3-char substring": (name + "某")[:3] if len(name) < 3 else name[-3:],
            "2-char substring": name[:2],
            "pinyin initials": initials.split()[0][:2]}


def search_figures(url: str) -> list[tuple[str, float, str, float]]:
    """Search as the list does it (ids, then the first page) beside a LIKE scan."""
    from app.services.cases.queries import CaseFilter, case_page
    from app.services.security.users import get_user
    from app.store.database import Database

    db = Database(url)
    admin = get_user(db, "admin")
    figures = []
    with db.engine.connect() as conn:
        queries = _sample_queries(conn)

        def like_scan(q: str) -> object:
            return conn.execute(text(
                "SELECT DISTINCT cp.case_id FROM parties p JOIN case_parties cp "
                "ON cp.party_id = p.id WHERE p.name LIKE :q OR p.name_initials LIKE :q "
                "ORDER BY cp.case_id DESC LIMIT 200"), {"q": f"%{q}%"}).all()

        for kind, query in queries.items():
            ms = median_ms(partial(case_page, db, admin, CaseFilter(text=query), 0, 200))
            base = median_ms(partial(like_scan, query), repeat=3)
            figures.append((f"search {kind} «{query}» → first page", ms,
                            "LIKE scan over all party names", base))
    db.dispose()
    return figures


def machine() -> str:
    """One line describing where the figures were measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def _table(title: str, rows: list[tuple[str, float, str, float]]) -> list[str]:
    lines = [title, "", f"Machine: {machine()}", "",
             "| measurement | ms | baseline | ms | ratio |", "|---|---:|---|---:|---:|"]
    lines += [f"| {name} | {ms:.1f} | {bname} | {bms:.1f} | {ms / bms:.2f} |"
              for name, ms, bname, bms in rows]
    return lines


def _record(report: str, write: bool) -> None:
    print(report)
    if write:
        existing = (RESULTS.read_text(encoding="utf-8") if RESULTS.exists()
                    else "# Benchmark results\n\n")
        RESULTS.write_text(existing.rstrip() + "\n\n" + report, encoding="utf-8")


def postgresql_run(cases: int, write: bool) -> None:
    """The list, search and dashboard figures on a throwaway PostgreSQL 15 cluster."""
    from tests.support.pgcluster import PgCluster

    cluster = PgCluster()
    cluster.start()
    try:
        url = cluster.url()
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "--db", url, "demo", "--cases", str(cases),
                        "--seed", "1", "--quiet"], check=True)
        generated = time.perf_counter() - start
        rows = postgresql_figures(url)
    finally:
        cluster.stop()
    lines = _table(f"### {date.today().isoformat()} — {cases:,} cases, PostgreSQL 15 "
                   "(throwaway cluster, fsync off)", rows)
    lines += ["", f"Demo generation: {generated:.0f} s", ""]
    _record("\n".join(lines), write)


def postgresql_figures(url: str) -> list[tuple[str, float, str, float]]:
    """List, search, dashboard and report figures of an existing PostgreSQL case base."""
    from benchmarks.dashboard import dashboard_figures
    from benchmarks.reports import reports_figures

    return (case_list_figures(url) + search_figures(url) + dashboard_figures(url)
            + reports_figures(url))


def postgresql_url_run(url: str, write: bool) -> None:
    """The PostgreSQL figures of a base generated earlier (a million cases take an hour)."""
    lines = _table(f"### {date.today().isoformat()} — PostgreSQL, {url.rsplit('@', 1)[-1]}",
                   postgresql_figures(url))
    _record("\n".join([*lines, ""]), write)


def main() -> None:
    """Run every benchmark and print (and with --write, record) the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--postgresql", type=int, metavar="CASES", default=0,
                        help="also measure PostgreSQL with this many cases")
    parser.add_argument("--postgresql-url", metavar="URL",
                        help="measure an existing PostgreSQL case base instead of generating one")
    parser.add_argument("--startup", action="store_true",
                        help="only the start-up figures (help text, GUI cold start, memory)")
    parser.add_argument("--import-rows", type=int, metavar="N", default=0,
                        help="only the ledger import: a ledger of N rows into an empty base")
    parser.add_argument("--backup", action="store_true",
                        help="only backup and restore (issue 12), beside a plain file copy")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.import_rows:
        import_run(args.import_rows, args.write)
        return
    if args.backup:
        backup_run(args.cases, args.write)
        return
    if args.startup:
        startup_run(args.cases, args.write)
        return
    if args.postgresql_url:
        postgresql_url_run(args.postgresql_url, args.write)
        return
    if args.postgresql:
        postgresql_run(args.postgresql, args.write)
        return
    url = ensure_database(args.cases)
    from benchmarks.dashboard import dashboard_figures
    from benchmarks.documents import documents_figures
    from benchmarks.reports import reports_figures
    from benchmarks.startup import gui_figures, help_figures

    help_rows, help_peak = help_figures()
    gui_rows, peak = gui_figures(url)
    rows = (help_rows + gui_rows + case_list_figures(url) + search_figures(url)
            + documents_figures(url) + dashboard_figures(url) + reports_figures(url))
    table = _table(f"### {date.today().isoformat()} — {args.cases:,} cases, SQLite", rows)
    table += ["", f"Peak memory of the GUI process (cold start, list shown): {peak:.0f} MB",
              f"Peak memory of `tiaojie --help`: {help_peak:.0f} MB", ""]
    _record("\n".join(table), args.write)


def backup_run(cases: int, write: bool) -> None:
    """Only the backup and restore figures (issue 12): a backup beside a plain file copy."""
    from benchmarks.backup import backup_figures

    path = Path(ensure_database(cases).removeprefix("sqlite:///"))
    table, notes = backup_figures(path, postgresql=True)
    lines = _table(f"### {date.today().isoformat()} — backup and restore, {cases:,} cases, "
                   "SQLite", table)
    _record("\n".join([*lines, "", *notes, ""]), write)


def import_run(rows: int, write: bool) -> None:
    """Only the ledger import figures (issue 14), beside reading the same file."""
    from benchmarks.import_ledger import import_figures

    table, notes = import_figures(rows)
    lines = _table(f"### {date.today().isoformat()} — ledger import, {rows:,} rows, SQLite", table)
    _record("\n".join([*lines, "", *notes, ""]), write)


def startup_run(cases: int, write: bool) -> None:
    """Only the start-up figures: what a clerk waits for before the first click."""
    from benchmarks.startup import gui_figures, help_figures

    url = ensure_database(cases)
    help_rows, help_peak = help_figures()
    gui_rows, peak = gui_figures(url)
    table = _table(f"### {date.today().isoformat()} — start-up, {cases:,} cases, SQLite",
                   help_rows + gui_rows)
    table += ["", f"Peak memory of the GUI process (cold start, list shown): {peak:.0f} MB",
              f"Peak memory of `tiaojie --help`: {help_peak:.0f} MB", ""]
    _record("\n".join(table), write)


if __name__ == "__main__":
    main()
