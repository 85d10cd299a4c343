"""Printable packets: role sheets and the instructor's packet printed to PDF in Chromium."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from build_scripts.cases import load_cases
from scoresheet.exact import display_number


def squeeze(text: str) -> str:
    """Text without spacing or hyphens, so words broken across printed lines still match."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad\u2010")


def printed(page, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Text of each printed page, as Chromium prints it (A4, print stylesheet)."""
    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("case", load_cases(), ids=lambda c: c.slug)
def test_role_sheets_print_alone_with_only_their_own_numbers(page, site_url: str, case) -> None:  # type: ignore[no-untyped-def]
    for role in case.roles:
        pages = printed(page, f"{site_url}cases/{case.slug}/{role.slug}/")
        text = "\n".join(pages)
        assert 1 <= len(pages) <= 4, f"{role.slug} prints on {len(pages)} pages"
        assert squeeze(role.title) in squeeze(text)
        assert "Negotiation Casebook" not in pages[0].splitlines()[0]  # no site header on paper
        assert "Prepare with the calculator" not in text  # the interactive part stays on screen
        mine = case.sheet.parties[role.party]
        assert f"{display_number(mine.reservation)} points" in text
        for other in case.roles:
            if other is not role:
                assert squeeze(other.reservation_story)[:50] not in squeeze(text)


def test_instructor_packet_starts_each_part_on_a_fresh_page(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    for case in load_cases():
        pages = printed(page, f"{site_url}cases/{case.slug}/instructor-packet/")
        starts = {
            part: next(i for i, text in enumerate(pages) if part in text)
            for part in ("Case overview", "Teaching note", "Outcome form")
        }
        assert starts["Case overview"] < starts["Teaching note"] < starts["Outcome form"]
        assert pages[starts["Teaching note"]].lstrip().startswith("Teaching note")
        assert pages[starts["Outcome form"]].lstrip().startswith("Outcome form")
        for issue in case.sheet.issue_names:
            assert squeeze(issue) in squeeze(" ".join(pages[starts["Outcome form"] :]))


def test_a_role_sheet_prints_the_same_once_its_calculator_has_run(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """Readers print after using the page: what the calculator and its chart added to the
    page (the chart's hover box hangs off <body>) must not reach the paper."""
    url = f"{site_url}cases/joint-venture-3party/northvane-data/"
    before = printed(page, url)
    page.emulate_media(media="screen")
    page.reload()
    page.wait_for_selector('.scoresheet-calculator[data-state="ready"]', timeout=90_000)
    page.wait_for_selector(".scoresheet-calculator .ssc-chart svg")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    after = [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(after) == len(before) and after[-1].strip(), (len(before), len(after))
