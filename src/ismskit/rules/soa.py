"""Statement of Applicability rules: complete, justified, consistent with risk treatment."""

from __future__ import annotations

from collections.abc import Iterator

from ismskit.findings import Finding, Severity
from ismskit.messages import LocalisedText, message
from ismskit.repository.location import CONFIG_FILE
from ismskit.repository.validation import suggest
from ismskit.rules.context import RuleContext
from ismskit.yaml.limits import file_finding
from ismskit.yaml.located import LocatedDocument, PathKey


def check_soa_complete(context: RuleContext) -> Iterator[Finding]:
    """Every catalogue control has a decision; a missing one is reported where the SoA starts."""
    if context.registers.incomplete:
        return  # the decisions may be in the file that could not be read
    declared = context.registers.declared_at.get("soa")
    if declared is None:
        yield file_finding(
            CONFIG_FILE,
            "soa-missing-control",
            message(
                (
                    "the repository has no Statement of Applicability: add a 'soa' "
                    "register under registers/ with a decision for each of the "
                    "{count_controls} Annex A controls"
                ),
                count_controls=len(context.catalogue.controls),
            ),
        )
        return
    document, path = declared
    yield from _undecided_catalogue_controls(context, document, path)
    yield from _undecided_own_controls(context, document, path)


def _undecided_catalogue_controls(
    context: RuleContext, document: LocatedDocument, path: PathKey
) -> Iterator[Finding]:
    decided = context.registers.ids("soa")
    for control in context.catalogue.controls:
        if control.id not in decided:
            yield document.finding(
                path,
                "soa-missing-control",
                message(
                    (
                        "the SoA has no decision on {control} ({value}); add an entry with "
                        "applicable and justification"
                    ),
                    control=control.id,
                    value=LocalisedText({"en": control.title("en"), "ja": control.title("ja")}),
                ),
                at_key=True,
                entry=f"soa/{control.id}",
            )


def _undecided_own_controls(
    context: RuleContext, document: LocatedDocument, path: PathKey
) -> Iterator[Finding]:
    """The organisation's own controls are "other necessary controls" (6.1.3 c, d): decided too."""
    decided = context.registers.ids("soa")
    for entry in context.registers.controls:
        own = entry.model
        if own.id not in decided:
            yield document.finding(
                path,
                "soa-missing-control",
                message(
                    "the SoA has no decision on the organisation's control {control} ({title}); "
                    "add an entry with control: {control}, applicable and justification",
                    control=own.id,
                    title=own.title,
                ),
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
                message(
                    (
                        "the SoA names '{control}', which is neither an Annex A control nor "
                        "one of the organisation's controls{value}"
                    ),
                    control=control,
                    value=suggest(control, known),
                ),
                "control",
            )


def check_soa_justified(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.soa:
        justification = entry.model.justification
        if entry.model.applicable is None:
            continue  # undecided: one finding says so (soa-undecided)
        if justification is None or not justification.strip():
            verb = message("including") if entry.model.applicable else message("excluding")
            yield entry.finding(
                "soa-justification",
                message(
                    (
                        "the SoA decision on {control} has no justification; say why {verb} it "
                        "is right (required for exclusions too)"
                    ),
                    control=entry.model.control,
                    verb=verb,
                ),
                *(("justification",) if justification is not None else ()),
            )


def check_soa_status_only_when_applicable(context: RuleContext) -> Iterator[Finding]:
    for entry in context.registers.soa:
        if entry.model.applicable is False and entry.model.status is not None:
            yield entry.finding(
                "soa-status-excluded",
                message(
                    (
                        "{control} is excluded (applicable: false) but has an implementation "
                        "status '{status}'; remove the status or include the control"
                    ),
                    control=entry.model.control,
                    status=entry.model.status,
                ),
                "status",
            )


def check_treatment_controls_applicable(context: RuleContext) -> Iterator[Finding]:
    excluded = context.excluded_controls
    for entry in context.registers.risks:
        for index, control in enumerate(entry.model.controls):
            if control in excluded:
                yield entry.finding(
                    "soa-excluded-control-in-treatment",
                    message(
                        (
                            "risk {id} plans control {control}, which the SoA excludes; include it "
                            "in the SoA (applicable: true) or choose another control"
                        ),
                        id=entry.model.id,
                        control=control,
                    ),
                    "controls",
                    index,
                )


def check_soa_decided(context: RuleContext) -> Iterator[Finding]:
    """A decision left empty (as `isms init` writes them) is pending: the SoA is not complete."""
    for entry in context.registers.soa:
        if entry.model.applicable is None:
            yield entry.finding(
                "soa-undecided",
                message(
                    (
                        "{control} is not decided yet: set applicable to true (適用) or false "
                        "(除外) and write the justification"
                    ),
                    control=entry.model.control,
                ),
                "applicable",
            )


def check_implemented_has_evidence(context: RuleContext) -> Iterator[Finding]:
    """A control marked implemented names the records that show it (6.1.3 d: evidence)."""
    for entry in context.registers.soa:
        decision = entry.model
        if decision.applicable and decision.status == "implemented" and not decision.evidence:
            yield entry.finding(
                "soa-implemented-without-evidence",
                message(
                    "{control} is marked implemented but cites no evidence; list the records "
                    "that show it in operation under 'evidence' (ids of the records register), "
                    "or set the status that the evidence supports",
                    control=decision.control,
                ),
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
