"""Mark the scripts that run at page load for eager compilation by V8.

V8 compiles a function lazily, on the main thread, the first time it is called. A script
whose first line is the magic comment ``//# allFunctionsCalledOnLoad`` (V8's explicit
compile hints, Chromium 136 and later; other browsers read a comment) is compiled whole
while it streams in, on a background thread. Material's bundle, and on a calculator page
the calculator's UI bundle, call most of their functions while the page starts, and Vega
and Vega-Lite most of theirs in a first chart and a first compile, so for them this
moves work off the main thread. Measured with tests/benchmarks/bench_browser.py (2 CPUs,
cold visits): Material's own start on a page without a calculator went from 111-157 ms
to 75-96 ms under Playwright (3 runs of 3-4 visits each way), and in a browser
Playwright does not drive, the calculator page's longest task from 72-97 ms to 60-77 ms
(medians of the same runs).

The comment is prepended after the build, and the script's source map, when there is
one, gets an empty first line so that it still points at the right code. Material's
bundle keeps its content-hashed name, which a server may cache for a year (README,
"Deploying"): the marked file is a fixed function of the one the name identifies, so
the name still identifies its content as long as HINT stays as it is.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HINT = "//# allFunctionsCalledOnLoad\n"

EAGER_SCRIPTS = (
    "assets/javascripts/bundle.*.min.js",  # Material's bundle: the theme's start
    "assets/calculator/app.bundle.mjs",  # the calculator's UI (browser_assets.py bundles it)
    "assets/vendor/vega.min.js",  # a calculator's first chart (chart.mjs)
    "assets/vendor/vega-lite.min.js",  # its first compile (chart.mjs's idle warm-up)
)
"""Site paths (globs) of the scripts compiled eagerly. A calculator draws its first chart
(built into the page) while Python loads; Vega's parse and dataflow on cold code were
tasks of 24-139 and 51-144 ms, and are 28-74 and 36-82 ms marked (10 cold visits each
way, under Playwright). Vega-Lite's compiler loads in an idle moment after the
calculator is ready, and its first compile was one task of 71-174 ms (median 114, 6
visits); marked, 57-80 ms (median 70)."""


class EagerCompileError(Exception):
    """A script to mark is missing or unreadable: the theme or the calculator's bundle changed."""


def mark_eager_scripts(site_dir: Path) -> None:
    for pattern in EAGER_SCRIPTS:
        # Every match: after a Material upgrade, `mkdocs build --dirty` leaves the old
        # bundle beside the new one.
        scripts = sorted(site_dir.glob(pattern))
        if not scripts:
            raise EagerCompileError(
                f"no script matches {pattern} in {site_dir}: "
                "update EAGER_SCRIPTS in build_scripts/eager_compile.py"
            )
        for script in scripts:
            try:
                mark_for_eager_compilation(script)
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise EagerCompileError(
                    f"{script}: cannot mark it for eager compilation: {error!r}"
                ) from None


def mark_for_eager_compilation(script: Path) -> None:
    """Prepend the hint, once (a rebuild may leave a marked file in place). Bytes in and
    out, so the rest of the file stays exactly as shipped; the source map is written
    first, so that a build stopped in between leaves the script unmarked, to be marked
    with its map again next time."""
    hint = HINT.encode()
    content = script.read_bytes()
    if content.startswith(hint):
        return
    source_map = script.with_name(script.name + ".map")
    if source_map.is_file():
        mapping = json.loads(source_map.read_bytes())
        # In a source map, each ";" in "mappings" starts the next generated line.
        mapping["mappings"] = ";" + mapping["mappings"]
        _replace(source_map, json.dumps(mapping).encode())
    _replace(script, hint + content)


def _replace(target: Path, content: bytes) -> None:
    staged = target.with_name(target.name + ".tmp")
    staged.write_bytes(content)
    os.replace(staged, target)
