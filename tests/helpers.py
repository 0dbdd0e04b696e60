"""Shared test helpers: a throwaway copy of the hand-written base repository, edited per test."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"


def make_repo(tmp: Path, case: dict[str, Any] | None = None, overlay: Path | None = None) -> Path:
    """Copy tests/fixtures/base under tmp and apply `replace` / `write` / `remove` edits and an overlay."""
    repo = tmp / "repo"
    shutil.copytree(BASE, repo)
    case = case or {}
    for edit in case.get("replace", []):
        target = repo / edit["file"]
        text = target.read_text(encoding="utf-8")
        assert edit["old"] in text, f"{edit['old']!r} not in {edit['file']}"
        target.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    for rel, content in case.get("write", {}).items():
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    for rel in case.get("remove", []):
        (repo / rel).unlink()
    if overlay is not None and overlay.is_dir():
        shutil.copytree(overlay, repo, dirs_exist_ok=True)
    return repo


def edit(tmp: Path, *replacements: tuple[str, str, str], remove: tuple[str, ...] = (),
         write: dict[str, str] | None = None) -> Path:
    """make_repo with (file, old, new) triples."""
    return make_repo(tmp, {"replace": [{"file": f, "old": o, "new": n} for f, o, n in replacements],
                           "remove": list(remove), "write": write or {}})


def d(text: str) -> date:
    return date.fromisoformat(text)


def build_demo_site(out: Path) -> Path:
    """Build the repository's own data into `out` as `make site` does, leaving SOURCE_DATE_EPOCH as found
    (the CLI pins it for MkDocs)."""
    import os

    from generator.cli import main

    root = Path(__file__).resolve().parent.parent
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        assert main(["--root", str(root), "build", "--out", str(out)]) == 0
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return out


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


def serve_directory(directory: Path) -> Any:
    """A context manager serving `directory` on a free loopback port; yields the base URL."""
    import contextlib
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a browser closing a connection early is not a test failure

    @contextlib.contextmanager
    def running() -> Any:
        httpd = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()

    return running()


def launch_chromium() -> Any:
    """A context manager yielding Debian's Chromium driven by Playwright (no browser download)."""
    import contextlib
    import shutil

    from playwright.sync_api import sync_playwright

    @contextlib.contextmanager
    def running() -> Any:
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        assert executable, "Debian's chromium is needed for browser tests: apt-get install chromium fonts-noto-cjk"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()

    return running()
