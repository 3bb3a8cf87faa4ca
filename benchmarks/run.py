"""Time `isms` commands and print each figure: wall time (median of N runs) and peak memory.

    python benchmarks/run.py                      # the example ISMS and start-up
    python benchmarks/run.py --size M             # also a generated M repository (made once)
    python benchmarks/run.py --history 2000 --history-risks 10000
                                                  # also log / diff / --at over a generated history

Generated repositories are kept under benchmarks/.data/ (not committed) and reused. Every figure is
a separate process, as a user runs it; nothing is timed inside the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "benchmarks" / ".data"
# The console script as a user runs it; `python -m ismskit.cli` where it is not installed.
_SCRIPT = Path(sys.executable).parent / "isms"
ISMS = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ismskit.cli"]


@dataclass(frozen=True)
class Figure:
    label: str
    seconds: float
    max_rss_mb: float
    exit_code: int


def measure(label: str, command: list[str], cwd: Path, runs: int) -> Figure:
    """Median wall time and the largest peak RSS of `runs` runs of one command."""
    times, peaks, code = [], [], 0
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
    return Figure(label, statistics.median(times), max(peaks), code)


def print_figure(figure: Figure, baseline: Figure | None = None) -> None:
    ratio = f"  {figure.seconds / baseline.seconds:6.1f}× {baseline.label}" if baseline else ""
    flag = "" if figure.exit_code in (0, 1) else f"  (exit {figure.exit_code})"
    print(f"{figure.label:<48} {figure.seconds:8.3f} s {figure.max_rss_mb:8.0f} MB{ratio}{flag}")


def generated(name: str, *arguments: str) -> Path:
    target = DATA / name
    if not (target / "isms.yaml").exists():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(PROJECT / "benchmarks" / "generate.py"), str(target), *arguments],
            check=True,
        )
    return target


def startup(runs: int) -> None:
    print("== start-up")
    print_figure(measure("isms --help", [*ISMS, "--help"], PROJECT, runs))
    print_figure(measure("isms check --help", [*ISMS, "check", "--help"], PROJECT, runs))
    print_figure(measure("python -c pass", [sys.executable, "-c", "pass"], PROJECT, runs))


def registers(title: str, root: Path, runs: int) -> None:
    print(f"== {title}")
    floor = json_floor(root)
    for label, arguments in (
        ("isms check", ["check"]),
        ("isms risk evaluate --format json", ["risk", "evaluate", "--format", "json"]),
        ("isms soa", ["soa"]),
    ):
        print_figure(measure(label, [*ISMS, "--repo", str(root), *arguments], root, runs), floor)


def json_floor(root: Path) -> Figure:
    """Reading the same registers as JSON: what no YAML reader can beat."""
    script = (
        "import json, pathlib, sys; from ruamel.yaml import YAML; "
        "texts = [json.dumps(YAML(typ='safe', pure=False).load(p.read_text('utf-8')), default=str)"
        " for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml'))]; "
        "import time; t = time.perf_counter(); [json.loads(x) for x in texts]; "
        "print(time.perf_counter() - t)"
    )
    output = subprocess.run(
        [sys.executable, "-c", script, str(root / "registers")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figure = Figure("json.loads", float(output.strip()), 0, 0)
    print_figure(figure)
    return figure


def history(root: Path, runs: int) -> None:
    print(f"== history ({root.name})")
    git_log = measure(
        "git log --raw",
        ["git", "log", "--raw", "--no-abbrev", "--", "isms.yaml", "registers"],
        root,
        runs,
    )
    print_figure(git_log)
    for label, arguments in (
        ("isms log --format json", ["log", "--format", "json"]),
        ("isms log R-000123 --format json", ["log", "R-000123", "--format", "json"]),
        ("isms diff HEAD~100 HEAD --format json", ["diff", "HEAD~100", "HEAD", "--format", "json"]),
        ("isms soa --at HEAD~500", ["soa", "--at", "HEAD~500"]),
        ("isms check (stale-entry from git history)", ["check"]),
    ):
        print_figure(measure(label, [*ISMS, *arguments], root, runs), git_log)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time isms commands.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", choices=("S", "M", "L"), action="append", default=[])
    parser.add_argument("--history", type=int, default=0, help="commits of a generated history")
    parser.add_argument("--history-risks", type=int, default=10_000)
    options = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, median of {options.runs}")
    startup(options.runs)
    registers("example ISMS (99 risks)", PROJECT, options.runs)
    for size in options.size:
        registers(f"generated {size}", generated(f"size-{size}", "--size", size), options.runs)
    if options.history:
        root = generated(
            f"history-{options.history}-{options.history_risks}",
            "--risks",
            str(options.history_risks),
            "--assets",
            str(options.history_risks // 10),
            "--commits",
            str(options.history),
        )
        history(root, max(1, options.runs // 5))


if __name__ == "__main__":
    main()
