"""The Pareto-efficient frontier of a sheet, exact and without enumerating packages.

Divide and conquer over issues: the efficient packages of a set of issues are sums of
efficient packages of its parts (if a part were dominated, swapping in the part that
dominates it would dominate the whole). So each issue starts as its own small frontier
and the two smallest partial frontiers are merged and pruned until one is left.
Work grows with frontier sizes, not with the number of packages.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from fractions import Fraction
from itertools import count as counter

from .dominance import Vector, WorkBudget, WorkExceeded, nondominated
from .errors import SheetError
from .model import Package, Sheet

DEFAULT_PACKAGE_LIMIT = 20
"""How many packages are kept per frontier point when many packages tie on it."""

MAX_MERGE_PAIRS = 4_000_000
"""The most sums of two partial frontiers one merge may form (memory: each is a vector).
Real cases stay far below it (20 issues x 20 options for two parties: under 5,000; the
15 issue x 10 option, 3-party stress sheet of the browser tests: 1.4 million, 5 s);
beyond it a SheetError says so instead of exhausting memory. Below it a long run is
stopped with the calculator's Cancel."""

MAX_COMPARISONS = 40_000_000
"""The most vector comparisons the merges of one frontier may make for 4 or more parties,
whose dominance scans grow with the square of the frontier: a time bound (measured by
``tests/benchmarks/bench_frontier.py``, README "Limits"). Real cases need a few thousand;
six parties with unrelated points on 20 issues x 20 options would take hours, and are
refused with a SheetError once the budget is spent."""
SUM_COST = 8
"""Forming one sum of two vectors costs about as much as this many comparisons."""


@dataclass(frozen=True, slots=True)
class FrontierPoint:
    """One efficient combination of scores and the packages that reach it."""

    scores: tuple[Fraction, ...]
    """Points for each party, in the sheet's party order."""
    package_count: int
    """How many packages score exactly this (ties are kept, not hidden)."""
    packages: tuple[Package, ...]
    """Those packages, or ``package_limit`` of them (sorted) when there are more."""
    acceptable: bool
    """True when every party scores at least its reservation value."""

    @property
    def joint(self) -> Fraction:
        return sum(self.scores, Fraction(0))


@dataclass(frozen=True, slots=True)
class Frontier:
    """Every efficient score point of a sheet, best first for the first party."""

    sheet: Sheet
    points: tuple[FrontierPoint, ...]
    package_limit: int

    @property
    def acceptable(self) -> tuple[FrontierPoint, ...]:
        """Efficient points every party accepts: the efficient part of the bargaining zone."""
        return tuple(point for point in self.points if point.acceptable)

    @property
    def package_count(self) -> int:
        """Number of efficient packages (counting every tie)."""
        return sum(point.package_count for point in self.points)


@dataclass(slots=True)
class _Partial:
    """A frontier over some of the issues: vector -> (package count, example packages)."""

    entries: dict[Vector, tuple[int, list[Package]]]

    def __len__(self) -> int:
        return len(self.entries)


def frontier(sheet: Sheet, package_limit: int = DEFAULT_PACKAGE_LIMIT) -> Frontier:
    """All Pareto-efficient score points of ``sheet``, with their packages."""
    if package_limit < 1:
        raise ValueError("package_limit must be at least 1")
    return _as_frontier(sheet, _merged(sheet, package_limit), package_limit)


def integer_frontier(
    sheet: Sheet, package_limit: int = DEFAULT_PACKAGE_LIMIT
) -> dict[Vector, tuple[int, list[Package]]]:
    """The frontier on the sheet's integer scale (for engine modules that need speed)."""
    return _merged(sheet, package_limit).entries


def _merged(sheet: Sheet, limit: int) -> _Partial:
    budget = WorkBudget(MAX_COMPARISONS)
    try:
        return _merge_all([_issue_frontier(sheet, i, limit) for i in range(len(sheet.issues))], limit, budget)
    except WorkExceeded:
        raise SheetError.single(
            "",
            f"the sheet is too large to find its frontier in reasonable time: its {len(sheet.parties)} "
            f"parties' efficient packages needed more than {budget.comparisons:,} comparisons; "
            "use fewer parties, issues or options",
        ) from None


def _issue_frontier(sheet: Sheet, issue: int, limit: int) -> _Partial:
    """The efficient options of one issue; partial packages mark other issues with -1."""
    scaled = sheet.integer_scale.points
    size = len(sheet.issues)
    groups: dict[Vector, tuple[int, list[Package]]] = {}
    for option in range(len(sheet.issues[issue].options)):
        vector = tuple(party[issue][option] for party in scaled)
        package = tuple(option if i == issue else -1 for i in range(size))
        found, examples = groups.get(vector, (0, []))
        if len(examples) < limit:
            examples.append(package)
        groups[vector] = (found + 1, examples)
    keep = nondominated(groups)
    return _Partial({vector: groups[vector] for vector in keep})


def _merge_all(parts: list[_Partial], limit: int, budget: WorkBudget) -> _Partial:
    # Always merge the two smallest partial frontiers: the cost of a merge is the
    # product of their sizes, and small ones stay small after pruning.
    order = counter()
    heap = [(len(part), next(order), part) for part in parts]
    heapq.heapify(heap)
    while len(heap) > 1:
        _, _, first = heapq.heappop(heap)
        _, _, second = heapq.heappop(heap)
        merged = _merge(first, second, limit, budget)
        heapq.heappush(heap, (len(merged), next(order), merged))
    return heap[0][2]


def _merge(first: _Partial, second: _Partial, limit: int, budget: WorkBudget) -> _Partial:
    a_vectors = list(first.entries)
    b_vectors = list(second.entries)
    if len(a_vectors) * len(b_vectors) > MAX_MERGE_PAIRS:
        raise SheetError.single(
            "",
            f"the sheet is too large to find its frontier: {len(a_vectors)} x {len(b_vectors)} "
            f"partial efficient packages to combine (at most {MAX_MERGE_PAIRS:,}); "
            "use fewer parties, issues or options",
        )
    if len(a_vectors[0]) >= 4:
        budget.spend(len(a_vectors) * len(b_vectors) * SUM_COST)
    sums: set[Vector]
    if len(a_vectors[0]) == 2:  # the common case, unrolled: twice as fast
        sums = {(ax + bx, ay + by) for ax, ay in a_vectors for bx, by in b_vectors}
    else:
        sums = {tuple(x + y for x, y in zip(a, b)) for a in a_vectors for b in b_vectors}
    efficient = set(nondominated(sums, budget))
    entries: dict[Vector, tuple[int, list[Package]]] = {}
    for a in a_vectors:
        a_count, a_examples = first.entries[a]
        for b in b_vectors:
            total = tuple(x + y for x, y in zip(a, b))
            if total not in efficient:
                continue
            b_count, b_examples = second.entries[b]
            found, examples = entries.get(total, (0, []))
            for pa in a_examples:
                if len(examples) >= limit:
                    break
                for pb in b_examples[: limit - len(examples)]:
                    # Partial packages mark unassigned issues with -1; the parts are disjoint.
                    examples.append(tuple(max(x, y) for x, y in zip(pa, pb)))
            entries[total] = (found + a_count * b_count, examples)
    return _Partial(entries)


def _as_frontier(sheet: Sheet, partial: _Partial, limit: int) -> Frontier:
    scale = sheet.integer_scale
    points = []
    for vector in sorted(partial.entries, reverse=True):
        found, examples = partial.entries[vector]
        scores = tuple(scale.to_fraction(v) for v in vector)
        acceptable = all(party.accepts(value) for party, value in zip(sheet.parties, scores))
        points.append(FrontierPoint(scores, found, tuple(sorted(examples)), acceptable))
    return Frontier(sheet, tuple(points), limit)
