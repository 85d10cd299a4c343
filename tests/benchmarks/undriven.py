"""Visits timed in a Chromium that no DevTools client drives, as a reader's browser is.

Playwright drives Chromium through the DevTools protocol: it attaches to every page and
worker, follows their network traffic and keeps what they download for its own events.
A reader's browser does none of that, and on this machine it costs the calculator's warm
visit about a third of a second (2026-11-30). So ``bench_browser.py`` also launches
Chromium itself, once per run with a fresh profile, on a blank page that then opens the
page to time (a first visit to the site in a browser already running), and 4 s after that
visit is ready, the same page again (the warm visit). The page reports its own figures:
the benchmark's server puts the probe, and this module's reporter after it, in front of
the page's head when its address asks for it (``?probe=cold`` or ``?probe=warm``), and
the reporter posts them back (``POST /__report``). Nothing else about the page changes.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import urllib.parse
from typing import Any

PROBE_PATH = "/__probe.js"
REPORT_PATH = "/__report"
START_DELAY_MS = 1500  # the blank first page's wait: the browser's own start settles

# After the probe: once the page says ready, post the figures, then (on the cold visit)
# open the page again BETWEEN_VISITS_MS after it was ready. The wait before posting lets
# the observers deliver the entries of tasks that ended just before ready.
REPORTER = """
(() => {
  const kind = new URLSearchParams(location.search).get("probe");
  const report = () => {
    const bench = window.__bench;
    if (bench.ready === null) return setTimeout(report, 20);
    setTimeout(async () => {
      const timings = globalThis[Symbol.for("scoresheet.calculator")]?.timings ?? null;
      await fetch(REPORT_PATH, { method: "POST", body: JSON.stringify({ kind, bench, timings }) });
      if (kind !== "cold") return;
      const url = new URL(location.href);
      url.searchParams.set("probe", "warm");
      const wait = Math.max(0, bench.ready + BETWEEN_VISITS_MS - performance.now());
      setTimeout(() => location.assign(url), wait);
    }, 250);
  };
  report();
})();
"""


def probe_script(probe: str, between_visits_ms: int) -> str:
    """The script served at PROBE_PATH: the benchmark's probe, then the reporter."""
    reporter = REPORTER.replace("REPORT_PATH", json.dumps(REPORT_PATH))
    return probe + reporter.replace("BETWEEN_VISITS_MS", str(between_visits_ms))


def with_probe(html: str) -> str:
    """The page with the probe as the first thing in its head (a script of the site's
    own origin, which the pages' Content Security Policy allows)."""
    return html.replace("<head>", f'<head><script src="{PROBE_PATH}"></script>', 1)


def visit_pair(
    chromium: str, args: list[str], url: str, reports: queue.Queue[Any], timeout_s: float
) -> dict[str, Any]:
    """One cold and one warm visit of ``url`` in a fresh profile: the raw reports by kind."""
    target = url + ("&" if "?" in url else "?") + "probe=cold"
    start = (
        f"<title>start</title><script>setTimeout(() => location.assign({json.dumps(target)}), "
        f"{START_DELAY_MS})</script>"
    )
    profile = tempfile.mkdtemp(prefix="bench-undriven-")
    browser = subprocess.Popen(
        [
            chromium,
            "--headless",
            *args,
            f"--user-data-dir={profile}",
            "--window-size=1280,720",
            "data:text/html," + urllib.parse.quote(start),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its renderers and helpers go with it
    )
    found: dict[str, Any] = {}
    try:
        while len(found) < 2:
            report = reports.get(timeout=timeout_s)
            found[report["kind"]] = report
    except queue.Empty:
        raise SystemExit(f"no report from {url} within {timeout_s:.0f} s (got {sorted(found)})") from None
    finally:
        os.killpg(browser.pid, signal.SIGKILL)
        browser.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return found
