"""Load a whole ISMS: isms.yaml and every register file, validated into located models.

Every file is read and every problem collected as a finding; nothing stops at the first bad file.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.models.base import Entry
from ismskit.models.config import IsmsConfig
from ismskit.models.context import InterestedParty, Issue, PlannedChange, Role
from ismskit.models.entries import (
    ID_FIELDS,
    REGISTER_MODELS,
    SINGULAR_NAMES,
    Asset,
    OrganisationControl,
    Risk,
    SoaDecision,
    Threat,
)
from ismskit.models.pdca import (
    Audit,
    BcpPlan,
    Certification,
    Exercise,
    Nonconformity,
    Objective,
    Person,
    Record,
    Review,
    Training,
)
from ismskit.models.support import Communication, Competence, Monitoring
from ismskit.models.types import RatingScales, normalize_control_id
from ismskit.repository.location import CONFIG_FILE, SourceFiles
from ismskit.repository.reading import FileRefusedError
from ismskit.repository.validation import entry_key, suggest, translate_errors
from ismskit.yaml.limits import DEFAULT_LIMITS, ReadLimits, file_finding
from ismskit.yaml.located import LocatedDocument, PathKey
from ismskit.yaml.parsing import parse_blob, parse_content
from ismskit.yaml.reader import load_document

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Located(Generic[M]):
    """A validated entry and where it was written."""

    model: M
    document: LocatedDocument
    path: PathKey

    @property
    def file(self) -> str:
        return self.document.file

    def finding(
        self,
        rule: str,
        message: str,
        *field_path: str | int,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
    ) -> Finding:
        return self.document.finding(
            (*self.path, *field_path),
            rule,
            message,
            severity=severity,
            at_key=at_key,
            entry=entry_key(self.document, self.path),
        )

    def where(self, *field_path: str | int) -> str:
        position = self.document.value_position((*self.path, *field_path))
        return f"{self.file}:{position.line}:{position.column}"


@dataclass
class Registers:
    """Every register, merged over all files in path order."""

    assets: list[Located[Asset]] = field(default_factory=list)
    threats: list[Located[Threat]] = field(default_factory=list)
    risks: list[Located[Risk]] = field(default_factory=list)
    controls: list[Located[OrganisationControl]] = field(default_factory=list)
    soa: list[Located[SoaDecision]] = field(default_factory=list)
    records: list[Located[Record]] = field(default_factory=list)
    bcp_plans: list[Located[BcpPlan]] = field(default_factory=list)
    exercises: list[Located[Exercise]] = field(default_factory=list)
    training: list[Located[Training]] = field(default_factory=list)
    audits: list[Located[Audit]] = field(default_factory=list)
    nonconformities: list[Located[Nonconformity]] = field(default_factory=list)
    reviews: list[Located[Review]] = field(default_factory=list)
    objectives: list[Located[Objective]] = field(default_factory=list)
    people: list[Located[Person]] = field(default_factory=list)
    certifications: list[Located[Certification]] = field(default_factory=list)
    issues: list[Located[Issue]] = field(default_factory=list)
    interested_parties: list[Located[InterestedParty]] = field(default_factory=list)
    roles: list[Located[Role]] = field(default_factory=list)
    changes: list[Located[PlannedChange]] = field(default_factory=list)
    competences: list[Located[Competence]] = field(default_factory=list)
    communications: list[Located[Communication]] = field(default_factory=list)
    measurements: list[Located[Monitoring]] = field(default_factory=list)
    # Where each register is first declared: the place to point at when one is missing as a whole.
    declared_at: dict[str, tuple[LocatedDocument, PathKey]] = field(default_factory=dict)
    # Ids of entries that failed validation: they exist, so nothing that names them is reported
    # again as a missing reference (one mistake, one finding).
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    # A register file that could not be read at all: ids in it are unknown, so rules that need
    # every entry (references, SoA completeness) would only report follow-on errors.
    incomplete: bool = False

    def ids(self, register: str) -> set[str]:
        """The ids of a register: its valid entries' and those of entries with errors."""
        field_name = ID_FIELDS[register]
        valid = {getattr(entry.model, field_name) for entry in self.entries(register)}
        return valid | self.invalid_ids.get(register, set())

    def entries(self, register: str) -> list[Located[Any]]:
        entries: list[Located[Any]] = getattr(self, register)
        return entries


@dataclass
class LoadedIsms:
    config: IsmsConfig | None
    config_document: LocatedDocument | None
    registers: Registers
    files: list[str]
    findings: list[Finding]
    documents: list[LocatedDocument] = field(default_factory=list)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Bulk loading builds many small objects that are never cyclic garbage; GC only slows it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_isms(source: SourceFiles) -> LoadedIsms:
    findings: list[Finding] = []
    config, config_document = _load_config(source, findings)
    scales = config.risk.scales.rating_scales() if config else RatingScales()
    limits = config.limits.read_limits() if config else DEFAULT_LIMITS
    registers = Registers()
    files = source.register_files()
    documents = []
    for path in files:
        document, parse_findings = _read_document(source, path, limits)
        findings.extend(parse_findings)
        if document is None:
            registers.incomplete = True
        else:
            documents.append(document)
            findings.extend(_collect_registers(document, registers, scales))
    for path in source.ignored_register_files():
        findings.append(
            Finding(
                Severity.WARNING,
                "ignored-file",
                path,
                1,
                1,
                message(
                    "register files end in .yaml (lower case); this file is not read: rename it"
                ),
            )
        )
    return LoadedIsms(
        config, config_document, registers, [CONFIG_FILE, *files], findings, documents
    )


def _read_document(
    source: SourceFiles, path: str, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[LocatedDocument | None, list[Finding]]:
    try:
        blob = source.blob_id(path)
        if blob is not None:
            return parse_blob(
                path, blob, lambda: source.read(path, limits.max_bytes) or b"", limits
            )
        raw = source.read(path, limits.max_bytes)
    except FileRefusedError as refused:
        return None, [file_finding(path, refused.rule, refused.message)]
    if raw is None:
        return None, [file_finding(path, "file-unreadable", _UNREADABLE_MESSAGE)]
    return parse_content(path, raw, limits)


def read_register_documents(source: SourceFiles) -> list[LocatedDocument]:
    """The parsed register files of a source, without validating them (history needs only data)."""
    documents = (_read_document(source, path)[0] for path in source.register_files())
    return [document for document in documents if document is not None]


def _load_config(
    source: SourceFiles, findings: list[Finding]
) -> tuple[IsmsConfig | None, LocatedDocument | None]:
    try:
        raw = source.read(CONFIG_FILE)
    except FileRefusedError as refused:
        findings.append(file_finding(CONFIG_FILE, refused.rule, refused.message))
        return None, None
    if raw is None:
        findings.append(file_finding(CONFIG_FILE, "file-unreadable", _UNREADABLE_MESSAGE))
        return None, None
    document, parse_findings = load_document(CONFIG_FILE, raw)
    findings.extend(parse_findings)
    if document is None:
        if not parse_findings:
            findings.append(file_finding(CONFIG_FILE, "missing-field", _EMPTY_CONFIG_MESSAGE))
        return None, None
    if document.data is None:
        findings.append(document.finding((), "missing-field", _EMPTY_CONFIG_MESSAGE))
        return None, document
    if not isinstance(document.data, dict):
        findings.append(document.finding((), "file-structure", _EMPTY_CONFIG_MESSAGE))
        return None, document
    try:
        return IsmsConfig.model_validate(document.data), document
    except ValidationError as error:
        findings.extend(translate_errors(error.errors(), document, (), IsmsConfig, CONFIG_FILE))
        return None, document


_UNREADABLE_MESSAGE = message(
    "the file could not be read: check that it exists and that you may read it"
)
_EMPTY_CONFIG_MESSAGE = message(
    "isms.yaml must be a mapping with at least organization, scope and risk.acceptance"
)


@cache
def _list_adapter(model: type[Entry]) -> TypeAdapter[list[Entry]]:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _collect_registers(
    document: LocatedDocument, registers: Registers, scales: RatingScales
) -> Iterator[Finding]:
    data = document.data
    if data is None:
        return
    if not isinstance(data, dict):
        yield document.finding(
            (),
            "file-structure",
            message(
                "a register file must be a mapping of register names (assets, risks, "
                "soa, ...) to lists of entries"
            ),
        )
        return
    for name, entries in data.items():
        model = REGISTER_MODELS.get(name)
        if model is None:
            hint = (
                suggest(name, REGISTER_MODELS) or f"; known registers: {', '.join(REGISTER_MODELS)}"
            )
            yield document.finding(
                (name,),
                "unknown-register",
                message("unknown register '{name}'{hint}", name=name, hint=hint),
                at_key=True,
                entry=name,
            )
            continue
        registers.declared_at.setdefault(name, (document, (name,)))
        if entries is None:
            continue
        if not isinstance(entries, list):
            yield document.finding(
                (name,),
                "file-structure",
                message(
                    ("'{name}' must hold a list of entries (each starting with '- ')"), name=name
                ),
            )
            continue
        yield from _validate_register(document, registers, name, model, entries, scales)


def _validate_register(
    document: LocatedDocument,
    registers: Registers,
    name: str,
    model: type[Entry],
    entries: list[Any],
    scales: RatingScales,
) -> Iterator[Finding]:
    subject = message("this {kind} entry", kind=message(SINGULAR_NAMES.get(name, name)))
    registers.declared_at.setdefault(name, (document, (name,)))
    target = registers.entries(name)
    validated: Iterable[tuple[int, Entry | None]]
    try:
        validated = enumerate(
            _list_adapter(model).validate_python(entries, context={"scales": scales})
        )
    except ValidationError as error:
        details = error.errors()
        yield from translate_errors(details, document, (name,), model, subject)
        # Keep the valid entries of a list with some bad ones, so that the rules still see them.
        bad = {detail["loc"][0] for detail in details if detail["loc"]}
        registers.invalid_ids.setdefault(name, set()).update(
            _declared_id(name, entries[index]) for index in bad if isinstance(index, int)
        )
        validated = (
            (index, _validate_one(model, entry, scales))
            for index, entry in enumerate(entries)
            if index not in bad
        )
    for index, entry in validated:
        if entry is not None:
            target.append(Located(entry, document, (name, index)))


def _declared_id(register: str, entry: Any) -> str:
    """The id an invalid entry was meant to have, as far as it can be read."""
    value = entry.get(ID_FIELDS[register]) if isinstance(entry, dict) else None
    text = str(getattr(value, "text", value)) if value is not None else ""
    return normalize_control_id(text) if register == "soa" else text


def _validate_one(model: type[Entry], entry: Any, scales: RatingScales) -> Entry | None:
    try:
        return model.model_validate(entry, context={"scales": scales})
    except ValidationError:
        return None
