"""What one file contributes to the loaded ISMS, kept in the cache by the file's content.

Validating a register file gives its findings (parse and validation) and its valid entries. Both
depend only on the file's bytes, its path, the scales and limits of isms.yaml and the code, so
they are stored under a key of exactly those (`checked_key`) and a warm run reads them back as
plain data: no YAML parse, no pydantic. Only the rules that look across files run again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ismskit.findings import Finding, Severity
from ismskit.messages import decode as decode_message
from ismskit.messages import encode as encode_message

CHECKED_FILE = "checked-file"
CHECKED_CONFIG = "checked-config"
POSITIONS = "positions"
SHALLOW_POSITIONS = "positions-of-entries"


@dataclass(frozen=True, slots=True)
class RegisterPart:
    """One register of a file: the fields written of each valid entry, in file order."""

    name: str
    model: str  # the model's class name
    defaults: tuple[tuple[str, Any], ...]  # the model's defaults, for the fields not written
    entries: list[dict[str, Any]]  # nested models tagged with their class (models/plain.py)
    skipped: list[int] = field(default_factory=list)  # positions of entries that failed
    invalid_ids: list[str] = field(default_factory=list)  # the ids those were meant to have
    nested: tuple[str, ...] = ()  # fields that may hold models: tagged mappings to read back
    dates: tuple[str, ...] = ()  # date fields, written as ISO text
    names: tuple[tuple[str, str | None], ...] = ()  # every field of the model, with its alias

    def positions(self) -> list[int]:
        """The position in the file's list of each valid entry."""
        if not self.skipped:
            return list(range(len(self.entries)))
        skipped = set(self.skipped)
        total = len(self.entries) + len(skipped)
        return [index for index in range(total) if index not in skipped]


@dataclass(frozen=True, slots=True)
class FileContribution:
    parsed: bool  # False: the file could not be read as YAML at all
    findings: list[Finding]
    parts: list[RegisterPart] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "parsed": self.parsed,
            "findings": findings_json(self.findings),
            "parts": [_part_json(part) for part in self.parts],
        }

    @classmethod
    def from_json(cls, value: Any) -> FileContribution | None:
        try:
            parts = [_part_from_json(part) for part in value["parts"]]
            return cls(bool(value["parsed"]), findings_from_json(value["findings"]), parts)
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True, slots=True)
class ConfigContribution:
    """isms.yaml: whether it parsed to a document, its findings, the validated settings."""

    has_document: bool
    findings: list[Finding]
    config: dict[str, Any] | None  # tagged plain data, or None when it is not valid

    def to_json(self) -> dict[str, Any]:
        findings = findings_json(self.findings)
        return {"document": self.has_document, "findings": findings, "config": self.config}

    @classmethod
    def from_json(cls, value: Any) -> ConfigContribution | None:
        try:
            config = value["config"]
            if config is not None and not isinstance(config, dict):
                return None
            return cls(bool(value["document"]), findings_from_json(value["findings"]), config)
        except (KeyError, TypeError, ValueError):
            return None


def checked_key(path: str, content: bytes, settings: str) -> str:
    """The key of a file's contribution: its bytes (or git blob id), path and settings."""
    digest = hashlib.blake2b(content, digest_size=20)
    digest.update(b"\0" + path.encode() + b"\0" + settings.encode())
    return digest.hexdigest()


def findings_json(findings: list[Finding]) -> list[dict[str, Any]]:
    """The findings as JSON; each message's template and values too, to show it in any language."""
    return [_finding_json(finding) for finding in findings]


def _finding_json(finding: Finding) -> dict[str, Any]:
    entry: dict[str, Any] = {**finding.as_dict(), "entry": finding.entry}
    template = encode_message(finding.message)
    if template is not None:
        entry["template"] = template
    return entry


def _message_of(item: dict[str, Any]) -> str:
    template = item.get("template")
    return decode_message(template) if isinstance(template, dict) else str(item["message"])


def findings_from_json(raw: list[dict[str, Any]]) -> list[Finding]:
    return [
        Finding(
            Severity(item["severity"]),
            item["rule"],
            item["file"],
            item["line"],
            item["column"],
            _message_of(item),
            item.get("entry"),
        )
        for item in raw
    ]


def _part_json(part: RegisterPart) -> dict[str, Any]:
    return {
        "name": part.name,
        "model": part.model,
        "defaults": [list(pair) for pair in part.defaults],
        "entries": part.entries,
        "skipped": part.skipped,
        "invalid_ids": part.invalid_ids,
        "nested": list(part.nested),
        "dates": list(part.dates),
        "names": [list(pair) for pair in part.names],
    }


def _part_from_json(raw: dict[str, Any]) -> RegisterPart:
    return RegisterPart(
        raw["name"],
        raw["model"],
        tuple((name, value) for name, value in raw["defaults"]),
        raw["entries"],
        raw["skipped"],
        raw["invalid_ids"],
        tuple(raw["nested"]),
        tuple(raw["dates"]),
        tuple((name, alias) for name, alias in raw["names"]),
    )
