"""Guides: hand-written Markdown with front matter, checked like cases are.

Front matter: title, summary, concepts (from the case schema's vocabulary) and
related_cases (slugs of existing cases). Each guide page ends with its related cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.cases import GUIDES_DIR, Case, CaseError, CaseProblem, case_schema
from build_scripts.render import text
from build_scripts.yaml_source import YamlSyntaxError, load_yaml
from scoresheet.errors import did_you_mean

_REQUIRED = ("title", "summary", "concepts", "related_cases")


@dataclass(frozen=True, slots=True)
class Guide:
    slug: str
    title: str
    summary: str
    concepts: tuple[str, ...]
    related_cases: tuple[str, ...]


def concept_vocabulary() -> set[str]:
    defs = case_schema()["$defs"]
    assert isinstance(defs, dict)
    return set(defs["concept"]["enum"])


def load_guides(cases: list[Case], directory: Path = GUIDES_DIR) -> list[Guide]:
    """Every guide's front matter, validated against the concepts and the cases."""
    known_cases = {case.slug for case in cases}
    concepts = concept_vocabulary()
    guides, problems = [], []
    for path in sorted(directory.glob("*.md")):
        if path.stem == "index":
            continue
        name = str(path.relative_to(directory.parents[1]))
        front = path.read_text(encoding="utf-8").split("---", 2)
        if len(front) < 3 or front[0].strip():
            problems.append(CaseProblem(name, 1, "", "a guide starts with front matter between --- lines"))
            continue
        try:
            document = load_yaml(front[1])
        except YamlSyntaxError as error:
            # Line numbers carry over: the text after the first --- starts on the file's line 1.
            problems.append(CaseProblem(name, error.line, "", str(error)))
            continue
        meta = document.data if isinstance(document.data, dict) else {}

        def fail(key: str, message: str, index: int | None = None) -> None:
            path_key: tuple[str | int, ...] = (key,) if index is None else (key, index)
            field = key if index is None else f"{key}[{index}]"
            problems.append(CaseProblem(name, document.line_of(path_key), field, message))  # noqa: B023

        for key in _REQUIRED:
            if key not in meta:
                fail(key, "is missing")
        for index, concept in enumerate(meta.get("concepts", [])):
            if concept not in concepts:
                fail("concepts", f"unknown concept {concept!r}{did_you_mean(str(concept), concepts)}", index)
        for index, slug in enumerate(meta.get("related_cases", [])):
            if slug not in known_cases:
                fail("related_cases", f"unknown case {slug!r}{did_you_mean(str(slug), known_cases)}", index)
        if all(key in meta for key in _REQUIRED):
            guides.append(
                Guide(
                    path.stem,
                    meta["title"],
                    meta["summary"],
                    tuple(meta["concepts"]),
                    tuple(meta["related_cases"]),
                )
            )
    if problems:
        raise CaseError(problems)
    return guides


def related_cases_section(guide: Guide, cases: list[Case]) -> str:
    """Markdown appended to a guide page: the cases that practise it."""
    by_slug = {case.slug: case for case in cases}
    lines = ["", "## Cases to practise this", ""]
    for slug in guide.related_cases:
        case = by_slug[slug]
        lines.append(f"- [{text(case.title)}](../cases/{slug}/index.md): {text(case.summary)}")
    return "\n".join(lines) + "\n"
