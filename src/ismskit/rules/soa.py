"""Statement of Applicability rules: complete, justified, consistent with risk treatment."""

from __future__ import annotations

from collections.abc import Iterator

from ismskit.findings import Finding, Severity
from ismskit.repository.location import CONFIG_FILE
from ismskit.repository.validation import suggest
from ismskit.rules.context import RuleContext
from ismskit.yaml.limits import file_finding


def check_soa_complete(context: RuleContext) -> Iterator[Finding]:
    """Every catalogue control has a decision; a missing one is reported where the SoA starts."""
    if context.registers.incomplete:
        return  # the decisions may be in the file that could not be read
    declared = context.registers.declared_at.get("soa")
    if declared is None:
        yield file_finding(
            CONFIG_FILE,
            "soa-missing-control",
            f"the repository has no Statement of Applicability: add a 'soa' register under "
            f"registers/ with a decision for each of the {len(context.catalogue.controls)} "
            "Annex A controls",
        )
        return
    document, path = declared
    decided = context.registers.ids("soa")
    for control in context.catalogue.controls:
        if control.id not in decided:
            yield document.finding(
                path,
                "soa-missing-control",
                f"the SoA has no decision on {control.id} ({control.title('en')}); add an entry "
                "with applicable and justification",
                at_key=True,
                entry=f"soa/{control.id}",
            )
    # The organisation's own controls are "other necessary controls" (6.1.3 c, d): decided too.
    for entry in context.registers.controls:
        own = entry.model
        if own.id not in decided:
            yield document.finding(
                path,
                "soa-missing-control",
                f"the SoA has no decision on the organisation's control {own.id} ({own.title}); "
                f"add an entry with control: {own.id}, applicable and justification",
                at_key=True,
            )


def check_soa_controls_known(context: RuleContext) -> Iterator[Finding]:
    known = context.known_controls
    if context.registers.incomplete:
        return
    for entry in context.registers.soa:
        control = entry.model.control
        if control not in known:
            yield entry.finding(
                "soa-unknown-control",
                f"the SoA names '{control}', which is neither an Annex A control nor one of the "
                f"organisation's controls{suggest(control, known)}",
                "control",
            )


def check_soa_justified(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.soa:
        justification = entry.model.justification
        if entry.model.applicable is None:
            continue  # undecided: one finding says so (soa-undecided)
        if justification is None or not justification.strip():
            verb = "including" if entry.model.applicable else "excluding"
            yield entry.finding(
                "soa-justification",
                f"the SoA decision on {entry.model.control} has no justification; say why "
                f"{verb} it is right (required for exclusions too)",
                *(("justification",) if justification is not None else ()),
            )


def check_soa_status_only_when_applicable(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.soa:
        if entry.model.applicable is False and entry.model.status is not None:
            yield entry.finding(
                "soa-status-excluded",
                f"{entry.model.control} is excluded (applicable: false) but has an "
                f"implementation status '{entry.model.status}'; remove the status or include "
                "the control",
                "status",
            )


def check_treatment_controls_applicable(context: RuleContext) -> Iterator[Finding]:
    excluded = context.excluded_controls
    for entry in context.registers.risks:
        for index, control in enumerate(entry.model.controls):
            if control in excluded:
                yield entry.finding(
                    "soa-excluded-control-in-treatment",
                    f"risk {entry.model.id} plans control {control}, which the SoA excludes; "
                    "include it in the SoA (applicable: true) or choose another control",
                    "controls",
                    index,
                )


def check_soa_decided(context: RuleContext) -> Iterator[Finding]:
    """A decision left empty (as `isms init` writes them) is pending: the SoA is not complete."""
    for entry in context.registers.soa:
        if entry.model.applicable is None:
            yield entry.finding(
                "soa-undecided",
                f"{entry.model.control} is not decided yet: set applicable to true (適用) or "
                "false (除外) and write the justification",
                "applicable",
            )


def check_implemented_has_evidence(context: RuleContext) -> Iterator[Finding]:
    """A control marked implemented names the records that show it (6.1.3 d: evidence)."""
    for entry in context.registers.soa:
        decision = entry.model
        if decision.applicable and decision.status == "implemented" and not decision.evidence:
            yield entry.finding(
                "soa-implemented-without-evidence",
                f"{decision.control} is marked implemented but cites no evidence; list the "
                "records that show it in operation under 'evidence' (ids of the records "
                "register), or set the status that the evidence supports",
                "status",
                severity=Severity.WARNING,
            )


RULES = (
    check_soa_complete,
    check_soa_decided,
    check_soa_controls_known,
    check_soa_justified,
    check_soa_status_only_when_applicable,
    check_treatment_controls_applicable,
    check_implemented_has_evidence,
)
