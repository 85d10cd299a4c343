"""The ``scoresheet`` command line: the only module that reads files and prints.

Every subcommand prints a readable table, or JSON with ``--json``. Bad input exits
with status 2 and one line per problem, naming the file and the field.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import plain
from .efficiency import efficiency
from .errors import SheetError
from .exact import display_number, parse_number
from .frontier import DEFAULT_PACKAGE_LIMIT, frontier
from .genius import import_genius_files
from .meso import DEFAULT_OFFERS, meso
from .model import Package, Sheet
from .reference import reference_points
from .scoring import compare
from .sheet_format import dumps_sheet, loads_sheet, parse_json
from .trades import trades

EXIT_BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        output = args.run(args)
    except SheetError as error:
        for line in str(error).splitlines():
            print(f"scoresheet: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"scoresheet: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(output, str):
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
    else:
        sys.stdout.write(json.dumps(output, indent=2, ensure_ascii=False) + "\n")
    return 0


# Reading input ----------------------------------------------------------------------


def read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def read_sheet(path: str) -> Sheet:
    source = "<stdin>" if path == "-" else path
    try:
        return loads_sheet(read_text(path), source)
    except UnicodeDecodeError:
        raise SheetError.single("", "not UTF-8 text", source) from None


def parse_package(sheet: Sheet, text: str) -> Package:
    """A package from ``'Issue=Option; Issue=Option'``, a JSON object, or ``@file.json``."""
    if text.startswith("@"):
        text = read_text(text[1:])
    stripped = text.strip()
    if stripped.startswith("{"):
        data = parse_json(stripped, "package")
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise SheetError.single("package", "must map each issue to an option label")
        return sheet.package(data)
    choice = {}
    for part in stripped.split(";"):
        if not part.strip():
            continue
        issue, sep, option = part.partition("=")
        if not sep:
            raise SheetError.single("package", f"expected Issue=Option, got {part.strip()!r}")
        choice[issue.strip()] = option.strip()
    return sheet.package(choice)


def parse_value(text: str, field: str) -> Fraction:
    try:
        return parse_number(text)
    except ValueError as error:
        raise SheetError.single(field, str(error)) from None


# Tables -----------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, Fraction):
        return display_number(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _percent(value: Fraction | None) -> str:
    return "" if value is None else f"{float(value) * 100:.0f}%"


# Subcommands ------------------------------------------------------------------------


def run_validate(args: argparse.Namespace) -> Any:
    sheet = read_sheet(args.sheet)
    if args.json:
        return {
            "valid": True,
            "parties": list(sheet.party_names),
            "issues": list(sheet.issue_names),
            "package_space": sheet.package_count,
        }
    return (
        f"{args.sheet}: valid: {len(sheet.parties)} parties, {len(sheet.issues)} issues, "
        f"{sheet.package_count} packages"
    )


def run_score(args: argparse.Namespace) -> Any:
    sheet = read_sheet(args.sheet)
    scored = compare(sheet, [parse_package(sheet, p) for p in args.packages])
    if args.json:
        return {"packages": [plain.score_data(s) for s in scored]}
    names = [f"package {i + 1}" for i in range(len(scored))]
    rows: list[list[object]] = [[issue, *(s.options[issue] for s in scored)] for issue in sheet.issue_names]
    for index, name in enumerate(sheet.party_names):
        rows.append([f"{name} points", *(s.parties[index].points for s in scored)])
        rows.append([f"{name} share of best", *(_percent(s.parties[index].share_of_best) for s in scored)])
        rows.append([f"{name} surplus", *(s.parties[index].surplus for s in scored)])
        rows.append([f"{name} accepts", *(s.parties[index].acceptable for s in scored)])
    rows.append(["joint points", *(s.joint for s in scored)])
    return table(["", *names], rows)


def run_frontier(args: argparse.Namespace) -> Any:
    sheet = read_sheet(args.sheet)
    front = frontier(sheet, args.limit)
    if args.json:
        return plain.frontier_data(front)
    rows = []
    for point in front.points:
        first = sheet.labels(point.packages[0])
        rows.append(
            [
                *point.scores,
                point.joint,
                point.acceptable,
                point.package_count,
                "; ".join(f"{k}={v}" for k, v in first.items()),
            ]
        )
    head = (
        f"{len(front.points)} efficient score points ({front.package_count} packages) "
        f"of {sheet.package_count} packages; {len(front.acceptable)} acceptable to all\n"
    )
    return head + table([*sheet.party_names, "joint", "all accept", "packages", "first package"], rows)


def run_reference(args: argparse.Namespace) -> Any:
    sheet = read_sheet(args.sheet)
    ref = reference_points(sheet)
    if args.json:
        return plain.reference_data(sheet, ref)
    named = [
        ("joint maximum", ref.joint_maximum),
        ("Nash", ref.nash),
        ("Kalai-Smorodinsky", ref.kalai_smorodinsky),
    ]
    named += [(f"ideal for {n}", p) for n, p in zip(sheet.party_names, ref.ideals)]
    if ref.joint_maximum is None:
        return "No package is acceptable to every party: there is no bargaining zone."
    rows = [
        [
            label,
            *point.scores,
            point.joint,
            "; ".join(f"{k}={v}" for k, v in sheet.labels(point.packages[0]).items()),
        ]
        for label, point in named
        if point is not None
    ]
    return table(["", *sheet.party_names, "joint", "package"], rows)


def run_efficiency(args: argparse.Namespace) -> Any:
    sheet = read_sheet(args.sheet)
    report = efficiency(sheet, parse_package(sheet, args.package), max_proposals=args.proposals)
    if args.json:
        return plain.efficiency_data(sheet, report)
    verdict = (
        "efficient"
        if report.efficient
        else (f"NOT efficient: {display_number(report.left_on_table)} joint points left on the table")
    )
    lines = [f"The package is {verdict}."]
    if report.joint_gap is not None:
        lines.append(
            f"Joint maximum of the bargaining zone is {display_number(report.joint_gap)} points higher."
        )
    if report.proposals:
        lines.append("Packages every party likes at least as much (fewest changes first):")
        rows = [
            [
                ", ".join(f"{i}={p.score.options[i]}" for i in p.changed_issues),
                *p.gains,
                p.joint_gain,
                p.efficient,
            ]
            for p in report.proposals
        ]
        lines.append(
            table(["changes", *(f"{n} gain" for n in sheet.party_names), "joint gain", "efficient"], rows)
        )
    return "\n".join(lines)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def run_meso(args: argparse.Namespace) -> Any:
    sheet = read_sheet(args.sheet)
    tolerance = None if args.tolerance is None else parse_value(args.tolerance, "tolerance")
    result = meso(sheet, args.party, parse_value(args.target, "target"), args.offers, tolerance, args.seed)
    if args.json:
        return plain.meso_data(result)
    rows: list[list[object]] = [
        [issue, *(o.score.options[issue] for o in result.offers)] for issue in sheet.issue_names
    ]
    for index, name in enumerate(sheet.party_names):
        rows.append([f"{name} points", *(o.score.parties[index].points for o in result.offers)])
    found = len(result.offers)
    head = (
        f"{_count(found, 'offer', 'offers')} worth {display_number(result.target)} "
        f"± {display_number(result.tolerance)} to {result.party}"
    )
    if found > 1:
        head += f", each differing in at least {_count(result.min_issues_apart, 'issue', 'issues')}"
    if found < args.offers:
        head += f" (asked for {args.offers}: only {found} found in that range)"
    head += "\n"
    return head + table(["", *(f"offer {i + 1}" for i in range(len(result.offers)))], rows)


def run_trades(args: argparse.Namespace) -> Any:
    sheet = read_sheet(args.sheet)
    first, second = args.parties or (None, None)
    report = trades(sheet, first, second)
    if args.json:
        return plain.trades_data(report)
    a, b = report.parties
    rows = [
        [
            t.issue,
            t.kind.value,
            *("–" if rank is None else rank for rank in t.priority),  # no rank: stake 0
            t.stakes[0],
            t.stakes[1],
            "free" if t.trade_ratio is None else t.trade_ratio,
        ]
        for t in report.issues
    ]
    out = table(
        ["issue", "kind", f"{a} rank", f"{b} rank", f"{a} stake", f"{b} stake", f"{b} gain per {a} point"],
        rows,
    )
    if report.logrolls:
        out += "\n\nSuggested logrolls:\n" + table(
            [f"{a} concedes", f"{b} concedes", f"{a} net", f"{b} net"],
            [[r.first_concedes, r.second_concedes, *r.gains] for r in report.logrolls],
        )
    return out


def run_import_genius(args: argparse.Namespace) -> Any:
    names = [n.strip() for n in args.names.split(",")] if args.names else None
    sheet = import_genius_files(args.domain, args.profiles, names)
    return dumps_sheet(sheet)


# Parser -----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scoresheet", description="Score, compare and improve multi-issue negotiation packages."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    package_help = "a package: 'Issue=Option; Issue=Option', a JSON object, or @file.json"

    def command(name: str, run: Callable[[argparse.Namespace], Any], summary: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary)
        sub.set_defaults(run=run)
        if name != "import-genius":
            sub.add_argument("sheet", metavar="SHEET", help="score sheet JSON file, or - for standard input")
            sub.add_argument("--json", action="store_true", help="print machine-readable JSON")
        return sub

    command("validate", run_validate, "check a sheet and report every problem")
    for name in ("score", "compare"):
        sub = command(name, run_score, "score packages for every party, side by side")
        sub.add_argument("packages", nargs="+", metavar="PACKAGE", help=package_help)
    sub = command("frontier", run_frontier, "list every Pareto-efficient package")
    sub.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_PACKAGE_LIMIT,
        help="packages listed per score point when many tie (default %(default)s)",
    )
    command("reference", run_reference, "joint maximum, Nash, Kalai-Smorodinsky and ideal packages")
    sub = command("efficiency", run_efficiency, "check an agreement and propose packages no party likes less")
    sub.add_argument("package", metavar="PACKAGE", help=package_help)
    sub.add_argument("--proposals", type=int, default=10, help="how many proposals (default %(default)s)")
    sub = command("meso", run_meso, "multiple equivalent offers for one party")
    sub.add_argument("--party", required=True, help="the party making the offers")
    sub.add_argument("--target", required=True, help="what every offer should be worth to that party")
    sub.add_argument(
        "--offers", type=int, default=DEFAULT_OFFERS, help="how many offers (default %(default)s)"
    )
    sub.add_argument(
        "--tolerance", help="allowed distance from the target (default 1%% of the party's range)"
    )
    sub.add_argument("--seed", type=int, default=0, help="random seed for the sampling (default 0)")
    sub = command("trades", run_trades, "issue kinds, priorities, trade ratios and logrolls for two parties")
    sub.add_argument(
        "--parties", nargs=2, metavar=("FIRST", "SECOND"), help="the two parties (default: first two)"
    )
    sub = command("import-genius", run_import_genius, "convert a GENIUS/ANAC domain to a score sheet (JSON)")
    sub.add_argument("domain", metavar="DOMAIN.xml")
    sub.add_argument("profiles", nargs="+", metavar="PROFILE.xml", help="one utility profile per party")
    sub.add_argument("--names", help="party names, comma-separated (default: from the files)")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
