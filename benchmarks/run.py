"""Time `isms` commands and print each figure: wall time (median of N runs), peak memory, ratios.

    python benchmarks/run.py                        # start-up and the example ISMS
    python benchmarks/run.py --size S --size M      # also generated repositories (made once)
    python benchmarks/run.py --history 500 --history-risks 20000
        # also log, diff and --at over a generated history

Generated repositories and the parse cache used here live under benchmarks/.data/ (not
committed). Every figure is a separate process, as a user runs it; nothing is timed inside the
test suite. check-jsonschema and PyYAML are measured when installed (pip install
check-jsonschema pyyaml).
"""

from __future__ import annotations

import argparse
import importlib.util
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
CACHE = DATA / "cache"
# The generated histories are dated from 2025-01-01: checks run as of a day within every review
# interval, so that the figures are those of a clean check, not of printing 20,000 warnings.
AS_OF = ["--today", "2025-06-01"]
SIZES = {"S": 1_000, "M": 20_000, "L": 100_000}
# The console script as a user runs it; `python -m ismskit.cli.app` where it is not installed.
_SCRIPT = Path(sys.executable).parent / "isms"
ISMS = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ismskit.cli.app"]


@dataclass(frozen=True)
class Figure:
    label: str
    seconds: float
    max_rss_mb: float
    exit_code: int = 0


def measure(
    label: str, command: list[str], cwd: Path, runs: int, *, cold_cache: bool = False
) -> Figure:
    """Median wall time and the largest peak RSS of `runs` runs of one command.

    Runs share the parse cache in benchmarks/.data/cache/warm; with `cold_cache` each run starts
    from an empty cache.
    """
    times, peaks, code = [], [], 0
    for _ in range(runs):
        cache = CACHE / ("cold" if cold_cache else "warm")
        if cold_cache:
            shutil.rmtree(cache, ignore_errors=True)
        environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
    return Figure(label, statistics.median(times), max(peaks), code)


def print_figure(figure: Figure, baseline: Figure | None = None) -> None:
    ratio = f"  {figure.seconds / baseline.seconds:6.2f} × {baseline.label}" if baseline else ""
    flag = "" if figure.exit_code in (0, 1) else f"  (exit {figure.exit_code})"
    memory = f"{figure.max_rss_mb:7.0f} MB" if figure.max_rss_mb else " " * 10
    print(f"{figure.label:<44} {figure.seconds:8.3f} s {memory}{ratio}{flag}")


def generated(name: str, *arguments: str) -> Path:
    target = DATA / name
    if not (target / "isms.yaml").exists():
        shutil.rmtree(target, ignore_errors=True)
        script = str(PROJECT / "benchmarks" / "generate.py")
        subprocess.run([sys.executable, script, str(target), *arguments], check=True)
    return target


def startup(runs: int) -> None:
    print("== start-up")
    print_figure(measure("python -c pass", [sys.executable, "-c", "pass"], PROJECT, runs))
    print_figure(measure("isms --help", [*ISMS, "--help"], PROJECT, runs))
    print_figure(measure("isms check --help", [*ISMS, "check", "--help"], PROJECT, runs))


def registers(title: str, root: Path, runs: int) -> dict[str, Figure]:
    files = [str(path) for path in sorted((root / "registers").rglob("*.yaml"))]
    size = sum(Path(file).stat().st_size for file in files)
    print(f"== {title}: {size / 1e6:.1f} MB of YAML in {len(files)} files")
    floor = json_floor(files)
    print_figure(floor)
    if importlib.util.find_spec("yaml") is not None:
        print_figure(libyaml_floor(files), floor)
    baseline = check_jsonschema(root, files, runs)
    repo = [*ISMS, "--repo", str(root)]
    check = [*repo, "check", *AS_OF] if root != PROJECT else [*repo, "check"]
    figures = {
        "check cold": measure("isms check (cold: empty cache)", check, root, runs, cold_cache=True)
    }
    measure("warm-up", check, root, 1)
    figures["check warm"] = measure("isms check (warm: files unchanged)", check, root, runs)
    for name, label, arguments in (
        ("evaluate", "isms risk evaluate --format json", ["risk", "evaluate", "--format", "json"]),
        ("soa", "isms soa", ["soa"]),
    ):
        figures[name] = measure(label, [*repo, *arguments], root, runs)
    for figure in figures.values():
        print_figure(figure, baseline)
    return figures


def json_floor(files: list[str]) -> Figure:
    """Reading the same registers as JSON: what no YAML reader can beat."""
    script = (
        "import json, sys, time; from ruamel.yaml import YAML; "
        "texts = [json.dumps(YAML(typ='safe', pure=False).load(open(p, encoding='utf-8')),"
        " default=str) for p in sys.argv[1:]]; "
        "t = time.perf_counter(); [json.loads(x) for x in texts]; print(time.perf_counter() - t)"
    )
    return Figure("json.loads of the same data", _run_timer(script, files), 0)


def libyaml_floor(files: list[str]) -> Figure:
    """PyYAML's C loader with the garbage collector off: the practical floor for YAML."""
    script = (
        "import gc, sys, time, yaml; gc.disable(); t = time.perf_counter(); "
        "[yaml.load(open(p, encoding='utf-8'), Loader=yaml.CSafeLoader) for p in sys.argv[1:]]; "
        "print(time.perf_counter() - t)"
    )
    return Figure("libyaml floor (CSafeLoader, gc off)", _run_timer(script, files), 0)


def _run_timer(script: str, files: list[str]) -> float:
    output = subprocess.run(
        [sys.executable, "-c", script, *files], capture_output=True, text=True, check=True
    ).stdout
    return float(output.strip())


def check_jsonschema(root: Path, files: list[str], runs: int) -> Figure | None:
    """check-jsonschema over the same files with the schema that `isms schema` exports."""
    executable = Path(sys.executable).parent / "check-jsonschema"
    if not executable.exists():
        print("check-jsonschema: not installed (pip install check-jsonschema): no ratio")
        return None
    schemas = DATA / "schemas"
    subprocess.run([*ISMS, "schema", "--output", str(schemas)], check=True, capture_output=True)
    schema = str(schemas / "registers.schema.json")
    command = [str(executable), "--schemafile", schema, *files]
    figure = measure("check-jsonschema (exported schema)", command, root, max(1, runs // 2))
    print_figure(figure)
    return figure


def history(root: Path, runs: int) -> None:
    print(f"== history: {root.name}")
    command = ["git", "log", "--raw", "--no-abbrev", "--", "isms.yaml", "registers"]
    git_log = measure("git log --raw", command, root, runs)
    print_figure(git_log)
    for label, arguments in (
        ("isms log --format json", ["log", "--format", "json"]),
        ("isms log R-000123 --format json", ["log", "R-000123", "--format", "json"]),
        ("isms diff HEAD~50 HEAD --format json", ["diff", "HEAD~50", "HEAD", "--format", "json"]),
        ("isms diff HEAD~100 HEAD --format json", ["diff", "HEAD~100", "HEAD", "-f", "json"]),
        ("isms soa --at HEAD~100", ["soa", "--at", "HEAD~100"]),
        ("isms check (history walk for stale-entry)", ["check", *AS_OF]),
    ):
        print_figure(measure(label, [*ISMS, *arguments], root, runs, cold_cache=True), git_log)


def print_scaling(scaling: dict[str, dict[str, Figure]]) -> None:
    print("== scaling: seconds per 1,000 risks")
    for size, figures in scaling.items():
        per = {name: figure.seconds * 1000 / SIZES[size] for name, figure in figures.items()}
        print(f"{size:>2}: " + ", ".join(f"{name} {value:.3f}" for name, value in per.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description="Time isms commands.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", choices=sorted(SIZES), action="append", default=[])
    parser.add_argument("--history", type=int, default=0, help="commits of a generated history")
    parser.add_argument("--history-risks", type=int, default=20_000)
    options = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, median of {options.runs} runs")
    startup(options.runs)
    registers("example ISMS (99 risks)", PROJECT, options.runs)
    scaling = {}
    for size in options.size:
        root = generated(f"size-{size}", "--size", size)
        scaling[size] = registers(f"generated {size}", root, options.runs)
    if len(scaling) > 1:
        print_scaling(scaling)
    if options.history:
        risks = options.history_risks
        root = generated(
            f"history-{options.history}-{risks}",
            *("--risks", str(risks), "--assets", str(risks // 10)),
            *("--commits", str(options.history)),
        )
        history(root, max(1, options.runs // 3))


if __name__ == "__main__":
    main()
