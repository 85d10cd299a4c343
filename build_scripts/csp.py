"""A Content Security Policy in every built page, as ``<meta http-equiv>`` first in <head>.

The site is static files, often hosted where nobody sets response headers, so the policy
travels inside each page. Scripts, styles, workers, WebAssembly and connections come from
the site itself only. The few inline scripts (Material's palette and scope set-up, whose
text varies with the page's depth, and the worker's start and release in theme/main.html) are allowed
by their sha256 hashes: the union of every page's hashes goes into every page, because
Material's instant navigation swaps pages inside one document that keeps the first
page's policy.

- ``script-src 'self' 'wasm-unsafe-eval'`` + hashes: no ``'unsafe-eval'``; Vega's charts
  run on its expression interpreter (chart.mjs), and Pyodide runs in a Web Worker, whose
  policy comes from its own response, not from this page. ``'wasm-unsafe-eval'`` allows
  compiling WebAssembly (not JavaScript) should the page ever do so.
- ``style-src 'self' 'unsafe-inline'``: Material's bundle and vega-tooltip set
  ``style`` attributes and insert ``<style>`` elements at run time; hashes cannot cover
  those (attributes would need ``'unsafe-hashes'`` with a hash per value). Styles cannot
  run code, so this is the usual trade.
- ``img-src 'self' data: blob:``: Material's and Vega's icons as data URIs, chart exports
  as blobs.
- ``object-src 'none'; base-uri 'self'; form-action 'self'``.

``frame-ancestors`` cannot be set by a meta element; the README's server configuration
may add it as a header.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_EXISTING = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


def inline_script_hashes(html: str) -> set[str]:
    """``'sha256-...'`` of every inline script the browser would run."""
    hashes = set()
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") not in EXECUTABLE_TYPES:
            continue  # data, e.g. Material's JSON config
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.add(f"'sha256-{digest}'")
    return hashes


def policy(hashes: set[str]) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def add_policy(site_dir: Path) -> None:
    """Write the policy into every HTML page of the built site (idempotent)."""
    pages = {path: _EXISTING.sub("", path.read_text(encoding="utf-8")) for path in site_dir.rglob("*.html")}
    hashes: set[str] = set()
    for html in pages.values():
        hashes |= inline_script_hashes(html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    for path, html in pages.items():
        head = _HEAD.search(html)
        if head is None:
            continue  # not a page (e.g. an HTML fragment); nothing runs there by itself
        updated = html[: head.end()] + "\n    " + meta + html[head.end() :]
        if updated != path.read_text(encoding="utf-8"):
            path.write_text(updated, encoding="utf-8")
