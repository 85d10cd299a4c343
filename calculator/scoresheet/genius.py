"""Import a GENIUS / ANAC negotiation domain and its preference profiles as a Sheet.

GENIUS (the TU Delft environment behind the ANAC competitions) stores a domain as XML:
a template listing issues and their items, plus one "utility space" profile per party
giving every item an evaluation and every issue a weight. GENIUS scores a package as
``sum_i weight_i * eval_i(option) / max eval_i``: exactly a weighted party here, with
the weights as written and ratings ``evaluation / max evaluation``, all exact Fractions.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from fractions import Fraction
from os import PathLike
from pathlib import Path
from xml.parsers.expat import ErrorString

from .errors import Problem, SheetError
from .model import (
    MAX_PARTIES,
    MIN_OPTIONS,
    MIN_PARTIES,
    Issue,
    Party,
    Sheet,
    distinct_names,
    loose_clashes,
)
from .sheet_format import MAX_NAME_LENGTH

# ElementTree fetches no external entities but does expand internal ones, so a small
# file can blow up exponentially ("billion laughs"). GENIUS files never declare any.
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# Decimals as Java writes doubles ("0.5", "1.0E-4"). The exponent is capped because
# Fraction("1e999999999") would try to build a gigantic integer.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?")
_TYPE_ATTRIBUTES = ("etype", "type", "vtype")


def import_genius(
    domain_xml: str,
    profiles: Sequence[tuple[str, str]],
    party_names: Sequence[str] | None = None,
    *,
    domain_source: str | None = None,
) -> Sheet:
    """A sheet from a GENIUS domain and ``(source name, XML text)`` profiles, one per party."""
    if not MIN_PARTIES <= len(profiles) <= MAX_PARTIES:
        raise SheetError.single(
            "profiles", f"give {MIN_PARTIES} to {MAX_PARTIES} profiles (one per party), not {len(profiles)}"
        )
    if party_names is not None and len(party_names) != len(profiles):
        raise SheetError.single(
            "party_names", f"give one name per profile: {len(profiles)} profiles, {len(party_names)} names"
        )
    domain = _parse(domain_xml, domain_source)
    objective = _objective(domain, domain_source)
    elements, issues = _domain_issues(objective, domain_source)
    names = _party_names(party_names, domain, [source for source, _ in profiles])
    parties = tuple(
        _party(name, _parse(text, source), elements, issues, source)
        for name, (source, text) in zip(names, profiles, strict=True)
    )
    return Sheet(issues, parties, objective.get("name", ""), objective.get("description", ""))


def import_genius_files(
    domain_path: str | PathLike[str],
    profile_paths: Sequence[str | PathLike[str]],
    party_names: Sequence[str] | None = None,
) -> Sheet:
    """:func:`import_genius` on files; every error names the file it comes from."""
    profiles = [(str(path), _read_text(path)) for path in profile_paths]
    return import_genius(_read_text(domain_path), profiles, party_names, domain_source=str(domain_path))


def _read_text(path: str | PathLike[str]) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SheetError.single("", f"cannot read the file: {error.strerror or error}", str(path)) from None
    # Most GENIUS files are ASCII, but some declare e.g. ISO-8859-1: honour the declaration.
    declared = re.match(rb"\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)", data)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8-sig"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise SheetError.single("", f"cannot decode the file as {encoding}: {error}", str(path)) from None


def _parse(text: str, source: str | None) -> ET.Element:
    declaration = _DECLARATION.search(text)
    if declaration:
        before = text[: declaration.start()]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise SheetError.single(
            "", f"DOCTYPE/ENTITY declarations are not allowed (line {line}, column {column})", source
        )
    try:
        return ET.fromstring(text)
    except ET.ParseError as error:
        line, column = error.position
        # expat counts columns from 0; editors (and our JSON errors) count from 1.
        message = f"not well-formed XML: {ErrorString(error.code)} at line {line}, column {column + 1}"
        raise SheetError.single("", message, source) from None


def _objective(root: ET.Element, source: str | None) -> ET.Element:
    found = root if root.tag == "objective" else root.find(".//objective")
    if found is None:
        raise SheetError.single("objective", "no <objective> element: not a GENIUS domain or profile", source)
    return found


def _key(kind: str, name: str) -> str:
    """``issue["Price"]``: GENIUS names are attribute values, so always quote them."""
    return f"{kind}[{json.dumps(name, ensure_ascii=False)}]"


def _name_problems(name: str, path: str, seen: set[str]) -> list[Problem]:
    if not name.strip():
        return [Problem(path, "a name must be non-empty text")]
    if len(name) > MAX_NAME_LENGTH:
        return [Problem(path, f"a name must be at most {MAX_NAME_LENGTH} characters, not {len(name)}")]
    if name in seen:
        return [Problem(path, f"{name!r} appears more than once")]
    seen.add(name)
    return []


def _domain_issues(objective: ET.Element, source: str | None) -> tuple[list[ET.Element], tuple[Issue, ...]]:
    elements = objective.findall("issue")
    if not elements:
        message = "no issues found: expected <issue> elements in <objective>"
        raise SheetError.single("objective", message, source)
    problems: list[Problem] = []
    issue_names: set[str] = set()
    issues = []
    for position, element in enumerate(elements, 1):
        name = element.get("name", "")
        path = _key("issue", name) if name.strip() else f"issue[{position}]"
        problems += _name_problems(name, path, issue_names)
        kinds = sorted({str(element.get(a)) for a in _TYPE_ATTRIBUTES if element.get(a)} - {"discrete"})
        if kinds:
            problems.append(Problem(path, f"only discrete issues are supported, not {', '.join(kinds)}"))
            continue
        options = [item.get("value", "") for item in element.findall("item")]
        labels: set[str] = set()
        for index, label in enumerate(options, 1):
            problems += _name_problems(label, f"{path}.item[{index}]", labels)
        items = ((o, f"{path}.item[{index}]") for index, o in enumerate(options, 1) if o.strip())
        problems += loose_clashes(items)  # blank: reported above
        if len(options) < MIN_OPTIONS:
            problems.append(Problem(path, f"an issue needs at least {MIN_OPTIONS} items, not {len(options)}"))
        issues.append(Issue(name, tuple(options)))
    problems += loose_clashes(
        (issue.name, _key("issue", issue.name)) for issue in issues if issue.name.strip()
    )
    if problems:
        raise SheetError(problems, source)
    return elements, tuple(issues)


def _party_names(given: Sequence[str] | None, domain: ET.Element, sources: list[str]) -> list[str]:
    if given is not None:
        problems: list[Problem] = []
        for index, name in enumerate(given):
            problems += _name_problems(name, f"party_names[{index}]", set())
        if problems:
            raise SheetError(problems)
        return distinct_names(given)
    # A domain template may name its agents and the profile file each one uses.
    agents = {_file_name(a.get("utility_space", "")): a.get("name", "") for a in domain.iter("agent")}
    names = []
    for position, source in enumerate(sources, 1):
        file_name = _file_name(source)
        name = agents.get(file_name, "").strip() or re.sub(r"\.xml\Z", "", file_name, flags=re.I)
        names.append(name[:MAX_NAME_LENGTH] if name.strip() else f"Party {position}")
    return distinct_names(names)


def _file_name(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]


def _party(
    name: str, root: ET.Element, elements: list[ET.Element], issues: tuple[Issue, ...], source: str
) -> Party:
    problems: list[Problem] = []
    objective = _objective(root, source)
    matched = _match_issues(objective, elements, issues, problems)
    # GENIUS ties a weight to its issue by the issue's index attribute.
    weight_values = {w.get("index"): w.get("value") for w in objective.findall("weight")}
    weights, ratings = [], []
    for position, issue in enumerate(issues):
        path = _key("issue", issue.name)
        element = matched.get(position)
        if element is None:
            problems.append(Problem(path, "missing from this profile: it needs a weight and evaluations"))
            continue
        ratings.append(_ratings(element, issue, path, problems))
        index = element.get("index", "")
        weight = weight_values.get(index) if index else None
        if weight is None:
            missing = f'no <weight index="{index}">' if index else "the issue has no index to find its weight"
            problems.append(Problem(f"{path}.weight", f"missing: {missing}"))
        weights.append(_number(weight, f"{path}.weight", problems, nonnegative=True))
    # Reservation is on the same 0..1 scale as utility; discount_factor has no counterpart.
    element = root.find(".//reservation")
    reservation = None
    if element is not None:
        reservation = _number(element.get("value", ""), "reservation", problems, nonnegative=False)
    if problems:
        raise SheetError(problems, source)
    known = tuple(w for w in weights if w is not None)
    return Party.weighted(name, known, tuple(ratings), reservation)


def _match_issues(
    objective: ET.Element, elements: list[ET.Element], issues: tuple[Issue, ...], problems: list[Problem]
) -> dict[int, ET.Element]:
    """Profile issue elements by domain issue position: by name, else by index attribute."""
    by_name = {issue.name: position for position, issue in enumerate(issues)}
    by_index = {e.get("index"): position for position, e in enumerate(elements) if e.get("index") is not None}
    matched: dict[int, ET.Element] = {}
    for count, element in enumerate(objective.findall("issue"), 1):
        name = element.get("name")
        path = _key("issue", name) if name is not None else f"issue[{count}]"
        found = by_name.get(name) if name is not None else by_index.get(element.get("index"))
        if found is None:
            known = ", ".join(repr(issue.name) for issue in issues)
            problems.append(Problem(path, f"not an issue of the domain; its issues are {known}"))
        elif found in matched:
            problems.append(Problem(path, "appears more than once in this profile"))
        else:
            matched[found] = element
    return matched


def _ratings(element: ET.Element, issue: Issue, path: str, problems: list[Problem]) -> tuple[Fraction, ...]:
    evaluations: dict[str, str | None] = {}
    # Direct children only: similarity_function blocks (Thompson) nest <item>s of their own.
    for item in element.findall("item"):
        value = item.get("value", "")
        item_path = f"{path}.{_key('item', value)}"
        if value not in issue.options:
            problems.append(Problem(item_path, "not an item of this issue in the domain"))
        elif value in evaluations:
            problems.append(Problem(item_path, "appears more than once"))
        else:
            evaluations[value] = item.get("evaluation")
    values = []
    for option in issue.options:
        item_path = f"{path}.{_key('item', option)}.evaluation"
        if evaluations.get(option) is None:
            problems.append(Problem(item_path, "missing: every item needs an evaluation"))
        values.append(_number(evaluations.get(option), item_path, problems, nonnegative=True))
    numbers = [v for v in values if v is not None]
    if len(numbers) < len(values):
        return ()
    best = max(numbers)
    # All evaluations 0: GENIUS would divide by zero. The party is indifferent about this
    # issue, so every option rates 0 (it adds nothing) rather than failing the import.
    return tuple(v / best if best else Fraction(0) for v in numbers)


def _number(text: str | None, path: str, problems: list[Problem], *, nonnegative: bool) -> Fraction | None:
    if text is None:
        return None  # the caller has already reported what is missing
    if not _NUMBER.fullmatch(text.strip()):
        problems.append(Problem(path, f"must be a decimal number, not {text!r}"))
        return None
    value = Fraction(text.strip())
    if nonnegative and value < 0:
        problems.append(Problem(path, f"must not be negative, not {text.strip()}"))
        return None
    return value
