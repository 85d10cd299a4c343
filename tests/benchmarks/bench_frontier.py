"""Frontier benchmark: package count, frontier size and time for growing sheets.

Run: ``make bench``: CPython with brute force beside it up to 10^6 packages, then the
same code inside Pyodide under Node from the calculator's wheel (``bench_pyodide.mjs``).
Targets (issue 2): 5^8 packages, two parties, under 0.1 s and at least 30x faster than
brute force; 8^12 packages, two parties, under 2 s. Then the README's "Limits": how long
4 to 6 parties with unrelated points take to compute or to be refused once the work
budget (``MAX_COMPARISONS``) is spent. Prints figures, times no test; it stops only if
the frontier ever differs from brute force.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
try:
    import scoresheet  # noqa: F401  (installed: the venv's, or the wheel inside Pyodide)
except ImportError:
    sys.path.insert(0, str(Path(__file__).parents[2] / "calculator"))

from generated import generated_sheet, unrelated_sheet

from scoresheet import SheetError, frontier
from scoresheet.frontier import MAX_COMPARISONS

SHAPES = [(5, 4), (5, 8), (6, 10), (8, 12), (10, 15)]
"""(options per issue, issues): 625 up to 10^15 packages."""
PARTIES = (2, 3)
BRUTE_LIMIT = 10**6
LIMIT_SHAPES = [(5, 8, 4), (5, 8, 5), (5, 8, 6), (6, 12, 6), (20, 20, 4), (20, 20, 6)]
"""(options per issue, issues, parties) with unrelated points: computed, or refused."""


def best_of(runs: int, work: object) -> float:
    assert callable(work)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-brute", action="store_true", help="skip brute-force timings")
    parser.add_argument("--runs", type=int, default=3, help="best of N runs (default 3)")
    args = parser.parse_args(argv)
    brute_frontier = None
    if not args.no_brute:
        sys.path.insert(0, str(Path(__file__).parents[1] / "calculator"))  # the tests' brute force
        from brute import brute_frontier

    runtime = f"{platform.python_implementation()} {platform.python_version()} on {sys.platform}"
    print(f"Frontier benchmark, {runtime}, best of {args.runs} runs")
    header = (
        f"{'shape':>7} {'parties':>7} {'packages':>25} {'points':>7} {'efficient':>10} {'frontier s':>11}"
    )
    print(header + f" {'brute s':>9} {'speed-up':>9}")
    for options, issues in SHAPES:
        for parties in PARTIES:
            sheet = generated_sheet(options, issues, parties)
            front = frontier(sheet)
            seconds = best_of(args.runs, lambda s=sheet: frontier(s))
            line = (
                f"{options:>5}^{issues:<2}{parties:>7} {sheet.package_count:>25,} {len(front.points):>7}"
                f" {front.package_count:>10,} {seconds:>11.4f}"
            )
            if brute_frontier is not None and sheet.package_count <= BRUTE_LIMIT:
                start = time.perf_counter()
                reference = brute_frontier(sheet)
                brute_seconds = time.perf_counter() - start
                assert set(reference) == {p.scores for p in front.points}, "frontier differs from brute force"
                line += f" {brute_seconds:>9.3f} {brute_seconds / seconds:>8.0f}x"
            print(line, flush=True)
    print(f"\nLimits: unrelated points, refused after {MAX_COMPARISONS:,} comparisons (one run each)")
    print(f"{'shape':>7} {'parties':>7} {'outcome':>24} {'seconds':>8}")
    for options, issues, parties in LIMIT_SHAPES:
        sheet = unrelated_sheet(options, issues, parties)
        start = time.perf_counter()
        try:
            outcome = f"{len(frontier(sheet).points):,} efficient points"
        except SheetError:
            outcome = "refused"
        seconds = time.perf_counter() - start
        print(f"{options:>5}^{issues:<2}{parties:>7} {outcome:>24} {seconds:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
