"""Charts at build time, under Node: static SVGs (Vega-Lite specs rendered by Vega), and
the pages' first interactive charts compiled to Vega ahead of the browser
(:class:`ChartCompiler`).

Drawing costs tens of milliseconds a chart, so it is kept off the build's critical
path: SVGs are cached by the hash of their spec (a rebuild after editing one case
redraws only that case's charts), and the missing ones are drawn by one Node process
per core *while* MkDocs renders the pages; the build collects them before it copies
files into the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

RENDERER = Path(__file__).with_name("render_charts.mjs")
COMPILER = Path(__file__).with_name("compile_charts.mjs")
CACHE = RENDERER.parents[1] / ".cache" / "charts"


class ChartError(RuntimeError):
    pass


class ChartDrawing:
    """Charts being drawn in the background; ``files`` says where each SVG will be."""

    def __init__(self, specs: dict[str, dict[str, Any]]) -> None:
        keys = {
            name: hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
            for name, spec in specs.items()
        }
        self.files: dict[str, Path] = {name: CACHE / f"{key}.svg" for name, key in keys.items()}
        """Site path -> cached SVG file (complete once :meth:`wait` returns)."""
        missing: dict[Path, dict[str, Any]] = {}
        for name, spec in specs.items():
            missing.setdefault(self.files[name], spec)  # one drawing per distinct spec
        missing = {path: spec for path, spec in missing.items() if not path.is_file()}
        self._batches = _split(missing)
        self._processes = [_start_node() for _ in self._batches]
        for process, batch in zip(self._processes, self._batches, strict=True):
            assert process.stdin is not None
            # Node reads all of its input before it draws, so this does not block for long.
            # If it stopped at once (no node_modules), wait() reports its exit and stderr.
            with contextlib.suppress(BrokenPipeError):
                process.stdin.write(json.dumps({path.name: spec for path, spec in batch.items()}))
                process.stdin.close()
            process.stdin = None  # so that communicate() later only reads

    def wait(self) -> None:
        """Collect the drawings into the cache; ChartError if Node failed."""
        CACHE.mkdir(parents=True, exist_ok=True)
        for process in self._processes:
            out, err = process.communicate()
            if process.returncode != 0:
                raise ChartError(f"drawing the charts failed: {_node_said(err)}")
            for file_name, svg in json.loads(out).items():
                (CACHE / file_name).write_text(svg, encoding="utf-8")
        self._processes = []


def render_svgs(specs: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Name -> SVG text for every spec, drawn (or taken from the cache) now."""
    drawing = ChartDrawing(specs)
    drawing.wait()
    return {name: path.read_text(encoding="utf-8") for name, path in drawing.files.items()}


def _split(specs: dict[Path, dict[str, Any]]) -> list[dict[Path, dict[str, Any]]]:
    if not specs:
        return []
    paths = sorted(specs)
    workers = max(1, min(os.cpu_count() or 1, len(paths) // 20 + 1))
    return [{path: specs[path] for path in paths[i::workers]} for i in range(workers)]


class ChartCompiler:
    """One Node process (started on first use) that compiles Vega-Lite specs to Vega the
    way the browser would for the page's first chart (compile_charts.mjs), one spec at a
    time: pages are finished one by one, and a process per page would cost Node's start
    and Vega-Lite's import (~0.3 s) each time."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None

    def compile(self, spec: dict[str, Any]) -> dict[str, Any] | None:
        """The Vega spec for ``spec`` (placeholder theme, source data left out), or None
        where the page should compile it itself (chart-theme.mjs, precompile); ChartError
        if Vega-Lite rejects it or warns, or Node fails."""
        if self._process is None:
            self._process = _start_node(COMPILER)
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(json.dumps(spec, allow_nan=False) + "\n")
            process.stdin.flush()
            line = process.stdout.readline()
        except (BrokenPipeError, ValueError):
            line = ""
        if not line:
            self.close()  # raises with Node's exit status and last words
            raise ChartError("compiling a chart failed: Node stopped")
        answer = json.loads(line)
        if "error" in answer:
            raise ChartError(f"compiling a chart failed: {answer['error']}")
        vega: dict[str, Any] | None = answer["vega"]
        return vega

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        _, err = process.communicate()  # closes stdin: Node finishes and exits
        if process.returncode != 0:
            stopped = f"Node stopped (exit status {process.returncode})"
            raise ChartError(f"compiling the charts failed: {stopped}: {_node_said(err)}")


def _node_said(err: str) -> str:
    """Node's last words, and what to do when the chart libraries are not installed."""
    said = err.strip()[-2000:] or "nothing on stderr"
    if "ERR_MODULE_NOT_FOUND" in err or "Cannot find package" in err:
        said += "\nThe chart libraries are not installed: run `make site` (or `npm ci`) first."
    return said


def _start_node(script: Path = RENDERER) -> subprocess.Popen[str]:
    try:
        return subprocess.Popen(
            ["node", str(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=script.parents[1],  # resolves vega from the project's node_modules
        )
    except FileNotFoundError:
        raise ChartError("Node.js is needed to draw the charts: install it, then run `make setup`") from None
