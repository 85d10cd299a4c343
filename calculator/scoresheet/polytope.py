"""Sets of points ``x >= 0`` cut out by linear constraints: exact tests, seeded sampling.

The counterpart model keeps every sheet consistent with what the user believes and has
seen as such a set (a polytope). Here the set is generic: a list of :class:`Constraint`
rows over ``n`` non-negative variables, some of them strict (``>``).

- :func:`consistent` and :func:`ranges` are exact (the simplex of ``lp`` over Fractions).
- :func:`deletion_filter` finds an irreducible conflict: statements that cannot all
  hold although any smaller part of them can.
- :func:`sample` draws points by hit-and-run from an interior point the exact LP finds:
  each step picks a direction inside the set's affine hull and a uniform point on the
  chord through the set. Seeded, so the same input always gives the same points.
  Floats are used for the walk only (a sample is an estimate anyway).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from .lp import Row, maximise, maximise_each

Relation = Literal[">=", ">", "=="]

_ONE = Fraction(1)
_ZERO = Fraction(0)
_FLAT = 1e-12
"""A direction component this small along a constraint counts as parallel to it."""


@dataclass(frozen=True, slots=True)
class Constraint:
    """``coefficients . x  relation  bound``; ``>`` is strict."""

    coefficients: tuple[Fraction, ...]
    relation: Relation
    bound: Fraction

    def slack(self, point: Sequence[Fraction]) -> Fraction:
        return sum((a * x for a, x in zip(self.coefficients, point)), _ZERO) - self.bound

    def holds(self, point: Sequence[Fraction]) -> bool:
        slack = self.slack(point)
        return slack == 0 if self.relation == "==" else slack > 0 if self.relation == ">" else slack >= 0


def at_least(coefficients: Sequence[Fraction], bound: Fraction, strict: bool = False) -> Constraint:
    return Constraint(tuple(coefficients), ">" if strict else ">=", bound)


def at_most(coefficients: Sequence[Fraction], bound: Fraction) -> Constraint:
    return Constraint(tuple(-c for c in coefficients), ">=", -bound)


def equal(coefficients: Sequence[Fraction], bound: Fraction) -> Constraint:
    return Constraint(tuple(coefficients), "==", bound)


def _trivial(constraint: Constraint) -> bool | None:
    """For a row with no variables: whether it holds; None for a real row."""
    if any(constraint.coefficients):
        return None
    return Constraint((), constraint.relation, constraint.bound).holds(())


def _rows(constraints: Sequence[Constraint], extra: int = 0, slack: Sequence[bool] = ()) -> list[Row]:
    """LP rows; ``extra`` zero columns appended; rows flagged in ``slack`` get ``- t`` (the last)."""
    rows = []
    for k, c in enumerate(constraints):
        coefficients = c.coefficients + (_ZERO,) * extra
        if slack and slack[k]:
            coefficients = (*coefficients[:-1], -_ONE)
        rows.append(Row(coefficients, "==" if c.relation == "==" else ">=", c.bound))
    return rows


def consistent(n: int, constraints: Sequence[Constraint]) -> bool:
    """True when some ``x >= 0`` satisfies every constraint (strict ones strictly)."""
    real = []
    for c in constraints:
        trivial = _trivial(c)
        if trivial is False:
            return False
        if trivial is None:
            real.append(c)
    strict = [c.relation == ">" for c in real]
    if not any(strict):
        return maximise([_ZERO] * n, _rows(real)).status == "optimal"
    # Strict rows get a common margin t (at most 1): they can hold strictly iff t can be positive.
    rows = [*_rows(real, 1, strict), Row((_ZERO,) * n + (_ONE,), "<=", _ONE)]
    found = maximise([_ZERO] * n + [_ONE], rows)
    return found.value is not None and found.value > 0


def ranges(
    n: int, constraints: Sequence[Constraint], objectives: Sequence[Sequence[Fraction]]
) -> list[tuple[Fraction, Fraction]] | None:
    """Least and greatest value of each objective over the set's closure (strict rows
    count as weak ones); None when the set is empty or some objective is unbounded."""
    if any(_trivial(c) is False for c in constraints):
        return None
    rows = _rows([c for c in constraints if _trivial(c) is None])
    batch = [tuple(-c for c in objective) for objective in objectives] + [tuple(o) for o in objectives]
    values = [found.value for found in maximise_each(batch, rows, n)]
    out = []
    for low, high in zip(values[: len(objectives)], values[len(objectives) :]):
        if low is None or high is None:
            return None
        out.append((-low, high))
    return out


def deletion_filter(count: int, holds: Callable[[frozenset[int]], bool]) -> tuple[int, ...]:
    """An irreducible conflict among statements ``0..count-1``.

    ``holds(kept)`` says whether the statements in ``kept`` can all be true together
    (more statements can only make that harder). All of them together must fail. Each
    statement is dropped in turn and stays dropped when the rest still fail; what is
    left fails, yet holds without any one of its members.
    """
    kept = set(range(count))
    for statement in range(count):
        trial = frozenset(kept - {statement})
        if not holds(trial):
            kept.discard(statement)
    return tuple(sorted(kept))


@dataclass(frozen=True, slots=True)
class Interior:
    """A point inside the set's relative interior and the rows that hold with equality throughout."""

    point: tuple[Fraction, ...]
    flat: frozenset[int]
    """Indexes of inequality rows (``x_j >= 0`` are rows ``len(constraints) + j``) that are
    equalities on the whole set."""


def interior(n: int, constraints: Sequence[Constraint]) -> Interior | None:
    """A relative-interior point, exactly (None when the set is empty).

    Maximises a common margin t over every inequality (``x >= 0`` included); when the
    best margin is zero, rows whose own slack cannot leave zero are equalities in
    disguise: they are found one LP each and held as equalities for a second margin LP.
    """
    if any(_trivial(c) is False for c in constraints):
        return None
    rows, index = _with_signs(n, constraints)
    plain = [Row(r.coefficients, "==" if r.relation == "==" else ">=", r.bound) for r in rows]
    flat: set[int] = set()
    for attempt in range(2):
        margin = [r.relation != "==" and i not in flat for r, i in zip(rows, index)]
        system = [
            Row((*r.coefficients, _ZERO), "==", r.bound) if i in flat else row
            for r, i, row in zip(rows, index, _rows(rows, 1, margin))
        ]
        system.append(Row((_ZERO,) * n + (_ONE,), "<=", _ONE))
        found = maximise([_ZERO] * n + [_ONE], system)
        if found.point is None or found.value is None:
            return None
        if found.value > 0 or not any(margin) or attempt == 1:
            return Interior(found.point[:n], frozenset(flat))
        for r, i in zip(rows, index):
            if r.relation != "==":
                best = maximise(r.coefficients, plain)
                if best.value is not None and best.value == r.bound:
                    if r.relation == ">":
                        return None  # a strict row that can only hold with equality: empty
                    flat.add(i)
    return None


def _with_signs(n: int, constraints: Sequence[Constraint]) -> tuple[list[Constraint], list[int]]:
    """The real rows (index kept) plus ``x_k >= 0`` as rows ``len(constraints) + k``."""
    rows = [c for c in constraints if _trivial(c) is None]
    index = [i for i, c in enumerate(constraints) if _trivial(c) is None]
    rows += [at_least(tuple(_ONE if j == k else _ZERO for j in range(n)), _ZERO) for k in range(n)]
    index += [len(constraints) + k for k in range(n)]
    return rows, index


def _null_space(n: int, equalities: Sequence[tuple[Fraction, ...]]) -> list[list[float]]:
    """An orthonormal basis (floats) of the directions every equality row keeps at zero."""
    matrix = [list(row) for row in equalities if any(row)]
    pivots: list[int] = []
    r = 0
    for column in range(n):
        found = next((i for i in range(r, len(matrix)) if matrix[i][column] != 0), None)
        if found is None:
            continue
        matrix[r], matrix[found] = matrix[found], matrix[r]
        lead = matrix[r][column]
        matrix[r] = [x / lead for x in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][column] != 0:
                factor = matrix[i][column]
                matrix[i] = [x - factor * y for x, y in zip(matrix[i], matrix[r])]
        pivots.append(column)
        r += 1
    free = [j for j in range(n) if j not in pivots]
    basis: list[list[float]] = []
    for j in free:
        vector = [_ZERO] * n
        vector[j] = _ONE
        for row, column in zip(matrix, pivots):
            vector[column] = -row[j]
        v = [float(x) for x in vector]
        for b in basis:  # Gram-Schmidt
            dot = sum(x * y for x, y in zip(v, b))
            v = [x - dot * y for x, y in zip(v, b)]
        norm = math.sqrt(sum(x * x for x in v))
        basis.append([x / norm for x in v])
    return basis


def sample(
    n: int,
    constraints: Sequence[Constraint],
    count: int,
    seed: int = 0,
    thinning: int | None = None,
    burn_in: int | None = None,
) -> list[tuple[float, ...]]:
    """``count`` points spread uniformly over the set (hit-and-run); [] when it is empty.

    Each step moves along one direction of an orthonormal basis of the set's affine
    hull, picked at random, to a uniform point of the chord through the set: a step
    costs one pass over the walls, so many cheap steps replace a few dear ones.
    ``thinning`` steps separate kept points (default: three per dimension), after
    ``burn_in`` steps (default: ten times thinning) from the interior point.
    """
    start = interior(n, constraints)
    if start is None:
        return []
    rows, index = _with_signs(n, constraints)
    equalities = [r.coefficients for r, i in zip(rows, index) if r.relation == "==" or i in start.flat]
    walls = [r for r, i in zip(rows, index) if r.relation != "==" and i not in start.flat]
    basis = _null_space(n, equalities)
    x = [float(v) for v in start.point]
    if not basis:
        return [tuple(x)] * count
    dimension = len(basis)
    thinning = thinning or 3 * dimension
    burn_in = 10 * thinning if burn_in is None else burn_in
    a = [[float(c) for c in wall.coefficients] for wall in walls]
    b = [float(wall.bound) for wall in walls]
    # rates[k][w]: how fast wall w's slack changes along basis direction k.
    rates = [[sum(p * q for p, q in zip(row, base)) for row in a] for base in basis]
    rng = random.Random(seed)
    points: list[tuple[float, ...]] = []
    step = 0
    slack: list[float] = []
    while len(points) < count:
        if step % 64 == 0:  # recompute now and then, so rounding never drifts far
            slack = [sum(p * q for p, q in zip(row, x)) - bound for row, bound in zip(a, b)]
        k = rng.randrange(dimension)
        low, high = -math.inf, math.inf
        for s, rate in zip(slack, rates[k]):
            if rate > _FLAT:
                low = max(low, -s / rate)
            elif rate < -_FLAT:
                high = min(high, -s / rate)
        if not (math.isfinite(low) and math.isfinite(high)):
            raise ValueError("the set is unbounded: it cannot be sampled uniformly")
        t = rng.uniform(low, high) if low < high else 0.0
        x = [xj + t * dj for xj, dj in zip(x, basis[k])]
        slack = [s + t * rate for s, rate in zip(slack, rates[k])]
        step += 1
        if step > burn_in and (step - burn_in) % thinning == 0:
            points.append(tuple(x))
    return points
