"""Contingent terms: let each party bet on its own forecast of an uncertain event.

A contingent term settles an issue one way if a measurable event happens and another
way if it does not: ``if_event`` when it happens, ``otherwise`` when it does not (both
options of the issue). Each party states its own probability ``p`` of the event and
scores the term at its expected points::

    expected = p x points(if_event) + (1 - p) x points(otherwise)

When the parties agree on ``p``, a contingent term is only a lottery between two
options and creates nothing. When they disagree, each can get more than from any fixed
option, because each counts most the outcome it believes in. The value created by the
difference in beliefs (``betting_gain``) is the term's joint expected points minus its
joint expected points had every party held the average probability.

:func:`contingent_terms` lists every term every party prefers to a fixed option (at
least as good for all, better for one), most joint gain first; :func:`with_contingent`
adds a term to a sheet as one more option, so the rest of the calculator (frontier,
efficiency, MESOs) can work with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .errors import Problem, SheetError, did_you_mean, field_path
from .model import Issue, Party, Sheet, loose_label

DEFAULT_EVENT = "the event happens"


@dataclass(frozen=True, slots=True)
class ContingentTerm:
    """``if_event`` if the event happens, ``otherwise`` if not, scored by every party's own forecast."""

    if_event: str
    otherwise: str
    label: str
    expected: tuple[Fraction, ...]
    """Each party's expected points for the issue under its own probability."""
    gains: tuple[Fraction, ...]
    """Each party's expected points over the fixed option compared with."""
    betting_gain: Fraction
    """Joint expected points created by the parties' different probabilities."""

    @property
    def joint_gain(self) -> Fraction:
        return sum(self.gains, Fraction(0))


@dataclass(frozen=True, slots=True)
class ContingentReport:
    issue: str
    event: str
    probabilities: tuple[Fraction, ...]
    """Each party's probability of the event, in the sheet's party order."""
    fixed: str
    """The fixed option the terms are compared with."""
    fixed_points: tuple[Fraction, ...]
    terms: tuple[ContingentTerm, ...]
    """Every term all parties prefer to ``fixed``: most joint gain first."""

    @property
    def best(self) -> ContingentTerm | None:
        """The term to propose: the most joint gain among those every party prefers."""
        return self.terms[0] if self.terms else None


def term_label(if_event: str, otherwise: str, event: str) -> str:
    return f"{if_event} if {event}, else {otherwise}"


def read_probabilities(sheet: Sheet, probabilities: Mapping[str, Fraction]) -> tuple[Fraction, ...]:
    """Every party's probability in party order; SheetError names each missing or bad one."""
    problems = [
        Problem(
            field_path("probabilities", name),
            f"unknown party{did_you_mean(name, sheet.party_names)}; "
            f"parties are {', '.join(sheet.party_names)}",
        )
        for name in probabilities
        if name not in sheet.party_names
    ]
    out = []
    for name in sheet.party_names:
        p = probabilities.get(name)
        if p is None:
            problems.append(Problem(field_path("probabilities", name), "every party states its probability"))
        elif not 0 <= p <= 1:
            problems.append(Problem(field_path("probabilities", name), "a probability is between 0 and 1"))
        else:
            out.append(Fraction(p))
    if problems:
        raise SheetError(problems)
    return tuple(out)


def _issue(sheet: Sheet, name: str) -> int:
    if name not in sheet.issue_names:
        hint = did_you_mean(name, sheet.issue_names)
        raise SheetError.single(
            "issue", f"unknown issue {name!r}{hint}; issues are {', '.join(sheet.issue_names)}"
        )
    return sheet.issue_names.index(name)


def _expected(party: Party, issue: int, p: Fraction, if_event: int, otherwise: int) -> Fraction:
    return p * party.points[issue][if_event] + (1 - p) * party.points[issue][otherwise]


def contingent_terms(
    sheet: Sheet,
    issue: str,
    probabilities: Mapping[str, Fraction],
    fixed: str | None = None,
    event: str = DEFAULT_EVENT,
) -> ContingentReport:
    """Contingent terms on ``issue`` that every party prefers to the option ``fixed``.

    ``fixed`` defaults to the issue's option with the most joint points (the best any
    fixed option can do for the parties together), so a term listed then creates value
    only through the difference in beliefs.
    """
    i = _issue(sheet, issue)
    p = read_probabilities(sheet, probabilities)
    options = sheet.issues[i].options
    if fixed is None:
        base = max(
            range(len(options)), key=lambda o: (sum(party.points[i][o] for party in sheet.parties), -o)
        )
    else:
        base = sheet.issues[i].option_index(fixed)
    base_points = tuple(party.points[i][base] for party in sheet.parties)
    average = sum(p, Fraction(0)) / len(p)
    terms = []
    for a in range(len(options)):
        for b in range(len(options)):
            if a == b:
                continue
            expected = tuple(_expected(party, i, q, a, b) for party, q in zip(sheet.parties, p))
            gains = tuple(e - f for e, f in zip(expected, base_points))
            if any(g < 0 for g in gains) or not any(g > 0 for g in gains):
                continue
            shared = sum((_expected(party, i, average, a, b) for party in sheet.parties), Fraction(0))
            terms.append(
                ContingentTerm(
                    if_event=options[a],
                    otherwise=options[b],
                    label=term_label(options[a], options[b], event),
                    expected=expected,
                    gains=gains,
                    betting_gain=sum(expected, Fraction(0)) - shared,
                )
            )
    terms.sort(key=lambda t: (-t.joint_gain, -min(t.gains), t.label))
    return ContingentReport(issue, event, p, options[base], base_points, tuple(terms))


def with_contingent(
    sheet: Sheet,
    issue: str,
    if_event: str,
    otherwise: str,
    probabilities: Mapping[str, Fraction],
    event: str = DEFAULT_EVENT,
) -> Sheet:
    """``sheet`` with one more option on ``issue``: the contingent term, at each party's expected points.

    Parties entered as weights times ratings keep that form (the new rating is the
    expected rating).
    """
    i = _issue(sheet, issue)
    p = read_probabilities(sheet, probabilities)
    old = sheet.issues[i]
    a, b = old.option_index(if_event), old.option_index(otherwise)
    if a == b:
        raise SheetError.single("otherwise", "a contingent term needs two different options")
    label = term_label(old.options[a], old.options[b], event)
    taken = next((o for o in old.options if loose_label(o) == loose_label(label)), None)
    if taken is not None:  # the same label, or one a sheet could not tell apart from it
        raise SheetError.single("issue", f"{issue!r} already has the option {taken!r}")
    issues = tuple(Issue(x.name, (*x.options, label)) if k == i else x for k, x in enumerate(sheet.issues))
    parties = []
    for party, q in zip(sheet.parties, p):
        if party.weights is not None and party.ratings is not None:
            row = party.ratings[i]
            ratings = tuple(
                (*r, q * row[a] + (1 - q) * row[b]) if k == i else r for k, r in enumerate(party.ratings)
            )
            parties.append(Party.weighted(party.name, party.weights, ratings, party.reservation))
        else:
            value = _expected(party, i, q, a, b)
            points = tuple((*r, value) if k == i else r for k, r in enumerate(party.points))
            parties.append(Party(party.name, points, party.reservation))
    return Sheet(issues, tuple(parties), sheet.title, sheet.description)
