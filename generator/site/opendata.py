"""Open data: the public tables as CSV (UTF-8 with BOM, for Excel and WPS), JSON and XLSX, the JSON Schemas,
an iCalendar of upcoming deadlines (one for all, one per unit), and an Atom feed of the circulars.

Only public fields go out: nothing the schemas mark x-internal (team, internal_notes) and no text of a
problem or finding marked `public: false` (its row stays, so the count is visible). Every file made from
demonstration data says 示例数据. Every date inside a file comes from the build time, so two builds of
one commit are byte-identical.

Text is data, never a formula: `spreadsheet_text` gives every CSV cell that Excel or WPS would evaluate
OWASP's `'` prefix, and every XLSX text cell is a string cell holding the text as written
(`sheets/xlsxstream.py`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any
from xml.etree import ElementTree as ET

from generator.compute.circulars import Circular
from generator.compute.deadlines import Deadline
from generator.compute.metrics import Metrics
from generator.core.paths import SCHEMAS
from generator.labels import labels, pointer_title, subschemas
from generator.labels import title as schema_title
from generator.model import Index, filed_by, get, holder_on, items
from generator.sheets.xlsxstream import xlsx_bytes
from generator.site.privacy import WITHHELD, correction_values, is_public, private_problems
from generator.site.wording import Wording

DEMO = "示例数据"


@dataclass(frozen=True)
class Column:
    name: str  # Chinese column name, the header of every format
    note: str  # unit, meaning or formula, for the data dictionary
    value: Callable[[Any, Lookup], Any]  # (row item, lookup) -> cell
    type: str = "string"  # its Table Schema type (datapackage.json): string, integer, number, date, boolean
    codes: str | None = None  # for a coded column: the Labels attribute naming its codes (the code table)
    refers: tuple[str, str] | None = None  # for an id column: (table, id column) it refers to


@dataclass(frozen=True)
class Lookup:
    """What a column may look up besides its row: names of units, posts, counties and projects, and duties in
    words, all as known on the as-of date."""

    idx: Index
    as_of: date
    words: Wording

    def name(self, ref: Any) -> Any:
        """A unit's or county's name, a post's title, a project's name; None for no reference."""
        if ref is None or ref == "":
            return None
        if ref in self.idx.counties:
            return self.idx.counties[ref].get("name")
        if ref in self.idx.projects:
            return self.idx.projects[ref][1].get("name")
        return self.idx.name_of(ref)


def _d(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _choices(name: str) -> str:
    """The values a coded column shows, for the data dictionary: 在建 / 新开工 / 重大前期."""
    return " / ".join(getattr(labels(), name).values())


def _private(problem: dict[str, Any], key: str) -> Any:
    return get(problem, key) if is_public(problem) else None


def _schema_type(kind: str, path: tuple[str, ...]) -> str:
    """A field's Table Schema type from its JSON Schema: integer, number, date (a string of format date)."""
    for node in subschemas(kind, *path):
        types = node.get("type")
        types = [types] if isinstance(types, str) else types or []
        if "integer" in types:
            return "integer"
        if "number" in types:
            return "number"
        if "string" in types:
            return "date" if node.get("format") == "date" else "string"
    return "string"


def field(kind: str, *path: str, note: str = "", value: Callable[[Any, Lookup], Any] | None = None,
          header: str | None = None, type: str | None = None, refers: tuple[str, str] | None = None) -> Column:
    """A column that shows one field of a data file, headed by the field's schema title."""
    inner = tuple(p for p in path if p != "*")
    return Column(header or schema_title(kind, *path), note, value or (lambda doc, _look: get(doc, *inner)),
                  type or _schema_type(kind, path), refers=refers)


def coded(kind: str, *path: str, codes: str, at: Callable[[Any], Any] | None = None,
          header: str | None = None) -> list[Column]:
    """A coded field as two columns: its code (`…代码`), then its name (the code table lists them all)."""
    inner = tuple(p for p in path if p != "*")
    read = at or (lambda doc: get(doc, *inner))
    title = header or schema_title(kind, *path)
    return [Column(f"{title}代码", f"代码，见代码表：{_choices(codes)}", lambda doc, _look: read(doc), codes=codes),
            Column(title, "代码对应的名称", lambda doc, _look: getattr(labels(), codes).get(read(doc), read(doc)))]


def referring(title: str, at: Callable[[Any], Any], table: str, note: str = "") -> list[Column]:
    """A reference to a unit, post, county or project as two columns: its id (`…编号`), then its name. The id
    refers to `table` (a foreign key in datapackage.json) unless it may name a unit or a post ("units|posts")."""
    key = None if "|" in table else (table, "项目编号" if table == "projects" else "编号")
    shown = " 表或 ".join(table.split("|"))
    return [Column(f"{title}编号", note or f"见 {shown} 表", lambda row, _look: at(row), refers=key),
            Column(title, "编号对应的名称", lambda row, look: look.name(at(row)))]


def _of(key: str) -> Callable[[Any], Any]:
    return lambda x: get(x[2], *key.split("."))


def _person(key: str) -> Callable[[Any, Lookup], Any]:
    return lambda p, _look: " ".join(str(x) for x in (get(p, key, "title"), get(p, key, "name")) if x) or None


_DATE = "YYYY-MM-DD"
_DATE_KINDS = ("start", "completion", "production")

PROJECT_COLUMNS = [
    field("project", "id", note="唯一编号，如 2015-zj-01"),
    field("project", "name"),
    *coded("project", "category", codes="category"),
    field("project", "year"),
    *referring(schema_title("project", "county"), lambda p: p.get("county"), "counties"),
    field("project", "owner"),
    field("project", "content"),
    field("project", "total_investment", note="万元"),
    field("project", "annual", "investment", note="万元；为 0 时完成率不适用"),
    field("project", "annual", "progress_target"),
    # the schema titles these 计划日期 / 实际日期 under dates.<kind>: a flat table names the kind too
    *(field("project", "dates", which, when, note=_DATE, header=f"{prefix}{name}日期")
      for which in _DATE_KINDS for name in [labels().deadline_kind[which]] for when, prefix in (("planned", "计划"), ("actual", "实际"))),
    *referring(schema_title("project", "leader_post"), lambda p: p.get("leader_post"), "posts",
               "领导职务编号，任职者见 post_holders 表"),
    *referring(schema_title("project", "lead_unit"), lambda p: p.get("lead_unit"), "units"),
    field("project", "co_units", header=f"{schema_title('project', 'co_units')}编号", note="单位编号，以顿号分隔",
          value=lambda p, _look: "、".join(map(str, items(p, "co_units"))) or None, type="string"),
    field("project", "co_units", note="单位名称，以顿号分隔", type="string",
          value=lambda p, look: "、".join(str(look.name(u)) for u in items(p, "co_units")) or None),
    field("project", "county_leader", value=_person("county_leader"), type="string"),
    field("project", "responsible_person", value=_person("responsible_person"), type="string"),
    field("project", "entered_on", note=f"{_DATE}；未填为当年 1 月 1 日",
          value=lambda p, _look: p.get("entered_on") or f"{p.get('year')}-01-01"),
    field("project", "exited", "on", note=_DATE),
    field("project", "exited", "reason"),
    field("project", "listed_supervision", "on", note=_DATE),
    field("project", "location", "lat", note="WGS-84"),
    field("project", "location", "lon", note="WGS-84"),
]

REPORT_COLUMNS = [
    *referring("项目", lambda r: r.get("project"), "projects"),
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
    *coded("report", "verified", "result", codes="result"),
    field("report", "verified", "adjusted", "investment", "month", note="统计以此为准"),
    field("report", "verified", "adjusted", "investment", "year_to_date", note="统计以此为准"),
    field("report", "verified", "adjusted", "funds", "year_to_date", note="统计以此为准"),
    Column("存在问题数", "含不公开的问题", lambda r, _look: len(items(r, "problems")), "integer"),
    Column("现场调研次数", "", lambda r, _look: len(items(r, "site_visits")), "integer"),
]

# rows of the problem and correction tables are (project id, period, the record)
PROBLEM_COLUMNS = [
    *referring("项目", lambda x: x[0], "projects"),
    Column("月份", "最近一次列出该问题的月报，YYYY-MM", lambda x, _look: x[1]),
    field("report", "problems", "*", "id", note="在项目内唯一", value=lambda x, _look: get(x[2], "id")),
    *coded("report", "problems", "*", "category", codes="problem_category", at=_of("category")),
    field("report", "problems", "*", "summary", note="不公开的问题此列为空",
          value=lambda x, _look: _private(x[2], "summary")),
    field("report", "problems", "*", "measures", note="不公开的问题此列为空",
          value=lambda x, _look: _private(x[2], "measures")),
    *referring(schema_title("report", "problems", "*", "escalated_to"), _of("escalated_to"), "units|posts"),
    field("report", "problems", "*", "escalated_on", value=lambda x, _look: _of("escalated_on")(x)),
    field("report", "problems", "*", "answer", "on", value=lambda x, _look: _of("answer.on")(x)),
    field("report", "problems", "*", "answer", "content", note="不公开的问题此列为空",
          value=lambda x, _look: get(x[2], "answer", "content") if is_public(x[2]) else None),
    field("report", "problems", "*", "answer", "promised_by", value=lambda x, _look: _of("answer.promised_by")(x)),
    field("report", "problems", "*", "closed", "on", value=lambda x, _look: _of("closed.on")(x)),
    field("report", "problems", "*", "public", note="否：内容按规定不公开，仅计入数量", type="boolean",
          value=lambda x, _look: "是" if is_public(x[2]) else "否"),
]

DEADLINE_COLUMNS = [
    Column("类别代码", f"代码，见代码表：{_choices('deadline_kind')}", lambda d, _look: d.kind, codes="deadline_kind"),
    Column("类别", "代码对应的名称", lambda d, _look: labels().deadline_kind.get(d.kind, d.kind)),
    Column("事项", "月份、问题编号、节点名称等（与数据文件中的写法一致）", lambda d, _look: d.ref),
    Column("事项说明", "事项的文字说明，如“2015年7月月报”；不公开的问题不含内容", lambda d, look: look.words.what(d)),
    *referring("项目", lambda d: d.project, "projects"),
    *referring("责任方", lambda d: d.unit, "units|posts"),
    Column("任职者", "责任方为领导职务时，截止日的任职者", lambda d, _look: d.holder),
    Column("截止日期", _DATE, lambda d, _look: _d(d.due), "date"),
    Column("完成日期", "数据日期当天已知的完成日期", lambda d, _look: _d(d.done_on), "date"),
    Column("状态代码", f"代码，见代码表：{_choices('deadline_state')}", lambda d, _look: d.state, codes="deadline_state"),
    Column("状态", "代码对应的名称", lambda d, _look: labels().deadline_state.get(d.state, d.state)),
    Column("逾期天数", "自然日", lambda d, _look: d.days, "integer"),
    Column("依据文件", "数据文件（在代码仓库中的位置）", lambda d, _look: d.path),
    Column("行号", "", lambda d, _look: d.line, "integer"),
]

METRIC_COLUMNS = [
    *referring("项目", lambda pm: pm.id, "projects"),
    Column("类别代码", f"代码，见代码表：{_choices('category')}", lambda pm, _look: pm.category, codes="category"),
    Column("类别", "代码对应的名称", lambda pm, _look: labels().category.get(pm.category, pm.category)),
    *referring("所在县市", lambda pm: pm.county, "counties"),
    *referring("责任单位", lambda pm: pm.lead_unit, "units"),
    Column("在督", "数据日期当天是否在督查名单内", lambda pm, _look: "是" if pm.listed else "否", "boolean"),
    Column("年度计划投资（万元）", "", lambda pm, _look: pm.annual_plan, "number"),
    Column("本年累计完成投资（报送，万元）", "", lambda pm, _look: pm.ytd_reported, "number"),
    Column("本年累计完成投资（核实，万元）", "核减后", lambda pm, _look: pm.ytd, "number"),
    Column("序时进度", "M ÷ 12，年中纳入的为 (M − e + 1) ÷ (13 − e)；小数", lambda pm, _look: pm.time_progress, "number"),
    Column("投资完成率", "本年累计（核实）÷ 年度计划；计划为 0 时为空", lambda pm, _look: pm.completion, "number"),
    Column("差距（百分点）", "序时进度 − 投资完成率；为负表示超前", lambda pm, _look: pm.gap_points, "number"),
    Column("本年资金到位（万元）", "", lambda pm, _look: pm.funds_ytd, "number"),
    Column("资金到位率", "资金到位 ÷ 年度计划", lambda pm, _look: pm.funds_rate, "number"),
    Column("状态代码", f"代码，见代码表：{_choices('status')}", lambda pm, _look: pm.status, codes="status"),
    Column("状态", "代码对应的名称", lambda pm, _look: labels().status.get(pm.status, pm.status)),
    Column("状态原因", "", lambda pm, _look: pm.reason),
]

_WITHHELD_NOTE = f"更正涉及不公开的问题或内部字段时为“{WITHHELD}”"
CORRECTION_COLUMNS = [
    *referring("项目", lambda x: x[0], "projects"),
    Column("月份", "YYYY-MM", lambda x, _look: x[1]),
    field("report", "corrections", "*", "on", value=lambda x, _look: _of("on")(x)),
    *referring(schema_title("report", "corrections", "*", "by"), _of("by"), "units"),
    field("report", "corrections", "*", "field", note="JSON 指针，如 /investment/month",
          value=lambda x, _look: _of("field")(x)),
    Column("更正字段名称", "字段的中文名称", lambda x, _look: pointer_title("report", str(_of("field")(x) or ""))),
    # a row is (project id, period, correction, (old, new) as the public may see them: privacy.py)
    field("report", "corrections", "*", "from", note=_WITHHELD_NOTE, value=lambda x, _look: x[3][0], type="string"),
    field("report", "corrections", "*", "to", note=_WITHHELD_NOTE, value=lambda x, _look: x[3][1], type="string"),
    field("report", "corrections", "*", "why", value=lambda x, _look: _of("why")(x)),
]

# the organisation: who is who (the tables above refer to these by id)
COUNTY_COLUMNS = [
    Column("编号", "县市编号", lambda c, _look: c.get("id")),
    field("counties", "*", "name", value=lambda c, _look: c.get("name")),
]

UNIT_COLUMNS = [
    Column("编号", "单位编号", lambda u, _look: u.get("id")),
    field("units", "*", "name", value=lambda u, _look: u.get("name")),
    field("units", "*", "short_name", value=lambda u, _look: u.get("short_name")),
    *coded("units", "*", "kind", codes="unit_kind", at=lambda u: u.get("kind")),
    *referring("所在县市", lambda u: u.get("county"), "counties", "县市政府所在的县市"),
]

POST_COLUMNS = [
    Column("编号", "领导职务编号", lambda p, _look: p.get("id")),
    field("posts", "*", "title", value=lambda p, _look: p.get("title")),
    Column("数据日期的任职者", "空为空缺", lambda p, look: holder_on(p, look.as_of)),
]

# a row is (post, holder record)
HOLDER_COLUMNS = [
    Column("领导职务编号", "见 posts 表", lambda x, _look: x[0].get("id"), refers=("posts", "编号")),
    Column("领导职务", "", lambda x, _look: x[0].get("title")),
    field("posts", "*", "holders", "*", "name", value=lambda x, _look: get(x[1], "name")),
    field("posts", "*", "holders", "*", "from", value=lambda x, _look: get(x[1], "from")),
    field("posts", "*", "holders", "*", "to", note="空为仍在任", value=lambda x, _look: get(x[1], "to")),
]

# a row is (the coded field's title, the Labels attribute, code, name)
CODE_COLUMNS = [
    Column("字段", "哪一列使用这些代码", lambda x, _look: x[0]),
    Column("代码表", "代码表的名称", lambda x, _look: x[1]),
    Column("代码", "", lambda x, _look: x[2]),
    Column("名称", "代码对应的名称", lambda x, _look: x[3]),
]

TABLES: dict[str, tuple[str, list[Column]]] = {
    "projects": ("项目", PROJECT_COLUMNS),
    "reports": ("月报", REPORT_COLUMNS),
    "problems": ("存在问题", PROBLEM_COLUMNS),
    "deadlines": ("期限事项", DEADLINE_COLUMNS),
    "metrics": ("项目指标", METRIC_COLUMNS),
    "corrections": ("更正记录", CORRECTION_COLUMNS),
    "counties": ("县市", COUNTY_COLUMNS),
    "units": ("单位", UNIT_COLUMNS),
    "posts": ("州责任领导职务", POST_COLUMNS),
    "post_holders": ("领导职务任职记录", HOLDER_COLUMNS),
    "codes": ("代码表", CODE_COLUMNS),
}
KEYS = {"projects": ["项目编号"], "counties": ["编号"], "units": ["编号"], "posts": ["编号"],
        "codes": ["代码表", "代码"]}  # each table's primary key (datapackage.json)


def code_rows() -> list[tuple[str, str, str, str]]:
    """Every code of every coded column, with its name: one code table for all tables."""
    seen: dict[str, str] = {}
    for _, columns in TABLES.values():
        for col in columns:
            if col.codes:
                seen.setdefault(col.codes, col.name.removesuffix("代码"))
    return [(title, attr, code, name) for attr, title in seen.items()
            for code, name in getattr(labels(), attr).items()]


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
    look = Lookup(idx, as_of, Wording(idx, as_of))
    source: list[Any]
    if name == "projects":
        source = [p for _, (_, p) in sorted(idx.projects.items())]
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
    elif name == "corrections":
        source = []
        for pid in sorted(idx.reports):
            private = private_problems(r for _, r in idx.reports[pid].values())
            source += [(pid, period, c, correction_values(r, c, private))
                       for period, (_, r) in sorted(idx.reports[pid].items()) if filed_by(r, as_of)
                       for c in items(r, "corrections")]
    elif name in ("counties", "units", "posts"):
        table = {"counties": idx.counties, "units": idx.units, "posts": idx.posts}[name]
        source = [table[ref] for ref in (idx.units_in_order() if name == "units" else table)]
    elif name == "post_holders":
        source = [(post, holder) for post in idx.posts.values() for holder in items(post, "holders")]
    else:
        source = code_rows()
    return [[_cell(col.value(item, look)) for col in columns] for item in source]


# a text cell starting with one of these is a formula to Excel and WPS (OWASP, "CSV Injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> Any:
    """A value as a spreadsheet cell shows it as written: text a spreadsheet would evaluate (=, +, -, @, tab,
    CR first) gets a leading `'`, which Excel and WPS read as "this is text"; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


CHUNK_ROWS = 2000  # rows of a table written at a time


def to_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    return b"".join(csv_parts(headers, rows))


def csv_parts(headers: list[str], rows: list[list[Any]]) -> Iterator[bytes]:
    """The table as CSV for Excel and WPS, a few thousand rows at a time."""
    yield "\ufeff".encode()  # the BOM makes Excel and WPS read UTF-8
    table = [headers, *rows]
    for start in range(0, len(table), CHUNK_ROWS):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for row in table[start:start + CHUNK_ROWS]:
            writer.writerow(["" if v is None else spreadsheet_text(v) for v in row])
        yield buffer.getvalue().encode("utf-8")


def to_json(title: str, headers: list[str], rows: list[list[Any]], meta: dict[str, Any]) -> bytes:
    return b"".join(json_parts(title, headers, rows, meta))


def json_parts(title: str, headers: list[str], rows: list[list[Any]], meta: dict[str, Any]) -> Iterator[bytes]:
    """The table as one JSON document, `json.dumps(doc, ensure_ascii=False, indent=1)` byte for byte, a few
    thousand rows at a time: a province's deadlines are half a million rows, and a dict per row, Python's
    indenting encoder and the whole text at once cost more than the rest of the table."""
    head = json.dumps({**meta, "表": title, "列": headers, "行": []}, ensure_ascii=False, indent=1)
    if not rows:
        yield (head + "\n").encode("utf-8")
        return
    keys = [f"   {encode_basestring(h)}: " for h in headers]
    yield head.removesuffix("[]\n}").encode("utf-8") + b"[\n"
    for start in range(0, len(rows), CHUNK_ROWS):
        texts = []
        for i, row in enumerate(rows[start:start + CHUNK_ROWS], start=start):
            if len(row) != len(keys):
                raise ValueError(f"{title}：第 {i + 1} 行有 {len(row)} 列，表头有 {len(keys)} 列")
            texts.append("  {\n" + ",\n".join(key + _json_value(value) for key, value in zip(keys, row, strict=True))
                         + "\n  }")
        yield (",\n" if start else "").encode() + ",\n".join(texts).encode("utf-8")
    yield b"\n ]\n}\n"


def _json_value(value: Any) -> str:
    """One cell as json.dumps writes it (text, integers, nothing and truth values without the general encoder)."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def to_xlsx(title: str, headers: list[str], rows: list[list[Any]], meta: dict[str, Any], built: datetime) -> bytes:
    """The table on a sheet named after it, then 说明: the file's facts (as of, licence), one a row."""
    return xlsx_bytes([(title[:31], [headers, *rows]), ("说明", [[key, str(value)] for key, value in meta.items()])],
                      built)


def calendar(deadlines: list[Deadline], title: str, built: datetime, names: dict[str, str],
             project_names: dict[str, str], demo: bool, timezone: str,
             what: Callable[[Deadline], str] | None = None) -> bytes:
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
        subject = what(d) if what else kind
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


def _unit_calendars(idx: Index, deadlines: list[Deadline]) -> dict[str, list[Deadline]]:
    """Each unit's deadlines, for its calendar file, in the order of `deadlines`."""
    mine: dict[str, list[Deadline]] = {}
    for d in deadlines:
        if d.unit in idx.units:
            mine.setdefault(d.unit, []).append(d)
    return {unit: mine[unit] for unit in sorted(mine)}


def download_names(idx: Index, deadlines: list[Deadline]) -> list[str]:
    """The site paths `iter_downloads` makes, sorted, known before any file is made."""
    names = [f"downloads/{name}.{ext}" for name in TABLES for ext in ("csv", "json", "xlsx")]
    names += ["downloads/calendar/all.ics", *(f"downloads/calendar/{u}.ics" for u in _unit_calendars(idx, deadlines))]
    names += ["downloads/datapackage.json", "feed.xml", *(f"downloads/schemas/{s.name}" for s in SCHEMAS.rglob("*.schema.json"))]
    return sorted(names)


def iter_downloads(idx: Index, deadlines: list[Deadline], figures: Metrics, circulars: list[Circular],
                   built: datetime, demo: bool, license_text: str,
                   site_name: str) -> Iterator[tuple[str, bytes | Iterator[bytes]]]:
    """Every open-data file by site path, each table made when it is taken, its CSV and JSON in parts (a
    province's tables are hundreds of megabytes: a build holds one table's rows and a part of a file)."""
    meta = {"数据截至": figures.as_of.isoformat(), "许可": license_text or "未声明",
            "说明": "本表由阳光督查系统从版本化数据生成；列的含义见“开放数据”页的数据字典。"}
    if demo:
        meta = {DEMO: "是：本数据为演示用的虚构数据，不代表任何真实项目。", **meta}
    for name, (title, columns) in TABLES.items():
        headers = [c.name for c in columns]
        rows = rows_of(name, idx, deadlines, figures)
        if demo:
            headers = [*headers, "数据性质"]
            rows = [[*row, DEMO] for row in rows]
        yield f"downloads/{name}.csv", csv_parts(headers, rows)
        yield f"downloads/{name}.json", json_parts(title, headers, rows, meta)
        yield f"downloads/{name}.xlsx", to_xlsx(title, headers, rows, meta, built)
        del rows
    names, project_names, tz = idx.names(), idx.project_names(), idx.settings.timezone
    what = Wording(idx, figures.as_of).what
    yield "downloads/calendar/all.ics", calendar(deadlines, "重点项目期限", built, names, project_names, demo, tz, what)
    for unit, mine in _unit_calendars(idx, deadlines).items():
        yield f"downloads/calendar/{unit}.ics", calendar(mine, f"{names[unit]} · 重点项目期限", built, names,
                                                         project_names, demo, tz, what)
    yield "downloads/datapackage.json", datapackage(TABLES, demo, site_name, license_text,
                                                    str(idx.settings.get("open_data", "license_url") or ""), figures.as_of)
    yield "feed.xml", atom_feed(circulars, built, demo, site_name)
    for schema in sorted(SCHEMAS.rglob("*.schema.json")):
        yield f"downloads/schemas/{schema.name}", schema.read_bytes()


def datapackage(tables: dict[str, tuple[str, list[Column]]], demo: bool, site_name: str, license_text: str,
                license_url: str, as_of: date) -> bytes:
    """A Frictionless Data Package (datapackage.json) describing every CSV table: each column's type and
    meaning, each table's key and which id columns refer to which table, so `frictionless validate` checks
    the downloads and any tool can join them."""
    resources = []
    for name, (title, columns) in tables.items():
        fields: list[dict[str, Any]] = []
        for col in columns:
            entry: dict[str, Any] = {"name": col.name, "type": col.type, "description": col.note or col.name}
            if col.type == "boolean":
                entry |= {"trueValues": ["是"], "falseValues": ["否"]}
            fields.append(entry)
        if demo:
            fields.append({"name": "数据性质", "type": "string", "description": "示例数据：演示用的虚构数据",
                           "constraints": {"enum": [DEMO]}})
        schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
        if name in KEYS:
            schema["primaryKey"] = KEYS[name]
        links = [{"fields": [col.name], "reference": {"resource": col.refers[0], "fields": [col.refers[1]]}}
                 for col in columns if col.refers and col.refers[0] in tables]
        if links:
            schema["foreignKeys"] = links
        resources.append({"name": name.replace("_", "-"), "title": title, "path": f"{name}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    package: dict[str, Any] = {
        "name": "sunshine-supervision", "title": site_name + (f"（{DEMO}）" if demo else ""),
        "description": f"重点项目督查的公开数据，数据截至 {as_of.isoformat()}。每张表另有同名的 .xlsx 和 .json 文件，内容相同。",
        "resources": resources,
    }
    if license_text:
        # the licence's identifier (CC BY 4.0 → CC-BY-4.0, the SPDX form), or "other" for a licence in words
        ident = re.sub(r"\s+", "-", license_text.strip()) if re.fullmatch(r"[A-Za-z0-9. -]+", license_text) else "other"
        package["licenses"] = [{"name": ident, "title": license_text, **({"path": license_url} if license_url else {})}]
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def dictionary() -> list[tuple[str, str, list[Column]]]:
    return [(name, title, columns) for name, (title, columns) in TABLES.items()]


__all__ = ["FORMULA_START", "TABLES", "Column", "calendar", "code_rows", "datapackage", "dictionary", "download_names",
           "iter_downloads", "rows_of", "spreadsheet_text", "to_csv", "to_xlsx"]
