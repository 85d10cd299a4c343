"""Sheets far beyond real cases: each is computed or refused with a SheetError (the one
documented error type) and a clear message, within a stated bound (README, "Limits").

The bounds are counts of work (pairs formed, vectors compared), so they hold on any
machine; how many seconds they come to is printed by tests/benchmarks/bench_frontier.py,
not asserted here."""

from __future__ import annotations

import json

import pytest
from generated import unrelated_sheet  # tests/benchmarks (conftest puts it on the path)

from scoresheet import SheetError, frontier, loads_sheet
from scoresheet.frontier import MAX_MERGE_PAIRS


def outcome(action):  # type: ignore[no-untyped-def]
    try:
        return action(), None
    except SheetError as error:
        return None, error


def test_twenty_issues_of_twenty_options_for_two_parties_is_computed() -> None:
    result, error = outcome(lambda: frontier(unrelated_sheet(20, 20, 2)))
    assert error is None and result is not None and len(result.points) > 0


def test_a_merge_beyond_the_bound_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    module = importlib.import_module("scoresheet.frontier")
    monkeypatch.setattr(module, "MAX_MERGE_PAIRS", 1_000)
    result, error = outcome(lambda: frontier(unrelated_sheet(20, 20, 6)))
    assert result is None and error is not None
    assert "too large to find its frontier" in str(error) and "1,000" in str(error)
    assert MAX_MERGE_PAIRS == 4_000_000


@pytest.mark.parametrize("shape", [(20, 20, 6), (20, 20, 4), (6, 12, 6)])  # options, issues, parties
def test_many_parties_with_unrelated_points_are_refused_within_the_bound(shape: tuple[int, int, int]) -> None:
    result, error = outcome(lambda: frontier(unrelated_sheet(*shape)))
    assert result is None and error is not None
    assert "too large to find its frontier in reasonable time" in str(error)
    assert f"its {shape[2]} parties" in str(error) and "40,000,000" in str(error)


def test_four_parties_of_a_real_size_are_computed() -> None:
    result, error = outcome(lambda: frontier(unrelated_sheet(5, 8, 4)))
    assert error is None and result is not None and len(result.points) > 100


def test_million_character_label_is_refused_with_a_short_message() -> None:
    big = "x" * 1_000_000
    text = json.dumps(
        {
            "version": 1,
            "issues": {big: ["a", "b"]},
            "parties": {"A": {"points": {big: {"a": 1, "b": 0}}}, "B": {"points": {big: {"a": 0, "b": 1}}}},
        }
    )
    _, error = outcome(lambda: loads_sheet(text))
    assert error is not None
    assert "at most 200 characters, not 1000000" in str(error)
    assert len(str(error)) < 5000
    assert any(len(p.path) > 1_000_000 for p in error.problems)  # the path itself stays whole


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"version": 1, "issues": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}",
    ],
)
def test_deeply_nested_json_is_refused(text: str) -> None:
    _, error = outcome(lambda: loads_sheet(text))
    assert error is not None and "nested too deeply" in str(error)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999", "9" * 5000])
def test_nan_infinite_and_enormous_points_are_refused(value: str) -> None:
    text = (
        '{"version": 1, "issues": {"A": ["a", "b"]}, "parties": {"X": {"points": {"A": {"a": '
        + value
        + ', "b": 1}}}, "Y": {"points": {"A": {"a": 1, "b": 0}}}}}'
    )
    _, error = outcome(lambda: loads_sheet(text))
    assert error is not None
