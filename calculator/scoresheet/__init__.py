"""Weighted score sheets for multi-issue negotiation.

Sheets in, results out: no files, no network, no printing (the CLI in ``cli.py`` is
the one exception). Every number is exact (``fractions.Fraction``).

The public API, in the order a negotiator uses it:

- :func:`loads_sheet` / :func:`sheet_from_dict` read and validate a sheet;
  :func:`dumps_sheet` / :func:`sheet_to_dict` write one. :class:`SheetError` is the
  one error type; it lists every :class:`Problem` with its field path.
- :func:`score` and :func:`compare` score packages for every party.
- :func:`frontier` finds every Pareto-efficient package, exactly.
- :func:`reference_points`: joint maximum, Nash, Kalai-Smorodinsky, ideals.
- :func:`efficiency` checks an agreement and proposes improvements for all.
- :func:`meso` builds multiple equivalent simultaneous offers.
- :func:`trades` classifies issues and suggests logrolls.
- :func:`import_genius` reads GENIUS/ANAC negotiation domains.
- :func:`counterpart_model` turns beliefs about a hidden counterpart sheet and evidence
  (MESO choices, stated priorities, accepted or rejected packages) into a set of
  consistent sheets; :func:`consistency` checks it exactly and names what to drop when
  statements contradict each other; :func:`estimate_counterpart` samples it (likely
  frontier, proposals) and :func:`next_meso` plans the most informative MESO.
- :func:`contingent_terms` finds contingent terms every party prefers to a fixed option.
"""

from .contingent import ContingentReport, ContingentTerm, contingent_terms, with_contingent
from .counterpart import (
    Beliefs,
    Consistency,
    Contradiction,
    CounterpartModel,
    Evidence,
    IssueBelief,
    MattersMore,
    Preferred,
    Range,
    Response,
    SampledCounterpart,
    Statement,
    consistency,
    counterpart_model,
    sample_counterparts,
)
from .counterpart_estimate import (
    Estimate,
    MesoPlan,
    Outlook,
    Spread,
    estimate_counterpart,
    likely_frontier_chart,
    next_meso,
)
from .counterpart_format import beliefs_from_dict, evidence_from_list
from .efficiency import EfficiencyReport, Proposal, efficiency
from .errors import Problem, SheetError
from .exact import display_number, format_number, parse_number
from .frontier import Frontier, FrontierPoint, frontier
from .genius import import_genius, import_genius_files
from .meso import Meso, MesoOffer, meso
from .model import Issue, Package, Party, Sheet
from .reference import ReferencePoints, midpoint_compromise, reference_points
from .scoring import PackageScore, PartyScore, compare, score
from .sheet_format import FORMAT_VERSION, dumps_sheet, loads_sheet, sheet_from_dict, sheet_to_dict
from .trades import IssueKind, IssueTrade, Logroll, TradeReport, trades

__all__ = [
    "FORMAT_VERSION",
    "Beliefs",
    "Consistency",
    "ContingentReport",
    "ContingentTerm",
    "Contradiction",
    "CounterpartModel",
    "EfficiencyReport",
    "Estimate",
    "Evidence",
    "Frontier",
    "FrontierPoint",
    "Issue",
    "IssueBelief",
    "IssueKind",
    "IssueTrade",
    "Logroll",
    "MattersMore",
    "Meso",
    "MesoOffer",
    "MesoPlan",
    "Outlook",
    "Package",
    "PackageScore",
    "Party",
    "PartyScore",
    "Preferred",
    "Problem",
    "Proposal",
    "Range",
    "ReferencePoints",
    "Response",
    "SampledCounterpart",
    "Sheet",
    "SheetError",
    "Spread",
    "Statement",
    "TradeReport",
    "beliefs_from_dict",
    "compare",
    "consistency",
    "contingent_terms",
    "counterpart_model",
    "display_number",
    "dumps_sheet",
    "efficiency",
    "estimate_counterpart",
    "evidence_from_list",
    "format_number",
    "frontier",
    "import_genius",
    "import_genius_files",
    "likely_frontier_chart",
    "loads_sheet",
    "meso",
    "midpoint_compromise",
    "next_meso",
    "parse_number",
    "reference_points",
    "sample_counterparts",
    "score",
    "sheet_from_dict",
    "sheet_to_dict",
    "trades",
    "with_contingent",
]
