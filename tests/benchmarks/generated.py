"""Seeded random score sheets of a given shape, for benchmarks (integer points)."""

from __future__ import annotations

import random
from fractions import Fraction

from scoresheet import Issue, Party, Sheet


def generated_sheet(options: int, issues: int, parties: int, seed: int = 1) -> Sheet:
    """``options`` ** ``issues`` packages; each party weighs issues 1..20, rates options 0..10.

    Parties tend to oppose each other (the second's ratings reverse the first's, with
    noise) so the frontier is a real trade-off, as in a negotiation.
    """
    rng = random.Random(seed)
    sheet_issues = tuple(
        Issue(f"issue {i + 1}", tuple(f"option {o + 1}" for o in range(options))) for i in range(issues)
    )
    base = [[rng.randint(0, 10) for _ in range(options)] for _ in range(issues)]
    members = []
    for p in range(parties):
        points = []
        for i in range(issues):
            weight = rng.randint(1, 20)
            ratings = base[i] if p % 2 == 0 else [10 - r for r in base[i]]
            noisy = [max(0, min(10, r + rng.randint(-2, 2))) for r in ratings]
            points.append(tuple(Fraction(weight * r) for r in noisy))
        members.append(Party(f"party {p + 1}", tuple(points)))
    return Sheet(sheet_issues, tuple(members), title=f"{options}^{issues}, {parties} parties")


def unrelated_sheet(options: int, issues: int, parties: int, seed: int = 1) -> Sheet:
    """Every party's points drawn independently (0..100): nothing aligns or opposes them,
    so with 4 or more parties almost every package is efficient (the worst case)."""
    rng = random.Random(seed)
    sheet_issues = tuple(
        Issue(f"issue {i + 1}", tuple(f"option {o + 1}" for o in range(options))) for i in range(issues)
    )
    members = tuple(
        Party(
            f"party {p + 1}",
            tuple(tuple(Fraction(rng.randint(0, 100)) for _ in range(options)) for _ in range(issues)),
        )
        for p in range(parties)
    )
    return Sheet(sheet_issues, members, title=f"{options}^{issues}, {parties} unrelated parties")
