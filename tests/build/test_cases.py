"""Case files: every broken file stops with its message; the real cases are sound."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from build_scripts.cases import CaseError, case_files, load_case, load_cases
from build_scripts.markdown_headings import headings
from scoresheet import frontier, midpoint_compromise
from scoresheet.trades import IssueKind, trades

HERE = Path(__file__).parent
BROKEN = sorted((HERE / "broken").glob("*.yaml"))
VALID = HERE / "valid" / "market-stall.yaml"


def expectation(path: Path) -> tuple[int, str, str]:
    """The first line of a broken case says what must be reported: ``# expect: LINE | FIELD | TEXT``."""
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# expect: "), f"{path.name} has no expectation line"
    line, field, text = (part.strip() for part in header.removeprefix("# expect: ").split("|"))
    return int(line), field, text


def test_the_corpus_is_big_enough() -> None:
    assert len(BROKEN) >= 15


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_case_is_reported_with_file_line_and_field(path: Path) -> None:
    line, field, text = expectation(path)
    with pytest.raises(CaseError) as caught:
        load_case(path)
    reported = [(p.line, p.field, p.message) for p in caught.value.problems]
    assert any(p.line == line and p.field == field and text in p.message for p in caught.value.problems), (
        reported
    )
    assert all(p.file.endswith(f"broken/{path.name}") for p in caught.value.problems)
    assert str(caught.value).startswith(f"tests/build/broken/{path.name}:")


def test_valid_case_loads_with_one_sheet_model() -> None:
    case = load_case(VALID)
    assert [role.slug for role in case.roles] == ["baker", "manager"]
    assert case.sheet.party_names == ("Baker", "Manager")
    assert case.sheet.parties[1].points[1] == (70, 35, 0)  # weights x ratings, exactly


def test_all_broken_files_are_reported_together() -> None:
    with pytest.raises(CaseError) as caught:
        load_cases([VALID, *BROKEN])
    files = {p.file for p in caught.value.problems}
    assert len(files) == len(BROKEN)


# The real cases ---------------------------------------------------------------------


def real_cases():  # type: ignore[no-untyped-def]
    return load_cases()


def test_there_are_at_least_eight_valid_cases() -> None:
    assert len(case_files()) >= 8
    assert len(real_cases()) == len(case_files())


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_every_case_rewards_trades(path: Path) -> None:
    """Some efficient deal that all accept beats the issue-by-issue compromise for every party."""
    case = load_case(path)
    sheet = case.sheet
    compromise = sheet.values(midpoint_compromise(sheet))
    better = [
        point
        for point in frontier(sheet).points
        if point.acceptable and all(s > c for s, c in zip(point.scores, compromise, strict=True))
    ]
    assert better, f"{path.name}: no acceptable efficient package beats the midpoint {compromise}"
    assert all(p.accepts(v) for p, v in zip(sheet.parties, compromise, strict=True)), "compromise is refused"


def test_the_library_covers_the_required_kinds_of_case() -> None:
    cases = {case.slug: case for case in real_cases()}
    for slug in ("technology-transfer", "venture-term-sheet", "job-offer", "house-purchase"):
        assert slug in cases
    assert any(len(c.roles) >= 3 for c in cases.values()), "a case with three or more parties"
    assert any("contingent-terms" in c.concepts for c in cases.values())
    assert any(any(t.kind is IssueKind.COMPATIBLE for t in trades(c.sheet).issues) for c in cases.values()), (
        "a case with a compatible issue"
    )


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_every_case_file_points_editors_at_the_schema(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../docs/schema/case.schema.json"
    assert (path.parent / "../docs/schema/case.schema.json").resolve().is_file()


def test_role_headings_are_read_as_markdown_reads_them(site_markdown: Callable[[str], str]) -> None:
    # The check against repeating a generated section sees every form of heading the
    # site's Markdown (Python-Markdown) makes, and not a heading-like line it does not make
    # one of: inside fenced code, or indented (a paragraph there).
    text = (
        "Intro\n\n   ## Your score sheet ##\n#\tTabbed\nPrepare with the calculator\n---\n\n"
        "```\n# not a heading\n```\n\n---\n#Your reservation value ##\n"
    )
    found = [(1, "Tabbed"), (2, "Prepare with the calculator"), (1, "Your reservation value")]
    assert headings(text) == found
    assert [
        (int(level), title) for level, title in re.findall(r"<h(\d)[^>]*>(.*?)</h\1>", site_markdown(text))
    ] == found
