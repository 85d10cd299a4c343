"""Guides: front matter checked against concepts and cases; related cases listed on the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.cases import GUIDES_DIR, CaseError, load_cases
from build_scripts.guides import load_guides, related_cases_section


def test_every_guide_is_valid_and_names_real_cases() -> None:
    cases = load_cases()
    guides = load_guides(cases)
    assert len(guides) >= 10
    assert all(guide.related_cases for guide in guides)
    covered = {concept for guide in guides for concept in guide.concepts}
    for strategy in (
        "score-sheet",
        "meso",
        "contingent-terms",
        "post-settlement",
        "joint-fact-finding",
        "information-sharing",
        "questions",
        "package-deals",
        "pareto-frontier",
    ):
        assert strategy in covered


def test_each_guide_leads_to_its_cases_and_the_calculator() -> None:
    cases = load_cases()
    for guide in load_guides(cases):
        ending = related_cases_section(guide, cases)
        for slug in guide.related_cases:
            assert f"(../cases/{slug}/index.md)" in ending
        assert "../calculator/index.md" in (GUIDES_DIR / f"{guide.slug}.md").read_text(encoding="utf-8")


def test_a_broken_guide_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    guides = tmp_path / "docs" / "guides"
    guides.mkdir(parents=True)
    (guides / "bad.md").write_text(
        "---\ntitle: Bad\nsummary: x\nconcepts: [meso, haggling]\nrelated_cases: [no-such-case]\n---\nBody\n"
    )
    (guides / "no-front.md").write_text("Just text\n")
    with pytest.raises(CaseError) as caught:
        load_guides(load_cases(), guides)
    messages = [str(p) for p in caught.value.problems]
    assert "docs/guides/bad.md:4: concepts[1]: unknown concept 'haggling'" in messages
    assert "docs/guides/bad.md:5: related_cases[0]: unknown case 'no-such-case'" in messages
    assert any(m.startswith("docs/guides/no-front.md:1:") for m in messages)
