"""The posture over time: the registers read at one commit per month (the last of the month on the
first-parent line) or per tag, each scored, for the trend page of `isms site`.

Reading stays cheap however long the history: one `git log` (or `git for-each-ref`) finds the
commits; a month whose files (blob ids) are those of the month before is not read again; and a file
is parsed once per content (`yaml/parsing.py`), so each month costs the files that changed in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ismskit.errors import UsageError
from ismskit.history.git import CommitInfo, GitHistory
from ismskit.history.source import GitRevision
from ismskit.repository.loader import LoadedIsms, Registers, gc_paused, load_isms
from ismskit.repository.location import CONFIG_FILE
from ismskit.risk.assessment import assess_risks, build_policy
from ismskit.risk.engine import RiskPolicy, RiskScore

TrendBy = Literal["month", "tag"]
MAX_POINTS = 60  # five years of months: the page stays readable, the walk stays short


@dataclass(frozen=True)
class Posture:
    """What one version of the registers says: scored risks, nonconformities, SoA decisions."""

    policy: RiskPolicy | None
    scores: list[RiskScore] = field(default_factory=list)
    open_nonconformities: int = 0
    soa_applicable: int = 0
    soa_implemented: int = 0


@dataclass(frozen=True)
class TrendPoint:
    label: str  # YYYY-MM, or a tag's name
    commit: str | None  # None: the registers as read now (the working tree, or --at)
    posture: Posture


Narrow = Callable[[LoadedIsms], Registers]


def posture_of(isms: LoadedIsms, narrow: Narrow | None = None) -> Posture:
    registers = narrow(isms) if narrow else isms.registers
    policy = build_policy(isms.config.risk) if isms.config else None
    assessed = assess_risks(registers, policy) if policy else []
    applicable = [entry.model for entry in registers.soa if entry.model.applicable]
    return Posture(
        policy=policy,
        scores=[item.score for item in assessed if item.score is not None],
        open_nonconformities=sum(
            1 for entry in registers.nonconformities if entry.model.status == "open"
        ),
        soa_applicable=len(applicable),
        soa_implemented=sum(1 for decision in applicable if decision.status == "implemented"),
    )


def unit_narrowing(unit: str) -> Narrow:
    """One unit's share at each revision; none at a revision where the unit was not yet listed."""
    from ismskit.repository.units import find_unit, restrict_to_unit

    def narrow(isms: LoadedIsms) -> Registers:
        config = isms.config
        try:
            found = find_unit(config.scope_details if config else None, unit)
        except UsageError:
            return Registers()
        return restrict_to_unit(isms.registers, found)

    return narrow


def trend_points(
    history: GitHistory,
    head: str,
    now: TrendPoint,
    by: TrendBy,
    narrow: Narrow | None = None,
) -> list[TrendPoint]:
    """The points up to `head` (a full commit id), oldest first, ending with `now`."""
    if by == "tag":
        points = _read(history, history.tags_reachable(head)[-MAX_POINTS + 1 :], narrow)
        return [*points, now]
    months = _month_ends(history.first_parent_commits(head), now.label)
    points = _read(history, months[-MAX_POINTS + 1 :], narrow)
    return [*points, now]


def _month_ends(line: list[CommitInfo], current_month: str) -> list[tuple[str, CommitInfo]]:
    """(YYYY-MM, the newest commit of the line by the end of that month, by its committer date
    in its own time zone) for every month from the first commit's to the one before
    `current_month`."""
    if not line:
        return []
    oldest_first = list(reversed(line))
    months, index, latest = [], 0, oldest_first[0]
    for month in _months(oldest_first[0].committer_date[:7], current_month):
        while index < len(oldest_first) and oldest_first[index].committer_date[:7] <= month:
            latest = oldest_first[index]
            index += 1
        months.append((month, latest))
    return months


def _months(first: str, stop: str) -> list[str]:
    """Every YYYY-MM from `first` up to, not including, `stop`."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" < stop:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _read(
    history: GitHistory, wanted: list[tuple[str, CommitInfo]], narrow: Narrow | None
) -> list[TrendPoint]:
    points: list[TrendPoint] = []
    read: dict[tuple[tuple[str, str | None], ...], Posture] = {}
    sources: dict[str, GitRevision] = {}
    with gc_paused():
        for label, commit in wanted:
            if commit.commit not in sources:
                sources[commit.commit] = GitRevision(history, commit)
            source = sources[commit.commit]
            files = (CONFIG_FILE, *source.register_files())
            key = tuple((path, source.blob_id(path)) for path in files)
            if key not in read:  # the same files as a month already read: the same posture
                read[key] = posture_of(load_isms(source), narrow)
            points.append(TrendPoint(label, commit.commit, read[key]))
    return points
