"""Contingent terms: expected points under each party's own forecast, value from differing beliefs."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import sheets

from scoresheet import (
    Issue,
    Party,
    Sheet,
    SheetError,
    contingent_terms,
    dumps_sheet,
    frontier,
    service,
    with_contingent,
)

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
F = Fraction

# A licence fee: the vendor expects heavy use (80% that usage passes the threshold), the
# library light use (20%). Points: $1,000 a year, each side's way.
FEES = Issue("Fee", ("Flat $80,000", "Flat $95,000", "Flat $110,000"))
TERM = Issue("Term", ("1 year", "3 years"))
SHEET = Sheet(
    (FEES, TERM),
    (
        Party("Vendor", ((F(0), F(16), F(30)), (F(0), F(20))), F(10)),
        Party.weighted("Library", (F(30), F(10)), ((F(1), F(1, 2), F(0)), (F(1), F(0)))),
    ),
    title="Licence",
)
BELIEFS = {"Vendor": F(4, 5), "Library": F(1, 5)}


def test_differing_forecasts_make_a_term_both_prefer() -> None:
    report = contingent_terms(SHEET, "Fee", BELIEFS, event="usage passes 7,000 learners")
    assert report.fixed == "Flat $95,000" and report.fixed_points == (16, 15)  # the most joint points
    best = report.best
    assert best is not None
    assert best.label == "Flat $110,000 if usage passes 7,000 learners, else Flat $80,000"
    # Vendor: 0.8 x 30 + 0.2 x 0 = 24; Library: 0.2 x 0 + 0.8 x 30 = 24.
    assert best.expected == (24, 24) and best.gains == (8, 9) and best.joint_gain == 17
    # Had both held the average forecast (1/2), the term would give 15 + 15: the
    # difference in forecasts creates 18 points.
    assert best.betting_gain == 18
    assert all(min(t.gains) >= 0 and max(t.gains) > 0 for t in report.terms)
    assert contingent_terms(SHEET, "Fee", BELIEFS, fixed="Flat $110,000").best is None  # Vendor's best


def test_the_term_becomes_an_option_at_expected_points() -> None:
    sheet = with_contingent(SHEET, "Fee", "Flat $110,000", "Flat $80,000", BELIEFS, "usage passes 7,000")
    fee = sheet.issues[0]
    assert fee.options[-1] == "Flat $110,000 if usage passes 7,000, else Flat $80,000"
    assert [p.points[0][-1] for p in sheet.parties] == [24, 24]
    library = sheet.parties[1]
    assert library.weights == (30, 10) and library.ratings is not None and library.ratings[0][-1] == F(4, 5)
    assert sheet.parties[0].reservation == 10
    packages = [p for point in frontier(sheet).points for p in point.packages]
    assert (3, 1) in packages  # the contingent fee with the long term: efficient
    assert json.loads(dumps_sheet(sheet))["issues"]["Fee"][-1] == fee.options[-1]


def test_problems_are_named() -> None:
    with pytest.raises(SheetError) as caught:
        contingent_terms(SHEET, "Fee", {"Vendor": F(3, 2), "Agent": F(1, 2)})
    paths = [p.path for p in caught.value.problems]
    assert paths == ["probabilities.Agent", "probabilities.Vendor", "probabilities.Library"]
    with pytest.raises(SheetError, match="unknown issue"):
        contingent_terms(SHEET, "Price", BELIEFS)
    with pytest.raises(SheetError, match=r"unknown issue 'fees' \(did you mean 'Fee'\?\)"):
        contingent_terms(SHEET, "fees", BELIEFS)
    with pytest.raises(SheetError) as caught:
        contingent_terms(SHEET, "Fee", {**BELIEFS, "Vendr": F(1, 2)})
    assert "unknown party (did you mean 'Vendor'?)" in str(caught.value)
    with pytest.raises(SheetError, match="two different options"):
        with_contingent(SHEET, "Fee", "Flat $80,000", "flat $80,000", BELIEFS)
    with pytest.raises(SheetError, match="unknown option"):
        contingent_terms(SHEET, "Fee", BELIEFS, fixed="Free")
    # A term whose label the sheet already has, but for capitals or spacing, is refused by
    # name (a sheet cannot hold two options it cannot tell apart).
    once = with_contingent(SHEET, "Fee", "Flat $110,000", "Flat $80,000", BELIEFS, "usage passes 7,000")
    with pytest.raises(SheetError, match="already has the option 'Flat \\$110,000 if usage passes 7,000"):
        with_contingent(once, "Fee", "Flat $110,000", "Flat $80,000", BELIEFS, "USAGE passes  7,000")


@st.composite
def sheets_with_beliefs(draw: st.DrawFn, same: bool = False) -> tuple[Sheet, int, dict[str, Fraction]]:
    sheet = draw(
        sheets(max_issues=2, max_options=4).filter(lambda s: any(len(i.options) > 1 for i in s.issues))
    )
    issue = draw(st.sampled_from([i for i, x in enumerate(sheet.issues) if len(x.options) > 1]))
    shared = F(draw(st.integers(0, 10)), 10)
    probabilities = {p.name: shared if same else F(draw(st.integers(0, 10)), 10) for p in sheet.parties}
    return sheet, issue, probabilities


@PROPERTY
@given(sheets_with_beliefs())
def test_listed_terms_are_preferred_by_all_and_score_as_bets(
    case: tuple[Sheet, int, dict[str, Fraction]],
) -> None:
    sheet, i, probabilities = case
    report = contingent_terms(sheet, sheet.issues[i].name, probabilities)
    options = sheet.issues[i].options
    base = options.index(report.fixed)
    assert sum(report.fixed_points) == max(
        sum(p.points[i][o] for p in sheet.parties) for o in range(len(options))
    )
    average = sum(probabilities.values(), F(0)) / len(probabilities)
    for term in report.terms:
        a, b = options.index(term.if_event), options.index(term.otherwise)
        for party, expected, gain in zip(sheet.parties, term.expected, term.gains):
            q = probabilities[party.name]
            assert expected == q * party.points[i][a] + (1 - q) * party.points[i][b]
            assert gain == expected - party.points[i][base] and gain >= 0
        assert any(g > 0 for g in term.gains)
        assert term.betting_gain == sum(
            (probabilities[p.name] - average) * (p.points[i][a] - p.points[i][b]) for p in sheet.parties
        )
    joints = [t.joint_gain for t in report.terms]
    assert joints == sorted(joints, reverse=True)


@PROPERTY
@given(sheets_with_beliefs(same=True))
def test_shared_forecasts_leave_nothing_to_bet_on(case: tuple[Sheet, int, dict[str, Fraction]]) -> None:
    sheet, i, probabilities = case
    report = contingent_terms(sheet, sheet.issues[i].name, probabilities)
    # A lottery between two options never beats the best fixed option for the parties together.
    assert all(t.joint_gain <= 0 for t in report.terms)
    assert all(t.betting_gain == 0 for t in report.terms)


def test_service_contingent() -> None:
    text = dumps_sheet(SHEET)
    reply = service.contingent(
        text, "Fee", {"Vendor": "0.8", "Library": 0.2}, "Flat $95,000", "usage is high"
    )
    assert reply["ok"] is True
    result = reply["result"]
    json.dumps(reply)
    assert result["best"]["label"] == "Flat $110,000 if usage is high, else Flat $80,000"
    assert result["best"]["gains"] == {"Vendor": 8, "Library": 9} and result["best"]["betting_gain"] == 18
    assert result["sheet"]["issues"]["Fee"][-1] == result["best"]["label"]
    bad = service.contingent(text, "Fee", {"Vendor": "lots", "Library": 0.2})
    assert bad["ok"] is False and bad["problems"][0]["path"] == "probabilities.Vendor"
