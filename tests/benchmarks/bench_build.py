"""Site build benchmark: the real site, then a site of 1,000 generated cases.

Run: ``.venv/bin/python tests/benchmarks/bench_build.py [--cases N]``. Prints the wall time
of ``mkdocs build`` and the time per case; the target (issue 3) is under 60 s for 1,000
cases on the 2-core machine. Times no test.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_seconds(project: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        check=True,
        env=ENV,
    )
    return time.perf_counter() - start


def generated_case(number: int, rng: random.Random) -> dict[str, object]:
    """A valid case with 2-3 roles and 3-5 issues of 2-5 options, points from random weights."""
    issues = {
        f"Issue {i + 1}": [f"Option {o + 1}" for o in range(rng.randint(2, 5))]
        for i in range(rng.randint(3, 5))
    }
    roles = []
    for r in range(rng.choice((2, 2, 3))):
        # Whole points, the best package worth 100 (the case check's scale): weights summing
        # to 100, each issue's best option at its full weight.
        raw = [rng.randint(5, 40) for _ in issues]
        weights = [round(100 * w / sum(raw)) for w in raw]
        weights[weights.index(max(weights))] += 100 - sum(weights)
        points = {}
        for (issue, options), weight in zip(issues.items(), weights, strict=True):
            ratings = [*sorted(rng.random() for _ in options[1:]), 1.0]
            ratings = ratings if r % 2 == 0 else ratings[::-1]
            points[issue] = {o: round(weight * v) for o, v in zip(options, ratings, strict=True)}
        roles.append(
            {
                "slug": f"role-{r + 1}",
                "name": f"Role {r + 1}",
                "title": f"Role {r + 1} of generated case {number}",
                "instructions": "You represent this side. " * 40,
                "reservation_story": "Your alternative is a deal elsewhere.",
                "sheet": {"reservation": 0, "points": points},
            }
        )
    return {
        "slug": f"generated-{number:04d}",
        "title": f"Generated case {number}",
        "summary": "A generated case for the build benchmark.",
        "topics": [rng.choice(["retail", "employment", "technology", "investment"])],
        "concepts": ["score-sheet", "logrolling"],
        "guides": ["prepare-with-a-score-sheet"],
        "difficulty": rng.choice(["introductory", "intermediate", "advanced"]),
        "time": {"preparation": 20, "negotiation": rng.choice([30, 45, 90])},
        "background": "Two or more parties meet to agree on several issues. " * 40,
        "issues": issues,
        "roles": roles,
        "teaching_note": "Discuss which issues each side cared about most. " * 40,
        "debrief_questions": ["What did you learn about the other side's priorities?"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        real = build_seconds(ROOT, Path(tmp) / "real")
        real_cases = len(list((ROOT / "cases").glob("*.yaml")))
        print(f"real site: {real_cases} cases, {real:.1f} s")

        project = Path(tmp) / "project"
        # The real cases come along: the guides refer to them.
        for part in ("docs", "build_scripts", "cases"):
            shutil.copytree(ROOT / part, project / part)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        (project / "node_modules").symlink_to(ROOT / "node_modules")
        rng = random.Random(7)
        for number in range(args.cases):
            case = generated_case(number, rng)
            (project / "cases" / f"{case['slug']}.yaml").write_text(yaml.safe_dump(case, sort_keys=False))
        seconds = build_seconds(project, Path(tmp) / "generated")
        print(
            f"generated site: {args.cases} cases, {seconds:.1f} s,"
            f" {seconds / args.cases * 1000:.0f} ms per case"
        )


if __name__ == "__main__":
    main()
