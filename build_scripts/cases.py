"""Case files: load, validate (schema, references, score sheet), and the Case model.

Everything is checked before anything is written. Every problem names the file, the
line and the field; a broken case stops the build with all of them listed at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema
import yaml

from build_scripts.markdown_headings import headings
from build_scripts.yaml_source import YamlDocument, YamlSyntaxError, load_yaml
from scoresheet import Sheet, SheetError, sheet_from_dict
from scoresheet.errors import did_you_mean, field_path, split_path
from scoresheet.exact import display_number
from scoresheet.scoring import best_value

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "cases"
GUIDES_DIR = ROOT / "docs" / "guides"
SCHEMA_PATH = ROOT / "docs" / "schema" / "case.schema.json"
RESERVED_ROLE_SLUGS = {"teaching-note", "instructor-packet"}  # addresses of the case's own pages
# Sections a role page makes from the case's data (templates/role.md.j2): written again in a
# role's instructions, they showed twice, and by hand they can disagree with the sheet.
GENERATED_ROLE_SECTIONS = ("your score sheet", "your reservation value", "prepare with the calculator")


@dataclass(frozen=True, slots=True)
class CaseProblem:
    file: str
    line: int
    field: str
    message: str
    role: str = ""
    """The name of the role the field belongs to, if any: "roles[2]" alone makes a reader count."""

    def __str__(self) -> str:
        where = f": {self.field}" if self.field else ""
        role = f" (role {self.role!r})" if self.role else ""
        return f"{self.file}:{self.line}{where}{role}: {self.message}"


class CaseError(ValueError):
    """One or more case files are broken; carries every problem found."""

    def __init__(self, problems: Iterable[CaseProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class Role:
    slug: str
    name: str
    title: str
    instructions: str
    reservation_story: str
    party: int
    """Index of this role's party in the case's sheet."""


@dataclass(frozen=True, slots=True)
class Case:
    path: Path
    slug: str
    title: str
    summary: str
    topics: tuple[str, ...]
    concepts: tuple[str, ...]
    guides: tuple[str, ...]
    difficulty: str
    preparation_minutes: int
    negotiation_minutes: int
    background: str
    roles: tuple[Role, ...]
    sheet: Sheet
    teaching_note: str
    debrief_questions: tuple[str, ...]

    @property
    def total_minutes(self) -> int:
        return self.preparation_minutes + self.negotiation_minutes


@cache
def case_schema() -> dict[str, object]:
    schema: dict[str, object] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(case_schema())


def known_guides(guides_dir: Path = GUIDES_DIR) -> set[str]:
    return {p.stem for p in guides_dir.glob("*.md") if p.stem != "index"}


def load_case(path: Path, guides: set[str] | None = None) -> Case:
    """Read and fully validate one case file; CaseError lists every problem."""
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CaseError([CaseProblem(name, 1, "", f"cannot read the file: {error}")]) from None
    try:
        document = load_yaml(text)
    except YamlSyntaxError as error:
        raise CaseError([CaseProblem(name, error.line, "", str(error))]) from None
    checker = _Checker(name, document)
    case = checker.case(path, known_guides() if guides is None else guides)
    if checker.problems or case is None:
        raise CaseError(checker.problems)
    return case


def case_files(directory: Path = CASES_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def load_cases(paths: list[Path] | None = None) -> list[Case]:
    """Every case (default: all of cases/), validated; problems from all files are reported together."""
    cases: list[Case] = []
    problems: list[CaseProblem] = []
    guides = known_guides()
    for path in case_files() if paths is None else paths:
        try:
            cases.append(load_case(path, guides))
        except CaseError as error:
            problems.extend(error.problems)
    problems.extend(_duplicate_slugs(cases))
    if problems:
        raise CaseError(problems)
    return cases


def _duplicate_slugs(cases: list[Case]) -> list[CaseProblem]:
    seen: dict[str, Case] = {}
    problems = []
    for case in cases:
        if case.slug in seen:
            problems.append(
                CaseProblem(
                    display_name(case.path),
                    1,
                    "slug",
                    f"{case.slug!r} is also used by {seen[case.slug].path.name}",
                )
            )
        seen[case.slug] = case
    return problems


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


class _Checker:
    def __init__(self, file: str, document: YamlDocument) -> None:
        self.file = file
        self.document = document
        self.problems: list[CaseProblem] = []

    def fail(self, path: tuple[str | int, ...], message: str) -> None:
        line = self.document.line_of(path)
        self.problems.append(CaseProblem(self.file, line, field_path("", *path), message, self._role(path)))

    def _role(self, path: tuple[str | int, ...]) -> str:
        roles = self.document.data.get("roles") if isinstance(self.document.data, dict) else None
        if len(path) < 2 or path[0] != "roles" or not isinstance(path[1], int) or not isinstance(roles, list):
            return ""
        role = roles[path[1]] if path[1] < len(roles) else None
        name = role.get("name") if isinstance(role, dict) else None
        return name if isinstance(name, str) else ""

    def case(self, path: Path, guides: set[str]) -> Case | None:
        data = self.document.data
        for key_path, line in self.document.duplicates:
            self.problems.append(
                CaseProblem(self.file, line, field_path("", *key_path), "given more than once")
            )
        if not isinstance(data, dict):
            self.fail((), "a case file must be a YAML mapping of fields (slug, title, roles, ...)")
            return None
        self.schema(data)
        if self.problems:
            return None  # the checks below rely on the shapes the schema guarantees
        if data["slug"] != path.stem:
            self.fail(("slug",), f"must match the file name {path.stem!r}")
        for index, guide in enumerate(data["guides"]):
            if guide not in guides:
                known = ", ".join(sorted(guides))
                hint = did_you_mean(guide, guides)
                self.fail(("guides", index), f"unknown guide {guide!r}{hint}; guides are {known}")
        self.roles(data["roles"])
        sheet = self.sheet(data)
        if sheet is not None:
            self.scale(sheet)
        if self.problems or sheet is None:
            return None
        return Case(
            path=path,
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            topics=tuple(data["topics"]),
            concepts=tuple(data["concepts"]),
            guides=tuple(data["guides"]),
            difficulty=data["difficulty"],
            preparation_minutes=data["time"]["preparation"],
            negotiation_minutes=data["time"]["negotiation"],
            background=data["background"],
            roles=tuple(
                Role(r["slug"], r["name"], r["title"], r["instructions"], r["reservation_story"], i)
                for i, r in enumerate(data["roles"])
            ),
            sheet=sheet,
            teaching_note=data["teaching_note"],
            debrief_questions=tuple(data["debrief_questions"]),
        )

    def schema(self, data: dict[str, object]) -> None:
        for error in sorted(
            _schema_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
        ):
            path = tuple(error.absolute_path)
            if error.validator == "additionalProperties":
                # Point at each unexpected key (usually a typo) rather than at its parent.
                allowed = error.schema.get("properties", {})
                listed = ", ".join(sorted(allowed))
                for key in error.instance:
                    if key not in allowed:
                        hint = did_you_mean(str(key), allowed)
                        self.fail((*path, key), f"unknown field{hint}; allowed fields here are {listed}")
                continue
            self.fail(path, _schema_message(error))

    def roles(self, roles: list[dict[str, object]]) -> None:
        for key in ("slug", "name"):
            seen: set[object] = set()
            for index, role in enumerate(roles):
                if role[key] in seen:
                    self.fail(("roles", index, key), f"{role[key]!r} is used by another role too")
                seen.add(role[key])
        for index, role in enumerate(roles):
            if role["slug"] in RESERVED_ROLE_SLUGS:
                self.fail(
                    ("roles", index, "slug"), f"{role['slug']!r} is reserved for one of the case's own pages"
                )
            for _, heading in headings(str(role["instructions"])):
                if heading.lower().startswith(GENERATED_ROLE_SECTIONS):
                    self.fail(
                        ("roles", index, "instructions"),
                        f"the heading {heading!r} repeats a section the role page makes from the sheet "
                        "(the score sheet and the reservation value): leave it out",
                    )

    def sheet(self, data: dict[str, object]) -> Sheet | None:
        roles = data["roles"]
        assert isinstance(roles, list)
        sheet_data = {
            "version": 1,
            "title": data["title"],
            "issues": data["issues"],
            "parties": {role["name"]: role["sheet"] for role in roles},
        }
        try:
            return sheet_from_dict(sheet_data)
        except SheetError as error:
            role_index = {role["name"]: index for index, role in enumerate(roles)}
            for problem in error.problems:
                self.fail(_case_path(split_path(problem.path), role_index), problem.message)
            return None

    def scale(self, sheet: Sheet) -> None:
        """The case library's one scale (cases/README.md): whole points, and each role's
        best package worth 100, so that points compare across roles and cases."""
        for index, party in enumerate(sheet.parties):  # role i is the sheet's party i
            form = "points" if party.ratings is None else "ratings"  # where the file gave them
            for issue, values in zip(sheet.issues, party.points, strict=True):
                for option, value in zip(issue.options, values, strict=True):
                    if value.denominator != 1:
                        self.fail(
                            ("roles", index, "sheet", form, issue.name, option),
                            f"worth {display_number(value)} points to {party.name}: a case's points are "
                            "whole numbers (choose weights and ratings whose products are whole)",
                        )
            best = best_value(party)
            if best != 100:
                self.fail(
                    ("roles", index, "sheet"),
                    f"{party.name}'s best package is worth {display_number(best)} points: a case's sheets "
                    "are scaled so that it is worth 100 (the best option of each issue at its full "
                    "weight, the weights summing to 100)",
                )


def _case_path(sheet_path: list[str | int], role_index: dict[str, int]) -> tuple[str | int, ...]:
    """Where a score-sheet problem sits in the case file: parties.X... -> roles[i].sheet..."""
    if len(sheet_path) >= 2 and sheet_path[0] == "parties" and sheet_path[1] in role_index:
        return ("roles", role_index[str(sheet_path[1])], "sheet", *sheet_path[2:])
    return tuple(sheet_path)


def _schema_message(error: jsonschema.ValidationError) -> str:
    """Plain words for the schema's complaints, with a hint where YAML is the usual culprit."""
    if error.validator == "required":
        return str(error.message).replace("is a required property", "is missing")
    if error.validator == "type" and isinstance(error.instance, bool):
        return f"{error.message} (YAML reads yes/no/on/off/true/false as true or false: put it in quotes)"
    if error.validator in ("minItems", "maxItems", "minProperties"):
        size = "at least" if error.validator.startswith("min") else "at most"
        return f"needs {size} {error.validator_value}, has {len(error.instance)}"
    if error.validator == "oneOf" and str(error.schema.get("description", "")).startswith("A number"):
        return f'{error.instance!r} must be a number: an integer, a decimal, or a fraction like "1/3"'
    if error.validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        hint = did_you_mean(str(error.instance), map(str, error.validator_value))
        return f"{error.instance!r} is not one of: {options}{hint}"
    if error.validator == "pattern" and error.schema.get("pattern", "").startswith("^[a-z0-9]"):
        return f"{error.instance!r} must be lowercase letters and digits separated by single hyphens"
    return str(error.message)


def guide_titles(guides_dir: Path = GUIDES_DIR) -> dict[str, str]:
    """Guide slug -> title, read from each guide's front matter."""
    titles = {}
    for path in sorted(guides_dir.glob("*.md")):
        if path.stem == "index":
            continue
        text = path.read_text(encoding="utf-8")
        front = text.split("---", 2)[1] if text.startswith("---") else ""
        meta = yaml.safe_load(front) or {}
        titles[path.stem] = str(meta.get("title", path.stem))
    return titles
