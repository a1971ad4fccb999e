"""Ledger import at scale (issue 14): a 100,000-row ledger into an empty SQLite case base.

The ledger is written once (benchmarks/data/ledger-N.xlsx) the way offices
keep one: a merged title over a two-row header, dates and amounts in every
form, categories and results as written by hand, a valid ID number for most
parties and a phone for many, the same people coming back in later rows.
The import (reading, checking every row by the intake rules, numbering,
finding parties, writing, indexing for search, one transaction) runs in a
fresh process so its peak memory is its own; the baseline is the same file
merely read cell by cell in another fresh process of the same run.
Usage alone: ``python -m benchmarks.import_ledger [--rows N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from app.domain.money import amount_in_capitals

HERE = Path(__file__).resolve().parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红春玉斌海波宁凤"
CATEGORIES = ("土地纠纷", "婚姻家庭纠纷", "邻里纠纷", "合同纠纷", "其它", "损害赔偿",
              "劳动争议", "房屋宅基地", "道路交通事故")
RESULTS = ("调解成功", "成功", "未成功", "正在调解", "调解成功", "调解成功")
ORG = "DC-TW"


def _date_cell(day: date, r: random.Random) -> object:
    form = r.randrange(5)
    if form == 0:
        return datetime.combine(day, datetime.min.time())
    if form == 1:
        return f"{day.year}.{day.month}.{day.day}"
    if form == 2:
        return f"{day.year}年{day.month}月{day.day}日"
    if form == 3:
        return f"{day.year}/{day.month}/{day.day}"
    return (day - date(1899, 12, 30)).days


def _amount_cell(yuan: int, r: random.Random) -> object:
    form = r.randrange(4)
    if form == 0 and yuan % 1000 == 0:
        return f"{yuan / 10000:g}万"
    if form == 1:
        return amount_in_capitals(Decimal(yuan))
    return yuan


def write_ledger(path: Path, rows: int, seed: int = 14) -> None:
    """A ledger of ``rows`` cases as an office would have typed it."""
    import xlsxwriter

    from app.domain.idnumber import make_id_number

    r = random.Random(seed)
    people: list[tuple[str, str, str]] = []
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("台账")
    day_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range(0, 0, 0, 13, "墙头镇矛盾纠纷排查调处台账")
    sheet.write_row(1, 0, ["序号", "登记日期", "申请人", "", "", "被申请人", "", "",
                           "纠纷类别", "纠纷简要情况", "涉及金额（元）", "调解结果", "结案时间",
                           "备注"])
    sheet.write_row(2, 2, ["姓名", "身份证号码", "联系电话", "姓名", "身份证号码", "联系电话"])
    start = date(2019, 1, 1)
    for n in range(rows):
        row = n + 3
        received = start + timedelta(days=r.randrange(1800))
        sides = []
        for _side in range(2):
            if people and r.random() < 0.15:
                known = r.choice(people)
                if known not in sides:
                    sides.append(known)
                    continue
            name = r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))
            issued = len(people) * 7 + r.randrange(7)
            number = make_id_number("330225", date(1950, 1, 1) + timedelta(days=issued // 1000),
                                    issued % 1000) if r.random() < 0.8 else ""
            phone = f"13{r.randrange(10**9):09d}" if r.random() < 0.6 else ""
            person = (name, number, phone)
            if number:
                people.append(person)
            sides.append(person)
        result = r.choice(RESULTS)
        closed = "" if result == "正在调解" else _date_cell(
            received + timedelta(days=r.randrange(1, 60)), r)
        values = [n + 1, _date_cell(received, r), *sides[0], *sides[1], r.choice(CATEGORIES),
                  "双方因琐事发生争执，经调解员多次上门做工作。", _amount_cell(
                      r.randrange(1, 200) * 500, r), result, closed, ""]
        for column, value in enumerate(values):
            if isinstance(value, datetime):
                sheet.write_datetime(row, column, value, day_format)
            elif value != "":
                sheet.write(row, column, value)
    sheet.write_row(rows + 3, 0, ["合计"])
    book.close()


def _child(mode: str, ledger: str, url: str) -> None:
    """Run one measurement in this (fresh) process and print its figures as JSON."""
    start = time.perf_counter()
    main_cpu = time.thread_time()
    figures: dict[str, float]
    if mode == "read":
        from app.services.imports.sheets import open_sheet

        cells = sum(len(cells) for _n, cells in open_sheet(ledger).rows())
        figures = {"cells": cells}
    else:
        from app.services.imports.run import import_ledger
        from app.services.imports.types import ImportRequest
        from app.services.security.users import SYSTEM
        from app.store.database import Database

        db = Database(url)
        result = import_ledger(db, SYSTEM, ImportRequest(ledger, organisation=ORG))
        figures = {"cases": result.counts.cases, "parties": result.counts.parties_new}
        db.dispose()
    figures["seconds"] = time.perf_counter() - start
    figures["main_cpu"] = time.thread_time() - main_cpu
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    figures["peak_mb"] = own.ru_maxrss / 1024
    figures["cpu"] = own.ru_utime + own.ru_stime
    figures["worker_cpu"] = workers.ru_utime + workers.ru_stime
    figures["worker_peak_mb"] = workers.ru_maxrss / 1024
    print(json.dumps(figures))


def _measure(mode: str, ledger: Path, url: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.import_ledger", "--child", mode,
                          str(ledger), url], check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _empty_base(path: Path) -> str:
    """A fresh SQLite case base with the organisation the ledger belongs to."""
    from app.services.casebase.opening import init_database
    from app.services.security.users import SYSTEM
    from app.services.uow import UnitOfWork
    from app.store.models import Organisation, Region

    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    db = init_database(url)
    with UnitOfWork(db, SYSTEM) as uow:
        town = Region(code="330225103000", name="墙头镇", level="town")
        uow.session.add(town)
        uow.session.flush()
        uow.session.add(Organisation(code=ORG, name="墙头镇人民调解委员会", short_name="墙",
                                     kind="town_committee", region_id=town.id))
        uow.commit()
    db.dispose()
    return url


def import_figures(rows: int) -> tuple[list[tuple[str, float, str, float]], list[str]]:
    """The import beside reading the same file, and the notes (rate, memory) to print."""
    data = HERE / "data"
    data.mkdir(parents=True, exist_ok=True)
    ledger = data / f"ledger-{rows}.xlsx"
    if not ledger.exists():
        write_ledger(ledger, rows)
    url = _empty_base(data / f"import-{rows}.db")
    read = _measure("read", ledger, url)
    done = _measure("import", ledger, url)
    table = [(f"import a {rows:,}-row ledger (check, number, find parties, write, index; "
              "one transaction)", done["seconds"] * 1000,
              "read the same file, every cell (python-calamine)", read["seconds"] * 1000)]
    def per_row(seconds: float) -> str:
        return f"{seconds / done['cases'] * 1e6:,.0f}"

    notes = [f"Import: {done['cases']:,.0f} cases, {done['parties']:,.0f} new parties, "
             f"{done['cases'] / done['seconds']:,.0f} rows per second; peak memory "
             f"{done['peak_mb']:.0f} MB (reading alone: {read['peak_mb']:.0f} MB), "
             f"the worker that checks rows {done['worker_peak_mb']:.0f} MB.",
             f"CPU per row: {per_row(done['cpu'])} µs in the importing process "
             f"({per_row(done['main_cpu'])} µs its main thread: numbering, parties, rows; "
             f"{per_row(done['cpu'] - done['main_cpu'])} µs its other threads: SQLite writing "
             f"and the worker's pipe), {per_row(done['worker_cpu'])} µs in the worker that "
             f"checks rows; reading alone {per_row(read['cpu'])} µs.",
             _ceiling(done)]
    return table, notes


def _ceiling(done: dict[str, float]) -> str:
    """The most rows per second this run's CPU per row allows on this machine's cores.

    Every core busy all the time and nothing waiting on anything: no import
    doing the same work per row can go faster here, so the line says how much
    of the gap to a rate is overlap and how much is work.
    """
    cores = os.cpu_count() or 1
    per_row = (done["cpu"] + done["worker_cpu"]) / done["cases"]
    rate = done["cases"] / done["seconds"]
    return (f"CPU bound: {per_row * 1e6:,.0f} µs of CPU a row in all, so at most "
            f"{cores / per_row:,.0f} rows per second on {cores} cores even with every core "
            f"busy throughout; this run reached {rate / (cores / per_row):.0%} of that.")


def main() -> None:
    """Print the import figures for a ledger of ``--rows`` rows."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    from benchmarks.run import _table

    table, notes = import_figures(args.rows)
    print("\n".join([*_table(f"ledger import, {args.rows:,} rows", table), "", *notes]))


if __name__ == "__main__":
    main()
