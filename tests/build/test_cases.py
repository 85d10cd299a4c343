"""Case files: every broken file stops with its message; the real cases are sound."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from build_scripts import check_cases
from build_scripts.analysis import analyse
from build_scripts.case_advice import advice
from build_scripts.cases import CaseError, case_files, load_case, load_cases
from build_scripts.markdown_headings import headings
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


def test_a_problem_inside_a_role_names_the_role() -> None:
    with pytest.raises(CaseError) as caught:
        load_case(HERE / "broken" / "duplicate-role.yaml")
    assert "roles[1].slug (role 'Manager'): 'baker' is used by another role too" in str(caught.value)
    with pytest.raises(CaseError) as caught:
        load_case(HERE / "broken" / "missing-title.yaml")
    assert "(role" not in str(caught.value)


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
def test_every_case_meets_the_rules_its_numbers_aim_for(path: Path) -> None:
    """A zone of agreement; an efficient deal all accept that beats the issue-by-issue
    compromise for every party; a compromise all accept; a deal that can fail; a logroll."""
    assert advice(analyse(load_case(path))) == []


def _market_stall(tmp_path: Path, baker: int, manager: int) -> Path:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data["roles"][0]["sheet"]["reservation"] = baker
    data["roles"][1]["sheet"]["reservation"] = manager
    path = tmp_path / "market-stall.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


NO_LOGROLL = "no two roles have a logroll (two issues they weigh in opposite ways): add an integrative pair"


@pytest.mark.parametrize(
    ("reservations", "expected"),
    [
        ((30, 25), [NO_LOGROLL]),
        ((0, 0), ["every package is acceptable to every role", NO_LOGROLL]),
        ((95, 95), ["no package is acceptable to every role", NO_LOGROLL]),
        (
            # Splitting the difference (Rent €60, Hours 9-15) is worth 50 to the manager.
            (0, 90),
            [
                "no efficient package that every role accepts beats splitting the difference "
                "(Rent: €60, Hours: 9-15) for every role",
                "splitting the difference (Rent: €60, Hours: 9-15) is below the reservation value of "
                "Manager:",
                NO_LOGROLL,
            ],
        ),
    ],
)
def test_advice_names_each_rule_a_case_misses(
    tmp_path: Path, reservations: tuple[int, int], expected: list[str]
) -> None:
    notes = advice(analyse(load_case(_market_stall(tmp_path, *reservations))))
    assert len(notes) == len(expected), notes
    for note, start in zip(notes, expected, strict=True):
        assert note.startswith(start), note


def test_check_cases_prints_advice_and_still_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _market_stall(tmp_path, 0, 0)
    assert check_cases.main([str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{path}: advice: every package is acceptable to every role: no deal can fail, "
        "so walking away is never right",
        f"{path}: advice: {NO_LOGROLL}",
        "all 1 case files are valid; 2 notes of advice above",
    ]


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
