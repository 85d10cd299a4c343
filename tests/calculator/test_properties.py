"""Property tests: the engine against plain enumeration (``brute.py``) on random small sheets.

Every comparison is exact (Fractions). The sheets come from ``strategies.py``: 2-4
parties, 1-4 issues, 1-4 options, frequent ties, some thirds and sevenths, optional
reservation values. A few hand-worked examples sit at the end.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations

import pytest
from brute import (
    accepted,
    all_packages,
    best,
    brute_frontier,
    brute_ideals,
    brute_joint_max,
    brute_kalai,
    brute_nash,
    disagreement,
    dominates,
    dominating_packages,
    fewest_changes,
    hamming,
    joint,
    left_on_table,
    packages_near,
    pareto_quadratic,
    party_value,
    values,
    weakly_dominates,
    worst,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import sheets, sheets_and_packages, vector_lists, vectors

from scoresheet import (
    IssueKind,
    SheetError,
    compare,
    efficiency,
    frontier,
    meso,
    reference_points,
    score,
    trades,
)
from scoresheet import dominance as engine_dominance
from scoresheet.model import Issue, Party, Sheet

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LIGHT = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def F(text: str | int) -> Fraction:
    return Fraction(text)


# --- frontier -------------------------------------------------------------------------


def check_frontier(sheet: Sheet, limit: int) -> None:
    front = frontier(sheet, package_limit=limit)
    expected = brute_frontier(sheet)
    got = {point.scores: point for point in front.points}
    assert len(got) == len(front.points), "a score vector is listed twice"
    assert set(got) == set(expected)
    for scores, point in got.items():
        reaching = expected[scores]
        assert point.package_count == len(reaching), scores
        assert len(set(point.packages)) == len(point.packages), "a package is listed twice"
        if len(reaching) <= limit:
            assert sorted(point.packages) == reaching
        else:
            assert len(point.packages) == limit
            assert set(point.packages) <= set(reaching)
        assert point.acceptable == accepted(sheet, scores)
        assert point.joint == joint(scores)
    assert front.package_count == sum(len(p) for p in expected.values())
    assert [p.scores for p in front.points] == sorted(got, reverse=True)
    assert front.acceptable == tuple(p for p in front.points if p.acceptable)
    assert front.package_limit == limit


@PROPERTY
@given(sheets())
def test_frontier_matches_brute_force(sheet: Sheet) -> None:
    check_frontier(sheet, 20)


@PROPERTY
@given(sheets(), st.sampled_from([1, 2, 3]))
def test_frontier_matches_brute_force_with_small_package_limit(sheet: Sheet, limit: int) -> None:
    check_frontier(sheet, limit)


def test_frontier_rejects_package_limit_below_one() -> None:
    sheet = _two_issue_sheet()
    with pytest.raises(ValueError):
        frontier(sheet, package_limit=0)


def _permuted(sheet: Sheet, issue_order: list[int], party_order: list[int]) -> Sheet:
    issues = tuple(sheet.issues[i] for i in issue_order)
    parties = tuple(
        Party(
            sheet.parties[p].name,
            tuple(sheet.parties[p].points[i] for i in issue_order),
            sheet.parties[p].reservation,
        )
        for p in party_order
    )
    return Sheet(issues, parties)


@PROPERTY
@given(st.data())
def test_frontier_is_invariant_to_issue_and_party_order(data: st.DataObject) -> None:
    sheet = data.draw(sheets())
    issue_order = data.draw(st.permutations(range(len(sheet.issues))))
    party_order = data.draw(st.permutations(range(len(sheet.parties))))
    other = _permuted(sheet, issue_order, party_order)
    everything = sheet.package_count

    def unpermute_scores(scores: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
        original = [Fraction(0)] * len(scores)
        for position, p in enumerate(party_order):
            original[p] = scores[position]
        return tuple(original)

    def unpermute_package(package: tuple[int, ...]) -> tuple[int, ...]:
        original = [0] * len(package)
        for position, i in enumerate(issue_order):
            original[i] = package[position]
        return tuple(original)

    mine = {
        p.scores: (p.package_count, frozenset(p.packages), p.acceptable)
        for p in frontier(sheet, everything).points
    }
    theirs = {
        unpermute_scores(p.scores): (
            p.package_count,
            frozenset(unpermute_package(q) for q in p.packages),
            p.acceptable,
        )
        for p in frontier(other, everything).points
    }
    assert mine == theirs


# --- reference points ----------------------------------------------------------------


@PROPERTY
@given(sheets())
def test_reference_points_match_brute_force(sheet: Sheet) -> None:
    ref = reference_points(sheet)
    assert ref.disagreement == disagreement(sheet)
    joint_max = brute_joint_max(sheet)
    if joint_max is None:
        assert not any(accepted(sheet, values(sheet, p)) for p in all_packages(sheet))
        assert ref.joint_maximum is None
        assert ref.nash is None
        assert ref.kalai_smorodinsky is None
        assert ref.ideals == tuple(None for _ in sheet.parties)
        return
    assert any(accepted(sheet, values(sheet, p)) for p in all_packages(sheet))
    points = [ref.joint_maximum, ref.nash, ref.kalai_smorodinsky, *ref.ideals]
    efficient = brute_frontier(sheet)
    for point in points:
        assert point is not None
        assert point.acceptable
        assert point.scores in efficient
        assert point.package_count == len(efficient[point.scores])

    # Ties break towards more joint value, then by the order points are listed in
    # (descending scores), so the lexicographically largest optimal vector wins; the
    # joint maximum's ties go first to the largest smallest gain (the most even one).
    best_joint, at_joint = joint_max
    assert ref.joint_maximum.joint == best_joint
    assert ref.joint_maximum.scores == max(at_joint, key=lambda v: (smallest_gain(v, ref.disagreement), v))

    (product, nash_joint), at_nash = brute_nash(sheet)
    gains = [s - d for s, d in zip(ref.nash.scores, ref.disagreement, strict=True)]
    assert all(g >= 0 for g in gains)
    assert math.prod(gains, start=Fraction(1)) == product
    assert ref.nash.joint == nash_joint
    assert ref.nash.scores == max(at_nash)

    (_share, kalai_joint), at_kalai = brute_kalai(sheet)
    assert ref.kalai_smorodinsky.scores == max(at_kalai)
    assert ref.kalai_smorodinsky.joint == kalai_joint

    for i, ((top, top_joint), at_top) in enumerate(brute_ideals(sheet)):
        ideal = ref.ideals[i]
        assert ideal.scores[i] == top
        assert ideal.joint == top_joint
        assert ideal.scores == max(at_top)


@LIGHT
@given(sheets())
def test_reference_points_do_not_depend_on_the_package_limit(sheet: Sheet) -> None:
    full = reference_points(sheet)
    small = reference_points(sheet, frontier(sheet, package_limit=1))

    def scores(ref):
        named = [ref.joint_maximum, ref.nash, ref.kalai_smorodinsky, *ref.ideals]
        return [None if p is None else p.scores for p in named]

    assert scores(full) == scores(small)


# --- efficiency ----------------------------------------------------------------------


def check_proposals(sheet: Sheet, package: tuple[int, ...], report, max_proposals: int) -> None:
    here = values(sheet, package)
    efficient = brute_frontier(sheet)
    proposals = report.proposals
    assert len(proposals) <= max_proposals
    packages = [p.score.package for p in proposals]
    assert len(set(packages)) == len(packages), "a proposal is listed twice"
    for proposal in proposals:
        there = values(sheet, proposal.score.package)
        assert dominates(there, here), (proposal.score.package, there, here)
        assert proposal.gains == tuple(t - h for t, h in zip(there, here, strict=True))
        assert proposal.joint_gain == joint(there) - joint(here)
        assert proposal.changed_issues == tuple(
            issue.name
            for issue, a, b in zip(sheet.issues, package, proposal.score.package, strict=True)
            if a != b
        )
        assert proposal.efficient == (there in efficient)
        assert tuple(p.points for p in proposal.score.parties) == there
    keys = [(len(p.changed_issues), -p.joint_gain) for p in proposals]
    assert keys == sorted(keys), "proposals are not fewest changes first, then most joint gain"


@PROPERTY
@given(sheets_and_packages(), st.sampled_from([1, 2, 3, 10]))
def test_efficiency_matches_brute_force(case, max_proposals: int) -> None:
    sheet, package = case
    report = efficiency(sheet, package, max_proposals=max_proposals)
    here = values(sheet, package)
    better = dominating_packages(sheet, package)
    assert report.score.package == package
    assert tuple(p.points for p in report.score.parties) == here
    assert report.efficient == (not better)
    assert report.efficient == (here in brute_frontier(sheet))
    assert report.left_on_table == left_on_table(sheet, package)
    assert (report.left_on_table == 0) == report.efficient
    check_proposals(sheet, package, report, max_proposals)
    if better:
        assert report.proposals, "a dominating package exists but nothing is proposed"
        assert any(p.efficient for p in report.proposals)
        # The best improvement (all of the value left on the table) is always proposed,
        # and of several, the one whose smallest gain is largest (it helps every party
        # as much as any of them can).
        assert max(p.joint_gain for p in report.proposals) == report.left_on_table

        def most_even(vectors: list[tuple[Fraction, ...]]) -> Fraction:
            best = [v for v in vectors if joint(v) - joint(here) == report.left_on_table]
            return max(smallest_gain(v, here) for v in best)

        proposed = [tuple(s.points for s in p.score.parties) for p in report.proposals]
        assert most_even(proposed) == most_even([values(sheet, p) for p in better])
        assert report.best in report.proposals and report.best.joint_gain == report.left_on_table
        assert min(report.best.gains) == most_even(proposed)
        check_fewest_changes(sheet, package, report, max_proposals)
    else:
        assert report.proposals == () and report.best is None
    joint_max = brute_joint_max(sheet)
    assert report.joint_gap == (None if joint_max is None else joint_max[0] - joint(here))


def smallest_gain(scores: tuple[Fraction, ...], base: tuple[Fraction, ...]) -> Fraction:
    return min(s - b for s, b in zip(scores, base, strict=True))


def check_fewest_changes(sheet: Sheet, package: tuple[int, ...], report, max_proposals: int) -> None:
    """The first proposal changes as few issues as possible (when the search finished).

    With room for one proposal only, an efficient improvement takes precedence over
    the fewest changes (efficiency.py swaps the last slot for one), so then the one
    proposal must be efficient instead.
    """
    if report.efficient:
        return
    if max_proposals == 1:
        assert report.proposals[0].efficient
    elif report.search_complete:
        assert len(report.proposals[0].changed_issues) == fewest_changes(sheet, package)


@LIGHT
@given(sheets_and_packages(), st.integers(min_value=0, max_value=40), st.sampled_from([1, 3, 10]))
def test_efficiency_with_a_tiny_search_budget_and_package_limit_still_proposes_valid_packages(
    case, budget: int, max_proposals: int
) -> None:
    sheet, package = case
    report = efficiency(
        sheet, package, max_proposals=max_proposals, search_budget=budget, front=frontier(sheet, 1)
    )
    check_proposals(sheet, package, report, max_proposals)
    assert report.left_on_table == left_on_table(sheet, package)
    if not report.efficient:
        assert any(p.efficient for p in report.proposals)
    check_fewest_changes(sheet, package, report, max_proposals)


# --- MESOs ---------------------------------------------------------------------------


@PROPERTY
@given(st.data())
def test_meso_matches_brute_force(data: st.DataObject) -> None:
    sheet = data.draw(sheets())
    index = data.draw(st.integers(min_value=0, max_value=len(sheet.parties) - 1))
    party = sheet.parties[index]
    reachable = sorted({party_value(party, p) for p in all_packages(sheet)})
    target = data.draw(
        st.one_of(
            st.sampled_from(reachable),
            st.sampled_from(reachable).map(lambda v: v + Fraction(1, 2)),
            st.fractions(
                min_value=math.floor(worst(party)) - 2,
                max_value=math.ceil(best(party)) + 2,
                max_denominator=6,
            ),
        )
    )
    tolerance = data.draw(st.sampled_from([F(0), F(0), F("1/3"), F("1/2"), F(1), F(2)]))
    offers = data.draw(st.integers(min_value=1, max_value=4))
    seed = data.draw(st.integers(min_value=0, max_value=3))
    near = packages_near(sheet, index, target, tolerance)
    if not near:
        with pytest.raises(SheetError):
            meso(sheet, party.name, target, offers=offers, tolerance=tolerance, seed=seed)
        return
    result = meso(sheet, party.name, target, offers=offers, tolerance=tolerance, seed=seed)
    assert result.party == party.name
    assert result.target == target
    assert result.tolerance == tolerance
    chosen = [offer.score.package for offer in result.offers]
    assert len(set(chosen)) == len(chosen), "an offer is repeated"
    for offer in result.offers:
        assert offer.value == party_value(party, offer.score.package)
        assert abs(offer.value - target) <= tolerance
        assert offer.score.package in near
    # Every package has probability at least 1 / package_count per walk, so in small
    # spaces the sampling finds them all (misses are astronomically unlikely).
    assert len(chosen) == min(offers, len(near)) or sheet.package_count > 64
    if sheet.package_count <= 64:
        assert result.candidates == len(near)
        # Greedy spread over every candidate: the first offer is the one the other
        # parties like most; each next one is as far as possible from those before it.
        others = [p for i, p in enumerate(sheet.parties) if i != index]

        def appeal(package: tuple[int, ...]) -> Fraction:
            return sum((party_value(p, package) for p in others), Fraction(0))

        assert appeal(chosen[0]) == max(appeal(p) for p in near)
        for k in range(1, len(chosen)):

            def apart(package: tuple[int, ...], k: int = k) -> int:
                return min(hamming(package, c) for c in chosen[:k])

            assert apart(chosen[k]) == max(apart(p) for p in near if p not in chosen[:k])
    assert result.candidates <= len(near)
    assert result.min_issues_apart == min((hamming(a, b) for a, b in combinations(chosen, 2)), default=0)


@LIGHT
@given(sheets(), st.integers(min_value=1, max_value=3))
def test_meso_default_tolerance_is_one_percent_of_the_range(sheet: Sheet, offers: int) -> None:
    party = sheet.parties[0]
    result = meso(sheet, party.name, best(party), offers=offers)  # its best package is always near
    assert result.tolerance == (best(party) - worst(party)) / 100
    assert result.offers
    for offer in result.offers:
        assert abs(offer.value - best(party)) <= result.tolerance


def test_meso_rejects_bad_requests() -> None:
    sheet = _two_issue_sheet()
    with pytest.raises(SheetError):
        meso(sheet, "employer", F(4), tolerance=F(-1))
    with pytest.raises(SheetError):
        meso(sheet, "employer", F(4), offers=0)
    with pytest.raises(SheetError):
        meso(sheet, "nobody", F(4))
    with pytest.raises(SheetError):
        meso(sheet, "employer", F(100), tolerance=F(1))


# --- trades --------------------------------------------------------------------------


def _first_best(row: tuple[Fraction, ...]) -> int:
    return row.index(max(row))


def _favourite_ok(mine: tuple[Fraction, ...], theirs: tuple[Fraction, ...], option: int) -> bool:
    """``option`` is best for me and, among my best, best for them."""
    top = max(mine)
    return mine[option] == top and theirs[option] == max(
        t for m, t in zip(mine, theirs, strict=True) if m == top
    )


@PROPERTY
@given(st.data())
def test_trades_match_brute_force(data: st.DataObject) -> None:
    sheet = data.draw(sheets())
    first, second = data.draw(st.permutations(range(len(sheet.parties))))[:2]
    a, b = sheet.parties[first], sheet.parties[second]
    report = trades(sheet, a.name, b.name)
    assert report.parties == (a.name, b.name)
    assert len(report.issues) == len(sheet.issues)
    stakes = [
        (max(row) - min(row), max(other) - min(other)) for row, other in zip(a.points, b.points, strict=True)
    ]
    favourites = []
    for i, trade in enumerate(report.issues):
        issue = sheet.issues[i]
        a_row, b_row = a.points[i], b.points[i]
        assert trade.issue == issue.name
        assert trade.stakes == stakes[i]
        assert trade.priority == tuple(
            1 + sum(1 for s in stakes if s[p] > stakes[i][p]) if stakes[i][p] else None for p in (0, 1)
        )
        # A party with stake 0 has no favourite; the brute-force check below then prices
        # the issue from the other's favourite (all options are best for the indifferent).
        a_fav, b_fav = (
            issue.options.index(label) if label is not None else None for label in trade.favourites
        )
        assert (a_fav is None) == (stakes[i][0] == 0) and (b_fav is None) == (stakes[i][1] == 0)
        a_fav = _first_best(b_row) if a_fav is None else a_fav
        b_fav = _first_best(a_row) if b_fav is None else b_fav
        assert _favourite_ok(a_row, b_row, a_fav)
        assert _favourite_ok(b_row, a_row, b_fav)
        favourites.append((a_fav, b_fav))
        loss, gain = a_row[a_fav] - a_row[b_fav], b_row[b_fav] - b_row[a_fav]
        assert trade.concession == (loss, gain)
        assert loss >= 0 and gain >= 0
        both_best = any(a_row[o] == max(a_row) and b_row[o] == max(b_row) for o in range(len(a_row)))
        assert (loss == 0) == (gain == 0) == both_best
        if 0 in stakes[i]:
            assert trade.kind is IssueKind.INDIFFERENT
            assert trade.trade_ratio is None
        elif both_best:
            assert trade.kind is IssueKind.COMPATIBLE
            assert trade.trade_ratio is None
        else:
            assert trade.trade_ratio == gain / loss
            near_one = abs(gain / loss - 1) <= Fraction(1, 10)
            assert trade.kind is (IssueKind.DISTRIBUTIVE if near_one else IssueKind.INTEGRATIVE)

    # Logrolls: the first party gives the second its favourite on x and gets its own
    # favourite on y. Price the swap on real packages (other issues held fixed).
    expected = set()
    opposed = [
        i for i, t in enumerate(report.issues) if t.kind not in (IssueKind.COMPATIBLE, IssueKind.INDIFFERENT)
    ]
    for x in opposed:
        for y in opposed:
            if x == y:
                continue
            before = [0] * len(sheet.issues)
            before[x], before[y] = favourites[x][0], favourites[y][1]
            after = list(before)
            after[x], after[y] = favourites[x][1], favourites[y][0]
            net = tuple(party_value(p, tuple(after)) - party_value(p, tuple(before)) for p in (a, b))
            if net[0] > 0 and net[1] > 0:
                expected.add((sheet.issues[x].name, sheet.issues[y].name, net))
    got = [(r.first_concedes, r.second_concedes, r.gains) for r in report.logrolls]
    assert len(set(got)) == len(got)
    assert set(got) == expected
    totals = [sum(r.gains) for r in report.logrolls]
    assert totals == sorted(totals, reverse=True)


def test_trades_need_two_different_parties() -> None:
    sheet = _two_issue_sheet()
    with pytest.raises(ValueError):
        trades(sheet, "employer", "employer")


# --- scoring -------------------------------------------------------------------------


@PROPERTY
@given(sheets_and_packages())
def test_score_matches_brute_force(case) -> None:
    sheet, package = case
    scored = score(sheet, package)
    assert scored.package == package
    assert scored.options == {
        issue.name: issue.options[o] for issue, o in zip(sheet.issues, package, strict=True)
    }
    here = values(sheet, package)
    assert scored.joint == joint(here)
    assert scored.acceptable == accepted(sheet, here)
    for party, view, points in zip(sheet.parties, scored.parties, here, strict=True):
        assert view.party == party.name
        assert view.points == points
        top = best(party)
        assert view.best == top
        assert view.best == max(party_value(party, p) for p in all_packages(sheet))
        assert view.share_of_best == (points / top if top > 0 else None)
        assert view.surplus == (None if party.reservation is None else points - party.reservation)
        assert view.acceptable == (party.reservation is None or points >= party.reservation)
    assert compare(sheet, [package, package]) == (scored, scored)


@LIGHT
@given(sheets())
def test_score_rejects_packages_of_another_shape(sheet: Sheet) -> None:
    too_long = (0,) * (len(sheet.issues) + 1)
    out_of_range = tuple(len(issue.options) for issue in sheet.issues)
    negative = (-1,) + (0,) * (len(sheet.issues) - 1)
    for package in (too_long, out_of_range, negative, ()):
        with pytest.raises(ValueError):
            score(sheet, package)


# --- dominance -----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(vector_lists())
def test_nondominated_matches_quadratic_filter(vectors: list[tuple[int, ...]]) -> None:
    assert engine_dominance.nondominated(vectors) == sorted(pareto_quadratic(vectors), reverse=True)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(*(st.integers(0, 12) for _ in range(3))), min_size=50, max_size=300))
def test_nondominated_3d_staircase_on_many_points(vectors: list[tuple[int, ...]]) -> None:
    assert engine_dominance.nondominated(vectors) == sorted(pareto_quadratic(vectors), reverse=True)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vectors(d, -2, 2), vectors(d, -2, 2))))
def test_dominance_predicates_match(pair) -> None:
    a, b = pair
    assert engine_dominance.dominates(a, b) == dominates(a, b)
    assert engine_dominance.weakly_dominates(a, b) == weakly_dominates(a, b)


# --- hand-worked examples ------------------------------------------------------------


def _two_issue_sheet(employer_reservation: Fraction | None = None) -> Sheet:
    # salary: employer low 4, high 0; candidate low 0, high 2
    # start:  employer june 0, july 1; candidate june 3, july 0
    # Packages (employer, candidate):
    #   (low, june) = (4, 3)   (low, july) = (5, 0)
    #   (high, june) = (0, 5)  (high, july) = (1, 2), dominated by (low, june)
    # Frontier: (5, 0), (4, 3), (0, 5); worst values are 0 and 0.
    return Sheet(
        (Issue("salary", ("low", "high")), Issue("start", ("june", "july"))),
        (
            Party("employer", ((F(4), F(0)), (F(0), F(1))), employer_reservation),
            Party("candidate", ((F(0), F(2)), (F(3), F(0)))),
        ),
    )


def test_example_frontier_and_reference_points() -> None:
    sheet = _two_issue_sheet()
    front = frontier(sheet)
    assert [(p.scores, p.packages) for p in front.points] == [
        ((F(5), F(0)), ((0, 1),)),
        ((F(4), F(3)), ((0, 0),)),
        ((F(0), F(5)), ((1, 0),)),
    ]
    ref = reference_points(sheet)
    assert ref.disagreement == (0, 0)
    # Joint values 5, 7, 5; Nash products 0, 12, 0; KS shares of the ideal gains (5 and
    # 5) are min(1, 0) = 0, min(4/5, 3/5) = 3/5 and 0.
    assert ref.joint_maximum.scores == (4, 3)
    assert ref.nash.scores == (4, 3)
    assert ref.kalai_smorodinsky.scores == (4, 3)
    assert [p.scores for p in ref.ideals] == [(5, 0), (0, 5)]


def test_example_reservation_values_shrink_the_zone() -> None:
    # The employer needs 9/2: only (low, july) = (5, 0) is left.
    ref = reference_points(_two_issue_sheet(F("9/2")))
    assert ref.disagreement == (F("9/2"), 0)
    assert ref.joint_maximum.scores == ref.nash.scores == ref.kalai_smorodinsky.scores == (5, 0)
    # Nobody can give the employer 6: no zone, no reference points.
    ref = reference_points(_two_issue_sheet(F(6)))
    assert ref.joint_maximum is ref.nash is ref.kalai_smorodinsky is None
    assert ref.ideals == (None, None)
    assert frontier(_two_issue_sheet(F(6))).acceptable == ()


def test_example_efficiency_of_an_inefficient_deal() -> None:
    sheet = _two_issue_sheet()
    # (high, july) = (1, 2): only (low, june) = (4, 3) is better for both (+3, +1).
    report = efficiency(sheet, (1, 1))
    assert not report.efficient
    assert report.left_on_table == 4
    assert report.joint_gap == 4
    assert [(p.score.package, p.gains, p.changed_issues, p.efficient) for p in report.proposals] == [
        ((0, 0), (3, 1), ("salary", "start"), True)
    ]
    assert efficiency(sheet, (0, 0)).efficient
    assert efficiency(sheet, (0, 0)).proposals == ()


def test_example_trades() -> None:
    report = trades(_two_issue_sheet())
    salary, start = report.issues
    # Salary: the employer gives up 4 for the candidate's 2; start: 1 for 3.
    assert (salary.stakes, salary.concession, salary.trade_ratio) == ((4, 2), (4, 2), F("1/2"))
    assert (start.stakes, start.concession, start.trade_ratio) == ((1, 3), (1, 3), 3)
    assert salary.kind is start.kind is IssueKind.INTEGRATIVE
    assert (salary.priority, start.priority) == ((1, 2), (2, 1))
    assert (salary.favourites, start.favourites) == (("low", "high"), ("july", "june"))
    # The employer concedes start, the candidate concedes salary: (1, 2) -> (4, 3).
    assert [(r.first_concedes, r.second_concedes, r.gains) for r in report.logrolls] == [
        ("start", "salary", (3, 1))
    ]


def test_example_ties_are_counted_and_one_option_issues_are_fine() -> None:
    # A venue both sides score 1 on either option doubles every tie; a one-option issue
    # changes nothing.
    base = _two_issue_sheet()
    sheet = Sheet(
        (*base.issues, Issue("venue", ("here", "there")), Issue("language", ("English",))),
        tuple(Party(p.name, (*p.points, (F(1), F(1)), (F(0),))) for p in base.parties),
    )
    front = frontier(sheet)
    assert [(p.scores, p.package_count, p.packages) for p in front.points] == [
        ((6, 1), 2, ((0, 1, 0, 0), (0, 1, 1, 0))),
        ((5, 4), 2, ((0, 0, 0, 0), (0, 0, 1, 0))),
        ((1, 6), 2, ((1, 0, 0, 0), (1, 0, 1, 0))),
    ]
    limited = frontier(sheet, package_limit=1).points
    assert [(p.package_count, len(p.packages)) for p in limited] == [(2, 1)] * 3
    # Both are indifferent to the venue: no favourite, no rank, and no logroll involves it.
    venue = trades(sheet).issues[2]
    assert venue.kind is IssueKind.INDIFFERENT
    assert (venue.favourites, venue.priority) == ((None, None), (None, None))


def test_example_meso_on_a_diagonal() -> None:
    # One party scores options 0, 1, 2 on two issues; exactly three packages are worth 2:
    # (0, 2), (1, 1), (2, 0), pairwise different on both issues.
    issues = (Issue("x", ("a", "b", "c")), Issue("y", ("a", "b", "c")))
    sheet = Sheet(
        issues,
        (
            Party("maker", ((F(0), F(1), F(2)), (F(0), F(1), F(2)))),
            Party("taker", ((F(0), F(0), F(0)), (F(0), F(0), F(0)))),
        ),
    )
    result = meso(sheet, "maker", F(2), offers=3, tolerance=F(0))
    assert sorted(o.score.package for o in result.offers) == [(0, 2), (1, 1), (2, 0)]
    assert result.min_issues_apart == 2
    assert result.candidates == 3
    assert len(meso(sheet, "maker", F(2), offers=5, tolerance=F(0)).offers) == 3


def test_example_best_efficient_improvement_is_proposed() -> None:
    # b: first 1 / 0, second 0 / 3; d: first 0 / 1, second 0 / 0. Agreement (b0, d0) = (1, 0).
    # Changing d alone gives (2, 0), efficient, joint gain 1; changing both gives (1, 3),
    # efficient, joint gain 3 = left on the table. With one slot, only the first is shown.
    sheet = Sheet(
        (Issue("b", ("b0", "b1")), Issue("d", ("d0", "d1"))),
        (Party("first", ((F(1), F(0)), (F(0), F(1)))), Party("second", ((F(0), F(3)), (F(0), F(0))))),
    )
    report = efficiency(sheet, (0, 0), max_proposals=1)
    assert report.left_on_table == 3
    assert max(p.joint_gain for p in report.proposals) == 3
