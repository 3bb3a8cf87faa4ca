"""What models do besides holding fields, shared by the pydantic models and the plain models read
back from the cache (models/plain.py): a mixin per model, with no pydantic and no fields of its own
(pydantic would take annotations here for fields)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

from ismskit.models.types import RatingScales
from ismskit.yaml.limits import ReadLimits

if TYPE_CHECKING:
    from ismskit.models.config import PropertyScales, ScaleLevel, ScopeUnit


class _Acceptance(Protocol):
    @property
    def accepted_by(self) -> str | None: ...
    @property
    def accepted_on(self) -> date | None: ...


class RiskBehaviour:
    @property
    def is_accepted(self: _Acceptance) -> bool:
        return self.accepted_by is not None and self.accepted_on is not None


class _ScaleTops(Protocol):
    @property
    def value(self) -> PropertyScales: ...
    @property
    def frequency(self) -> int: ...
    @property
    def vulnerability(self) -> int: ...
    @property
    def likelihood(self) -> int: ...
    @property
    def impact(self) -> int: ...


class ScalesBehaviour:
    def rating_scales(self: _ScaleTops) -> RatingScales:
        return RatingScales(
            confidentiality=self.value.confidentiality,
            integrity=self.value.integrity,
            availability=self.value.availability,
            frequency=self.frequency,
            vulnerability=self.vulnerability,
            likelihood=self.likelihood,
            impact=self.impact,
        )


class _LimitValues(Protocol):
    @property
    def file_size_mb(self) -> int: ...
    @property
    def nesting_depth(self) -> int: ...
    @property
    def aliases(self) -> int: ...
    @property
    def alias_expansion(self) -> int: ...


class LimitsBehaviour:
    def read_limits(self: _LimitValues) -> ReadLimits:
        return ReadLimits(
            max_bytes=self.file_size_mb * 1024 * 1024,
            max_depth=self.nesting_depth,
            max_aliases=self.aliases,
            alias_expansion=self.alias_expansion,
        )


class _Units(Protocol):
    @property
    def units(self) -> list[ScopeUnit]: ...


class ScopeDetailsBehaviour:
    def unit(self: _Units, name_or_id: str) -> ScopeUnit | None:
        """The unit with this id, or else with this name."""
        for unit in self.units:
            if unit.id == name_or_id:
                return unit
        return next((unit for unit in self.units if unit.name == name_or_id), None)


class RiskCriteriaBehaviour:
    def levels_of(self, scale: str) -> list[ScaleLevel] | None:
        """The levels written for a scale; a property falls back to `value`."""
        own: list[ScaleLevel] | None = getattr(self, scale)
        if own is None and scale in ("confidentiality", "integrity", "availability"):
            value: list[ScaleLevel] | None = getattr(self, "value")  # noqa: B009 - a field
            return value
        return own
