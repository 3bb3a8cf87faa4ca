"""The risk levels the site colours by: the bands of isms.yaml, or, when it sets none, two bands
(within the acceptance criteria, above them). Each level has a colour and a pattern, so that a
reader who cannot tell colours apart, or prints in black and white, still can tell the levels."""

from __future__ import annotations

from dataclasses import dataclass

from ismskit.risk.engine import RiskPolicy, RiskScore, max_score

# From acceptable (green) to the highest (red, then purple); light enough for black counts on top.
_PALETTE = ("#a5d6a7", "#fff176", "#ffb74d", "#ef9a9a", "#ce93d8")
_TWO_LEVELS = ("#a5d6a7", "#ef9a9a")
OFF_SCALE_COLOR = "#e0e0e0"  # a score that no band holds


@dataclass(frozen=True)
class Level:
    """One risk level: its name, the scores it holds, and how the charts draw it."""

    name: str
    low: int
    high: int
    color: str
    index: int  # 0 for the lowest: picks the pattern

    def holds(self, score: int) -> bool:
        return self.low <= score <= self.high


def risk_levels(policy: RiskPolicy, text: dict[str, str]) -> list[Level]:
    """The levels of the policy, lowest first."""
    if not policy.bands:
        top = max(max_score(policy), policy.acceptance + 1)
        return [
            Level(text["site_band_acceptable"], 1, policy.acceptance, _TWO_LEVELS[0], 0),
            Level(text["site_band_above"], policy.acceptance + 1, top, _TWO_LEVELS[1], 1),
        ]
    palette = _TWO_LEVELS if len(policy.bands) == 2 else _PALETTE
    levels, low = [], 1
    for index, band in enumerate(policy.bands):
        color = palette[min(index, len(palette) - 1)]
        levels.append(Level(band.name, low, band.max, color, index))
        low = band.max + 1
    return levels


def level_of(score: int, levels: list[Level]) -> Level | None:
    return next((level for level in levels if level.holds(score)), None)


def level_names(score: RiskScore, levels: list[Level]) -> tuple[str | None, str | None]:
    """The names of the levels of a risk's initial and residual scores (None: off every band)."""
    initial, residual = level_of(score.score, levels), level_of(score.residual, levels)
    return (initial.name if initial else None, residual.name if residual else None)
