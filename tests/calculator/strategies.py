"""Hypothesis strategies for small random score sheets, built straight from the model.

Sheets have 2-4 parties, 1-4 issues and 1-4 options per issue (so at most 256
packages; one-option issues are allowed by the model, though not by the JSON
validator). Points come from a small range so that ties are frequent, sometimes as
thirds or sevenths, sometimes as weights times ratings; some parties copy or mirror
another (compatible and purely distributive issues); reservation values are None or
somewhere around the party's range.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from scoresheet.model import Issue, Party, Sheet

MAX_PACKAGES = 300

Rows = tuple[tuple[Fraction, ...], ...]
"""Points (or ratings) of one party: ``rows[issue][option]``."""

small_ints = st.integers(min_value=-3, max_value=5).map(Fraction)
thirds = st.integers(min_value=-9, max_value=15).map(lambda k: Fraction(k, 3))
sevenths = st.integers(min_value=-14, max_value=35).map(lambda k: Fraction(k, 7))
point_values = st.one_of(small_ints, small_ints, small_ints, thirds, sevenths)
ratings_values = st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(1)])


@st.composite
def shapes(draw, max_issues: int = 4, max_options: int = 4) -> tuple[int, ...]:
    """Options per issue (larger sheets favoured), keeping packages within MAX_PACKAGES."""
    count = draw(st.integers(min_value=1, max_value=max_issues) | st.just(max_issues))
    sizes: list[int] = []
    total = 1
    for _ in range(count):
        size = draw(st.integers(min_value=1, max_value=max_options) | st.integers(2, max(2, max_options)))
        if total * size > MAX_PACKAGES:
            size = 1
        sizes.append(size)
        total *= size
    return tuple(sizes)


def _issues(shape: tuple[int, ...]) -> tuple[Issue, ...]:
    return tuple(
        Issue(f"issue {chr(ord('A') + i)}", tuple(f"option {i}.{o}" for o in range(size)))
        for i, size in enumerate(shape)
    )


@st.composite
def reservations(draw, points: Rows) -> Fraction | None:
    """None, or a value from a little below the party's worst to a little above its best."""
    if draw(st.booleans()):
        return None
    low = sum((min(row) for row in points), Fraction(0))
    high = sum((max(row) for row in points), Fraction(0))
    style = draw(st.sampled_from(["inside", "inside", "edge", "outside"]))
    if style == "edge":
        return draw(st.sampled_from([low, high]))
    if style == "outside":
        return draw(st.sampled_from([low - 1, high + Fraction(1, 3)]))
    # An integer or a third between worst and best (inclusive).
    steps = int((high - low) * 3)
    return low + Fraction(draw(st.integers(min_value=0, max_value=steps)), 3)


@st.composite
def party_points(draw, shape: tuple[int, ...], earlier: list[Rows], numbers) -> Rows:
    kind = draw(st.sampled_from(["free", "free", "free", "copy", "mirror"]))
    if kind in ("copy", "mirror") and earlier:
        source = draw(st.sampled_from(earlier))
        sign = 1 if kind == "copy" else -1
        # Copies and mirrors are of some issues only; the rest are drawn afresh.
        return tuple(
            tuple(sign * v for v in row) if draw(st.booleans()) else tuple(draw(numbers) for _ in row)
            for row in source
        )
    return tuple(tuple(draw(numbers) for _ in range(n)) for n in shape)


def _twin(rows: Rows, twins: list[tuple[int, int]]) -> Rows:
    """Copy option 0's value onto each (issue, option) in ``twins``."""
    out = [list(row) for row in rows]
    for issue, option in twins:
        out[issue][option] = out[issue][0]
    return tuple(tuple(row) for row in out)


@st.composite
def sheets(
    draw, min_parties: int = 2, max_parties: int = 4, max_issues: int = 4, max_options: int = 4
) -> Sheet:
    """A random small sheet (see the module docstring)."""
    shape = draw(shapes(max_issues=max_issues, max_options=max_options))
    count = draw(st.integers(min_value=min_parties, max_value=max_parties))
    numbers = draw(st.sampled_from([small_ints, point_values]))
    # Options every party scores exactly like option 0 of the same issue: tied packages.
    twins = [
        (issue, option)
        for issue, size in enumerate(shape)
        for option in range(1, size)
        if draw(st.integers(min_value=0, max_value=5)) == 0
    ]
    specs: list[tuple[Rows, tuple[Fraction, ...] | None]] = []
    for _ in range(count):
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            weights = tuple(Fraction(draw(st.integers(min_value=0, max_value=5))) for _ in shape)
            ratings = tuple(tuple(draw(ratings_values) for _ in range(n)) for n in shape)
            specs.append((_twin(ratings, twins), weights))
        else:
            points = draw(party_points(shape, [rows for rows, weights in specs if weights is None], numbers))
            specs.append((_twin(points, twins), None))
    parties = []
    for p, (rows, weights) in enumerate(specs):
        name = f"party {p}"
        if weights is None:
            parties.append(Party(name, rows, draw(reservations(rows))))
        else:
            probe = Party.weighted(name, weights, rows)
            parties.append(Party.weighted(name, weights, rows, draw(reservations(probe.points))))
    return Sheet(_issues(shape), tuple(parties))


@st.composite
def sheets_and_packages(draw, **kwargs) -> tuple[Sheet, tuple[int, ...]]:
    """A sheet and one of its packages."""
    sheet = draw(sheets(**kwargs))
    package = tuple(
        draw(st.integers(min_value=0, max_value=len(issue.options) - 1)) for issue in sheet.issues
    )
    return sheet, package


def vectors(dimension: int, low: int = -3, high: int = 6) -> st.SearchStrategy[tuple[int, ...]]:
    return st.tuples(*(st.integers(min_value=low, max_value=high) for _ in range(dimension)))


@st.composite
def vector_lists(draw, min_dimension: int = 1, max_dimension: int = 5) -> list[tuple[int, ...]]:
    """Random integer vectors of one dimension, with many duplicates and ties."""
    dimension = draw(st.integers(min_value=min_dimension, max_value=max_dimension))
    spread = draw(st.sampled_from([2, 4, 10, 1000]))
    return draw(st.lists(vectors(dimension, -spread // 2, spread), max_size=60))
