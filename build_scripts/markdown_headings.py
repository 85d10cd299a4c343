"""Headings in authors' Markdown, found as the site's Markdown finds them.

MkDocs renders with Python-Markdown and its fenced_code extension, whose rules differ from
CommonMark's: ``#Title`` is a heading (no space needed) but `` ## Title`` (indented) is
not; ``Title`` over a line of ``===`` or ``---`` is one; a fence is code only once a
closing fence of the same length is found. The case checks (cases.py) read headings by
these rules, and the packet nests a case's sections with ``demote``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# An opening fence (optionally a language or {attributes}), the code, the same fence.
_FENCED = re.compile(
    r"^(?P<fence>~{3,}|`{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*)?[ ]*\n.*?(?<=\n)(?P=fence)[ ]*$",
    re.MULTILINE | re.DOTALL,
)
_ATX = re.compile(r"(#{1,6})(.*)")
_UNDERLINE = re.compile(r"(=+|-+)[ ]*")


def _parts(markdown: str) -> Iterator[tuple[str, bool]]:
    """The text in order, each part marked True when it is fenced code."""
    at = 0
    for code in _FENCED.finditer(markdown):
        yield markdown[at : code.start()], False
        yield code.group(), True
        at = code.end()
    yield markdown[at:], False


def _headings_in(lines: list[str]) -> Iterator[tuple[int, int, int, str]]:
    """(first line, lines used, level, text) of each heading in lines of prose."""
    for i, line in enumerate(lines):
        atx = _ATX.match(line)
        if atx:
            yield i, 1, len(atx.group(1)), atx.group(2).strip().rstrip("#").strip()
        elif (
            i + 1 < len(lines)
            and _UNDERLINE.fullmatch(lines[i + 1])
            and line.strip()
            and not line.startswith(("    ", "\t"))  # indented code, not a heading
        ):
            yield i, 2, 1 if lines[i + 1][0] == "=" else 2, line.strip()


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of each heading outside fenced code."""
    found = []
    for text, code in _parts(markdown):
        if not code:
            found += [(level, title) for _, _, level, title in _headings_in(text.split("\n"))]
    return found


def demote(markdown: str, levels: int = 1) -> str:
    """Markdown with every heading ``levels`` deeper (6 at most; underlined ones become
    ``#`` headings), fenced code left as it is: a case's own sections (from ``##``)
    nested under the heading that includes them."""
    out = []
    for text, code in _parts(markdown):
        if code:
            out.append(text)
            continue
        lines = text.split("\n")
        for first, used, level, title in reversed(list(_headings_in(lines))):
            if used == 1:
                hashes = len(_ATX.match(lines[first]).group(1))  # type: ignore[union-attr]
                lines[first] = "#" * min(6, hashes + levels) + lines[first][hashes:]
            else:
                lines[first : first + 2] = ["#" * min(6, level + levels) + " " + title]
        out.append("\n".join(lines))
    return "".join(out)
