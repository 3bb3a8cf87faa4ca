"""The one writer of registers: plan edits, check the result, show the diff, write atomically.

A change is refused when the registers it would leave have an error that they do not have now
(`isms check` would newly fail); errors already there do not block a change elsewhere, so that a
broken repository can be mended one command at a time.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ismskit.analysis import Analysis, analyse
from ismskit.editing.file_diff import unified_diff
from ismskit.editing.overlay import OverlaySource
from ismskit.editing.register_file import RegisterFile
from ismskit.editing.vocabulary import FIRST_IDS
from ismskit.editing.yaml_text import Node, new_entry, set_field
from ismskit.errors import IsmsError, UsageError
from ismskit.findings import Finding
from ismskit.history.changes import entry_id
from ismskit.messages import message, say
from ismskit.models.entries import ID_FIELDS, REGISTER_MODELS, SINGULAR_NAMES
from ismskit.repository.location import CONFIG_FILE, REGISTERS_DIR, WorkingTree

_NUMBERED = re.compile(r"(.*?)(\d+)")


def field_order(register: str) -> list[str]:
    """The fields of a register's entries in the order a new entry writes them."""
    model = REGISTER_MODELS[register]
    return [info.alias or name for name, info in model.model_fields.items()]


@dataclass
class Outcome:
    """What a session would write: file → (old bytes or None, new bytes)."""

    changes: dict[str, tuple[bytes | None, bytes]]
    after: Analysis | None = None
    new_errors: list[Finding] = field(default_factory=list)

    @property
    def diff(self) -> str:
        return "".join(unified_diff(path, old, new) for path, (old, new) in self.changes.items())


class EditSession:
    """Edits to the registers of one repository, read once at the start."""

    def __init__(self, root: Path, today: date) -> None:
        self.root = root
        self.today = today
        self.tree = WorkingTree(root)
        self.before = analyse(self.tree, today)
        self.files: dict[str, RegisterFile] = {}
        self.touched: set[tuple[str, str]] = set()
        self.added: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self._indexes: dict[str, dict[str, tuple[str, int]]] = {}

    def file(self, path: str) -> RegisterFile:
        if path not in self.files:
            data = self.tree.read(path)
            if data is None and os.path.lexists(self.root / path):
                # Read as absent, a file that is there would be replaced by the new entries alone.
                raise IsmsError(
                    message("cannot read {path}: check that it is a file you may read", path=path)
                )
            if data is not None and _LONE_CR.search(data):
                raise IsmsError(
                    message(
                        (
                            "{path} ends some lines with a lone carriage return (CR), which the "
                            "writer does not keep: save it with LF or CRLF line ends, then run the "
                            "command again"
                        ),
                        path=path,
                    )
                )
            self.files[path] = RegisterFile(path, data, read_clean=self._reads_clean(path))
        return self.files[path]

    def _reads_clean(self, path: str) -> bool:
        """`isms check` read the file without an error of the reader (YAML, path, size)."""
        return not any(
            finding.file == path and finding.is_error and finding.rule.startswith(_READER_RULES)
            for finding in self.before.findings
        )

    def _all_valid(self, register: str) -> bool:
        """Every entry of the register validated: the loaded entries say where each one is,
        without the files' data (which a large file would have to be parsed for)."""
        registers = self.before.isms.registers
        return not registers.incomplete and not registers.invalid_ids.get(register)

    def locate(self, register: str, identifier: str) -> tuple[str, int] | None:
        """The file and list index of an entry (valid or not) by its id."""
        return self._index(register).get(entry_id(register, identifier) or identifier)

    def raw_entries(self, register: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every entry of a register as read (invalid ones too) with its id, in file order."""
        for document in self.before.isms.documents:
            entries = document.data.get(register) if isinstance(document.data, dict) else None
            for entry in entries if isinstance(entries, list) else ():
                value = entry.get(ID_FIELDS[register]) if isinstance(entry, dict) else None
                identifier = entry_id(register, value) if value is not None else None
                if identifier is not None:
                    yield identifier, entry

    def _index(self, register: str) -> dict[str, tuple[str, int]]:
        if register not in self._indexes and self._all_valid(register):
            field_name = ID_FIELDS[register]
            loaded = self.before.isms.registers.entries(register)
            self._indexes[register] = {}
            for entry in loaded:
                place = (entry.file, int(entry.path[1]))
                self._indexes[register].setdefault(str(getattr(entry.model, field_name)), place)
        if register not in self._indexes:
            index: dict[str, tuple[str, int]] = {}
            for document in self.before.isms.documents:
                data = document.data
                entries = data.get(register) if isinstance(data, dict) else None
                for position, entry in enumerate(entries if isinstance(entries, list) else ()):
                    value = entry.get(ID_FIELDS[register]) if isinstance(entry, dict) else None
                    identifier = entry_id(register, value) if value is not None else None
                    if identifier is not None:
                        index.setdefault(identifier, (document.file, position))
            self._indexes[register] = index
        return self._indexes[register]

    def next_id(self, register: str) -> str:
        """The number after the highest of the ids that share the last entry's prefix."""
        if self._all_valid(register):
            field_name = ID_FIELDS[register]
            entries = self.before.isms.registers.entries(register)
            ids = [str(getattr(entry.model, field_name)) for entry in entries]
        else:
            ids = [identifier for identifier, _entry in self.raw_entries(register)]
        ids += [identifier for name, identifier in self.added if name == register]
        last = _NUMBERED.fullmatch(ids[-1]) if ids else None
        if last is None and not ids and register in FIRST_IDS:
            return FIRST_IDS[register]
        if last is None:
            raise UsageError(
                message(
                    ("give the new entry's id with --id (no numbered {register} id to follow)"),
                    register=register,
                )
            )
        prefix, digits = last.groups()
        numbers = [
            int(match.group(2))
            for match in map(_NUMBERED.fullmatch, ids)
            if match is not None and match.group(1) == prefix
        ]
        return f"{prefix}{max(numbers) + 1:0{len(digits)}d}"

    def entry(self, register: str, identifier: str) -> Node:
        """The round-trip mapping of an existing entry, to change in place."""
        where = self.locate(register, identifier)
        if where is None:
            kind = SINGULAR_NAMES.get(register, register)
            raise UsageError(
                message(
                    (
                        "there is no {kind} '{identifier}' in the registers; check the id (an "
                        "entry with errors is found too; see 'isms check')"
                    ),
                    kind=kind,
                    identifier=identifier,
                )
            )
        self.touched.add((register, entry_id(register, identifier) or identifier))
        return self.file(where[0]).entry(register, where[1])

    def update(self, register: str, identifier: str, changes: dict[str, Any]) -> None:
        """Set fields of an entry; a value REMOVE deletes the field."""
        node = self.entry(register, identifier)
        order = field_order(register)
        for key, value in changes.items():
            set_field(node, key, value, order)

    def add(self, register: str, fields: dict[str, Any], file: str | None = None) -> str:
        """Add an entry at the end of its register's list; returns the file it goes to."""
        identifier = str(fields[ID_FIELDS[register]])
        existing = self.locate(register, identifier)
        if existing is not None or (register, identifier) in self.touched:
            place = f" (in {existing[0]})" if existing else ""
            raise UsageError(
                message(
                    ("{register} already has '{identifier}'{place}: choose another id"),
                    register=register,
                    identifier=identifier,
                    place=place,
                )
            )
        path = self.target_file(register, file)
        ordered = {key: fields[key] for key in field_order(register) if key in fields}
        self.file(path).append(register, new_entry(ordered))
        self.touched.add((register, identifier))
        self.added.append((register, identifier))
        return path

    def target_file(self, register: str, file: str | None) -> str:
        """`--file`, else the one file holding the register, else a new one.

        Where several files hold it (a file per unit), guessing would file an entry under another
        unit: the person names the file.
        """
        if file is not None:
            return self._repository_path(file)
        counts = Counter(self.before.isms.registers.declared_in.get(register, ()))
        if not counts:
            return f"{REGISTERS_DIR}/{register}.yaml"
        if len(counts) > 1:
            files = ", ".join(sorted(counts))
            raise UsageError(
                message(
                    (
                        "{register} are kept in {count_counts} files ({files}): name the one "
                        "for the new entry with --file"
                    ),
                    register=register,
                    count_counts=len(counts),
                    files=files,
                )
            )
        return next(iter(counts))

    def _repository_path(self, file: str) -> str:
        path = Path(file)
        absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
        folder = (self.root / REGISTERS_DIR).resolve()
        if not absolute.is_relative_to(folder) or absolute.suffix != ".yaml":
            raise UsageError(
                message(
                    ("--file {file}: name a .yaml file under {folder} (register files live there)"),
                    file=file,
                    folder=folder,
                )
            )
        try:
            return absolute.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise UsageError(
                message(
                    (
                        "--file {file}: registers/ leads out of the repository (a link); name "
                        "a file inside it"
                    ),
                    file=file,
                )
            ) from None

    def outcome(self) -> Outcome:
        """The planned changes, checked as `isms check` would check the result."""
        changes: dict[str, tuple[bytes | None, bytes]] = {}
        for path, register_file in self.files.items():
            new = register_file.render()
            if new != register_file.original:
                changes[path] = (register_file.original, new)
        if not changes:
            return Outcome(changes)
        replaced = {path: new for path, (_old, new) in changes.items()}
        after = analyse(OverlaySource(self.tree, replaced), self.today)
        return Outcome(changes, after, new_errors(self.before.findings, after.findings))

    def write(self, outcome: Outcome) -> None:
        """Write every changed file atomically, unless it changed on disk since it was read."""
        from ismskit.editing.output import write_atomically

        for path, (old, _new) in outcome.changes.items():
            if self.tree.read(path) != old:
                raise IsmsError(
                    message(
                        ("{path} changed on disk while isms was editing it; run the command again"),
                        path=path,
                    )
                )
        for path, (_old, new) in outcome.changes.items():
            target = self.root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, new)


@contextmanager
def edit_session(root: Path, today: date) -> Iterator[EditSession]:
    """A session that no other isms command can interleave with (the repository is locked)."""
    from ismskit.editing.output import exclusive_lock

    with exclusive_lock(root / CONFIG_FILE):
        yield EditSession(root, today)


_LONE_CR = re.compile(rb"\r(?!\n)")
_READER_RULES = ("yaml-", "register-path", "file-unreadable")
_PLACE = re.compile(r"[^\s:]+:\d+:\d+")
_SUGGESTION = re.compile(r" \(did you mean '[^']*'\?\)")


def _error_key(finding: Finding) -> tuple[str, str, str]:
    """Rule, file and message without the places it names (an edit above an old error moves it)
    and without a did-you-mean (an entry added nearby changes the suggestion of an old error)."""
    text = str.__str__(finding.message)
    return (finding.rule, finding.file, _SUGGESTION.sub("", _PLACE.sub("", text)))


def new_errors(
    before: list[Finding], after: list[Finding], *, warnings: bool = False
) -> list[Finding]:
    """Errors (or warnings) of `after` that `before` does not have (by rule, file and message)."""
    known = Counter(_error_key(f) for f in before if f.is_error != warnings)
    result = []
    for finding in after:
        key = _error_key(finding)
        if finding.is_error == warnings:
            continue
        if known[key] > 0:
            known[key] -= 1
        else:
            result.append(finding)
    return result


def report_outcome(
    session: EditSession, outcome: Outcome, *, dry_run: bool, streams: tuple[TextIO, TextIO]
) -> int:
    """Print the diff (and why it is refused), write it unless refused or a dry run; exit code."""
    stream, errors = streams
    for note in session.notes:
        errors.write(say("note: {note}\n", note=note))
    if not outcome.changes:
        stream.write(say("no changes\n"))
        return 0
    stream.write(outcome.diff)
    if outcome.new_errors:
        from ismskit.reporters import ReportContext
        from ismskit.reporters.text import report_text

        report_text(outcome.new_errors, errors, ReportContext(len(outcome.changes), color=False))
        errors.write(
            say(
                "Nothing was written: the change would make 'isms check' fail (the "
                "errors above are in the files as they would be written).\n"
            )
        )
        return 1
    if dry_run:
        stream.write(say("dry run: nothing was written\n"))
    else:
        session.write(outcome)
    stream.writelines(f"{line}\n" for line in score_lines(session, outcome))
    return 0


def score_lines(session: EditSession, outcome: Outcome) -> list[str]:
    """`R-010: score 18, residual 6 (acceptance 8)` for every risk the change touched or moved;
    `score 18 → 12` where a value moved."""
    after = outcome.after
    if after is None or after.policy is None:
        return []
    acceptance = after.policy.acceptance
    old = {item.model.id: item.score for item in session.before.assessed}
    lines = []
    for item in after.assessed:
        score, previous = item.score, old.get(item.model.id)
        touched = ("risks", item.model.id) in session.touched
        if score is None or (previous == score and not touched):
            continue
        if previous is None or (previous.score, previous.residual) == (score.score, score.residual):
            text = message(
                "score {score}, residual {residual}", score=score.score, residual=score.residual
            )
        else:
            text = message(
                "score {old} → {score}, residual {old_residual} → {residual}",
                old=previous.score,
                score=score.score,
                old_residual=previous.residual,
                residual=score.residual,
            )
        lines.append(
            say(
                "{risk}: {text} (acceptance {acceptance})",
                risk=item.model.id,
                text=text,
                acceptance=acceptance,
            )
        )
    return lines
