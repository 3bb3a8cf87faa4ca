"""Generate a synthetic ISMS repository in the contract format, optionally with a git history.

    python benchmarks/generate.py DIR --size M [--commits 500] [--seed 1]

Sizes: S = 100 assets / 1,000 risks, M = 2,000 / 20,000, L = 10,000 / 100,000, or
`--assets N --risks N`. The repository is a git repository with one commit, or with --commits a
history of that many commits
(written with `git fast-import`, fast), each re-rating a few risks; every 25th moves a risk to
another file and every 10th revalues an asset, so that log and diff have real work to do.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SIZES = {"S": (100, 1_000), "M": (2_000, 20_000), "L": (10_000, 100_000)}
RISKS_PER_FILE = 500
ASSETS_PER_FILE = 500
THREATS = 20
CLASSES = ("information", "software", "physical", "service")
DEPARTMENTS = ("市民課", "北支所", "南支所", "情報政策課", "税務課", "福祉課")


@dataclass
class Registers:
    assets: list[dict[str, object]]
    threats: list[dict[str, object]]
    risks: list[dict[str, object]]


def build(assets: int, risks: int, rng: random.Random) -> Registers:
    asset_rows = [
        {
            "id": f"A-{index:06d}",
            "name": f"{rng.choice(DEPARTMENTS)} 情報資産 {index} (住民記録・申請書・端末)",
            "class": CLASSES[index % 4],
            "owner": rng.choice(DEPARTMENTS),
            "location": "本庁舎 サーバ室",
            "confidentiality": rng.randint(1, 3),
            "integrity": rng.randint(1, 3),
            "availability": rng.randint(1, 3),
        }
        for index in range(assets)
    ]
    threat_rows = [
        {"id": f"T-{index:02d}", "name": f"脅威 {index}", "frequency": rng.randint(1, 3)}
        for index in range(THREATS)
    ]
    # Each risk a pair of its own (an asset and a threat twice is a warning, risk-duplicate-pair).
    pairs = rng.sample(range(assets * THREATS), risks)
    risk_rows = [_risk(index, divmod(pair, THREATS), rng) for index, pair in enumerate(pairs)]
    return Registers(asset_rows, threat_rows, risk_rows)


def _risk(index: int, pair: tuple[int, int], rng: random.Random) -> dict[str, object]:
    vulnerability = rng.randint(2, 3)  # above the residual 1: the treatment lowers the risk
    asset, threat = pair
    return {
        "id": f"R-{index:06d}",
        "asset": f"A-{asset:06d}",
        "threat": f"T-{threat:02d}",
        "vulnerability": vulnerability,
        "existing_controls": [f"A.5.{rng.randint(1, 37)}"],
        "treatment": "reduce",
        "controls": [f"A.8.{rng.choice((1, 2, 3, 5, 7, 8, 9, 12, 13, 15, 16, 20, 24))}"],
        "residual_vulnerability": 1,
        "owner": f"{rng.choice(DEPARTMENTS)}長",
        "accepted_by": "副市長",
        "accepted_on": "2025-01-01",  # before the first commit and the day checked on
        # the highest score of the default scales: the acceptance covers whatever the risk scores
        "accepted_score": 27,
    }


def render_entries(register: str, rows: list[dict[str, object]]) -> str:
    lines = [f"{register}:"]
    for row in rows:
        first = True
        for key, value in row.items():
            text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
            if key in ("name", "owner", "location", "accepted_by") or key == "id":
                text = str(value)
            lines.append(f"  {'- ' if first else '  '}{key}: {text}")
            first = False
    return "\n".join(lines) + "\n"


def config_text() -> str:
    return (
        "organization: Benchmark City\n"
        "language: ja\n"
        "scope: The whole city hall.\n"
        "risk:\n"
        "  acceptance: 8\n"
        "  levels: [{name: 低, max: 8}, {name: 中, max: 18}, {name: 高, max: 27}]\n"
    )


def soa_text() -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from ismskit.catalogue.annex_a import load_catalogue  # noqa: PLC0415 - from the source tree

    lines = ["soa:"]
    for control in load_catalogue().controls:
        lines += [
            f"  - control: {control.id}",
            "    applicable: true",
            "    justification: リスクアセスメントの結果による",
            "    status: partial",  # implemented would need evidence records
        ]
    return "\n".join(lines) + "\n"


def files_for(registers: Registers) -> dict[str, str]:
    files = {"isms.yaml": config_text(), "registers/soa.yaml": soa_text()}
    files["registers/threats.yaml"] = render_entries("threats", registers.threats)
    for start in range(0, len(registers.assets), ASSETS_PER_FILE):
        chunk = registers.assets[start : start + ASSETS_PER_FILE]
        files[f"registers/assets/assets-{start // ASSETS_PER_FILE:03d}.yaml"] = render_entries(
            "assets", chunk
        )
    for start in range(0, len(registers.risks), RISKS_PER_FILE):
        chunk = registers.risks[start : start + RISKS_PER_FILE]
        files[f"registers/risks/risks-{start // RISKS_PER_FILE:03d}.yaml"] = render_entries(
            "risks", chunk
        )
    return files


def render_file(registers: Registers, path: str) -> str:
    """One file of `files_for`, rendered alone (history commits rewrite only what they change)."""
    number = int(path.rsplit("-", 1)[1].removesuffix(".yaml"))
    if path.startswith("registers/risks/"):
        rows = registers.risks[number * RISKS_PER_FILE : (number + 1) * RISKS_PER_FILE]
        return render_entries("risks", rows)
    rows = registers.assets[number * ASSETS_PER_FILE : (number + 1) * ASSETS_PER_FILE]
    return render_entries("assets", rows)


def write_tree(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


class FastImport:
    """Writes commits through one `git fast-import` process."""

    def __init__(self, root: Path) -> None:
        subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
        self.process = subprocess.Popen(
            ["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE
        )
        self.count = 0
        self.when = 1_735_689_600  # 2025-01-01, then one commit an hour

    def commit(self, message: str, files: dict[str, str]) -> None:
        assert self.process.stdin is not None
        out = self.process.stdin
        self.count += 1
        stamp = f"{self.when + 3600 * self.count} +0900"
        header = [
            "commit refs/heads/main",
            f"author ISMS Office <isms@city.example> {stamp}",
            f"committer ISMS Office <isms@city.example> {stamp}",
        ]
        payload = message.encode()
        chunks = ["\n".join(header).encode(), f"\ndata {len(payload)}\n".encode(), payload, b"\n"]
        # fast-import continues refs/heads/main from its previous commit: no `from` needed.
        for path, text in files.items():
            data = text.encode()
            chunks.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode())
            chunks += [data, b"\n"]
        out.write(b"".join(chunks) + b"\n")

    def close(self, root: Path) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        if self.process.wait() != 0:
            raise SystemExit("git fast-import failed")
        subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def generate_history(root: Path, registers: Registers, commits: int, rng: random.Random) -> None:
    importer = FastImport(root)
    files = files_for(registers)
    importer.commit("Initial registers", files)
    for number in range(1, commits):
        changed = _edit(registers, rng, number)
        importer.commit(
            f"Review {number}: re-rate risks",
            {path: render_file(registers, path) for path in changed},
        )
    importer.close(root)


def _edit(registers: Registers, rng: random.Random, number: int) -> set[str]:
    """Re-rate three risks of one file; now and then revalue an asset or move a risk."""
    start = rng.randrange(0, len(registers.risks), RISKS_PER_FILE)
    changed = {f"registers/risks/risks-{start // RISKS_PER_FILE:03d}.yaml"}
    for _ in range(3):
        risk = registers.risks[min(start + rng.randrange(RISKS_PER_FILE), len(registers.risks) - 1)]
        risk["vulnerability"] = rng.randint(2, 3)  # above the residual 1, as generated
    if number % 10 == 0:
        index = rng.randrange(len(registers.assets))
        registers.assets[index]["integrity"] = rng.randint(1, 3)
        changed.add(f"registers/assets/assets-{index // ASSETS_PER_FILE:03d}.yaml")
    if number % 25 == 0 and len(registers.risks) > RISKS_PER_FILE:
        # swap two risks between files: each is then "moved"
        other = (start + RISKS_PER_FILE) % len(registers.risks)
        registers.risks[start], registers.risks[other] = (
            registers.risks[other],
            registers.risks[start],
        )
        changed.add(f"registers/risks/risks-{other // RISKS_PER_FILE:03d}.yaml")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--assets", type=int)
    parser.add_argument("--risks", type=int)
    parser.add_argument("--commits", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    assets, risks = SIZES[options.size]
    assets, risks = options.assets or assets, options.risks or risks
    rng = random.Random(options.seed)
    registers = build(assets, risks, rng)
    if options.directory.exists() and any(options.directory.iterdir()):
        raise SystemExit(f"{options.directory} is not empty")
    options.directory.mkdir(parents=True, exist_ok=True)
    # Registers live in git: even without --commits the repository gets its first commit.
    generate_history(options.directory, registers, max(options.commits, 1), rng)
    print(f"{options.directory}: {assets} assets, {risks} risks, {options.commits} commits")


if __name__ == "__main__":
    main()
