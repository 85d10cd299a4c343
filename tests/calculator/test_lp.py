"""The exact simplex (``lp``) and the polytope helpers (``polytope``) against brute force."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoresheet import lp, polytope
from scoresheet.lp import Row

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
F = Fraction


def _solve(matrix: list[tuple[Fraction, ...]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a square system, or None when it is singular."""
    n = len(matrix)
    rows = [[*row, b] for row, b in zip(matrix, rhs)]
    for column in range(n):
        pivot = next((r for r in range(column, n) if rows[r][column] != 0), None)
        if pivot is None:
            return None
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(n):
            if r != column and rows[r][column] != 0:
                factor = rows[r][column] / rows[column][column]
                rows[r] = [x - factor * y for x, y in zip(rows[r], rows[column])]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def _satisfies(row: Row, x: list[Fraction] | tuple[Fraction, ...]) -> bool:
    value = sum((a * v for a, v in zip(row.coefficients, x)), F(0))
    return {"<=": value <= row.bound, ">=": value >= row.bound, "==": value == row.bound}[row.sense]


def brute_maximum(objective: list[Fraction], rows: list[Row]) -> Fraction | None:
    """Best objective over every vertex (n active constraints); None when infeasible.

    Only for bounded problems: every variable is boxed by the strategy below.
    """
    n = len(objective)
    unit = [tuple(F(int(i == j)) for j in range(n)) for i in range(n)]
    active = [(r.coefficients, r.bound) for r in rows] + [(u, F(0)) for u in unit]
    best = None
    for chosen in combinations(range(len(active)), n):
        x = _solve([active[k][0] for k in chosen], [active[k][1] for k in chosen])
        if x is None or any(v < 0 for v in x) or not all(_satisfies(r, x) for r in rows):
            continue
        value = sum((c * v for c, v in zip(objective, x)), F(0))
        best = value if best is None else max(best, value)
    return best


@st.composite
def boxed_programs(draw: st.DrawFn) -> tuple[list[Fraction], list[Row]]:
    n = draw(st.integers(min_value=1, max_value=3))
    small = st.integers(min_value=-3, max_value=3).map(F)
    rows = [
        Row(
            tuple(draw(small) for _ in range(n)),
            draw(st.sampled_from(["<=", ">=", "==", "<="])),
            F(draw(st.integers(min_value=-4, max_value=6)), draw(st.sampled_from([1, 2, 3]))),
        )
        for _ in range(draw(st.integers(min_value=0, max_value=4)))
    ]
    rows += [Row(tuple(F(int(i == j)) for j in range(n)), "<=", F(5)) for i in range(n)]
    return [draw(small) for _ in range(n)], rows


@PROPERTY
@given(boxed_programs())
def test_simplex_matches_vertex_enumeration(program: tuple[list[Fraction], list[Row]]) -> None:
    objective, rows = program
    found = lp.maximise(objective, rows)
    expected = brute_maximum(objective, rows)
    if expected is None:
        assert found.status == "infeasible"
    else:
        assert found.status == "optimal" and found.value == expected
        assert found.point is not None and all(v >= 0 for v in found.point)
        assert all(_satisfies(r, found.point) for r in rows)
        low = lp.minimise([-c for c in objective], rows)
        assert low.value == -expected


def test_unbounded_and_infeasible() -> None:
    assert lp.maximise([F(1), F(0)], [Row((F(1), F(-1)), "<=", F(1))]).status == "unbounded"
    assert lp.maximise([F(1)], [Row((F(1),), ">=", F(2)), Row((F(1),), "<=", F(1))]).status == "infeasible"
    assert lp.feasible_point(2, [Row((F(1), F(1)), "==", F(-1))]) is None


def test_bland_rule_does_not_cycle_on_beales_example() -> None:
    # Beale (1955): the textbook rule (largest coefficient) cycles forever here.
    rows = [
        Row((F(1, 4), F(-60), F(-1, 25), F(9)), "<=", F(0)),
        Row((F(1, 2), F(-90), F(-1, 50), F(3)), "<=", F(0)),
        Row((F(0), F(0), F(1), F(0)), "<=", F(1)),
    ]
    found = lp.maximise([F(3, 4), F(-150), F(1, 50), F(-6)], rows)
    assert found.status == "optimal" and found.value == F(1, 20)


def test_redundant_equalities_are_dropped() -> None:
    rows = [Row((F(1), F(1)), "==", F(2)), Row((F(2), F(2)), "==", F(4)), Row((F(1), F(0)), "<=", F(1))]
    found = lp.maximise([F(0), F(1)], rows)
    assert found.status == "optimal" and found.value == 2 and found.point == (F(0), F(2))


def test_strict_rows_need_room() -> None:
    x = (F(1),)
    assert polytope.consistent(1, [polytope.at_least(x, F(1)), polytope.at_most(x, F(1))])
    assert not polytope.consistent(1, [polytope.at_least(x, F(1), strict=True), polytope.at_most(x, F(1))])
    assert not polytope.consistent(1, [polytope.at_least((F(0),), F(0), strict=True)])  # 0 > 0
    assert polytope.consistent(1, [polytope.at_least((F(0),), F(-1), strict=True)])


def test_samples_stay_inside_and_are_seeded() -> None:
    # The simplex x + y + z = 1 with x >= 2y: a triangle in 3-D.
    rows = [
        polytope.equal((F(1), F(1), F(1)), F(1)),
        polytope.at_least((F(1), F(-2), F(0)), F(0)),
    ]
    points = polytope.sample(3, rows, 400, seed=3)
    assert len(points) == 400 and points == polytope.sample(3, rows, 400, seed=3)
    assert points != polytope.sample(3, rows, 400, seed=4)
    for x, y, z in points:
        assert abs(x + y + z - 1) < 1e-9 and x - 2 * y >= -1e-9 and min(x, y, z) >= -1e-9
    # The triangle's vertices are (1, 0, 0), (0, 0, 1) and (2/3, 1/3, 0): the mean nears their centroid.
    mean = [sum(p[k] for p in points) / len(points) for k in range(3)]
    centroid = [F(5, 9), F(1, 9), F(1, 3)]
    assert all(abs(m - float(c)) < 0.06 for m, c in zip(mean, centroid))


def test_hidden_equalities_are_found_and_kept() -> None:
    # x >= y and y >= x: the set is the segment x = y, x + y + z = 1.
    rows = [
        polytope.at_least((F(1), F(-1), F(0)), F(0)),
        polytope.at_least((F(-1), F(1), F(0)), F(0)),
        polytope.equal((F(1), F(1), F(1)), F(1)),
    ]
    inside = polytope.interior(3, rows)
    assert inside is not None and inside.flat == {0, 1}
    points = polytope.sample(3, rows, 50, seed=1)
    assert all(abs(x - y) < 1e-9 for x, y, _ in points)
    assert len({round(z, 6) for _, _, z in points}) > 10  # it still moves along the segment
    assert polytope.sample(1, [polytope.at_least((F(1),), F(2)), polytope.at_most((F(1),), F(1))], 5) == []


@st.composite
def interval_statements(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Statements "low <= x <= high" on one variable: a conflict is a set of disjoint ones."""
    count = draw(st.integers(min_value=1, max_value=7))
    out = []
    for _ in range(count):
        low = draw(st.integers(min_value=0, max_value=8))
        out.append((low, low + draw(st.integers(min_value=0, max_value=4))))
    return out


@PROPERTY
@given(interval_statements())
def test_deletion_filter_finds_an_irreducible_conflict(statements: list[tuple[int, int]]) -> None:
    def holds(kept: frozenset[int]) -> bool:
        rows = []
        for k in kept:
            low, high = statements[k]
            rows += [polytope.at_least((F(1),), F(low)), polytope.at_most((F(1),), F(high))]
        return polytope.consistent(1, rows)

    everything = frozenset(range(len(statements)))
    if holds(everything):
        return
    conflict = frozenset(polytope.deletion_filter(len(statements), holds))
    assert not holds(conflict)
    assert all(holds(conflict - {k}) for k in conflict)
    assert len(conflict) == 2  # intervals: two disjoint ones always suffice, and one never does
