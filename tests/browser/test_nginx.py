"""The built site on a real web server: Debian's nginx with the README's configuration.

The `server` block is read from README.md ("Deploying") and used as written, except for
its address and root: once with the site at the root, once under a sub-path. nginx runs
on a free localhost port with a temporary prefix; the browser smoke test then loads the
calculator through it. Skipped only when nginx is not installed (`make test` installs
it with apt).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from scoresheet import service

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
LOAD_TIMEOUT = 90_000
SHEET = (ROOT / "tests" / "calculator" / "sheets" / "job-offer.json").read_text(encoding="utf-8")
SUBPATH = "casebook/"


def readme_server_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    deploying = text.split("\n## Deploying\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```nginx\n(.*?)```", deploying, re.DOTALL)
    assert len(blocks) == 1, "README's Deploying section should give one nginx block"
    return blocks[0]


def server_block(port: int, root: Path) -> str:
    block = readme_server_block()
    block, listens = re.subn(r"^(\s*)listen\s+[^;]+;", rf"\g<1>listen 127.0.0.1:{port};", block, flags=re.M)
    block, roots = re.subn(r"^(\s*)root\s+[^;]+;", rf"\g<1>root {root};", block, flags=re.M)
    assert listens == 1 and roots == 1, "the README's block should have one listen and one root"
    return block


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def nginx(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    if NGINX is None:
        pytest.skip("nginx is not installed (make test installs it: apt-get install nginx)")
    prefix = tmp_path_factory.mktemp("nginx")
    shutil.copy("/etc/nginx/mime.types", prefix / "mime.types")  # `include mime.types` is relative
    nested = prefix / "www"
    nested.mkdir()
    (nested / SUBPATH.strip("/")).symlink_to(built_site, target_is_directory=True)
    at_root, under_path = free_port(), free_port()
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 128; }}
http {{
    access_log off;
    default_type application/octet-stream;
{temp}
{server_block(at_root, built_site)}
{server_block(under_path, nested)}
}}
"""
    (prefix / "nginx.conf").write_text(config, encoding="utf-8")
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(prefix / "nginx.conf")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        for port in (at_root, under_path):
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(f"nginx did not start: {process.stderr.read()!r}") from None
                    time.sleep(0.05)
        yield {"root": f"http://127.0.0.1:{at_root}/", "subpath": f"http://127.0.0.1:{under_path}/{SUBPATH}"}
    finally:
        process.terminate()
        process.wait(timeout=10)
        errors = (prefix / "error.log").read_text(encoding="utf-8") if (prefix / "error.log").exists() else ""
        assert "[error]" not in errors and "[crit]" not in errors, errors


def head(url: str, **headers: str) -> Any:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


def runtime_files(built_site: Path) -> dict[str, str]:
    """Addresses (relative to the site) of the runtime files this build ships."""
    text = (built_site / "assets" / "calculator" / "runtime.mjs").read_text(encoding="utf-8")
    manifest = json.loads(text[text.index("{") : text.rindex("}") + 1])
    at = "assets/calculator/"
    return {
        "wasm": os.path.normpath(at + manifest["indexURL"] + "pyodide.asm.wasm"),
        "stdlib": os.path.normpath(at + manifest["stdlib"]),
        "wheel": os.path.normpath(at + manifest["wheel"]),
        "snapshot": os.path.normpath(at + manifest["snapshot"]),
    }


def test_types_and_cache_headers(nginx: dict[str, str], built_site: Path) -> None:
    files = runtime_files(built_site)
    for base in nginx.values():
        status, headers, body = head(base + files["wasm"], **{"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Type"] == "application/wasm"
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers.get("Content-Encoding") == "gzip"
        assert gzip.decompress(body)[:4] == b"\0asm"
        for name in ("stdlib", "wheel", "snapshot"):
            _, headers, _ = head(base + files[name])
            assert headers["Cache-Control"] == "public, max-age=31536000, immutable", name
            assert headers.get("Content-Encoding") is None, name  # already compressed
        for module in (
            "assets/calculator/worker.mjs",
            "assets/calculator/client.mjs",
            "assets/calculator/runtime.mjs",
        ):
            _, headers, _ = head(base + module)
            assert headers["Content-Type"] == "text/javascript", module
            assert headers["Cache-Control"] == "no-cache", module
        _, headers, _ = head(base + "assets/vendor/comlink.min.mjs")
        assert headers["Content-Type"] == "text/javascript"
        _, headers, _ = head(base + "calculator/")
        assert headers["Content-Type"].startswith("text/html")
        assert headers["Cache-Control"] == "no-cache"
        bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
        _, headers, _ = head(base + "assets/javascripts/" + bundle)
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.fixture()
def nginx_page(browser: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A fresh page recording requests and console errors (checked by the test)."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, requests, errors
    context.close()


def analyse_through_the_client(page: Any, base: str, choice: dict[str, str]) -> Any:
    return page.evaluate(
        """async ([client, sheet, choice, timeout]) => {
          const { getCalculator } = await import(client);
          const calc = getCalculator();
          const timer = new Promise((_, no) => setTimeout(() => no(new Error("timed out")), timeout));
          await Promise.race([calc.ready, timer]);
          return await Promise.race([calc.call("analyse", sheet, choice), timer]);
        }""",
        [base + "assets/calculator/client.mjs", SHEET, choice, LOAD_TIMEOUT],
    )


@pytest.mark.parametrize("where", ["root", "subpath"])
def test_the_calculator_works_through_nginx(nginx: dict[str, str], nginx_page: Any, where: str) -> None:
    page, requests, errors = nginx_page
    base = nginx[where]
    for visit, choice in enumerate([{"Salary": "$95k"}, {"Start": "July"}]):
        if visit == 0:
            page.goto(base + "calculator/")
        else:
            page.reload()  # a second visit: from the browser's cache where the headers allow
        answer = analyse_through_the_client(page, base, choice)
        assert answer == json.loads(json.dumps(service.analyse(SHEET, choice)))
        if page.locator(".scoresheet-calculator").count():  # the page's own calculator (the UI)
            page.wait_for_selector('.scoresheet-calculator[data-state="ready"]', timeout=LOAD_TIMEOUT)
    local = urlparse(base).netloc
    foreign = [u for u in requests if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != local]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert any(u.startswith(base + "assets/pyodide/") for u in requests)
    assert not errors, f"console errors: {errors}"
