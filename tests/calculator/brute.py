"""Brute-force reference for the score-sheet engine: plain enumeration, exact Fractions.

Nothing here uses the package's frontier, dominance, reference or efficiency code: every
package is enumerated with ``itertools.product`` and valued by summing
``party.points[issue][option]``. Only the model classes (``Sheet``, ``Party``) are read.
The tests compare the engine with these functions, and the benchmark script imports
:func:`brute_frontier`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from itertools import product

Package = tuple[int, ...]
Vector = tuple[Fraction, ...]

ZERO = Fraction(0)


# --- enumeration and values ---------------------------------------------------------


def all_packages(sheet) -> Iterator[Package]:
    """Every package, in lexicographic order of option indexes."""
    return product(*(range(len(issue.options)) for issue in sheet.issues))


def party_value(party, package: Package) -> Fraction:
    total = ZERO
    for issue, option in enumerate(package):
        total += party.points[issue][option]
    return total


def values(sheet, package: Package) -> Vector:
    """Every party's points for ``package``, in party order."""
    return tuple(party_value(party, package) for party in sheet.parties)


def joint(vector: Sequence[Fraction]) -> Fraction:
    return sum(vector, ZERO)


def best(party) -> Fraction:
    return sum((max(row) for row in party.points), ZERO)


def worst(party) -> Fraction:
    return sum((min(row) for row in party.points), ZERO)


def accepted(sheet, vector: Sequence[Fraction]) -> bool:
    """True when every party scores at least its reservation value (if it has one)."""
    return all(
        party.reservation is None or value >= party.reservation
        for party, value in zip(sheet.parties, vector, strict=True)
    )


def hamming(a: Package, b: Package) -> int:
    return sum(1 for x, y in zip(a, b, strict=True) if x != y)


# --- dominance ----------------------------------------------------------------------


def weakly_dominates(a: Sequence, b: Sequence) -> bool:
    return all(x >= y for x, y in zip(a, b, strict=True))


def dominates(a: Sequence, b: Sequence) -> bool:
    """``a`` is at least as good as ``b`` for everyone and strictly better for someone."""
    return weakly_dominates(a, b) and any(x > y for x, y in zip(a, b, strict=True))


def pareto_quadratic(vectors: Iterable[Sequence]) -> set[tuple]:
    """The non-dominated distinct vectors, by comparing every pair (for small inputs)."""
    distinct = {tuple(v) for v in vectors}
    return {v for v in distinct if not any(dominates(w, v) for w in distinct)}


def pareto(vectors: Iterable[Sequence]) -> set[tuple]:
    """The non-dominated distinct vectors.

    A vector that dominates another has a strictly larger sum, so scanning by
    decreasing sum only needs to compare with the vectors already kept (a dominated
    dominator is itself dominated by a kept one).
    """
    kept: list[tuple] = []
    for vector in sorted({tuple(v) for v in vectors}, key=sum, reverse=True):
        if not any(weakly_dominates(k, vector) for k in kept):
            kept.append(vector)
    return set(kept)


# --- frontier -----------------------------------------------------------------------


def grouped(sheet) -> dict[Vector, list[Package]]:
    """Every distinct score vector -> the packages reaching it (lexicographic order)."""
    option_vectors = [
        [tuple(party.points[i][o] for party in sheet.parties) for o in range(len(issue.options))]
        for i, issue in enumerate(sheet.issues)
    ]
    groups: dict[Vector, list[Package]] = {}
    for package in all_packages(sheet):
        columns = [option_vectors[i][o] for i, o in enumerate(package)]
        vector = tuple(sum(column, ZERO) for column in zip(*columns, strict=True))
        groups.setdefault(vector, []).append(package)
    return groups


def brute_frontier(sheet) -> dict[Vector, list[Package]]:
    """Distinct non-dominated score vectors -> all packages reaching each of them."""
    groups = grouped(sheet)
    return {vector: groups[vector] for vector in pareto(groups)}


def efficient_acceptable(sheet) -> dict[Vector, list[Package]]:
    """The efficient score vectors every party accepts (the efficient bargaining zone)."""
    return {v: p for v, p in brute_frontier(sheet).items() if accepted(sheet, v)}


# --- reference points ---------------------------------------------------------------


def disagreement(sheet) -> Vector:
    """Reservation value, or the party's fewest possible points without one."""
    return tuple(
        party.reservation if party.reservation is not None else worst(party) for party in sheet.parties
    )


def _argmax(zone: Iterable[Vector], key) -> tuple[object, set[Vector]]:
    """The best key over ``zone`` and every vector reaching it."""
    keyed = [(key(v), v) for v in zone]
    top = max(k for k, _ in keyed)
    return top, {v for k, v in keyed if k == top}


def brute_joint_max(sheet) -> tuple[Fraction, set[Vector]] | None:
    """Most joint points in the efficient zone, and the vectors reaching it."""
    zone = efficient_acceptable(sheet)
    if not zone:
        return None
    return _argmax(zone, joint)


def gains(sheet, vector: Vector) -> Vector:
    return tuple(s - d for s, d in zip(vector, disagreement(sheet), strict=True))


def brute_nash(sheet) -> tuple[tuple[Fraction, Fraction], set[Vector]] | None:
    """Highest (product of gains, joint points) in the efficient zone, and its vectors."""
    zone = efficient_acceptable(sheet)
    if not zone:
        return None
    base = disagreement(sheet)

    def key(v: Vector) -> tuple[Fraction, Fraction]:
        return math.prod((s - d for s, d in zip(v, base, strict=True)), start=Fraction(1)), joint(v)

    return _argmax(zone, key)


def brute_ideals(sheet) -> list[tuple[tuple[Fraction, Fraction], set[Vector]]] | None:
    """Per party: highest (own score, joint points) in the efficient zone, and its vectors."""
    zone = efficient_acceptable(sheet)
    if not zone:
        return None
    return [_argmax(zone, lambda v, i=i: (v[i], joint(v))) for i in range(len(sheet.parties))]


def brute_kalai(sheet) -> tuple[tuple[Fraction, Fraction], set[Vector]] | None:
    """Highest (smallest share of ideal gain, joint points) in the efficient zone.

    The share is taken over parties whose ideal gain is positive; with none, it is 1.
    """
    zone = efficient_acceptable(sheet)
    if not zone:
        return None
    base = disagreement(sheet)
    ideal_gain = [max(v[i] for v in zone) - base[i] for i in range(len(sheet.parties))]

    def key(v: Vector) -> tuple[Fraction, Fraction]:
        shares = [(v[i] - base[i]) / ideal_gain[i] for i in range(len(v)) if ideal_gain[i] > 0]
        return (min(shares) if shares else Fraction(1)), joint(v)

    return _argmax(zone, key)


# --- efficiency of an agreement -----------------------------------------------------


def dominating_packages(sheet, package: Package) -> list[Package]:
    """Every package that all parties like at least as much and someone likes more."""
    here = values(sheet, package)
    return [other for vector, group in grouped(sheet).items() if dominates(vector, here) for other in group]


def left_on_table(sheet, package: Package) -> Fraction:
    """Most joint points gained by a package nobody likes less (0 for efficient ones)."""
    here = values(sheet, package)
    return max(
        (joint(v) - joint(here) for v in grouped(sheet) if weakly_dominates(v, here)),
        default=ZERO,
    )


def fewest_changes(sheet, package: Package) -> int | None:
    """Fewest issues to change to reach a dominating package (None if none exists)."""
    return min((hamming(package, other) for other in dominating_packages(sheet, package)), default=None)


# --- MESOs --------------------------------------------------------------------------


def packages_near(sheet, party_index: int, target: Fraction, tolerance: Fraction) -> list[Package]:
    """Packages worth ``target`` ± ``tolerance`` (inclusive) to the party."""
    party = sheet.parties[party_index]
    return [p for p in all_packages(sheet) if abs(party_value(party, p) - target) <= tolerance]
