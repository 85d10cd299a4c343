"""The one model of a score sheet: issues, options, parties and their points.

A :class:`Sheet` is immutable and already valid: build one with
:func:`scoresheet.sheet_from_dict` (which checks everything and reports every problem)
or directly from these classes in code and tests. A package is a tuple holding one
option index per issue, in the sheet's issue order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from .errors import Problem, SheetError, did_you_mean, field_path

Package = tuple[int, ...]
"""One option index per issue, in the sheet's issue order."""

MIN_PARTIES = 2
MAX_PARTIES = 6
MIN_OPTIONS = 2


@dataclass(frozen=True, slots=True)
class Issue:
    """Something to agree on, with its options in a meaningful order."""

    name: str
    options: tuple[str, ...]

    def find_option(self, label: str) -> int | None:
        """Index of ``label``: exact match first, then ignoring case and spacing; None if
        no option, or more than one, matches."""
        try:
            return self.options.index(label)
        except ValueError:
            pass
        wanted = loose_label(label)
        matches = [i for i, option in enumerate(self.options) if loose_label(option) == wanted]
        return matches[0] if len(matches) == 1 else None

    def option_index(self, label: str) -> int:
        """Index of ``label`` as :meth:`find_option` finds it; SheetError otherwise."""
        found = self.find_option(label)
        if found is not None:
            return found
        known = ", ".join(repr(option) for option in self.options)
        raise SheetError.single(
            field_path("package", self.name),
            f"unknown option {label!r}{did_you_mean(label, self.options)}; options are {known}",
        )


@dataclass(frozen=True, slots=True)
class Party:
    """A side of the negotiation and what each option is worth to it."""

    name: str
    points: tuple[tuple[Fraction, ...], ...]
    """Points for every option of every issue: ``points[issue][option]``."""
    reservation: Fraction | None = None
    """Value of the best alternative to agreement; packages worth less are rejected."""
    weights: tuple[Fraction, ...] | None = None
    """Issue weights, when the sheet was entered as weights times ratings."""
    ratings: tuple[tuple[Fraction, ...], ...] | None = None
    """Option ratings, when entered as weights times ratings (``points = weight x rating``)."""

    @classmethod
    def weighted(
        cls,
        name: str,
        weights: tuple[Fraction, ...],
        ratings: tuple[tuple[Fraction, ...], ...],
        reservation: Fraction | None = None,
    ) -> Party:
        """A party whose points are issue weights times option ratings."""
        points = tuple(
            tuple(weight * rating for rating in issue_ratings)
            for weight, issue_ratings in zip(weights, ratings, strict=True)
        )
        return cls(name, points, reservation, weights, ratings)

    def value(self, package: Package) -> Fraction:
        """Total points of ``package`` for this party."""
        return sum((self.points[i][o] for i, o in enumerate(package)), Fraction(0))

    def accepts(self, value: Fraction) -> bool:
        """True when a package worth ``value`` is at least the reservation value."""
        return self.reservation is None or value >= self.reservation


@dataclass(frozen=True)
class Sheet:
    """A complete score sheet: issues and the parties that score them."""

    issues: tuple[Issue, ...]
    parties: tuple[Party, ...]
    title: str = ""
    description: str = ""
    _scale: _IntegerScale | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        problems = _structural_problems(self.issues, self.parties)
        if problems:
            raise SheetError(problems)

    @property
    def issue_names(self) -> tuple[str, ...]:
        return tuple(issue.name for issue in self.issues)

    @property
    def party_names(self) -> tuple[str, ...]:
        return tuple(party.name for party in self.parties)

    @property
    def package_count(self) -> int:
        return math.prod(len(issue.options) for issue in self.issues)

    def party(self, name: str) -> Party:
        """The party called ``name``; SheetError lists the known names otherwise."""
        for party in self.parties:
            if party.name == name:
                return party
        known = ", ".join(repr(p) for p in self.party_names)
        hint = did_you_mean(name, self.party_names)
        raise SheetError.single("party", f"unknown party {name!r}{hint}; parties are {known}")

    def party_index(self, name: str) -> int:
        return self.parties.index(self.party(name))

    def package(self, choice: Mapping[str, str]) -> Package:
        """The package choosing ``choice[issue] = option label`` for every issue."""
        problems = []
        by_loose_name = {loose_label(issue.name): issue.name for issue in self.issues}
        resolved = {}
        for issue_name, label in choice.items():
            name = (
                issue_name if issue_name in self.issue_names else by_loose_name.get(loose_label(issue_name))
            )
            if name is None:
                known = ", ".join(repr(n) for n in self.issue_names)
                problems.append(
                    Problem(
                        field_path("package", issue_name),
                        f"unknown issue{did_you_mean(issue_name, self.issue_names)}; issues are {known}",
                    )
                )
            else:
                resolved[name] = label
        indexes = []
        for issue in self.issues:
            if issue.name not in resolved:
                problems.append(Problem(field_path("package", issue.name), "no option chosen for this issue"))
                continue
            try:
                indexes.append(issue.option_index(resolved[issue.name]))
            except SheetError as error:
                problems.extend(error.problems)
        if problems:
            raise SheetError(problems)
        return tuple(indexes)

    def labels(self, package: Package) -> dict[str, str]:
        """``{issue name: option label}`` for ``package``."""
        return {issue.name: issue.options[o] for issue, o in zip(self.issues, package, strict=True)}

    def values(self, package: Package) -> tuple[Fraction, ...]:
        """Every party's points for ``package``, in party order."""
        return tuple(party.value(package) for party in self.parties)

    @property
    def integer_scale(self) -> _IntegerScale:
        """All points as integers over one common denominator, for fast exact sums."""
        if self._scale is None:
            object.__setattr__(self, "_scale", _IntegerScale.of(self))
        assert self._scale is not None
        return self._scale


@dataclass(frozen=True, slots=True)
class _IntegerScale:
    denominator: int
    points: tuple[tuple[tuple[int, ...], ...], ...]
    """``points[party][issue][option]`` times ``denominator``, as integers."""

    @classmethod
    def of(cls, sheet: Sheet) -> _IntegerScale:
        denominator = 1
        for party in sheet.parties:
            for issue_points in party.points:
                for value in issue_points:
                    denominator = math.lcm(denominator, value.denominator)
        scaled = tuple(
            tuple(tuple(int(value * denominator) for value in issue_points) for issue_points in party.points)
            for party in sheet.parties
        )
        return cls(denominator, scaled)

    def to_fraction(self, value: int) -> Fraction:
        return Fraction(value, self.denominator)


def loose_label(text: str) -> str:
    """Case- and spacing-insensitive form of a label, for forgiving matches."""
    return " ".join(text.split()).casefold()


def distinct_names(names: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """The names, with " (2)", " (3)"... added where one would repeat an earlier name or
    one of ``taken``, even told apart by capitals or spacing only (a sheet refuses those)."""
    seen = {loose_label(name) for name in taken}
    out: list[str] = []
    for name in names:
        candidate, suffix = name, 2
        while loose_label(candidate) in seen:
            candidate, suffix = f"{name} ({suffix})", suffix + 1
        out.append(candidate)
        seen.add(loose_label(candidate))
    return out


def loose_clashes(named: Iterable[tuple[str, str]]) -> list[Problem]:
    """Names that differ only in case or spacing, given as (name, its path): :func:`loose_label`
    cannot tell them apart, so packages typed on the command line (or class results) could
    pick either one. Each is reported at the later name's own path (the page marks that
    field). Exact repeats are left to the checks that report them as appearing more than once.
    """
    first: dict[str, str] = {}
    problems = []
    for name, path in named:
        earlier = first.setdefault(loose_label(name), name)
        if earlier != name:
            problems.append(Problem(path, f"{earlier!r} and {name!r} differ only in capitals or spacing"))
    return problems


def _structural_problems(issues: tuple[Issue, ...], parties: tuple[Party, ...]) -> list[Problem]:
    """Shape checks that every Sheet must pass, however it was built."""
    problems: list[Problem] = []
    if not issues:
        problems.append(Problem("issues", "a sheet needs at least one issue"))
    if not MIN_PARTIES <= len(parties) <= MAX_PARTIES:
        problems.append(
            Problem("parties", f"a sheet needs {MIN_PARTIES} to {MAX_PARTIES} parties, not {len(parties)}")
        )
    shape = [len(issue.options) for issue in issues]
    problems += loose_clashes((issue.name, field_path("issues", issue.name)) for issue in issues)
    problems += loose_clashes((party.name, field_path("parties", party.name)) for party in parties)
    for issue in issues:
        if not issue.options:
            problems.append(Problem(field_path("issues", issue.name), "an issue needs options"))
        problems += loose_clashes(
            (o, field_path("issues", issue.name, i)) for i, o in enumerate(issue.options)
        )
    for party in parties:
        if [len(row) for row in party.points] != shape:
            problems.append(
                Problem(
                    field_path("parties", party.name, "points"),
                    "points must give one value for every option of every issue",
                )
            )
    return problems
