"""Models read back from the cache behave as the pydantic models they were validated as."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from helpers import make_repo
from ismskit.models.config import IsmsConfig
from ismskit.models.entries import REGISTER_MODELS, Risk
from ismskit.models.plain import Plain, plain_class, revive
from ismskit.models.registers import SINGULAR_NAMES
from ismskit.repository.validating import _defaults, encoded


def plain_of(model: Risk) -> Plain:
    fields = model.model_dump(exclude_unset=True)
    return plain_class("Risk", _defaults(Risk)).of(fields)


def test_every_register_has_a_model_and_a_name() -> None:
    assert list(REGISTER_MODELS) == list(SINGULAR_NAMES)


def test_a_plain_risk_reads_as_the_model_does() -> None:
    risk = Risk.model_validate(
        {"id": "R-1", "treatment": "accept", "accepted_by": "CISO", "accepted_on": date(2025, 1, 2)}
    )
    plain = plain_of(risk)
    assert plain.is_accepted is risk.is_accepted is True
    assert plain.controls == risk.controls == []
    assert plain.model_fields_set == risk.model_fields_set
    assert plain.model_dump() == risk.model_dump()
    assert plain.model_dump(mode="json", exclude_none=True) == risk.model_dump(
        mode="json", exclude_none=True
    )
    assert plain.model_copy(update={"accepted_on": None}).is_accepted is False
    assert plain == plain_of(risk)


def test_the_settings_read_as_the_model_does() -> None:
    config = IsmsConfig.model_validate(
        {
            "organization": "みなと市",
            "scope": "s",
            "risk": {"acceptance": 6, "scales": {"value": 4, "frequency": 5}},
            "limits": {"file_size_mb": 2},
            "scope_details": {"units": [{"id": "U1", "name": "市民課"}]},
        }
    )
    plain = revive(json.loads(json.dumps(encoded(config), default=str)))
    assert plain.risk.scales.rating_scales() == config.risk.scales.rating_scales()
    assert plain.limits.read_limits() == config.limits.read_limits()
    assert plain.scope_details.unit("市民課").id == config.scope_details.unit("市民課").id == "U1"
    assert plain.review_interval_months == config.review_interval_months


def test_a_plain_model_is_read_only() -> None:
    plain = plain_class("Person").of({"id": "P-1", "name": "n"})
    try:
        plain.name = "m"  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("a plain model took a new value")


def test_the_scales_of_isms_yaml_are_part_of_a_files_entry(tmp_path: Path, isms) -> None:
    """A rating valid on a scale of 5 is out of a scale of 3: changing the scale checks again."""
    risk = (
        "risks:\n  - {id: R-1, asset: A-1, threat: T-1, vulnerability: 4, treatment: accept,"
        " owner: o, accepted_by: x, accepted_on: 2025-01-01}\n"
    )
    repo = make_repo(tmp_path, {"registers/r.yaml": risk})
    config = (repo / "isms.yaml").read_text(encoding="utf-8")
    wide = config.replace("risk:\n", "risk:\n  scales: {vulnerability: 5}\n", 1)
    (repo / "isms.yaml").write_text(wide, encoding="utf-8")
    first = isms("check", "--format", "json", cwd=repo)
    (repo / "isms.yaml").write_text(config, encoding="utf-8")
    second = isms("check", "--format", "json", cwd=repo)
    rules = [finding["rule"] for finding in json.loads(second.stdout)["findings"]]
    assert "out-of-scale" not in first.stdout
    assert "out-of-scale" in rules


def test_positions_of_entries_alone_are_those_of_the_whole(tmp_path: Path, isms) -> None:
    """A document's places come from the small table of entry positions; a finding deeper in an
    entry still gets its exact place from the whole table."""
    from ismskit.repository.loader import load_isms
    from ismskit.repository.location import WorkingTree
    from ismskit.yaml.located import locate

    risk = "risks:\n  - id: R-1\n    asset: A-1\n    threat: T-1\n    vulnerability: 2\n"
    repo = make_repo(tmp_path, {"registers/r.yaml": risk + risk.replace("R-1", "R-2")[7:]})
    isms("check", cwd=repo)  # fills the cache, positions included
    entries = load_isms(WorkingTree(repo)).registers.risks
    whole = locate((repo / "registers/r.yaml").read_text(encoding="utf-8"))
    for entry in entries:
        assert entry.document.value_position(entry.path) == whole.values[entry.path]
        deeper = (*entry.path, "vulnerability")
        assert entry.document.value_position(deeper) == whole.values[deeper]
