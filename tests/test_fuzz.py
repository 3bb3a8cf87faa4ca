"""Fuzzing the loader and `isms check` with hypothesis: mutated and generated registers never end in
a traceback, exit 0 or 1, and every finding is located. A longer run: python tests/fuzz_long.py."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BASE_REGISTERS, make_repo
from ismskit.analysis import analyse
from ismskit.repository.location import WorkingTree

PROJECT = Path(__file__).resolve().parents[1]
SEED = (PROJECT / "registers/risks/shimin-ka.yaml").read_bytes()[:6000] + BASE_REGISTERS.encode()
ODD = [
    "\x00",
    "\ufeff",
    "\u202e",
    "𝔸",
    "住",
    "\r",
    "\t",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!",
    "[",
    "{",
    "'",
    '"',
    "#",
    "9" * 40,
    "-1e999",
    ".nan",
    "<<: *a",
    "? ",
    "|",
    ">",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(SEED)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "flip", "truncate"]))
        if action == "insert":
            data[position:position] = draw(st.sampled_from(ODD)).encode("utf-8", "surrogatepass")
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        elif action == "flip" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        else:
            del data[position:]
    return bytes(data)


def assert_located(findings: list, files: set[str]) -> None:  # type: ignore[type-arg]
    for finding in findings:
        assert finding.file in files, finding
        assert finding.line >= 1, finding
        assert finding.column >= 1, finding
        assert finding.message, finding


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated())
def test_mutated_registers_always_give_located_findings(tmp_path_factory, raw: bytes) -> None:
    from datetime import date

    repo = make_repo(tmp_path_factory.mktemp("fuzz"), {"registers/fuzz.yaml": raw})
    analysis = analyse(WorkingTree(repo), date(2026, 11, 25))
    assert_located(analysis.findings, {"isms.yaml", "registers/fuzz.yaml", "registers/soa.yaml"})


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated())
def test_check_command_never_tracebacks(tmp_path_factory, isms, raw: bytes) -> None:
    repo = make_repo(tmp_path_factory.mktemp("fuzz"), {"registers/fuzz.yaml": raw})
    result = isms("--no-cache", "check", "--format", "json", cwd=repo)
    assert result.code in (0, 1), result
    assert "Traceback" not in result.stderr
    for finding in json.loads(result.stdout)["findings"]:
        assert finding["line"] >= 1
        assert finding["column"] >= 1


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(2**70), 2**70)
        | st.floats()
        | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=30,
    )
)
def test_generated_structures_in_every_register(tmp_path_factory, value: object) -> None:
    from datetime import date

    from ismskit.models.entries import REGISTER_MODELS

    registers = {register: [value, {"id": value}] for register in REGISTER_MODELS}
    text = json.dumps(registers, default=str)  # JSON is YAML 1.2
    repo = make_repo(tmp_path_factory.mktemp("gen"), {"registers/gen.yaml": text})
    analysis = analyse(WorkingTree(repo), date(2026, 11, 25))
    assert_located(analysis.findings, {"isms.yaml", "registers/gen.yaml", "registers/soa.yaml"})
