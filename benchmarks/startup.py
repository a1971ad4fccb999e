"""Start-up figures: ``tiaojie --help`` and the GUI's cold start, each beside a bare baseline.

A clerk starts the program many times a day and scripts call the command in
loops, so both are measured as a user meets them: a fresh process each time.
``tiaojie --help`` stands beside a bare ``python -c pass``; the GUI's cold
start (benchmarks/gui_start.py) beside a bare Qt window.  Wall times swing with
the machine's load, so the GUI's CPU time (all its threads) is given beside them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
Row = tuple[str, float, str, float]


def _user_env(**extra: str) -> dict[str, str]:
    """The environment a user's program runs in: compiled modules are cached (``.pyc``).

    A shell or CI that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise make every
    start compile the whole program again, which no installed program does.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def _process_ms(args: list[str], repeat: int = 7) -> tuple[float, float]:
    """Median wall time of a fresh process in ms, and its peak memory in MB."""
    times, peak = [], 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL, cwd=HERE.parent,
                                 env=_user_env())
        _pid, status, usage = os.wait4(child.pid, 0)
        times.append((time.perf_counter() - start) * 1000)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise subprocess.CalledProcessError(child.returncode, args)
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def help_figures() -> tuple[list[Row], float]:
    """``tiaojie --help`` and ``tiaojie case --help`` beside a bare interpreter."""
    bare, _ = _process_ms([sys.executable, "-c", "pass"])
    top, peak = _process_ms([sys.executable, "-m", "app", "--help"])
    group, _ = _process_ms([sys.executable, "-m", "app", "case", "--help"])
    return [("`tiaojie --help`", top, "bare `python -c pass`", bare),
            ("`tiaojie case --help`", group, "bare `python -c pass`", bare)], peak


def cold_start(url: str, baseline: bool) -> dict[str, float]:
    """Start a fresh process that shows the window; returns its JSON report."""
    with tempfile.TemporaryDirectory(prefix="tiaojie-bench-config-") as scratch:
        env = _user_env(QT_QPA_PLATFORM="offscreen", TIAOJIE_CONFIG_DIR=scratch)
        args = [sys.executable, "-m", "benchmarks.gui_start", url, repr(time.time())]
        if baseline:
            args.append("--baseline")
        out = subprocess.run(args, check=True, capture_output=True, text=True, env=env,
                             cwd=HERE.parent).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def gui_figures(url: str, repeat: int = 5) -> tuple[list[Row], float]:
    """Median cold start to the window and to the first page of cases; peak memory in MB.

    Each wall time has a CPU line beside it (the process's CPU seconds at that
    point, against the bare window's), steadier on a shared machine.
    """
    cold_start(url, baseline=False)  # writes the compiled modules, as a first start after install
    starts, bases = [], []
    for _ in range(repeat):  # interleaved, so a change in the machine's load hits both alike
        starts.append(cold_start(url, baseline=False))
        bases.append(cold_start(url, baseline=True))

    def median_ms(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(run[key] for run in runs) * 1000

    bare, bare_cpu = median_ms(bases, "shown"), median_ms(bases, "cpu_shown")
    rows = [("cold start to main window shown", median_ms(starts, "shown"),
             "bare Qt window, same machine", bare),
            ("cold start to case list counted and first page shown",
             median_ms(starts, "list_ready"), "bare Qt window, same machine", bare),
            ("CPU time to main window shown", median_ms(starts, "cpu_shown"),
             "CPU time of the bare Qt window", bare_cpu),
            ("CPU time to case list counted and first page shown",
             median_ms(starts, "cpu_ready"), "CPU time of the bare Qt window", bare_cpu)]
    return rows, max(s["peak_mb"] for s in starts)
