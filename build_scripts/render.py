"""Case pages: Jinja2 templates fed with a case and its analysis, producing Markdown.

Templates present data; they compute nothing. Names and labels from case files are
plain text: the ``text`` filter escapes them so they can never become HTML or Markdown
structure. Authors' Markdown fields go through the ``markdown`` filter: Markdown
formatting works, raw HTML shows as text.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import jinja2

from build_scripts.analysis import CaseAnalysis
from build_scripts.cases import Case, Role
from build_scripts.markdown_headings import demote
from build_scripts.safe_markdown import inert_markdown
from scoresheet import Party, Sheet, display_number, dumps_sheet
from scoresheet.model import distinct_names
from scoresheet.scoring import best_value
from scoresheet.sheet_format import MAX_NAME_LENGTH

TEMPLATES = Path(__file__).parent / "templates"
COUNTERPART_GUESS = "Other side (your estimate)"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def text(value: object) -> str:
    """Plain text made safe inside Markdown: HTML escaped, Markdown syntax disarmed."""
    escaped = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    return " ".join(escaped.split())  # newlines would break tables and headings


def points(value: Fraction | None) -> str:
    return "–" if value is None else display_number(value)


def percent(value: Fraction | None) -> str:
    return "–" if value is None else f"{float(value) * 100:.0f}%"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,  # a template typo fails the build instead of printing nothing
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # output is Markdown; plain text goes through the `text` filter
    )
    env.filters.update(text=text, points=points, percent=percent, markdown=inert_markdown, demote=demote)
    env.globals.update(best_value=best_value, zip=zip, len=len)
    return env


def embedded_json(sheet: Sheet) -> str:
    """Sheet JSON safe inside an HTML <script type="application/json"> block."""
    return dumps_sheet(sheet).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def role_sheet(case: Case, role: Role) -> Sheet:
    """The role's own sheet plus a blank party per other role, for the reader's estimates.

    A role page must never show another role's numbers, but the calculator needs the
    other parties: each starts at zero everywhere, to be filled with guesses. With one
    counterpart it is "the other side"; with more, each is named after its role (the
    public brief names them all), so a player can estimate each one.
    """
    mine = case.sheet.parties[role.party]
    others = [party.name for i, party in enumerate(case.sheet.parties) if i != role.party]
    # Cut to leave room for the suffix and a number within the engine's name limit; never
    # a name the engine would take for the role's own or another estimate's.
    cut = MAX_NAME_LENGTH - 24
    bases = [COUNTERPART_GUESS] if len(others) == 1 else [f"{o[:cut]} (your estimate)" for o in others]
    names = distinct_names(bases, taken=[mine.name])
    blank = tuple(tuple(Fraction(0) for _ in row) for row in mine.points)
    guesses = tuple(Party(name, blank) for name in names)
    return Sheet(case.sheet.issues, (mine, *guesses), title=f"{case.title}: {role.name}")


def case_pages(
    analysis: CaseAnalysis, env: jinja2.Environment, guide_titles: dict[str, str]
) -> dict[str, str]:
    """Docs-relative path -> Markdown for the case's overview, role pages and teaching note."""
    case = analysis.case
    base = f"cases/{case.slug}"
    pages = {
        f"{base}/index.md": env.get_template("case_overview.md.j2").render(
            case=case,
            tags=case_tags(case),
            guides=[(slug, guide_titles[slug]) for slug in case.guides],
        ),
        f"{base}/teaching-note.md": env.get_template("teaching_note.md.j2").render(
            case=case, a=analysis, sheet_json=embedded_json(case.sheet)
        ),
        f"{base}/instructor-packet.md": env.get_template("instructor_packet.md.j2").render(
            case=case, a=analysis
        ),
    }
    for role in case.roles:
        pages[f"{base}/{role.slug}.md"] = env.get_template("role.md.j2").render(
            case=case,
            role=role,
            party=case.sheet.parties[role.party],
            sheet_json=embedded_json(role_sheet(case, role)),
        )
    return pages


def index_page(cases: list[Case], env: jinja2.Environment) -> str:
    return env.get_template("case_index.md.j2").render(cases=sorted(cases, key=lambda c: c.title))


def case_tags(case: Case) -> list[str]:
    """Tags for the case index filters: topics, parties, issues, time."""
    minutes = case.total_minutes
    length = "under 1 hour" if minutes < 60 else "1-2 hours" if minutes <= 120 else "over 2 hours"
    return [
        *case.topics,
        f"{len(case.roles)} parties",
        f"{len(case.sheet.issues)} issues",
        length,
        case.difficulty,
    ]
