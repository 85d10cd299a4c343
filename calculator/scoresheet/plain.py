"""Results as plain JSON-ready data: one shape shared by the CLI and the browser.

Scores are written as JSON numbers (ints when whole, floats otherwise); the sheet
format itself (``sheet_format``) is the place for exact storage.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .contingent import ContingentReport, ContingentTerm
from .counterpart import Consistency, CounterpartModel, Statement
from .counterpart_estimate import Estimate, MesoPlan, Outlook, Spread
from .debrief import ClassSummary, OutcomeReport
from .efficiency import EfficiencyReport, Proposal
from .frontier import Frontier, FrontierPoint
from .meso import Meso
from .model import Package, Sheet
from .reference import ReferencePoints
from .scoring import PackageScore
from .trades import TradeReport


def number(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


def package_data(sheet: Sheet, package: Package) -> dict[str, Any]:
    values = sheet.values(package)
    return {
        "options": sheet.labels(package),
        "scores": {name: number(v) for name, v in zip(sheet.party_names, values)},
        "acceptable": all(p.accepts(v) for p, v in zip(sheet.parties, values)),
    }


def score_data(scored: PackageScore) -> dict[str, Any]:
    return {
        "options": scored.options,
        "joint": number(scored.joint),
        "acceptable": scored.acceptable,
        "parties": {
            p.party: {
                "points": number(p.points),
                "best": number(p.best),
                "share_of_best": number(p.share_of_best),
                "surplus": number(p.surplus),
                "acceptable": p.acceptable,
            }
            for p in scored.parties
        },
    }


def point_data(sheet: Sheet, point: FrontierPoint) -> dict[str, Any]:
    return {
        "scores": {name: number(v) for name, v in zip(sheet.party_names, point.scores)},
        "joint": number(point.joint),
        "acceptable": point.acceptable,
        "package_count": point.package_count,
        "packages": [sheet.labels(p) for p in point.packages],
    }


def frontier_data(front: Frontier) -> dict[str, Any]:
    sheet = front.sheet
    return {
        "title": sheet.title,
        "parties": list(sheet.party_names),
        "issues": list(sheet.issue_names),
        "package_space": sheet.package_count,
        "frontier_points": len(front.points),
        "efficient_packages": front.package_count,
        "packages_per_point_limit": front.package_limit,
        "points": [point_data(sheet, point) for point in front.points],
        "packages": [package_data(sheet, p) for point in front.points for p in point.packages],
    }


def reference_data(sheet: Sheet, ref: ReferencePoints) -> dict[str, Any]:
    def maybe(point: FrontierPoint | None) -> dict[str, Any] | None:
        return None if point is None else point_data(sheet, point)

    return {
        "disagreement": {name: number(v) for name, v in zip(sheet.party_names, ref.disagreement)},
        "joint_maximum": maybe(ref.joint_maximum),
        "nash": maybe(ref.nash),
        "kalai_smorodinsky": maybe(ref.kalai_smorodinsky),
        "ideals": {name: maybe(point) for name, point in zip(sheet.party_names, ref.ideals)},
    }


def proposal_data(sheet: Sheet, proposal: Proposal) -> dict[str, Any]:
    return {
        **score_data(proposal.score),
        "gains": {name: number(g) for name, g in zip(sheet.party_names, proposal.gains)},
        "joint_gain": number(proposal.joint_gain),
        "changed_issues": list(proposal.changed_issues),
        "efficient": proposal.efficient,
    }


def efficiency_data(sheet: Sheet, report: EfficiencyReport) -> dict[str, Any]:
    return {
        "package": score_data(report.score),
        "efficient": report.efficient,
        "left_on_table": number(report.left_on_table),
        "joint_gap": number(report.joint_gap),
        "search_complete": report.search_complete,
        "proposals": [proposal_data(sheet, p) for p in report.proposals],
    }


def meso_data(result: Meso) -> dict[str, Any]:
    return {
        "party": result.party,
        "target": number(result.target),
        "tolerance": number(result.tolerance),
        "min_issues_apart": result.min_issues_apart,
        "candidates": result.candidates,
        "offers": [{**score_data(o.score), "value": number(o.value)} for o in result.offers],
    }


def trades_data(report: TradeReport) -> dict[str, Any]:
    first, second = report.parties
    return {
        "parties": [first, second],
        "issues": [
            {
                "issue": t.issue,
                "kind": t.kind.value,
                "stakes": {first: number(t.stakes[0]), second: number(t.stakes[1])},
                "priority": {first: t.priority[0], second: t.priority[1]},
                "favourites": {first: t.favourites[0], second: t.favourites[1]},
                "concession": {"loss": number(t.concession[0]), "gain": number(t.concession[1])},
                "trade_ratio": number(t.trade_ratio),
            }
            for t in report.issues
        ],
        "logrolls": [
            {
                "concedes": {first: r.first_concedes, second: r.second_concedes},
                "gains": {first: number(r.gains[0]), second: number(r.gains[1])},
            }
            for r in report.logrolls
        ],
    }


def outcome_data(sheet: Sheet, report: OutcomeReport) -> dict[str, Any]:
    package = report.outcome.package
    return {
        "group": report.outcome.group,
        "deal": package is not None,
        "options": None if package is None else sheet.labels(package),
        "scores": None
        if report.scores is None
        else {name: number(v) for name, v in zip(sheet.party_names, report.scores)},
        "joint": number(report.joint),
        "efficient": report.efficient,
        "left_on_table": number(report.left_on_table),
        "below_reservation": list(report.below_reservation),
        "lost_compatible": list(report.lost_compatible),
    }


def summary_data(summary: ClassSummary) -> dict[str, Any]:
    return {
        "outcomes": summary.outcomes,
        "deals": summary.deals,
        "impasses": summary.impasses,
        "efficient_deals": summary.efficient_deals,
        "efficient_share": None if not summary.deals else summary.efficient_deals / summary.deals,
        "mean_joint": number(summary.mean_joint),
        "joint_maximum": number(summary.joint_maximum),
        "mean_left_on_table": number(summary.mean_left_on_table),
        "below_reservation": summary.below_reservation,
        "lose_lose": summary.lose_lose,
    }


def estimated(value: float) -> float:
    """A sampled estimate, to the hundredth (more digits would claim false precision)."""
    return round(value, 2) + 0.0


def spread_data(spread: Spread) -> dict[str, Any]:
    return {"mean": estimated(spread.mean), "low": estimated(spread.low), "high": estimated(spread.high)}


def statement_data(statement: Statement) -> dict[str, Any]:
    return {"path": statement.path, "kind": statement.kind, "text": statement.text}


def consistency_data(model: CounterpartModel, check: Consistency) -> dict[str, Any]:
    contradiction = check.contradiction
    issues = model.sheet.issue_names
    return {
        "consistent": check.consistent,
        "statements": [statement_data(s) for s in model.statements],
        "dropped": [statement_data(s) for s in model.dropped],
        "contradiction": None
        if contradiction is None
        else {
            "conflict": [statement_data(s) for s in contradiction.conflict],
            "drop": [[statement_data(s) for s in option] for option in contradiction.drop],
            "smallest": contradiction.smallest,
        },
        "weights": None
        if check.weights is None
        else {
            name: {"low": number(low), "high": number(high)}
            for name, (low, high) in zip(issues, check.weights)
        },
        "reservation": None
        if check.reservation is None
        else {"low": number(check.reservation[0]), "high": number(check.reservation[1])},
    }


def outlook_data(model: CounterpartModel, outlook: Outlook) -> dict[str, Any]:
    return {
        "options": model.sheet.labels(outlook.package),
        "scores": {party.name: number(v) for party, v in zip(model.known, outlook.known)},
        "counterpart": spread_data(outlook.counterpart),
        "joint": estimated(outlook.joint),
        "efficient": round(outlook.efficient, 3),
        "accepted": round(outlook.accepted, 3),
    }


def estimate_data(result: Estimate) -> dict[str, Any]:
    model = result.model
    sheet = model.sheet
    return {
        "user": sheet.party_names[model.user],
        "counterpart": model.counterpart,
        "consistency": consistency_data(model, result.consistency),
        "samples": len(result.samples),
        "frontier_samples": result.frontier_samples,
        "target": number(result.target),
        "points": {
            issue.name: {option: spread_data(s) for option, s in zip(issue.options, row)}
            for issue, row in zip(sheet.issues, result.points)
        },
        "stakes": {name: spread_data(s) for name, s in zip(sheet.issue_names, result.stakes)},
        "reservation": None if result.reservation is None else spread_data(result.reservation),
        "likely": [outlook_data(model, o) for o in result.likely],
        "proposals": [outlook_data(model, o) for o in result.proposals],
    }


def meso_plan_data(sheet: Sheet, plan: MesoPlan) -> dict[str, Any]:
    return {
        "target": number(plan.target),
        "tolerance": number(plan.tolerance),
        "entropy": round(plan.entropy, 3),
        "best_entropy": round(plan.best_entropy, 3),
        "candidates": plan.candidates,
        "offers": [
            {
                "options": sheet.labels(offer),
                "value": number(value),
                "expected": estimated(expected),
                "predicted": round(predicted, 3),
            }
            for offer, value, expected, predicted in zip(
                plan.offers, plan.values, plan.expected, plan.predicted
            )
        ],
    }


def contingent_term_data(sheet: Sheet, term: ContingentTerm) -> dict[str, Any]:
    names = sheet.party_names
    return {
        "if_event": term.if_event,
        "otherwise": term.otherwise,
        "label": term.label,
        "expected": {name: number(v) for name, v in zip(names, term.expected)},
        "gains": {name: number(v) for name, v in zip(names, term.gains)},
        "joint_gain": number(term.joint_gain),
        "betting_gain": number(term.betting_gain),
    }


def contingent_data(sheet: Sheet, report: ContingentReport) -> dict[str, Any]:
    names = sheet.party_names
    return {
        "issue": report.issue,
        "event": report.event,
        "probabilities": {name: number(p) for name, p in zip(names, report.probabilities)},
        "fixed": report.fixed,
        "fixed_points": {name: number(v) for name, v in zip(names, report.fixed_points)},
        "best": None if report.best is None else contingent_term_data(sheet, report.best),
        "terms": [contingent_term_data(sheet, t) for t in report.terms],
    }
