"""The calculator's one error type, and the field paths its messages use."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_SHOWN = 1000
"""Longest field path or message shown whole (a path through three 200-character names
fits); ``Problem.path`` itself is kept whole."""


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text``, or its two ends around an ellipsis when longer than ``limit``."""
    if len(text) <= limit:
        return text
    return text[: limit - 41] + "…" + text[-40:]


SUGGEST_AMONG = 100
"""Most known names, and longest given one, :func:`did_you_mean` compares: difflib takes
~20 ms per long, similar pair, and a huge imported sheet would otherwise wait seconds
for suggestions nobody reads through."""


def did_you_mean(given: str, known: Iterable[str]) -> str:
    """`` (did you mean 'Denver'?)`` when one known name is close to ``given`` (a typo,
    a missing thousands separator, other capitals), else an empty string."""
    names = list(known)
    if len(names) > SUGGEST_AMONG or len(given) > SUGGEST_AMONG:
        return ""
    by_folded = {name.casefold(): name for name in names}
    close = difflib.get_close_matches(given.casefold(), list(by_folded), n=1, cutoff=0.75)
    return f" (did you mean {by_folded[close[0]]!r}?)" if close else ""


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def field_path(prefix: str, *parts: str | int) -> str:
    """Extend a path with keys and indexes: ``parties.seller.points.salary["$90k"]``.

    ``prefix`` is a path already written (or empty). Plain identifiers are joined with
    dots; anything else (spaces, symbols) is quoted in brackets so the path stays
    unambiguous; integers are list indexes.
    """
    out = prefix
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


_PATH_PART = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def split_path(path: str) -> list[str | int]:
    """The keys and indexes of a path written by :func:`field_path` (its inverse)."""
    parts: list[str | int] = []
    position = 0
    while position < len(path):
        match = _PATH_PART.match(path, position)
        if match is None:
            raise ValueError(f"not a field path: {path!r}")
        name, index, quoted = match.groups()
        parts.append(name if name is not None else int(index) if index is not None else json.loads(quoted))
        position = match.end()
    return parts


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    path: str
    """Path to the field, e.g. ``parties.buyer.reservation``; empty for the whole input."""
    message: str
    """Plain-language description of what is wrong."""

    def __str__(self) -> str:
        if not self.path:
            return shorten(self.message)
        return f"{shorten(self.path)}: {shorten(self.message)}"  # a million-character name: its ends


class SheetError(ValueError):
    """Raised for any bad input; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        """The file (or other origin) the input came from, when known."""
        super().__init__(self._text())

    def _text(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(prefix + str(problem) for problem in self.problems)

    def with_source(self, source: str) -> SheetError:
        """The same problems, attributed to ``source``."""
        return SheetError(self.problems, source)

    @classmethod
    def single(cls, path: str, message: str, source: str | None = None) -> SheetError:
        return cls([Problem(path, message)], source)
