"""Column names and the header rows of real tables.

FIELDS is the one synonym list: for every kind of table, each field with the kind of value it holds, the
header we write (the schema's title where the field has one) and the other names tables use for it. A
header is matched after normalising: full-width forms as ASCII, no spaces or line breaks, a unit in it
(（亿元）, 万元, 元) taken out and remembered, a year in front (2015年计划投资) read as 年度.

A header may span two rows with merged cells (开工时间 over 计划 | 实际; 总投资 over （亿元）); a title row
above it and 序号, 合计 / 小计, section (一、在建项目) and blank rows among the data are recognised.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from generator.labels import labels
from generator.labels import title as schema_title
from generator.sheets.grid import Grid

YI, WAN, YUAN = Decimal(10000), Decimal(1), Decimal("0.0001")


@dataclass(frozen=True)
class Field:
    key: str  # the field's place in the record: "annual.investment"; "_…" for columns read but not stored
    kind: str  # how a cell becomes a value (sheets.cells.KINDS)
    header: str  # what we write
    synonyms: tuple[str, ...] = ()


def _f(table: str, key: str, kind: str, *synonyms: str, header: str | None = None) -> Field:
    return Field(key, kind, header or schema_title(table, *key.split(".")), synonyms)


def _dates(which: str, *extra: str) -> list[Field]:
    name = labels().deadline_kind[which]
    return [Field(f"dates.{which}.planned", "date", f"计划{name}日期",
                  (f"计划{name}时间", f"{name}时间", f"{name}日期", f"计划{name}", *extra)),
            Field(f"dates.{which}.actual", "date", f"实际{name}日期", (f"实际{name}时间", f"实际{name}"))]


_SEQ = Field("_seq", "ignore", "序号", ("编号序号", "排序"))
_PID = ("项目编号", "编号")


@cache
def fields() -> dict[str, list[Field]]:
    """Every table kind's columns, in the order we write them."""
    p, r = "project", "report"
    return {
        "projects": [
            _SEQ,
            _f(p, "id", "id", "编号"),
            _f(p, "name", "line", "项目", "名称", "项目名"),
            _f(p, "category", "category", "类别", "项目类型"),
            _f(p, "year", "int", "年度"),
            _f(p, "county", "county", "建设地点", "项目所在地", "所在地", "所在县", "县市", "项目地点", "实施地点"),
            _f(p, "owner", "line", "业主单位", "项目业主单位", "业主", "项目法人", "建设单位"),
            _f(p, "content", "text", "建设规模及内容", "建设内容", "主要建设内容", "建设规模", "主要建设内容及规模"),
            _f(p, "total_investment", "money", "计划总投资", "项目总投资", "估算总投资", "总投资额", "总投资"),
            _f(p, "annual.investment", "money", "年度投资计划", "年度计划完成投资", "年度投资", "本年计划投资"),
            _f(p, "annual.progress_target", "text", "年度目标任务", "年度形象进度", "形象进度目标", "年度工作目标",
               "年度建设目标"),
            *_dates("start"), *_dates("completion"), *_dates("production", "投入使用时间"),
            _f(p, "leader_post", "post", "州级责任领导", "挂钩州领导", "责任领导", "州领导", "州级领导", "挂钩联系州领导"),
            _f(p, "lead_unit", "unit", "牵头单位", "州级责任单位", "主办单位", "责任部门", "牵头责任单位", "州级牵头单位"),
            _f(p, "co_units", "units", "配合单位", "协助单位", "协办部门", "配合部门"),
            _f(p, "county_leader", "person", "县级责任领导", "县市级责任领导", "县(市)责任领导"),
            _f(p, "county_leader_note", "line"),
            _f(p, "responsible_person", "person", "项目责任人", "具体责任人"),
            _f(p, "action_plan.submitted_on", "date", "行动方案报送日期", header="推进行动方案报送日期"),
            _f(p, "entered_on", "date", "纳入日期"),
            _f(p, "exited.on", "date"), _f(p, "exited.reason", "text"),
            _f(p, "listed_supervision.on", "date"), _f(p, "listed_supervision.by", "unit"),
            _f(p, "listed_supervision.lifted_on", "date"),
            _f(p, "location.lat", "coordinate"), _f(p, "location.lon", "coordinate"),
            _f(p, "internal_notes", "text", "备注(内部)"),
        ],
        "milestones": [
            Field("project", "ref", "项目编号", _PID[1:]), Field("_name", "ref", "项目名称", ("项目",)),
            _f(p, "annual.milestones.*.name", "line", "工期节点", "节点", "倒排工期节点"),
            _f(p, "annual.milestones.*.kind", "milestone_kind", "手续类别"),
            _f(p, "annual.milestones.*.due", "date", "完成时限", "计划完成时间", "计划完成日期"),
            _f(p, "annual.milestones.*.done_on", "date", "实际完成时间"),
        ],
        "sources": [
            Field("project", "ref", "项目编号", _PID[1:]), Field("_name", "ref", "项目名称", ("项目",)),
            _f(p, "funding_sources.*.kind", "funding_kind", "资金来源", "来源渠道"),
            _f(p, "funding_sources.*.amount", "money", "金额", "资金额", "资金数额"),
        ],
        "team": [
            Field("project", "ref", "项目编号", _PID[1:]), Field("_name", "ref", "项目名称", ("项目",)),
            _f(p, "team.*.name", "line"), _f(p, "team.*.role", "line", "职责", "工作分工"),
            _f(p, "team.*.phone", "phone", "电话", "手机", "联系方式"),
        ],
        "reports": [
            _SEQ,
            Field("project", "ref", "项目编号", _PID[1:]), Field("_name", "ref", "项目名称", ("项目",)),
            _f(r, "submitted_on", "date", "填报日期", "报送时间"),
            _f(r, "investment.month", "money", "当月完成投资", "本月投资", "月度完成投资", "本月完成"),
            _f(r, "investment.year_to_date", "money", "本年累计", "本年完成投资", "年初累计完成投资", "今年累计完成投资",
               "年度累计完成投资"),
            _f(r, "investment.since_start", "money", "自开工累计完成投资", "开工以来累计完成投资", "累计完成投资"),
            _f(r, "funds.year_to_date", "money", "资金到位", "到位资金", "本年到位资金", "资金到位情况"),
            _f(r, "progress.summary", "text", "工程形象进度", "项目进展情况", "本月形象进度", "进展情况"),
            _f(r, "progress.percent", "number", "形象进度百分比", "年度目标完成比例"),
            _f(r, "relocation", "text", "征地拆迁", "征地拆迁情况"),
            _f(r, "next_steps", "text", "下步工作计划", "下月工作打算", "下步打算"),
            # shown in a template for reference, never read back
            Field("_category", "ignore", "项目类别", ("类别",)),
            Field("_last_ytd", "ignore", "上月本年累计完成投资（万元）"),
            Field("_last_funds", "ignore", "上月本年资金到位（万元）"),
            Field("_plan", "ignore", "年度计划投资（万元）", ("年度投资计划",)),
            Field("_about", "ignore", "责任单位", ("总投资", "计划总投资", "所在县市", "项目业主", "建设内容及规模")),
        ],
        "problems": [
            Field("project", "ref", "项目编号"), Field("_name", "ref", "项目名称", ("项目",)),
            _f(r, "problems.*.id", "id", "编号"),
            _f(r, "problems.*.category", "problem_category", "类别"),
            _f(r, "problems.*.summary", "text", "存在问题", "问题", "问题描述", "主要问题"),
            _f(r, "problems.*.measures", "text", "措施", "解决措施", "应对措施及建议", "解决措施及建议"),
            _f(r, "problems.*.escalated_to", "unit_or_post", "报请单位", "协调对象", "报请部门"),
            _f(r, "problems.*.escalated_on", "date", "报请时间", "上报日期"),
            _f(r, "problems.*.answer.on", "date", "答复时间"),
            _f(r, "problems.*.answer.by", "unit_or_post", "答复部门"),
            _f(r, "problems.*.answer.content", "text", "答复意见"),
            _f(r, "problems.*.answer.promised_by", "date", "解决时限", "承诺时限"),
            _f(r, "problems.*.answer.late_entry", "text"),
            _f(r, "problems.*.public", "bool", "是否公开"),
            Field("_closed", "ignore", schema_title(r, "problems", "*", "closed", "on"), ("销号",)),
        ],
        "visits": [
            Field("project", "ref", "项目编号", _PID[1:]), Field("_name", "ref", "项目名称", ("项目",)),
            _f(r, "site_visits.*.on", "date", "调研时间", "日期"),
            _f(r, "site_visits.*.by", "unit", "调研部门", "单位"),
            _f(r, "site_visits.*.late_entry", "text"),
        ],
    }


# What makes a grid a table of a kind: every group must have one of its fields.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "projects": (("name", "id"), ("lead_unit", "leader_post", "total_investment", "owner", "county")),
    "milestones": (("project", "_name"), ("annual.milestones.*.name",), ("annual.milestones.*.due",)),
    "sources": (("project", "_name"), ("funding_sources.*.kind",), ("funding_sources.*.amount",)),
    "team": (("project", "_name"), ("team.*.name",), ("team.*.role",)),
    "reports": (("project", "_name"), ("investment.month", "investment.year_to_date", "progress.summary")),
    "problems": (("project", "_name"), ("problems.*.summary", "problems.*.id")),
    "visits": (("project", "_name"), ("site_visits.*.on",), ("site_visits.*.by",)),
}

_UNIT = re.compile(r"[(\[]?(亿元|万元|元|%)[)\]]?")
_YEAR = re.compile(r"^(?:[0-9]{4}|本)年度?")
_SPACE = re.compile(r"\s+")


def normal(text: Any) -> str:
    """Text compared as people mean it: full-width forms as ASCII, no whitespace anywhere."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text))) if text is not None else ""


def header_key(text: Any) -> tuple[str, Decimal | None]:
    """A header as matched (unit and year taken out) and the factor to 万元 its unit gives, if any."""
    t = normal(text).rstrip(":")
    scale: Decimal | None = None
    m = _UNIT.search(t)
    if m:
        scale = {"亿元": YI, "万元": WAN, "元": YUAN}.get(m.group(1))
        t = (t[:m.start()] + t[m.end():]).strip()
    return _YEAR.sub("年度", t) if not t.startswith("年度") else t, scale


@cache
def _lookup(table: str) -> dict[str, Field]:
    out: dict[str, Field] = {}
    for f in fields()[table]:
        for name in (f.header, *f.synonyms):
            out.setdefault(header_key(name)[0], f)
    return out


@dataclass
class Column:
    col: int  # 0-based
    field: Field
    scale: Decimal | None  # 万元 per unit of the column, for money
    header: str  # as written in the table


@dataclass
class Layout:
    """Where a table's header is and what each column holds."""

    table: str
    grid: Grid
    header_row: int  # 0-based first header row
    depth: int  # 1 or 2 header rows
    columns: dict[str, Column] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (column, header) read but not known
    duplicate: list[tuple[int, str]] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        return self.header_row + self.depth

    def title(self) -> str:
        """The text above the header (a title row), or above a Word table."""
        above = [str(v) for r in range(self.header_row) for v in dict.fromkeys(self.grid.rows[r]) if v is not None]
        return " ".join([*self.grid.before, *above])


def _candidates(top: Any, bottom: Any) -> list[tuple[str, Decimal | None]]:
    """What a column's header may mean: both rows read together in either order, then each alone."""
    (t, ts), (b, bs) = header_key(top), header_key(bottom)
    scale = bs or ts
    if not b or t == b:
        return [(t, scale)]
    if not t:
        return [(b, scale)]
    return [(b + t, scale), (t + b, scale), (b, scale), (t, scale)]


def _match(table: str, top: Any, bottom: Any) -> tuple[Field, Decimal | None] | None:
    known = _lookup(table)
    for text, scale in _candidates(top, bottom):
        if text in known:
            return known[text], scale
    return None


def _looks_like_data(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if not isinstance(value, str):
        return True  # numbers and dates are data, never headers
    return bool(re.fullmatch(r"[-+]?[0-9][0-9,.]*", normal(value)))


def _layout(table: str, grid: Grid, row: int, depth: int) -> Layout:
    out = Layout(table, grid, row, depth)
    for c in range(grid.width):
        top = grid.value(row, c)
        bottom = grid.value(row + 1, c) if depth == 2 else None
        if top is None and bottom is None:
            continue
        found = _match(table, top, bottom)
        shown = " ".join(dict.fromkeys(str(v) for v in (top, bottom) if v is not None))
        if found is None:
            out.unknown.append((c, shown))
        elif found[0].key in out.columns:
            if out.columns[found[0].key].header != shown or not grid.is_merged_copy(row, c):
                out.duplicate.append((c, shown))
        else:
            out.columns[found[0].key] = Column(c, found[0], found[1], shown)
    return out


def _satisfies(layout: Layout) -> bool:
    return all(any(k in layout.columns for k in group) for group in REQUIRED[layout.table])


SCAN_ROWS = 20


def find_layout(table: str, grid: Grid) -> Layout | None:
    """The header of a table of this kind in the grid (the best-matching row, one or two rows deep)."""
    best: Layout | None = None
    for row in range(min(SCAN_ROWS, len(grid.rows))):
        one = _layout(table, grid, row, 1)
        if not _satisfies(one):
            continue
        layout = one
        ident = next((one.columns[k].col for k in ("name", "_name", "id", "project") if k in one.columns), None)
        below = [grid.value(row + 1, c) for c in range(grid.width)]
        if ident is not None and row + 1 < len(grid.rows) and any(v is not None for v in below) \
                and not any(_looks_like_data(v) for v in below) \
                and (grid.value(row + 1, ident) is None or grid.is_merged_copy(row + 1, ident)):
            two = _layout(table, grid, row, 2)
            if _satisfies(two) and len(two.columns) >= len(one.columns):
                layout = two
        if best is None or len(layout.columns) > len(best.columns):
            best = layout
    return best


_TOTAL = re.compile(r"^(合计|小计|总计|共计|其中|累计)[:：]?|(合计|小计|总计)$")
_SECTION = re.compile(r"^[一二三四五六七八九十]+[、.．]|^[(（][一二三四五六七八九十]+[)）]")
_NOTE = re.compile(r"^(注|备注|说明|填表说明|填报说明)[:：]?")


@dataclass(frozen=True)
class Row:
    index: int  # 0-based row of the grid
    section: str | None  # the last section heading above it (一、在建项目)


def data_rows(layout: Layout) -> list[Row]:
    """The rows that hold records: not blank, not a total, a section heading, a note or a repeated header."""
    grid, out = layout.grid, []
    key_cols = [layout.columns[k].col for k in ("name", "_name", "id", "project") if k in layout.columns]
    headers = {normal(layout.columns[k].header) for k in ("name", "_name", "id", "project") if k in layout.columns}
    label_cols = sorted({0, *key_cols, *(layout.columns[k].col for k in ("_seq",) if k in layout.columns)})
    section: str | None = None
    for r in range(layout.first_data_row, len(grid.rows)):
        values = [v for v in grid.rows[r] if v is not None]
        if not values:
            continue
        texts = [normal(v) for v in dict.fromkeys(values)]
        first = texts[0]
        if len(texts) == 1 and (_SECTION.search(first) or any(label in first for label in labels().category.values())):
            section = first
            continue
        if any(_TOTAL.search(normal(grid.value(r, c))) for c in label_cols if grid.value(r, c) is not None) \
                or _NOTE.search(first) or any(normal(grid.value(r, c)) in headers for c in key_cols):
            continue
        if all(grid.value(r, c) is None for c in key_cols):
            continue
        out.append(Row(r, section))
    return out
