"""The JSON facade the browser's worker calls: answers, never exceptions."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from scoresheet import chart as chart_module
from scoresheet import loads_sheet, service

SHEET = (Path(__file__).parent / "sheets" / "job-offer.json").read_text()


def test_analyse_returns_everything_the_page_shows() -> None:
    reply = service.analyse(SHEET, {"Salary": "$95k", "Start": "June", "Location": "Chicago"})
    assert reply["ok"] is True
    result = reply["result"]
    assert result["package"]["parties"]["Candidate"]["points"] == 15
    assert result["efficiency"]["efficient"] is False
    assert len(result["frontier"]["points"]) == 4
    assert result["chart"]["layer"] and result["chart"]["data"]["values"]
    json.dumps(reply)  # everything crosses to JavaScript as plain JSON


def test_without_a_package_the_compromise_is_analysed() -> None:
    result = service.analyse(SHEET)["result"]
    assert result["package"]["options"] == {"Salary": "$95k", "Start": "June", "Location": "San Francisco"}


def test_problems_come_back_as_data_with_paths() -> None:
    broken = SHEET.replace('"$90k": 0,', '"$90k": "zero",', 1)
    reply = service.analyse(broken)
    assert reply == {
        "ok": False,
        "source": None,
        "problems": [
            {"path": 'parties.Candidate.points.Salary["$90k"]', "message": "must be a number, not 'zero'"}
        ],
    }
    assert service.validate("not json")["ok"] is False
    assert service.meso_offers(SHEET, "Candidate", "x")["problems"][0]["path"] == "target"
    assert service.score_package(SHEET, {"Salary": "$1"})["ok"] is False


def test_validate_normalises_and_round_trips() -> None:
    reply = service.validate(SHEET)
    assert loads_sheet(json.dumps(reply["result"])) == loads_sheet(SHEET)


def test_meso_trades_and_chart() -> None:
    offers = service.meso_offers(SHEET, "Candidate", 45, 3, "5")["result"]["offers"]
    assert all(40 <= offer["value"] <= 50 for offer in offers)
    kinds = [t["kind"] for t in service.trades_between(SHEET, "Employer", "Candidate")["result"]["issues"]]
    assert kinds == ["integrative", "integrative", "compatible"]
    spec = service.chart(SHEET, "Employer", "Candidate")["result"]
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Employer points"


def _with_employer(employer: dict[str, object]) -> str:
    data = json.loads(SHEET)
    data["parties"]["Employer"] = employer
    return json.dumps(data)


def test_trades_with_a_blank_estimate_give_it_no_favourite_no_rank_and_no_agreement() -> None:
    # A role page's blank estimate of the other side scores every option 0.
    issues = json.loads(SHEET)["issues"]
    blank = _with_employer(
        {"points": {issue: dict.fromkeys(options, 0) for issue, options in issues.items()}}
    )
    result = service.trades_between(blank, "Candidate", "Employer")["result"]
    assert [(t["kind"], t["favourites"], t["priority"], t["trade_ratio"]) for t in result["issues"]] == [
        ("indifferent", {"Candidate": "$100k", "Employer": None}, {"Candidate": 2, "Employer": None}, None),
        ("indifferent", {"Candidate": "July", "Employer": None}, {"Candidate": 1, "Employer": None}, None),
        (
            "indifferent",
            {"Candidate": "San Francisco", "Employer": None},
            {"Candidate": 2, "Employer": None},
            None,
        ),
    ]
    assert result["logrolls"] == []


def test_an_issue_one_side_does_not_care_about_is_indifferent_not_compatible() -> None:
    employer = json.loads(SHEET)["parties"]["Employer"]
    employer["weights"]["Location"] = 0  # both used to "prefer" San Francisco
    result = service.trades_between(_with_employer(employer), "Employer", "Candidate")["result"]
    location = result["issues"][2]
    assert location["kind"] == "indifferent"
    assert location["favourites"] == {"Employer": None, "Candidate": "San Francisco"}
    assert location["priority"] == {"Employer": None, "Candidate": 2}
    assert location["stakes"] == {"Employer": 0, "Candidate": 30}
    assert [t["priority"]["Employer"] for t in result["issues"][:2]] == [1, 2]


def test_debrief_keeps_good_rows_and_reports_bad_ones() -> None:
    table = (
        "Group,Salary,Start,Location\n"
        "A,$95k,June,Chicago\nB,$90k,July,San Francisco\nC,$1,July,Chicago\nD,no deal,,\n"
    )
    result = service.debrief(SHEET, table)["result"]
    assert [o["group"] for o in result["outcomes"]] == ["A", "B", "D"]
    assert result["row_problems"][0]["path"] == "row 4, column Salary"
    assert result["summary"]["deals"] == 2 and result["summary"]["impasses"] == 1
    markers = [row for row in result["chart"]["data"]["values"] if row["kind"] == "marker"]
    assert [m["label"] for m in markers] == ["A", "B"]
    assert [m["caption"] for m in markers] == ["A", "B"]
    assert result["csv"].splitlines()[0] == "Group,Salary,Start,Location"
    assert service.debrief(SHEET, result["csv"])["result"]["outcomes"] == result["outcomes"]


def test_debrief_leaves_out_a_repeated_group_and_says_why() -> None:
    table = "Group,Salary,Start,Location\nTeam 1,$95k,June,Chicago\nTeam 1,$90k,July,San Francisco\n"
    result = service.debrief(SHEET, table)["result"]
    assert [o["group"] for o in result["outcomes"]] == ["Team 1"]
    assert result["row_problems"] == [
        {"path": "row 3, column Group", "message": "'Team 1' is already the name of row 2"}
    ]
    assert result["summary"]["deals"] == 1


def test_markers_at_one_spot_share_one_caption() -> None:
    # Two groups with the same deal, and a third elsewhere: one caption for the two, drawn
    # once, and each marker keeps its own label (the page finds a group's row by it).
    table = "Group,Salary,Start,Location\nA,$95k,June,Chicago\nB,$95k,June,Chicago\nC,$90k,July,Chicago\n"
    rows = service.debrief(SHEET, table)["result"]["chart"]["data"]["values"]
    markers = [row for row in rows if row["kind"] == "marker"]
    assert [(m["label"], m["caption"]) for m in markers] == [("A", "A / B"), ("B", ""), ("C", "C")]
    assert (markers[0]["x"], markers[0]["y"]) == (markers[1]["x"], markers[1]["y"])


# One issue of 101 prices, worth k to one side and 100 - k to the other: markers a few
# price steps apart are a few px apart on the chart.
_PRICES = [f"p{k}" for k in range(101)]
PRICES = {
    "version": 1,
    "issues": {"Price": _PRICES},
    "parties": {
        "Buyer": {"points": {"Price": {p: k for k, p in enumerate(_PRICES)}}},
        "Seller": {"points": {"Price": {p: 100 - k for k, p in enumerate(_PRICES)}}},
    },
}


def test_captions_that_would_overlap_are_placed_apart() -> None:
    # One issue of 101 prices, worth k to one side and 100 - k to the other: on the plot
    # that captions are placed on (a phone's, 270 x 320 px) a price step is 2.7 px across
    # and 3.2 px up. Table 2's caption, two steps from Table 1, would cover Table 1's in
    # the usual place (above, to the right); Table 3, far off in the plot's right third,
    # has its caption to the left.
    sheet = PRICES

    def placed(table: str) -> dict[str, tuple[str, int, int, str]]:
        chart = service.debrief(json.dumps(sheet), "Group,Price\n" + table)["result"]["chart"]
        rows = chart["data"]["values"]
        return {
            m["label"]: (m["caption"], m["caption_dx"], m["caption_dy"], m["caption_align"])
            for m in rows
            if m["kind"] == "marker"
        }

    crowded = placed("Table 1,p50\nTable 2,p52\nTable 3,p80\n")
    assert crowded["Table 1"] == ("Table 1", 7, -7, "left")
    assert crowded["Table 3"] == ("Table 3", -7, -7, "right")
    assert crowded["Table 2"][0] == "Table 2" and crowded["Table 2"][1:3] != (7, -7)
    # Alone, Table 2 has the usual place; far enough from Table 1, too.
    assert placed("Table 2,p52\n")["Table 2"] == ("Table 2", 7, -7, "left")
    assert placed("Table 1,p50\nTable 2,p58\n")["Table 2"] == ("Table 2", 7, -7, "left")


def test_crowded_captions_are_shortened_until_they_find_a_free_place() -> None:
    # Eight long-named groups three price steps apart (8 px on a phone's plot): the full names cannot all be
    # placed apart, so some are cut ("…"), and then no two captions, and no caption and
    # marker, overlap. Each marker's tooltip still names every marker at its spot in full.
    sheet = PRICES
    names = [f"Table {n} (Monday class)" for n in range(8)]
    table = "Group,Price\n" + "".join(f"{name},p{30 + 3 * n}\n" for n, name in enumerate(names))
    table += "Twin,p30\nLone table far off,p90\n"  # Twin: at Table 0's spot
    chart = service.debrief(json.dumps(sheet), table)["result"]["chart"]
    markers = [row for row in chart["data"]["values"] if row["kind"] == "marker"]
    extents = chart_module._extents(chart["data"]["values"], loads_sheet(json.dumps(sheet)), {"x": 0, "y": 1})
    domains = {axis: chart_module._domain(extent) for axis, extent in extents.items()}
    drawn = [m for m in markers if m["caption"]]
    assert sum(m["caption"].endswith("…") for m in drawn) >= 4
    assert next(m for m in markers if m["label"] == "Lone table far off")["caption"] == "Lone table far off"
    for m in drawn:
        assert m["labels_here"].startswith(m["caption"].removesuffix("…"))
    boxes = [
        chart_module._caption_box(
            chart_module._spot(m, domains), m["caption"], m["caption_dx"], m["caption_dy"]
        )
        for m in drawn
    ]
    spots = [chart_module._marker_box(chart_module._spot(m, domains)) for m in markers]
    for i, box in enumerate(boxes):
        assert not any(chart_module._overlap(box, other) for other in boxes[i + 1 :] + spots)
    twin = next(m for m in markers if m["label"] == "Twin")
    assert twin["caption"] == "" and twin["labels_here"] == f"{names[0]} / Twin"
    tooltip = chart["layer"][2]["encoding"]["tooltip"]
    assert tooltip[0] == {"field": "labels_here", "title": "Marker"}


def test_an_axis_with_one_value_spans_one_point_either_side() -> None:
    # A role page's blank estimate of the other side: every package worth 0 to it. Its
    # axis had a single tick reading "0.000000"; with a reservation line elsewhere it fits
    # both, as any axis does.
    def chart_of(them: dict[str, object]) -> dict[str, object]:
        sheet = {
            "version": 1,
            "issues": {"A": ["a", "b"], "B": ["x", "y"]},
            "parties": {"Me": {"points": {"A": {"a": 0, "b": 10}, "B": {"x": 5, "y": 0}}}, "Them": them},
        }
        spec = service.chart(json.dumps(sheet), "Me", "Them")["result"]
        return {axis: spec["layer"][0]["encoding"][axis]["scale"] for axis in ("x", "y")}

    blank = {"points": {"A": {"a": 0, "b": 0}, "B": {"x": 0, "y": 0}}}
    # Me's points run 0..15: the axis spans them at round numbers, as Vega's "nice" does.
    me = {"zero": False, "nice": False, "domain": [0, 16]}
    assert chart_of(blank) == {"x": me, "y": {"zero": False, "nice": False, "domain": [-1, 1]}}
    assert chart_of({**blank, "reservation": 3}) == {
        "x": me,
        "y": {"zero": False, "nice": False, "domain": [0, 3]},
    }


def test_axes_span_round_numbers_as_the_chart_draws_them() -> None:
    # The engine gives each axis its domain (where it places the captions), widened as
    # d3's linear nice() widens it: these pairs are d3-scale's own answers.
    for extent, nice in [
        ((3.5, 98), (0, 100)),
        ((0.123, 0.987), (0.1, 1)),
        ((-3, 17), (-4, 18)),
        ((37.6, 126.67), (30, 130)),
    ]:
        assert chart_module._domain(extent) == pytest.approx(nice)
    # A span of a few ulps rounds to nothing on the way: d3 leaves it as it is, and so does
    # the engine (it had raised from log10(0), and the whole analysis with it).
    tiny = (403.0193799258591, 403.01937992585914)
    assert chart_module._domain(tiny) == tiny
    sheet = {
        "version": 1,
        "issues": {"X": ["a", "b"]},
        "parties": {
            "A": {"points": {"X": {"a": "403.0193799258591", "b": "403.01937992585914"}}},
            "B": {"points": {"X": {"a": 1, "b": 0}}},
        },
    }
    assert service.analyse(json.dumps(sheet), None, 5)["ok"]


def test_chart_of_a_huge_sheet_samples_its_cloud() -> None:
    from scoresheet import Issue, Party, Sheet, dumps_sheet

    issues = tuple(Issue(f"i{i}", tuple(f"o{o}" for o in range(10))) for i in range(15))
    parties = tuple(
        Party(name, tuple(tuple(F(o if name == "A" else 9 - o) for o in range(10)) for _ in issues))
        for name in ("A", "B")
    )
    sheet = Sheet(issues, parties)
    assert sheet.package_count == 10**15  # far beyond 2**31, where Pyodide's range() gives up
    spec = service.chart(dumps_sheet(sheet), "A", "B")["result"]
    cloud = [row for row in spec["data"]["values"] if row["kind"] == "package"]
    assert len(cloud) == len({row["package"] for row in cloud}) == 800
