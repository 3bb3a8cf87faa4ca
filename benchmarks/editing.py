"""Times the writing commands on a generated repository: export, import, one edit.

    python benchmarks/editing.py [--assets N] [--runs N]

Writes a repository of N assets in one file (default 1,000) under benchmarks/.data/, then times,
each as its own process (median of --runs): exporting the assets as xlsx, importing that sheet back
(no change), importing a sheet that changes one field of every asset, and `isms asset add`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / ".data"
CONFIG = "organization: Bench City\nscope: Benchmarks.\nrisk:\n  acceptance: 8\n"


def write_repository(root: Path, assets: int) -> None:
    from ismskit.catalogue.annex_a import load_catalogue

    if root.exists():
        shutil.rmtree(root)
    (root / "registers").mkdir(parents=True)
    (root / "isms.yaml").write_text(CONFIG, encoding="utf-8")
    lines = ["assets:"]
    for number in range(1, assets + 1):
        lines += [
            f"  - id: A-{number:05d}  # 台帳番号 {number}",
            f"    name: 情報資産 {number}",
            "    class: information",
            "    owner: 市民課",
            "    confidentiality: 2",
            "    integrity: 2",
            "    availability: 1",
        ]
    (root / "registers/assets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    soa = ["soa:"]
    for control in load_catalogue().controls:
        soa += [f"  - control: {control.id}", "    applicable: true", "    justification: x"]
    (root / "registers/soa.yaml").write_text("\n".join(soa) + "\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)


def timed(command: list[str], root: Path, runs: int, reset: Path | None = None) -> float:
    times = []
    saved = (root / "registers/assets.yaml").read_bytes()
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=root, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
        if reset is not None:
            reset.write_bytes(saved)
    return statistics.median(times)


def changed_sheet(source: Path, target: Path) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(source)
    sheet = workbook.active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    column = header.index(next(h for h in header if str(h).casefold() in ("可用性", "availability"))) + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=column, value=2)
    workbook.save(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    root = DATA / f"editing-{options.assets}"
    write_repository(root, options.assets)
    isms = [sys.executable, "-m", "ismskit.cli.app", "--no-cache"]
    sheet, changed = root.parent / "assets.xlsx", root.parent / "assets-changed.xlsx"
    register = root / "registers/assets.yaml"
    figures = {
        "export assets --format xlsx": timed(
            [*isms, "export", "assets", "--format", "xlsx", "--output", str(sheet)], root, 1
        ),
    }
    changed_sheet(sheet, changed)
    figures["import assets (same sheet: no change)"] = timed(
        [*isms, "import", "assets", str(sheet)], root, options.runs
    )
    figures["import assets (one field of every row)"] = timed(
        [*isms, "import", "assets", str(changed)], root, options.runs, reset=register
    )
    figures["asset add"] = timed(
        [*isms, "asset", "add", "--name", "x", "--class", "physical", "--owner", "x",
         "-C", "1", "-I", "1", "-A", "1"],
        root,
        options.runs,
        reset=register,
    )  # fmt: skip
    print(f"{options.assets} assets in one file, median of {options.runs} runs")
    for name, seconds in figures.items():
        print(f"isms {name:<42} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
