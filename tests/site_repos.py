"""Small ISMS repositories for the site tests: risks whose heat-map cells are known from their
ratings, two units, hostile text in names, and a git history over several months."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from helpers import GitRepo, make_repo, soa_yaml

HOSTILE = "<script>window.__injected = 1</script>"
HOSTILE_UNIT = '<img src="http://attacker.invalid/x.png" onerror="window.__injected=2">'

CONFIG = f"""\
organization: Test City
language: en
scope: The resident registry service.
scope_details:
  units:
    - id: NORTH
      name: '{HOSTILE_UNIT}'
      files: [registers/north.yaml]
    - id: SOUTH
      name: South Office
      files: [registers/south.yaml]
risk:
  acceptance: 8
  levels:
    - {{name: low, max: 8}}
    - {{name: 'medium "<b>"', max: 18}}
    - {{name: high, max: 27}}
"""


@dataclass(frozen=True)
class RiskSpec:
    id: str
    asset: str  # A-1 (value 3) or A-2 (value 1)
    frequency: int
    vulnerability: int
    residual_vulnerability: int
    unit: str  # north | south


ASSET_VALUES = {"A-1": 3, "A-2": 1}
THREAT = f"""\
threats:
  - id: T-1
    name: 'Theft {HOSTILE}'
    frequency: 2
"""


def asset_yaml(asset: str, value: int) -> str:
    return f"""\
  - id: {asset}
    name: 'Records {HOSTILE}'
    class: information
    owner: Citizens Division
    confidentiality: {value}
    integrity: 1
    availability: 1
"""


def risk_yaml(spec: RiskSpec) -> str:
    residual = ASSET_VALUES[spec.asset] * spec.frequency * spec.residual_vulnerability
    acceptance = (
        f"    accepted_by: Mayor\n    accepted_on: 2026-01-10\n    accepted_score: {residual}\n"
        if residual > 8
        else ""
    )
    return f"""\
  - id: {spec.id}
    asset: {spec.asset}
    threat: T-1
    frequency: {spec.frequency}
    vulnerability: {spec.vulnerability}
    residual_vulnerability: {spec.residual_vulnerability}
    treatment: reduce
    controls: [A.8.7]
    owner: Manager
{acceptance}"""


def register_files(risks: list[RiskSpec], open_ncs: int = 0) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"registers/threats.yaml": THREAT}
    for unit, asset in (("north", "A-1"), ("south", "A-2")):
        mine = [risk for risk in risks if risk.unit == unit]
        text = "assets:\n" + asset_yaml(asset, ASSET_VALUES[asset])
        if mine:
            text += "risks:\n" + "".join(risk_yaml(risk) for risk in mine)
        files[f"registers/{unit}.yaml"] = text
    if open_ncs:
        files["registers/nonconformities.yaml"] = "nonconformities:\n" + "".join(
            f"  - id: NC-{n}\n    description: Found {n}\n    status: open\n"
            for n in range(open_ncs)
        )
    return files


def expected_cells(risks: list[RiskSpec], *, residual: bool) -> Counter[tuple[int, int]]:
    """(asset value, frequency × vulnerability) of each risk: where the heat map must count it."""
    return Counter(
        (
            ASSET_VALUES[risk.asset],
            risk.frequency * (risk.residual_vulnerability if residual else risk.vulnerability),
        )
        for risk in risks
    )


FIRST = [
    RiskSpec("R-1", "A-1", 2, 3, 1, "north"),
    RiskSpec("R-2", "A-1", 3, 3, 1, "north"),
    RiskSpec("R-3", "A-2", 1, 1, 1, "south"),
]
LATER = [
    *FIRST,
    RiskSpec("R-4", "A-1", 3, 2, 1, "north"),
    RiskSpec("R-5", "A-2", 3, 3, 2, "south"),
    RiskSpec("R-6", "A-1", 1, 2, 2, "south"),
]


def hostile_repo(root: Path) -> Path:
    """The later registers, without git."""
    return make_repo(root, register_files(LATER, open_ncs=2), config=CONFIG)


def history_repo(root: Path) -> GitRepo:
    """Commits in January, March (two) and May 2026: FIRST with 1 open NC, then LATER with 2."""
    repo = GitRepo(root)
    base: dict[str, str | bytes] = {"isms.yaml": CONFIG, "registers/soa.yaml": soa_yaml()}
    repo.commit("Start", "2026-01-15T10:00:00+09:00", {**base, **register_files(FIRST, 1)})
    repo.git("tag", "v1", date="2026-01-15T10:00:00+09:00")
    repo.commit("More risks", "2026-03-02T10:00:00+09:00", register_files(LATER, 1))
    repo.commit("A nonconformity", "2026-03-20T10:00:00+09:00", register_files(LATER, 2))
    repo.git("tag", "-a", "v2", "-m", "Second", date="2026-03-20T10:00:00+09:00")
    repo.commit("Unrelated", "2026-05-03T10:00:00+09:00", {"README.md": "Notes\n"})
    return repo
