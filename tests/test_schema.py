"""The exported JSON Schemas accept the example ISMS and catch what a schema can catch."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ismskit.yaml.reader import load_document

PROJECT = Path(__file__).resolve().parents[1]


def exported(isms, tmp_path: Path, dialect: str) -> dict[str, dict[str, object]]:
    result = isms(
        "schema", "--output", str(tmp_path / "schemas"), "--dialect", dialect, cwd=tmp_path
    )
    assert result.code == 0, result
    return {
        name: json.loads((tmp_path / "schemas" / name).read_text(encoding="utf-8"))
        for name in ("isms.schema.json", "registers.schema.json")
    }


def as_json(path: Path) -> object:
    """The file's data as a YAML-aware editor sends it to a schema validator: dates as text."""
    document, findings = load_document(path.name, path.read_bytes())
    assert not findings
    assert document is not None
    return json.loads(json.dumps(document.data, default=str))


@pytest.mark.parametrize("dialect", ["draft-07", "2020-12"])
def test_example_validates_against_the_exported_schemas(isms, tmp_path: Path, dialect: str) -> None:
    schemas = exported(isms, tmp_path, dialect)
    validator = jsonschema.validators.validator_for(schemas["registers.schema.json"])
    validator.check_schema(schemas["registers.schema.json"])
    jsonschema.validate(as_json(PROJECT / "isms.yaml"), schemas["isms.schema.json"])
    for path in sorted((PROJECT / "registers").rglob("*.yaml")):
        jsonschema.validate(as_json(path), schemas["registers.schema.json"])


def test_the_schema_rejects_unknown_fields_and_values(isms, tmp_path: Path) -> None:
    schema = exported(isms, tmp_path, "draft-07")["registers.schema.json"]
    bad_entries = [
        {"risks": [{"id": "R-1", "treatment": "ignore"}]},
        {
            "assets": [
                {
                    "id": "A-1",
                    "name": "n",
                    "class": "information",
                    "owner": "o",
                    "confidentiality": 1,
                    "integrity": 1,
                    "availability": 1,
                    "colour": "red",
                }
            ]
        },
        {"riskss": []},
    ]
    for data in bad_entries:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema)


def test_schema_prints_both_without_output(isms, tmp_path: Path) -> None:
    result = isms("schema", cwd=tmp_path)
    assert set(json.loads(result.stdout)) == {"isms.schema.json", "registers.schema.json"}
