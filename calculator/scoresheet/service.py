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
from .contingent import contingent_terms, with_contingent
from .counterpart import CounterpartModel, consistency, counterpart_model
from .counterpart_estimate import DEFAULT_SAMPLES, estimate_counterpart, likely_frontier_chart, next_meso
from .counterpart_format import beliefs_from_dict, evidence_from_list, read_dropped
from .debrief import assess, outcomes_csv, read_outcomes, summarise
from .efficiency import efficiency
from .errors import Problem, SheetError, shorten
from .exact import parse_number
from .frontier import frontier
from .genius import import_genius
from .meso import meso
from .model import Package, Sheet
from .reference import midpoint_compromise, reference_points
from .scoring import score
from .sheet_format import loads_sheet, parse_json, sheet_to_dict
from .trades import trades

Reply = dict[str, Any]


def _answer(work: Callable[[], Any]) -> Reply:
    try:
        return {"ok": True, "result": work()}
    except SheetError as error:
        # Shown to the reader: a million-character name appears by its ends only.
        problems = [{"path": shorten(p.path), "message": shorten(p.message)} for p in error.problems]
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


MAX_SAMPLES = 2000
MAX_MESO_OFFERS = 8


def _counterpart(sheet_json: str, user: str, beliefs: Any, evidence: Any, dropped: Any) -> CounterpartModel:
    """The counterpart model, with the problems of every input reported together."""
    sheet = loads_sheet(sheet_json)
    problems: list[Problem] = []

    def attempt(read: Callable[[], Any]) -> Any:
        try:
            return read()
        except SheetError as error:
            problems.extend(error.problems)
            return None

    read_beliefs = attempt(lambda: beliefs_from_dict(_data(beliefs, "beliefs")))
    read_evidence = attempt(lambda: evidence_from_list(sheet, _data(evidence, "evidence")))
    read_drops = attempt(lambda: read_dropped(_data(dropped, "dropped")))
    if read_beliefs is not None:
        # Checked against the sheet even when the evidence could not be read, so that
        # every problem shows at once (statements to drop only when everything read).
        whole = not problems
        model = attempt(
            lambda: counterpart_model(
                sheet, user, read_beliefs, read_evidence or [], read_drops if whole else []
            )
        )
        if model is not None and whole:
            assert isinstance(model, CounterpartModel)
            return model
    raise SheetError(problems)


def _data(value: Any, field: str) -> Any:
    """JSON data as given, or read from JSON text (exact numbers, as sheets are read)."""
    if not isinstance(value, str):
        return value
    try:
        return parse_json(value)
    except SheetError as error:
        raise SheetError.single(field, error.problems[0].message) from None


def _count(value: Any, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SheetError.single(field, f"must be a whole number from {low} to {high}")
    return value


def counterpart_check(
    sheet_json: str, user: str, beliefs: Any, evidence: Any = None, dropped: Any = None
) -> Reply:
    """Exact and quick: are beliefs and evidence consistent? If not, the conflict and what
    to drop; if so, the range each issue's weight and the reservation value can still take.

    ``beliefs`` and ``evidence`` are JSON data (see ``counterpart_format``); ``dropped``
    lists statement paths to set aside.
    """

    def work() -> dict[str, Any]:
        model = _counterpart(sheet_json, user, beliefs, evidence, dropped)
        return plain.consistency_data(model, consistency(model))

    return _answer(work)


def counterpart_estimate(
    sheet_json: str,
    user: str,
    beliefs: Any,
    evidence: Any = None,
    dropped: Any = None,
    target: Any = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> Reply:
    """The consistent counterpart sheets, sampled and summarised: expected points per
    option, likely-efficient packages with their probability, proposals (best expected
    joint value with your points at or above ``target``, by default your reservation
    value), and a likely-frontier chart spec. When the statements contradict each other
    the result says so (``consistency.contradiction``) and holds no estimate."""

    def work() -> dict[str, Any]:
        model = _counterpart(sheet_json, user, beliefs, evidence, dropped)
        wanted = None if target in (None, "") else _number(target, "target")
        count = _count(samples, "samples", 10, MAX_SAMPLES)
        result = estimate_counterpart(model, wanted, samples=count, seed=_count(seed, "seed", 0, 2**32))
        data = plain.estimate_data(result)
        data["chart"] = likely_frontier_chart(result) if result.consistency.consistent else None
        return data

    return _answer(work)


def counterpart_meso(
    sheet_json: str,
    user: str,
    beliefs: Any,
    evidence: Any = None,
    dropped: Any = None,
    target: Any = None,
    offers: int = 3,
    tolerance: Any = None,
    seed: int = 0,
) -> Reply:
    """The next MESO: ``offers`` packages worth ``target`` to you (by default your points in
    the first proposal), chosen so that the counterpart's pick splits the consistent sheets
    as evenly as possible; with each offer's predicted share of picks."""

    def work() -> dict[str, Any]:
        model = _counterpart(sheet_json, user, beliefs, evidence, dropped)
        wanted = None if target in (None, "") else _number(target, "target")
        allowed = None if tolerance in (None, "") else _number(tolerance, "tolerance")
        count = _count(offers, "offers", 2, MAX_MESO_OFFERS)
        plan = next_meso(model, wanted, count, allowed, seed=_count(seed, "seed", 0, 2**32))
        return plain.meso_plan_data(model.sheet, plan)

    return _answer(work)


def contingent(
    sheet_json: str, issue: str, probabilities: Any, fixed: str | None = None, event: str = ""
) -> Reply:
    """Contingent terms on ``issue`` that every party prefers to the fixed option (by default
    the one with most joint points), given each party's probability of the event
    (``{party: p}``); with the sheet that adds the best term as an option."""

    def work() -> dict[str, Any]:
        sheet = loads_sheet(sheet_json)
        if not isinstance(probabilities, Mapping):
            raise SheetError.single("probabilities", "must be an object: party -> probability")
        read = {str(name): _number(p, f"probabilities.{name}") for name, p in probabilities.items()}
        what = event.strip() or "the event happens"
        report = contingent_terms(sheet, issue, read, fixed or None, what)
        data = plain.contingent_data(sheet, report)
        best = report.best
        data["sheet"] = (
            None
            if best is None
            else sheet_to_dict(with_contingent(sheet, issue, best.if_event, best.otherwise, read, what))
        )
        return data

    return _answer(work)
