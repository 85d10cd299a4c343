"""A real link checker (LinkChecker) crawls the built site served on localhost: every
internal link, anchor, image and asset must resolve."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

LINKCHECKER = Path(sys.executable).parent / "linkchecker"
CONFIG = """
[checking]
threads=8
[filtering]
checkextern=0
[AnchorCheck]
[output]
status=0
"""


def linkcheck(url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG)
    return subprocess.run(
        [str(LINKCHECKER), "--config", str(config), "--no-robots", "--no-status", url],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_every_internal_link_anchor_and_asset_resolves(site_url: str, tmp_path: Path) -> None:
    done = linkcheck(site_url, tmp_path)
    assert done.returncode == 0, done.stdout[-4000:]
    assert " 0 errors found" in done.stdout
    checked = int(done.stdout.split(" links in ")[0].rsplit("\n", 1)[-1].strip().split()[-1])
    assert checked > 300  # it really crawled the site


@pytest.fixture()
def broken_site(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "broken"
    root.mkdir()
    (root / "index.html").write_text(
        '<a href="missing.html">gone</a> <a href="other.html#nowhere">bad anchor</a> <img src="nope.png">'
    )
    (root / "other.html").write_text('<h1 id="here">Here</h1>')
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    )
    server.RequestHandlerClass.log_message = lambda *args: None  # type: ignore[method-assign]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_checker_catches_broken_links_anchors_and_images(broken_site: str, tmp_path: Path) -> None:
    done = linkcheck(broken_site, tmp_path)
    assert done.returncode != 0
    for culprit in ("missing.html", "nope.png", "nowhere"):
        assert culprit in done.stdout
