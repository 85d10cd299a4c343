"""Reading, validating and writing sheet files."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path

import pytest

from scoresheet import Issue, Sheet, SheetError, dumps_sheet, loads_sheet, sheet_from_dict, sheet_to_dict
from scoresheet.errors import SUGGEST_AMONG, did_you_mean

SHEETS = Path(__file__).parent / "sheets"


def job_offer() -> dict:
    return json.loads((SHEETS / "job-offer.json").read_text())


def problems(data: object) -> dict[str, str]:
    with pytest.raises(SheetError) as caught:
        sheet_from_dict(data, "sheet.json")
    assert caught.value.source == "sheet.json"
    return {p.path: p.message for p in caught.value.problems}


def test_reads_points_and_weighted_ratings_exactly() -> None:
    sheet = loads_sheet((SHEETS / "job-offer.json").read_text())
    candidate, employer = sheet.parties
    assert sheet.issue_names == ("Salary", "Start", "Location")
    assert candidate.reservation == 20
    assert candidate.points[0] == (0, 15, 30)
    # 60 x 0.5 and 10 x 1/3, exactly
    assert employer.points[0][1] == 30
    assert employer.points[1][1] == Fraction(10, 3)
    assert employer.weights == (60, 10, 30)


def test_round_trip_is_exact() -> None:
    text = (SHEETS / "job-offer.json").read_text()
    sheet = loads_sheet(text)
    again = loads_sheet(dumps_sheet(sheet))
    assert again == sheet
    assert sheet_to_dict(again) == sheet_to_dict(sheet)
    assert again.parties[1].ratings == sheet.parties[1].ratings  # weights kept as entered


def test_decimals_survive_the_trip() -> None:
    data = job_offer()
    data["parties"]["Candidate"]["points"]["Salary"] = {"$90k": 0.1, "$95k": "0.2", "$100k": "1/7"}
    sheet = sheet_from_dict(data)
    assert sheet.parties[0].points[0] == (Fraction(1, 10), Fraction(1, 5), Fraction(1, 7))
    written = sheet_to_dict(sheet)["parties"]["Candidate"]["points"]["Salary"]
    assert written == {"$90k": 0.1, "$95k": 0.2, "$100k": "1/7"}
    assert loads_sheet(dumps_sheet(sheet)) == sheet


def test_collects_every_problem_with_its_path() -> None:
    data = job_offer()
    data["parties"]["Candidate"]["points"]["Salary"]["$90k"] = "lots"
    del data["parties"]["Candidate"]["points"]["Start"]
    data["parties"]["Candidate"]["points"]["Location"]["Denver"] = 4
    data["parties"]["Employer"]["weights"]["Bonus"] = 5
    data["parties"]["Employer"]["reservation"] = True
    found = problems(data)
    assert found['parties.Candidate.points.Salary["$90k"]'] == "must be a number, not 'lots'"
    assert "no values for this issue" in found["parties.Candidate.points.Start"]
    assert found["parties.Candidate.points.Location.Denver"].startswith("unknown option")
    assert found["parties.Employer.weights.Bonus"].startswith("unknown issue")
    assert found["parties.Employer.reservation"] == "must be a number, not true"
    assert len(found) == 5


def test_a_name_close_to_a_known_one_is_suggested() -> None:
    data = job_offer()
    data["parties"]["Candidate"]["points"]["Location"]["chicgo"] = data["parties"]["Candidate"]["points"][
        "Location"
    ].pop("Chicago")
    data["parties"]["Employer"]["weights"]["Salry"] = data["parties"]["Employer"]["weights"].pop("Salary")
    data["parties"]["Employer"]["reservatoin"] = 10
    data["parties"]["Candidate"]["points"]["Location"]["Tokyo"] = 1
    found = problems(data)
    assert found["parties.Candidate.points.Location.chicgo"].startswith(
        "unknown option (did you mean 'Chicago'?); known options are"
    )
    assert found["parties.Employer.weights.Salry"].startswith("unknown issue (did you mean 'Salary'?);")
    assert found["parties.Employer.reservatoin"].startswith("unknown field (did you mean 'reservation'?);")
    assert "did you mean" not in found["parties.Candidate.points.Location.Tokyo"]  # nothing close
    sheet = loads_sheet(json.dumps(job_offer()))
    with pytest.raises(SheetError, match=r"unknown option 'Chicgo' \(did you mean 'Chicago'\?\)"):
        sheet.package({"Salary": "$95k", "Start": "June", "Location": "Chicgo"})
    with pytest.raises(SheetError, match=r"unknown party 'employer ' \(did you mean 'Employer'\?\)"):
        sheet.party("employer ")


def test_suggestions_are_looked_for_among_a_bounded_number_of_names() -> None:
    names = ["Denver", *(f"City {n}" for n in range(SUGGEST_AMONG - 1))]
    assert did_you_mean("denvr", names) == " (did you mean 'Denver'?)"
    assert did_you_mean("denvr", [*names, "Boston"]) == ""  # a huge sheet waits for nothing
    assert did_you_mean("Denvr" + "x" * SUGGEST_AMONG, names) == ""


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda d: d.update(version=2), "version", "must be 1"),
        (lambda d: d.pop("issues"), "issues", "missing"),
        (lambda d: d["issues"].update(Salary=["$90k"]), "issues.Salary", "at least 2 options"),
        (lambda d: d["issues"].update(Start=["June", "June"]), "issues.Start[1]", "more than once"),
        (lambda d: d["issues"].update(Start="June"), "issues.Start", "must be a list"),
        (lambda d: d["parties"].pop("Employer"), "parties", "2 to 6 parties, not 1"),
        (lambda d: d["parties"].update({"": d["parties"]["Employer"]}), '[""]', "non-empty"),
        (lambda d: d["parties"]["Employer"].pop("weights"), "parties.Employer.weights", "missing"),
        (lambda d: d["parties"]["Candidate"].update(weights={}), "parties.Candidate", "not both"),
        (
            lambda d: d["parties"]["Candidate"].update(colour="red"),
            "parties.Candidate.colour",
            "unknown field",
        ),
        (
            lambda d: d["parties"]["Candidate"]["points"]["Salary"].pop("$95k"),
            'parties.Candidate.points.Salary["$95k"]',
            "missing value",
        ),
        (lambda d: d.update(title=5), "title", "must be text"),
    ],
)
def test_each_problem_is_named(change, path: str, message: str) -> None:
    data = job_offer()
    change(data)
    found = problems(data)
    matching = [p for p in found if p.endswith(path)]
    assert matching, found
    assert message in found[matching[0]]


def test_seven_parties_are_too_many() -> None:
    data = job_offer()
    for n in range(5):
        data["parties"][f"extra {n}"] = copy.deepcopy(data["parties"]["Candidate"])
    assert "2 to 6 parties, not 7" in problems(data)["parties"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ('{"version": 1, "version": 1}', "appears more than once"),
        ('{"version": NaN}', "NaN is not a number"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
        ("[]", "must be a JSON object, not a list"),
        ('{"version": 1e999999999}', "sensible size"),
        ('{"version": 1' + "0" * 5000 + "}", "not valid JSON"),
    ],
)
def test_bad_json_is_one_clear_problem(text: str, message: str) -> None:
    with pytest.raises(SheetError) as caught:
        loads_sheet(text, "broken.json")
    assert message in str(caught.value)
    assert str(caught.value).startswith("broken.json: ")


def test_duplicate_party_names_are_reported() -> None:
    text = (SHEETS / "job-offer.json").read_text().replace('"Employer"', '"Candidate"')
    with pytest.raises(SheetError) as caught:
        loads_sheet(text)
    assert any(p.path == "parties.Candidate" and "more than once" in p.message for p in caught.value.problems)


def test_names_the_package_parser_cannot_tell_apart_are_refused_with_every_other_problem() -> None:
    # Packages match labels ignoring case and spacing, so one of each pair could not be chosen.
    points = {"Fee": {"$8,000": 0, " $8,000 ": 1, "$9,000": 2}, "fee": {"low": 0, "high": 1}}
    data = {
        "version": 1,
        "issues": {"Fee": ["$8,000", " $8,000 ", "$9,000"], "fee": ["low", "high"]},
        "parties": {"Buyer": {"points": points, "reservation": "lots"}, "buyer": {"points": points}},
    }
    # Each at the later name's own field, which the page marks.
    assert problems(data) == {
        "issues.Fee[1]": "'$8,000' and ' $8,000 ' differ only in capitals or spacing",
        "issues.fee": "'Fee' and 'fee' differ only in capitals or spacing",
        "parties.buyer": "'Buyer' and 'buyer' differ only in capitals or spacing",
        "parties.Buyer.reservation": "must be a number, not 'lots'",
    }


def test_a_sheet_built_in_code_refuses_such_names_too() -> None:
    sheet = loads_sheet((SHEETS / "job-offer.json").read_text())
    salary = sheet.issues[0]
    with pytest.raises(SheetError) as caught:
        Sheet((Issue(salary.name, ("$8,000", " $8,000 ", "$9,000")), *sheet.issues[1:]), sheet.parties)
    assert [str(p) for p in caught.value.problems] == [
        "issues.Salary[1]: '$8,000' and ' $8,000 ' differ only in capitals or spacing"
    ]


def test_error_message_lists_all_problems_one_per_line() -> None:
    error = SheetError.single("parties.x", "bad", "f.json")
    assert str(error) == "f.json: parties.x: bad"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (  # an issue named twice: the parties' tables repeat the name too
            '{"version":1,"issues":{"Fee":["a","b"],"Fee":["c","d"]},"parties":{'
            '"A":{"points":{"Fee":{"a":1,"b":2},"Fee":{"c":1,"d":2}}},'
            '"B":{"weights":{"Fee":1,"Fee":2},"ratings":{"Fee":{"a":1,"b":0},"Fee":{"c":0,"d":1}}}}}',
            "issues.Fee",
            "appears more than once",
        ),
        (  # an issue without a name: the parties' tables name it "" too
            '{"version":1,"issues":{"":["a","b"],"X":["c","d"]},"parties":{'
            '"A":{"points":{"":{"a":1,"b":2},"X":{"c":1,"d":2}}},'
            '"B":{"weights":{"":1,"X":2},"ratings":{"":{"a":1,"b":0},"X":{"c":0,"d":1}}}}}',
            'issues[""]',
            "a name must be non-empty text",
        ),
        (
            '{"version":1,"issues":{"X":["a","a","b"]},"parties":{'
            '"A":{"points":{"X":{"a":1,"a":2,"b":3}}},"B":{"points":{"X":{"a":1,"a":2,"b":0}}}}}',
            "issues.X[1]",
            "option 'a' appears more than once",
        ),
        (
            '{"version":1,"issues":{"X":["","b"]},"parties":{'
            '"A":{"points":{"X":{"":1,"b":3}}},"B":{"points":{"X":{"":1,"b":0}}}}}',
            "issues.X[0]",
            "a name must be non-empty text",
        ),
        (  # an issue without a list of options: the parties' tables still name it
            '{"version":1,"issues":{"X":"c or d","Y":["a","b"]},"parties":{'
            '"A":{"points":{"X":{"c":1,"d":2},"Y":{"a":1,"b":2}}},"B":{"points":{"X":{"c":2},"Y":{"a":2,"b":1}}}}}',
            "issues.X",
            "must be a list of option labels, not text",
        ),
    ],
)
def test_a_bad_issue_or_option_name_is_one_problem_where_it_is_named(
    text: str, where: str, message: str
) -> None:
    # The page marks each problem at its field: the parties' tables, keyed by the same
    # names, reported it again once per party, at every party's name field.
    with pytest.raises(SheetError) as raised:
        loads_sheet(text)
    assert [(p.path, p.message) for p in raised.value.problems] == [(where, message)]
