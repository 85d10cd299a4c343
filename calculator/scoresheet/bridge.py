"""The browser worker's one entry point (docs/assets/calculator/worker.mjs): a service
function by name, its arguments as JSON text, its reply as JSON text.

``call(name, args_json)`` returns ``(kind, text, detail)``: ``("ok", reply JSON, "")``, or
``("error", a one-line message, the traceback)`` (the worker shows the message and logs
the traceback). Only the service's public functions can be called: the functions
``service`` defines itself, not the names it imports. It lives in the package, not in
the worker's script, so that it is compiled and imported when the site's memory snapshot
is made (build_scripts/pyodide_compile.mjs): a page then starts without compiling any
Python source.
"""

from __future__ import annotations

import inspect
import json
import json.scanner
import traceback

from . import service

ALLOWED = frozenset(
    name
    for name, value in vars(service).items()
    if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == service.__name__
)

# The pure-Python scanner: deep nesting ends in RecursionError, not in a crash of the
# whole runtime (the C scanner recurses on WebAssembly's small C stack).
_decoder = json.JSONDecoder()
_decoder.scan_once = json.scanner.py_make_scanner(_decoder)  # type: ignore[attr-defined]


def call(name: str, args_json: str) -> tuple[str, str, str]:
    if name not in ALLOWED:
        return ("error", f"the calculator has no function {name!r}", "")
    try:
        args = _decoder.decode(args_json)
        if not isinstance(args, list):
            return ("error", "the arguments must be a JSON array", "")
        reply = getattr(service, name)(*args)
        return ("ok", json.dumps(reply, ensure_ascii=False, allow_nan=False), "")
    except RecursionError:
        return ("error", f"{name}: the input is nested too deeply", traceback.format_exc())
    except MemoryError:
        return ("error", f"{name}: the computation ran out of memory", traceback.format_exc())
    except Exception as error:
        text = str(error).strip().splitlines()
        summary = f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
        return ("error", f"{name} failed ({summary})", traceback.format_exc())
