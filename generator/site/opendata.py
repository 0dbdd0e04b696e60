"""Open data: the public tables as CSV (UTF-8 with BOM, for Excel and WPS), JSON and XLSX, the JSON Schemas,
an iCalendar of upcoming deadlines (one for all, one per unit), and an Atom feed of the circulars.

Only public fields go out: nothing the schemas mark x-internal (team, internal_notes) and no text of a
problem or finding marked `public: false` (its row stays, so the count is visible). Every file made from
demonstration data says 示例数据. Every date inside a file comes from the build time, so two builds of
one commit are byte-identical.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

from generator.compute.circulars import Circular
from generator.compute.deadlines import KIND_NAMES, STATE_NAMES, Deadline
from generator.compute.metrics import CATEGORY_NAMES, STATUS_NAMES, Metrics
from generator.core.paths import SCHEMAS
from generator.model import Index, filed_by, get, items

DEMO = "示例数据"


@dataclass(frozen=True)
class Column:
    name: str  # Chinese column name, the header of every format
    note: str  # unit, meaning or formula, for the data dictionary
    value: Callable[[Any], Any]


def _d(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _private(problem: dict[str, Any], key: str) -> Any:
    return get(problem, key) if get(problem, "public") is not False else None


PROJECT_COLUMNS = [
    Column("项目编号", "唯一编号，如 2015-zj-01", lambda p: p.get("id")),
    Column("项目名称", "", lambda p: p.get("name")),
    Column("类别", "在建 / 新开工 / 重大前期", lambda p: CATEGORY_NAMES.get(p.get("category"), p.get("category"))),
    Column("督查年度", "", lambda p: p.get("year")),
    Column("所在县市", "县市编号", lambda p: p.get("county")),
    Column("项目业主", "", lambda p: p.get("owner")),
    Column("建设内容及规模", "", lambda p: p.get("content")),
    Column("总投资（万元）", "万元", lambda p: p.get("total_investment")),
    Column("年度计划投资（万元）", "万元；为 0 时完成率不适用", lambda p: get(p, "annual", "investment")),
    Column("年度形象进度目标", "", lambda p: get(p, "annual", "progress_target")),
    Column("计划开工日期", "YYYY-MM-DD", lambda p: get(p, "dates", "start", "planned")),
    Column("实际开工日期", "YYYY-MM-DD", lambda p: get(p, "dates", "start", "actual")),
    Column("计划竣工日期", "YYYY-MM-DD", lambda p: get(p, "dates", "completion", "planned")),
    Column("实际竣工日期", "YYYY-MM-DD", lambda p: get(p, "dates", "completion", "actual")),
    Column("计划投产日期", "YYYY-MM-DD", lambda p: get(p, "dates", "production", "planned")),
    Column("实际投产日期", "YYYY-MM-DD", lambda p: get(p, "dates", "production", "actual")),
    Column("州责任领导职务", "领导职务编号（任职者见领导页）", lambda p: p.get("leader_post")),
    Column("责任单位", "单位编号", lambda p: p.get("lead_unit")),
    Column("协办单位", "单位编号，以顿号分隔", lambda p: "、".join(map(str, items(p, "co_units")))),
    Column("县市责任领导", "", lambda p: " ".join(str(x) for x in (get(p, "county_leader", "title"),
                                                                  get(p, "county_leader", "name")) if x)),
    Column("责任人", "", lambda p: " ".join(str(x) for x in (get(p, "responsible_person", "title"),
                                                           get(p, "responsible_person", "name")) if x)),
    Column("纳入督查日期", "YYYY-MM-DD；未填为当年 1 月 1 日", lambda p: p.get("entered_on") or f"{p.get('year')}-01-01"),
    Column("退出日期", "YYYY-MM-DD", lambda p: get(p, "exited", "on")),
    Column("退出原因", "", lambda p: get(p, "exited", "reason")),
    Column("挂牌督办日期", "YYYY-MM-DD", lambda p: get(p, "listed_supervision", "on")),
    Column("纬度", "WGS-84", lambda p: get(p, "location", "lat")),
    Column("经度", "WGS-84", lambda p: get(p, "location", "lon")),
]

REPORT_COLUMNS = [
    Column("项目编号", "", lambda r: r.get("project")),
    Column("月份", "YYYY-MM", lambda r: r.get("period")),
    Column("报送日期", "YYYY-MM-DD", lambda r: r.get("submitted_on")),
    Column("本月完成投资（万元）", "报送数", lambda r: get(r, "investment", "month")),
    Column("本年累计完成投资（万元）", "报送数", lambda r: get(r, "investment", "year_to_date")),
    Column("开工累计完成投资（万元）", "报送数", lambda r: get(r, "investment", "since_start")),
    Column("本年资金到位（万元）", "报送数", lambda r: get(r, "funds", "year_to_date")),
    Column("形象进度", "", lambda r: get(r, "progress", "summary")),
    Column("年度形象进度（%）", "0—100", lambda r: get(r, "progress", "percent")),
    Column("征地拆迁进展", "", lambda r: r.get("relocation")),
    Column("下步工作", "", lambda r: r.get("next_steps")),
    Column("核实日期", "稽察办核实", lambda r: get(r, "verified", "on")),
    Column("核实结果", "核实无误 / 核减 / 退回重报", lambda r: {"confirmed": "核实无误", "adjusted": "核减",
                                                       "returned": "退回重报"}.get(get(r, "verified", "result"))),
    Column("核减后本月完成投资（万元）", "统计以此为准", lambda r: get(r, "verified", "adjusted", "investment", "month")),
    Column("核减后本年累计完成投资（万元）", "统计以此为准",
           lambda r: get(r, "verified", "adjusted", "investment", "year_to_date")),
    Column("核减后本年资金到位（万元）", "统计以此为准", lambda r: get(r, "verified", "adjusted", "funds", "year_to_date")),
    Column("存在问题数", "含不公开的问题", lambda r: len(items(r, "problems"))),
    Column("现场调研次数", "", lambda r: len(items(r, "site_visits"))),
]

PROBLEM_COLUMNS = [
    Column("项目编号", "", lambda x: x[0]),
    Column("月份", "最近一次列出该问题的月报", lambda x: x[1]),
    Column("问题编号", "在项目内唯一", lambda x: get(x[2], "id")),
    Column("类别", "", lambda x: get(x[2], "category")),
    Column("问题", "不公开的问题此列为空", lambda x: _private(x[2], "summary")),
    Column("措施", "不公开的问题此列为空", lambda x: _private(x[2], "measures")),
    Column("报请对象", "单位或领导职务编号", lambda x: get(x[2], "escalated_to")),
    Column("报请日期", "", lambda x: get(x[2], "escalated_on")),
    Column("答复日期", "", lambda x: get(x[2], "answer", "on")),
    Column("答复内容", "不公开的问题此列为空",
           lambda x: get(x[2], "answer", "content") if get(x[2], "public") is not False else None),
    Column("承诺解决时限", "", lambda x: get(x[2], "answer", "promised_by")),
    Column("销号日期", "", lambda x: get(x[2], "closed", "on")),
    Column("是否公开", "否：内容按规定不公开，仅计入数量", lambda x: "否" if get(x[2], "public") is False else "是"),
]

DEADLINE_COLUMNS = [
    Column("类别", "月报报送、核实、答复、调度频次等", lambda d: KIND_NAMES.get(d.kind, d.kind)),
    Column("类别代码", "report、verification、answer……", lambda d: d.kind),
    Column("事项", "月份、问题编号、节点名称等", lambda d: d.ref),
    Column("项目编号", "", lambda d: d.project),
    Column("责任方", "单位或领导职务编号", lambda d: d.unit),
    Column("截止日期", "", lambda d: _d(d.due)),
    Column("完成日期", "数据日期当天已知的完成日期", lambda d: _d(d.done_on)),
    Column("状态", "按时完成 / 逾期完成 / 逾期未完成 / 即将到期 / 未到期", lambda d: STATE_NAMES.get(d.state, d.state)),
    Column("逾期天数", "自然日", lambda d: d.days),
    Column("依据文件", "数据文件", lambda d: d.path),
    Column("行号", "", lambda d: d.line),
]

METRIC_COLUMNS = [
    Column("项目编号", "", lambda pm: pm.id),
    Column("项目名称", "", lambda pm: pm.name),
    Column("类别", "", lambda pm: CATEGORY_NAMES.get(pm.category, pm.category)),
    Column("所在县市", "县市编号", lambda pm: pm.county),
    Column("责任单位", "单位编号", lambda pm: pm.lead_unit),
    Column("在督", "数据日期当天是否在督查名单内", lambda pm: "是" if pm.listed else "否"),
    Column("年度计划投资（万元）", "", lambda pm: pm.annual_plan),
    Column("本年累计完成投资（报送，万元）", "", lambda pm: pm.ytd_reported),
    Column("本年累计完成投资（核实，万元）", "核减后", lambda pm: pm.ytd),
    Column("序时进度", "M ÷ 12，年中纳入的为 (M − e + 1) ÷ (13 − e)；小数", lambda pm: pm.time_progress),
    Column("投资完成率", "本年累计（核实）÷ 年度计划；计划为 0 时为空", lambda pm: pm.completion),
    Column("差距（百分点）", "序时进度 − 投资完成率", lambda pm: pm.gap_points),
    Column("本年资金到位（万元）", "", lambda pm: pm.funds_ytd),
    Column("资金到位率", "资金到位 ÷ 年度计划", lambda pm: pm.funds_rate),
    Column("状态", "正常 / 滞后 / 严重滞后 / 未报送 / 不适用", lambda pm: STATUS_NAMES.get(pm.status, pm.status)),
    Column("状态原因", "", lambda pm: pm.reason),
]

CORRECTION_COLUMNS = [
    Column("项目编号", "", lambda x: x[0]),
    Column("月份", "", lambda x: x[1]),
    Column("更正日期", "", lambda x: get(x[2], "on")),
    Column("更正单位", "单位编号", lambda x: get(x[2], "by")),
    Column("字段", "JSON 指针，如 /investment/month", lambda x: get(x[2], "field")),
    Column("原值", "", lambda x: get(x[2], "from")),
    Column("新值", "", lambda x: get(x[2], "to")),
    Column("原因", "", lambda x: get(x[2], "why")),
]

TABLES: dict[str, tuple[str, list[Column]]] = {
    "projects": ("项目", PROJECT_COLUMNS),
    "reports": ("月报", REPORT_COLUMNS),
    "problems": ("存在问题", PROBLEM_COLUMNS),
    "deadlines": ("期限事项", DEADLINE_COLUMNS),
    "metrics": ("项目指标", METRIC_COLUMNS),
    "corrections": ("更正记录", CORRECTION_COLUMNS),
}


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def rows_of(name: str, idx: Index, deadlines: list[Deadline], figures: Metrics) -> list[list[Any]]:
    columns = TABLES[name][1]
    as_of = figures.as_of
    if name == "projects":
        source: list[Any] = [p for _, (_, p) in sorted(idx.projects.items())]
    elif name == "reports":
        source = [r for pid in sorted(idx.reports) for _, (_, r) in sorted(idx.reports[pid].items())
                  if filed_by(r, as_of)]
    elif name == "problems":
        latest: dict[tuple[str, str], tuple[str, str, dict[str, Any]]] = {}
        for pid in sorted(idx.reports):
            for period, (_, r) in sorted(idx.reports[pid].items()):
                if not filed_by(r, as_of):
                    continue
                for prob in items(r, "problems"):
                    latest[(pid, str(get(prob, "id")))] = (pid, period, prob)
        source = [latest[k] for k in sorted(latest)]
    elif name == "deadlines":
        source = deadlines
    elif name == "metrics":
        source = figures.projects
    else:
        source = [(pid, period, c) for pid in sorted(idx.reports)
                  for period, (_, r) in sorted(idx.reports[pid].items()) for c in items(r, "corrections")]
    return [[_cell(col.value(item)) for col in columns] for item in source]


def to_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel and WPS read UTF-8


def to_json(title: str, headers: list[str], rows: list[list[Any]], meta: dict[str, Any]) -> bytes:
    doc = {**meta, "表": title, "列": headers, "行": [dict(zip(headers, row, strict=True)) for row in rows]}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_xlsx(title: str, headers: list[str], rows: list[list[Any]], meta: dict[str, Any], built: datetime) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    about = wb.create_sheet("说明")
    for key, value in meta.items():
        about.append([key, str(value)])
    naive = built.replace(tzinfo=None)
    wb.properties.creator = "阳光督查"
    wb.properties.created = naive
    wb.properties.modified = naive
    wb.properties.lastModifiedBy = "阳光督查"
    raw = io.BytesIO()
    wb.save(raw)
    return _fixed_zip(raw.getvalue(), naive)


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    """The same workbook with every zip entry and the document's modified time set to `when`: openpyxl
    stamps both with the clock when it saves."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    modified = f"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when.strftime('%Y-%m-%dT%H:%M:%SZ')}</dcterms:modified>"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", modified.encode(), content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def calendar(deadlines: list[Deadline], title: str, built: datetime, names: dict[str, str],
             project_names: dict[str, str], demo: bool, timezone: str) -> bytes:
    """Upcoming deadlines (not done, due on or after as-of) as all-day events."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//阳光督查//重点项目期限//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{title}（{DEMO}）" if demo else title)
    cal.add("x-wr-timezone", timezone)
    for d in deadlines:
        if d.state not in ("upcoming", "not_due"):
            continue
        event = Event()
        subject = f"{KIND_NAMES.get(d.kind, d.kind)} {d.ref}" if d.kind not in ("action-plan", "start", "completion",
                                                                              "production") else KIND_NAMES[d.kind]
        who = names.get(d.unit or "", d.unit or "")
        where = f"{project_names.get(d.project or '', '')}（{d.project}）" if d.project else ""
        event.add("summary", ("［示例数据］" if demo else "") + f"{subject}{' · ' + where if where else ''}")
        event.add("description", f"责任方：{who}。依据：{d.path}:{d.line}")
        event.add("dtstart", d.due)
        event.add("dtend", d.due + timedelta(days=1))
        event.add("dtstamp", built)
        event.add("uid", f"{d.kind}-{d.project or d.unit}-{d.ref}@sunshine-supervision".replace(" ", "_"))
        event.add("categories", [KIND_NAMES.get(d.kind, d.kind)])
        cal.add_component(event)
    return bytes(cal.to_ical())


def atom_feed(circulars: list[Circular], built: datetime, demo: bool, site_name: str) -> bytes:
    """An Atom feed of the circulars, newest first; links are relative to the feed (served at the root)."""
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = f"{site_name} · 通报" + (f"（{DEMO}）" if demo else "")
    ET.SubElement(feed, f"{{{ns}}}id").text = "urn:sunshine-supervision:circulars"
    ET.SubElement(feed, f"{{{ns}}}updated").text = built.isoformat()
    ET.SubElement(feed, f"{{{ns}}}link", href="circulars/", rel="alternate")
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = site_name
    for c in sorted(circulars, key=lambda x: (x.issued, x.kind), reverse=True):
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = ("［示例数据］" if demo else "") + c.title
        ET.SubElement(entry, f"{{{ns}}}id").text = f"urn:sunshine-supervision:circular:{c.kind}:{c.period}"
        ET.SubElement(entry, f"{{{ns}}}updated").text = f"{c.issued.isoformat()}T00:00:00+08:00"
        ET.SubElement(entry, f"{{{ns}}}link", href=f"circulars/{c.slug}/", rel="alternate")
        totals = c.metrics.totals
        ET.SubElement(entry, f"{{{ns}}}summary").text = (
            f"{c.issuer} {c.kind_name}（{c.period[:4]}年第{c.number}期）：在督项目 {totals['projects']} 个，"
            f"严重滞后 {totals['status'].get('red', 0)} 个。")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def downloads(idx: Index, deadlines: list[Deadline], figures: Metrics, circulars: list[Circular],
              built: datetime, demo: bool, license_text: str, site_name: str) -> dict[str, bytes]:
    """Every open-data file, by site path."""
    meta = {"数据截至": figures.as_of.isoformat(), "许可": license_text or "未声明",
            "说明": "本表由阳光督查系统从版本化数据生成；列的含义见“开放数据”页的数据字典。"}
    if demo:
        meta = {DEMO: "是：本数据为演示用的虚构数据，不代表任何真实项目。", **meta}
    files: dict[str, bytes] = {}
    for name, (title, columns) in TABLES.items():
        headers = [c.name for c in columns]
        rows = rows_of(name, idx, deadlines, figures)
        if demo:
            headers = [*headers, "数据性质"]
            rows = [[*row, DEMO] for row in rows]
        files[f"downloads/{name}.csv"] = to_csv(headers, rows)
        files[f"downloads/{name}.json"] = to_json(title, headers, rows, meta)
        files[f"downloads/{name}.xlsx"] = to_xlsx(title, headers, rows, meta, built)
    names, project_names, tz = idx.names(), idx.project_names(), idx.settings.timezone
    files["downloads/calendar/all.ics"] = calendar(deadlines, "重点项目期限", built, names, project_names, demo, tz)
    for unit in sorted({d.unit for d in deadlines if d.unit in idx.units}):
        mine = [d for d in deadlines if d.unit == unit]
        files[f"downloads/calendar/{unit}.ics"] = calendar(mine, f"{names[unit]} · 重点项目期限", built, names,
                                                           project_names, demo, tz)
    files["feed.xml"] = atom_feed(circulars, built, demo, site_name)
    for schema in sorted(SCHEMAS.rglob("*.schema.json")):
        files[f"downloads/schemas/{schema.name}"] = schema.read_bytes()
    return files


def dictionary() -> list[tuple[str, str, list[Column]]]:
    return [(name, title, columns) for name, (title, columns) in TABLES.items()]


__all__ = ["TABLES", "Column", "calendar", "dictionary", "downloads", "rows_of", "to_csv"]
