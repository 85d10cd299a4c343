"""Static SVG charts at build time: Vega-Lite specs rendered by Vega under Node.

Rendering costs tens of milliseconds a chart, so SVGs are cached by the hash of their
spec (a rebuild after editing one case redraws only that case's charts) and the rest
are drawn by one Node process per core.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

RENDERER = Path(__file__).with_name("render_charts.mjs")
CACHE = RENDERER.parents[1] / ".cache" / "charts"


class ChartError(RuntimeError):
    pass


def render_svgs(specs: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Name -> SVG text for every spec."""
    keys = {
        name: hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
        for name, spec in specs.items()
    }
    svgs = {}
    missing = {}
    for name, spec in specs.items():
        cached = CACHE / f"{keys[name]}.svg"
        if cached.is_file():
            svgs[name] = cached.read_text(encoding="utf-8")
        else:
            missing[name] = spec
    drawn = _draw(missing)
    CACHE.mkdir(parents=True, exist_ok=True)
    for name, svg in drawn.items():
        (CACHE / f"{keys[name]}.svg").write_text(svg, encoding="utf-8")
    return {**svgs, **drawn}


def _draw(specs: dict[str, dict[str, Any]]) -> dict[str, str]:
    if not specs:
        return {}
    names = sorted(specs)
    workers = max(1, min(os.cpu_count() or 1, len(names) // 20 + 1))
    batches = [names[i::workers] for i in range(workers)]
    try:
        processes = [
            subprocess.Popen(
                ["node", str(RENDERER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=RENDERER.parents[1],  # resolves vega from the project's node_modules
            )
            for _ in batches
        ]
    except FileNotFoundError:
        raise ChartError("Node.js is needed to draw the charts: install it, then run `make setup`") from None
    # Feed every process before reading any, so they all draw at once.
    inputs = [json.dumps({name: specs[name] for name in batch}) for batch in batches]
    results: dict[str, str] = {}
    outputs = []
    for process, text in zip(processes, inputs, strict=True):
        assert process.stdin is not None
        process.stdin.write(text)
        process.stdin.close()
    for process in processes:
        assert process.stdout is not None and process.stderr is not None
        outputs.append((process.stdout.read(), process.stderr.read(), process.wait()))
    for out, err, code in outputs:
        if code != 0:
            raise ChartError(f"drawing the charts failed: {err.strip()[-2000:]}")
        results.update(json.loads(out))
    return results
