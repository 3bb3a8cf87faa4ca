"""Rules on the risk criteria of isms.yaml: every level named within its scale (6.1.2 a, b)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ismskit.findings import Finding, Severity
from ismskit.messages import message
from ismskit.rules.context import RuleContext
from ismskit.yaml.located import LocatedDocument

if TYPE_CHECKING:
    from ismskit.models.config import RiskCriteria, ScaleLevel, Scales

CRITERIA_SCALES = (
    "value",
    "confidentiality",
    "integrity",
    "availability",
    "frequency",
    "vulnerability",
    "likelihood",
    "impact",
)


def scale_top(scales: Scales, scale: str) -> int:
    """The top of a scale; `value` serves the three properties, so it runs to the highest."""
    values = scales.value
    if scale == "value":
        return max(values.confidentiality, values.integrity, values.availability)
    holder = values if scale in ("confidentiality", "integrity", "availability") else scales
    top: int = getattr(holder, scale)
    return top


def check_risk_criteria(context: RuleContext) -> Iterator[Finding]:
    """Each level of a scale's criteria lies on the scale, once; every level is described."""
    config, document = context.isms.config, context.isms.config_document
    if config is None or document is None or config.risk.criteria is None:
        return
    criteria: RiskCriteria = config.risk.criteria
    for scale in CRITERIA_SCALES:
        levels: list[ScaleLevel] | None = getattr(criteria, scale)
        if levels is not None:
            yield from _check_scale(document, scale, levels, scale_top(config.risk.scales, scale))


def _check_scale(
    document: LocatedDocument, scale: str, levels: list[ScaleLevel], top: int
) -> Iterator[Finding]:
    path = ("risk", "criteria", scale)
    seen: set[int] = set()
    for index, level in enumerate(levels):
        if level.level > top:
            yield document.finding(
                (*path, index, "level"),
                "risk-criteria",
                message(
                    "the {scale} criteria describe level {level}, outside the {scale} scale "
                    "1..{top} of risk.scales: remove it or widen the scale",
                    scale=scale,
                    level=level.level,
                    top=top,
                ),
            )
        elif level.level in seen:
            yield document.finding(
                (*path, index, "level"),
                "risk-criteria",
                message(
                    "the {scale} criteria describe level {level} twice: keep one meaning",
                    scale=scale,
                    level=level.level,
                ),
            )
        seen.add(level.level)
    missing = [str(number) for number in range(1, top + 1) if number not in seen]
    if missing:
        yield document.finding(
            path,
            "risk-criteria",
            message(
                "the {scale} criteria give no name and meaning for level {levels} of 1..{top}: "
                "describe every level, so that two assessors rate the same way",
                scale=scale,
                levels=", ".join(missing),
                top=top,
            ),
            severity=Severity.WARNING,
            at_key=True,
        )


RULES = (check_risk_criteria,)
