"""Which register file a new row goes to, by a column of the sheet (`isms import --unit-by`).

A unit of `scope_details` keeps its entries in its own files, so a ledger that lists every
department's assets is split by a column (the owner, the division): each row goes to the file of the
unit the column names. `--unit-map VALUE=UNIT_OR_FILE` says where a value goes when it is not a
unit's id or name itself (市民課長 → CIT, or → registers/citizens/assets.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ismskit.editing.headers import normalise
from ismskit.editing.vocabulary import fold
from ismskit.messages import message
from ismskit.models.config import ScopeDetails, ScopeUnit
from ismskit.repository.location import REGISTERS_DIR
from ismskit.repository.units import matches

_WILDCARDS = frozenset("*?[")


class RoutingError(ValueError):
    """A cell that names no unit and no file: the message says what would."""


@dataclass(frozen=True)
class UnitRouter:
    """Maps a cell of the --unit-by column to a register file (from the repository root)."""

    register: str
    scope: ScopeDetails | None
    unit_map: Mapping[str, str]
    files: tuple[tuple[str, tuple[str, ...]], ...]  # every register file with its registers

    def file_for(self, value: str) -> str:
        text = fold(value)
        target = {normalise(key): item for key, item in self.unit_map.items()}.get(
            normalise(text), text
        )
        if target.endswith(".yaml"):
            return _register_path(target)
        unit = self._unit(target)
        if unit is None:
            raise RoutingError(self._unknown(text))
        return self._unit_file(unit)

    def _unit(self, name: str) -> ScopeUnit | None:
        if self.scope is None:
            return None
        wanted = normalise(name)
        return next(
            (u for u in self.scope.units if wanted in (normalise(u.id), normalise(u.name))), None
        )

    def _unit_file(self, unit: ScopeUnit) -> str:
        """The unit's file for the register: a file it names outright, else one of its files
        that holds the register already, else one of its files."""
        literal = [p for p in unit.files if not _WILDCARDS & set(p) and p.endswith(".yaml")]
        holding = [f for f, registers in self.files if self.register in registers]
        for candidates in (
            [p for p in literal if p in holding],
            [f for f in holding if _of_unit(unit, f)],
            literal,
            [f for f, _registers in self.files if _of_unit(unit, f)],
            self._new_files(unit),
        ):
            if candidates:
                return candidates[0]
        raise RoutingError(
            message(
                (
                    "unit {unit} ({name}) names no register file by its path (its files: "
                    "{value}): add one under its files in isms.yaml, or map the value to a "
                    "file with --unit-map '{name}=registers/...yaml'"
                ),
                unit=unit.id,
                name=unit.name,
                value=", ".join(unit.files) or "none",
            )
        )

    def _new_files(self, unit: ScopeUnit) -> list[str]:
        """A file named after the register in a folder the unit's patterns cover
        (registers/tax/*.yaml → registers/tax/assets.yaml)."""
        names = []
        for pattern in unit.files:
            folder = pattern.rpartition("/")[0]
            candidate = f"{folder}/{self.register}.yaml"
            if folder and not _WILDCARDS & set(folder) and matches(pattern, candidate):
                names.append(candidate)
        return names

    def _unknown(self, value: str) -> str:
        units = self.scope.units if self.scope else []
        if not units:
            return message(
                (
                    "'{value}' names no unit: isms.yaml lists no units (scope_details: "
                    "units); map the value to a file with --unit-map "
                    "'{value}=registers/...yaml'"
                ),
                value=value,
            )
        listed = ", ".join(f"{unit.id} ({unit.name})" for unit in units)
        return message(
            (
                "'{value}' names no unit (the units: {listed}): map it with --unit-map "
                "'{value}=UNIT' or --unit-map '{value}=registers/...yaml'"
            ),
            value=value,
            listed=listed,
        )


def _of_unit(unit: ScopeUnit, file: str) -> bool:
    return any(matches(pattern, file) for pattern in unit.files)


def _register_path(path: str) -> str:
    posix = path.replace("\\", "/").removeprefix("./")
    if not posix.startswith(f"{REGISTERS_DIR}/"):
        posix = f"{REGISTERS_DIR}/{posix}"
    return posix


def build_router(
    register: str,
    scope: ScopeDetails | None,
    unit_map: Mapping[str, str],
    documents: Iterable[tuple[str, object]],
) -> UnitRouter:
    """A router over the register files as read (file, data) and the units of isms.yaml."""
    files = tuple((file, tuple(data) if isinstance(data, dict) else ()) for file, data in documents)
    return UnitRouter(register, scope, dict(unit_map), files)
