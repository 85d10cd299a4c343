"""Every generated file of the site: case pages, the case index, chart SVGs, the schema."""

from __future__ import annotations

from build_scripts.analysis import analyse
from build_scripts.cases import Case, guide_titles, load_cases
from build_scripts.charts import render_svgs
from build_scripts.render import case_pages, environment, index_page


def generated_files() -> dict[str, str]:
    """Docs-relative path -> content for every case in cases/. Raises CaseError first."""
    return files_for(load_cases())


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
