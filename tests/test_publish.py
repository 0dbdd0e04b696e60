"""Publication on the demonstration data: circulars, leader pages, open data, calendars and the feed."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.compute import deadlines, metrics
from generator.compute.circulars import circular_dates
from generator.core.paths import RepoPaths
from generator.core.settings import Settings
from generator.labels import labels
from generator.loading.files import load
from generator.model import build_index
from generator.site.opendata import TABLES
from generator.site.views.posts import holder_periods
from helpers import build_demo_site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_site(tmp_path_factory.mktemp("pubsite"))


@pytest.fixture(scope="module")
def loaded():  # type: ignore[no-untyped-def]
    return load(RepoPaths(ROOT))


def _as_of(day: date, loaded: Any) -> tuple[Any, Any]:
    whole = build_index(loaded)
    idx = whole.known_on(day).for_year(whole.current_year(day))  # the year the site shows on that day, as known then
    result = deadlines.compute(idx, day)
    return result, metrics.compute(idx, result)


def _rows(html: str, heading: str) -> list[str]:
    """The first cells' text of the table that follows a heading."""
    part = html.split(heading, 1)[1]
    table = part.split("</table>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<tr><td[^>]*>(.*?)</td>", table)]


def test_circular_dates() -> None:
    found = circular_dates(Settings.from_config({"year": 2015}), date(2015, 10, 20))
    assert [(k, p, d.isoformat()) for k, p, d, _ in found] == [
        ("monthly", f"2015-{m:02d}", f"2015-{m + 1:02d}-12") for m in range(2, 10)] + [
        ("quarterly", "2015-Q1", "2015-04-20"), ("quarterly", "2015-Q2", "2015-07-20"),
        ("quarterly", "2015-Q3", "2015-10-20")]


@pytest.mark.parametrize(("period", "issued", "months"), [
    ("2015-06", date(2015, 7, 12), ["2015-06"]),
    ("2015-Q2", date(2015, 7, 20), ["2015-04", "2015-05", "2015-06"]),
    ("2015-09", date(2015, 10, 12), ["2015-09"]),  # the broken promise, the missed decision and finding
    ("2015-Q3", date(2015, 10, 20), ["2015-07", "2015-08", "2015-09"]),
])
def test_circular_names_exactly_what_the_metrics_give(site: Path, loaded: Any, period: str, issued: date,
                                                      months: list[str]) -> None:
    result, figures = _as_of(issued, loaded)
    html = (site / "circulars" / period / "index.html").read_text(encoding="utf-8")
    reds = {pm.name for pm in figures.projects if pm.listed and pm.status == "red"}
    assert set(_rows(html, "<h2>二、进度严重滞后的项目</h2>")) == reds
    names = {pid: p["name"] for pid, (_, p) in build_index(loaded).projects.items()}
    late = sorted(names[d.project] for d in result.deadlines
                  if d.kind == "report" and d.ref in months and d.state == "met_late")
    shown_late = re.findall(r'<h3>逾期报送</h3>.*?</table>', html, re.S)
    assert sorted(re.findall(r'projects/[^/]+/">([^<]+)</a>', shown_late[0]) if shown_late else []) == late
    # every duty overdue and still open on the issue date, of every kind, as the deadlines page lists them
    missed = [d for d in result.deadlines if d.state == "missed"]
    assert f"逾期仍未完成的事项共 {len(missed)} 项" in html
    for kind, title in labels().deadline_kind.items():
        expected = sorted(d.ref for d in missed if d.kind == kind)
        block = re.findall(rf"<h3>逾期未完成：{title}</h3>.*?</table>", html, re.S)
        rows = block[0].split("<tbody>", 1)[1].count("<tr>") if block else 0
        assert rows == len(expected), kind
    assert f"截至 {issued.year}年{issued.month}月{issued.day}日" in html
    assert "示例数据" in html


def test_quarterly_preface_is_placed_first_and_escaped(site: Path) -> None:
    html = (site / "circulars" / "2015-Q3" / "index.html").read_text(encoding="utf-8")
    preface = html.index("<h3>主要做法</h3>")
    assert preface < html.index("一、总体情况")
    assert "<h3>下步工作</h3>" in html


def test_leader_page_shows_every_holder_with_dates(site: Path, loaded: Any) -> None:
    idx = build_index(loaded)
    changed = [pid for pid, post in idx.posts.items() if len(post.get("holders", [])) > 1]
    assert changed
    for pid in changed:
        html = (site / "posts" / pid / "index.html").read_text(encoding="utf-8")
        for period in holder_periods(idx.posts[pid], 2015):
            start = period.start
            assert f"{start.year}年{start.month}月{start.day}日 至" in html
            assert (period.name or "空缺") in html


def test_vacancy_is_shown() -> None:
    post = {"holders": [{"name": "甲某某", "from": "2014-01-01", "to": "2015-04-30"},
                        {"name": "乙某某", "from": "2015-06-01", "to": None}]}
    assert [(p.name, p.start.isoformat()) for p in holder_periods(post, 2015)] == [
        ("甲某某", "2014-01-01"), (None, "2015-05-01"), ("乙某某", "2015-06-01")]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_csv_opens_in_excel_encoding_with_its_header(site: Path, name: str) -> None:
    raw = (site / "downloads" / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel and WPS detect the encoding
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [c.name for c in TABLES[name][1]] + ["数据性质"]
    assert all(row[-1] == "示例数据" for row in rows[1:])


def test_xlsx_and_json_say_demo(site: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(site / "downloads" / "projects.xlsx")
    assert wb.sheetnames == ["项目", "说明"]
    assert wb["说明"]["A1"].value == "示例数据"
    assert wb["项目"]["A1"].value == "项目编号"
    doc = json.loads((site / "downloads" / "projects.json").read_text(encoding="utf-8"))
    assert "示例数据" in doc and len(doc["行"]) == 91
    with zipfile.ZipFile(site / "downloads" / "projects.xlsx") as z:
        assert {info.date_time for info in z.infolist()} == {z.infolist()[0].date_time}


def test_calendar_parses_and_holds_every_upcoming_deadline(site: Path, loaded: Any) -> None:
    from icalendar import Calendar

    result, _ = _as_of(date(2015, 10, 20), loaded)
    cal = Calendar.from_ical((site / "downloads" / "calendar" / "all.ics").read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    upcoming = [d for d in result.deadlines if d.state in ("upcoming", "not_due")]
    assert len(events) == len(upcoming) > 0
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert {e.decoded("DTSTART") for e in events} == {d.due for d in upcoming}
    assert "示例数据" in str(cal["X-WR-CALNAME"])
    unit = next(d.unit for d in upcoming if d.unit and (site / "downloads" / "calendar" / f"{d.unit}.ics").exists())
    mine = Calendar.from_ical((site / "downloads" / "calendar" / f"{unit}.ics").read_bytes())
    assert len(list(mine.walk("VEVENT"))) == sum(d.unit == unit for d in upcoming)


def test_feed_is_valid_atom(site: Path) -> None:
    import feedparser

    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == 11
    assert feed.entries[0].title.startswith("［示例数据］")
    assert all(e.link.startswith("circulars/") for e in feed.entries)


def test_corrections_are_public(site: Path, loaded: Any) -> None:
    whole = build_index(loaded)
    idx = whole.for_year(2015)  # the year the demonstration site shows (config.as_of 2015-10-20)
    corrected = [(pid, period) for pid, by in idx.reports.items() for period, (_, r) in by.items()
                 if r.get("corrections")]
    assert corrected
    pid, _ = corrected[0]
    html = (site / "projects" / pid / "index.html").read_text(encoding="utf-8")
    assert "<h2>更正记录</h2>" in html
    rows = list(csv.reader(io.StringIO((site / "downloads" / "corrections.csv").read_bytes().decode("utf-8-sig"))))
    assert len(rows) - 1 == sum(len(r["corrections"]) for by in idx.reports.values() for _, r in by.values()
                                if r.get("corrections"))


def _csv(site: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((site / "downloads" / f"{name}.csv").read_bytes().decode("utf-8-sig"))))


def test_the_downloads_pass_frictionless_validate(site: Path) -> None:
    """datapackage.json describes every CSV table (types, keys, which ids refer to which table) and the
    Frictionless validator finds the downloads folder valid: what outsiders' tools will check first."""
    from frictionless import validate

    package = json.loads((site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {f"{name}.csv" for name in TABLES}
    assert any(r["schema"].get("foreignKeys") for r in package["resources"])
    report = validate(str(site / "downloads" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_the_validator_sees_a_broken_reference(site: Path, tmp_path: Path) -> None:
    """The check above can fail: a project naming a county that is not in counties.csv is caught."""
    import shutil

    from frictionless import validate

    copy = tmp_path / "downloads"
    shutil.copytree(site / "downloads", copy)
    text = (copy / "projects.csv").read_bytes().decode("utf-8")
    first = _csv(site, "projects")[0]["所在县市编号"]
    (copy / "projects.csv").write_bytes(text.replace(f",{first},", ",nowhere,", 1).encode("utf-8"))
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_every_code_and_id_has_its_name_beside_it() -> None:
    """Outsiders read `fgw`, `chuxiong`, `land`, `action-plan` with a name next to them: each coded column
    (…代码) and each id column (…编号, except a table's own) is followed by the column naming it."""
    for name, (_, columns) in TABLES.items():
        headers = [c.name for c in columns]
        for i, col in enumerate(columns):
            if col.codes:
                assert headers[i + 1] == col.name.removesuffix("代码"), (name, col.name)
            if col.refers:
                assert headers[i + 1] == col.name.removesuffix("编号") or name == "post_holders", (name, col.name)


def test_the_code_table_names_every_code_the_tables_use(site: Path) -> None:
    codes = {(row["代码表"], row["代码"]): row["名称"] for row in _csv(site, "codes")}
    used = 0
    for name, (_, columns) in TABLES.items():
        rows = _csv(site, name)
        for col in columns:
            if col.codes:
                for row in rows:
                    if row[col.name]:
                        assert codes[(col.codes, row[col.name])] == row[col.name.removesuffix("代码")]
                        used += 1
    assert used > 0
    assert {table for table, _ in codes} >= {"category", "status", "deadline_kind", "deadline_state", "unit_kind"}


def test_org_tables_and_holders_over_time(site: Path, loaded: Any) -> None:
    idx = build_index(loaded)
    assert [row["编号"] for row in _csv(site, "counties")] == list(idx.counties)
    assert {row["编号"] for row in _csv(site, "units")} == set(idx.units)
    holders = _csv(site, "post_holders")
    assert len(holders) == sum(len(p.get("holders", [])) for p in idx.posts.values())
    changed = next(pid for pid, p in idx.posts.items() if len(p.get("holders", [])) > 1)
    assert [row["姓名"] for row in holders if row["领导职务编号"] == changed] == \
        [h["name"] for h in idx.posts[changed]["holders"]]


def test_the_open_data_page_names_exactly_the_files_the_site_has(site: Path, loaded: Any) -> None:
    """The downloads are made while the site is staged, after the pages that link them: their names are
    known first (opendata.download_names), and they are the files the build wrote."""
    from generator.site.opendata import download_names

    result, _ = _as_of(date(2015, 10, 20), loaded)
    whole = build_index(loaded)
    idx = whole.known_on(date(2015, 10, 20)).for_year(whole.current_year(date(2015, 10, 20)))
    names = download_names(idx, result.deadlines)
    written = sorted(p.relative_to(site).as_posix() for p in [*(site / "downloads").rglob("*"), site / "feed.xml"]
                     if p.is_file() and p.suffix != ".gz")
    assert names == written and len([n for n in names if n.startswith("downloads/calendar/")]) > 5
    page = (site / "open-data" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="../{n}"' in page for n in names if n.startswith("downloads/calendar/"))


def test_json_tables_are_what_json_dumps_writes() -> None:
    """to_json writes row by row, byte for byte what json.dumps(doc, ensure_ascii=False, indent=1) gives."""
    import json

    from generator.site.opendata import to_json

    headers = ["名称", "数", "比", "是否", "空"]
    rows = [["引号\"与\\反斜杠\n换行\t", 12, 0.1 + 0.2, True, None], ["</script>&<", -3, float("nan"), False, ""],
            ["\u2028\x7f😀", 10**20, 1e-7, None, "=1+1"]]
    meta = {"数据截至": "2015-10-20", "许可": "CC BY 4.0"}
    for table in (rows, rows[:1], []):
        doc = {**meta, "表": "表", "列": headers, "行": [dict(zip(headers, row, strict=True)) for row in table]}
        assert to_json("表", headers, table, meta) == (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()
    with pytest.raises(ValueError, match="第 2 行"):
        to_json("表", headers, [rows[0], rows[1][:3]], meta)
