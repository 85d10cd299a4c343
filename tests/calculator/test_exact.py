"""Exact numbers in and out."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoresheet import format_number, parse_number
from scoresheet.errors import field_path, split_path
from scoresheet.exact import MAX_MAGNITUDE, MIN_MAGNITUDE


@pytest.mark.parametrize(
    ("written", "value"),
    [
        (3, Fraction(3)),
        (0.1, Fraction(1, 10)),
        ("2.50", Fraction(5, 2)),
        ("1/3", Fraction(1, 3)),
        (Decimal("0.3"), Fraction(3, 10)),
        (-7, Fraction(-7)),
    ],
)
def test_parse_number(written: object, value: Fraction) -> None:
    assert parse_number(written) == value


@pytest.mark.parametrize("bad", [True, None, "ten", "1/0", math.nan, math.inf, [1], "9" * 500])
def test_parse_number_rejects(bad: object) -> None:
    with pytest.raises(ValueError, match="number"):
        parse_number(bad)


@given(st.fractions(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE, max_denominator=10**6))
def test_format_then_parse_is_identity(value: Fraction) -> None:
    assert parse_number(format_number(value)) == value


@pytest.mark.parametrize("big", ["1e400", 1e300, 10**15 + 1, "-1000000000000001", "10000000000000000/3"])
def test_numbers_beyond_what_replies_can_hold_are_refused(big: object) -> None:
    # 1e400 was exact here and came back as "Infinity" on the page.
    with pytest.raises(ValueError, match=r"between -10\^15 and 10\^15"):
        parse_number(big)
    assert parse_number(-(10**15)) == -MAX_MAGNITUDE


@pytest.mark.parametrize("tiny", ["7e-400", 1e-16, "1/10000000000000001", "-1e-16"])
def test_non_zero_numbers_too_small_for_replies_are_refused(tiny: object) -> None:
    # 7e-400 against 3 points made a trade ratio too large for a float: the analysis failed.
    with pytest.raises(ValueError, match=r"0 or at least 10\^-15 in size"):
        parse_number(tiny)
    assert parse_number("1e-15") == MIN_MAGNITUDE and parse_number(0) == 0


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9))
def test_short_decimals_stay_numbers(value: Decimal) -> None:
    written = format_number(Fraction(value))
    assert not isinstance(written, str)


def test_field_path_quotes_what_is_not_an_identifier() -> None:
    assert (
        field_path("parties", "seller", "points", "salary", "$90k") == 'parties.seller.points.salary["$90k"]'
    )
    assert field_path("issues", "Start", 2) == "issues.Start[2]"
    assert field_path("", "a b") == '["a b"]'


@given(st.lists(st.one_of(st.text(min_size=1), st.integers(min_value=0, max_value=99)), max_size=6))
def test_split_path_inverts_field_path(parts: list[str | int]) -> None:
    assert split_path(field_path("", *parts)) == parts
