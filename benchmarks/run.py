"""Time `isms` commands, each as its own process, and print every figure beside its floor.

    python benchmarks/run.py                 # everything (generates the repositories once)
    python benchmarks/run.py --quick         # start-up, the example and the M repository only
    python benchmarks/run.py --readme        # ... and write the table into README.md

Floors: `isms --help` for the commands on the example (start-up is what they cost), and the libyaml
parse of the same files (PyYAML's CSafeLoader with the garbage collector off, inside one process:
the parse alone) for the generated repositories. Each figure is the median wall time of `--runs`
runs and the largest peak memory of them. "cold" runs start from an empty cache, "warm" ones
after a run that filled it. Generated repositories live in benchmarks/.data/ (not committed).
The Done-when targets of the performance work are checked at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
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
README = PROJECT / "README.md"
# Generated histories are dated 2025: a day within every review interval gives a clean check.
AS_OF = ["--today", "2025-06-01"]
_SCRIPT = Path(sys.executable).parent / "isms"
ISMS = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ismskit.cli.app"]


@dataclass(frozen=True)
class Figure:
    label: str
    seconds: float
    peak_mb: float = 0.0
    floor: Figure | None = None

    @property
    def ratio(self) -> float | None:
        return self.seconds / self.floor.seconds if self.floor else None


FIGURES: list[tuple[str, Figure]] = []  # (section, figure) in the order printed


def measure(command: list[str], cwd: Path, runs: int, *, cold: bool = False) -> tuple[float, float]:
    """Median wall time and largest peak RSS (MB) of `runs` runs of one command."""
    times, peaks = [], []
    cache = CACHE / ("cold" if cold else "warm")
    if not cold:  # a warm figure: one run first fills the cache
        _run(command, cwd, cache)
    for _ in range(runs):
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        seconds, peak = _run(command, cwd, cache)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def _run(command: list[str], cwd: Path, cache: Path) -> tuple[float, float]:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules compiled once
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"failed: {' '.join(command)} (exit {os.waitstatus_to_exitcode(status)})")
    return seconds, usage.ru_maxrss / 1024


def record(section: str, figure: Figure) -> Figure:
    FIGURES.append((section, figure))
    ratio = f"{figure.ratio:7.2f} × {figure.floor.label}" if figure.floor else ""
    memory = f"{figure.peak_mb:6.0f} MB" if figure.peak_mb else " " * 9
    print(f"  {figure.label:<46} {figure.seconds:8.3f} s {memory}  {ratio}", flush=True)
    return figure


def timed(
    section: str, label: str, arguments: list[str], cwd: Path, runs: int, floor: Figure | None,
    *, cold: bool = False,
) -> Figure:  # fmt: skip
    seconds, peak = measure([*ISMS, *arguments], cwd, runs, cold=cold)
    return record(section, Figure(label, seconds, peak, floor))


def libyaml_floor(section: str, root: Path, runs: int) -> Figure:
    """PyYAML's C loader, GC off, in one process: what parsing the files costs at the least."""
    files = [str(path) for path in sorted((root / "registers").rglob("*.yaml"))]
    script = (
        "import gc, sys, time, yaml; gc.disable(); t = time.perf_counter(); "
        "[yaml.load(open(p, encoding='utf-8'), Loader=yaml.CSafeLoader) for p in sys.argv[1:]]; "
        "print(time.perf_counter() - t)"
    )
    times = [
        float(subprocess.run([sys.executable, "-c", script, *files], capture_output=True,
                             text=True, check=True).stdout)
        for _ in range(runs)
    ]  # fmt: skip
    size = sum(Path(file).stat().st_size for file in files) / 1e6
    label = f"libyaml parse ({size:.1f} MB, {len(files)} files)"
    return record(section, Figure(label, statistics.median(times)))


def generated(name: str, *arguments: str) -> Path:
    target = DATA / name
    if not (target / "isms.yaml").exists():
        shutil.rmtree(target, ignore_errors=True)
        script = str(PROJECT / "benchmarks" / "generate.py")
        subprocess.run([sys.executable, script, str(target), *arguments], check=True)
    return target


def startup(runs: int) -> Figure:
    print("== start-up")
    pass_ = measure([sys.executable, "-c", "pass"], PROJECT, runs)
    record("start-up", Figure("python -c pass", *pass_))
    help_ = timed("start-up", "isms --help", ["--help"], PROJECT, runs, None)
    timed("start-up", "isms check --help", ["check", "--help"], PROJECT, runs, help_)
    return help_


def example(runs: int, help_: Figure) -> None:
    print("== the example ISMS (99 risks, warm)")
    for arguments in (
        ["check"], ["risk", "evaluate"], ["soa"], ["report", "readiness"], ["due"],
        ["export", "risks", "--format", "xlsx", "--output", str(DATA / "example.xlsx")],
    ):  # fmt: skip
        label = "isms " + " ".join(arguments[:3] if arguments[0] == "export" else arguments)
        timed("example", label, arguments, PROJECT, runs, help_)


def sites(runs: int) -> None:
    """`isms site` against `isms soa` of the same registers: the example, and a generated S."""
    for section, root in (("site", PROJECT), ("site S", generated("size-S", "--size", "S"))):
        print(f"== {section}: isms site against isms soa")
        repo = ["--repo", str(root)]
        soa = timed(section, "isms soa", [*repo, "soa", *AS_OF], root, runs, None)
        output = str(DATA / f"{section.replace(' ', '-')}-out")
        timed(section, "isms site", [*repo, "site", "-o", output, *AS_OF], root, runs, soa)


def size_m(runs: int) -> tuple[Figure, Figure]:
    root = generated("size-M", "--size", "M")
    print("== generated M: 2,000 assets, 20,000 risks")
    floor = libyaml_floor("M", root, runs)
    repo = ["--repo", str(root)]
    cold = timed("M", "isms check (cold)", [*repo, "check", *AS_OF], root, runs, floor, cold=True)
    timed("M", "isms check (warm)", [*repo, "check", *AS_OF], root, runs, floor)
    timed("M", "isms risk evaluate --format json", [*repo, "risk", "evaluate", "-f", "json"],
          root, runs, floor)  # fmt: skip
    timed("M", "isms soa", [*repo, "soa"], root, runs, floor)
    sheet = str(DATA / "m-risks.xlsx")
    timed("M", "isms export risks (xlsx)", [*repo, "export", "risks", "--output", sheet],
          root, runs, floor)  # fmt: skip
    timed("M", "isms import risks (same sheet)", [*repo, "import", "risks", sheet], root, runs,
          floor)  # fmt: skip
    return floor, cold


def history(runs: int, floor: Figure, cold_check: Figure) -> dict[str, Figure]:
    root = generated("history-500-20000", "--risks", "20000", "--assets", "2000",
                     "--commits", "500")  # fmt: skip
    print("== history: 500 commits over the M registers (cold cache)")
    figures = {}
    for label, arguments in (
        ("isms log R-000123", ["log", "R-000123", "--format", "json"]),
        ("isms diff HEAD~100 HEAD", ["diff", "HEAD~100", "HEAD", "--format", "json"]),
    ):
        figures[label] = timed("history", label, arguments, root, runs, floor, cold=True)
    record("history", Figure("(cold check of M, for comparison)", cold_check.seconds))
    return figures


def writes(runs: int) -> tuple[Figure, Figure]:
    root = DATA / "edit-60000"
    register = root / "registers" / "assets.yaml"
    if not register.exists():
        sys.path.insert(0, str(PROJECT / "benchmarks"))
        from editing import write_repository  # noqa: PLC0415 - a sibling script

        write_repository(root, 60_000)
    print("== writes: one asset added to a file of 60,000")
    cold = timed("writes", "isms check (cold)", ["check"], root, runs, None, cold=True)
    saved = register.read_bytes()
    cache = CACHE / "warm"
    _run([*ISMS, "check"], root, cache)  # the file as it is, checked: what an edit starts from
    times, peaks = [], []
    for number in range(runs):  # a new id each time: the file as written is never in the cache
        add = ["asset", "add", "--id", f"B-{number:05d}", "--name", "x", "--class", "physical",
               "--owner", "x", "-C", "1", "-I", "1", "-A", "1"]  # fmt: skip
        seconds, peak = _run([*ISMS, *add], root, cache)
        register.write_bytes(saved)
        times.append(seconds)
        peaks.append(peak)
    figure = Figure("isms asset add (the file checked before)", statistics.median(times),
                    max(peaks), cold)  # fmt: skip
    return cold, record("writes", figure)


def memory(runs: int) -> Figure:
    root = generated("size-L", "--size", "L")
    print("== generated L: 10,000 assets, 100,000 risks (peak memory)")
    floor = libyaml_floor("L", root, 1)
    repo = ["--repo", str(root)]
    cold = timed("L", "isms check (cold)", [*repo, "check", *AS_OF], root, runs, floor, cold=True)
    timed("L", "isms check (warm)", [*repo, "check", *AS_OF], root, runs, floor)
    timed("L", "isms risk evaluate --format json", [*repo, "risk", "evaluate", "-f", "json"],
          root, runs, floor)  # fmt: skip
    return cold


def find(section: str, label: str) -> Figure | None:
    return next((f for s, f in FIGURES if s == section and f.label == label), None)


def targets() -> list[tuple[str, str, bool]]:
    """The Done-when conditions: (what, the figures, met)."""
    checks = []
    help_ = find("start-up", "isms --help")
    for label in ("check", "risk evaluate", "soa", "report readiness", "due"):
        figure = find("example", f"isms {label}")
        if figure and help_:
            ratio = figure.seconds / help_.seconds
            checks.append((f"example: isms {label} ≤ 2.0 × --help", f"{ratio:.2f} ×", ratio <= 2))
    for label, limit in (("isms check (warm)", 0.5), ("isms check (cold)", 1.5)):
        figure = find("M", label)
        if figure and figure.ratio is not None:
            text = f"{figure.ratio:.2f} × libyaml"
            checks.append((f"M: {label} ≤ {limit} × libyaml", text, figure.ratio <= limit))
    log, cold = find("history", "isms log R-000123"), find("M", "isms check (cold)")
    if log and cold:
        ratio = log.seconds / cold.seconds
        checks.append(("log ID over 500 commits ≤ 2 × cold check", f"{ratio:.2f} ×", ratio <= 2))
    for section in ("site", "site S"):
        figure = find(section, "isms site")
        if figure and figure.ratio is not None:
            what = f"{section}: isms site < 2 × isms soa"
            checks.append((what, f"{figure.ratio:.2f} ×", figure.ratio < 2))
    big = find("L", "isms check (cold)")
    if big:
        peaks = max(f.peak_mb for s, f in FIGURES if s == "L")
        checks.append(("peak memory at 100,000 risks < 1 GB", f"{peaks:.0f} MB", peaks < 1024))
    add = find("writes", "isms asset add (the file checked before)")
    if add and add.ratio is not None:
        text = f"{add.ratio:.2f} × cold check"
        checks.append(("asset add into 60,000 ≤ 2 × cold check", text, add.ratio <= 2))
    return checks


def markdown(header: str) -> str:
    lines = [header, "", "| section | command | time | peak memory | ratio to its floor |",
             "|---|---|---:|---:|---|"]  # fmt: skip
    floors = {f.floor.label for _, f in FIGURES if f.floor}
    for section, figure in FIGURES:
        ratio = f"{figure.ratio:.2f} × {figure.floor.label}" if figure.floor else ""
        ratio = ratio or ("(the floor)" if figure.label in floors else "")
        memory = f"{figure.peak_mb:.0f} MB" if figure.peak_mb else ""
        seconds = f"{figure.seconds:.3f} s"
        lines.append(f"| {section} | {figure.label} | {seconds} | {memory} | {ratio} |")
    lines += ["", "| target | figure | met |", "|---|---|---|"]
    lines += [f"| {what} | {value} | {'yes' if met else 'NO'} |" for what, value, met in targets()]
    return "\n".join(lines)


def write_readme(header: str) -> None:
    """The table between the benchmark markers of README.md, regenerated."""
    start, end = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        sys.exit(f"README.md has no {start} ... {end} section")
    table = f"{start}\n{markdown(header)}\n{end}"
    README.write_text(pattern.sub(lambda _match: table, text), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="start-up, example and M only")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    options = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    # Compiled modules, as an installed package has them (a checkout may not have written them).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PROJECT / "src")], check=True)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    header = (
        f"{time.strftime('%Y-%m-%d')}: {os.cpu_count()} cores, Python {platform.python_version()}"
        f", median of {options.runs} runs; load average at the start {load}"
    )
    print(header)
    help_ = startup(options.runs)
    example(options.runs, help_)
    sites(options.runs)
    floor, cold = size_m(options.runs)
    if not options.quick:
        history(max(1, options.runs // 2), floor, cold)
        writes(max(1, options.runs // 2))
        memory(max(1, options.runs // 3))
    print("== targets")
    for what, value, met in targets():
        print(f"  {'ok ' if met else 'NO '} {what:<46} {value}")
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average at the end {load}")
    if options.readme:
        write_readme(header + f"; at the end {load}")


if __name__ == "__main__":
    main()
