"""Exact linear programming over Fractions: a two-phase tableau simplex with Bland's rule.

For the small systems the counterpart model builds (tens of variables and rows):
maximise ``objective . x`` subject to rows ``coefficients . x  (<=, >= or ==)  bound``
and ``x >= 0``. Every number stays a Fraction, so "feasible", "infeasible" and the
optimum are exact answers, never the verdict of a float tolerance. Bland's rule
(lowest-index entering column, lowest-index leaving variable among ties) cannot cycle,
so degenerate systems terminate too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Sense = Literal["<=", ">=", "=="]
Status = Literal["optimal", "infeasible", "unbounded"]

_ZERO = Fraction(0)


@dataclass(frozen=True, slots=True)
class Row:
    """One linear constraint: ``coefficients . x  sense  bound``."""

    coefficients: tuple[Fraction, ...]
    sense: Sense
    bound: Fraction


@dataclass(frozen=True, slots=True)
class Solution:
    status: Status
    value: Fraction | None = None
    """The optimum (None unless ``status`` is "optimal")."""
    point: tuple[Fraction, ...] | None = None
    """An optimal point (None unless ``status`` is "optimal")."""


def maximise(objective: Sequence[Fraction], rows: Sequence[Row]) -> Solution:
    """The largest ``objective . x`` over ``x >= 0`` satisfying every row, and where."""
    return maximise_each([objective], rows, len(objective))[0]


def maximise_each(objectives: Sequence[Sequence[Fraction]], rows: Sequence[Row], n: int) -> list[Solution]:
    """:func:`maximise` for each objective over the same rows (``n`` variables).

    Phase one runs once; each objective then starts from the basis the last one ended
    on, so a batch (say, the least and greatest value of every variable) costs far less
    than separate solves.
    """
    if any(len(row.coefficients) != n for row in rows) or any(len(c) != n for c in objectives):
        raise ValueError("every row and objective needs one coefficient per variable")
    tableau = _Tableau.start(n, rows)
    if tableau is None:
        return [Solution("infeasible") for _ in objectives]
    out = []
    for objective in objectives:
        if not tableau.optimise([Fraction(c) for c in objective] + [_ZERO] * (tableau.width - n)):
            out.append(Solution("unbounded"))
            continue
        point = tableau.point(n)
        value = sum((Fraction(c) * x for c, x in zip(objective, point)), _ZERO)
        out.append(Solution("optimal", value, point))
    return out


def minimise(objective: Sequence[Fraction], rows: Sequence[Row]) -> Solution:
    """The smallest ``objective . x`` over ``x >= 0`` satisfying every row, and where."""
    found = maximise([-Fraction(c) for c in objective], rows)
    if found.value is None:
        return found
    return Solution(found.status, -found.value, found.point)


def feasible_point(variables: int, rows: Sequence[Row]) -> tuple[Fraction, ...] | None:
    """Some ``x >= 0`` satisfying every row, or None when there is none."""
    found = maximise([_ZERO] * variables, rows)
    return found.point


def _non_negative_bound(row: Row) -> tuple[list[Fraction], Sense, Fraction]:
    """The row with a non-negative right-hand side (both sides negated when needed)."""
    coefficients = [Fraction(c) for c in row.coefficients]
    bound = Fraction(row.bound)
    if bound >= 0:
        return coefficients, row.sense, bound
    flipped: Sense = "==" if row.sense == "==" else "<=" if row.sense == ">=" else ">="
    return [-c for c in coefficients], flipped, -bound


@dataclass(slots=True)
class _Tableau:
    """Rows ``x_basis[i] + sum_j rows[i][j] x_j = rows[i][-1]`` (the right-hand side last)."""

    rows: list[list[Fraction]]
    basis: list[int]
    width: int
    """Columns before the right-hand side (artificial ones only during phase one)."""

    @classmethod
    def start(cls, n: int, constraints: Sequence[Row]) -> _Tableau | None:
        """Phase one: a basic feasible solution, or None when there is none."""
        normal = [_non_negative_bound(row) for row in constraints]
        inequalities = sum(1 for _, sense, _ in normal if sense != "==")
        artificials = sum(1 for _, sense, _ in normal if sense != "<=")
        width = n + inequalities  # structural, slack and surplus columns; artificials follow
        rows: list[list[Fraction]] = []
        basis: list[int] = []
        extra, artificial = n, width
        for coefficients, sense, bound in normal:
            line = [*coefficients, *([_ZERO] * (inequalities + artificials)), bound]
            if sense == "<=":
                line[extra] = Fraction(1)
                basis.append(extra)
                extra += 1
            else:
                if sense == ">=":
                    line[extra] = Fraction(-1)
                    extra += 1
                line[artificial] = Fraction(1)
                basis.append(artificial)
                artificial += 1
            rows.append(line)
        tableau = cls(rows, basis, width + artificials)
        if artificials:
            cost = [_ZERO] * width + [Fraction(-1)] * artificials
            tableau.optimise(cost)  # bounded: the artificials' sum cannot go below zero
            if any(tableau.rows[i][-1] != 0 for i, b in enumerate(tableau.basis) if b >= width):
                return None
            tableau.drop_artificials(width)
        return tableau

    def drop_artificials(self, width: int) -> None:
        """Pivot zero-level artificials out of the basis (or drop redundant rows), then drop their columns."""
        i = 0
        while i < len(self.rows):
            if self.basis[i] >= width:
                column = next((j for j in range(width) if self.rows[i][j] != 0), None)
                if column is None:  # the row is a combination of the others
                    del self.rows[i]
                    del self.basis[i]
                    continue
                self.pivot(i, column)
            i += 1
        self.rows = [[*line[:width], line[-1]] for line in self.rows]
        self.width = width

    def optimise(self, cost: list[Fraction]) -> bool:
        """Maximise ``cost . x`` from the current basis; False when unbounded."""
        reduced = [*cost, _ZERO]
        for i, b in enumerate(self.basis):
            if cost[b] != 0:
                self._eliminate(reduced, self.rows[i], cost[b])
        while True:
            entering = next((j for j in range(self.width) if reduced[j] > 0), None)
            if entering is None:
                return True
            leaving = None
            best: tuple[Fraction, int] | None = None
            for i, line in enumerate(self.rows):
                a = line[entering]
                if a > 0:
                    key = (line[-1] / a, self.basis[i])
                    if best is None or key < best:
                        best, leaving = key, i
            if leaving is None:
                return False
            self.pivot(leaving, entering)
            self._eliminate(reduced, self.rows[leaving], reduced[entering])

    def pivot(self, i: int, j: int) -> None:
        line = self.rows[i]
        a = line[j]
        if a != 1:
            line[:] = [x / a if x else x for x in line]
        nonzero = [k for k, x in enumerate(line) if x]
        for r, other in enumerate(self.rows):
            if r != i and other[j]:
                factor = other[j]
                for k in nonzero:
                    other[k] -= factor * line[k]
        self.basis[i] = j

    @staticmethod
    def _eliminate(target: list[Fraction], line: list[Fraction], factor: Fraction) -> None:
        if factor:
            for k, x in enumerate(line):
                if x:
                    target[k] -= factor * x

    def point(self, n: int) -> tuple[Fraction, ...]:
        values = [_ZERO] * n
        for i, b in enumerate(self.basis):
            if b < n:
                values[b] = self.rows[i][-1]
        return tuple(values)
