"""The built site: stable addresses, confidential role pages, nothing from other hosts,
and a failed build that leaves the previous site alone."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import material
import pytest

from build_scripts.analysis import analyse
from build_scripts.cases import guide_titles, load_cases
from build_scripts.eager_compile import HINT, mark_for_eager_compilation
from build_scripts.initial_analysis import PROPOSALS
from build_scripts.markdown_headings import demote
from build_scripts.render import case_pages, environment, role_sheet
from scoresheet import Party, dumps_sheet, loads_sheet, service
from scoresheet.exact import display_number

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = build(ROOT, out)
    assert done.returncode == 0, done.stderr
    return out


def test_stable_addresses_exist(site: Path) -> None:
    assert (site / "cases" / "index.html").is_file()
    assert (site / "calculator" / "index.html").is_file()
    assert (site / "schema" / "case.schema.json").is_file()
    for guide in (ROOT / "docs" / "guides").glob("*.md"):
        if guide.stem != "index":
            assert (site / "guides" / guide.stem / "index.html").is_file()
    for case in load_cases():
        base = site / "cases" / case.slug
        assert (base / "index.html").is_file()
        assert (base / "teaching-note" / "index.html").is_file()
        for role in case.roles:
            assert (base / role.slug / "index.html").is_file()


def _templates(page: str, kind: str) -> list[str]:
    """The text of each <template class="KIND"> in a page, as the browser reads it."""
    found = re.findall(rf'<template class="{kind}"[^>]*>(.*?)</template>', page, re.DOTALL)
    return [html.unescape(text) for text in found]


def test_every_calculator_carries_the_engines_first_reply(site: Path) -> None:
    pages = [site / "calculator" / "index.html"]
    for case in load_cases():
        pages.append(site / "cases" / case.slug / "teaching-note" / "index.html")
        pages += [site / "cases" / case.slug / role.slug / "index.html" for role in case.roles]
    for path in pages:
        page = path.read_text(encoding="utf-8")
        roots = page.count('<div class="scoresheet-calculator"')
        replies = _templates(page, "scoresheet-initial-analysis")
        assert roots >= 1 and len(replies) == roots, path
        # Each follows its own root's sheet, and is exactly what the engine answers for it
        # when nothing is chosen yet (the calculator's first call).
        for root in page.split('<div class="scoresheet-calculator"')[1:]:
            sheet = _templates(root, "scoresheet-initial")[0]
            reply = _templates(root, "scoresheet-initial-analysis")[0]
            assert json.loads(reply) == json.loads(json.dumps(service.analyse(sheet, None, PROPOSALS))), path
            # ... and that reply's chart compiled to Vega, to be drawn in the reader's colours
            # (tests/browser/test_first_results.py draws it beside a compile in the page).
            (chart,) = _templates(root, "scoresheet-initial-chart")
            vega = json.loads(chart)
            assert "/vega/v" in vega["$schema"] and "ssc-chart-font" in chart, path
            assert {"name": "source_0", "values": "ssc:source-data"} in vega["data"], path


def test_role_pages_show_only_their_own_numbers(site: Path) -> None:
    for case in load_cases():
        for role in case.roles:
            page = (site / "cases" / case.slug / role.slug / "index.html").read_text(encoding="utf-8")
            text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
            mine = case.sheet.parties[role.party]
            assert f"Your reservation value: {display_number(mine.reservation)} points" in text
            for other in case.roles:
                if other is not role:
                    assert " ".join(other.reservation_story.split())[:80] not in text
                    assert " ".join(other.instructions.split())[:80] not in text


def test_a_role_pages_calculator_has_a_blank_estimate_of_every_other_party(site: Path) -> None:
    # A three-party player estimates each counterpart; two parties keep "the other side".
    for case in load_cases():
        for role in case.roles:
            page = (site / "cases" / case.slug / role.slug / "index.html").read_text(encoding="utf-8")
            parties = json.loads(_templates(page, "scoresheet-initial")[0])["parties"]
            others = [party.name for i, party in enumerate(case.sheet.parties) if i != role.party]
            guesses = (
                ["Other side (your estimate)"]
                if len(others) == 1
                else [f"{o} (your estimate)" for o in others]
            )
            assert list(parties) == [case.sheet.parties[role.party].name, *guesses], (case.slug, role.slug)
            for name in guesses:
                assert all(v == 0 for row in parties[name]["points"].values() for v in row.values())


def test_estimate_parties_never_clash_with_a_role_and_fit_the_name_limit() -> None:
    # A role named like another's estimate, and names at the engine's length limit: every
    # role sheet reads back whole, its own points intact (a clash had replaced them).
    case = next(case for case in load_cases() if len(case.roles) == 3)
    for names in (
        ("Council (your estimate)", "Council", "Northvane"),
        ("x" * 200, "Y" * 200, "council (YOUR estimate)"),
    ):
        parties = tuple(
            Party(name, p.points, p.reservation) for name, p in zip(names, case.sheet.parties, strict=True)
        )
        renamed = replace(case, sheet=replace(case.sheet, parties=parties))
        for role in renamed.roles:
            sheet = role_sheet(renamed, role)
            back = loads_sheet(dumps_sheet(sheet))
            assert len(back.parties) == 3 and back.parties[0] == sheet.parties[0] == parties[role.party]


def test_a_role_page_does_not_depend_on_the_other_roles_numbers() -> None:
    """Change every other party's points and reservation: the role page stays byte for byte."""
    env = environment()
    titles = guide_titles()
    for case in load_cases():
        pages = case_pages(analyse(case), env, titles)
        for role in case.roles:
            others = tuple(
                party
                if i == role.party
                else Party(party.name, tuple(tuple(v + 1000 for v in row) for row in party.points), 999)
                for i, party in enumerate(case.sheet.parties)
            )
            changed = replace(case, sheet=replace(case.sheet, parties=others))
            again = case_pages(analyse(changed), env, titles)
            page = f"cases/{case.slug}/{role.slug}.md"
            assert again[page] == pages[page]
            assert (
                again[f"cases/{case.slug}/teaching-note.md"] != pages[f"cases/{case.slug}/teaching-note.md"]
            )


def test_a_case_without_a_zone_of_agreement_gets_no_empty_reference_table() -> None:
    # Reservation values no package clears (a case about walking away): the teaching note
    # says so, and shows no reference-points table with no rows under it.
    case = next(case for case in load_cases() if len(case.roles) == 2)
    parties = tuple(Party(p.name, p.points, 99) for p in case.sheet.parties)
    walled = replace(case, sheet=replace(case.sheet, parties=parties))
    note = case_pages(analyse(walled), environment(), guide_titles())[f"cases/{case.slug}/teaching-note.md"]
    assert "there is no zone of agreement" in note and "reference points to mark" in note
    assert "### Reference points" not in note and "diamonds mark" not in note
    ordinary = case_pages(analyse(case), environment(), guide_titles())[f"cases/{case.slug}/teaching-note.md"]
    assert "### Reference points" in ordinary and "<td>Joint maximum</td>" in ordinary


class _Resources(HTMLParser):
    """Collects every address a page would load by itself (not plain links)."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and values.get("src"):
            self.loads.append(values["src"] or "")
        if tag == "link" and values.get("href") and (values.get("rel") or "") != "canonical":
            self.loads.append(values["href"] or "")
        if tag == "object" and values.get("data"):
            self.loads.append(values["data"] or "")


def _is_external(address: str) -> bool:
    return bool(re.match(r"^(https?:)?//", address.strip(), re.IGNORECASE))


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        external = [a for a in parser.loads if _is_external(a)]
        assert not external, f"{page.relative_to(site)} loads {external}"
    for sheet in list(site.rglob("*.css")) + list(site.rglob("*.svg")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        for address in re.findall(r"""(?:url\(|@import\s+)['"]?([^'")\s]+)""", text):
            assert not _is_external(address), f"{sheet.relative_to(site)} loads {address}"


def test_the_check_detects_external_loads() -> None:
    parser = _Resources()
    parser.feed('<link rel="stylesheet" href="https://fonts.example/x.css"><script src="/a.js"></script>')
    assert [a for a in parser.loads if _is_external(a)] == ["https://fonts.example/x.css"]


def test_the_scripts_that_run_at_load_are_marked_for_eager_compilation(site: Path) -> None:
    theme = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
    (original,) = theme.glob("bundle.*.min.js")
    served = site / "assets" / "javascripts" / original.name
    assert served.read_text(encoding="utf-8") == HINT + original.read_text(encoding="utf-8")
    for package, script in (("vega", "vega.min.js"), ("vega-lite", "vega-lite.min.js")):
        shipped = ROOT / "node_modules" / package / "build" / script
        served_vendor = site / "assets" / "vendor" / script
        assert served_vendor.read_text(encoding="utf-8") == HINT + shipped.read_text(encoding="utf-8")
    ui = site / "assets" / "calculator" / "app.bundle.mjs"
    assert ui.read_text(encoding="utf-8").startswith(HINT)
    # The source maps still point at the right lines: one more, empty, generated line.
    theme_map = json.loads(original.with_name(original.name + ".map").read_text(encoding="utf-8"))
    served_map = json.loads(served.with_name(served.name + ".map").read_text(encoding="utf-8"))
    assert served_map["mappings"] == ";" + theme_map["mappings"]
    ui_lines = ui.read_text(encoding="utf-8").split("\n")
    ui_map = json.loads((ui.parent / "app.bundle.mjs.map").read_text(encoding="utf-8"))
    assert ui_map["mappings"].startswith(";") and not ui_map["mappings"].startswith(";;")
    assert len(ui_map["mappings"].split(";")) <= len(ui_lines)


def test_marking_a_script_twice_changes_nothing(tmp_path: Path) -> None:
    script, source_map = tmp_path / "start.js", tmp_path / "start.js.map"
    script.write_text("run();\n//# sourceMappingURL=start.js.map\n", encoding="utf-8")
    source_map.write_text('{"version": 3, "mappings": "AAAA"}', encoding="utf-8")
    mark_for_eager_compilation(script)
    marked = script.read_text(encoding="utf-8"), source_map.read_text(encoding="utf-8")
    mark_for_eager_compilation(script)
    assert (script.read_text(encoding="utf-8"), source_map.read_text(encoding="utf-8")) == marked
    assert marked[0] == HINT + "run();\n//# sourceMappingURL=start.js.map\n"
    assert json.loads(marked[1])["mappings"] == ";AAAA"


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_broken_case_stops_the_build_and_keeps_the_previous_site(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for part in ("docs", "build_scripts", "cases"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    site = tmp_path / "site"
    assert build(project, site).returncode == 0
    before = _snapshot(site)

    broken = ROOT / "tests" / "build" / "broken" / "unknown-option.yaml"
    shutil.copy(broken, project / "cases" / "unknown-option.yaml")
    done = build(project, site)
    assert done.returncode != 0
    assert "cases/unknown-option.yaml:24: roles[0].sheet.points.Rent" in done.stderr
    assert _snapshot(site) == before


def test_confidential_pages_stay_out_of_the_search_index(site: Path) -> None:
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert any(loc.startswith("guides/") for loc in locations)
    for case in load_cases():
        assert any(loc.startswith(f"cases/{case.slug}/") for loc in locations)  # the overview is findable
        for role in case.roles:
            assert not any(loc.startswith(f"cases/{case.slug}/{role.slug}/") for loc in locations)
        assert not any(loc.startswith(f"cases/{case.slug}/teaching-note/") for loc in locations)


def _confidential_pages() -> set[str]:
    """The site folder of every role page, teaching note and instructor packet."""
    found: set[str] = set()
    for case in load_cases():
        found |= {f"cases/{case.slug}/{role.slug}/" for role in case.roles}
        found |= {f"cases/{case.slug}/teaching-note/", f"cases/{case.slug}/instructor-packet/"}
    return found


def _pages(site: Path) -> dict[str, str]:
    """Each page's folder in the site ("" for the home page) -> its HTML (not 404.html)."""
    pages = {}
    for path in site.rglob("index.html"):
        folder = path.parent.relative_to(site)
        pages["" if folder == Path() else f"{folder.as_posix()}/"] = path.read_text(encoding="utf-8")
    return pages


class _Head(HTMLParser):
    """The robots meta elements and the canonical address in a page's <head>."""

    def __init__(self) -> None:
        super().__init__()
        self.robots: list[str] = []
        self.canonical: str | None = None
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.in_head = self.in_head or tag == "head"
        if self.in_head and tag == "meta" and (values.get("name") or "").lower() == "robots":
            self.robots.append(values.get("content") or "")
        if self.in_head and tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def _head(page: str) -> _Head:
    parser = _Head()
    parser.feed(page)
    return parser


def test_confidential_pages_and_only_they_ask_not_to_be_indexed(site: Path) -> None:
    pages = _pages(site)
    confidential = _confidential_pages()
    assert confidential <= pages.keys() and len(confidential) >= 3 * len(load_cases())
    for folder, page in pages.items():
        robots = _head(page).robots
        if folder in confidential:
            assert robots == ["noindex"], folder
        else:
            assert robots == [], folder


def _sitemap_addresses(xml: bytes) -> list[str]:
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.fromstring(xml)
    return [(url.findtext(f"{namespace}loc") or "").strip() for url in root.iter(f"{namespace}url")]


def test_the_sitemap_lists_exactly_the_public_pages(site: Path) -> None:
    xml = (site / "sitemap.xml").read_bytes()
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == xml
    listed = _sitemap_addresses(xml)
    confidential = _confidential_pages()
    public = {folder: page for folder, page in _pages(site).items() if folder not in confidential}
    assert {"", "cases/", "guides/", "calculator/"} <= public.keys()
    # Every public page once, by the same address as its canonical link (site_url's).
    canonical = {_head(page).canonical for page in public.values()}
    assert None not in canonical
    assert sorted(listed) == sorted(canonical)
    for folder in confidential:
        assert not any(address.endswith(f"/{folder}") for address in listed), folder


def test_demoted_headings_nest_as_the_sites_markdown_reads_them(site_markdown: Callable[[str], str]) -> None:
    # Every heading the site's Markdown makes is one level deeper (6 at most), and nothing
    # else changes: not fenced code (a fence closes only with its own length), not an
    # indented "## x" (a paragraph there), not an unclosed fence's text.
    lines = ["## A", "", "text ## not a heading", "#hashtag", "", "````", "## code", "```", "````", ""]
    lines += ["   ## indented", "", "Under", "-----", "", "###### six ##", ""]
    lines += ["Use ``` here", "```", "", "# B"]
    text = "\n".join(lines)
    levels = lambda html: re.findall(r"<h(\d)[^>]*>(.*?)</h\1>", html)  # noqa: E731
    before, after = levels(site_markdown(text)), levels(site_markdown(demote(text)))
    assert [title for _, title in after] == [title for _, title in before]
    assert [int(level) for level, _ in after] == [min(6, int(level) + 1) for level, _ in before]
    assert len(before) == 5
    assert re.sub(r"<h\d[^>]*>.*?</h\d>", "", site_markdown(demote(text))) == re.sub(
        r"<h\d[^>]*>.*?</h\d>", "", site_markdown(text)
    )


def test_overview_and_packet_headings_nest_without_empty_ones(site: Path) -> None:
    # A heading is at most one level below the one before it, and none stands empty: the
    # next heading after one with nothing in between is one of its subsections.
    for case in load_cases():
        for page in ("index.html", "instructor-packet/index.html"):
            text = (site / "cases" / case.slug / page).read_text(encoding="utf-8")
            body = text[text.index('<article class="md-content__inner') :]
            parts = re.split(r"<h([1-6])[ >].*?</h\1>", body, flags=re.DOTALL)
            levels = [int(level) for level in parts[1::2]]
            between = [re.sub(r"<[^>]+>|\s", "", part) for part in parts[2::2]]
            assert levels[0] == 1, (case.slug, page)
            for (level, inside), after in zip(zip(levels, between, strict=True), levels[1:], strict=False):
                assert after <= level + 1, (case.slug, page, levels)
                assert inside or after > level, (case.slug, page, levels)
