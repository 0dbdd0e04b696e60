"""The built site as files: internal fields never published, reproducible bytes, escaped data, and what
every page must carry. The browser tests (tests/test_site.py) look at the same site as a person would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.loading.schema import titles
from helpers import ENGINES, edit, policy_problems

SENTINELS = {
    "team_name": "SENTINELTEAMNAME",
    "team_phone": "199-8765-4321",
    "notes": "SENTINELINTERNALNOTE",
    "problem": "SENTINELPRIVATEPROBLEM",
    "measures": "SENTINELPRIVATEMEASURE",
    "answer": "SENTINELPRIVATEANSWER",
    # corrections whose field lies in the private problem or an internal field: their values stay private
    "corrected_from": "SENTINELCORRECTEDFROM",
    "corrected_to": "SENTINELCORRECTEDTO",
    "corrected_measures": "SENTINELCORRECTEDMEASURES",
    "corrected_whole": "SENTINELCORRECTEDWHOLE",
    "corrected_notes": "SENTINELCORRECTEDNOTES",
    "corrected_phone": "199-1234-5678",
}
CORRECTIONS = [  # (field, from, to); p2, the private problem, is /problems/1 of the March report
    ("/problems/1/summary", SENTINELS["corrected_from"], SENTINELS["corrected_to"]),
    ("/problems/1/measures", SENTINELS["corrected_measures"], "null"),
    ("/problems/1/answer", "null", f"{{on: 2015-03-24, by: fgw, content: {SENTINELS['corrected_whole']}}}"),
    ("/problems", "[]", f"[{{id: p9, summary: {SENTINELS['corrected_whole']}}}]"),
    ("/internal_notes", SENTINELS["corrected_notes"], "null"),
    ("/team/0/phone", SENTINELS["corrected_phone"], "null"),
    ("/progress/summary", "路基完成 20%", "路基完成 25%"),  # public: shown as it is
    ("/investment", "{month: 9000.25}", "{month: 10000.25}"),  # public; a mapping goes out as JSON text
]
PUBLIC = 2  # the last ones
EMAIL = "ducha" + chr(64) + "example.org"  # built, so no tool rewrites it as an address
Z = "data/projects/2015-zj-01.yaml"
R3 = "data/reports/2015-03/2015-zj-01.yaml"


def _build(repo: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert main(["--root", str(repo), "build", "--out", str(out), "--jobs", "1", *extra]) == 0
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the CLI pins it for the engines


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The tests taking it run on the site each engine builds (MkDocs Material, Zensical)."""
    return str(request.param)


def _all_text(site: Path) -> str:
    """Every file of the site as text, with JSON \\u escapes decoded so nothing hides in the search index."""
    chunks = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if path.suffix == ".gz":
            import gzip

            raw = gzip.decompress(raw)
        if path.suffix == ".xlsx":
            import zipfile

            with zipfile.ZipFile(path) as z:
                raw = b"\n".join(z.read(name) for name in z.namelist())
        text = raw.decode("utf-8", errors="replace")
        if path.suffix == ".json":
            text += json.dumps(json.loads(text), ensure_ascii=False)
        chunks.append(text)
    return "\n".join(chunks)


def _internal_paths() -> set[tuple[str, ...]]:
    """Every field the project schema marks x-internal, by path; the sentinel test covers each."""
    import json as _json

    from generator.core.paths import PACKAGE_ROOT

    schema = _json.loads((PACKAGE_ROOT / "schemas" / "project.schema.json").read_text(encoding="utf-8"))
    found: set[tuple[str, ...]] = set()

    def walk(node: object, at: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            if node.get("x-internal") is True:
                found.add(at)
            for key, sub in node.get("properties", {}).items():
                walk(sub, (*at, key))
            if "items" in node:
                walk(node["items"], (*at, "*"))
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                walk(schema["$defs"][ref.rsplit("/", 1)[-1]], at)

    walk(schema, ())
    return found


def test_sentinel_test_covers_every_internal_field() -> None:
    from generator.site.privacy import internal_paths

    assert _internal_paths() == {("team",), ("team", "*", "name"), ("team", "*", "phone"), ("internal_notes",)}
    assert internal_paths("project") == _internal_paths()  # what the site withholds is what is tested here
    assert titles("project")[("team",)]  # the schema still describes it


def test_internal_fields_and_private_text_appear_nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        engine: str) -> None:
    repo = edit(
        tmp_path,
        (Z, "    phone: 138-0000-0001", f"    phone: {SENTINELS['team_phone']}"),
        (Z, "  - name: 孙某某", f"  - name: {SENTINELS['team_name']}"),
        (Z, "action_plan:", f"internal_notes: {SENTINELS['notes']}\naction_plan:"),
        (R3, "site_visits:", "  - id: p2\n    category: funding\n"
         f"    summary: {SENTINELS['problem']}\n    measures: {SENTINELS['measures']}\n"
         "    escalated_to: fgw\n    escalated_on: 2015-03-20\n    answer:\n      on: 2015-03-24\n      by: fgw\n"
         f"      content: {SENTINELS['answer']}\n      promised_by: 2015-05-31\n    public: false\nsite_visits:"),
        (R3, "  result: confirmed\n", "  result: confirmed\ncorrections:\n" + "".join(
            f"  - {{on: 2015-04-15, by: jcb, field: '{field}', from: {old}, to: {new}, why: 稽察办核实后更正}}\n"
            for field, old, new in CORRECTIONS)),
    )
    site = tmp_path / "site"
    _build(repo, site, monkeypatch, "--engine", engine)
    everything = _all_text(site)  # the engine's own files too (Zensical writes a search.json)
    leaked = [name for name, value in SENTINELS.items() if value in everything]
    assert leaked == []
    page = (site / "projects" / "2015-zj-01" / "index.html").read_text(encoding="utf-8")
    assert "另有 1 个问题的内容按规定不公开" in page  # the count stays visible
    downloads = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"downloads/projects.xlsx", "downloads/problems.csv", "feed.xml", "downloads/calendar/all.ics"} <= downloads
    problems_csv = (site / "downloads" / "problems.csv").read_text(encoding="utf-8-sig")
    assert ",p2," in problems_csv and ",否," in problems_csv  # the row is there, its text is not
    # every correction keeps its row (date, field, reason); only the public one shows its values
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO((site / "downloads" / "corrections.csv").read_text(encoding="utf-8-sig"))))
    shown = {row["更正字段"]: (row["原来的值"], row["新的值"]) for row in rows if row["月份"] == "2015-03"}
    assert shown == {field: ("内容不公开", "内容不公开") for field, _, _ in CORRECTIONS[:-PUBLIC]} | \
        {"/progress/summary": ("路基完成 20%", "路基完成 25%"), "/investment": ('{"month": 9000.25}', '{"month": 10000.25}')}
    assert page.count(">内容不公开</td>") == 2 * (len(CORRECTIONS) - PUBLIC) and ">路基完成 20%</td>" in page


def test_same_commit_and_as_of_give_identical_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   engine: str) -> None:
    repo = edit(tmp_path)
    first, second = tmp_path / "one", tmp_path / "two"
    _build(repo, first, monkeypatch, "--as-of", "2015-05-20", "--engine", engine)
    _build(repo, second, monkeypatch, "--as-of", "2015-05-20", "--engine", engine)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []


def test_data_text_is_escaped_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    payload = "<script>alert(1)</script> **粗** [链接](javascript:alert(2)) {{ config }} {% raw %}"
    repo = edit(tmp_path, (Z, "name: 楚雄至禄丰高速公路", f"name: '{payload}'"),
                (Z, "content: 全长 60 公里，双向四车道。", "content: |\n  <img src=x onerror=alert(3)>\n\n  # 标题\n  {: onclick=x}"))
    site = tmp_path / "site"
    _build(repo, site, monkeypatch, "--engine", engine)
    page = (site / "projects" / "2015-zj-01" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **粗** [链接](javascript:alert(2)) {{ config }} {% raw %}" in page
    assert "&lt;img src=x onerror=alert(3)&gt;<br><br># 标题<br>{: onclick=x}" in page
    assert 'href="javascript:' not in _all_text(site)
    title = re.search(r"<title>(.*?)</title>", page)
    assert title is not None and "<" not in title.group(1)


def test_every_page_carries_as_of_build_commit_contact_and_demo_banner(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          engine: str) -> None:
    repo = edit(tmp_path, ("data/config.yaml", "year: 2015",
                           "year: 2015\npublic_contact:\n  name: 州政府督查室\n  phone: 0878-0000000\n"
                           f"  email: {EMAIL}"))
    site = tmp_path / "site"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1445356800")  # 2015-10-21 00:00 +08:00
    assert main(["--root", str(repo), "build", "--out", str(site), "--jobs", "1", "--engine", engine]) == 0
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pages = [p for p in site.rglob("index.html")]
    assert len(pages) > 15
    for page in pages:
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(site)
        assert "数据截至 <strong>2015年4月20日</strong>" in text, rel
        assert "网页生成于 2015年10月21日 00:00" in text, rel
        assert "数据版本 <code>未知</code>" in text, rel  # a fixture copy is not a git repository
        assert "0878-0000000" in text and EMAIL in text, rel
        assert "<strong>示例数据</strong>" in text, rel


@pytest.fixture(scope="module", params=ENGINES)
def base_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base fixture built as it is, by each engine."""
    tmp = tmp_path_factory.mktemp(f"base-{request.param}")
    site = tmp / "site"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _build(edit(tmp), site, monkeypatch, "--engine", str(request.param))
    return site


def test_every_page_has_a_policy_for_exactly_its_scripts(base_site: Path) -> None:
    """Each built .html file (404.html too) carries one Content-Security-Policy meta tag before any script,
    and its script-src is 'self' plus the hash of each inline script on that page, no more, no less."""
    pages = sorted(base_site.rglob("*.html"))
    assert base_site / "404.html" in pages and len(pages) > 15
    assert policy_problems(base_site) == []
    home = (base_site / "index.html").read_text(encoding="utf-8")
    assert home.count("data-chart-for=") == 2 and "'unsafe-inline'; object-src" in home  # styles only
    assert "Plotly.newPlot" not in home  # no chart code in a page: assets/charts.js draws the data blocks


def test_no_page_loads_anything_from_another_host(base_site: Path) -> None:
    site = base_site
    external = re.compile(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(?:https?:)?//""", re.I)
    offenders = [str(p.relative_to(site)) for p in site.rglob("*.html") if external.search(p.read_text("utf-8"))]
    assert offenders == []
    assert 1_000_000 < (site / "assets" / "vendor" / "plotly-basic.min.js").stat().st_size < 1_200_000
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count("plotly-basic.min.js") == 1 and 'data-chart-for="chart-county"' in home
    assert re.search(r'<script src="[^"]*plotly-basic\.min\.js" defer>', home)  # content first, charts after
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "plotly" not in about  # only pages with charts load it


_LINK = re.compile(r'<(?:a|link|script|img|source)\b[^>]*?\s(?:href|src)="([^"#?:]+)(?=["#?])', re.I)


def test_every_relative_link_lands_on_a_file_of_the_site(base_site: Path) -> None:
    """On either engine, each relative href and src of each page resolves to a file the site has, without
    leaving the site's folder (a closed year is served from a folder of its own). Zensical rewrote the
    links inside a page's HTML as if they were relative to the Markdown file (one `../` too many), which
    only the root of a domain forgave; the engine no longer sees the pages' HTML."""
    site = base_site.resolve()
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # served at any depth: its links are absolute
            continue
        for link in set(_LINK.findall(page.read_text(encoding="utf-8"))):
            target = (page.parent / link).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(site) or not target.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
    assert broken == []
    assert len(list(site.rglob("*.html"))) > 15


def test_text_files_have_a_precompressed_copy(base_site: Path) -> None:
    """For hosts that serve precompressed files: a .gz beside each page, stylesheet and script, identical
    when opened, and the same bytes every build (no name, no time)."""
    import gzip

    for name in ("index.html", "assets/vendor/plotly-basic.min.js", "assets/charts.js", "search/index.json"):
        plain, packed = base_site / name, base_site / (name + ".gz")
        assert packed.is_file(), name
        assert gzip.decompress(packed.read_bytes()) == plain.read_bytes(), name
        assert packed.read_bytes()[4:8] == b"\0\0\0\0"  # mtime 0


def test_the_theme_speaks_chinese(base_site: Path) -> None:
    """theme.language zh on either engine: the page's language and the theme's own labels are Chinese."""
    for page in sorted(base_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="zh"' in text, page
        if page.name == "index.html":
            assert 'aria-label="页眉"' in text and 'aria-label="导航栏"' in text, page
            assert 'aria-label="Header"' not in text and 'aria-label="Navigation"' not in text, page
