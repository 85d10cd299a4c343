"""Check case files without building the site: ``python -m build_scripts.check_cases [FILE ...]``.

Prints every problem as ``file:line: field: message`` (the same messages the build
gives) and exits 2 when any case is broken, 0 when all are fine. When all are valid, it
then prints advice on their numbers, ``file: advice: ...``: the rules cases/README.md says to
aim for, which a case may break on purpose (build_scripts/case_advice.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_scripts.analysis import analyse
from build_scripts.case_advice import advice
from build_scripts.cases import CaseError, case_files, display_name, load_cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="check_cases", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="case files (default: every file in cases/)")
    args = parser.parse_args(argv)
    paths = args.files or case_files()
    try:
        cases = load_cases(paths)
    except CaseError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        broken = len({problem.file for problem in error.problems})
        print(f"{broken} of {len(paths)} case files have problems", file=sys.stderr)
        return 2
    notes = [(case.path, note) for case in cases for note in advice(analyse(case))]
    for path, note in notes:
        print(f"{display_name(path)}: advice: {note}")
    counted = f"; {len(notes)} {'note' if len(notes) == 1 else 'notes'} of advice above" if notes else ""
    print(f"all {len(cases)} case files are valid{counted}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
