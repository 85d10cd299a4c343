"""Reference points for a debrief: joint maximum, Nash, Kalai-Smorodinsky, ideals.

All are chosen among efficient packages that every party accepts (the efficient part
of the bargaining zone); when no package is acceptable to all, there is no zone and
every reference point is None. Gains are measured from each party's disagreement
value: its reservation value, or, without one, the fewest points it can get.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .frontier import DEFAULT_PACKAGE_LIMIT, Frontier, FrontierPoint, frontier
from .model import Package, Sheet
from .scoring import worst_value


@dataclass(frozen=True, slots=True)
class ReferencePoints:
    """Benchmarks to compare an agreement with; not verdicts on what is fair."""

    disagreement: tuple[Fraction, ...]
    """Each party's value of no deal: reservation value, or its worst package."""
    joint_maximum: FrontierPoint | None
    """The acceptable package with the most points in total (integrative potential); of
    several, the one whose smallest gain over the disagreement values is largest."""
    nash: FrontierPoint | None
    """Maximises the product of every party's gain over its disagreement value."""
    kalai_smorodinsky: FrontierPoint | None
    """Gives every party the same share of its ideal gain, as nearly as packages allow."""
    ideals: tuple[FrontierPoint | None, ...]
    """Per party, the acceptable efficient package best for it."""


def disagreement_values(sheet: Sheet) -> tuple[Fraction, ...]:
    return tuple(
        party.reservation if party.reservation is not None else worst_value(party) for party in sheet.parties
    )


def reference_points(sheet: Sheet, front: Frontier | None = None) -> ReferencePoints:
    """The joint maximum, Nash and Kalai-Smorodinsky points and each party's ideal."""
    front = front or frontier(sheet, DEFAULT_PACKAGE_LIMIT)
    zone = front.acceptable
    disagreement = disagreement_values(sheet)
    if not zone:
        return ReferencePoints(disagreement, None, None, None, tuple(None for _ in sheet.parties))

    def gains(point: FrontierPoint) -> tuple[Fraction, ...]:
        return tuple(s - d for s, d in zip(point.scores, disagreement))

    # Ties break towards more joint value, then by the order points are listed in. The
    # joint maximum's ties (common: trading points one for one) go to the most even one,
    # whose least-gaining party gains most: the first-listed party's best of them is
    # often another party's walk-away, a poor benchmark for a class.
    joint_maximum = max(zone, key=lambda p: (p.joint, min(gains(p))))
    nash = max(zone, key=lambda p: (math.prod(gains(p)), p.joint))
    ideals = tuple(_best_for(zone, i) for i in range(len(sheet.parties)))
    ideal_gains = tuple(ideal.scores[i] - disagreement[i] for i, ideal in enumerate(ideals))

    def smallest_share(point: FrontierPoint) -> Fraction:
        shares = [g / top for g, top in zip(gains(point), ideal_gains) if top > 0]
        return min(shares, default=Fraction(1))

    kalai = max(zone, key=lambda p: (smallest_share(p), p.joint))
    return ReferencePoints(disagreement, joint_maximum, nash, kalai, ideals)


def _best_for(zone: tuple[FrontierPoint, ...], party: int) -> FrontierPoint:
    """The point best for ``party``; among equals, the one with most joint value."""
    return max(zone, key=lambda p: (p.scores[party], p.joint))


def midpoint_compromise(sheet: Sheet) -> Package:
    """The package that splits the difference on every issue separately.

    On each issue, the option closest to halfway for every party: it minimises the sum
    over parties of the distance between the option's share of that party's range on the
    issue and one half (parties indifferent to the issue are ignored). Ties go to the
    option with the larger total share, so a compatible issue is not split into a loss
    for both; then to the earlier option. This is the deal issue-by-issue haggling tends to reach; the
    debrief compares it with the frontier.
    """
    half = Fraction(1, 2)
    choice = []
    for i, issue in enumerate(sheet.issues):
        ranges = [(min(p.points[i]), max(p.points[i])) for p in sheet.parties]
        shares = [
            [
                (party.points[i][option] - low) / (high - low)
                for party, (low, high) in zip(sheet.parties, ranges)
                if high > low
            ]
            for option in range(len(issue.options))
        ]
        choice.append(
            min(
                range(len(issue.options)),
                key=lambda o: (sum(abs(x - half) for x in shares[o]), -sum(shares[o])),
            )
        )
    return tuple(choice)
