"""Is an agreement efficient, what did it leave on the table, and what beats it for all?

Post-settlement proposals are packages that every party likes at least as much as the
agreement and someone likes more. Negotiators accept small changes more readily, so
proposals are searched for by number of changed issues, fewest first; the best
efficient improvement (the most joint points) is always among them, last if it changes
more issues than the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from .dominance import Vector, dominates
from .frontier import Frontier, frontier
from .model import Package, Sheet
from .reference import reference_points
from .scoring import PackageScore, score

DEFAULT_PROPOSALS = 10
DEFAULT_SEARCH_BUDGET = 200_000
"""Packages examined by the fewest-changes search before it settles for what it has."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A package every party weakly prefers to the agreement."""

    score: PackageScore
    gains: tuple[Fraction, ...]
    """Each party's points over the agreement (never negative)."""
    changed_issues: tuple[str, ...]
    efficient: bool

    @property
    def joint_gain(self) -> Fraction:
        return sum(self.gains, Fraction(0))


@dataclass(frozen=True, slots=True)
class EfficiencyReport:
    score: PackageScore
    efficient: bool
    """True when no package is at least as good for all and better for someone."""
    left_on_table: Fraction
    """Most joint points a package that nobody likes less would add (0 when efficient)."""
    joint_gap: Fraction | None
    """Joint maximum of the bargaining zone minus this package's joint points."""
    proposals: tuple[Proposal, ...]
    """Improvements for all, fewest changed issues first, then most joint gain."""
    search_complete: bool
    """False when the fewest-changes search hit its budget (proposals are then a sample)."""
    best: Proposal | None = None
    """The most valuable improvement, one of the proposals: the most joint gain and, of
    several, the largest smallest gain; None when the package is efficient."""


def efficiency(
    sheet: Sheet,
    package: Package,
    max_proposals: int = DEFAULT_PROPOSALS,
    search_budget: int = DEFAULT_SEARCH_BUDGET,
    front: Frontier | None = None,
) -> EfficiencyReport:
    """Check ``package`` against the frontier and propose packages that no party likes less."""
    scored = score(sheet, package)
    front = front or frontier(sheet)
    here = _vector(sheet, package)
    denominator = sheet.integer_scale.denominator
    by_vector = {tuple(int(s * denominator) for s in point.scores): point for point in front.points}
    better = [v for v in by_vector if dominates(v, here)]
    left = max((sum(v) - sum(here) for v in better), default=0)

    found, complete = _fewest_changes(sheet, package, here, search_budget, max_proposals)
    best_package = None
    if better:
        # The most valuable improvement: the dominating frontier point with the most joint
        # points (of several, the one whose smallest gain is largest: not one that gives
        # all the gain to the first-listed party), reached with as few changes as its
        # listed packages allow.
        best = max(better, key=lambda v: (sum(v), min(a - b for a, b in zip(v, here)), v))
        best_package = min(by_vector[best].packages, key=lambda p: (_changes(p, package), p))
        found.add(best_package)
    efficient_vectors = set(by_vector)
    proposals = sorted(
        (_proposal(sheet, package, scored, candidate, efficient_vectors) for candidate in found),
        key=lambda p: (len(p.changed_issues), -p.joint_gain, p.score.package),
    )
    chosen = proposals[:max_proposals]
    if best_package is not None and all(p.score.package != best_package for p in chosen):
        best_proposal = next(p for p in proposals if p.score.package == best_package)
        chosen = [*chosen[: max_proposals - 1], best_proposal]

    zone_max = reference_points(sheet, front).joint_maximum
    return EfficiencyReport(
        score=scored,
        efficient=not better,
        left_on_table=Fraction(left, denominator),
        joint_gap=None if zone_max is None else zone_max.joint - scored.joint,
        proposals=tuple(chosen),
        search_complete=complete,
        best=next((p for p in chosen if p.score.package == best_package), None),
    )


def _proposal(
    sheet: Sheet, agreement: Package, agreed: PackageScore, package: Package, efficient: set[Vector]
) -> Proposal:
    scored = score(sheet, package)
    return Proposal(
        score=scored,
        gains=tuple(new.points - old.points for new, old in zip(scored.parties, agreed.parties)),
        changed_issues=tuple(issue.name for issue, a, b in zip(sheet.issues, agreement, package) if a != b),
        efficient=_vector(sheet, package) in efficient,
    )


def _vector(sheet: Sheet, package: Package) -> Vector:
    """The package's points on the sheet's integer scale."""
    return tuple(sum(party[i][o] for i, o in enumerate(package)) for party in sheet.integer_scale.points)


def _changes(package: Package, agreement: Package) -> int:
    return sum(1 for a, b in zip(package, agreement) if a != b)


def _fewest_changes(
    sheet: Sheet, agreement: Package, here: Vector, budget: int, wanted: int
) -> tuple[set[Package], bool]:
    """Dominating packages by increasing number of changed issues, within a budget.

    A level (number of changes) is finished once started, so its best proposals can
    be ranked; the search stops after the level that reaches ``wanted`` proposals.
    """
    points = sheet.integer_scale.points
    issues = range(len(sheet.issues))
    # deltas[i] lists (option, per-party change) for every alternative on issue i.
    deltas = [
        [
            (o, tuple(party[i][o] - party[i][agreement[i]] for party in points))
            for o in range(len(sheet.issues[i].options))
            if o != agreement[i]
        ]
        for i in issues
    ]
    # The most each party could still gain from issues at or after i.
    best_gain = [[max((d[p] for _, d in deltas[i]), default=0) for p in range(len(points))] for i in issues]
    found: set[Package] = set()
    examined = 0
    for level in range(1, len(sheet.issues) + 1):
        for chosen in combinations(issues, level):
            upper = [sum(max(0, best_gain[i][p]) for i in chosen) for p in range(len(points))]
            if any(u < 0 for u in upper) or all(u == 0 for u in upper):
                continue  # some party can only lose, or nobody can gain
            stack: list[tuple[int, tuple[int, ...], list[tuple[int, int]]]] = [(0, (0,) * len(points), [])]
            while stack:
                depth, total, picks = stack.pop()
                examined += 1
                if examined > budget:
                    return found, False
                if depth == level:
                    if all(t >= 0 for t in total) and any(t > 0 for t in total):
                        package = list(agreement)
                        for issue, option in picks:
                            package[issue] = option
                        found.add(tuple(package))
                    continue
                issue = chosen[depth]
                rest = chosen[depth + 1 :]
                for option, delta in deltas[issue]:
                    new_total = tuple(t + d for t, d in zip(total, delta))
                    # Prune when some party cannot get back to zero with the issues left.
                    if all(
                        t + sum(max(0, best_gain[i][p]) for i in rest) >= 0 for p, t in enumerate(new_total)
                    ):
                        stack.append((depth + 1, new_total, [*picks, (issue, option)]))
        if len(found) >= wanted:
            return found, True
    return found, True
