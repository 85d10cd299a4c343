"""Advice on a valid case's numbers: the "aim for" rules of cases/README.md, checked.

Advice, not errors: a case may break a rule on purpose (one that teaches walking away
has no zone of agreement), so the build does not stop for these; ``check_cases`` prints
them for the case's author.
"""

from __future__ import annotations

from build_scripts.analysis import CaseAnalysis
from scoresheet.scoring import worst_value


def advice(analysis: CaseAnalysis) -> list[str]:
    """What the case's numbers miss of the rules they should aim for (empty: nothing)."""
    sheet = analysis.case.sheet
    split_scores = analysis.midpoint_report.score  # the analysis scored splitting the difference
    midpoint = [party.points for party in split_scores.parties]
    split = ", ".join(f"{issue}: {option}" for issue, option in split_scores.options.items())
    notes = []
    if not analysis.frontier.acceptable:
        # Then splitting the difference fails too: the one note says it all.
        notes.append("no package is acceptable to every role: there is no zone of agreement")
    else:
        if not any(
            point.acceptable and all(s > m for s, m in zip(point.scores, midpoint, strict=True))
            for point in analysis.frontier.points
        ):
            notes.append(
                f"no efficient package that every role accepts beats splitting the difference ({split}) "
                "for every role: the numbers do not reward trading"
            )
        refusing = [party.party for party in split_scores.parties if not party.acceptable]
        if refusing:
            names = ", ".join(refusing)
            notes.append(
                f"splitting the difference ({split}) is below the reservation value of {names}: "
                "it should be a deal that works but leaves value on the table"
            )
    if all(party.accepts(worst_value(party)) for party in sheet.parties):
        notes.append(
            "every package is acceptable to every role: no deal can fail, so walking away is never right"
        )
    if not any(report.logrolls for report in analysis.trades):
        notes.append(
            "no two roles have a logroll (two issues they weigh in opposite ways): add an integrative pair"
        )
    return notes
