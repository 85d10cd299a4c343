"""Scoring packages: what each party gets, against its best and its reservation value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .model import Package, Party, Sheet


@dataclass(frozen=True, slots=True)
class PartyScore:
    """How one package looks to one party."""

    party: str
    points: Fraction
    best: Fraction
    """The most this party could get from any package."""
    share_of_best: Fraction | None
    """``points / best``; None when the best is not positive (the share means nothing)."""
    surplus: Fraction | None
    """Points above the reservation value (negative below it); None without one."""
    acceptable: bool
    """True unless the package is worth less than the reservation value."""


@dataclass(frozen=True, slots=True)
class PackageScore:
    """A package and every party's view of it."""

    package: Package
    options: dict[str, str]
    parties: tuple[PartyScore, ...]

    @property
    def joint(self) -> Fraction:
        return sum((p.points for p in self.parties), Fraction(0))

    @property
    def acceptable(self) -> bool:
        """True when every party accepts the package (it is in the bargaining zone)."""
        return all(p.acceptable for p in self.parties)


def best_value(party: Party) -> Fraction:
    """The most points any package gives ``party`` (its best option on every issue)."""
    return sum((max(row) for row in party.points), Fraction(0))


def worst_value(party: Party) -> Fraction:
    """The fewest points any package gives ``party``."""
    return sum((min(row) for row in party.points), Fraction(0))


def score(sheet: Sheet, package: Package) -> PackageScore:
    """Every party's points, share of its best, surplus and acceptance for ``package``."""
    _check_package(sheet, package)
    parties = []
    for party in sheet.parties:
        points = party.value(package)
        best = best_value(party)
        parties.append(
            PartyScore(
                party=party.name,
                points=points,
                best=best,
                share_of_best=points / best if best > 0 else None,
                surplus=None if party.reservation is None else points - party.reservation,
                acceptable=party.accepts(points),
            )
        )
    return PackageScore(package, sheet.labels(package), tuple(parties))


def compare(sheet: Sheet, packages: Sequence[Package]) -> tuple[PackageScore, ...]:
    """Several packages scored side by side, in the order given."""
    return tuple(score(sheet, package) for package in packages)


def _check_package(sheet: Sheet, package: Package) -> None:
    if len(package) != len(sheet.issues) or any(
        not 0 <= option < len(issue.options) for issue, option in zip(sheet.issues, package)
    ):
        raise ValueError(f"not a package of this sheet: {package!r}")
