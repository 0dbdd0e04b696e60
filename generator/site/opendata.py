"""Open data: the public tables as CSV (UTF-8 with BOM, for Excel and WPS), JSON and XLSX, the JSON Schemas,
an iCalendar of upcoming deadlines (one for all, one per unit), and an Atom feed of the circulars.

Only public fields go out: nothing the schemas mark x-internal (team, internal_notes) and no text of a
problem or finding marked `public: false` (its row stays, so the count is visible). Every file made from
demonstration data says 示例数据. Every date inside a file comes from the build time, so two builds of
one commit are byte-identical.

Text is data, never a formula: `spreadsheet_text` gives every CSV cell that Excel or WPS would evaluate
OWASP's `'` prefix, and every XLSX text cell is written as a string cell (openpyxl would otherwise write
one starting with `=` as a formula).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

from generator.compute.circulars import Circular
from generator.compute.deadlines import Deadline
from generator.compute.metrics import Metrics
from generator.core.paths import SCHEMAS
from generator.labels import labels
from generator.labels import title as schema_title
from generator.model import Index, filed_by, get, items
from generator.sheets.workbook import append_row, workbook_bytes
from generator.site.privacy import WITHHELD, correction_values, is_public, private_problems

DEMO = "示例数据"


@dataclass(frozen=True)
class Column:
    name: str  # Chinese column name, the header of every format
    note: str  # unit, meaning or formula, for the data dictionary
    value: Callable[[Any], Any]


def _d(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _choices(name: str) -> str:
    """The values a coded column shows, for the data dictionary: 在建 / 新开工 / 重大前期."""
    return " / ".join(getattr(labels(), name).values())


def _private(problem: dict[str, Any], key: str) -> Any:
    return get(problem, key) if is_public(problem) else None


def field(kind: str, *path: str, note: str = "", value: Callable[[Any], Any] | None = None,
          header: str | None = None) -> Column:
    """A column that shows one field of a data file, headed by the field's schema title."""
    inner = tuple(p for p in path if p != "*")
    return Column(header or schema_title(kind, *path), note, value or (lambda doc: get(doc, *inner)))


def _coded(name: str, at: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A coded value shown by its label (category, result…)."""
    return lambda doc: getattr(labels(), name).get(at(doc), at(doc))


def _of(key: str) -> Callable[[Any], Any]:
    return lambda x: get(x[2], *key.split("."))


def _person(key: str) -> Callable[[Any], Any]:
    return lambda p: " ".join(str(x) for x in (get(p, key, "title"), get(p, key, "name")) if x)


_DATE = "YYYY-MM-DD"
_DATE_KINDS = ("start", "completion", "production")

PROJECT_COLUMNS = [
    field("project", "id", note="唯一编号，如 2015-zj-01"),
    field("project", "name"),
    field("project", "category", note=_choices("category"), value=_coded("category", lambda p: p.get("category"))),
    field("project", "year"),
    field("project", "county", note="县市编号"),
    field("project", "owner"),
    field("project", "content"),
    field("project", "total_investment", note="万元"),
    field("project", "annual", "investment", note="万元；为 0 时完成率不适用"),
    field("project", "annual", "progress_target"),
    # the schema titles these 计划日期 / 实际日期 under dates.<kind>: a flat table names the kind too
    *(field("project", "dates", which, when, note=_DATE, header=f"{prefix}{name}日期")
      for which in _DATE_KINDS for name in [labels().deadline_kind[which]] for when, prefix in (("planned", "计划"), ("actual", "实际"))),
    field("project", "leader_post", note="领导职务编号（任职者见领导页）"),
    field("project", "lead_unit", note="单位编号"),
    field("project", "co_units", note="单位编号，以顿号分隔", value=lambda p: "、".join(map(str, items(p, "co_units")))),
    field("project", "county_leader", value=_person("county_leader")),
    field("project", "responsible_person", value=_person("responsible_person")),
    field("project", "entered_on", note=f"{_DATE}；未填为当年 1 月 1 日",
          value=lambda p: p.get("entered_on") or f"{p.get('year')}-01-01"),
    field("project", "exited", "on", note=_DATE),
    field("project", "exited", "reason"),
    field("project", "listed_supervision", "on", note=_DATE),
    field("project", "location", "lat", note="WGS-84"),
    field("project", "location", "lon", note="WGS-84"),
]

REPORT_COLUMNS = [
    field("report", "project"),
    field("report", "period", note="YYYY-MM"),
    field("report", "submitted_on", note=_DATE),
    field("report", "investment", "month", note="报送数"),
    field("report", "investment", "year_to_date", note="报送数"),
    field("report", "investment", "since_start", note="报送数"),
    field("report", "funds", "year_to_date", note="报送数"),
    field("report", "progress", "summary"),
    field("report", "progress", "percent", note="0—100"),
    field("report", "relocation"),
    field("report", "next_steps"),
    field("report", "verified", "on", note="稽察办核实"),
    field("report", "verified", "result", note=_choices("result"),
          value=_coded("result", lambda r: get(r, "verified", "result"))),
    field("report", "verified", "adjusted", "investment", "month", note="统计以此为准"),
    field("report", "verified", "adjusted", "investment", "year_to_date", note="统计以此为准"),
    field("report", "verified", "adjusted", "funds", "year_to_date", note="统计以此为准"),
    Column("存在问题数", "含不公开的问题", lambda r: len(items(r, "problems"))),
    Column("现场调研次数", "", lambda r: len(items(r, "site_visits"))),
]

# rows of the problem and correction tables are (project id, period, the record)
PROBLEM_COLUMNS = [
    field("report", "project", value=lambda x: x[0]),
    Column("月份", "最近一次列出该问题的月报", lambda x: x[1]),
    field("report", "problems", "*", "id", note="在项目内唯一", value=_of("id")),
    field("report", "problems", "*", "category", value=_of("category")),
    field("report", "problems", "*", "summary", note="不公开的问题此列为空", value=lambda x: _private(x[2], "summary")),
    field("report", "problems", "*", "measures", note="不公开的问题此列为空", value=lambda x: _private(x[2], "measures")),
    field("report", "problems", "*", "escalated_to", note="单位或领导职务编号", value=_of("escalated_to")),
    field("report", "problems", "*", "escalated_on", value=_of("escalated_on")),
    field("report", "problems", "*", "answer", "on", value=_of("answer.on")),
    field("report", "problems", "*", "answer", "content", note="不公开的问题此列为空",
          value=lambda x: get(x[2], "answer", "content") if is_public(x[2]) else None),
    field("report", "problems", "*", "answer", "promised_by", value=_of("answer.promised_by")),
    field("report", "problems", "*", "closed", "on", value=_of("closed.on")),
    field("report", "problems", "*", "public", note="否：内容按规定不公开，仅计入数量",
          value=lambda x: "是" if is_public(x[2]) else "否"),
]

DEADLINE_COLUMNS = [
    Column("类别", "月报报送、核实、答复、调度频次等", lambda d: labels().deadline_kind.get(d.kind, d.kind)),
    Column("类别代码", "report、verification、answer……", lambda d: d.kind),
    Column("事项", "月份、问题编号、节点名称等", lambda d: d.ref),
    Column("项目编号", "", lambda d: d.project),
    Column("责任方", "单位或领导职务编号", lambda d: d.unit),
    Column("截止日期", "", lambda d: _d(d.due)),
    Column("完成日期", "数据日期当天已知的完成日期", lambda d: _d(d.done_on)),
    Column("状态", _choices("deadline_state"), lambda d: labels().deadline_state.get(d.state, d.state)),
    Column("逾期天数", "自然日", lambda d: d.days),
    Column("依据文件", "数据文件", lambda d: d.path),
    Column("行号", "", lambda d: d.line),
]

METRIC_COLUMNS = [
    Column("项目编号", "", lambda pm: pm.id),
    Column("项目名称", "", lambda pm: pm.name),
    Column("类别", "", lambda pm: labels().category.get(pm.category, pm.category)),
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
    Column("状态", _choices("status"), lambda pm: labels().status.get(pm.status, pm.status)),
    Column("状态原因", "", lambda pm: pm.reason),
]

_WITHHELD_NOTE = f"更正涉及不公开的问题或内部字段时为“{WITHHELD}”"
CORRECTION_COLUMNS = [
    field("report", "project", value=lambda x: x[0]),
    Column("月份", "", lambda x: x[1]),
    field("report", "corrections", "*", "on", value=_of("on")),
    field("report", "corrections", "*", "by", note="单位编号", value=_of("by")),
    field("report", "corrections", "*", "field", note="JSON 指针，如 /investment/month", value=_of("field")),
    # a row is (project id, period, correction, (old, new) as the public may see them: privacy.py)
    field("report", "corrections", "*", "from", note=_WITHHELD_NOTE, value=lambda x: x[3][0]),
    field("report", "corrections", "*", "to", note=_WITHHELD_NOTE, value=lambda x: x[3][1]),
    field("report", "corrections", "*", "why", value=_of("why")),
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
    if isinstance(value, dict | list):  # a correction's old or new value may be a whole mapping or list
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_cell)
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
        source = []
        for pid in sorted(idx.reports):
            private = private_problems(r for _, r in idx.reports[pid].values())
            source += [(pid, period, c, correction_values(r, c, private))
                       for period, (_, r) in sorted(idx.reports[pid].items()) if filed_by(r, as_of)
                       for c in items(r, "corrections")]
    return [[_cell(col.value(item)) for col in columns] for item in source]


# a text cell starting with one of these is a formula to Excel and WPS (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> Any:
    """A value as a spreadsheet cell shows it as written: text a spreadsheet would evaluate (=, +, -, @, tab,
    CR first) gets a leading `'`, which Excel and WPS read as "this is text"; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in [headers, *rows]:
        writer.writerow(["" if v is None else spreadsheet_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel and WPS read UTF-8


def to_json(title: str, headers: list[str], rows: list[list[Any]], meta: dict[str, Any]) -> bytes:
    doc = {**meta, "表": title, "列": headers, "行": [dict(zip(headers, row, strict=True)) for row in rows]}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_xlsx(title: str, headers: list[str], rows: list[list[Any]], meta: dict[str, Any], built: datetime) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.title = title[:31]
    for row in [headers, *rows]:
        append_row(sheet, row)
    about = wb.create_sheet("说明")
    for key, value in meta.items():
        append_row(about, [key, str(value)])
    return workbook_bytes(wb, built)


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
        kind = labels().deadline_kind.get(d.kind, d.kind)
        subject = f"{kind} {d.ref}" if d.kind not in ("action-plan", "start", "completion", "production") else kind
        who = names.get(d.unit or "", d.unit or "")
        where = f"{project_names.get(d.project or '', '')}（{d.project}）" if d.project else ""
        event.add("summary", ("［示例数据］" if demo else "") + f"{subject}{' · ' + where if where else ''}")
        event.add("description", f"责任方：{who}。依据：{d.path}:{d.line}")
        event.add("dtstart", d.due)
        event.add("dtend", d.due + timedelta(days=1))
        event.add("dtstamp", built)
        event.add("uid", f"{d.kind}-{d.project or d.unit}-{d.ref}@sunshine-supervision".replace(" ", "_"))
        event.add("categories", [kind])
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


__all__ = ["FORMULA_START", "TABLES", "Column", "calendar", "dictionary", "downloads", "rows_of", "spreadsheet_text",
           "to_csv", "to_xlsx"]
