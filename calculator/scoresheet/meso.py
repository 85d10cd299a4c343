"""Multiple equivalent simultaneous offers (MESOs).

A MESO is a set of packages worth the same to the party making them but different
from each other across issues: the counterpart's choice among them reveals its
priorities. Packages near the target are sampled with a random walk that can only
step where the target is still reachable (exact reachable sums per remaining issues),
then chosen greedily so that every offer differs from the others in as many issues
as possible.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction

from .errors import SheetError
from .exact import display_number
from .model import Package, Sheet
from .scoring import PackageScore, best_value, score, worst_value

DEFAULT_OFFERS = 3
DEFAULT_TOLERANCE_SHARE = Fraction(1, 100)
"""Default tolerance: 1% of the party's range between its worst and best package."""
SAMPLE_WALKS = 3000
"""Random walks per request: enough variety for sheets of any size, bounded time."""
_REACHABLE_LIMIT = 50_000
"""Above this many distinct partial sums, fall back to min-max bounds (walks may retry)."""


@dataclass(frozen=True, slots=True)
class MesoOffer:
    score: PackageScore
    value: Fraction
    """Worth of the offer to the party making it."""


@dataclass(frozen=True, slots=True)
class Meso:
    party: str
    target: Fraction
    tolerance: Fraction
    offers: tuple[MesoOffer, ...]
    min_issues_apart: int
    """The fewest issues on which two of the offers differ."""
    candidates: int
    """Distinct packages within tolerance that the sampling found."""


def default_tolerance(sheet: Sheet, party: str) -> Fraction:
    member = sheet.party(party)
    return (best_value(member) - worst_value(member)) * DEFAULT_TOLERANCE_SHARE


def meso(
    sheet: Sheet,
    party: str,
    target: Fraction,
    offers: int = DEFAULT_OFFERS,
    tolerance: Fraction | None = None,
    seed: int = 0,
) -> Meso:
    """``offers`` packages each worth ``target`` (± ``tolerance``) to ``party``, as unlike as possible."""
    index = sheet.party_index(party)
    tolerance = default_tolerance(sheet, party) if tolerance is None else tolerance
    if tolerance < 0:
        raise SheetError.single("tolerance", "must not be negative")
    if offers < 1:
        raise SheetError.single("offers", "ask for at least one offer")
    scale = sheet.integer_scale
    low = math.ceil((target - tolerance) * scale.denominator)
    high = math.floor((target + tolerance) * scale.denominator)
    points = scale.points[index]
    reach = _reachable(points)
    candidates = _sample(points, reach, low, high, random.Random(seed))
    if not candidates:
        exact = not any(isinstance(r, tuple) for r in reach)
        raise SheetError.single("target", _nothing_near(sheet, index, target, tolerance, exact))
    chosen = _most_different(sheet, index, candidates, offers)
    member = sheet.parties[index]
    return Meso(
        party=party,
        target=target,
        tolerance=tolerance,
        offers=tuple(MesoOffer(score(sheet, p), member.value(p)) for p in chosen),
        min_issues_apart=min(
            (_distance(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1 :]), default=0
        ),
        candidates=len(candidates),
    )


def _reachable(points: tuple[tuple[int, ...], ...]) -> list[list[int] | tuple[int, int]]:
    """For each issue i, the sums issues i.. can add: sorted exact list, or (min, max)."""
    suffixes: list[list[int] | tuple[int, int]] = [[0]]
    exact: set[int] | None = {0}
    low = high = 0
    for row in reversed(points):
        low, high = low + min(row), high + max(row)
        if exact is not None:
            exact = {s + v for s in exact for v in set(row)}
            if len(exact) > _REACHABLE_LIMIT:
                exact = None
        suffixes.append(sorted(exact) if exact is not None else (low, high))
    suffixes.reverse()
    return suffixes


def _can_reach(reach: list[int] | tuple[int, int], low: int, high: int) -> bool:
    if isinstance(reach, tuple):
        return reach[0] <= high and reach[1] >= low
    at = bisect_left(reach, low)
    return at < len(reach) and reach[at] <= high


def _sample(
    points: tuple[tuple[int, ...], ...],
    reach: list[list[int] | tuple[int, int]],
    low: int,
    high: int,
    rng: random.Random,
) -> list[Package]:
    if not _can_reach(reach[0], low, high):
        return []
    found: dict[Package, None] = {}
    for _ in range(SAMPLE_WALKS):
        total, package = 0, []
        for issue, row in enumerate(points):
            steps = [
                o
                for o, v in enumerate(row)
                if _can_reach(reach[issue + 1], low - total - v, high - total - v)
            ]
            if not steps:
                break  # only possible under min-max bounds: start another walk
            option = rng.choice(steps)
            package.append(option)
            total += row[option]
        else:
            found[tuple(package)] = None
    return list(found)


def _distance(a: Package, b: Package) -> int:
    return sum(1 for x, y in zip(a, b) if x != y)


def _most_different(sheet: Sheet, party: int, candidates: list[Package], count: int) -> list[Package]:
    """Greedy max-min spread; ties go to what the other parties like more."""
    others = [p for i, p in enumerate(sheet.parties) if i != party]

    def appeal(package: Package) -> Fraction:
        return sum((p.value(package) for p in others), Fraction(0))

    ranked = sorted(candidates, key=lambda p: (-appeal(p), p))
    chosen = [ranked[0]]
    spread = {p: _distance(p, ranked[0]) for p in ranked[1:]}
    while len(chosen) < count and spread:
        best = max(spread, key=lambda p: spread[p])  # first of the ranked order among ties
        chosen.append(best)
        del spread[best]
        for p in spread:
            spread[p] = min(spread[p], _distance(p, best))
    return chosen


def _nothing_near(sheet: Sheet, party: int, target: Fraction, tolerance: Fraction, exact: bool) -> str:
    member = sheet.parties[party]
    # With exact reachable sums the search is complete; past their limit it samples, and
    # a miss only means none was found.
    claim = "no package is worth" if exact else f"{SAMPLE_WALKS} random tries found no package worth"
    return (
        f"{claim} {display_number(target)} ± {display_number(tolerance)} to "
        f"{member.name}; its packages range from {display_number(worst_value(member))} "
        f"to {display_number(best_value(member))}: widen the tolerance or change the target"
    )
