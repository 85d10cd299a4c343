"""Visits timed in a Chromium that Playwright does not drive, as a reader's browser is.

Playwright drives Chromium through the DevTools protocol: it attaches to every page and
worker and follows their network traffic, and it launches Chromium with flags of its
own. A reader's browser has neither, and on this machine Playwright's driving made the
calculator's load 0.5-0.6 s slower cold and 0.2-0.3 s slower warm (2026-11-30; which of
the two costs what is not measured). So ``bench_browser.py`` also launches Chromium
itself, once per page and run with a fresh profile and only the flags this machine needs,
on a blank page that then opens the page to time (a first visit to the site in a browser
already running), and 4 s after that visit is ready, the same page again (the warm
visit). The page reports its own figures: the benchmark's server puts the probe, and
this module's reporter after it, in front of the page's head when its address asks for it
(``?probe=cold`` or ``?probe=warm``), and the reporter posts them back (``POST
/__report``). Apart from that script and the query, the page is the same.
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

# Chromium is killed with its process group when a visit ends, and on SIGTERM; should the
# benchmark itself be killed outright, util-linux's setpriv has the kernel kill the
# browser too (PR_SET_PDEATHSIG). The visits run on the main thread, whose end is the
# signal's trigger.
_SETPRIV = shutil.which("setpriv")
_DIE_WITH_US = [_SETPRIV, "--pdeathsig", "KILL"] if _SETPRIV else []

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
      try {
        await fetch(REPORT_PATH, { method: "POST", body: JSON.stringify({ kind, bench, timings }) });
      } catch {} // the benchmark counts the visit as missing, and goes on
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
    """The page with the probe as the first thing in its head, before the page's Content
    Security Policy (which would allow it anyway: a script of the site's own origin)."""
    return html.replace("<head>", f'<head><script src="{PROBE_PATH}"></script>', 1)


def visit_pair(
    chromium: str, args: list[str], url: str, reports: queue.Queue[Any], timeout_s: float
) -> dict[str, Any]:
    """One cold and one warm visit of ``url`` in a fresh profile: the raw reports by kind
    (a visit that did not report within ``timeout_s`` is missing, and said so)."""
    while not reports.empty():  # a late report of an earlier pair
        reports.get_nowait()
    target = url + ("&" if "?" in url else "?") + "probe=cold"
    start = (
        f"<title>start</title><script>setTimeout(() => location.assign({json.dumps(target)}), "
        f"{START_DELAY_MS})</script>"
    )
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-undriven-", ignore_cleanup_errors=True) as profile:
        browser = subprocess.Popen(
            [
                *_DIE_WITH_US,
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
        try:
            while len(found) < 2:
                report = reports.get(timeout=timeout_s)
                found[report["kind"]] = report
        except queue.Empty:
            print(f"  no report from {url} within {timeout_s:.0f} s (got {sorted(found) or 'none'})")
        finally:
            os.killpg(browser.pid, signal.SIGKILL)
            browser.wait()
    return found
