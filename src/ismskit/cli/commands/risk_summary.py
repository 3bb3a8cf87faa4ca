"""The risk evaluation's summary as labelled lines, shared by the terminal table and Markdown."""

from __future__ import annotations

from ismskit.risk.evaluation import Evaluation


def summary_lines(evaluation: Evaluation, text: dict[str, str]) -> list[tuple[str, str]]:
    summary = evaluation.summary
    levels = ", ".join(f"{name} {count}" for name, count in summary["by_level"].items())
    lines = [
        (text["risks_total"], str(summary["total"])),
        (text["acceptance_level"], str(summary["acceptance"])),
        (text["above_acceptance"], str(summary["above_acceptance"])),
        (text["above_accepted"], str(summary["above_acceptance_accepted"])),
        (text["treated"], str(summary["treated"])),
        (text["untreated"], str(summary["untreated"])),
        (text["residual_above"], str(summary["residual_above_acceptance"])),
    ]
    if levels:
        lines.insert(1, (text["by_level"], levels))
    return lines
