"""Every generated file of the site: case pages, the case index, chart SVGs, the schema."""

from __future__ import annotations

from pathlib import Path

from build_scripts.analysis import analyse
from build_scripts.cases import CASES_DIR, Case, guide_titles, load_cases
from build_scripts.charts import render_svgs
from build_scripts.render import case_pages, environment, index_page


def generated_files(cases_dir: Path = CASES_DIR) -> dict[str, str]:
    """Docs-relative path -> content. Raises CaseError before producing anything."""
    cases = load_cases(cases_dir)
    return files_for(cases)


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
