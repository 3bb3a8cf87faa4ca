"""Every rule id `isms check` can report, with a one-line description (SARIF, docs)."""

from __future__ import annotations

RULE_DESCRIPTIONS: dict[str, str] = {
    "yaml-syntax": "The file is not well-formed YAML.",
    "yaml-encoding": "The file is not valid UTF-8.",
    "yaml-duplicate-key": "A mapping holds the same key twice.",
    "yaml-alias": "Aliases that expand far beyond the written file, or refer to themselves.",
    "yaml-tag": "A YAML tag the format does not use (only plain YAML 1.2 values are read).",
    "yaml-limit": "A file over a limit: size, nesting depth (limits in isms.yaml).",
    "yaml-structure": "A YAML construct the format does not use (complex keys, merge keys).",
    "file-structure": "A file, register or entry does not have the shape the format requires.",
    "file-unreadable": "A register file could not be read.",
    "register-path": "A register that is not a regular file inside the repository (never read).",
    "ignored-file": "A file under registers/ that is not read (only *.yaml is).",
    "unknown-register": "A top-level key that names no register.",
    "unknown-field": "A field the entry's model does not have.",
    "missing-field": "A required field is missing.",
    "invalid-type": "A value of the wrong type.",
    "invalid-value": "A value outside its enumeration or bounds.",
    "out-of-scale": "A rating outside its scale from isms.yaml.",
    "duplicate-id": "Two entries of one register share an id.",
    "unknown-reference": "A reference to an entry that does not exist.",
    "risk-criteria": (
        "Risk criteria in isms.yaml that leave a level of a scale undescribed, describe it "
        "twice, or describe a level outside the scale."
    ),
    "risk-owner": "A risk without a risk owner (ISO/IEC 27001 6.1.2 c).",
    "risk-acceptance": "A risk above acceptance accepted without accepted_by and accepted_on.",
    "risk-acceptance-outdated": "A risk accepted at a score lower than its (residual) score now.",
    "risk-acceptance-unbound": "A risk above acceptance accepted without the score it was for.",
    "risk-acceptance-authority": "A risk above acceptance accepted by someone not named for it.",
    "risk-acceptance-future": "A risk acceptance dated after the day of the check.",
    "risk-action-control-not-planned": "A risk's action names a control the risk does not list.",
    "risk-control-already-in-place": "A planned control already in place, with no action for it.",
    "risk-reduce-without-controls": "A risk to be reduced that names no control.",
    "residual-above-initial": "A residual score above the initial score.",
    "residual-not-accepted": "A treated risk above acceptance whose residual risk is not accepted.",
    "treatment-overdue": "Planned controls past their due date and not implemented in the SoA.",
    "risk-duplicate-pair": "Two risks assess the same asset × threat pair.",
    "risk-treatment-inconsistent": (
        "A treatment option the data contradicts: accept with planned controls or a lower "
        "residual; reduce, avoid or transfer of a risk above acceptance whose residual score "
        "equals the score."
    ),
    "auditor-own-unit": "An internal auditor assigned to audit their own unit (9.2.2).",
    "auditor-owns-process": (
        "An internal auditor auditing a clause or control that a role they hold owns (9.2.2)."
    ),
    "auditor-untrained": "An internal auditor with no internal-auditor training record (7.2).",
    "finding-without-nonconformity": "A nonconformity finding of an audit with no nonconformity.",
    "nonconformity-unverified": "A closed nonconformity without an effective effectiveness review.",
    "exercise-target-missed": "A drill that missed its RTO or RPO and records no finding.",
    "audit-not-held": "An internal audit planned for a past date with no date it was held.",
    "review-action-overdue": "An action of a management review open past its due date.",
    "certification-overdue": (
        "A certification audit due and not recorded, or an expired certificate."
    ),
    "unit-files-unmatched": "A unit's register file pattern in scope_details matches no file.",
    "soa-missing-control": "An Annex A control without an SoA decision.",
    "soa-duplicate-control": "A control decided twice in the SoA.",
    "soa-unknown-control": "An SoA entry naming a control that does not exist.",
    "soa-justification": "An SoA decision without a justification.",
    "soa-undecided": "An SoA decision left empty: neither applicable nor excluded yet.",
    "soa-status-excluded": "An implementation status on an excluded control.",
    "soa-excluded-control-in-treatment": "A risk's planned control that the SoA excludes.",
    "document-renders": (
        "A record renders no document isms renders, is not a document, or renders one twice."
    ),
    "document-digest-invalid": "A content_digest not written by isms approve, or binding nothing.",
    "document-changed-since-approval": "A rendered document whose content changed since approval.",
    "document-approval-unbound": "A rendered document approved without the content it approved.",
    "document-version-backwards": "A document version before a version it had in git.",
    "certification-soa": "A certificate citing an SoA record or version that does not exist.",
    "soa-implemented-without-evidence": "A control marked implemented that cites no record.",
    "record-review-overdue": "A document or record past its review date.",
    "record-retention-expired": "A record past its retention period and not disposed of.",
    "plan-not-exercised": "A continuity plan not exercised in the last 12 months.",
    "nonconformity-overdue": "An open nonconformity past its due date.",
    "review-overdue": "No management review in the last 12 months.",
    "climate-change-undetermined": "No issue records whether climate change is relevant (4.1).",
    "requirement-not-addressed": (
        "A requirement of an interested party not addressed by the ISMS, without a reason (4.2)."
    ),
    "role-without-holder": "A role assigned to nobody (5.3).",
    "competence-gap-unaddressed": "A person lacking a required competence, with no action (7.2).",
    "competence-action-unevaluated": (
        "An action on a competence gap past its due date and not evaluated (7.2 c)."
    ),
    "change-overdue": "A planned change to the ISMS past its date and not done (6.3).",
    "monitoring-overdue": "A monitoring or measurement not performed at its interval (9.1).",
    "template": "A report template that cannot be rendered.",
    "stale-entry": "An entry unchanged in git for longer than its register's review interval.",
}
