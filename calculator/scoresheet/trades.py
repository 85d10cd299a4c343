"""Where two parties can trade: issue priorities, issue kinds, trade ratios, logrolls.

An issue's stake for a party is the spread between its best and worst option there.
Moving an issue from one party's favourite option to the other's costs the first
some points and gives the second some; their ratio says whether conceding that issue
creates value (ratio above 1: the other side gains more than you give up).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .model import Party, Sheet

DISTRIBUTIVE_TOLERANCE = Fraction(1, 10)
"""Opposed issues whose trade ratio is within 10% of 1 count as distributive."""


class IssueKind(StrEnum):
    DISTRIBUTIVE = "distributive"
    """Opposed preferences, equal stakes: what one gains the other loses."""
    INTEGRATIVE = "integrative"
    """Opposed preferences, unequal stakes: material for a trade."""
    COMPATIBLE = "compatible"
    """Both prefer the same option: agree on it, nobody should haggle."""
    INDIFFERENT = "indifferent"
    """A party scores every option alike (stake 0): it is free to give the other its favourite."""


@dataclass(frozen=True, slots=True)
class IssueTrade:
    issue: str
    kind: IssueKind
    stakes: tuple[Fraction, Fraction]
    """Spread between best and worst option, for each of the two parties."""
    priority: tuple[int | None, int | None]
    """Rank of the issue by stake for each party (1 = matters most); None where its stake is 0."""
    favourites: tuple[str | None, str | None]
    """Each party's favourite option (ties go to the one the other likes more); None where
    its stake is 0 (it has no favourite)."""
    concession: tuple[Fraction, Fraction]
    """Moving from the first party's favourite to the second's: first's loss, second's gain."""

    @property
    def trade_ratio(self) -> Fraction | None:
        """Second party's gain per point the first gives up on this issue (None if free)."""
        loss, gain = self.concession
        return gain / loss if loss > 0 else None


@dataclass(frozen=True, slots=True)
class Logroll:
    """Each party concedes the issue it cares about less, relatively."""

    first_concedes: str
    second_concedes: str
    gains: tuple[Fraction, Fraction]
    """Net points for each party from the swap."""


@dataclass(frozen=True, slots=True)
class TradeReport:
    parties: tuple[str, str]
    issues: tuple[IssueTrade, ...]
    logrolls: tuple[Logroll, ...]


def trades(sheet: Sheet, first: str | None = None, second: str | None = None) -> TradeReport:
    """Issue kinds, priorities and trade ratios for two parties, and logrolls that help both."""
    a = sheet.party(first) if first else sheet.parties[0]
    b = sheet.party(second) if second else next(p for p in sheet.parties if p is not a)
    if a is b:
        raise ValueError("trades need two different parties")
    a_rank, b_rank = _priority(a), _priority(b)
    issues = tuple(_issue_trade(sheet, i, a, b, a_rank[i], b_rank[i]) for i in range(len(sheet.issues)))
    return TradeReport((a.name, b.name), issues, _logrolls(issues))


def _stake(party: Party, issue: int) -> Fraction:
    row = party.points[issue]
    return max(row) - min(row)


def _priority(party: Party) -> list[int | None]:
    stakes = [_stake(party, i) for i in range(len(party.points))]
    # Equal stakes share a rank (1 = largest stake); an issue worth nothing has no rank.
    return [1 + sum(1 for other in stakes if other > stake) if stake else None for stake in stakes]


def _favourite(mine: tuple[Fraction, ...], theirs: tuple[Fraction, ...]) -> int:
    top = max(mine)
    return max((o for o, v in enumerate(mine) if v == top), key=lambda o: theirs[o])


def _issue_trade(
    sheet: Sheet, i: int, a: Party, b: Party, a_rank: int | None, b_rank: int | None
) -> IssueTrade:
    a_row, b_row = a.points[i], b.points[i]
    a_fav, b_fav = _favourite(a_row, b_row), _favourite(b_row, a_row)
    loss, gain = a_row[a_fav] - a_row[b_fav], b_row[b_fav] - b_row[a_fav]
    a_stake, b_stake = _stake(a, i), _stake(b, i)
    if not a_stake or not b_stake:
        # Not agreement: one side does not care (a blank estimate scores all alike), so
        # the other gets its favourite for free. Loss and gain are 0 here, as for compatible.
        kind = IssueKind.INDIFFERENT
    elif loss == 0 or gain == 0:
        kind = IssueKind.COMPATIBLE  # one option is best for both
    elif abs(gain / loss - 1) <= DISTRIBUTIVE_TOLERANCE:
        kind = IssueKind.DISTRIBUTIVE
    else:
        kind = IssueKind.INTEGRATIVE
    options = sheet.issues[i].options
    return IssueTrade(
        issue=sheet.issues[i].name,
        kind=kind,
        stakes=(a_stake, b_stake),
        priority=(a_rank, b_rank),
        favourites=(options[a_fav] if a_stake else None, options[b_fav] if b_stake else None),
        concession=(loss, gain),
    )


def _logrolls(issues: tuple[IssueTrade, ...]) -> tuple[Logroll, ...]:
    opposed = [t for t in issues if t.kind in (IssueKind.DISTRIBUTIVE, IssueKind.INTEGRATIVE)]
    rolls = []
    for x in opposed:  # first party gives the second its favourite on x...
        for y in opposed:  # ...and receives its own favourite on y
            if x is y:
                continue
            first_net = y.concession[0] - x.concession[0]
            second_net = x.concession[1] - y.concession[1]
            if first_net > 0 and second_net > 0:
                rolls.append(Logroll(x.issue, y.issue, (first_net, second_net)))
    rolls.sort(key=lambda r: (-(r.gains[0] + r.gains[1]), r.first_concedes, r.second_concedes))
    return tuple(rolls)
