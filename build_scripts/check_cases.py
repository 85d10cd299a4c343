"""Check case files without building the site: ``python -m build_scripts.check_cases [FILE ...]``.

Prints every problem as ``file:line: field: message`` (the same messages the build
gives) and exits 2 when any case is broken, 0 when all are fine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_scripts.cases import CaseError, case_files, load_cases


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
    print(f"all {len(cases)} case files are valid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
