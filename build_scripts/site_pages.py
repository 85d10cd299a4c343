"""Every generated file of the site: case pages, the case index, chart SVGs, the schema."""

from __future__ import annotations

from dataclasses import dataclass

from build_scripts.analysis import analyse
from build_scripts.cases import Case, guide_titles, load_cases
from build_scripts.charts import render_svgs
from build_scripts.guides import load_guides, related_cases_section
from build_scripts.render import case_pages, environment, index_page


@dataclass(frozen=True, slots=True)
class SiteContent:
    files: dict[str, str]
    """Docs-relative path -> content of every generated file."""
    guide_endings: dict[str, str]
    """Guide page path -> Markdown to append (its related cases)."""


def site_content() -> SiteContent:
    """Everything generated from cases/ and the guides' front matter. Raises CaseError first."""
    cases = load_cases()
    guides = load_guides(cases)
    endings = {f"guides/{g.slug}.md": related_cases_section(g, cases) for g in guides}
    return SiteContent(files_for(cases), endings)


def files_for(cases: list[Case]) -> dict[str, str]:
    env = environment()
    titles = guide_titles()
    files: dict[str, str] = {"cases/index.md": index_page(cases, env)}
    specs = {}
    for case in cases:
        analysis = analyse(case)
        files.update(case_pages(analysis, env, titles))
        for name, spec in analysis.charts:
            specs[f"cases/{case.slug}/{name}"] = spec
    files.update(render_svgs(specs))
    return files
