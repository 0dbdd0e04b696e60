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

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """A missing address gets the site's 404.html, as static hosts serve it (GitHub Pages, nginx)."""
            page = directory / "404.html"
            if code != 404 or not page.exists():
                super().send_error(code, message, explain)
                return
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

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


# Runs before any script of every page (Playwright injects it outside the page's policy) and reports each
# Content-Security-Policy violation through a binding, so none is lost when the page navigates on.
_CSP_LISTENER = """document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(
    [e.violatedDirective, e.blockedURI, e.sourceFile + ':' + e.lineNumber, e.sample].join(' ')), true);"""


class CspGuard:
    """Every Content-Security-Policy violation in a browser context: `securitypolicyviolation` events and
    the console's "Refused to … Content Security Policy" messages (workers report only there)."""

    def __init__(self, context: Any) -> None:
        self.violations: list[str] = []
        context.expose_binding("__cspViolation", lambda _source, text: self.violations.append(str(text)))
        context.add_init_script(_CSP_LISTENER)
        context.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.violations.append(message.text)


def guarded_context(browser: Any, **options: Any) -> Any:
    """A context manager yielding a new browser context that fails the test, when it closes, on any
    Content-Security-Policy violation of a page opened in it."""
    import contextlib

    @contextlib.contextmanager
    def running() -> Any:
        context = browser.new_context(**options)
        guard = CspGuard(context)
        try:
            yield context
        finally:
            context.close()
        assert guard.violations == [], f"Content-Security-Policy violations: {guard.violations}"

    return running()


def policy_problems(site: Path) -> list[str]:
    """Every built page whose Content-Security-Policy meta tag is missing, late, or does not allow exactly
    its inline scripts by hash. Reads the pages with html.parser, independently of generator/site/csp.py."""
    import base64
    import hashlib
    from html.parser import HTMLParser

    class Scripts(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=False)
            self.policies: list[str] = []
            self.policy_before_script: bool | None = None
            self.in_head = False
            self.bodies: list[str] = []
            self.current: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            if tag == "head":
                self.in_head = True
            if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
                self.policies.append(a.get("content") or "")
                if self.policy_before_script is None:
                    self.policy_before_script = self.in_head
            if tag == "script":
                if self.policy_before_script is None:
                    self.policy_before_script = False
                runs = (a.get("type") or "").strip().lower() in ("", "text/javascript", "module")
                self.current = [] if "src" not in a and runs else None

        def handle_endtag(self, tag: str) -> None:
            if tag == "script" and self.current is not None:
                self.bodies.append("".join(self.current))
                self.current = None
            if tag == "head":
                self.in_head = False

        def handle_data(self, data: str) -> None:
            if self.current is not None:
                self.current.append(data)

    problems = []
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        parser = Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(site).as_posix()
        if len(parser.policies) != 1 or not parser.policy_before_script:
            problems.append(f"{rel}: {len(parser.policies)} policies, first before any script: "
                            f"{parser.policy_before_script}")
            continue
        directives = {d.split()[0]: d.split()[1:] for d in parser.policies[0].split(";") if d.strip()}
        hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(b.encode("utf-8")).digest()).decode() + "'"
                  for b in parser.bodies}
        script_src = directives.get("script-src", [])
        if set(script_src) != {"'self'", *hashes} or "'unsafe-inline'" in script_src:
            problems.append(f"{rel}: script-src {script_src} for {len(hashes)} inline scripts")
        if directives.get("default-src") != ["'self'"] or directives.get("object-src") != ["'none'"] \
                or directives.get("base-uri") != ["'self'"] or directives.get("form-action") != ["'self'"]:
            problems.append(f"{rel}: {directives}")
    return problems


SLOW_LINE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


def measure(browser: Any, url: str, width: int = 375) -> dict[str, float]:
    """A page loaded cold over a throttled line (1.6 Mbit/s down, 150 ms): its first contentful paint, when
    its charts were drawn, and the bytes it fetched (uncompressed; the search index loads only on use)."""
    context = browser.new_context(viewport={"width": width, "height": 812}, locale="zh-CN")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_LINE)
        page.goto(url, wait_until="load")
        for chart in page.locator(".chart-box").all():
            chart.locator("svg.main-svg").first.wait_for(timeout=120_000)
        return dict(page.evaluate("""() => {
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          const nav = performance.getEntriesByType('navigation')[0];
          const resources = performance.getEntriesByType('resource');
          const bytes = [nav, ...resources].reduce((n, e) => n + (e.decodedBodySize || 0), 0);
          return {fcp_ms: paint ? paint.startTime : -1, done_ms: performance.now(), bytes: bytes,
                  requests: resources.length + 1,
                  search: resources.filter(e => e.name.includes('/search/')).length};
        }"""))
    finally:
        context.close()
