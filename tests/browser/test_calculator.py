"""The calculator's UI in real Chromium: editing, analysis, files, links, saving.

Every number the page shows is checked against the Python engine itself (the same
`scoresheet` package the page runs in Pyodide). The sheet on the page is read the way a
user gets it out: through "Export JSON". The `page` fixture fails a test on any request
to another host and on any console error.
"""

from __future__ import annotations

import itertools
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import follow_link

from scoresheet import efficiency, frontier, import_genius_files, loads_sheet, score, sheet_to_dict
from scoresheet.meso import default_tolerance
from scoresheet.model import Sheet

pytestmark = pytest.mark.browser

GENIUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "genius"
# The shared GENIUS domains sit beside the checkout (../shared), as for tests/calculator.
needs_genius = pytest.mark.skipif(not GENIUS.is_dir(), reason=f"GENIUS test data not found at {GENIUS}")
CALC = ".scoresheet-calculator"
TEACHING_NOTE = "cases/job-offer/teaching-note/"
LOAD_TIMEOUT = 90_000  # a cold Pyodide start on a slow CI machine


def wait_ready(page: Any, timeout: int = LOAD_TIMEOUT) -> None:
    """Wait until the calculator has finished everything it started (state 'ready')."""
    page.wait_for_selector(f'{CALC}[data-state="ready"]', timeout=timeout)


def open_calculator(page: Any, url: str) -> None:
    page.goto(url)
    wait_ready(page)


def exported(page: Any) -> str:
    with page.expect_download() as download:
        page.click(f"{CALC} .ssc-export")
    return Path(download.value.path()).read_text(encoding="utf-8")


def sheet_on_page(page: Any) -> Sheet:
    return loads_sheet(exported(page))


def read(page: Any, selector: str) -> str:
    """The text a reader sees there, scrolled to: the calculator's blocks skip rendering
    while off screen (content-visibility: auto), and innerText is empty until drawn."""
    page.locator(selector).scroll_into_view_if_needed()
    # Drawn at the next rendering update after it comes on screen.
    page.evaluate("() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn)))")
    return str(page.inner_text(selector))


def current_choice(page: Any) -> dict[str, str]:
    """The package being built: {issue: option} from the builder's selects."""
    pairs = page.eval_on_selector_all(
        f"{CALC} .ssc-builder label",
        """labels => labels.map(l => [
            l.querySelector('span').textContent,
            l.querySelector('select').selectedOptions[0].textContent,
        ])""",
    )
    return dict(pairs)


def choose(page: Any, choice: dict[str, str]) -> None:
    for issue, option in choice.items():
        label = page.locator(f"{CALC} .ssc-builder label", has=page.get_by_text(issue, exact=True))
        label.locator("select").select_option(label=option)
    wait_ready(page)


def shown_points(page: Any) -> dict[str, str]:
    # Pairs, not an object: a party may be called "__proto__".
    pairs = page.eval_on_selector_all(
        f"{CALC} .ssc-scores tbody tr",
        "rows => rows.map(r => [r.dataset.party, r.querySelector('.ssc-points').textContent])",
    )
    return dict(pairs)


def display(value: Any) -> str:
    """A Fraction as the page shows numbers (dom.mjs `num`)."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def test_teaching_note_edit_updates_scores_and_frontier(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + TEACHING_NOTE)
    before = sheet_on_page(page)
    party, issue = before.party_names[0], before.issues[0]
    option = issue.options[1]
    field = page.get_by_label(f"{party}: points for {issue.name}: {option}", exact=True)
    field.fill("80")
    wait_ready(page)

    after = sheet_on_page(page)
    assert after.parties[0].points[0][1] == 80
    choice = current_choice(page)
    scored = score(after, after.package(choice))
    assert shown_points(page) == {p.party: display(p.points) for p in scored.parties}

    # The frontier list and the chart both show the new sheet's frontier.
    front = frontier(after)
    rows = page.eval_on_selector_all(
        f"{CALC} .ssc-frontier tbody tr",
        "rows => rows.map(r => [...r.cells].slice(0, -1).map(c => c.textContent))",
    )
    expected = [[display(s) for s in point.scores] for point in front.points]
    assert sorted(rows) == sorted(expected)
    assert page.get_attribute(f"{CALC} .ssc-chart", "data-efficient-points") == str(len(front.points))
    labels = page.eval_on_selector_all(
        f"{CALC} .ssc-chart g.layer_1_layer_1_marks path",
        "paths => paths.map(p => p.getAttribute('aria-label'))",
    )
    assert len(labels) == len(front.points)
    moved = [p for p in front.points if p.packages[0][0] == 1]  # packages using the edited option
    assert any(label.startswith(f"{party} points: {display(moved[0].scores[0])}; ") for label in labels)


def inefficient_package(sheet: Sheet) -> tuple[int, ...]:
    for package in itertools.product(*(range(len(i.options)) for i in sheet.issues)):
        report = efficiency(sheet, package, max_proposals=5)
        if not report.efficient and len(report.proposals) >= 2:
            return package
    raise AssertionError("the case has no inefficient package")


def test_inefficient_package_gets_proposals_that_dominate_it(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + TEACHING_NOTE)
    sheet = sheet_on_page(page)
    package = inefficient_package(sheet)
    choose(page, sheet.labels(package))
    assert current_choice(page) == sheet.labels(package)
    # The summary states the gain in joint points: what the best package nobody likes
    # less adds (it had read "adding up to N joint points", as if N were that package's
    # total), and the bargaining zone's best against this one.
    report = efficiency(sheet, package)
    summary = " ".join(read(page, f"{CALC} .ssc-efficiency").split())
    left, gap = display(report.left_on_table), report.joint_gap
    assert f"as much exist, worth up to {left} more joint points." in summary
    assert gap is not None and gap > 0
    joint = "joint point" if gap == 1 else "joint points"
    assert (
        f"The best package in the bargaining zone has {display(gap)} more {joint} than this one." in summary
    )
    here = sheet.values(package)
    proposals = [
        json.loads(p)
        for p in page.eval_on_selector_all(f"{CALC} .ssc-proposal", "ps => ps.map(p => p.dataset.package)")
    ]
    assert proposals
    for options in proposals:
        there = sheet.values(sheet.package(options))
        assert all(t >= h for t, h in zip(there, here)) and any(t > h for t, h in zip(there, here)), options

    page.click(f"{CALC} .ssc-proposal >> nth=0 >> button")
    wait_ready(page)
    assert current_choice(page) == proposals[0]


def test_meso_offers_are_each_worth_the_target(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + TEACHING_NOTE)
    sheet = sheet_on_page(page)
    party = sheet.party_names[1]
    target = 60
    form = page.locator(f"{CALC} .ssc-meso-form")
    form.get_by_label("Offers from").select_option(party)
    form.get_by_label("Worth to them (points)").fill(str(target))
    form.get_by_label("How many offers").fill("3")
    form.get_by_role("button", name="Generate offers").click()
    wait_ready(page)

    table = page.locator(f"{CALC} table.ssc-meso")
    offers = table.evaluate(
        """t => {
            const n = t.tHead.rows[0].cells.length - 1;
            const offers = Array.from({length: n}, () => ({}));
            for (const row of t.tBodies[0].rows) {
                if (row.classList.contains('ssc-value-row') || !row.cells[0].textContent) continue;
                const issue = row.cells[0].textContent;
                for (let i = 0; i < n; i++) offers[i][issue] = row.cells[i + 1].textContent;
            }
            return offers;
        }"""
    )
    assert len(offers) == 3
    assert len({json.dumps(o, sort_keys=True) for o in offers}) == 3
    tolerance = default_tolerance(sheet, party)
    index = sheet.party_names.index(party)
    shown = table.locator(f'tr[data-party="{party}"] td').all_inner_texts()
    for offer, text in zip(offers, shown):
        value = sheet.values(sheet.package(offer))[index]
        assert abs(value - target) <= tolerance, (offer, value)
        assert text == display(value)
    summary = page.inner_text(f"{CALC} .ssc-meso-summary")
    assert summary.startswith(f"3 offers worth {target} ± {display(tolerance)} points to {party}, differing")
    assert "You asked for" not in summary

    # Fewer packages in range than offers asked for: the page says so, and what to do.
    worth = [
        sheet.values(sheet.package(dict(zip(sheet.issue_names, labels))))[index]
        for labels in itertools.product(*(issue.options for issue in sheet.issues))
    ]
    best = max(worth)
    at_best = worth.count(best)
    assert at_best < 8
    form.get_by_label("Worth to them (points)").fill(display(best))
    form.get_by_label("Tolerance (±points)").fill("0")
    form.get_by_label("How many offers").fill("8")
    form.get_by_role("button", name="Generate offers").click()
    wait_ready(page)
    summary = page.inner_text(f"{CALC} .ssc-meso-summary")
    packages = "1 package was" if at_best == 1 else f"{at_best} packages were"
    assert f"You asked for 8, but only {packages} found in that range" in summary
    assert table.locator(f'tr[data-party="{party}"] td').count() == at_best


@needs_genius
def test_meso_target_follows_the_chosen_party_until_typed(page: Any, site_url: str) -> None:
    # The target starts as the chosen party's points in the current package and follows
    # the party and the package; once typed, it stays. (It was filled once, from the first
    # party whichever was chosen, and kept through a new sheet.)
    open_calculator(page, site_url + TEACHING_NOTE)
    sheet = sheet_on_page(page)
    form = page.locator(f"{CALC} .ssc-meso-form")
    target = form.get_by_label("Worth to them (points)")

    def worth(party: str) -> str:
        scored = score(sheet, sheet.package(current_choice(page)))
        return next(display(p.points) for p in scored.parties if p.party == party)

    first, second = sheet.party_names[:2]
    assert worth(first) != worth(second)  # else following the party could not be seen
    assert target.input_value() == worth(first)
    form.get_by_label("Offers from").select_option(second)
    assert target.input_value() == worth(second)
    package = inefficient_package(sheet)
    choose(page, sheet.labels(package))
    assert target.input_value() == worth(second)
    target.fill("55")
    other = tuple(1 if index == 0 else 0 for index in package)
    choose(page, sheet.labels(other if other != package else tuple(0 for _ in package)))
    form.get_by_label("Offers from").select_option(first)
    assert target.input_value() == "55"
    target.fill("")  # emptied, it follows again
    choose(page, sheet.labels(package))
    assert target.input_value() == worth(first)


def test_genius_import(page: Any, site_url: str) -> None:
    folder = GENIUS / "02_laptop_anac2011"
    domain = folder / "laptop_domain.xml"
    profiles = [folder / "laptop_buyer_utility.xml", folder / "laptop_seller_utility.xml"]
    open_calculator(page, site_url + "calculator/")
    page.click(f"{CALC} .ssc-genius summary")
    page.set_input_files(f"{CALC} .ssc-genius-domain", domain)
    page.set_input_files(f"{CALC} .ssc-genius-profiles", profiles)
    page.click(f"{CALC} .ssc-genius-import")
    wait_ready(page)
    assert "Imported the GENIUS domain laptop_domain.xml" in page.inner_text(f"{CALC} .ssc-message")
    expected = import_genius_files(domain, profiles)
    assert sheet_to_dict(sheet_on_page(page)) == sheet_to_dict(expected)
    assert page.get_attribute(CALC, "data-sheet") == "valid"
    names = page.eval_on_selector_all(f"{CALC} .ssc-issue > .ssc-row input", "xs => xs.map(x => x.value)")
    assert names == list(expected.issue_names)


@needs_genius
def test_genius_import_of_a_larger_domain_and_a_broken_profile(page: Any, site_url: str) -> None:
    folder = GENIUS / "06_thompson_employment"
    domain = folder / "thompson_employment.xml"
    profiles = [folder / "thompson_employee_utilityspace.xml", folder / "thompson_employer_utilityspace.xml"]
    open_calculator(page, site_url + "calculator/")
    page.click(f"{CALC} .ssc-genius summary")
    page.set_input_files(f"{CALC} .ssc-genius-domain", domain)
    page.set_input_files(
        f"{CALC} .ssc-genius-profiles",
        [
            {"name": profiles[0].name, "mimeType": "text/xml", "buffer": profiles[0].read_bytes()},
            {"name": "broken.xml", "mimeType": "text/xml", "buffer": b"<utility_space><objective>"},
        ],
    )
    page.click(f"{CALC} .ssc-genius-import")
    wait_ready(page)
    message = page.inner_text(f"{CALC} .ssc-message")
    assert "not loaded" in message and "broken.xml" in message and "not well-formed XML" in message
    assert sheet_on_page(page).title.startswith("Example")

    page.set_input_files(f"{CALC} .ssc-genius-profiles", profiles)
    page.click(f"{CALC} .ssc-genius-import")
    wait_ready(page)
    assert sheet_to_dict(sheet_on_page(page)) == sheet_to_dict(import_genius_files(domain, profiles))
    front = frontier(import_genius_files(domain, profiles))
    listed = page.text_content(f"{CALC} .ssc-frontier-list")
    assert f"{len(front.points):,} efficient points" in listed
    # Counts are grouped by thousands ("out of 10240000000000 packages" was hard to read).
    assert front.sheet.package_count >= 1000
    assert f"out of {front.sheet.package_count:,} packages." in listed


def test_counts_past_the_exact_range_read_rounded_to_three_digits(page: Any, site_url: str) -> None:
    # JSON carries a package count past 2^53 rounded already: the page shows no made-up digits.
    page.goto(site_url)
    counts = [0, 7, 1_000, 68_719_476_736, 2**53 - 1, 2**53 + 2, 2**60, 10**21, 123_456_789_012_345_678_901]
    shown = page.evaluate(
        """async ([site, counts]) => {
          const { whole } = await import(new URL("assets/calculator/dom.mjs", site).href);
          return [...counts.map(whole), whole(Infinity)];
        }""",
        [site_url, counts],
    )
    expected = [f"{n:,}" if n < 2**53 else f"about {int(Decimal(f'{float(n):.3g}')):,}" for n in counts]
    assert shown == [*expected, "about ∞"]  # past ~1.8e308 packages JSON.parse gives Infinity
    assert shown[-2] == "about 123,000,000,000,000,000,000"


def test_share_link_round_trip(page: Any, site_url: str, page_record: Any) -> None:
    open_calculator(page, site_url + "calculator/")
    title = '<img src=x onerror="window.pwned=1"> Ünïcode & "quotes" 🚀'
    page.get_by_label("Sheet title").fill(title)
    page.get_by_label("Client: weight of Fee").fill("1/3")
    hostile = '<img src=x onerror="window.pwned=2">'
    page.get_by_label("Party 1 name").fill(hostile)  # shown in labels, tables, chart, tooltip
    wait_ready(page)
    proposal = {"Fee": "$8,000", "Deadline": "8 weeks"}  # not the page's starting package
    choose(page, proposal)
    chosen = current_choice(page)
    original = exported(page)
    page.click(f"{CALC} .ssc-share-button")
    link = page.input_value(f"{CALC} .ssc-share-url")
    assert "carries this sheet and the package" in page.inner_text(f"{CALC} .ssc-message")
    assert link.startswith(site_url + "calculator/#sheet=")
    assert re.fullmatch(r"[A-Za-z0-9_-]+&package=[A-Za-z0-9_-]+", link.split("#sheet=", 1)[1])

    # A fresh browser profile: nothing saved, the sheet can only come from the link.
    other = page.context.browser.new_context()
    try:
        second = other.new_page()
        second.on("request", lambda request: page_record.requests.append(request.url))
        second.on("console", lambda msg: msg.type == "error" and page_record.console_errors.append(msg.text))
        second.on("pageerror", lambda error: page_record.page_errors.append(str(error)))
        open_calculator(second, link)
        assert exported(second) == original
        assert current_choice(second) == chosen  # the proposal arrives as it was sent
        assert second.get_by_label("Sheet title").input_value() == title
        second.locator(f"{CALC} .ssc-chart g.layer_1_layer_1_marks path").first.hover()
        tooltip = second.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible")
        assert hostile in tooltip.inner_text()
        assert hostile in second.inner_text(f"{CALC} .ssc-scores")
        assert second.locator(f"{CALC} img, #vg-tooltip-element img").count() == 0
        assert second.evaluate("window.pwned") is None
        assert "#" not in second.url  # read once: a reload shows the saved work
        assert "shared sheet is loaded with its package" in second.inner_text(f"{CALC} .ssc-message")
    finally:
        other.close()


def test_share_link_package_is_only_a_choice_among_the_sheets_options(page: Any, site_url: str) -> None:
    # Untrusted: a package naming an option the sheet lacks, or that is not even JSON, still
    # loads the sheet; only the options the sheet has are chosen.
    open_calculator(page, site_url + "calculator/")
    default = current_choice(page)
    assert default["Fee"] != "$12,000"  # the link's choice is not the default
    sheet = page.evaluate("() => document.querySelector('.scoresheet-initial').content.textContent")
    encode = """(text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
        .replace(/[+]/g, '-').replace(/[/]/g, '_').replace(/=+$/, '')"""
    encoded = page.evaluate(encode, sheet)
    odd = page.evaluate(encode, json.dumps({"Fee": "$12,000", "Deadline": "<img src=x>", "Nope": "x"}))
    nothing = page.evaluate(encode, json.dumps({"Nope": "x"}))
    cases = (
        (odd, "The shared sheet is loaded with its package.", {"Fee": "$12,000"}),
        ("not*base64", "The shared sheet is loaded. Undo", default),
        (nothing, "The shared sheet is loaded. Undo", default),
    )
    for tail, message, expected in cases:
        fresh = page.context.browser.new_context()
        try:
            other = fresh.new_page()
            open_calculator(other, f"{site_url}calculator/#sheet={encoded}&package={tail}")
            assert other.inner_text(f"{CALC} .ssc-message").startswith(message)
            choice = current_choice(other)
            assert all(choice[issue] == option for issue, option in expected.items())
            assert other.locator(f"{CALC} img").count() == 0
        finally:
            fresh.close()


def test_damaged_share_link_keeps_the_sheet(page: Any, site_url: str) -> None:
    bad_json = "eyJ2ZXJzaW9uIjogMX0"  # base64url of {"version": 1}: valid JSON, not a sheet
    open_calculator(page, site_url + f"calculator/#sheet={bad_json}")
    message = page.inner_text(f"{CALC} .ssc-message")
    assert "was not loaded" in message and "issues: missing" in message
    assert sheet_on_page(page).title.startswith("Example")


def test_malformed_json_upload_shows_the_error_and_keeps_the_sheet(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + TEACHING_NOTE)
    page.get_by_label("Sheet title").fill("My own notes")
    wait_ready(page)
    before = exported(page)
    page.set_input_files(
        f"{CALC} .ssc-import-json",
        {"name": "broken.json", "mimeType": "application/json", "buffer": b'{"version": 1, "issues": {'},
    )
    wait_ready(page)
    message = page.inner_text(f"{CALC} .ssc-message")
    assert "broken.json was not loaded" in message and "not valid JSON" in message
    assert exported(page) == before

    wrong = {
        "version": 1,
        "issues": {"A": ["x", "y"]},
        "parties": {"P": {"points": {"A": {"x": 1, "y": "lots"}}}},
    }
    page.set_input_files(
        f"{CALC} .ssc-import-json",
        {"name": "wrong.json", "mimeType": "application/json", "buffer": json.dumps(wrong).encode()},
    )
    wait_ready(page)
    message = page.inner_text(f"{CALC} .ssc-message")
    assert (
        "wrong.json was not loaded" in message
        and "parties.P.points.A.y: must be a number, not 'lots'" in message
    )
    assert exported(page) == before

    good = sheet_to_dict(loads_sheet(before)) | {"title": "Imported"}
    page.set_input_files(
        f"{CALC} .ssc-import-json",
        {"name": "good.json", "mimeType": "application/json", "buffer": json.dumps(good).encode()},
    )
    wait_ready(page)
    assert sheet_on_page(page).title == "Imported"


def test_invalid_entries_are_marked_at_their_field(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + TEACHING_NOTE)
    sheet = sheet_on_page(page)
    party, issue = sheet.party_names[1], sheet.issues[2]
    field = page.get_by_label(f"{party}: points for {issue.name}: {issue.options[0]}", exact=True)
    field.fill("lots")
    wait_ready(page)
    assert page.get_attribute(CALC, "data-sheet") == "invalid"
    assert field.get_attribute("aria-invalid") == "true"
    described = page.locator("#" + field.get_attribute("aria-describedby"))
    assert described.inner_text() == "must be a number, not 'lots'"
    # A number too large for the replies (1e400 had come back as "Infinity").
    field.fill("1e400")
    wait_ready(page)
    assert page.get_attribute(CALC, "data-sheet") == "invalid"
    described = page.locator("#" + field.get_attribute("aria-describedby"))
    assert described.inner_text() == "must be a number between -10^15 and 10^15, not '1e400'"

    # Two issues with one name: both name fields say so.
    names = page.locator(f"{CALC} .ssc-issue > .ssc-row input")
    names.nth(1).fill(sheet.issues[0].name)
    wait_ready(page)
    for index in (0, 1):
        assert names.nth(index).get_attribute("aria-invalid") == "true"
    assert "appears more than once" in page.inner_text(f"{CALC} .ssc-editor")
    # Only there: not again at each party's name (the parties' tables repeat the name).
    invalid = page.eval_on_selector_all(
        f"{CALC} [aria-invalid=true]", "nodes => nodes.map(n => n.dataset.path)"
    )
    names_path = names.nth(0).get_attribute("data-path")
    assert sorted(invalid) == sorted([field.get_attribute("data-path"), names_path, names_path]), invalid
    # One that differs only in capitals cannot be told apart either (the class debrief and
    # the command line read names so): said once, at the later name.
    names.nth(1).fill(sheet.issues[0].name.upper())
    wait_ready(page)
    assert names.nth(1).get_attribute("aria-invalid") == "true"
    assert names.nth(0).get_attribute("aria-invalid") is None
    described = page.locator("#" + names.nth(1).get_attribute("aria-describedby"))
    assert "differ only in capitals or spacing" in described.inner_text()

    names.nth(1).fill(sheet.issues[1].name)
    field.fill("7")
    wait_ready(page)
    assert page.get_attribute(CALC, "data-sheet") == "valid"
    assert page.locator(f"{CALC} [aria-invalid]").count() == 0

    # A problem with no field of its own shows on the section it is about.
    page.get_by_role("button", name=f"Remove party {sheet.party_names[1]}").click()
    wait_ready(page)
    parties = page.locator(f'{CALC} fieldset[data-path="parties"]')
    assert "a sheet needs 2 to 6 parties, not 1" in parties.inner_text()
    page.click(f"{CALC} .ssc-undo")
    wait_ready(page)
    assert page.get_attribute(CALC, "data-sheet") == "valid"


def test_added_names_are_new_to_the_engine_too(page: Any, site_url: str) -> None:
    # The engine refuses names that differ only in capitals or spacing: an option added
    # beside "option 1" is not called "Option 1".
    open_calculator(page, site_url + "calculator/")
    issue = sheet_on_page(page).issues[0].name
    page.get_by_label(f"{issue}: option 1", exact=True).fill("option  1")
    page.get_by_role("button", name=f"Add an option to {issue}").click()
    wait_ready(page)
    assert page.get_attribute(CALC, "data-sheet") == "valid"
    options = sheet_on_page(page).issues[0].options
    assert options[0] == "option  1" and options[-1] == "Option 2"


def test_reload_restores_the_work(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + TEACHING_NOTE)
    page.get_by_label("Sheet title").fill("Saved as I type")
    page.click(f"{CALC} button:has-text('Add an issue')")
    wait_ready(page)
    sheet = sheet_on_page(page)
    choose(page, {sheet.issues[0].name: sheet.issues[0].options[1]})
    before, choice = exported(page), current_choice(page)
    page.reload()
    wait_ready(page)
    assert exported(page) == before
    assert current_choice(page) == choice
    assert "saved work" in page.inner_text(f"{CALC} .ssc-message")


def test_undo(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + TEACHING_NOTE)
    original = exported(page)
    sheet = loads_sheet(original)
    field = page.get_by_label(
        f"{sheet.party_names[0]}: points for {sheet.issues[0].name}: {sheet.issues[0].options[0]}"
    )
    field.press_sequentially("123")  # three keystrokes, one undo step
    wait_ready(page)
    page.click(f"{CALC} .ssc-undo")
    wait_ready(page)
    assert exported(page) == original

    page.click(f"{CALC} button:has-text('Add an issue')")
    wait_ready(page)
    assert len(sheet_on_page(page).issues) == len(sheet.issues) + 1
    page.focus(f"{CALC} .ssc-export")
    page.keyboard.press("Control+z")  # outside a text field: undoes the sheet edit
    wait_ready(page)
    assert exported(page) == original
    assert page.is_disabled(f"{CALC} .ssc-undo")

    # In a name field (drawn again at each keystroke, so the browser has nothing to undo)
    # Ctrl+Z is the sheet's undo: the typed name goes back, and the focus stays.
    name = page.locator(f"{CALC} .ssc-issue input.ssc-name").first
    name.focus()
    page.keyboard.press("End")
    page.keyboard.type("XYZ")
    wait_ready(page)
    assert sheet_on_page(page).issues[0].name == sheet.issues[0].name + "XYZ"
    name.focus()
    page.keyboard.press("Control+z")
    wait_ready(page)
    assert page.evaluate("document.activeElement.value") == sheet.issues[0].name
    assert exported(page) == original


def test_editor_structure_and_role_page(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + "cases/job-offer/candidate/")
    sheet = sheet_on_page(page)
    assert sheet.party_names[1] == "Other side (your estimate)"
    assert all(v == 0 for row in sheet.parties[1].points for v in row)
    # Against a blank estimate every issue is "indifferent": the other side has no
    # favourite and no rank (it had "preferred" the best salary, every issue ranked 1).
    trades = page.eval_on_selector_all(
        f"{CALC} table.ssc-trades tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
    )
    assert len(trades) == len(sheet.issues)
    assert all(row[1] == "indifferent" and row[3] == "– (0)" and row[5] == "no preference" for row in trades)
    first, second = sheet.issues[0].name, sheet.issues[1].name

    page.get_by_role("button", name=f"Move issue {second} up").click()
    page.get_by_role("button", name=f"Add an option to {first}").click()
    page.get_by_label(f"{first}: option {len(sheet.issues[0].options) + 1}", exact=True).fill("Remote")
    page.get_by_role("button", name="Add a party").click()
    page.get_by_label("Party 3 name").fill("Partner")
    page.get_by_label("Partner: how points are entered").select_option("weights")
    page.get_by_label(f"Partner: weight of {first}").fill("10")
    page.get_by_label(f"Partner: rating for {first}: Remote").fill("1")
    wait_ready(page)
    edited = sheet_on_page(page)
    assert edited.issue_names[:2] == (second, first)
    assert edited.issues[1].options[-1] == "Remote"
    assert edited.party_names[2] == "Partner"
    assert edited.parties[2].weights is not None and edited.parties[2].points[1][-1] == 10
    # Three parties: the chart and the trades table show a pair the reader picks.
    page.locator(f"{CALC} .ssc-pair select").nth(1).select_option("Partner")
    wait_ready(page)
    assert "Issues between" in read(page, f"{CALC} .ssc-trades-box")
    assert "Partner" in read(page, f"{CALC} .ssc-trades-box")
    # Picking the party already on the other axis swaps the two (one party against itself
    # has no chart and no trades: it was an error).
    pair = page.locator(f"{CALC} .ssc-pair select")
    pair.nth(0).select_option("Partner")
    wait_ready(page)
    assert [pair.nth(0).input_value(), pair.nth(1).input_value()] == ["Partner", sheet.party_names[0]]
    assert f"Issues between Partner and {sheet.party_names[0]}" in read(page, f"{CALC} .ssc-trades-box")
    title = page.locator(f"{CALC} .ssc-chart svg .role-title-text").first.text_content()
    assert title == f"Partner and {sheet.party_names[0]}"

    page.get_by_role("button", name="Remove party Partner").click()
    page.get_by_role("button", name=f"Remove issue {second}").click()
    wait_ready(page)
    final = sheet_on_page(page)
    assert final.party_names == sheet.party_names and final.issue_names[0] == first


def test_removing_a_row_keeps_the_focus_nearby(page: Any, site_url: str) -> None:
    # A removed row takes its ✕ button with it: the focus goes to the next row's ✕, else
    # the previous row's, else the section's add button (it fell to the page, throwing a
    # keyboard or screen-reader user back to the top).
    open_calculator(page, site_url + "calculator/")
    sheet = sheet_on_page(page)
    issue, parties = sheet.issues[0], sheet.party_names
    assert len(sheet.issues) >= 3 and len(issue.options) >= 2 and len(parties) >= 2

    def remove(label: str) -> str:
        page.get_by_role("button", name=label, exact=True).focus()
        page.keyboard.press("Enter")
        wait_ready(page)
        return str(
            page.evaluate(
                "document.activeElement.getAttribute('aria-label') || document.activeElement.textContent"
            )
        )

    first, second = issue.options[:2]
    assert remove(f"Remove {issue.name}: option 1 ({first})") == f"Remove {issue.name}: option 1 ({second})"
    assert remove(f"Remove issue {sheet.issues[-1].name}") == f"Remove issue {sheet.issues[-2].name}"
    assert remove(f"Remove issue {issue.name}") == f"Remove issue {sheet.issues[1].name}"
    assert remove(f"Remove party {parties[0]}") == f"Remove party {parties[1]}"
    for name in parties[1:-1]:
        remove(f"Remove party {name}")
    assert remove(f"Remove party {parties[-1]}") == "Add a party"


def test_chart_hover_and_click(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + TEACHING_NOTE)
    sheet = sheet_on_page(page)
    points = page.locator(f"{CALC} .ssc-chart g.layer_1_layer_1_marks path")
    target = points.nth(0)
    label = target.get_attribute("aria-label")
    text = label.split("Package: ", 1)[1]
    target.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    shown = " ".join(tooltip.inner_text().split())
    assert f"Package {text}" in shown
    # Its scores as the page's tables show them (two decimals at most), under the parties'
    # names, and no empty "Marker" row: it is a frontier point, not a marker.
    (x_name, x), (y_name, y) = (part.split(" points: ") for part in label.split("; ")[:2])
    package = sheet.package(dict(part.split(": ", 1) for part in text.split("; ")))
    points_of = {p.party: display(p.points) for p in score(sheet, package).parties}
    assert (points_of[x_name], points_of[y_name]) == (x, y)
    assert shown.startswith(f"{x_name} points {x} {y_name} points {y} Package")
    target.click()
    wait_ready(page)
    expected = dict(part.split(": ", 1) for part in text.split("; "))
    assert current_choice(page) == expected
    scored = score(sheet, sheet.package(expected))
    assert shown_points(page) == {p.party: display(p.points) for p in scored.parties}


def test_instant_navigation_mounts_the_calculator(page: Any, site_url: str, built_site: Path) -> None:
    # Material navigates instantly only to pages listed in sitemap.xml under the page's
    # own host; this site is built without a site_url, so give it that sitemap here.
    pages = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    urls = "".join(f"<url><loc>{site_url}{'' if p == '.' else p + '/'}</loc></url>" for p in pages)
    sitemap = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))

    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.stillTheSamePage = true")
    follow_link(page, ".md-tabs a[href$='calculator/']", "**/calculator/")
    wait_ready(page)
    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
    assert page.locator(f"{CALC} .ssc-statusbar").count() == 1

    # From here the runtime is up when a page's root mounts: the root must not say
    # "ready" before it has checked its sheet (data-sheet), or a wait on "ready" returns
    # before the page's first work. Every state a root shows is recorded.
    page.evaluate(
        """() => {
        window.statesShown = [];
        new MutationObserver((records) => {
            for (const { target } of records) {
                if (!target.matches('.scoresheet-calculator')) continue;
                window.statesShown.push(`${target.dataset.state} ${target.dataset.sheet ?? 'unchecked'}`);
            }
        }).observe(document, { subtree: true, attributeFilter: ['data-state'] });
    }"""
    )

    # On to a case's teaching note through the site's own links, and back, still
    # without a reload: each page's root is mounted once, with the sheet of its page.
    follow_link(page, ".md-tabs a[href$='cases/']", "**/cases/")
    follow_link(page, "article a[href$='job-offer/']", "**/job-offer/")
    follow_link(page, "article a[href$='teaching-note/']", "**/teaching-note/")
    wait_ready(page)
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.locator(f"{CALC} .ssc-statusbar").count() == 1
    assert sheet_on_page(page).title == "The Ashgrove Analytics Offer"
    follow_link(page, ".md-tabs a[href$='calculator/']", "**/calculator/")
    wait_ready(page)
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.locator(f"{CALC} .ssc-statusbar").count() == 1
    assert sheet_on_page(page).title.startswith("Example")
    shown = page.evaluate("window.statesShown")
    assert "ready valid" in shown
    assert "ready unchecked" not in shown, shown


def heavy_sheet() -> dict[str, Any]:
    """Six parties and 4^8 packages: a frontier that takes many seconds to compute."""
    import random

    rng = random.Random(1)
    issues = {f"Issue {i}": [f"Option {i}.{j}" for j in range(4)] for i in range(8)}
    parties = {
        f"Party {p}": {"points": {k: {o: rng.randint(0, 100) for o in v} for k, v in issues.items()}}
        for p in range(6)
    }
    return {"version": 1, "title": "Heavy", "issues": issues, "parties": parties}


def test_cancel_a_long_computation(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + "calculator/")
    page.set_input_files(
        f"{CALC} .ssc-import-json",
        {"name": "heavy.json", "mimeType": "application/json", "buffer": json.dumps(heavy_sheet()).encode()},
    )
    # Cancel shows while the import is checked too: wait for the sheet to be taken in, so
    # that the cancel below stops the computation, not the import.
    page.wait_for_function(
        "(s) => document.querySelector(s).textContent.includes('heavy.json is loaded')",
        arg=f"{CALC} .ssc-message",
        timeout=LOAD_TIMEOUT,
    )
    page.wait_for_selector(f"{CALC} .ssc-cancel:visible", timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(500)
    assert page.get_attribute(CALC, "data-state") == "busy"
    page.click(f"{CALC} .ssc-cancel")
    assert "Cancelled" in page.inner_text(f"{CALC} .ssc-message")
    wait_ready(page)
    assert "Cancelled" in page.inner_text(f"{CALC} .ssc-status")
    assert page.is_visible(f"{CALC} .ssc-recalc")
    assert sheet_on_page(page).title == "Heavy"  # the sheet itself is kept


def test_every_control_is_labelled_and_works_from_the_keyboard(page: Any, site_url: str) -> None:
    open_calculator(page, site_url + TEACHING_NOTE)
    page.click(f"{CALC} .ssc-genius summary")
    unnamed = page.eval_on_selector_all(
        f"{CALC} input, {CALC} select, {CALC} button",
        """controls => controls.filter(c => {
            const labels = [...(c.labels || [])].map(l => l.textContent).join('');
            const text = c.tagName === 'BUTTON' ? c.textContent : '';
            const name = c.getAttribute('aria-label') || labels || text;
            return !name.trim() || c.tabIndex < 0;
        }).map(c => c.outerHTML)""",
    )
    assert unnamed == []

    sheet = sheet_on_page(page)
    first = page.locator(f"{CALC} .ssc-builder select").first
    before = first.input_value()
    first.focus()
    page.keyboard.press("ArrowDown" if first.evaluate("s => s.selectedIndex") == 0 else "ArrowUp")
    wait_ready(page)
    assert first.input_value() != before
    scored = score(sheet, sheet.package(current_choice(page)))
    assert shown_points(page) == {p.party: display(p.points) for p in scored.parties}


def test_odd_names_reach_the_engine_and_problems_find_their_field(page: Any, site_url: str) -> None:
    # A backslash in a party's name: Vega-Lite puts tooltip titles into an expression
    # unescaped (the chart failed to parse).
    issue, option, party, other = 'Ünï "quoted" [x]', "a.b", "__proto__", "toString \\ \\u0041"
    sheet = {
        "version": 1,
        "title": "Odd names",
        "issues": {issue: [option, "c"], "plain": ["y", "z"]},
        "parties": {
            party: {"points": {issue: {option: 1, "c": 2}, "plain": {"y": 3, "z": 0}}},
            other: {"points": {issue: {option: 2, "c": 1}, "plain": {"y": 0, "z": 3}}},
        },
    }
    open_calculator(page, site_url + "calculator/")
    page.set_input_files(
        f"{CALC} .ssc-import-json",
        {"name": "odd.json", "mimeType": "application/json", "buffer": json.dumps(sheet).encode()},
    )
    wait_ready(page)
    assert page.get_attribute(CALC, "data-sheet") == "valid"
    assert sheet_to_dict(sheet_on_page(page)) == sheet_to_dict(loads_sheet(json.dumps(sheet)))
    choose(page, {issue: "c", "plain": "y"})
    assert shown_points(page) == {party: "5", other: "1"}
    efficient = len(frontier(loads_sheet(json.dumps(sheet))).points)
    assert page.get_attribute(f"{CALC} .ssc-chart", "data-efficient-points") == str(efficient)
    page.locator(f"{CALC} .ssc-chart g.layer_1_layer_1_marks path").first.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    assert other in tooltip.inner_text()  # the name as typed, backslashes and all

    field = page.get_by_label(f"{party}: points for {issue}: {option}", exact=True)
    field.fill("1/0")
    wait_ready(page)
    assert field.get_attribute("aria-invalid") == "true"
    assert page.locator(f"{CALC} [aria-invalid]").count() == 1
    assert "must be a number" in page.locator("#" + field.get_attribute("aria-describedby")).inner_text()
