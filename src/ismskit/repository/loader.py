"""Load a whole ISMS: isms.yaml and every register file, validated into located models.

Every file is read and every problem collected as a finding; nothing stops at the first bad file.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.models.plain import plain_class, revive
from ismskit.models.types import RatingScales
from ismskit.progress import tracked
from ismskit.repository.contributions import (
    CHECKED_CONFIG,
    CHECKED_FILE,
    POSITIONS,
    SHALLOW_POSITIONS,
    ConfigContribution,
    FileContribution,
    checked_key,
)
from ismskit.repository.location import CONFIG_FILE, SourceFiles
from ismskit.repository.reading import FileRefusedError
from ismskit.yaml import cache as parse_cache
from ismskit.yaml.limits import DEFAULT_LIMITS, ReadLimits, file_finding
from ismskit.yaml.located import LocatedDocument, PathKey, Positions, locate

if TYPE_CHECKING:
    from ismskit.models.config import IsmsConfig
    from ismskit.models.context import InterestedParty, Issue, PlannedChange, Role
    from ismskit.models.entries import (
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

M = TypeVar("M")


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
            entry=self.entry_key(),
        )

    def entry_key(self) -> str | None:
        """`register/id` of the entry (what CI formats know a finding by across edits)."""
        from ismskit.models.registers import ID_FIELDS

        register = self.path[0] if self.path else None
        field_name = ID_FIELDS.get(register) if isinstance(register, str) else None
        value = getattr(self.model, field_name, None) if field_name else None
        return f"{register}/{value}" if isinstance(value, str) else None

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
    # Every file that holds each register (as a key), in path order.
    declared_in: dict[str, list[str]] = field(default_factory=dict)
    # Ids of entries that failed validation: they exist, so nothing that names them is reported
    # again as a missing reference (one mistake, one finding).
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    # A register file that could not be read at all: ids in it are unknown, so rules that need
    # every entry (references, SoA completeness) would only report follow-on errors.
    incomplete: bool = False

    def ids(self, register: str) -> set[str]:
        """The ids of a register: its valid entries' and those of entries with errors."""
        from ismskit.models.registers import ID_FIELDS

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
    # The keys of every file read, as one: what was derived from the whole ISMS (a document's
    # content digest) may be kept under it. None when a file could not be read.
    content_key: str | None = None


@contextmanager
def gc_paused() -> Iterator[None]:
    """Bulk loading builds many small objects that are never cyclic garbage; GC only slows it.
    What was loaded lives as long as the command: it is frozen out of the collector's sight, or
    the first collection after loading would walk all of it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def load_isms(source: SourceFiles) -> LoadedIsms:
    findings: list[Finding] = []
    keys: list[str | None] = []  # of every file read (None: one could not be)
    config, config_document = _load_config(source, findings, keys)
    scales = config.risk.scales.rating_scales() if config else RatingScales()
    limits = config.limits.read_limits() if config else DEFAULT_LIMITS
    registers = Registers()
    files = source.register_files()
    documents = []
    with tracked("Reading the registers", len(files)) as advance:
        for path in files:
            document, contribution = _checked_file(source, path, scales, limits, keys)
            findings.extend(contribution.findings)
            if document is None:
                registers.incomplete = True
            else:
                documents.append(document)
                _add_entries(contribution, document, registers)
            advance(1)
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
    files_read = [CONFIG_FILE, *files]
    whole = None if None in keys else checked_key("", "\0".join(map(str, keys)).encode(), "")
    return LoadedIsms(config, config_document, registers, files_read, findings, documents, whole)


def _checked_file(
    source: SourceFiles,
    path: str,
    scales: RatingScales,
    limits: ReadLimits,
    keys: list[str | None],
) -> tuple[LocatedDocument | None, FileContribution]:
    """A file's document and contribution: from the cache, else parsed and validated now."""
    settings = repr((scales, limits))
    try:
        blob = source.blob_id(path)
        raw = None if blob is not None else source.read(path, limits.max_bytes)
    except FileRefusedError as refused:
        keys.append(None)
        return None, FileContribution(False, [file_finding(path, refused.rule, refused.message)])
    if raw is None and blob is None:
        keys.append(None)
        return None, FileContribution(False, [_unreadable(path)])
    key = checked_key(path, raw if raw is not None else f"blob {blob}".encode(), settings)
    keys.append(key)
    cached = FileContribution.from_json(parse_cache.load_entry(CHECKED_FILE, key))
    if cached is not None:
        document = _lazy_document(source, path, raw, limits) if cached.parsed else None
        contribution = cached
    else:
        from ismskit.repository.validating import validate_file

        # The file's findings and entries are kept; its parse, only needed again when a command
        # asks for the data itself, is not written (a fifth of a cold check).
        document, parse_findings = _read_document(source, path, limits, raw, keep=False)
        contribution = validate_file(document, parse_findings, scales)
        parse_cache.store_entry(CHECKED_FILE, key, contribution.to_json())
    if document is not None:
        document.use_positions(_cached_positions(key))
    return document, contribution


def _cached_positions(key: str) -> Callable[[str, bool], Positions]:
    """Positions from the cache, or from a parse of the text (then kept): documents and
    findings of a warm run point at lines without parsing the file again. Those of registers
    and entries are kept apart too: what a document points at, a small part of the whole."""

    def load(text: str, every: bool) -> Positions:
        cached = Positions.from_json(
            parse_cache.load_entry(POSITIONS if every else SHALLOW_POSITIONS, key)
        )
        if cached is not None:
            return cached
        positions = locate(text)
        parse_cache.store_entry(POSITIONS, key, positions.to_json())
        parse_cache.store_entry(SHALLOW_POSITIONS, key, positions.shallow().to_json())
        return positions

    return load


def _lazy_document(
    source: SourceFiles, path: str, raw: bytes | None, limits: ReadLimits
) -> LocatedDocument:
    """A document whose text and data are read only if a finding or a command asks for them."""

    def content() -> bytes:
        return raw if raw is not None else source.read(path) or b""

    def data() -> Any:
        document = _read_document(source, path, limits, raw)[0]
        return None if document is None else document.data

    return LocatedDocument.lazy(path, lambda: content().decode("utf-8-sig", errors="replace"), data)


def _add_entries(
    contribution: FileContribution, document: LocatedDocument, registers: Registers
) -> None:
    for part in contribution.parts:
        registers.declared_at.setdefault(part.name, (document, (part.name,)))
        registers.declared_in.setdefault(part.name, []).append(document.file)
        if part.invalid_ids or part.skipped:
            registers.invalid_ids.setdefault(part.name, set()).update(part.invalid_ids)
        model = plain_class(part.model, part.defaults, part.dates, part.names)
        target = registers.entries(part.name)
        for index, fields in zip(part.positions(), part.entries, strict=True):
            for name in part.nested:
                if name in fields:
                    fields[name] = revive(fields[name])
            entry = model.of(fields)
            target.append(Located(entry, document, (part.name, index)))


def _read_document(
    source: SourceFiles,
    path: str,
    limits: ReadLimits = DEFAULT_LIMITS,
    raw: bytes | None = None,
    *,
    keep: bool = True,
) -> tuple[LocatedDocument | None, list[Finding]]:
    from ismskit.yaml.parsing import parse_blob, parse_content

    try:
        blob = source.blob_id(path)
        if blob is not None:
            return parse_blob(
                path, blob, lambda: source.read(path, limits.max_bytes) or b"", limits
            )
        raw = source.read(path, limits.max_bytes) if raw is None else raw
    except FileRefusedError as refused:
        return None, [file_finding(path, refused.rule, refused.message)]
    if raw is None:
        return None, [_unreadable(path)]
    return parse_content(path, raw, limits, keep=keep)


def _unreadable(path: str) -> Finding:
    return file_finding(path, "file-unreadable", _UNREADABLE_MESSAGE)


def read_register_documents(source: SourceFiles) -> list[LocatedDocument]:
    """The parsed register files of a source, without validating them (history needs only data)."""
    documents = (_read_document(source, path)[0] for path in source.register_files())
    return [document for document in documents if document is not None]


def _load_config(
    source: SourceFiles, findings: list[Finding], keys: list[str | None]
) -> tuple[IsmsConfig | None, LocatedDocument | None]:
    try:
        raw = source.read(CONFIG_FILE)
    except FileRefusedError as refused:
        findings.append(file_finding(CONFIG_FILE, refused.rule, refused.message))
        keys.append(None)
        return None, None
    if raw is None:
        findings.append(_unreadable(CONFIG_FILE))
        keys.append(None)
        return None, None
    key = checked_key(CONFIG_FILE, raw, "")
    keys.append(key)
    config, document = _checked_config(raw, key, findings)
    if document is not None:
        document.use_positions(_cached_positions(key))
    return config, document


def _checked_config(
    raw: bytes, key: str, findings: list[Finding]
) -> tuple[IsmsConfig | None, LocatedDocument | None]:
    checked = ConfigContribution.from_json(parse_cache.load_entry(CHECKED_CONFIG, key))
    document: LocatedDocument | None = None
    if checked is None:
        from ismskit.repository.validating import validate_config
        from ismskit.yaml.reader import load_document

        document, parse_findings = load_document(CONFIG_FILE, raw)
        checked = validate_config(document, parse_findings)
        parse_cache.store_entry(CHECKED_CONFIG, key, checked.to_json())
    elif checked.has_document:
        document = LocatedDocument.lazy(
            CONFIG_FILE, lambda: raw.decode("utf-8-sig", errors="replace"), lambda: _data_of(raw)
        )
    findings.extend(checked.findings)
    config: IsmsConfig | None = revive(checked.config) if checked.config is not None else None
    return config, document


def _data_of(raw: bytes) -> Any:
    from ismskit.yaml.reader import load_document

    document = load_document(CONFIG_FILE, raw)[0]
    return None if document is None else document.data


_UNREADABLE_MESSAGE = message(
    "the file could not be read: check that it exists and that you may read it"
)
