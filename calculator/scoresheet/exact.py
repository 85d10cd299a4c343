"""Exact numbers: every point value is a Fraction, so sums never drift.

Input accepts integers, decimals (as JSON numbers or strings) and ``"p/q"`` strings;
output writes a number as an int, as a decimal that reads back to the same value, or
as a ``"p/q"`` string when no short decimal is exact (a third, say).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

Number = int | float | str
"""How a number is written in a sheet file."""

# Decimals with at most this many significant digits survive a trip through a float.
_FLOAT_SAFE_DIGITS = 15
# Fraction("1e999999999") would build a billion-digit integer: refuse such exponents.
_MAX_EXPONENT = 400
# No score sheet needs a number beyond this either way, nor a non-zero one smaller than
# its inverse; within both bounds every sum, difference and ratio of such numbers (trade
# ratios: up to 10^30) stays a finite float in the engine's replies (1e400 was exact here,
# and then "Infinity" on the page; 7e-400 made a trade ratio overflow).
MAX_MAGNITUDE = 10**15
MIN_MAGNITUDE = Fraction(1, 10**15)
_EXPONENT = re.compile(r"[eE]\s*([+-]?\d+)\s*$")


def parse_number(value: object) -> Fraction:
    """The exact value of a number written in a sheet; ValueError says why not."""
    number = _exact(value)
    shown = value if isinstance(value, str) else str(value)
    if abs(number) > MAX_MAGNITUDE:
        raise ValueError(f"must be a number between -10^15 and 10^15, not {shown!r}")
    if number and abs(number) < MIN_MAGNITUDE:
        raise ValueError(f"must be 0 or at least 10^-15 in size, not {shown!r}")
    return number


def _exact(value: object) -> Fraction:
    if isinstance(value, bool):
        raise ValueError(f"must be a number, not {str(value).lower()}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"must be a finite number, not {value}")
        # repr gives the shortest decimal that reads back as this float: the number the
        # author typed, not its binary approximation.
        return Fraction(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"must be a finite number, not {value}")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 100:
            raise ValueError("must be a number; this text is too long to be one")
        exponent = _EXPONENT.search(text)
        if exponent and abs(int(exponent.group(1))) > _MAX_EXPONENT:
            raise ValueError(f"must be a number of sensible size, not {value!r}")
        try:
            result = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"must be a number, not {value!r}") from None
        return result
    raise ValueError(f"must be a number, not {type(value).__name__}")


def format_number(value: Fraction) -> Number:
    """Write an exact value so that :func:`parse_number` reads it back unchanged."""
    if value.denominator == 1:
        return int(value.numerator)
    if _is_terminating(value.denominator):
        as_float = float(value)
        if Fraction(repr(as_float)) == value and _significant_digits(value) <= _FLOAT_SAFE_DIGITS:
            return as_float
    return f"{value.numerator}/{value.denominator}"


def display_number(value: Fraction, places: int = 2) -> str:
    """A short human reading of a value (for tables), not for storage."""
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _is_terminating(denominator: int) -> bool:
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def _significant_digits(value: Fraction) -> int:
    digits = Decimal(value.numerator) / Decimal(value.denominator)
    return len(digits.normalize().as_tuple().digits)
