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
"""

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
    "EfficiencyReport",
    "Frontier",
    "FrontierPoint",
    "Issue",
    "IssueKind",
    "IssueTrade",
    "Logroll",
    "Meso",
    "MesoOffer",
    "Package",
    "PackageScore",
    "Party",
    "PartyScore",
    "Problem",
    "Proposal",
    "ReferencePoints",
    "Sheet",
    "SheetError",
    "TradeReport",
    "compare",
    "display_number",
    "dumps_sheet",
    "efficiency",
    "format_number",
    "frontier",
    "import_genius",
    "import_genius_files",
    "loads_sheet",
    "meso",
    "midpoint_compromise",
    "parse_number",
    "reference_points",
    "score",
    "sheet_from_dict",
    "sheet_to_dict",
    "trades",
]
