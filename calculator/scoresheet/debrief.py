"""Class results against the frontier: what each group agreed, and what the class left.

Instructors collect each group's outcome (the option agreed on every issue, or no deal)
as rows of a table, typed, pasted from a spreadsheet, or uploaded as CSV. Rows are read
forgivingly (case and spacing of labels do not matter); a row that cannot be read, or
repeats an earlier row's group name, is reported by its row number and column and left
out, and the others are kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .dominance import dominates
from .errors import Problem, did_you_mean
from .frontier import Frontier, frontier
from .model import Issue, Package, Sheet, loose_label
from .reference import reference_points

GROUP_COLUMNS = ("group", "team", "pair", "name")
"""Header names taken as the group's name (any case)."""
NO_DEAL = ("no deal", "impasse", "no agreement", "none")
"""Cell values that mark an impasse."""


@dataclass(frozen=True, slots=True)
class Outcome:
    group: str
    package: Package | None
    """The agreed package, or None for an impasse."""


@dataclass(frozen=True, slots=True)
class OutcomeReport:
    outcome: Outcome
    scores: tuple[Fraction, ...] | None
    efficient: bool
    left_on_table: Fraction
    """Most joint points a package no party likes less would have added."""
    below_reservation: tuple[str, ...]
    """Parties that agreed to less than their reservation value."""
    lost_compatible: tuple[str, ...]
    """Issues settled on an option every party likes less than another one (lose-lose)."""

    @property
    def joint(self) -> Fraction | None:
        return None if self.scores is None else sum(self.scores, Fraction(0))


@dataclass(frozen=True, slots=True)
class ClassSummary:
    outcomes: int
    deals: int
    impasses: int
    efficient_deals: int
    mean_joint: Fraction | None
    """Mean joint points of the deals."""
    joint_maximum: Fraction | None
    """Joint maximum of the bargaining zone, for comparison."""
    mean_left_on_table: Fraction | None
    below_reservation: int
    """Deals worth less than a reservation value to some party."""
    lose_lose: int
    """Deals that lost at least one compatible issue."""


def read_outcomes(sheet: Sheet, text: str) -> tuple[list[Outcome], list[Problem]]:
    """Outcomes from a table with a header row naming the issues (tab- or comma-separated)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return [], [Problem("row 1", "no rows: the first row must name the issues")]
    delimiter = "\t" if "\t" in lines[0] else ";" if lines[0].count(";") > lines[0].count(",") else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header = [cell.strip() for cell in rows[0]]
    columns, problems = _columns(sheet, header)
    outcomes: list[Outcome] = []
    group_at = next((index for index, key in columns.items() if key == "group"), None)
    typed = [
        row[group_at].strip() if group_at is not None and group_at < len(row) else "" for row in rows[1:]
    ]
    # Group name (ignoring case and spacing, as labels are read) -> first row with it: a
    # repeat would count one group twice, and the page finds a group's row by its name.
    names: dict[str, int] = {}
    for number, (row, named, group) in enumerate(zip(rows[1:], typed, group_names(typed)), start=2):
        outcome = _outcome(sheet, header, columns, row, number, problems, names, named, group)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes, problems


def group_names(typed: list[str]) -> list[str]:
    """Each row's group: the name typed in it, or for an unnamed row "Group n", n its place
    among the rows, counting on past every name the table has (so no two rows share one).
    The page's form names a row it adds the same way (outcomes-table.mjs unusedGroupName)."""
    taken = {loose_label(name) for name in typed if name}
    names = []
    for place, name in enumerate(typed, start=1):
        if not name:
            while loose_label(f"Group {place}") in taken:
                place += 1
            name = f"Group {place}"
            taken.add(loose_label(name))
        names.append(name)
    return names


def _columns(sheet: Sheet, header: list[str]) -> tuple[dict[int, int | str], list[Problem]]:
    """Column index -> issue index, or "group"; problems for unknown and missing columns."""
    by_name = {loose_label(issue.name): i for i, issue in enumerate(sheet.issues)}
    columns: dict[int, int | str] = {}
    problems = []
    for index, name in enumerate(header):
        key = loose_label(name)
        if key in GROUP_COLUMNS and "group" not in columns.values():
            columns[index] = "group"
        elif key in by_name:
            columns[index] = by_name[key]
        elif key:
            known = ", ".join(sheet.issue_names)
            problems.append(
                Problem(f"row 1, column {name}", f"unknown column; expected Group and the issues: {known}")
            )
    for i, issue in enumerate(sheet.issues):
        if i not in columns.values():
            problems.append(Problem("row 1", f"no column for the issue {issue.name!r}"))
    return columns, problems


def _outcome(
    sheet: Sheet,
    header: list[str],
    columns: dict[int, int | str],
    row: Sequence[str],
    number: int,
    problems: list[Problem],
    names: dict[str, int],
    named: str,
    group: str,
) -> Outcome | None:
    """The row's outcome, or None (its problems added); ``named``: the name typed in it,
    ``group``: that or the one it is given (group_names)."""
    cells = {columns[i]: cell.strip() for i, cell in enumerate(row) if i in columns}
    first = names.setdefault(loose_label(named), number) if named else number
    unique = first == number
    if not unique:  # reported with the row's other problems, and the row left out
        column = next(header[i] for i, key in columns.items() if key == "group")
        problems.append(
            Problem(f"row {number}, column {column}", f"{named!r} is already the name of row {first}")
        )
    choices = {key: value for key, value in cells.items() if isinstance(key, int)}
    if any(_says_no_deal(sheet.issues[key], value) for key, value in choices.items()):
        return Outcome(group, None) if unique else None
    if len(row) > len(header):
        problems.append(
            Problem(f"row {number}", f"{len(row)} cells but the header has {len(header)} columns")
        )
        return None
    package = []
    ok = True
    for i, issue in enumerate(sheet.issues):
        value = choices.get(i, "")
        found = issue.find_option(value)
        if found is not None:
            package.append(found)
            continue
        what = (
            "no option given"
            if not value
            else f"unknown option {value!r}{did_you_mean(value, issue.options)}"
        )
        options = ", ".join(issue.options)
        problems.append(Problem(f"row {number}, column {issue.name}", f"{what}; options are {options}"))
        ok = False
    return Outcome(group, tuple(package)) if ok and unique else None


def _says_no_deal(issue: Issue, value: str) -> bool:
    """True for an impasse word that is not one of the issue's options (an option may be
    called "None")."""
    key = loose_label(value)
    return key in NO_DEAL and all(loose_label(option) != key for option in issue.options)


def _no_deal_word(issue: Issue) -> str:
    """How an impasse is written in the issue's column: a word that is not an option."""
    return next((word for word in NO_DEAL if _says_no_deal(issue, word)), NO_DEAL[0])


def assess(sheet: Sheet, outcomes: Sequence[Outcome], front: Frontier | None = None) -> list[OutcomeReport]:
    """Each outcome's points, efficiency, value left, reservation breaches and lost issues."""
    front = front or frontier(sheet)
    scale = sheet.integer_scale
    efficient_vectors = [tuple(int(s * scale.denominator) for s in p.scores) for p in front.points]
    reports = []
    for outcome in outcomes:
        if outcome.package is None:
            reports.append(OutcomeReport(outcome, None, False, Fraction(0), (), ()))
            continue
        scores = sheet.values(outcome.package)
        here = tuple(int(s * scale.denominator) for s in scores)
        better = [v for v in efficient_vectors if dominates(v, here)]
        reports.append(
            OutcomeReport(
                outcome=outcome,
                scores=scores,
                efficient=not better,
                left_on_table=Fraction(
                    max((sum(v) - sum(here) for v in better), default=0), scale.denominator
                ),
                below_reservation=tuple(p.name for p, s in zip(sheet.parties, scores) if not p.accepts(s)),
                lost_compatible=tuple(
                    issue.name for i, issue in enumerate(sheet.issues) if _lost(sheet, i, outcome.package[i])
                ),
            )
        )
    return reports


def _lost(sheet: Sheet, issue: int, option: int) -> bool:
    """True when another option of the issue is better for every party: a lose-lose on a
    compatible issue. Where one party scores the issue's options alike (trades.py calls
    the issue indifferent), the other's loss is no loss to it: not lose-lose."""
    points = sheet.integer_scale.points
    here = [party[issue][option] for party in points]
    return any(
        all(party[issue][other] > mine for party, mine in zip(points, here))
        for other in range(len(sheet.issues[issue].options))
    )


def summarise(sheet: Sheet, reports: Sequence[OutcomeReport], front: Frontier | None = None) -> ClassSummary:
    deals = [r for r in reports if r.scores is not None]
    joints = [r.joint for r in deals if r.joint is not None]
    maximum = reference_points(sheet, front).joint_maximum
    return ClassSummary(
        outcomes=len(reports),
        deals=len(deals),
        impasses=len(reports) - len(deals),
        efficient_deals=sum(1 for r in deals if r.efficient),
        mean_joint=sum(joints, Fraction(0)) / len(joints) if joints else None,
        joint_maximum=None if maximum is None else maximum.joint,
        mean_left_on_table=sum((r.left_on_table for r in deals), Fraction(0)) / len(deals) if deals else None,
        below_reservation=sum(1 for r in deals if r.below_reservation),
        lose_lose=sum(1 for r in deals if r.lost_compatible),
    )


def outcomes_csv(sheet: Sheet, outcomes: Sequence[Outcome]) -> str:
    """The outcomes as CSV that :func:`read_outcomes` reads back to the same outcomes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Group", *sheet.issue_names])
    for outcome in outcomes:
        if outcome.package is None:
            writer.writerow([outcome.group, *(_no_deal_word(issue) for issue in sheet.issues)])
        else:
            writer.writerow([outcome.group, *sheet.labels(outcome.package).values()])
    return out.getvalue()
