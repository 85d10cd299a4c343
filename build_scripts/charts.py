"""Static SVG charts at build time: Vega-Lite specs rendered by Vega under Node."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

RENDERER = Path(__file__).with_name("render_charts.mjs")


class ChartError(RuntimeError):
    pass


def render_svgs(specs: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Name -> SVG text for every spec, in one Node process (starting Node is the slow part)."""
    if not specs:
        return {}
    try:
        done = subprocess.run(
            ["node", str(RENDERER)],
            input=json.dumps(specs),
            capture_output=True,
            text=True,
            check=False,
            cwd=RENDERER.parents[1],  # resolves vega from the project's node_modules
        )
    except FileNotFoundError:
        raise ChartError("Node.js is needed to draw the charts: install it, then run `make setup`") from None
    if done.returncode != 0:
        raise ChartError(f"drawing the charts failed: {done.stderr.strip()[-2000:]}")
    svgs: dict[str, str] = json.loads(done.stdout)
    return svgs
