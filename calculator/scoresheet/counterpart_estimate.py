"""What the consistent counterpart sheets tell you: likely frontier, proposals, next MESO.

Everything here works from a seeded sample of counterpart sheets drawn uniformly from
the consistent set (``counterpart.sample_counterparts``), so figures are estimates;
the same input and seed always give the same figures.

- Expected values are averages over the sample. A package's expected value to
  the counterpart is additive over issues, so the *expected sheet* (the average points
  of every option) gives it for any package without enumerating packages.
- The probability that a package is efficient is the share of sampled sheets on whose
  frontier it lies; each sampled sheet's frontier comes from ``frontier`` (divide and
  conquer, no enumeration), over ``frontier_samples`` of the samples.
- Proposals: the packages with the highest expected joint value that keep your points
  at or above a target. Expected joint value is additive too, so they are found on the
  frontier of the expected sheet: any package off it is matched or beaten there.
- The next MESO: packages worth the target to you (within a tolerance: the same
  candidates ``meso`` samples), chosen greedily so that the choice the sampled sheets
  predict is as uncertain as possible (greatest entropy): whichever offer the
  counterpart picks, a large part of the consistent set is ruled out.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .counterpart import Consistency, CounterpartModel, SampledCounterpart, consistency, sample_counterparts
from .errors import SheetError
from .exact import display_number
from .frontier import frontier
from .meso import _nothing_near, _reachable, _sample  # the MESO candidate sampler, shared
from .model import Package, Party, Sheet
from .scoring import best_value, worst_value
from .vega_text import ROUNDED, tooltip_title

DEFAULT_SAMPLES = 300
DEFAULT_FRONTIER_SAMPLES = 100
DEFAULT_PROPOSALS = 5
LIKELY_LIMIT = 200
"""At most this many likely-efficient packages are listed (the most probable)."""
PACKAGE_LIMIT = 50
"""Packages kept per frontier point of a sampled sheet (ties beyond are not counted)."""
MESO_CANDIDATES = 150
"""Candidate offers scored per MESO request (a seeded subset when more are found)."""
MESO_STARTS = 6
"""Greedy MESO searches, each from one of the candidates the counterpart likes best on average."""
TOLERANCE_SHARES = (Fraction(1, 100), Fraction(1, 50), Fraction(1, 20), Fraction(1, 10))
"""Default MESO tolerances, as shares of your range: the first that finds enough candidates."""
MESO_ENOUGH = 4
"""Candidates per offer that make a tolerance wide enough."""
QUANTILES = (0.1, 0.9)
"""The spread reported around expected values: 10th and 90th percentile of the sample."""


@dataclass(frozen=True, slots=True)
class Spread:
    """An estimate: the sample's mean and its 10th and 90th percentiles."""

    mean: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        ordered = sorted(values)
        return cls(
            sum(ordered) / len(ordered), _quantile(ordered, QUANTILES[0]), _quantile(ordered, QUANTILES[1])
        )


def _quantile(ordered: Sequence[float], share: float) -> float:
    position = share * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass(frozen=True, slots=True)
class Outlook:
    """One package seen through the sample of counterpart sheets."""

    package: Package
    known: tuple[Fraction, ...]
    """Points of every known party (yours included), in the order of ``model.known``."""
    counterpart: Spread
    """The counterpart's points."""
    efficient: float
    """Share of sampled sheets on whose frontier the package lies."""
    accepted: float
    """Share of sampled sheets whose reservation value the package reaches."""

    @property
    def joint(self) -> float:
        """Expected joint points: the known parties' plus the counterpart's expected points."""
        return float(sum(self.known, Fraction(0))) + self.counterpart.mean


@dataclass(frozen=True)
class Estimate:
    """The consistent set, summarised for the user."""

    model: CounterpartModel
    consistency: Consistency
    samples: tuple[SampledCounterpart, ...]
    """The sampled counterpart sheets (empty when the statements contradict each other)."""
    points: tuple[tuple[Spread, ...], ...]
    """Per issue and option, the counterpart's points."""
    stakes: tuple[Spread, ...]
    """Per issue, the counterpart's range of points (best option minus worst)."""
    reservation: Spread | None
    expected_sheet: Sheet | None
    """The known parties and the counterpart's expected points (hundredths of a point)."""
    likely: tuple[Outlook, ...]
    """Packages efficient in some sampled sheet, most points for you first."""
    proposals: tuple[Outlook, ...]
    """Highest expected joint value first, all at or above ``target`` for you."""
    target: Fraction | None
    frontier_samples: int
    efficient_counts: Mapping[Package, int] = field(default_factory=dict, repr=False, compare=False)
    """For every package on some sampled frontier, on how many."""

    def outlook(self, package: Package) -> Outlook:
        """Any package's outlook (its efficiency share over the frontier samples)."""
        found = self.efficient_counts.get(package, 0)
        return _outlook(self.model, self.samples, package, found, self.frontier_samples)


def estimate_counterpart(
    model: CounterpartModel,
    target: Fraction | None = None,
    samples: int = DEFAULT_SAMPLES,
    frontier_samples: int = DEFAULT_FRONTIER_SAMPLES,
    proposals: int = DEFAULT_PROPOSALS,
    seed: int = 0,
) -> Estimate:
    """Sample the consistent set and summarise it; ``target`` defaults to your reservation value."""
    found = consistency(model)
    user = model.sheet.parties[model.user]
    target = user.reservation if target is None else target
    if not found.consistent:
        return Estimate(model, found, (), (), (), None, None, (), (), target, 0)
    drawn = sample_counterparts(model, samples, seed)
    frontier_samples = min(frontier_samples, len(drawn))
    counts = _efficiency_counts(model, drawn, frontier_samples)
    likely = sorted(counts, key=lambda p: (-counts[p], p))[:LIKELY_LIMIT]
    outlooks = [_outlook(model, drawn, p, counts[p], frontier_samples) for p in likely]
    outlooks.sort(key=lambda o: (-model.sheet.parties[model.user].value(o.package), o.package))
    expected = expected_sheet(model, drawn)
    best = _proposals(model, expected, target, proposals)
    issues = model.sheet.issues
    return Estimate(
        model=model,
        consistency=found,
        samples=drawn,
        points=tuple(
            tuple(Spread.of([s.points[i][o] for s in drawn]) for o in range(len(issue.options)))
            for i, issue in enumerate(issues)
        ),
        stakes=tuple(
            Spread.of([max(s.points[i]) - min(s.points[i]) for s in drawn]) for i in range(len(issues))
        ),
        reservation=Spread.of([s.reservation for s in drawn]),
        expected_sheet=expected,
        likely=tuple(outlooks),
        proposals=tuple(_outlook(model, drawn, p, counts.get(p, 0), frontier_samples) for p in best),
        target=target,
        frontier_samples=frontier_samples,
        efficient_counts=counts,
    )


def _exact(value: float) -> Fraction:
    """A sampled number as an exact one, to the hundredth of a point."""
    return Fraction(round(value * 100), 100)


def _party(model: CounterpartModel, points: Sequence[Sequence[float]]) -> Party:
    return Party(model.counterpart, tuple(tuple(_exact(x) for x in row) for row in points))


def expected_sheet(model: CounterpartModel, drawn: Sequence[SampledCounterpart]) -> Sheet:
    """The known parties with the counterpart's average points over ``drawn``."""
    issues = model.sheet.issues
    mean = [
        [sum(s.points[i][o] for s in drawn) / len(drawn) for o in range(len(issue.options))]
        for i, issue in enumerate(issues)
    ]
    return model.sheet_with(_party(model, mean))


def _efficiency_counts(
    model: CounterpartModel, drawn: Sequence[SampledCounterpart], count: int
) -> dict[Package, int]:
    """On how many of ``count`` sampled sheets (spread over the sample) each package is efficient."""
    counts: dict[Package, int] = {}
    if count == 0:
        return counts
    for sampled in drawn[:: max(1, len(drawn) // count)][:count]:
        front = frontier(model.sheet_with(_party(model, sampled.points)), PACKAGE_LIMIT)
        for point in front.points:
            for package in point.packages:
                counts[package] = counts.get(package, 0) + 1
    return counts


def _outlook(
    model: CounterpartModel, drawn: Sequence[SampledCounterpart], package: Package, efficient: int, of: int
) -> Outlook:
    values = [s.value(package) for s in drawn]
    return Outlook(
        package=package,
        known=tuple(p.value(package) for p in model.known),
        counterpart=Spread.of(values),
        efficient=efficient / of if of else 0.0,
        accepted=sum(1 for v, s in zip(values, drawn) if v >= s.reservation) / len(drawn),
    )


def _proposals(
    model: CounterpartModel, expected: Sheet, target: Fraction | None, count: int
) -> list[Package]:
    """Expected-sheet frontier packages by expected joint value: yours >= target, others accept."""
    front = frontier(expected, PACKAGE_LIMIT)
    others = [i for i, p in enumerate(expected.parties) if p.name != model.counterpart and i != model.user]
    fitting = [
        point
        for point in front.points
        if (target is None or point.scores[model.user] >= target)
        and all(expected.parties[i].accepts(point.scores[i]) for i in others)
    ]
    fitting.sort(key=lambda point: (-point.joint, -point.scores[model.user]))
    return [point.packages[0] for point in fitting[:count]]


@dataclass(frozen=True, slots=True)
class MesoPlan:
    """Offers worth the same to you, chosen so the counterpart's pick teaches the most."""

    target: Fraction
    tolerance: Fraction
    offers: tuple[Package, ...]
    values: tuple[Fraction, ...]
    """Your points for each offer."""
    expected: tuple[float, ...]
    """The counterpart's expected points for each offer."""
    predicted: tuple[float, ...]
    """Share of sampled sheets that would pick each offer."""
    entropy: float
    """Uncertainty of the predicted pick, in bits (log2 of the number of offers at best)."""
    candidates: int
    """Packages within tolerance of the target that were considered."""

    @property
    def best_entropy(self) -> float:
        return math.log2(len(self.offers)) if self.offers else 0.0


def next_meso(
    model: CounterpartModel,
    target: Fraction | None = None,
    offers: int = 3,
    tolerance: Fraction | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> MesoPlan:
    """The next MESO: ``offers`` packages worth ``target`` (± ``tolerance``) to you.

    ``target`` defaults to your points in the first proposal (the best expected joint
    value at or above your reservation value), or in the next proposals when too few
    packages are worth that much; ``tolerance`` to the narrowest of 1%, 2%, 5% and 10%
    of your range that finds four candidates per offer (or the widest that finds two).
    SheetError when the statements contradict each other or no package is near the target.
    """
    if offers < 2:
        raise SheetError.single("offers", "a MESO needs at least two offers")
    if tolerance is not None and tolerance < 0:
        raise SheetError.single("tolerance", "must not be negative")
    drawn = sample_counterparts(model, samples, seed)
    if not drawn:
        raise SheetError.single("evidence", "the statements contradict each other: check them first")
    user = model.sheet.parties[model.user]
    targets = [target]
    if target is None:
        expected = expected_sheet(model, drawn)
        best = _proposals(model, expected, user.reservation, DEFAULT_PROPOSALS)
        best = best or _proposals(model, expected, None, DEFAULT_PROPOSALS)
        targets = list(dict.fromkeys(user.value(p) for p in best))
    failure = None
    for wanted in targets:
        assert wanted is not None
        try:
            return _plan(model, drawn, wanted, offers, tolerance, random.Random(seed))
        except SheetError as error:
            failure = failure or error
    assert failure is not None
    raise failure


def _plan(
    model: CounterpartModel,
    drawn: Sequence[SampledCounterpart],
    target: Fraction,
    offers: int,
    tolerance: Fraction | None,
    rng: random.Random,
) -> MesoPlan:
    sheet = model.sheet
    user = sheet.parties[model.user]
    if tolerance is None:
        # The narrowest of a few tolerances that leaves room to choose.
        spread = best_value(user) - worst_value(user)
        for share in TOLERANCE_SHARES:
            allowed = spread * share
            candidates = _near(sheet, model.user, target, allowed, rng)
            if len(candidates) >= MESO_ENOUGH * offers:
                break
    else:
        allowed = tolerance
        candidates = _near(sheet, model.user, target, allowed, rng)
    if len(candidates) < 2:
        scale = sheet.integer_scale
        exact = not any(isinstance(r, tuple) for r in _reachable(scale.points[model.user]))
        message = _nothing_near(sheet, model.user, target, allowed, exact)
        if candidates:
            message = (
                f"only one package is worth {display_number(target)} ± {display_number(allowed)} "
                "to you: widen the tolerance or change the target"
            )
        raise SheetError.single("target", message)
    considered = len(candidates)
    if considered > MESO_CANDIDATES:
        candidates = sorted(rng.sample(candidates, MESO_CANDIDATES))
    values = [[s.value(c) for s in drawn] for c in candidates]
    chosen = _most_informative(values, offers)
    predicted = _picks(values, chosen)
    return MesoPlan(
        target=target,
        tolerance=allowed,
        offers=tuple(candidates[c] for c in chosen),
        values=tuple(user.value(candidates[c]) for c in chosen),
        expected=tuple(sum(values[c]) / len(drawn) for c in chosen),
        predicted=tuple(n / len(drawn) for n in predicted),
        entropy=_entropy(predicted),
        candidates=considered,
    )


def _near(
    sheet: Sheet, party: int, target: Fraction, tolerance: Fraction, rng: random.Random
) -> list[Package]:
    """Packages worth ``target`` ± ``tolerance`` to ``party`` (sampled as ``meso`` does)."""
    scale = sheet.integer_scale
    points = scale.points[party]
    low = math.ceil((target - tolerance) * scale.denominator)
    high = math.floor((target + tolerance) * scale.denominator)
    return sorted(_sample(points, _reachable(points), low, high, rng))


def _entropy(counts: Sequence[int]) -> float:
    total = sum(counts)
    return -sum(n / total * math.log2(n / total) for n in counts if n) + 0.0


def _picks(values: Sequence[Sequence[float]], chosen: Sequence[int]) -> list[int]:
    """How many samples pick each chosen offer (the first of equals wins, as an honest chooser's would)."""
    counts = [0] * len(chosen)
    for s in range(len(values[0])):
        best = max(range(len(chosen)), key=lambda k: (values[chosen[k]][s], -k))
        counts[best] += 1
    return counts


def _most_informative(values: Sequence[Sequence[float]], count: int) -> list[int]:
    """Greedy: from each of a few starts, add the offer that most raises the entropy of the pick."""
    samples = len(values[0])
    appeal = [sum(row) for row in values]
    starts = sorted(range(len(values)), key=lambda c: (-appeal[c], c))[:MESO_STARTS]
    best_plan: tuple[float, float, list[int]] | None = None
    for start in starts:
        chosen = [start]
        pick = [0] * samples  # which chosen offer each sample picks (position in chosen)
        top = list(values[start])
        counts = [samples]
        while len(chosen) < min(count, len(values)):
            best: tuple[float, float, int] | None = None
            for c, row in enumerate(values):
                if c in chosen:
                    continue
                trial = list(counts)
                wins = 0
                for s in range(samples):
                    if row[s] > top[s]:
                        trial[pick[s]] -= 1
                        wins += 1
                key = (_entropy([*trial, wins]), appeal[c], -c)
                if best is None or key > best:
                    best = key
            assert best is not None
            c = -best[2]
            for s in range(samples):
                if values[c][s] > top[s]:
                    counts[pick[s]] -= 1
                    pick[s] = len(chosen)
                    top[s] = values[c][s]
            counts.append(sum(1 for p in pick if p == len(chosen)))
            chosen.append(c)
        plan = (_entropy(counts), sum(appeal[c] for c in chosen), chosen)
        if best_plan is None or plan[:2] > best_plan[:2]:
            best_plan = plan
    assert best_plan is not None
    return best_plan[2]


def _json_number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def likely_frontier_chart(result: Estimate, title: str = "") -> dict[str, Any]:
    """Vega-Lite spec: likely-efficient packages (your points against the counterpart's
    expected points, 10-90% bars, darker when more likely efficient), proposals marked."""
    model = result.model
    sheet = model.sheet
    user = sheet.party_names[model.user]
    position = [p.name for p in model.known].index(user)

    def row(outlook: Outlook, kind: str, label: str = "") -> dict[str, Any]:
        return {
            "x": _json_number(outlook.known[position]),
            "y": round(outlook.counterpart.mean, 2),
            "low": round(outlook.counterpart.low, 2),
            "high": round(outlook.counterpart.high, 2),
            "efficient": round(outlook.efficient, 3),
            "accepted": round(outlook.accepted, 3),
            "kind": kind,
            "label": label,
            "package": "; ".join(f"{k}: {v}" for k, v in sheet.labels(outlook.package).items()),
        }

    rows = [row(o, "likely") for o in result.likely]
    rows += [row(o, "proposal", f"Proposal {k + 1}") for k, o in enumerate(result.proposals)]
    x = {"field": "x", "type": "quantitative", "title": f"{user} points", "scale": {"zero": False}}
    y_title = f"{model.counterpart} points (expected)"
    y = {"field": "y", "type": "quantitative", "title": y_title, "scale": {"zero": False}}
    # Points rounded as the page's tables are; a "Marker" row on the proposals only.
    tooltip = [
        {"field": "x", "title": tooltip_title(f"{user} points"), "format": ROUNDED},
        {"field": "y", "title": tooltip_title(y_title), "format": ROUNDED},
        {"field": "low", "title": "10th percentile", "format": ROUNDED},
        {"field": "high", "title": "90th percentile", "format": ROUNDED},
        {"field": "efficient", "title": "Probability efficient", "format": ".0%"},
        {
            "field": "accepted",
            "title": tooltip_title(f"Probability {model.counterpart} accepts"),
            "format": ".0%",
        },
        {"field": "package", "title": "Package"},
    ]
    marked = [{"field": "label", "title": "Marker"}, *tooltip]
    # Screen-reader names made in the chart from the parties' names as signals (as chart.py
    # does): Vega-Lite's own put the axis titles into an expression unescaped.
    described = (
        f"userParty + ' points: ' + format(datum.x, '{ROUNDED}') + '; ' + otherParty"
        f" + ' points, expected: ' + format(datum.y, '{ROUNDED}') + '; Package: ' + datum.package"
    )
    likely = {"filter": "datum.kind == 'likely'"}
    proposal = {"filter": "datum.kind == 'proposal'"}
    named = {"calculate": described, "as": "description"}
    named_marker = {"calculate": f"'Marker: ' + datum.label + '; ' + {described}", "as": "description"}
    description = {"field": "description"}
    shade = {
        "field": "efficient",
        "type": "quantitative",
        "title": "Probability efficient",
        "scale": {"domain": [0, 1]},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": f"Likely frontier: {user} against {model.counterpart}, estimated",
        "title": title or f"Likely frontier: {user} and {model.counterpart} (estimated)",
        "width": 420,
        "height": 320,
        "params": [{"name": "userParty", "value": user}, {"name": "otherParty", "value": model.counterpart}],
        "data": {"values": rows},
        "layer": [
            {
                "transform": [likely],
                "mark": {"type": "rule", "color": "#8fb3e8", "aria": False},  # the circle names its range
                "encoding": {"x": x, "y": {**y, "field": "low"}, "y2": {"field": "high"}, "opacity": shade},
            },
            {
                "transform": [likely, named],
                "mark": {"type": "circle", "size": 40, "color": "#1f6feb"},
                "encoding": {
                    "x": x,
                    "y": y,
                    "opacity": shade,
                    "tooltip": tooltip,
                    "description": description,
                },
            },
            {
                "transform": [proposal, named_marker],
                "mark": {
                    "type": "point",
                    "shape": "diamond",
                    "size": 110,
                    "filled": True,
                    "color": "#d4380d",
                },
                "encoding": {"x": x, "y": y, "tooltip": marked, "description": description},
            },
            {
                "transform": [proposal],
                "mark": {"type": "text", "align": "left", "dx": 7, "dy": -7, "fontSize": 11, "aria": False},
                "encoding": {"x": x, "y": y, "text": {"field": "label"}},
            },
        ],
    }
