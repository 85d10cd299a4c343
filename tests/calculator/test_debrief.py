"""Class results: reading pasted tables forgivingly, assessing each deal, class figures."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from brute import all_packages, dominates, values
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import sheets

from scoresheet import Sheet, loads_sheet
from scoresheet.debrief import Outcome, assess, outcomes_csv, read_outcomes, summarise

SHEET = loads_sheet((Path(__file__).parent / "sheets" / "job-offer.json").read_text())

PASTED = """Group\tSalary\tStart\tLocation
Pair A\t$95k\tJune\tChicago
pair b\t  $90K \tjuly\tsan   francisco
Pair C\tno deal\t\t
Pair D\t$95k\tAugust\tChicago
Pair E\t$100k\tJuly\tSan Francisco
"""


def test_reads_pasted_rows_forgivingly_and_reports_bad_cells() -> None:
    outcomes, problems = read_outcomes(SHEET, PASTED)
    assert [o.group for o in outcomes] == ["Pair A", "pair b", "Pair C", "Pair E"]
    assert SHEET.labels(outcomes[1].package or ()) == {
        "Salary": "$90k",
        "Start": "July",
        "Location": "San Francisco",
    }
    assert outcomes[2].package is None
    assert [(p.path, p.message.split(";")[0]) for p in problems] == [
        ("row 5, column Start", "unknown option 'August'")
    ]


def test_a_cell_close_to_an_option_gets_a_suggestion() -> None:
    text = "Group\tSalary\tStart\tLocation\nPair A\t$95k\tJnue\tSan Fransisco\n"
    outcomes, problems = read_outcomes(SHEET, text)
    assert outcomes == []
    assert [(p.path, p.message) for p in problems] == [
        ("row 2, column Start", "unknown option 'Jnue' (did you mean 'June'?); options are June, July"),
        (
            "row 2, column Location",
            "unknown option 'San Fransisco' (did you mean 'San Francisco'?); "
            "options are Chicago, San Francisco",
        ),
    ]


def test_reads_comma_separated_files_and_flags_unknown_columns() -> None:
    text = "Team,Salary,Start,Location,Mood\nT1,$90k,July,Chicago,good\n"
    outcomes, problems = read_outcomes(SHEET, text)
    assert outcomes == [
        Outcome("T1", SHEET.package({"Salary": "$90k", "Start": "July", "Location": "Chicago"}))
    ]
    assert problems[0].path == "row 1, column Mood"
    _, problems = read_outcomes(SHEET, "Group,Salary\nx,$90k\n")
    assert {p.message for p in problems} >= {
        "no column for the issue 'Start'",
        "no column for the issue 'Location'",
    }


def test_a_repeated_group_name_is_a_row_problem_and_counts_once() -> None:
    text = (
        "Team,Salary,Start,Location\n"
        "Team 1,$95k,June,Chicago\n"
        ",$90k,July,Chicago\n"  # unnamed: Group 3, as a row below is called Group 2
        "team  1,$100k,July,Chicago\n"  # differs only in capitals and spacing
        "Group 2,no deal,,\n"
        "Team 1,$1,July,Chicago\n"  # its other problems are reported too
    )
    outcomes, problems = read_outcomes(SHEET, text)
    assert [o.group for o in outcomes] == ["Team 1", "Group 3", "Group 2"]
    assert [(p.path, p.message.split(";")[0]) for p in problems] == [
        ("row 4, column Team", "'team  1' is already the name of row 2"),
        ("row 6, column Team", "'Team 1' is already the name of row 2"),
        ("row 6, column Salary", "unknown option '$1'"),
    ]
    assert summarise(SHEET, assess(SHEET, outcomes)).outcomes == 3


def test_an_unnamed_row_is_not_given_a_name_another_row_has() -> None:
    outcomes, problems = read_outcomes(
        SHEET, "Group,Salary,Start,Location\ngroup 2,$95k,June,Chicago\n,$90k,July,Chicago\n"
    )
    assert problems == []
    assert [o.group for o in outcomes] == ["group 2", "Group 3"]  # the second row would be Group 2
    # Typed names come first, wherever they are; an unnamed row is named by its place.
    outcomes, problems = read_outcomes(
        SHEET, "Group,Salary,Start,Location\n,$95k,June,Chicago\n,$90k,July,Chicago\nGroup 1,no deal,,\n"
    )
    assert problems == []
    assert [o.group for o in outcomes] == ["Group 2", "Group 3", "Group 1"]
    # A table without a Group column: every row is named by its place.
    outcomes, _ = read_outcomes(SHEET, "Salary,Start,Location\n$95k,June,Chicago\n$90k,July,Chicago\n")
    assert [o.group for o in outcomes] == ["Group 1", "Group 2"]


def test_an_option_called_none_is_an_option_not_an_impasse() -> None:
    sheet = loads_sheet(
        """{"version": 1, "issues": {"Board": ["None", "One seat"], "Fee": ["Low", "High"]},
        "parties": {"A": {"points": {"Board": {"None": 10, "One seat": 0}, "Fee": {"Low": 0, "High": 5}}},
                    "B": {"points": {"Board": {"None": 0, "One seat": 10}, "Fee": {"Low": 5, "High": 0}}}}}"""
    )
    outcomes, problems = read_outcomes(sheet, "Group,Board,Fee\nG1,none,High\nG2,One seat,no deal\n")
    assert problems == []
    assert outcomes == [Outcome("G1", (0, 1)), Outcome("G2", None)]
    assert read_outcomes(sheet, outcomes_csv(sheet, outcomes))[0] == outcomes


def test_assessment_and_class_figures() -> None:
    outcomes, _ = read_outcomes(SHEET, PASTED)
    reports = assess(SHEET, outcomes)
    a, b, c, e = reports
    assert a.scores == (15, 40) and not a.efficient and a.left_on_table == Fraction(325, 3)
    assert a.below_reservation == ("Candidate",)  # 15 < 20
    assert a.lost_compatible == ("Location",)  # both prefer San Francisco
    assert b.efficient and b.left_on_table == 0 and b.lost_compatible == ()
    assert c.scores is None
    summary = summarise(SHEET, reports)
    assert (summary.outcomes, summary.deals, summary.impasses, summary.efficient_deals) == (4, 3, 1, 2)
    assert summary.mean_joint == (a.joint + b.joint + e.joint) / 3  # type: ignore[operator]
    assert summary.joint_maximum == Fraction(490, 3)
    assert summary.below_reservation == 1 and summary.lose_lose == 1


def test_an_issue_one_side_does_not_care_about_is_no_lose_lose() -> None:
    # The employer weighs Location 0: Chicago costs the candidate, not the employer. A loss
    # for one side, so the deal is not efficient, but not lose-lose (trades.py: indifferent).
    data = json.loads((Path(__file__).parent / "sheets" / "job-offer.json").read_text())
    data["parties"]["Employer"]["weights"]["Location"] = 0
    sheet = loads_sheet(json.dumps(data))
    outcomes, _ = read_outcomes(sheet, "Group,Salary,Start,Location\nA,$95k,June,Chicago\n")
    (report,) = assess(sheet, outcomes)
    assert not report.efficient and report.lost_compatible == ()
    assert summarise(sheet, [report]).lose_lose == 0


@settings(max_examples=60, deadline=None)
@given(sheets(), st.data())
def test_assessment_matches_brute_force_and_csv_round_trips(sheet: Sheet, data: st.DataObject) -> None:
    packages = list(all_packages(sheet))
    chosen = data.draw(st.lists(st.one_of(st.none(), st.sampled_from(packages)), max_size=6))
    outcomes = [Outcome(f"Group {i + 1}", p) for i, p in enumerate(chosen)]
    for report in assess(sheet, outcomes):
        package = report.outcome.package
        if package is None:
            continue
        here = values(sheet, package)
        better = [values(sheet, p) for p in packages if dominates(values(sheet, p), here)]
        assert report.efficient == (not better)
        assert report.left_on_table == max((sum(v) - sum(here) for v in better), default=0)
    again, problems = read_outcomes(sheet, outcomes_csv(sheet, outcomes))
    assert problems == []
    assert again == outcomes
