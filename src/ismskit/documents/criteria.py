"""The risk criteria as a document states them (6.1.2 a, b): every level of every scale with its
name and meaning, the bands of risk levels with their colours, and who may accept a risk.

What isms.yaml leaves out reads from defaults in the report language, and the document says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from ismskit.risk.engine import LIKELIHOOD_IMPACT, RiskPolicy, max_score
from ismskit.rules.criteria import scale_top

if TYPE_CHECKING:
    from ismskit.models.config import RiskSettings, ScaleLevel

# Colours by number of bands, from acceptable (green) to the highest (red): readable in print.
_PALETTES = {
    1: ("#a5d6a7",),
    2: ("#a5d6a7", "#ef9a9a"),
    3: ("#a5d6a7", "#fff176", "#ef9a9a"),
    4: ("#a5d6a7", "#fff176", "#ffb74d", "#ef9a9a"),
    5: ("#a5d6a7", "#fff176", "#ffb74d", "#ef9a9a", "#ce93d8"),
}
OFF_SCALE_COLOR = "#e0e0e0"  # a score that no band holds


@dataclass(frozen=True)
class LevelBand:
    """One risk level: its scores, meaning, colour and who may accept a risk of that level."""

    name: str
    low: int
    high: int
    color: str
    meaning: str
    authority: str
    acceptable: bool  # the whole band is within the acceptance criteria


@dataclass(frozen=True)
class ScaleTable:
    """One rating scale: the rows of its criteria table."""

    key: str  # a label key: confidentiality, frequency, likelihood, ...
    levels: list[ScaleLevel]  # highest first
    is_default: bool


def level_bands(
    settings: RiskSettings, policy: RiskPolicy, text: dict[str, str]
) -> list[LevelBand]:
    """The bands of isms.yaml, or two bands (acceptable, above acceptance) when none are set."""
    owner_default = settings.acceptance_authority or text["ra_authority_default"]
    top = max_score(policy)
    if not settings.levels:
        return [
            LevelBand(text["ra_band_acceptable"], 1, policy.acceptance, _PALETTES[2][0],
                      text["ra_band_acceptable_meaning"], text["ra_authority_owner"], True),
            LevelBand(text["ra_band_above"], policy.acceptance + 1, top, _PALETTES[2][1],
                      text["ra_band_above_meaning"], owner_default, False),
        ]  # fmt: skip
    palette = _palette(len(settings.levels))
    bands, low = [], 1
    for index, level in enumerate(settings.levels):
        acceptable = level.max <= policy.acceptance
        default_authority = text["ra_authority_owner"] if acceptable else owner_default
        bands.append(
            LevelBand(
                name=level.name,
                low=low,
                high=level.max,
                color=level.color or palette[index],
                meaning=level.meaning or "",
                authority=level.authority or default_authority,
                acceptable=acceptable,
            )
        )
        low = level.max + 1
    return bands


def _palette(count: int) -> tuple[str, ...]:
    if count in _PALETTES:
        return _PALETTES[count]
    largest = _PALETTES[max(_PALETTES)]
    return tuple(largest[min(index, len(largest) - 1)] for index in range(count))


def band_of(score: int, bands: list[LevelBand]) -> LevelBand | None:
    return next((band for band in bands if band.low <= score <= band.high), None)


def scale_tables(settings: RiskSettings, text: dict[str, str]) -> list[ScaleTable]:
    """The criteria table of every scale the method rates on; C, I and A as one when alike."""
    criteria = settings.criteria
    if settings.method == LIKELIHOOD_IMPACT:
        keys = ["likelihood", "impact"]
    else:
        keys = [*_value_keys(settings), "frequency", "vulnerability"]
    tables = []
    for key in keys:
        written = criteria.levels_of(key) if criteria else None
        top = scale_top(settings.scales, key)
        levels = written if written else _default_levels(key, top, text)
        ordered = sorted(levels, key=lambda level: -level.level)
        tables.append(ScaleTable(key, ordered, is_default=not written))
    return tables


def _value_keys(settings: RiskSettings) -> list[str]:
    """One `value` table when C, I and A share their scale and their criteria, else three."""
    values, criteria = settings.scales.value, settings.criteria
    same_scale = values.confidentiality == values.integrity == values.availability
    own = criteria is not None and any(
        getattr(criteria, key) is not None
        for key in ("confidentiality", "integrity", "availability")
    )
    return ["value"] if same_scale and not own else ["confidentiality", "integrity", "availability"]


_LEVEL_FIELDS = ("level", "name", "meaning")
_DEFAULT_SCALE = {"confidentiality": "value", "integrity": "value", "availability": "value"}


def _default_levels(key: str, top: int, text: dict[str, str]) -> list[ScaleLevel]:
    """Built-in names and meanings for scales of 3 or 5 levels; numbered levels otherwise."""
    from ismskit.models.plain import plain_class

    family = _DEFAULT_SCALE.get(key, key)
    level_class = plain_class(
        "ScaleLevel", names=(("level", None), ("name", None), ("meaning", None))
    )
    levels = []
    for number in range(1, top + 1):
        name = text.get(f"ra_level_{top}_{number}", text["ra_level_n"].format(level=number))
        meaning = text.get(f"ra_meaning_{family}_{top}_{number}", text["none"])
        level = level_class.of({"level": number, "name": name, "meaning": meaning})
        levels.append(cast("ScaleLevel", level))
    return levels
