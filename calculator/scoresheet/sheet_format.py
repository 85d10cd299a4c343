"""The score-sheet file format (JSON, version 1): reading with full validation, writing.

A sheet file looks like this (points entered directly for the candidate, as weights
times ratings for the employer)::

    {
      "version": 1,
      "title": "Job offer",
      "issues": {"Salary": ["$90k", "$95k", "$100k"], "Start": ["June", "July"]},
      "parties": {
        "Candidate": {
          "reservation": 20,
          "points": {"Salary": {"$90k": 0, "$95k": 15, "$100k": 30},
                     "Start": {"June": 0, "July": 40}}
        },
        "Employer": {
          "weights": {"Salary": 60, "Start": 40},
          "ratings": {"Salary": {"$90k": 1, "$95k": 0.5, "$100k": 0},
                      "Start": {"June": 1, "July": "1/3"}}
        }
      }
    }

Numbers are exact: integers, decimals, or ``"p/q"`` strings, between -10^15 and 10^15,
and 0 or at least 10^-15 in size. Names must be unique and non-empty. Reading collects
every problem before failing, each with its field path.
"""

from __future__ import annotations

import json
import json.scanner
from collections.abc import Collection, Mapping
from fractions import Fraction
from typing import Any

from .errors import Problem, SheetError, did_you_mean, field_path
from .exact import format_number, parse_number
from .model import MAX_PARTIES, MIN_OPTIONS, MIN_PARTIES, Issue, Party, Sheet, loose_clashes

FORMAT_VERSION = 1
MAX_NAME_LENGTH = 200
_SHEET_KEYS = {"version", "title", "description", "issues", "parties"}
_PARTY_KEYS = {"points", "weights", "ratings", "reservation"}


class _Pairs(dict[str, Any]):
    """A JSON object that remembers which keys it saw more than once."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> _Pairs:
    obj = _Pairs()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a sheet can hold")


def loads_sheet(text: str, source: str | None = None) -> Sheet:
    """Parse and validate sheet JSON; SheetError lists every problem."""
    return sheet_from_dict(parse_json(text, source), source)


def parse_json(text: str, source: str | None = None) -> Any:
    """JSON with exact decimals and duplicate keys flagged (not silently dropped)."""
    decoder = json.JSONDecoder(
        parse_float=parse_number,  # exact decimals; absurd exponents refused
        object_pairs_hook=_object_pairs,
        parse_constant=_reject_constant,
    )
    # The pure-Python scanner: deep nesting then ends in RecursionError. The C scanner
    # recurses on the C stack, which in Pyodide (the browser) overflows and kills the
    # whole runtime before Python can raise anything.
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as error:
        raise SheetError.single(
            "", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}", source
        ) from None
    except ValueError as error:
        raise SheetError.single("", f"not valid JSON: {error}", source) from None
    except RecursionError:
        raise SheetError.single("", "not valid JSON: nested too deeply", source) from None


def dumps_sheet(sheet: Sheet) -> str:
    """The sheet as JSON text that :func:`loads_sheet` reads back to an equal sheet."""
    return json.dumps(sheet_to_dict(sheet), indent=2, ensure_ascii=False) + "\n"


def sheet_to_dict(sheet: Sheet) -> dict[str, Any]:
    """The sheet as plain JSON-ready data (weights and ratings kept as entered)."""
    data: dict[str, Any] = {"version": FORMAT_VERSION}
    if sheet.title:
        data["title"] = sheet.title
    if sheet.description:
        data["description"] = sheet.description
    data["issues"] = {issue.name: list(issue.options) for issue in sheet.issues}
    data["parties"] = {party.name: _party_to_dict(sheet, party) for party in sheet.parties}
    return data


def _party_to_dict(sheet: Sheet, party: Party) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if party.reservation is not None:
        out["reservation"] = format_number(party.reservation)
    if party.weights is not None and party.ratings is not None:
        out["weights"] = {
            issue.name: format_number(weight) for issue, weight in zip(sheet.issues, party.weights)
        }
        out["ratings"] = _per_option(sheet, party.ratings)
    else:
        out["points"] = _per_option(sheet, party.points)
    return out


def _per_option(sheet: Sheet, table: tuple[tuple[Fraction, ...], ...]) -> dict[str, Any]:
    return {
        issue.name: {label: format_number(value) for label, value in zip(issue.options, row)}
        for issue, row in zip(sheet.issues, table)
    }


def sheet_from_dict(data: Any, source: str | None = None) -> Sheet:
    """Validate plain data (from JSON or YAML) into a Sheet; SheetError lists every problem."""
    reader = _Reader()
    sheet = reader.sheet(data)
    if reader.problems or sheet is None:
        raise SheetError(reader.problems, source)
    return sheet


class _Reader:
    """Walks the input once, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Issue names, and option labels per issue, whose problem was reported where they
        # are named: the parties' tables, keyed by them, would report each again, once per
        # party, at the party's fields. Repeated ones (a party's table repeats them too),
        # and unread ones (not a name, or an issue without a list of options).
        self.repeated_issues: set[str] = set()
        self.unread_issues: set[str] = set()
        self.repeated_options: dict[str, set[str]] = {}
        self.unread_options: dict[str, set[str]] = {}

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(
        self, value: Any, path: str, what: str, reported: Collection[str] = ()
    ) -> Mapping[str, Any] | None:
        """``value`` if it is a JSON object; its repeated keys are problems, except those in
        ``reported`` (their problem was reported elsewhere)."""
        if not isinstance(value, Mapping):
            self.fail(path, f"must be {what}, not {_kind(value)}")
            return None
        for key in getattr(value, "duplicates", ()):
            if key not in reported:
                self.fail(field_path(path, key), "appears more than once")
        return value

    def name(self, value: Any, path: str) -> bool:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, "a name must be non-empty text")
            return False
        if len(value) > MAX_NAME_LENGTH:
            self.fail(path, f"a name must be at most {MAX_NAME_LENGTH} characters, not {len(value)}")
            return False
        return True

    def number(self, value: Any, path: str) -> Fraction | None:
        try:
            return parse_number(value)
        except ValueError as error:
            self.fail(path, str(error))
            return None

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], path: str) -> None:
        for key in data:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                hint = did_you_mean(str(key), allowed)
                self.fail(field_path(path, str(key)), f"unknown field{hint}; expected one of {expected}")

    def sheet(self, data: Any) -> Sheet | None:
        top = self.mapping(data, "", "a JSON object")
        if top is None:
            return None
        self.unknown_keys(top, _SHEET_KEYS, "")
        version = top.get("version")
        if version != FORMAT_VERSION:
            self.fail("version", f"must be {FORMAT_VERSION} (the sheet format version), not {version!r}")
        title = self.text(top.get("title", ""), "title")
        description = self.text(top.get("description", ""), "description")
        issues = self.issues(top.get("issues"))
        parties = self.parties(top.get("parties"), issues)
        if self.problems or issues is None or parties is None:
            return None
        return Sheet(issues, parties, title, description)

    def text(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            self.fail(path, f"must be text, not {_kind(value)}")
            return ""
        return value

    def issues(self, value: Any) -> tuple[Issue, ...] | None:
        if value is None:
            self.fail("issues", "missing: list each issue with its options")
            return None
        data = self.mapping(value, "issues", "an object mapping each issue to its options")
        if data is None:
            return None
        if not data:
            self.fail("issues", "a sheet needs at least one issue")
        self.repeated_issues.update(getattr(data, "duplicates", ()))
        issues = []
        for name, options in data.items():
            path = field_path("issues", name)
            if not self.name(name, path):
                self.unread_issues.add(name)
                continue
            if not isinstance(options, list):
                self.fail(path, f"must be a list of option labels, not {_kind(options)}")
                self.unread_issues.add(name)
                continue
            if len(options) < MIN_OPTIONS:
                self.fail(path, f"an issue needs at least {MIN_OPTIONS} options, not {len(options)}")
            seen: set[str] = set()
            labels = []  # (label, its path)
            repeated, unread = (
                self.repeated_options.setdefault(name, set()),
                self.unread_options.setdefault(name, set()),
            )
            for index, label in enumerate(options):
                if not self.name(label, field_path("issues", name, index)):
                    unread.add(str(label))
                    continue
                if label in seen:
                    self.fail(field_path("issues", name, index), f"option {label!r} appears more than once")
                    repeated.add(label)
                seen.add(label)
                labels.append((label, field_path("issues", name, index)))
            # Sheet checks these too; here they come with every other problem at once.
            self.problems += loose_clashes(labels)
            issues.append(Issue(name, tuple(o for o in options if isinstance(o, str))))
        self.problems += loose_clashes((issue.name, field_path("issues", issue.name)) for issue in issues)
        return tuple(issues)

    def parties(self, value: Any, issues: tuple[Issue, ...] | None) -> tuple[Party, ...] | None:
        if value is None:
            self.fail("parties", "missing: give each party its points")
            return None
        data = self.mapping(value, "parties", "an object mapping each party to its score sheet")
        if data is None:
            return None
        if not MIN_PARTIES <= len(data) <= MAX_PARTIES:
            self.fail("parties", f"a sheet needs {MIN_PARTIES} to {MAX_PARTIES} parties, not {len(data)}")
        parties = []
        names = []
        for name, body in data.items():
            path = field_path("parties", name)
            if not self.name(name, path):
                continue
            names.append(name)
            party = self.party(name, body, path, issues)
            if party is not None:
                parties.append(party)
        self.problems += loose_clashes((name, field_path("parties", name)) for name in names)
        return tuple(parties)

    def party(self, name: str, body: Any, path: str, issues: tuple[Issue, ...] | None) -> Party | None:
        data = self.mapping(body, path, "an object with points (or weights and ratings)")
        if data is None:
            return None
        self.unknown_keys(data, _PARTY_KEYS, path)
        reservation = None
        if data.get("reservation") is not None:
            reservation = self.number(data["reservation"], field_path(path, "reservation"))
        has_points, has_weights = "points" in data, "weights" in data or "ratings" in data
        if has_points and has_weights:
            self.fail(path, "give either points, or weights and ratings, not both")
            return None
        if not has_points and not has_weights:
            self.fail(path, "missing points: give points, or weights and ratings")
            return None
        if issues is None:
            return None
        if has_points:
            points = self.option_table(data["points"], field_path(path, "points"), issues)
            if points is None:
                return None
            return Party(name, points, reservation)
        weights = self.weights(data.get("weights"), field_path(path, "weights"), issues)
        ratings = self.option_table(data.get("ratings"), field_path(path, "ratings"), issues)
        if weights is None or ratings is None:
            return None
        return Party.weighted(name, weights, ratings, reservation)

    def weights(self, value: Any, path: str, issues: tuple[Issue, ...]) -> tuple[Fraction, ...] | None:
        if value is None:
            self.fail(path, "missing: give a weight for every issue")
            return None
        data = self.mapping(value, path, "an object mapping each issue to its weight", self.repeated_issues)
        if data is None:
            return None
        self.unknown_names(data, {issue.name for issue in issues} | self.unread_issues, path, "issue")
        weights = []
        for issue in issues:
            if issue.name not in data:
                self.fail(field_path(path, issue.name), "missing weight for this issue")
                continue
            weights.append(self.number(data[issue.name], field_path(path, issue.name)))
        if len(weights) != len(issues) or any(w is None for w in weights):
            return None
        return tuple(w for w in weights if w is not None)

    def option_table(
        self, value: Any, path: str, issues: tuple[Issue, ...]
    ) -> tuple[tuple[Fraction, ...], ...] | None:
        if value is None:
            self.fail(path, "missing: give a value for every option of every issue")
            return None
        data = self.mapping(
            value, path, "an object mapping each issue to its options' values", self.repeated_issues
        )
        if data is None:
            return None
        self.unknown_names(data, {issue.name for issue in issues} | self.unread_issues, path, "issue")
        rows: list[tuple[Fraction, ...]] = []
        complete = True
        for issue in issues:
            issue_path = field_path(path, issue.name)
            if issue.name not in data:
                self.fail(issue_path, "missing: this party has no values for this issue")
                complete = False
                continue
            repeated = self.repeated_options.get(issue.name, set())
            row_data = self.mapping(
                data[issue.name], issue_path, "an object mapping each option to a value", repeated
            )
            if row_data is None:
                complete = False
                continue
            unread = self.unread_options.get(issue.name, set())
            self.unknown_names(row_data, set(issue.options) | unread, issue_path, "option")
            row = []
            for label in issue.options:
                option_path = field_path(path, issue.name, label)
                if label not in row_data:
                    self.fail(option_path, "missing value for this option")
                    complete = False
                    continue
                number = self.number(row_data[label], option_path)
                if number is None:
                    complete = False
                    continue
                row.append(number)
            rows.append(tuple(row))
        return tuple(rows) if complete else None

    def unknown_names(self, data: Mapping[str, Any], known: set[str], path: str, what: str) -> None:
        for key in data:
            if key not in known:
                listed = ", ".join(repr(k) for k in sorted(known))
                hint = did_you_mean(str(key), known)
                self.fail(field_path(path, str(key)), f"unknown {what}{hint}; known {what}s are {listed}")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float, Fraction)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
