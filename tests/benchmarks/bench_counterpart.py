"""Reading the other side, simulated: MESO rounds against every case's hidden sheets.

Run: ``.venv/bin/python tests/benchmarks/bench_counterpart.py [--rounds 3] [--offers 3]``.

For every case in ``cases/`` and every ordered pair of its parties (you, counterpart),
the counterpart's real sheet stays hidden: the model gets your sheet (and, with three
parties, the third party's), and beliefs about directions only: for each issue, the
option the hidden sheet rates best (an end option as "ascending" or "descending", an
option in between as the favourite). Then, each round:

1. the engine recommends a package: the highest expected joint value that keeps your
   points at or above your reservation value (``estimate(...).proposals[0]``);
2. it prints what that package leaves on the table: the true joint maximum (best total
   of every party's real points among packages all accept) minus the package's true
   joint points, as a share of the true joint maximum;
3. the engine plans the next MESO (``next_meso``) and the hidden sheet answers honestly:
   it picks the offer worth most to it (the first among equals).

When answers contradict the model (the hidden sheet need not fit its shapes), the
first suggested set of statements is dropped, as a user would, and counted. "all
accept" says whether the last recommendation clears every party's real reservation
value (the engine never sees the counterpart's).
Target (issue 7): after three rounds of three MESOs, on average within 5% of the true
joint maximum. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # build_scripts (cases)
try:
    import scoresheet  # noqa: F401  (installed: the venv's)
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "calculator"))

from build_scripts.cases import load_cases
from scoresheet import SheetError, reference_points
from scoresheet.counterpart import (
    Beliefs,
    Evidence,
    IssueBelief,
    Preferred,
    consistency,
    counterpart_model,
)
from scoresheet.counterpart_estimate import estimate_counterpart, next_meso
from scoresheet.meso import default_tolerance
from scoresheet.model import Package, Party, Sheet


def direction_beliefs(sheet: Sheet, hidden: Party) -> Beliefs:
    """Directions only: the hidden sheet's best option per issue, nothing about weights."""
    issues = {}
    for issue, row in zip(sheet.issues, hidden.points):
        favourite = max(range(len(row)), key=lambda o: (row[o], -o))
        if favourite == len(row) - 1:
            issues[issue.name] = IssueBelief("ascending")
        elif favourite == 0:
            issues[issue.name] = IssueBelief("descending")
        else:
            issues[issue.name] = IssueBelief(favourite=issue.options[favourite])
    return Beliefs(hidden.name, issues)


def joint(sheet: Sheet, package: Package) -> Fraction:
    return sum(sheet.values(package), Fraction(0))


def simulate(
    sheet: Sheet,
    user: str,
    hidden: Party,
    rounds: int,
    offers: int,
    tolerance: Fraction | None,
    seed: int = 0,
) -> tuple[list[float], bool, int, float]:
    """Gap (% of the true joint maximum) after each round, whether every party accepts the
    last recommendation (by its real sheet), statements dropped, seconds."""
    best = reference_points(sheet).joint_maximum
    assert best is not None
    beliefs = direction_beliefs(sheet, hidden)
    evidence: list[Evidence] = []
    dropped: list[str] = []
    gaps = []
    start = time.perf_counter()
    for round_ in range(rounds + 1):
        model = counterpart_model(sheet, user, beliefs, evidence, dropped)
        verdict = consistency(model, with_bounds=False)
        while verdict.contradiction is not None:
            dropped.extend(s.path for s in verdict.contradiction.drop[0])
            model = counterpart_model(sheet, user, beliefs, evidence, dropped)
            verdict = consistency(model, with_bounds=False)
        result = estimate_counterpart(model, seed=seed + round_)
        package = result.proposals[0].package
        gaps.append(float((best.joint - joint(sheet, package)) / best.joint * 100))
        if round_ == rounds:
            break
        plan = None
        allowed = tolerance
        while plan is None:
            try:
                plan = next_meso(model, offers=offers, tolerance=allowed, seed=seed + round_)
            except SheetError:  # too few packages near the target: widen, as a user would
                allowed = 2 * (allowed or default_tolerance(sheet, user))
        values = [hidden.value(p) for p in plan.offers]
        pick = values.index(max(values))
        evidence.append(Preferred(plan.offers, pick))
    accepted = all(p.accepts(v) for p, v in zip(sheet.parties, sheet.values(package)))
    return gaps, accepted, len(dropped), time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--offers", type=int, default=3)
    parser.add_argument("--tolerance", type=Fraction, default=None, help="MESO tolerance in your points")
    parser.add_argument("--seed", type=int, default=0, help="first seed (each round adds one)")
    args = parser.parse_args(argv)
    runtime = f"{platform.python_implementation()} {platform.python_version()}"
    print(
        f"Counterpart benchmark, {runtime}: {args.rounds} rounds of {args.offers} MESOs, direction-only start"
    )
    print("Value left on the table by the recommended package, % of the true joint maximum")
    header = f"{'case':<28} {'you -> hidden counterpart':<34}"
    header += "".join(f" {'round ' + str(r):>8}" for r in range(args.rounds + 1))
    print(header + f" {'all accept':>10} {'dropped':>8} {'seconds':>8}")
    totals = [0.0] * (args.rounds + 1)
    runs = accepting = 0
    started = time.perf_counter()
    for case in load_cases():
        sheet = case.sheet
        for user in sheet.parties:
            for hidden in sheet.parties:
                if hidden is user:
                    continue
                gaps, accepted, dropped, seconds = simulate(
                    sheet, user.name, hidden, args.rounds, args.offers, args.tolerance, args.seed
                )
                pair = f"{user.name} -> {hidden.name}"
                cells = "".join(f" {g:>7.1f}%" for g in gaps)
                yes = "yes" if accepted else "no"
                print(f"{case.slug:<28} {pair:<34}{cells} {yes:>10} {dropped:>8} {seconds:>8.2f}")
                totals = [t + g for t, g in zip(totals, gaps)]
                runs += 1
                accepting += accepted
    means = "".join(f" {t / runs:>7.1f}%" for t in totals)
    seconds = time.perf_counter() - started
    print(f"{'mean over ' + str(runs) + ' runs':<63}{means} {accepting:>6} of {runs} {'':>8} {seconds:>8.2f}")
    print(f"target: mean within 5% after round {args.rounds}")


if __name__ == "__main__":
    main()
