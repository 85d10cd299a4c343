"""Beliefs and evidence about a counterpart as plain JSON data: reading with every problem.

Beliefs::

    {
      "counterpart": "Marsh",
      "total": 100,
      "issues": {
        "Price": {"direction": "ascending", "weight": {"low": 20, "high": 50}},
        "Closing date": {"favourite": "August 27"},
        "Inspection": {"ratings": {"Waived": 1, "7 days": "1/2", "14 days": 0}}
      },
      "weight_order": ["Price", "Closing date"],
      "reservation": {"low": 30, "high": 50}
    }

Only ``counterpart`` is required; ``total`` is what its best package is worth (100).
Evidence is a list, oldest first; ``chosen`` counts from 0::

    [
      {"kind": "preferred", "offers": [{"Price": "$480,000", ...}, {...}], "chosen": 1},
      {"kind": "matters_more", "more": "Price", "less": "Closing date"},
      {"kind": "accepted", "package": {"Price": "$486,000", ...}},
      {"kind": "rejected", "package": {...}, "note": "walked out"}
    ]

Packages are ``{issue: option}`` objects, read with ``Sheet.package`` (labels match
ignoring case and spacing). Numbers are exact, as in the sheet format.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from .counterpart import Beliefs, Evidence, IssueBelief, MattersMore, Preferred, Range, Response
from .errors import Problem, SheetError, field_path
from .exact import parse_number
from .model import Package, Sheet

EVIDENCE_KINDS = ("preferred", "matters_more", "accepted", "rejected")
MAX_EVIDENCE = 500
_BELIEF_KEYS = {"counterpart", "total", "issues", "weight_order", "reservation"}
_ISSUE_KEYS = {"direction", "favourite", "ratings", "weight"}


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def object(self, value: Any, path: str, keys: set[str] | None = None) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.fail(path, "must be an object")
            return {}
        if keys is not None:
            for key in value:
                if key not in keys:
                    self.fail(
                        field_path(path, str(key)), f"unknown field; fields are {', '.join(sorted(keys))}"
                    )
        return value

    def text(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, "must be a non-empty text")
            return None
        return value

    def number(self, value: Any, path: str) -> Fraction | None:
        try:
            return parse_number(value)
        except ValueError as error:
            self.fail(path, str(error))
            return None

    def range(self, value: Any, path: str) -> Range:
        data = self.object(value, path, {"low", "high"})
        ends = [
            None if data.get(k) is None else self.number(data[k], field_path(path, k))
            for k in ("low", "high")
        ]
        return Range(ends[0], ends[1])

    def package(self, sheet: Sheet, value: Any, path: str) -> Package | None:
        data = self.object(value, path)
        if not data:
            if isinstance(value, Mapping):
                self.fail(path, "choose an option for every issue")
            return None
        if not all(isinstance(v, str) for v in data.values()):
            self.fail(path, "options are texts")
            return None
        try:
            return sheet.package(data)
        except SheetError as error:
            self.problems.extend(
                Problem(path + p.path.removeprefix("package"), p.message) for p in error.problems
            )
            return None


def beliefs_from_dict(data: Any) -> Beliefs:
    """Beliefs from JSON data; SheetError lists every problem (paths start ``beliefs``)."""
    c = _Collector()
    root = c.object(data, "beliefs", _BELIEF_KEYS)
    counterpart = c.text(root.get("counterpart"), "beliefs.counterpart")
    total = Fraction(100)
    if root.get("total") is not None:
        total = c.number(root["total"], "beliefs.total") or total
    issues: dict[str, IssueBelief] = {}
    for name, raw in c.object(root.get("issues", {}), "beliefs.issues").items():
        path = field_path("beliefs.issues", name)
        entry = c.object(raw, path, _ISSUE_KEYS)
        direction = entry.get("direction", "unknown")
        if not isinstance(direction, str):
            c.fail(field_path(path, "direction"), "must be ascending, descending or unknown")
            direction = "unknown"
        favourite = entry.get("favourite")
        if favourite is not None and c.text(favourite, field_path(path, "favourite")) is None:
            favourite = None
        ratings = None
        if entry.get("ratings") is not None:
            rated = c.object(entry["ratings"], field_path(path, "ratings"))
            values = {k: c.number(v, field_path(path, "ratings", k)) for k, v in rated.items()}
            ratings = {k: v for k, v in values.items() if v is not None}
        weight = (
            c.range(entry["weight"], field_path(path, "weight"))
            if entry.get("weight") is not None
            else Range()
        )
        issues[name] = IssueBelief(direction, favourite, ratings, weight)
    order_raw = root.get("weight_order", [])
    order: list[str] = []
    if not isinstance(order_raw, list):
        c.fail("beliefs.weight_order", "must be a list of issue names, most important first")
    else:
        for k, name in enumerate(order_raw):
            text = c.text(name, field_path("beliefs.weight_order", k))
            if text is not None:
                order.append(text)
    reservation = (
        c.range(root["reservation"], "beliefs.reservation")
        if root.get("reservation") is not None
        else Range()
    )
    if c.problems or counterpart is None:
        raise SheetError(c.problems)
    return Beliefs(counterpart, issues, tuple(order), reservation, total)


def evidence_from_list(sheet: Sheet, data: Any) -> list[Evidence]:
    """Evidence from JSON data (a list, oldest first); SheetError lists every problem."""
    c = _Collector()
    if data is None:
        return []
    if not isinstance(data, list):
        raise SheetError.single("evidence", "must be a list, oldest first")
    if len(data) > MAX_EVIDENCE:
        raise SheetError.single("evidence", f"at most {MAX_EVIDENCE} pieces of evidence")
    out: list[Evidence] = []
    for k, raw in enumerate(data):
        path = field_path("evidence", k)
        entry = c.object(raw, path)
        kind = entry.get("kind")
        note = entry.get("note", "")
        if not isinstance(note, str):
            c.fail(field_path(path, "note"), "must be a text")
            note = ""
        if kind == "preferred":
            c.object(raw, path, {"kind", "offers", "chosen", "note"})
            offers_raw = entry.get("offers")
            if not isinstance(offers_raw, list) or len(offers_raw) < 2:
                c.fail(field_path(path, "offers"), "list two or more offers")
                continue
            offers = [c.package(sheet, o, field_path(path, "offers", j)) for j, o in enumerate(offers_raw)]
            chosen = entry.get("chosen")
            if isinstance(chosen, bool) or not isinstance(chosen, int) or not 0 <= chosen < len(offers_raw):
                c.fail(field_path(path, "chosen"), f"the offer they chose: 0 to {len(offers_raw) - 1}")
                continue
            if all(o is not None for o in offers):
                out.append(Preferred(tuple(o for o in offers if o is not None), chosen, note))
        elif kind == "matters_more":
            c.object(raw, path, {"kind", "more", "less", "note"})
            more = c.text(entry.get("more"), field_path(path, "more"))
            less = c.text(entry.get("less"), field_path(path, "less"))
            if more is not None and less is not None:
                out.append(MattersMore(more, less, note))
        elif kind in ("accepted", "rejected"):
            c.object(raw, path, {"kind", "package", "note"})
            package = c.package(sheet, entry.get("package"), field_path(path, "package"))
            if package is not None:
                out.append(Response(package, kind == "accepted", note))
        elif isinstance(raw, Mapping):
            c.fail(field_path(path, "kind"), f"must be one of {', '.join(EVIDENCE_KINDS)}")
    if c.problems:
        raise SheetError(c.problems)
    return out


def read_dropped(data: Any) -> list[str]:
    """Paths of statements the user set aside (a list of texts)."""
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise SheetError.single("dropped", "must be a list of statement paths")
    return list(data)
