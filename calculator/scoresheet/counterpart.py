"""Reading the other side: the set of counterpart sheets consistent with what you know.

You know your own score sheet; the counterpart's is hidden. What you believe about it
and what you see it do become linear constraints, and every sheet that satisfies them
stays possible.

The parametrisation. The counterpart's points for option ``o`` of issue ``i`` are
``sum over shapes k of v[i][k] * shape[i][k][o]``, with every ``v >= 0`` and all of
them summing to ``total`` (100 unless you say otherwise: its best package is worth
100). A shape is a rating of every option from 0 to 1 that your beliefs fix:

- ``ascending``: 0 for the first option rising in equal steps to 1 for the last;
  ``descending`` the reverse; a ``favourite`` option: 1 there, falling in equal steps
  with the distance from it, to 0 at the farthest option; or ratings you enter.
  Such an issue has one shape, and ``v[i][0]`` is its weight (its range in points).
- ``unknown``: the issue gets both the ascending and the descending shape. Their sum is
  the issue's weight; when both are positive the issue's range is their difference, so
  an issue whose direction is unknown may matter less than its weight says. This keeps
  one convex set instead of one set per guess of every unknown direction.

A reservation variable ``r`` (``0 <= r <= total``) joins the weights. So a counterpart
sheet is a point of a polytope: a belief about weights or the reservation value and
each piece of evidence cut it:

- "they preferred offer B among A, B, C": ``value(B) >= value(A)`` and ``>= value(C)``;
- "they said X matters more than Y": ``weight(X) >= weight(Y)``;
- "they accepted P": ``value(P) >= r``; "they rejected P": ``value(P) < r``.

Each belief and each piece of evidence is a :class:`Statement` with a path
(``evidence[2]``, ``beliefs.issues.Price.direction``...). Consistency is exact (the
simplex of ``lp``; a strict constraint must hold with a positive margin). When
statements contradict each other, :func:`consistency` names a conflict (statements
that cannot all hold, though any smaller part of them can) and the smallest sets of
statements to drop. Dropping a direction belief does not delete the issue: the issue
then gets the ascending and the descending shape as well as the believed one. Bounds
(the least and greatest weight of each issue, and of ``r``) are over the set's closure.

Sampling the set (``sample_counterparts``) and what the samples tell (probability
that a package is efficient, expected values, the next MESOs) live in
``counterpart_estimate``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

from . import polytope
from .errors import Problem, SheetError, did_you_mean, field_path
from .exact import display_number
from .model import MAX_PARTIES, Package, Party, Sheet

DIRECTIONS = ("ascending", "descending", "unknown")
DEFAULT_TOTAL = Fraction(100)
DROP_SEARCH_BUDGET = 60
"""Consistency tests spent looking for the smallest set of statements to drop."""

_ZERO = Fraction(0)
_ONE = Fraction(1)

Shape = tuple[Fraction, ...]
"""A rating (0..1) for every option of one issue."""


@dataclass(frozen=True, slots=True)
class Range:
    """A closed range; either end may be open (None)."""

    low: Fraction | None = None
    high: Fraction | None = None


@dataclass(frozen=True, slots=True)
class IssueBelief:
    """What you believe about one issue of the counterpart's sheet."""

    direction: str = "unknown"
    """``ascending`` (prefers later options), ``descending`` or ``unknown``."""
    favourite: str | None = None
    """The option it likes best, when it lies between the ends (sets the shape)."""
    ratings: Mapping[str, Fraction] | None = None
    """Your guess of its rating (0..1) of every option (sets the shape; overrides the rest)."""
    weight: Range = Range()
    """Range for the issue's weight, in the counterpart's points."""


@dataclass(frozen=True)
class Beliefs:
    """Everything you believe about the counterpart before any evidence."""

    counterpart: str
    issues: Mapping[str, IssueBelief] = field(default_factory=dict)
    """Per issue name; issues left out are ``unknown`` with any weight."""
    weight_order: tuple[str, ...] = ()
    """Issues from most to least important to the counterpart (any subset, in order)."""
    reservation: Range = Range()
    """Range for the counterpart's reservation value."""
    total: Fraction = DEFAULT_TOTAL
    """What the counterpart's best package is worth, on the same scale as your points."""


@dataclass(frozen=True, slots=True)
class Preferred:
    """The counterpart preferred ``offers[chosen]`` among ``offers`` (e.g. a MESO)."""

    offers: tuple[Package, ...]
    chosen: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class MattersMore:
    """The counterpart said issue ``more`` matters more to it than issue ``less``."""

    more: str
    less: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Response:
    """The counterpart accepted (or rejected) ``package``."""

    package: Package
    accepted: bool
    note: str = ""


Evidence = Preferred | MattersMore | Response


@dataclass(frozen=True, slots=True)
class Statement:
    """One belief or piece of evidence: where it came from and what it says."""

    path: str
    """``beliefs.issues.Price.weight``, ``beliefs.weight_order[0]``, ``evidence[3]``..."""
    text: str

    @property
    def kind(self) -> str:
        return "evidence" if self.path.startswith("evidence") else "belief"


# What each statement asks of a counterpart sheet (internal; built by counterpart_model).
@dataclass(frozen=True, slots=True)
class _ShapeRule:
    issue: int


@dataclass(frozen=True, slots=True)
class _WeightRule:
    issue: int
    low: Fraction | None
    high: Fraction | None


@dataclass(frozen=True, slots=True)
class _OrderRule:
    more: int
    less: int


@dataclass(frozen=True, slots=True)
class _ReservationRule:
    low: Fraction | None
    high: Fraction | None


@dataclass(frozen=True, slots=True)
class _PreferRule:
    chosen: Package
    others: tuple[Package, ...]


@dataclass(frozen=True, slots=True)
class _RespondRule:
    package: Package
    accepted: bool


_Rule = _ShapeRule | _WeightRule | _OrderRule | _ReservationRule | _PreferRule | _RespondRule


@dataclass(frozen=True, slots=True)
class Layout:
    """The variables of one system: shape weights per issue, then the reservation value."""

    shapes: tuple[tuple[Shape, ...], ...]
    """Per issue, the rating shapes its points are a weighted sum of."""
    offsets: tuple[int, ...]
    """Index of each issue's first shape variable."""

    @property
    def variables(self) -> int:
        return self.offsets[-1] + len(self.shapes[-1]) + 1

    @property
    def reservation(self) -> int:
        """Index of the reservation variable (the last)."""
        return self.variables - 1

    def value(self, package: Package) -> tuple[Fraction, ...]:
        """Coefficients of the counterpart's value of ``package``."""
        out = [_ZERO] * self.variables
        for i, option in enumerate(package):
            for k, shape in enumerate(self.shapes[i]):
                out[self.offsets[i] + k] = shape[option]
        return tuple(out)

    def weight(self, issue: int) -> tuple[Fraction, ...]:
        """Coefficients of an issue's weight (the sum of its shape variables)."""
        out = [_ZERO] * self.variables
        for k in range(len(self.shapes[issue])):
            out[self.offsets[issue] + k] = _ONE
        return tuple(out)

    def points(self, x: Sequence[float]) -> tuple[tuple[float, ...], ...]:
        """The counterpart's points per issue and option at the point ``x``."""
        return tuple(
            tuple(
                sum(x[offset + k] * float(shape[o]) for k, shape in enumerate(shapes))
                for o in range(len(shapes[0]))
            )
            for offset, shapes in zip(self.offsets, self.shapes)
        )


@dataclass(frozen=True)
class CounterpartModel:
    """Your sheet, your beliefs and the evidence, resolved against the sheet's issues."""

    sheet: Sheet
    user: int
    """Your party's index in ``sheet`` (and in every sheet the model builds)."""
    counterpart: str
    slot: int
    """Where the counterpart sits among the parties of the sheets the model builds."""
    known: tuple[Party, ...]
    """Every party of ``sheet`` except the counterpart (its points there are ignored)."""
    total: Fraction
    believed: tuple[Shape | None, ...]
    """Per issue, the believed shape; None when the direction is unknown."""
    statements: tuple[Statement, ...]
    rules: tuple[_Rule, ...]
    dropped: tuple[Statement, ...]
    """Statements set aside by the caller (``dropped`` paths): not used."""

    def layout(self, kept: Collection[int] | None = None) -> Layout:
        """The variables when only the statements in ``kept`` hold (all by default)."""
        held = set()
        for k in self._kept(kept):
            rule = self.rules[k]
            if isinstance(rule, _ShapeRule):
                held.add(rule.issue)
        shapes = []
        for i, issue in enumerate(self.sheet.issues):
            size = len(issue.options)
            believed = self.believed[i]
            options: list[Shape] = []
            if believed is not None:
                options.append(believed)
            if believed is None or i not in held:
                for shape in (linear_shape(size, size - 1), linear_shape(size, 0)):
                    if shape not in options:
                        options.append(shape)
            shapes.append(tuple(options))
        offsets, at = [], 0
        for issue_shapes in shapes:
            offsets.append(at)
            at += len(issue_shapes)
        return Layout(tuple(shapes), tuple(offsets))

    def constraints(self, kept: Collection[int] | None = None) -> tuple[Layout, list[polytope.Constraint]]:
        """The layout and the constraints of the statements in ``kept`` (all by default)."""
        layout = self.layout(kept)
        n = layout.variables
        r = tuple(_ONE if j == layout.reservation else _ZERO for j in range(n))
        weights_total = tuple(_ZERO if j == layout.reservation else _ONE for j in range(n))
        rows = [polytope.equal(weights_total, self.total), polytope.at_most(r, self.total)]
        for k in self._kept(kept):
            rows.extend(_rule_rows(self.rules[k], layout, r))
        return layout, rows

    def holds(self, kept: Collection[int] | None = None) -> bool:
        """True when the statements in ``kept`` (all by default) can all be true together."""
        layout, rows = self.constraints(kept)
        return polytope.consistent(layout.variables, rows)

    def _kept(self, kept: Collection[int] | None) -> Collection[int]:
        return range(len(self.rules)) if kept is None else kept

    def sheet_with(self, counterpart: Party) -> Sheet:
        """A sheet of the known parties with ``counterpart`` in its place."""
        parties = (*self.known[: self.slot], counterpart, *self.known[self.slot :])
        return Sheet(self.sheet.issues, parties, self.sheet.title, self.sheet.description)


def linear_shape(size: int, favourite: int) -> Shape:
    """1 at ``favourite``, falling in equal steps with distance, 0 at the farthest option."""
    far = max(favourite, size - 1 - favourite)
    if far == 0:
        return (_ONE,) * size
    return tuple(1 - Fraction(abs(o - favourite), far) for o in range(size))


def _rule_rows(rule: _Rule, layout: Layout, r: tuple[Fraction, ...]) -> list[polytope.Constraint]:
    if isinstance(rule, _ShapeRule):
        return []  # it acts through the layout
    if isinstance(rule, _WeightRule):
        rows = []
        if rule.low is not None:
            rows.append(polytope.at_least(layout.weight(rule.issue), rule.low))
        if rule.high is not None:
            rows.append(polytope.at_most(layout.weight(rule.issue), rule.high))
        return rows
    if isinstance(rule, _OrderRule):
        more, less = layout.weight(rule.more), layout.weight(rule.less)
        return [polytope.at_least(tuple(a - b for a, b in zip(more, less)), _ZERO)]
    if isinstance(rule, _ReservationRule):
        rows = []
        if rule.low is not None:
            rows.append(polytope.at_least(r, rule.low))
        if rule.high is not None:
            rows.append(polytope.at_most(r, rule.high))
        return rows
    if isinstance(rule, _PreferRule):
        chosen = layout.value(rule.chosen)
        return [
            polytope.at_least(tuple(a - b for a, b in zip(chosen, layout.value(other))), _ZERO)
            for other in rule.others
        ]
    value = layout.value(rule.package)
    margin = tuple(a - b for a, b in zip(value, r))
    if rule.accepted:
        return [polytope.at_least(margin, _ZERO)]
    return [polytope.at_least(tuple(-m for m in margin), _ZERO, strict=True)]


def counterpart_model(
    sheet: Sheet,
    user: str,
    beliefs: Beliefs,
    evidence: Sequence[Evidence] = (),
    dropped: Collection[str] = (),
) -> CounterpartModel:
    """Resolve beliefs and evidence against ``sheet``; SheetError lists every problem.

    ``user`` is your party; ``beliefs.counterpart`` names the other side: if the sheet
    has a party of that name its points are ignored (they are what is being estimated).
    Statements whose path is in ``dropped`` are kept aside, unused.
    """
    problems: list[Problem] = []
    if user not in sheet.party_names:
        hint = did_you_mean(user, sheet.party_names)
        problems.append(
            Problem("user", f"unknown party {user!r}{hint}; parties are {_names(sheet.party_names)}")
        )
    if beliefs.counterpart == user or not beliefs.counterpart.strip():
        problems.append(Problem("beliefs.counterpart", "name the other side (not yourself)"))
    if beliefs.total <= 0:
        problems.append(Problem("beliefs.total", "must be positive"))
    known = tuple(p for p in sheet.parties if p.name != beliefs.counterpart)
    slot = (
        sheet.party_names.index(beliefs.counterpart)
        if beliefs.counterpart in sheet.party_names
        else len(known)
    )
    if len(known) + 1 > MAX_PARTIES:
        problems.append(Problem("beliefs.counterpart", f"a sheet holds at most {MAX_PARTIES} parties"))
    reader = _Reader(sheet, beliefs, problems)
    believed = reader.shapes()
    reader.weights()
    reader.order()
    reader.reservation()
    for k, item in enumerate(evidence):
        reader.evidence(k, item)
    if problems:
        raise SheetError(problems)
    wanted = set(dropped)
    unknown_drops = wanted - {s.path for s in reader.statements}
    if unknown_drops:
        raise SheetError(Problem("dropped", f"no statement at {path}") for path in sorted(unknown_drops))
    pairs = [(s, rule) for s, rule in zip(reader.statements, reader.rules) if s.path not in wanted]
    return CounterpartModel(
        sheet=sheet,
        user=sheet.party_names.index(user),
        counterpart=beliefs.counterpart,
        slot=slot,
        known=known,
        total=beliefs.total,
        believed=believed,
        statements=tuple(s for s, _ in pairs),
        rules=tuple(rule for _, rule in pairs),
        dropped=tuple(s for s in reader.statements if s.path in wanted),
    )


def _names(names: Sequence[str]) -> str:
    return ", ".join(repr(n) for n in names)


class _Reader:
    """Turns beliefs and evidence into statements and rules, collecting problems."""

    def __init__(self, sheet: Sheet, beliefs: Beliefs, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.beliefs = beliefs
        self.problems = problems
        self.statements: list[Statement] = []
        self.rules: list[_Rule] = []

    def add(self, path: str, text: str, rule: _Rule) -> None:
        self.statements.append(Statement(path, text))
        self.rules.append(rule)

    def issue(self, name: str, path: str) -> int | None:
        try:
            return self.sheet.issue_names.index(name)
        except ValueError:
            self.problems.append(
                Problem(
                    path,
                    f"unknown issue {name!r}{did_you_mean(name, self.sheet.issue_names)}; "
                    f"issues are {_names(self.sheet.issue_names)}",
                )
            )
            return None

    def shapes(self) -> tuple[Shape | None, ...]:
        for name in self.beliefs.issues:
            self.issue(name, field_path("beliefs.issues", name))
        believed: list[Shape | None] = []
        for i, issue in enumerate(self.sheet.issues):
            belief = self.beliefs.issues.get(issue.name, IssueBelief())
            path = field_path("beliefs.issues", issue.name)
            shape, field_name, text = self.shape(issue.name, issue.options, belief, path)
            believed.append(shape)
            if shape is not None:
                self.add(field_path(path, field_name), text, _ShapeRule(i))
        return tuple(believed)

    def shape(
        self, name: str, options: tuple[str, ...], belief: IssueBelief, path: str
    ) -> tuple[Shape | None, str, str]:
        size = len(options)
        if belief.direction not in DIRECTIONS:
            self.problems.append(
                Problem(
                    field_path(path, "direction"),
                    f"must be one of {', '.join(DIRECTIONS)}, not {belief.direction!r}",
                )
            )
            return None, "", ""
        if belief.ratings is not None:
            return self.rated(name, options, belief.ratings, field_path(path, "ratings"))
        if belief.favourite is not None:
            if belief.favourite not in options:
                self.problems.append(
                    Problem(
                        field_path(path, "favourite"),
                        f"unknown option {belief.favourite!r}{did_you_mean(belief.favourite, options)}; "
                        f"options are {_names(options)}",
                    )
                )
                return None, "", ""
            favourite = options.index(belief.favourite)
            implied = "ascending" if favourite == size - 1 else "descending" if favourite == 0 else None
            if belief.direction != "unknown" and implied != belief.direction:
                self.problems.append(
                    Problem(
                        field_path(path, "favourite"),
                        f"{belief.favourite!r} is not the favourite of a {belief.direction} issue",
                    )
                )
                return None, "", ""
            return linear_shape(size, favourite), "favourite", f"{name}: they like {belief.favourite!r} best"
        if belief.direction == "unknown":
            return None, "", ""
        favourite = size - 1 if belief.direction == "ascending" else 0
        text = (
            f"{name}: the later options are better for them"
            if favourite
            else f"{name}: the earlier options are better for them"
        )
        return linear_shape(size, favourite), "direction", text

    def rated(
        self, name: str, options: tuple[str, ...], ratings: Mapping[str, Fraction], path: str
    ) -> tuple[Shape | None, str, str]:
        unknown = [label for label in ratings if label not in options]
        missing = [label for label in options if label not in ratings]
        for label in unknown:
            self.problems.append(
                Problem(
                    field_path(path, label),
                    f"unknown option{did_you_mean(label, options)}; options are {_names(options)}",
                )
            )
        for label in missing:
            self.problems.append(Problem(field_path(path, label), "rate every option (0 to 1)"))
        if unknown or missing:
            return None, "", ""
        shape = tuple(Fraction(ratings[label]) for label in options)
        if any(not 0 <= x <= 1 for x in shape) or min(shape) != 0 or max(shape) != 1:
            self.problems.append(Problem(path, "ratings run from 0 (the worst option) to 1 (the best)"))
            return None, "", ""
        return shape, "ratings", f"{name}: rated as you guessed"

    def weights(self) -> None:
        total = self.beliefs.total
        for i, issue in enumerate(self.sheet.issues):
            belief = self.beliefs.issues.get(issue.name)
            if belief is None or (belief.weight.low is None and belief.weight.high is None):
                continue
            path = field_path("beliefs.issues", issue.name, "weight")
            low, high = belief.weight.low, belief.weight.high
            if not _range_ok(low, high, total):
                self.problems.append(
                    Problem(path, f"a range within 0 to {display_number(total)}, low end first")
                )
                continue
            self.add(
                path,
                f"{issue.name} is worth {_range_text(low, high)} points to them",
                _WeightRule(i, low, high),
            )

    def order(self) -> None:
        names = self.beliefs.weight_order
        indexes = [self.issue(name, field_path("beliefs.weight_order", k)) for k, name in enumerate(names)]
        if len(set(names)) != len(names):
            self.problems.append(Problem("beliefs.weight_order", "name each issue once"))
            return
        for k in range(len(names) - 1):
            more, less = indexes[k], indexes[k + 1]
            if more is not None and less is not None:
                self.add(
                    field_path("beliefs.weight_order", k),
                    f"{names[k]} matters at least as much to them as {names[k + 1]}",
                    _OrderRule(more, less),
                )

    def reservation(self) -> None:
        low, high = self.beliefs.reservation.low, self.beliefs.reservation.high
        if low is None and high is None:
            return
        if not _range_ok(low, high, self.beliefs.total):
            self.problems.append(
                Problem(
                    "beliefs.reservation",
                    f"a range within 0 to {display_number(self.beliefs.total)}, low end first",
                )
            )
            return
        self.add(
            "beliefs.reservation",
            f"their reservation value is {_range_text(low, high)}",
            _ReservationRule(low, high),
        )

    def evidence(self, k: int, item: Evidence) -> None:
        path = field_path("evidence", k)
        note = f" ({item.note})" if item.note else ""
        if isinstance(item, Preferred):
            if len(item.offers) < 2 or not 0 <= item.chosen < len(item.offers):
                self.problems.append(
                    Problem(path, "a choice needs two or more offers and the one they chose")
                )
                return
            if not all(self.package_ok(p, field_path(path, "offers", j)) for j, p in enumerate(item.offers)):
                return
            others = tuple(p for j, p in enumerate(item.offers) if j != item.chosen)
            text = f"they preferred offer {item.chosen + 1} of {len(item.offers)}{note}"
            self.add(path, text, _PreferRule(item.offers[item.chosen], others))
        elif isinstance(item, MattersMore):
            more = self.issue(item.more, field_path(path, "more"))
            less = self.issue(item.less, field_path(path, "less"))
            if more is not None and less is not None:
                if more == less:
                    self.problems.append(Problem(path, "compare two different issues"))
                    return
                self.add(
                    path, f"they said {item.more} matters more than {item.less}{note}", _OrderRule(more, less)
                )
        elif self.package_ok(item.package, field_path(path, "package")):
            verb = "accepted" if item.accepted else "rejected"
            self.add(path, f"they {verb} a package{note}", _RespondRule(item.package, item.accepted))

    def package_ok(self, package: Package, path: str) -> bool:
        issues = self.sheet.issues
        if len(package) != len(issues) or any(not 0 <= o < len(i.options) for i, o in zip(issues, package)):
            self.problems.append(Problem(path, "not a package of this sheet"))
            return False
        return True


def _range_ok(low: Fraction | None, high: Fraction | None, total: Fraction) -> bool:
    ends = [x for x in (low, high) if x is not None]
    return all(0 <= x <= total for x in ends) and (low is None or high is None or low <= high)


def _range_text(low: Fraction | None, high: Fraction | None) -> str:
    if low is not None and high is not None:
        return f"between {display_number(low)} and {display_number(high)}"
    if low is not None:
        return f"at least {display_number(low)}"
    return f"at most {display_number(high)}" if high is not None else "anything"


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Statements that cannot all be true, and what to drop to make the rest consistent."""

    conflict: tuple[Statement, ...]
    """An irreducible conflict: these cannot all hold, though any smaller part of them can."""
    drop: tuple[tuple[Statement, ...], ...]
    """Alternative sets of statements to drop, the suggested one first (beliefs before
    evidence, then the newest evidence first); each restores consistency."""
    smallest: bool
    """True when no smaller set works; False when ``drop`` holds one set that works,
    found greedily after the search for one or two statements to drop came up empty."""


@dataclass(frozen=True, slots=True)
class Consistency:
    """Are the statements consistent, and how far do they pin the counterpart down?"""

    consistent: bool
    contradiction: Contradiction | None
    weights: tuple[tuple[Fraction, Fraction], ...] | None
    """Per issue, the least and greatest weight any consistent sheet gives it (exact)."""
    reservation: tuple[Fraction, Fraction] | None
    """The least and greatest reservation value consistent with everything (exact)."""


def consistency(model: CounterpartModel, with_bounds: bool = True) -> Consistency:
    """Exact consistency; if inconsistent, the conflict and what to drop; else bounds."""
    cache: dict[frozenset[int], bool] = {}

    def holds(kept: frozenset[int]) -> bool:
        if kept not in cache:
            cache[kept] = model.holds(kept)
        return cache[kept]

    everything = frozenset(range(len(model.statements)))
    if not holds(everything):
        return Consistency(False, _contradiction(model, holds), None, None)
    if not with_bounds:
        return Consistency(True, None, None, None)
    layout, rows = model.constraints()
    n = layout.variables
    objectives = [layout.weight(i) for i in range(len(model.sheet.issues))]
    objectives.append(tuple(_ONE if j == layout.reservation else _ZERO for j in range(n)))
    found = polytope.ranges(n, rows, objectives)
    assert found is not None  # the set is bounded and not empty
    weights, reservation = found[:-1], found[-1]
    return Consistency(True, None, tuple(weights), reservation)


def _drop_order(model: CounterpartModel) -> list[int]:
    """Statements in the order they are suggested for dropping."""
    beliefs = [k for k, s in enumerate(model.statements) if s.kind == "belief"]
    evidence = [k for k, s in enumerate(model.statements) if s.kind == "evidence"]
    return beliefs + evidence[::-1]


def _contradiction(model: CounterpartModel, holds: Callable[[frozenset[int]], bool]) -> Contradiction:
    order = _drop_order(model)
    rank = {k: position for position, k in enumerate(order)}
    everything = frozenset(range(len(model.statements)))
    # The filter tries the statements least worth suggesting first, so the conflict it
    # keeps tends to hold the ones most worth dropping.
    reverse = order[::-1]
    conflict = polytope.deletion_filter(len(reverse), lambda kept: holds(frozenset(reverse[j] for j in kept)))
    members = sorted((reverse[j] for j in conflict), key=rank.__getitem__)
    statements = model.statements

    def named(ks: Sequence[int]) -> tuple[Statement, ...]:
        return tuple(statements[k] for k in sorted(ks, key=rank.__getitem__))

    # A set to drop must hit every conflict: singles come from this one.
    singles = [(k,) for k in members if holds(everything - {k})]
    if singles:
        return Contradiction(named(members), tuple(named(s) for s in singles), True)
    pairs: list[tuple[int, int]] = []
    budget = DROP_SEARCH_BUDGET
    for a, b in combinations(order, 2):
        if a not in members and b not in members:
            continue
        if budget == 0:
            break
        budget -= 1
        if holds(everything - {a, b}):
            pairs.append((a, b))
    if pairs:
        return Contradiction(named(members), tuple(named(p) for p in pairs), True)
    # Greedy fallback: drop the most suggestible member of a conflict until consistent.
    removed: list[int] = []
    kept = list(order)
    while not holds(frozenset(kept)):
        found = polytope.deletion_filter(len(kept), lambda ks: holds(frozenset(kept[j] for j in ks)))
        victim = min((kept[j] for j in found), key=rank.__getitem__)
        removed.append(victim)
        kept.remove(victim)
    return Contradiction(named(members), (named(removed),), False)


@dataclass(frozen=True, slots=True)
class SampledCounterpart:
    """One counterpart sheet drawn from the consistent set."""

    points: tuple[tuple[float, ...], ...]
    """Points per issue and option."""
    reservation: float

    def value(self, package: Package) -> float:
        return sum(self.points[i][o] for i, o in enumerate(package))


def sample_counterparts(model: CounterpartModel, count: int, seed: int = 0) -> tuple[SampledCounterpart, ...]:
    """``count`` sheets spread uniformly over the consistent set; () when it is empty."""
    layout, rows = model.constraints()
    points = polytope.sample(layout.variables, rows, count, seed)
    return tuple(SampledCounterpart(layout.points(x), x[layout.reservation]) for x in points)
