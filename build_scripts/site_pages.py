"""Every generated file of the site: case pages, the case index, chart SVGs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_scripts.analysis import analyse
from build_scripts.cases import Case, guide_titles, load_cases
from build_scripts.charts import ChartDrawing
from build_scripts.guides import load_guides, related_cases_section
from build_scripts.render import case_pages, environment, index_page


@dataclass(frozen=True, slots=True)
class SiteContent:
    pages: dict[str, str]
    """Docs-relative path -> Markdown of every generated page."""
    charts: ChartDrawing
    """The case charts, drawing in the background; ``charts.files`` says where."""
    guide_endings: dict[str, str]
    """Guide page path -> Markdown to append (its related cases)."""

    @property
    def chart_files(self) -> dict[str, Path]:
        return self.charts.files


def site_content() -> SiteContent:
    """Everything generated from cases/ and the guides' front matter. Raises CaseError first."""
    cases = load_cases()
    guides = load_guides(cases)
    endings = {f"guides/{g.slug}.md": related_cases_section(g, cases) for g in guides}
    pages, specs = pages_and_charts(cases)
    return SiteContent(pages, ChartDrawing(specs), endings)


def pages_and_charts(cases: list[Case]) -> tuple[dict[str, str], dict[str, dict[str, object]]]:
    """Markdown for every case page and the index; Vega-Lite spec for every chart."""
    env = environment()
    titles = guide_titles()
    pages: dict[str, str] = {"cases/index.md": index_page(cases, env)}
    specs = {}
    for case in cases:
        analysis = analyse(case)
        pages.update(case_pages(analysis, env, titles))
        for name, spec in analysis.charts:
            specs[f"cases/{case.slug}/{name}"] = spec
    return pages, specs
