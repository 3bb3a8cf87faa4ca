"""What every document is made from, and what it says about itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ismskit.analysis import Analysis
from ismskit.documents.control import DocumentControl
from ismskit.history.git import RevisionStamp
from ismskit.models.types import Language
from ismskit.risk.evaluation import Evaluation, evaluate_all

if TYPE_CHECKING:
    from ismskit.documents.review_context import RiskTotals
    from ismskit.documents.review_pack import ChangesSince
    from ismskit.history.git import CommitInfo, GitHistory
    from ismskit.models.config import ScopeUnit


@dataclass(frozen=True)
class ReadVersion:
    """The version of the registers a document is rendered from, and the git around it."""

    stamp: RevisionStamp | None = None
    history: GitHistory | None = None
    commit: CommitInfo | None = None  # the commit read, or HEAD under the working tree
    reads_working_tree: bool = True  # False: the registers at a commit (--at)


@dataclass(frozen=True)
class DocumentInfo:
    """What every document says about itself: whose, which version, who approved it, what
    changed since."""

    title: str
    organization: str
    scope: str
    language: Language
    stamp: RevisionStamp | None
    control: DocumentControl
    unit: str | None = None  # the unit's name, when a report covers one unit (--unit)


@dataclass(frozen=True)
class ReportInput:
    """What a report is made from: the registers (one unit's, with --unit), words and options."""

    analysis: Analysis
    text: dict[str, str]
    language: Language
    today: date
    subject: str | None = None  # e.g. the audit of `isms report internal-audit ID`
    changes: ChangesSince | None = None  # what git says changed since the last review
    unit: ScopeUnit | None = None  # --unit: the registers are already narrowed to it
    # Risk id → when its ratings last changed in git; None outside git (reads_rating_dates).
    rating_dates: dict[str, date] | None = None
    # The management review: the risk posture on each day of the trend, from git; and whether
    # the registers are in git at all (so that a missing history is explained rightly).
    risk_history: dict[date, RiskTotals] | None = None
    in_git: bool = False


ReportBuilder = Callable[[ReportInput], dict[str, Any]]


def risk_names(analysis: Analysis) -> dict[str, dict[str, str]]:
    registers = analysis.isms.registers
    return {
        "assets": {entry.model.id: entry.model.name for entry in registers.assets},
        "threats": {entry.model.id: entry.model.name for entry in registers.threats},
    }


def evaluate_risks(analysis: Analysis) -> Evaluation:
    assert analysis.policy is not None
    return evaluate_all(analysis.assessed, analysis.policy, risk_names(analysis))


def control_titles(request: ReportInput) -> dict[str, str]:
    analysis = request.analysis
    titles = {c.id: c.title(request.language) for c in analysis.catalogue.controls}
    titles.update({e.model.id: e.model.title for e in analysis.isms.registers.controls})
    return titles


def unit_names(request: ReportInput) -> dict[str, str]:
    config = request.analysis.isms.config
    units = config.scope_details.units if config and config.scope_details else []
    return {unit.id: unit.name for unit in units}
