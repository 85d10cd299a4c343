"""Printable packets: role sheets and the instructor's packet printed to PDF in Chromium."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from pypdf import PdfReader

from build_scripts.cases import load_cases
from scoresheet.exact import display_number


def squeeze(text: str) -> str:
    """Text without spacing or hyphens, so words broken across printed lines still match."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad\u2010")


def words(text: str) -> list[str]:
    """Words as printed: a line may break at a hyphen."""
    return [w for w in re.split(r"[\s\-\u00ad\u2010]+", text) if w]


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


# Each table cell's right edge and whether something between it and the page clips it,
# laid out as on paper (print media, the width of an A4 sheet).
PRINTED_TABLES = """() => {
  const page = document.querySelector('.md-content__inner').getBoundingClientRect();
  const clips = (cell) => {
    for (let e = cell.parentElement; e && !e.matches('.md-content__inner'); e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1) return e.className || e.tagName;
    }
    return null;
  };
  return [...document.querySelectorAll('.md-content__inner table')]
    .filter((table) => table.getClientRects().length)
    .flatMap((table) => [...table.querySelectorAll('th, td')].map((cell) => ({
      text: cell.textContent,
      overhang: cell.getBoundingClientRect().right - page.right,
      clippedBy: clips(cell),
    })));
}"""
A4_WIDTH = 794  # CSS pixels: 210 mm at 96 per inch


@pytest.mark.parametrize("kind", ["instructor-packet", "teaching-note"])
@pytest.mark.parametrize("slug", ["supply-contract", "joint-venture-3party"])
def test_printed_tables_keep_every_column(page, site_url: str, slug: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    """Paper does not scroll: a table wider than the page, left in Material's scrolling
    wrapper, lost its last columns (the package written out, "Efficient")."""
    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    pages = printed(page, f"{site_url}cases/{slug}/{kind}/")
    cells = page.evaluate(PRINTED_TABLES)
    assert cells
    cut = [c for c in cells if c["overhang"] > 0.5 or c["clippedBy"]]
    assert not cut, cut[:5]
    # Every word of every cell is on paper (words, as side-by-side cells interleave their
    # lines in the PDF's text; counted, as a clipped cell loses the words past the edge).
    printed_words = Counter(words(" ".join(pages)))
    missing = Counter(w for c in cells for w in words(c["text"])) - printed_words
    assert not missing, missing.most_common(5)


def test_a_printed_packet_has_no_blank_page(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """The marker before each part had landed alone on a fresh page (US Letter)."""
    for case in load_cases():
        page.goto(f"{site_url}cases/{case.slug}/instructor-packet/")
        page.emulate_media(media="print")
        for paper in ("A4", "Letter"):
            pdf = page.pdf(format=paper, print_background=False)
            pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]
            blank = [i + 1 for i, text in enumerate(pages) if not text.strip()]
            assert not blank, f"{case.slug} on {paper}: blank pages {blank} of {len(pages)}"


@pytest.mark.parametrize("slug", ["supply-contract", "joint-venture-3party"])
def test_a_teaching_note_prints_its_text_without_the_empty_panels(  # type: ignore[no-untyped-def]
    page, site_url: str, slug: str
) -> None:
    """The class-results panel with no outcomes and the calculator are controls only: on
    paper they, and the heading and note above them, are left out; the note's text and
    tables are all there. Once the class's outcomes are in, they print."""
    url = f"{site_url}cases/{slug}/teaching-note/"
    page.goto(url)
    page.wait_for_selector('.scoresheet-debrief[data-state="ready"][data-outcomes="0"]', timeout=90_000)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]
    text = "\n".join(pages)
    lines = {line.strip() for line in text.splitlines()}
    assert "No outcomes yet" not in text
    assert "Class results" not in lines and "Calculator" not in lines
    assert "Everything stays in this browser" not in text  # the panels' own notes
    assert "Everything runs in this browser" not in text
    assert all(p.strip() for p in pages), "a blank page"
    kept = page.evaluate(
        "() => [...document.querySelectorAll("
        "'.md-content__inner > :is(h2, h3, p), .md-content__inner > * > li')]"
        ".filter((e) => !e.closest('.scoresheet-calculator, .scoresheet-debrief'))"
        ".filter((e) => !e.matches('h2:has(+ p + :is(.scoresheet-calculator, .scoresheet-debrief))'))"
        ".filter((e) => !e.matches('p:has(+ :is(.scoresheet-calculator, .scoresheet-debrief))'))"
        ".map((e) => e.innerText)"
    )
    assert len(kept) > 10
    missing = [t for t in kept if squeeze(t) not in squeeze(text)]
    assert not missing, missing[:5]

    page.emulate_media(media="screen")
    page.fill(".scoresheet-debrief .ssd-group", "Table 1")
    page.click(".scoresheet-debrief button:has-text('Add outcome')")
    page.wait_for_selector('.scoresheet-debrief[data-state="ready"][data-outcomes="1"]', timeout=90_000)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Class results" in {line.strip() for line in text.splitlines()}
    assert "Table 1" in text
    assert "Add outcome" not in text
