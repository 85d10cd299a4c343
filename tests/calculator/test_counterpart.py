"""Reading the other side: the counterpart model, its evidence, contradictions, estimates.

Property tests draw a hidden counterpart sheet that fits the model's parametrisation
(weights summing to 100 times the linear rating shapes), answer questions about it
honestly, and check that the consistent set always keeps it, that exact bounds only
ever narrow, and that a lie is caught with a working suggestion of what to drop.
"""

from __future__ import annotations

import json
from fractions import Fraction
from itertools import product
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scoresheet import (
    Beliefs,
    CounterpartModel,
    Evidence,
    IssueBelief,
    MattersMore,
    Preferred,
    Range,
    Response,
    SheetError,
    consistency,
    counterpart_model,
    estimate_counterpart,
    loads_sheet,
    next_meso,
    sample_counterparts,
    service,
)
from scoresheet.counterpart import linear_shape
from scoresheet.model import Issue, Package, Party, Sheet

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHEET_JSON = (Path(__file__).parent / "sheets" / "job-offer.json").read_text()
SHEET = loads_sheet(SHEET_JSON)
F = Fraction


# -- hidden worlds that fit the parametrisation -------------------------------------------


@st.composite
def hidden_worlds(draw: st.DrawFn) -> tuple[Sheet, Beliefs, list[int]]:
    """A sheet (you and a hidden counterpart "Them"), beliefs true of it, the true weights."""
    shape = [draw(st.integers(min_value=2, max_value=4)) for _ in range(draw(st.integers(2, 4)))]
    issues = tuple(Issue(f"I{i}", tuple(f"o{i}.{k}" for k in range(n))) for i, n in enumerate(shape))
    favourites = [draw(st.integers(min_value=0, max_value=n - 1)) for n in shape]
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=len(shape) - 1, max_size=len(shape) - 1)))
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100])]
    points = tuple(tuple(w * r for r in linear_shape(n, f)) for w, n, f in zip(weights, shape, favourites))
    reservation = F(draw(st.integers(min_value=0, max_value=100)))
    mine = tuple(tuple(F(draw(st.integers(0, 9))) for _ in range(n)) for n in shape)
    sheet = Sheet(issues, (Party("You", mine), Party("Them", points, reservation)))
    beliefs: dict[str, IssueBelief] = {}
    for issue, n, f, w in zip(issues, shape, favourites, weights):
        at_end = f in (0, n - 1)
        kind = draw(st.sampled_from(["true", "unknown"] if at_end else ["true"]))
        if kind == "true":
            direction = "ascending" if f == n - 1 else "descending" if f == 0 else "unknown"
            belief = IssueBelief(direction) if at_end else IssueBelief(favourite=issue.options[f])
        else:
            belief = IssueBelief()
        if draw(st.booleans()):
            low = max(0, w - draw(st.integers(0, 20)))
            high = min(100, w + draw(st.integers(0, 20)))
            belief = IssueBelief(belief.direction, belief.favourite, None, Range(F(low), F(high)))
        beliefs[issue.name] = belief
    ranked = sorted(range(len(shape)), key=lambda i: -weights[i])
    order = tuple(issues[i].name for i in ranked[: draw(st.integers(0, len(shape)))])
    reservation_range = Range()
    if draw(st.booleans()):
        reservation_range = Range(reservation - draw(st.integers(0, 30)) if reservation >= 30 else None, None)
    return sheet, Beliefs("Them", beliefs, order, reservation_range), weights


def _package(draw: st.DrawFn, sheet: Sheet) -> Package:
    return tuple(draw(st.integers(0, len(issue.options) - 1)) for issue in sheet.issues)


@st.composite
def honest_answers(draw: st.DrawFn, sheet: Sheet, weights: list[int], count: int) -> list[Evidence]:
    hidden = sheet.party("Them")
    out: list[Evidence] = []
    for _ in range(count):
        kind = draw(st.sampled_from(["preferred", "preferred", "matters_more", "response"]))
        if kind == "preferred":
            offers = tuple(_package(draw, sheet) for _ in range(draw(st.integers(2, 3))))
            values = [hidden.value(p) for p in offers]
            out.append(Preferred(offers, values.index(max(values))))
        elif kind == "matters_more":
            a, b = draw(st.permutations(range(len(weights))))[:2]
            more, less = (a, b) if weights[a] >= weights[b] else (b, a)
            out.append(MattersMore(sheet.issues[more].name, sheet.issues[less].name))
        else:
            package = _package(draw, sheet)
            out.append(Response(package, hidden.accepts(hidden.value(package))))
    return out


def truth(model: CounterpartModel, sheet: Sheet, weights: list[int]) -> tuple[Fraction, ...]:
    """The hidden sheet as a point of the model's variables (it fits by construction)."""
    hidden = sheet.party("Them")
    layout = model.layout()
    values: list[Fraction] = []
    for i, shapes in enumerate(layout.shapes):
        row = hidden.points[i]
        match = [k for k, s in enumerate(shapes) if tuple(weights[i] * x for x in s) == row]
        assert match, "the hidden sheet fits the parametrisation"
        values += [F(weights[i]) if k == match[0] else F(0) for k in range(len(shapes))]
    assert hidden.reservation is not None
    return (*values, hidden.reservation)


@PROPERTY
@given(st.data())
def test_honest_evidence_keeps_the_hidden_sheet_and_bounds_only_narrow(data: st.DataObject) -> None:
    sheet, beliefs, weights = data.draw(hidden_worlds())
    evidence = data.draw(honest_answers(sheet, weights, data.draw(st.integers(1, 5))))
    previous = None
    for seen in range(len(evidence) + 1):
        model = counterpart_model(sheet, "You", beliefs, evidence[:seen])
        _, rows = model.constraints()
        point = truth(model, sheet, weights)
        assert all(row.holds(point) for row in rows)
        found = consistency(model)
        assert found.consistent and found.weights is not None and found.reservation is not None
        assert all(low <= w <= high for (low, high), w in zip(found.weights, weights))
        assert found.reservation[0] <= point[-1] <= found.reservation[1]
        bounds = [*found.weights, found.reservation]
        if previous is not None:
            assert all(old[0] <= new[0] and new[1] <= old[1] for old, new in zip(previous, bounds))
        previous = bounds


@PROPERTY
@given(st.data())
def test_a_lie_is_caught_and_the_suggested_drop_restores_consistency(data: st.DataObject) -> None:
    sheet, beliefs, weights = data.draw(hidden_worlds())
    evidence = data.draw(honest_answers(sheet, weights, data.draw(st.integers(0, 4))))
    hidden = sheet.party("Them")
    # A lie: they "prefer" an offer worth strictly less to them than another one.
    offers = _lie_offers(data, sheet)
    values = [hidden.value(p) for p in offers]
    if values[0] == values[1]:
        return
    lie = Preferred(offers, values.index(min(values)))
    evidence.insert(data.draw(st.integers(0, len(evidence))), lie)
    model = counterpart_model(sheet, "You", beliefs, evidence)
    found = consistency(model)
    event(f"lie caught: {not found.consistent}")
    if found.consistent:
        return  # some other sheet explains every answer, the lie included
    contradiction = found.contradiction
    assert contradiction is not None and contradiction.drop
    event(f"drop sets of {len(contradiction.drop[0])}")
    index = {s.path: k for k, s in enumerate(model.statements)}
    conflict = frozenset(index[s.path] for s in contradiction.conflict)
    assert not model.holds(conflict)
    assert all(model.holds(conflict - {k}) for k in conflict)
    for option in contradiction.drop:
        fixed = counterpart_model(sheet, "You", beliefs, evidence, [s.path for s in option])
        assert consistency(fixed, with_bounds=False).consistent
    everything = frozenset(range(len(model.statements)))
    singles = {option[0].path for option in contradiction.drop if len(option) == 1}
    assert contradiction.smallest
    for path, k in index.items():  # every single statement whose removal works is offered
        assert model.holds(everything - {k}) == (path in singles)


def _lie_offers(data: st.DataObject, sheet: Sheet) -> tuple[Package, Package]:
    def one() -> Package:
        return tuple(data.draw(st.integers(0, len(i.options) - 1)) for i in sheet.issues)

    return one(), one()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_samples_are_consistent_sheets(data: st.DataObject) -> None:
    sheet, beliefs, weights = data.draw(hidden_worlds())
    evidence = data.draw(honest_answers(sheet, weights, 3))
    model = counterpart_model(sheet, "You", beliefs, evidence)
    drawn = sample_counterparts(model, 40, seed=5)
    unknown = any(shape is None for shape in model.believed)
    assert drawn == sample_counterparts(model, 40, seed=5)
    for sampled in drawn:
        # The best package is worth 100, or less when a direction is unknown (see the model).
        best = sum(max(row) for row in sampled.points)
        assert best <= 100 + 1e-6 and (abs(best - 100) < 1e-6 or unknown)
        assert all(min(row) >= -1e-9 for row in sampled.points)
        for item in evidence:
            if isinstance(item, Preferred):
                chosen = sampled.value(item.offers[item.chosen])
                assert all(chosen >= sampled.value(p) - 1e-6 for p in item.offers)
            elif isinstance(item, Response):
                value = sampled.value(item.package)
                assert (
                    value >= sampled.reservation - 1e-6
                    if item.accepted
                    else value <= sampled.reservation + 1e-6
                )


# -- the model on a real sheet ------------------------------------------------------------------


def test_shapes() -> None:
    assert linear_shape(3, 2) == (0, F(1, 2), 1)
    assert linear_shape(4, 0) == (1, F(2, 3), F(1, 3), 0)
    assert linear_shape(5, 1) == (F(2, 3), 1, F(2, 3), F(1, 3), 0)
    model = counterpart_model(SHEET, "Candidate", Beliefs("Employer", {"Salary": IssueBelief("descending")}))
    layout = model.layout()
    assert [len(shapes) for shapes in layout.shapes] == [1, 2, 2]  # unknown: ascending and descending
    assert layout.variables == 6
    relaxed = model.layout(kept=[])  # the direction belief dropped: its shape plus both directions
    assert relaxed.shapes[0] == ((1, F(1, 2), 0), (0, F(1, 2), 1))


def test_the_counterparts_own_points_are_never_read() -> None:
    beliefs = Beliefs("Employer", {"Salary": IssueBelief("descending")})
    blank = SHEET.parties[1].__class__(
        "Employer", tuple(tuple(F(0) for _ in row) for row in SHEET.parties[1].points)
    )
    hidden = Sheet(SHEET.issues, (SHEET.parties[0], blank))
    first = estimate_counterpart(counterpart_model(SHEET, "Candidate", beliefs), samples=60, seed=2)
    second = estimate_counterpart(counterpart_model(hidden, "Candidate", beliefs), samples=60, seed=2)
    assert first.points == second.points and first.proposals == second.proposals


def test_a_counterpart_outside_the_sheet_joins_the_known_parties() -> None:
    model = counterpart_model(SHEET, "Candidate", Beliefs("Recruiter"))
    assert [p.name for p in model.known] == ["Candidate", "Employer"] and model.slot == 2
    result = estimate_counterpart(model, samples=40)
    assert result.expected_sheet is not None and result.expected_sheet.party_names[-1] == "Recruiter"
    assert all(len(o.known) == 2 for o in result.proposals)


def test_problems_name_their_fields() -> None:
    beliefs = Beliefs(
        "Employer",
        {
            "Salry": IssueBelief(),
            "Salary": IssueBelief("up"),
            "Start": IssueBelief(favourite="August"),
            "Location": IssueBelief(
                ratings={"Chicago": F(1, 2), "San Francisco": F(1, 3)}, weight=Range(F(50), F(10))
            ),
        },
        weight_order=("Start", "Start"),
        reservation=Range(F(-1)),
    )
    evidence = [Preferred(((0, 0, 0),), 0), MattersMore("Salary", "Salary"), Response((9, 0, 0), True)]
    with pytest.raises(SheetError) as caught:
        counterpart_model(SHEET, "Nobody", beliefs, evidence)
    paths = [p.path for p in caught.value.problems]
    assert paths == [
        "user",
        "beliefs.issues.Salry",
        "beliefs.issues.Salary.direction",
        "beliefs.issues.Start.favourite",
        "beliefs.issues.Location.ratings",
        "beliefs.issues.Location.weight",
        "beliefs.weight_order",
        "beliefs.reservation",
        "evidence[0]",
        "evidence[1]",
        "evidence[2].package",
    ]
    with pytest.raises(SheetError, match="no statement at evidence"):
        counterpart_model(SHEET, "Candidate", Beliefs("Employer"), [], ["evidence[4]"])


def test_a_contradiction_names_what_to_drop() -> None:
    beliefs = Beliefs(
        "Employer",
        {
            "Salary": IssueBelief("descending"),
            "Start": IssueBelief("descending"),
            "Location": IssueBelief(weight=Range(None, F(50))),
        },
    )
    cheap, dear = (0, 0, 0), (2, 1, 0)  # dear: the top salary and the later start, same location
    evidence: list[Evidence] = [
        Preferred((cheap, dear), 0),
        Preferred((dear, cheap), 0, note="after lunch"),  # contradicts the beliefs and evidence[0]
    ]
    model = counterpart_model(SHEET, "Candidate", beliefs, evidence)
    found = consistency(model)
    assert not found.consistent and found.contradiction is not None and found.weights is None
    paths = [
        "beliefs.issues.Salary.direction",
        "beliefs.issues.Start.direction",
        "beliefs.issues.Location.weight",
        "evidence[1]",
    ]
    assert [s.path for s in found.contradiction.conflict] == paths
    assert found.contradiction.conflict[-1].text == "they preferred offer 1 of 2 (after lunch)"
    # Dropping any one of them is enough; beliefs are suggested first, then the newest evidence.
    assert [[s.path for s in option] for option in found.contradiction.drop] == [[p] for p in paths]
    assert found.contradiction.smallest
    fixed = counterpart_model(SHEET, "Candidate", beliefs, evidence, ["evidence[1]"])
    assert consistency(fixed).consistent and [s.path for s in fixed.dropped] == ["evidence[1]"]
    # Without the first answer, the second one alone contradicts the beliefs.
    alone = consistency(counterpart_model(SHEET, "Candidate", beliefs, evidence, ["evidence[0]"]))
    assert alone.contradiction is not None and "evidence[0]" not in [
        s.path for s in alone.contradiction.conflict
    ]


def test_independent_contradictions_need_a_statement_dropped_from_each() -> None:
    packages = [(0, 0, 0), (1, 1, 1), (2, 0, 1)]

    def both_ways(count: int) -> list[Evidence]:
        return [Response(p, accepted) for p in packages[:count] for accepted in (True, False)]

    two = counterpart_model(SHEET, "Candidate", Beliefs("Employer"), both_ways(2))
    found = consistency(two, with_bounds=False).contradiction
    assert found is not None and found.smallest and found.drop
    for option in found.drop:
        assert sorted(int(s.path[9]) // 2 for s in option) == [0, 1]  # one from each package's pair
        assert consistency(
            counterpart_model(SHEET, "Candidate", Beliefs("Employer"), both_ways(2), [s.path for s in option])
        ).consistent
    everything = frozenset(range(4))
    assert not any(two.holds(everything - {k}) for k in everything)
    three = counterpart_model(SHEET, "Candidate", Beliefs("Employer"), both_ways(3))
    found = consistency(three, with_bounds=False).contradiction
    assert found is not None and not found.smallest and len(found.drop) == 1 and len(found.drop[0]) == 3
    paths = [s.path for s in found.drop[0]]
    assert consistency(
        counterpart_model(SHEET, "Candidate", Beliefs("Employer"), both_ways(3), paths)
    ).consistent


def test_accepting_and_rejecting_bound_the_reservation_value() -> None:
    beliefs = Beliefs("Employer", {"Salary": IssueBelief("descending")}, reservation=Range(F(10), F(90)))
    low_offer, high_offer = (2, 0, 0), (0, 0, 0)  # the top salary is worth 0 on Salary to them
    evidence = [Response(high_offer, True), Response(low_offer, False)]
    found = consistency(counterpart_model(SHEET, "Candidate", beliefs, evidence))
    assert found.consistent and found.reservation is not None
    low, high = found.reservation
    assert F(10) < high <= 90 and low >= 10
    both = [Response(high_offer, True), Response(high_offer, False)]
    found = consistency(counterpart_model(SHEET, "Candidate", beliefs, both))
    assert not found.consistent  # value >= r and value < r


def test_estimate_reports_probabilities_and_proposals() -> None:
    beliefs = Beliefs("Employer", {"Salary": IssueBelief("descending"), "Start": IssueBelief("descending")})
    evidence = [MattersMore("Salary", "Location")]
    model = counterpart_model(SHEET, "Candidate", beliefs, evidence)
    result = estimate_counterpart(model, target=F(40), samples=120, seed=1)
    assert result.consistency.consistent and len(result.samples) == 120
    again = estimate_counterpart(model, target=F(40), samples=120, seed=1)
    assert again.points == result.points and again.likely == result.likely
    assert result.likely and all(0 < o.efficient <= 1 and 0 <= o.accepted <= 1 for o in result.likely)
    mine = [o.known[0] for o in result.likely]
    assert mine == sorted(mine, reverse=True)
    assert result.proposals and all(o.known[0] >= 40 for o in result.proposals)
    joints = [o.joint for o in result.proposals]
    assert joints == sorted(joints, reverse=True)
    best = result.proposals[0]
    # The first proposal beats every package with at least the target for you, in expectation.
    for package in product(*(range(len(i.options)) for i in SHEET.issues)):
        if SHEET.parties[0].value(package) >= 40:
            assert result.outlook(package).joint <= best.joint + 0.02
    for spread, issue in zip(result.stakes, SHEET.issues):
        assert 0 <= spread.low <= spread.mean <= spread.high <= 100, issue.name
    assert result.points[0][2].high == 0  # descending Salary: the top salary is worth nothing to them


def test_next_meso_offers_equal_value_and_splits_the_sample() -> None:
    sheet = loads_sheet(SHEET_JSON)
    model = counterpart_model(sheet, "Candidate", Beliefs("Employer"))
    plan = next_meso(model, target=F(45), offers=2, tolerance=F(5), seed=3)
    assert plan == next_meso(model, target=F(45), offers=2, tolerance=F(5), seed=3)
    assert len(plan.offers) == 2 and len(set(plan.offers)) == 2
    assert all(40 <= v <= 50 for v in plan.values)
    assert abs(sum(plan.predicted) - 1) < 1e-9
    assert 0 < plan.entropy <= plan.best_entropy == 1
    with pytest.raises(SheetError, match="no package is worth"):
        next_meso(model, target=F(500), tolerance=F(1))
    with pytest.raises(SheetError, match="at least two offers"):
        next_meso(model, offers=1)


def test_contradictions_stop_estimates_and_mesos() -> None:
    evidence = [Response((0, 0, 0), True), Response((0, 0, 0), False)]
    model = counterpart_model(SHEET, "Candidate", Beliefs("Employer"), evidence)
    result = estimate_counterpart(model, samples=20)
    assert not result.consistency.consistent and result.samples == () and result.proposals == ()
    with pytest.raises(SheetError, match="contradict"):
        next_meso(model)


# -- the JSON service -------------------------------------------------------------------------


BELIEFS = {"counterpart": "Employer", "issues": {"Salary": {"direction": "descending"}}}


def test_service_estimate_meso_and_check_are_plain_json() -> None:
    cheap = {"Salary": "$90k", "Start": "July", "Location": "Chicago"}
    dear = {"Salary": "$100k", "Start": "June", "Location": "Chicago"}
    evidence = [
        {"kind": "preferred", "offers": [cheap, dear], "chosen": 0},
        {"kind": "matters_more", "more": "Salary", "less": "Start"},
        {"kind": "rejected", "package": {**dear, "Start": "July"}, "note": "no"},
    ]
    reply = service.counterpart_estimate(SHEET_JSON, "Candidate", BELIEFS, evidence, samples=80)
    assert reply["ok"] is True, reply
    result = reply["result"]
    json.dumps(reply)
    assert result["consistency"]["consistent"] is True and result["target"] == 20
    assert [s["kind"] for s in result["consistency"]["statements"]] == [
        "belief",
        "evidence",
        "evidence",
        "evidence",
    ]
    assert set(result["points"]["Salary"]) == {"$90k", "$95k", "$100k"}
    assert result["proposals"][0]["scores"]["Candidate"] >= 20
    assert result["chart"]["layer"] and result["chart"]["data"]["values"]
    meso = service.counterpart_meso(
        SHEET_JSON, "Candidate", json.dumps(BELIEFS), json.dumps(evidence), offers=2
    )
    assert meso["ok"] is True and len(meso["result"]["offers"]) == 2
    checked = service.counterpart_check(SHEET_JSON, "Candidate", BELIEFS, evidence)["result"]
    assert checked["weights"]["Salary"]["low"] <= checked["weights"]["Salary"]["high"]


def test_service_reports_contradictions_as_results_and_problems_as_problems() -> None:
    package = {"Salary": "$95k", "Start": "June", "Location": "Chicago"}
    evidence = [{"kind": "accepted", "package": package}, {"kind": "rejected", "package": package}]
    reply = service.counterpart_estimate(SHEET_JSON, "Candidate", BELIEFS, evidence)
    assert reply["ok"] is True and reply["result"]["chart"] is None
    contradiction = reply["result"]["consistency"]["contradiction"]
    assert [[s["path"] for s in option] for option in contradiction["drop"]] == [
        ["evidence[1]"],
        ["evidence[0]"],
    ]
    dropped = service.counterpart_check(SHEET_JSON, "Candidate", BELIEFS, evidence, ["evidence[1]"])["result"]
    assert dropped["consistent"] is True and dropped["dropped"][0]["path"] == "evidence[1]"
    bad = service.counterpart_estimate(
        SHEET_JSON,
        "Candidate",
        {"counterpart": "Employer", "issues": {"Start": {"direction": "up"}}},
        [{"kind": "preferred", "offers": [package, {"Salary": "$1"}], "chosen": 0}],
        samples=5,
    )
    assert bad["ok"] is False
    paths = {p["path"] for p in bad["problems"]}
    assert "beliefs.issues.Start.direction" in paths and any(
        p.startswith("evidence[0].offers[1]") for p in paths
    )
    assert service.counterpart_check(SHEET_JSON, "Candidate", "{not json")["problems"][0]["path"] == "beliefs"
    assert (
        service.counterpart_meso(SHEET_JSON, "Candidate", BELIEFS, offers=1)["problems"][0]["path"]
        == "offers"
    )
