"""The model of isms.yaml: organisation, scope, report language and the risk method."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    field_validator,
)

from ismskit.models.behaviour import (
    LimitsBehaviour,
    RiskCriteriaBehaviour,
    ScalesBehaviour,
    ScopeDetailsBehaviour,
)
from ismskit.models.fields import IsoDate
from ismskit.models.types import Language

RiskMethod = Literal["asset-threat-vulnerability", "likelihood-impact"]
AssetValueRule = Literal["max", "sum"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PropertyScales(_Strict):
    """One value scale per security property, as many municipalities classify assets."""

    confidentiality: PositiveInt = Field(3, description="Top of the confidentiality scale.")
    integrity: PositiveInt = Field(3, description="Top of the integrity scale.")
    availability: PositiveInt = Field(3, description="Top of the availability scale.")


def _expand_single_scale(value: Any) -> Any:
    """`value: 4` is one scale for all three properties."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise ValueError(
                f"a scale runs from 1 to its top, so it must be at least 1, not {value}"
            )
        return {"confidentiality": value, "integrity": value, "availability": value}
    return value


class Scales(_Strict, ScalesBehaviour):
    """The top of every rating scale; every rating runs from 1 to its scale."""

    value: Annotated[PropertyScales, BeforeValidator(_expand_single_scale)] = Field(
        default_factory=PropertyScales,
        description="Asset C/I/A value scale: one number, or one per property.",
    )
    frequency: PositiveInt = Field(3, description="Threat frequency scale.")
    vulnerability: PositiveInt = Field(3, description="Vulnerability scale.")
    likelihood: PositiveInt = Field(5, description="Likelihood scale (likelihood-impact).")
    impact: PositiveInt = Field(5, description="Impact scale (likelihood-impact).")


HexColor = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
Words = Annotated[str, Field(min_length=1)]


class Level(_Strict):
    """A report band: the first band whose `max` is at least the score names its level."""

    name: Words
    max: int
    meaning: Words | None = Field(
        None, description="What a risk of this level means and asks for (e.g. treat first)."
    )
    authority: Words | None = Field(
        None, description="Who may accept a risk of this level (default: acceptance_authority)."
    )
    color: HexColor | None = Field(
        None, description="Colour of the band in heat maps, as #rrggbb (default: a palette)."
    )


class ScaleLevel(_Strict):
    """One level of a rating scale, in the organisation's own words (6.1.2 a, b)."""

    level: PositiveInt = Field(description="The rating, 1 .. the top of its scale.")
    name: Words = Field(description="Its short name, e.g. 高 or high.")
    meaning: Words = Field(
        description="What it means, e.g. 漏えいすると市民に重大な影響: what two assessors apply "
        "to rate the same way."
    )


ScaleLevels = list[ScaleLevel] | None


class RiskCriteria(_Strict, RiskCriteriaBehaviour):
    """The meaning of each level of each scale; `value` serves C, I and A unless one has its own."""

    value: ScaleLevels = Field(None, description="Asset value levels, for C, I and A alike.")
    confidentiality: ScaleLevels = None
    integrity: ScaleLevels = None
    availability: ScaleLevels = None
    frequency: ScaleLevels = None
    vulnerability: ScaleLevels = None
    likelihood: ScaleLevels = None
    impact: ScaleLevels = None


class RiskSettings(_Strict):
    method: RiskMethod = Field(
        "asset-threat-vulnerability", description="How a risk's score is computed."
    )
    scales: Scales = Field(default_factory=Scales)
    asset_value: AssetValueRule = Field(
        "max", description="Asset value V: max or sum over the properties a threat affects."
    )
    acceptance: int = Field(description="A score at or below this is acceptable untreated.")
    acceptance_authority: Words | None = Field(
        None,
        description="Who may accept a risk above the acceptance criteria (6.1.3 f); default: "
        "the risk owner.",
    )
    levels: list[Level] = Field(default_factory=list, description="Bands, ascending max.")
    reassessment: Words | None = Field(
        None,
        description="When risks are assessed again (8.2): planned intervals and on significant "
        "change; default: from review_interval_months.",
    )
    criteria: RiskCriteria | None = Field(
        None, description="The name and meaning of each level of each scale (6.1.2 a, b)."
    )

    @field_validator("levels")
    @classmethod
    def _check_levels_ascend(cls, levels: list[Level]) -> list[Level]:
        maxima = [level.max for level in levels]
        if maxima != sorted(maxima) or len(set(maxima)) != len(maxima):
            raise ValueError("levels must be listed in strictly ascending order of max")
        return levels


class Limits(_Strict, LimitsBehaviour):
    """What one register file may ask of the reader (against hostile or broken input)."""

    file_size_mb: PositiveInt = Field(20, description="Largest register file, in MB.")
    nesting_depth: PositiveInt = Field(64, description="Deepest nesting of lists and mappings.")
    aliases: NonNegativeInt = Field(1000, description="Most uses of YAML aliases in one file.")
    alias_expansion: PositiveInt = Field(
        10, description="Most values aliases may produce per value written."
    )


class ScopeUnit(_Strict):
    """An organisational unit inside the ISMS scope (部署), and the register files it keeps."""

    id: Annotated[str, Field(min_length=1)]
    name: Annotated[str, Field(min_length=1)]
    files: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="Register files of this unit: paths or glob patterns from the repository root.",
    )
    since: IsoDate | None = Field(None, description="In scope since (an extension of scope).")


class ScopeExclusion(_Strict):
    item: Annotated[str, Field(min_length=1)]
    reason: Annotated[str, Field(min_length=1)]


class ScopeDetails(_Strict, ScopeDetailsBehaviour):
    """Clause 4.3 beyond the statement: boundaries, interfaces, dependencies, exclusions."""

    units: list[ScopeUnit] = Field(default_factory=list)
    sites: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    systems: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    interfaces: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    dependencies: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    exclusions: list[ScopeExclusion] = Field(default_factory=list)
    version: Annotated[str, Field(min_length=1)] | None = None
    approved_by: Annotated[str, Field(min_length=1)] | None = None
    approved_on: IsoDate | None = None

    @field_validator("units")
    @classmethod
    def _check_unit_ids_unique(cls, units: list[ScopeUnit]) -> list[ScopeUnit]:
        seen: set[str] = set()
        for unit in units:
            if unit.id in seen:
                raise ValueError(f"two units have the id '{unit.id}': give each unit its own id")
            seen.add(unit.id)
        return units


class IsmsConfig(_Strict):
    """isms.yaml."""

    organization: Annotated[str, Field(min_length=1, description="The organisation's name.")]
    language: Language = Field("en", description="The language of reports: ja or en.")
    scope: Annotated[str, Field(min_length=1, description="The ISMS scope statement (4.3).")]
    scope_details: ScopeDetails | None = Field(
        None, description="Units, sites, systems, interfaces, dependencies, exclusions (4.3)."
    )
    risk: RiskSettings
    limits: Limits = Field(default_factory=Limits, description="Limits on register files.")
    review_interval_months: dict[str, PositiveInt] = Field(
        default_factory=lambda: {"risks": 12, "soa": 12},
        description="How long an entry of each register may go unchanged in git before "
        "isms check asks for its review. {} turns the check off.",
    )

    @field_validator("review_interval_months")
    @classmethod
    def _check_registers_named(cls, value: dict[str, int]) -> dict[str, int]:
        from ismskit.models.registers import REGISTER_NAMES

        unknown = sorted(set(value) - set(REGISTER_NAMES))
        if unknown:
            raise ValueError(
                f"unknown register {', '.join(unknown)}: use register names such as risks, soa"
            )
        return value
