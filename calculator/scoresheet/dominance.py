"""Pareto dominance on integer score vectors: the one place the rule lives.

``a`` dominates ``b`` when ``a`` is at least as good for every party and better for
at least one. Vectors are exact integers (points times a common denominator), so no
tolerance is needed or used.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from operator import ge

Vector = tuple[int, ...]


def dominates(a: Vector, b: Vector) -> bool:
    """True when ``a`` is weakly better for all and strictly better for one."""
    return a != b and all(map(ge, a, b))


def weakly_dominates(a: Vector, b: Vector) -> bool:
    """True when ``a`` is at least as good as ``b`` for every party."""
    return all(map(ge, a, b))


class WorkExceeded(Exception):
    """A scan ran out of its ``WorkBudget``."""


class WorkBudget:
    """Vector comparisons left to the scans of 4 or more dimensions, whose cost grows with
    the square of the frontier (2 and 3 dimensions are n log n and need no budget).
    Shared by every scan of one computation, so its total time is bounded."""

    def __init__(self, comparisons: int) -> None:
        self.comparisons = comparisons
        self.left = comparisons

    def spend(self, comparisons: int) -> None:
        self.left -= comparisons
        if self.left < 0:
            raise WorkExceeded


def nondominated(vectors: Iterable[Vector], budget: WorkBudget | None = None) -> list[Vector]:
    """The distinct vectors that no other vector dominates (the Pareto set).

    Picks an algorithm by dimension: a sweep for 2 parties, a sweep over a 2-D
    staircase for 3, and a sorted scan for more (which spends ``budget``, if given,
    and raises ``WorkExceeded`` when it runs out). Output order: descending by the
    first coordinate, then the next ones.
    """
    unique = sorted(set(vectors), reverse=True)
    if not unique:
        return []
    dimension = len(unique[0])
    if dimension == 1:
        return unique[:1]
    if dimension == 2:
        return _sweep_2d(unique)
    if dimension == 3:
        return _staircase_3d(unique)
    return _scan(unique, budget)


def _sweep_2d(ordered: list[Vector]) -> list[Vector]:
    # In descending (x, y) order, a point is dominated exactly when an earlier point
    # has y at least as high.
    kept = []
    best_y: int | None = None
    for point in ordered:
        if best_y is None or point[1] > best_y:
            kept.append(point)
            best_y = point[1]
    return kept


def _staircase_3d(ordered: list[Vector]) -> list[Vector]:
    # Earlier points have x at least as high; a point is dominated when some kept
    # point also has y and z at least as high. The kept (y, z) maxima form a
    # staircase: y ascending, z descending, so one bisect answers the query.
    ys: list[int] = []
    zs: list[int] = []
    kept = []
    for point in ordered:
        _, y, z = point
        index = bisect_left(ys, y)
        if index < len(ys) and zs[index] >= z:
            continue
        kept.append(point)
        # Drop staircase points that (y, z) now covers: they sit just before index.
        start = index
        while start > 0 and zs[start - 1] <= z:
            start -= 1
        if index < len(ys) and ys[index] == y:
            index += 1  # same y, lower z: covered too
        ys[start:index] = [y]
        zs[start:index] = [z]
    return kept


def _scan(ordered: list[Vector], budget: WorkBudget | None) -> list[Vector]:
    # A dominating vector has a strictly larger sum, so it comes first in this order.
    by_sum = sorted(ordered, key=sum, reverse=True)
    kept: list[Vector] = []
    for point in by_sum:
        if budget is not None:
            budget.spend(len(kept))  # at most this many comparisons for this point
        # weakly_dominates(candidate, point), inlined: scans of 4 or more parties spend
        # nearly all their time here, and a call per comparison would cost more than it.
        if not any(all(map(ge, candidate, point)) for candidate in kept):
            kept.append(point)
    kept.sort(reverse=True)
    return kept
