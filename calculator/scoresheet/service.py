"""JSON in, JSON out: the calculator as the browser's worker calls it.

Each function takes a sheet as JSON text (untrusted: validated in full) and plain
arguments, and returns ``{"ok": True, "result": ...}`` or ``{"ok": False, "problems":
[{"path": ..., "message": ...}]}``: problems never arrive as exceptions or tracebacks.
Results use the same shapes as the CLI's ``--json`` output (see ``plain``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from . import plain
from .chart import frontier_chart
from .debrief import assess, outcomes_csv, read_outcomes, summarise
from .efficiency import efficiency
from .errors import SheetError
from .exact import parse_number
from .frontier import frontier
from .genius import import_genius
from .meso import meso
from .model import Package, Sheet
from .reference import midpoint_compromise, reference_points
from .scoring import score
from .sheet_format import loads_sheet, sheet_to_dict
from .trades import trades

Reply = dict[str, Any]


def _answer(work: Callable[[], Any]) -> Reply:
    try:
        return {"ok": True, "result": work()}
    except SheetError as error:
        problems = [{"path": p.path, "message": p.message} for p in error.problems]
        return {"ok": False, "source": error.source, "problems": problems}


def _package(sheet: Sheet, choice: Mapping[str, str] | None) -> Package:
    return midpoint_compromise(sheet) if not choice else sheet.package(choice)


def _number(value: Any, field: str) -> Fraction:
    try:
        return parse_number(value)
    except ValueError as error:
        raise SheetError.single(field, str(error)) from None


def validate(sheet_json: str) -> Reply:
    """The sheet in normalised form (``sheet_to_dict``), or every problem with its path."""
    return _answer(lambda: sheet_to_dict(loads_sheet(sheet_json)))


def analyse(sheet_json: str, choice: Mapping[str, str] | None = None, proposals: int = 5) -> Reply:
    """Everything the calculator shows at once: scores of the current package, frontier,
    reference points, efficiency with proposals, trades for the first two parties, and a
    chart spec per pair of parties (the first pair only when there are many)."""

    def work() -> dict[str, Any]:
        sheet = loads_sheet(sheet_json)
        package = _package(sheet, choice)
        front = frontier(sheet)
        reference = reference_points(sheet, front)
        report = efficiency(sheet, package, max_proposals=proposals, front=front)
        markers = [("Current package", package)]
        for label, point in (("Joint maximum", reference.joint_maximum), ("Nash", reference.nash)):
            if point is not None:
                markers.append((label, point.packages[0]))
        return {
            "package": plain.score_data(score(sheet, package)),
            "frontier": plain.frontier_data(front),
            "reference": plain.reference_data(sheet, reference),
            "efficiency": plain.efficiency_data(sheet, report),
            "trades": plain.trades_data(trades(sheet)),
            "chart": frontier_chart(front, 0, 1, markers),
        }

    return _answer(work)


def score_package(sheet_json: str, choice: Mapping[str, str]) -> Reply:
    def work() -> dict[str, Any]:
        sheet = loads_sheet(sheet_json)
        return plain.score_data(score(sheet, sheet.package(choice)))

    return _answer(work)


def meso_offers(
    sheet_json: str, party: str, target: Any, offers: int = 3, tolerance: Any = None, seed: int = 0
) -> Reply:
    def work() -> dict[str, Any]:
        sheet = loads_sheet(sheet_json)
        allowed = None if tolerance in (None, "") else _number(tolerance, "tolerance")
        return plain.meso_data(meso(sheet, party, _number(target, "target"), offers, allowed, seed))

    return _answer(work)


def trades_between(sheet_json: str, first: str, second: str) -> Reply:
    return _answer(lambda: plain.trades_data(trades(loads_sheet(sheet_json), first, second)))


def chart(sheet_json: str, x_party: str, y_party: str, choice: Mapping[str, str] | None = None) -> Reply:
    def work() -> dict[str, Any]:
        sheet = loads_sheet(sheet_json)
        front = frontier(sheet)
        markers = [("Current package", _package(sheet, choice))]
        return frontier_chart(front, sheet.party_index(x_party), sheet.party_index(y_party), markers)

    return _answer(work)


def import_genius_xml(domain_xml: str, profiles: list[tuple[str, str]]) -> Reply:
    """A GENIUS domain and its profiles (file name, XML text) as a sheet in normalised form."""
    return _answer(lambda: sheet_to_dict(import_genius(domain_xml, profiles)))


def debrief(sheet_json: str, table: str) -> Reply:
    """Class outcomes from a pasted or uploaded table, assessed against the frontier.

    Rows that cannot be read come back as ``row_problems`` (by row and column) while
    the others are assessed; the chart marks every group's deal.
    """

    def work() -> dict[str, Any]:
        sheet = loads_sheet(sheet_json)
        outcomes, problems = read_outcomes(sheet, table)
        front = frontier(sheet)
        reports = assess(sheet, outcomes, front)
        deals = [(o.group, o.package) for o in outcomes if o.package is not None]
        return {
            "outcomes": [plain.outcome_data(sheet, r) for r in reports],
            "row_problems": [{"path": p.path, "message": p.message} for p in problems],
            "summary": plain.summary_data(summarise(sheet, reports, front)),
            "chart": frontier_chart(front, 0, 1, deals, title="Class results against the frontier"),
            "csv": outcomes_csv(sheet, outcomes),
        }

    return _answer(work)
