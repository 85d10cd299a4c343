"""Fuzzing the input side: whatever arrives, the engine answers with a sheet or a SheetError."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from scoresheet import SheetError, import_genius, loads_sheet, sheet_from_dict
from scoresheet.debrief import read_outcomes

NAMES = st.sampled_from(["Price", "Start", "A", "B", "", " ", "x" * 300, "$90k", "1", "no deal"]) | st.text(
    max_size=8
)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | NAMES
JSONISH = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(NAMES, children, max_size=4),
    max_leaves=30,
)


def sheet_shaped() -> st.SearchStrategy[object]:
    """Dicts that look like sheets, so the fuzzer reaches the deep checks, not just the top."""
    party = st.fixed_dictionaries(
        {},
        optional={
            "points": st.dictionaries(
                NAMES, st.dictionaries(NAMES, SCALARS, max_size=3) | SCALARS, max_size=3
            ),
            "weights": st.dictionaries(NAMES, SCALARS, max_size=3),
            "ratings": st.dictionaries(NAMES, st.dictionaries(NAMES, SCALARS, max_size=3), max_size=3),
            "reservation": SCALARS,
        },
    )
    return st.fixed_dictionaries(
        {"version": st.just(1) | SCALARS},
        optional={
            "issues": st.dictionaries(NAMES, st.lists(NAMES, max_size=4) | SCALARS, max_size=4),
            "parties": st.dictionaries(NAMES, party | SCALARS, max_size=7),
            "title": SCALARS,
        },
    )


@settings(max_examples=300, deadline=None)
@given(JSONISH | sheet_shaped())
def test_any_data_gives_a_sheet_or_a_sheet_error(data: object) -> None:
    try:
        sheet_from_dict(data)
    except SheetError as error:
        assert error.problems and all(p.message for p in error.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200) | JSONISH.map(lambda d: json.dumps(d, default=str)))
def test_any_text_gives_a_sheet_or_a_sheet_error(text: str) -> None:
    try:
        loads_sheet(text, "fuzz.json")
    except SheetError as error:
        assert str(error).startswith("fuzz.json: ")


XML_BITS = st.sampled_from(
    [
        "<utility_space>",
        "</utility_space>",
        "<objective name='o'>",
        "</objective>",
        "<issue name='i' index='1'>",
        "</issue>",
        "<item index='1' value='a' evaluation='1'/>",
        "<item value='b' evaluation='x'/>",
        "<weight index='1' value='0.5'/>",
        "<reservation value='0.1'/>",
        "<!DOCTYPE x>",
        "&amp;",
        "<",
        ">",
        "'",
        '"',
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(XML_BITS, max_size=12).map("".join), st.lists(XML_BITS, max_size=12).map("".join))
def test_any_genius_xml_gives_a_sheet_or_a_sheet_error(domain: str, profile: str) -> None:
    try:
        import_genius(domain, [("a.xml", profile), ("b.xml", profile)])
    except SheetError as error:
        assert error.problems


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_pasted_table_is_read_without_crashing(text: str) -> None:
    sheet = loads_sheet(
        '{"version": 1, "issues": {"Price": ["low", "high"]},'
        ' "parties": {"A": {"points": {"Price": {"low": 0, "high": 1}}},'
        ' "B": {"points": {"Price": {"low": 1, "high": 0}}}}}'
    )
    outcomes, problems = read_outcomes(sheet, text)
    assert all(p.path.startswith("row ") for p in problems)
    assert all(o.package is None or sheet.labels(o.package) for o in outcomes)
