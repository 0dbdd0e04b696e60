"""Stage 2 — validate: the cross-file rules of the data contract (DATA-MODEL.md).

Rules read a light index built once from the loaded files, and each is a small named function that yields
problems. Rules are defensive: a file whose shape was wrong is absent from the index, and any field may
be missing, so a rule never assumes more than the schema guaranteed.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from generator.codes import problem
from generator.load import DataFile, Loaded, load
from generator.paths import RepoPaths
from generator.problems import Problem, Report, pointer_of

SUM_TOLERANCE = Decimal("0.5")
_MONTH_RE = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
_PERIOD_RE = re.compile(r"^([0-9]{4})-(Q[1-3]|FY)$")
_DISPATCH_RE = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})-(0[1-9]|[1-9][0-9])$")
_CIRCULAR_RE = re.compile(r"^[0-9]{4}-(?:0[1-9]|1[0-2]|Q[1-4])$")

CLOSER_KINDS = frozenset({"supervision_office", "inspection_office", "key_project_office"})


def to_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def filed_by(doc: Any, as_of: date) -> bool:
    """Whether a report or briefing was submitted on or before as-of: a fact dated later is not known then."""
    submitted = to_date(get(doc, "submitted_on"))
    return submitted is not None and submitted <= as_of


def month_last_day(period: str) -> date | None:
    m = _MONTH_RE.match(period) if isinstance(period, str) else None
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    return date(year, month, calendar.monthrange(year, month)[1])


def period_last_day(period: str) -> date | None:
    """Last day of a briefing period (YYYY-Q1..Q3 or YYYY-FY)."""
    m = _PERIOD_RE.match(period) if isinstance(period, str) else None
    if not m:
        return None
    year, part = int(m.group(1)), m.group(2)
    return {"Q1": date(year, 3, 31), "Q2": date(year, 6, 30), "Q3": date(year, 9, 30), "FY": date(year, 12, 31)}[part]


def get(data: Any, *path: str | int) -> Any:
    """Nested lookup that tolerates missing keys and wrong shapes."""
    for key in path:
        if type(data) is dict:
            data = data.get(key)
        elif type(data) is list and type(key) is int and key < len(data):
            data = data[key]
        else:
            return None
    return data


def items(data: Any, *path: str) -> list[Any]:
    value = get(data, *path)
    return value if isinstance(value, list) else []


def is_listed(project: dict[str, Any], day: date) -> bool:
    """DATA-MODEL: listed when entered_on <= day and (no exit, or day < exited.on)."""
    entered = to_date(project.get("entered_on")) or _year_start(project)
    if entered is None or day < entered:
        return False
    exited = to_date(get(project, "exited", "on"))
    return exited is None or day < exited


def _year_start(project: dict[str, Any]) -> date | None:
    year = project.get("year")
    return date(year, 1, 1) if isinstance(year, int) and 1900 < year < 3000 else None


def _plain_id(ref: Any) -> str:
    """An id as it was meant: no surrounding (full-width) spaces, ASCII, lower case."""
    import unicodedata

    return unicodedata.normalize("NFKC", str(ref)).strip().lower()


@dataclass
class Index:
    """The light index that cross-file rules read."""

    config: dict[str, Any] = field(default_factory=dict)
    counties: dict[str, dict[str, Any]] = field(default_factory=dict)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    projects: dict[str, tuple[DataFile, dict[str, Any]]] = field(default_factory=dict)
    reports: dict[str, dict[str, tuple[DataFile, dict[str, Any]]]] = field(default_factory=dict)  # project→period
    report_files_present: set[tuple[str, str]] = field(default_factory=set)  # (project, period), loaded or not
    briefings: list[tuple[DataFile, dict[str, Any]]] = field(default_factory=list)
    dispatches: list[tuple[DataFile, dict[str, Any]]] = field(default_factory=list)
    org_files: dict[str, DataFile] = field(default_factory=dict)
    org_loaded: dict[str, bool] = field(default_factory=dict)
    _county_govs: dict[Any, list[str]] | None = None

    project_files: set[str] = field(default_factory=set)  # stems of every project file, loaded or not

    def unresolved(self, what: str, ref: Any) -> str | None:
        """The Chinese message when `ref` names no county/unit/post/project; None when it resolves, or when
        the file it would resolve against is itself broken (that file's own problem is the one to fix)."""
        if ref is None:
            return None
        tables: dict[str, list[tuple[str, dict[str, Any]]]] = {
            "county": [("counties", self.counties)], "unit": [("units", self.units)],
            "post": [("posts", self.posts)], "unit_or_post": [("units", self.units), ("posts", self.posts)],
        }
        if what == "project":
            if ref in self.projects or ref in self.project_files:
                return None
            return f"找不到项目“{ref}”。请填写 data/projects/ 里已有的项目编号，注意拼写。"
        checked = [(kind, table) for kind, table in tables[what] if self.org_loaded.get(kind)]
        if len(checked) < len(tables[what]) or any(ref in table for _, table in checked):
            return None
        names = {"county": "县市", "unit": "单位", "post": "领导职务", "unit_or_post": "单位或领导职务"}[what]
        files = "、".join(f"data/org/{kind}.yaml" for kind, _ in tables[what])
        for _, table in checked:
            for ident, entry in table.items():
                if ref in (entry.get("name"), entry.get("short_name"), entry.get("title")):
                    return f"这里要填{names}的编号，不是名称：“{ref}”的编号是“{ident}”，请改成 {ident}。"
        near = _plain_id(ref)
        if any(near in table for _, table in checked):
            return f"编号“{ref}”里多了空格、大写字母或全角字符。请改成 {near}。"
        return f"找不到{names}“{ref}”。请填写 {files} 里已有的编号（不是名称），注意拼写和大小写。"

    @property
    def county_govs(self) -> dict[Any, list[str]]:
        """County id → its county-government units (who may visit a project in that county)."""
        if self._county_govs is None:
            self._county_govs = {}
            for u, unit in self.units.items():
                if unit.get("kind") == "county_gov":
                    self._county_govs.setdefault(unit.get("county"), []).append(u)
        return self._county_govs

    def unit_kind(self, unit_id: Any) -> str | None:
        unit = self.units.get(unit_id) if isinstance(unit_id, str) else None
        return unit.get("kind") if unit else None



def build_index(loaded: Loaded) -> Index:
    idx = Index()
    for f in loaded.files:
        data = f.data
        if f.kind == "config" and isinstance(data, dict):
            idx.config = data
        elif f.kind in ("counties", "units", "posts"):
            idx.org_files[f.kind] = f
            idx.org_loaded[f.kind] = f.doc is not None
            for entry in data if isinstance(data, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    target: dict[str, Any] = {"counties": idx.counties, "units": idx.units,
                                              "posts": idx.posts}[f.kind]
                    target.setdefault(entry["id"], entry)  # duplicates are reported by a rule
        elif f.kind == "project":
            idx.project_files.add(f.path.rsplit("/", 1)[-1].removesuffix(".yaml"))
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                idx.projects.setdefault(data["id"], (f, data))
        elif f.kind == "report":
            parts = f.path.split("/")
            idx.report_files_present.add((parts[-1].removesuffix(".yaml"), parts[-2]))
            if isinstance(data, dict) and isinstance(data.get("project"), str) \
                    and isinstance(data.get("period"), str) and _MONTH_RE.match(data["period"]):
                idx.reports.setdefault(data["project"], {}).setdefault(data["period"], (f, data))
        elif f.kind == "briefing" and isinstance(data, dict):
            idx.briefings.append((f, data))
        elif f.kind == "dispatch" and isinstance(data, dict):
            idx.dispatches.append((f, data))
    return idx


Rule = Callable[[Index, Loaded], Iterator[Problem]]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn

    return register


def _p(code: str, f: DataFile, at: tuple[str | int, ...], message: str) -> Problem:
    return problem(code, f.path, f.line(*at), message, pointer_of(at))


# ---------------------------------------------------------------- config and organisation


@rule("config-demo-as-of")
def config_demo_as_of(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """DATA-MODEL: `as_of` is required when `demo: true`, so that the demonstration site is reproducible."""
    for f in loaded.of_kind("config"):
        data = f.data
        if isinstance(data, dict) and data.get("demo") is True and not data.get("as_of"):
            yield _p("config-invalid", f, ("demo",), "示例数据（demo: true）必须写明 as_of 日期，例如 as_of: 2015-10-20。")


@rule("org-ids-unique")
def org_ids_unique(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """Ids are unique within counties, units and posts; a unit and a post never share an id (either may be
    named where a problem is escalated)."""
    seen_unit_or_post: dict[str, str] = {}
    for kind in ("counties", "units", "posts"):
        f = idx.org_files.get(kind)
        if f is None or not isinstance(f.data, list):
            continue
        seen: dict[str, int] = {}
        for i, entry in enumerate(f.data):
            ident = get(entry, "id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                yield _p("id-duplicate", f, (i, "id"),
                         f"编号“{ident}”重复（第一次在第 {seen[ident]} 行）。每个编号只能用一次，请改用新的编号。")
                continue
            seen[ident] = f.line(i, "id")
            if kind in ("units", "posts"):
                other = seen_unit_or_post.get(ident)
                if other and other != kind:
                    yield _p("id-duplicate", f, (i, "id"),
                             f"编号“{ident}”已被一个{'单位' if other == 'units' else '职务'}使用。单位和职务的编号不能相同。")
                seen_unit_or_post.setdefault(ident, kind)


@rule("unit-county")
def unit_county(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """A county government names its county; every county named resolves."""
    f = idx.org_files.get("units")
    if f is None or not isinstance(f.data, list):
        return
    for i, unit in enumerate(f.data):
        county = get(unit, "county")
        message = idx.unresolved("county", county)
        if message:
            yield _p("ref-unresolved", f, (i, "county"), message)
        elif county is None and get(unit, "kind") == "county_gov":
            yield _p("field-missing", f, (i,), "县市政府（kind: county_gov）必须填写 county（所在县市编号）。")


@rule("post-holders")
def post_holders(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """The notice: a leader post is held by one person at a time ("由接任者自行替补"); periods never overlap."""
    f = idx.org_files.get("posts")
    if f is None or not isinstance(f.data, list):
        return
    for i, post in enumerate(f.data):
        spans = []
        for j, holder in enumerate(items(post, "holders")):
            start, end = to_date(get(holder, "from")), to_date(get(holder, "to"))
            if start and end and end < start:
                yield _p("date-order", f, (i, "holders", j, "to"),
                         f"离任日期 {end} 早于到任日期 {start}。请检查两个日期。")
                continue
            if start:
                spans.append((start, end or date.max, j))
        spans.sort()
        for (_, prev_end, pj), (start, _, j) in itertools.pairwise(spans):
            if start <= prev_end:
                yield _p("post-holders-overlap", f, (i, "holders", j, "from"),
                         f"任职时间与第 {pj + 1} 位任职者重叠。前任的 to（离任日期）必须早于后任的 from（到任日期）；"
                         "如前任仍写 null，请补上离任日期。")


# ---------------------------------------------------------------- projects


@rule("project-identity")
def project_identity(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """DATA-MODEL: a file's name agrees with its content (`id`)."""
    for f in loaded.of_kind("project"):
        data = f.data
        stem = f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != stem \
                and _plain_id(data["id"]) != stem:  # spaces or capitals: id-invalid says what to write
            yield _p("file-name-mismatch", f, ("id",),
                     f"项目编号是“{data['id']}”，文件名却是“{stem}.yaml”。请把文件改名为“{data['id']}.yaml”，或改正编号。")


@rule("project-refs")
def project_refs(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """五个一: a responsible leader (a post), a lead unit and co-units that all exist."""
    for f, p in idx.projects.values():
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("county",), "county"), (("leader_post",), "post"), (("lead_unit",), "unit"),
            (("listed_supervision", "by"), "unit_or_post"),
            *((("co_units", i), "unit") for i in range(len(items(p, "co_units")))),
        ]
        for at, what in refs:
            message = idx.unresolved(what, get(p, *at))
            if message:
                yield _p("ref-unresolved", f, at, message)


@rule("project-category")
def project_category(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """DATA-MODEL categories: 在建 started before it entered supervision; 新开工 plans its start within `year`."""
    for f, p in idx.projects.values():
        category, year = p.get("category"), p.get("year")
        entered = to_date(p.get("entered_on")) or _year_start(p)
        started = to_date(get(p, "dates", "start", "actual"))
        planned = to_date(get(p, "dates", "start", "planned"))
        if category == "under_construction" and (started is None or (entered and started > entered)):
            yield _p("category-rule", f, ("dates", "start", "actual"),
                     "在建项目（under_construction）必须在纳入督查前已开工：请填写 dates.start.actual（实际开工日期），"
                     "且不晚于纳入督查日期；尚未开工的项目应列为新开工（new_start）。")
        if category == "new_start" and isinstance(year, int) and (planned is None or planned.year != year):
            yield _p("category-rule", f, ("dates", "start", "planned"),
                     f"新开工项目（new_start）的计划开工日期必须在督查年度 {year} 年内。"
                     "请填写 dates.start.planned；计划明年开工的项目应列为重大前期（preliminary）。")


@rule("project-dates")
def project_dates(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """Dates in order: start before completion, entry before exit, listing before lifting."""
    for f, p in idx.projects.values():
        for which in ("planned", "actual"):
            start = to_date(get(p, "dates", "start", which))
            done = to_date(get(p, "dates", "completion", which))
            if start and done and done < start:
                yield _p("date-order", f, ("dates", "completion", which),
                         f"竣工日期 {done} 早于开工日期 {start}。请检查。")
        entered = to_date(p.get("entered_on")) or _year_start(p)
        exited = to_date(get(p, "exited", "on"))
        if entered and exited and exited <= entered:
            yield _p("date-order", f, ("exited", "on"), f"退出日期 {exited} 不晚于纳入督查日期 {entered}。请检查。")
        if entered and isinstance(p.get("year"), int) and entered.year != p["year"]:
            yield _p("date-order", f, ("entered_on",),
                     f"纳入督查日期 {entered} 不在督查年度 {p['year']} 年内。请检查 entered_on 或 year。")
        on, lifted = to_date(get(p, "listed_supervision", "on")), to_date(get(p, "listed_supervision", "lifted_on"))
        if on and lifted and lifted < on:
            yield _p("date-order", f, ("listed_supervision", "lifted_on"), f"摘牌日期 {lifted} 早于挂牌日期 {on}。")


# ---------------------------------------------------------------- monthly reports


@rule("report-identity")
def report_identity(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """DATA-MODEL: reports live at data/reports/<period>/<project>.yaml, matching `period` and `project`."""
    for f in loaded.of_kind("report"):
        folder, stem = f.path.split("/")[-2], f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        data = f.data
        if not _MONTH_RE.match(folder):
            yield problem("file-name-mismatch", f.path, 1,
                          f"月报文件夹名“{folder}”不是月份。请放在 data/reports/YYYY-MM/ 下，例如 data/reports/2015-03/。")
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("period"), str) and data["period"] != folder and _MONTH_RE.match(data["period"]):
            yield _p("file-name-mismatch", f, ("period",),
                     f"月报写的月份是 {data['period']}，却放在文件夹 {folder} 里。请移到 data/reports/{data['period']}/，"
                     "或改正 period。")
        if isinstance(data.get("project"), str) and data["project"] != stem:
            yield _p("file-name-mismatch", f, ("project",),
                     f"月报写的项目是“{data['project']}”，文件名却是“{stem}.yaml”。文件名必须是项目编号。")
        message = idx.unresolved("project", data.get("project"))
        if message:
            yield _p("ref-unresolved", f, ("project",), message)


def _report_items(idx: Index) -> Iterator[tuple[str, DataFile, dict[str, Any], dict[str, Any]]]:
    """(period, file, report, project) for reports whose project exists."""
    for project_id, by_period in idx.reports.items():
        entry = idx.projects.get(project_id)
        if entry is None:
            continue
        for period in sorted(by_period):
            f, r = by_period[period]
            yield period, f, r, entry[1]


@rule("report-owed")
def report_owed(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """Reports are owed only for months the project is listed on the last day, from `first_report_period`,
    within the project's year (the notice: 每月8日前将上月的进展情况报…)."""
    first = idx.config.get("first_report_period")
    for period, f, r, p in _report_items(idx):
        last = month_last_day(period)
        if last is None:
            continue
        why = None
        if isinstance(first, str) and period < first:
            why = f"早于首个报送月份 {first}（config.first_report_period）"
        elif isinstance(p.get("year"), int) and last.year != p["year"]:
            why = f"不在项目的督查年度 {p['year']} 年内"
        elif not is_listed(p, last):
            why = "项目在该月最后一天不在督查名单内（尚未纳入或已经退出）"
        if why:
            yield _p("report-not-owed", f, ("period",), f"{period} 的月报{why}，不应报送。请检查月份文件夹是否放错。")
        submitted = to_date(r.get("submitted_on"))
        if submitted and submitted < date(last.year, last.month, 1):
            yield _p("report-submitted-early", f, ("submitted_on",),
                     f"报送日期 {submitted} 早于所报月份 {period}。请填写实际报送日期（通常是次月 1 日至 8 日）。")


@rule("report-dates")
def report_dates(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """DATA-MODEL: no date inside a report is later than its `submitted_on`, except verified.on,
    corrections[].on, closed.on, answers recorded after submission, and promised_by (a deadline)."""
    for _, f, r, _ in _report_items(idx):
        submitted = to_date(r.get("submitted_on"))
        checks: list[tuple[tuple[str | int, ...], str]] = []
        for i in range(len(items(r, "site_visits"))):
            checks.append((("site_visits", i, "on"), "现场调研日期"))
        for i, prob in enumerate(items(r, "problems")):
            checks.append((("problems", i, "escalated_on"), "问题上报日期"))
            for j, _ in enumerate(items(prob, "escalations")):
                checks.append((("problems", i, "escalations", j, "on"), "提级协调日期"))
        for at, what in checks:
            when = to_date(get(r, *at))
            if submitted and when and when > submitted:
                yield _p("date-after-submission", f, at,
                         f"{what} {when} 晚于这份月报的报送日期 {submitted}。"
                         "月报只记录报送前发生的事；之后的事请写在下个月的月报里。")
        verified_on = to_date(get(r, "verified", "on"))
        if submitted and verified_on and verified_on < submitted:
            yield _p("date-order", f, ("verified", "on"), f"核实日期 {verified_on} 早于报送日期 {submitted}。")
        for i, corr in enumerate(items(r, "corrections")):
            on = to_date(get(corr, "on"))
            if on and verified_on and on < verified_on:
                yield _p("date-order", f, ("corrections", i, "on"),
                         f"更正日期 {on} 早于核实日期 {verified_on}。核实之前的修改不需要更正记录。")
        for i, prob in enumerate(items(r, "problems")):
            escalated = to_date(get(prob, "escalated_on"))
            for key, what in (("answer", "答复日期"), ("closed", "销号日期")):
                on = to_date(get(prob, key, "on"))
                if escalated and on and on < escalated:
                    yield _p("date-order", f, ("problems", i, key, "on"), f"{what} {on} 早于上报日期 {escalated}。")


@rule("report-units")
def report_units(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """Who may do what: the inspection office verifies and registers receipt (稽察办进行核实汇总…登记); site
    visits are by the project's own units (责任单位、协办单位、所在县市); only the offices close problems."""
    for _, f, r, p in _report_items(idx):
        for key, what in (("verified", "核实"), ("received", "收件登记")):
            by = get(r, key, "by")
            if by is None:
                continue
            message = idx.unresolved("unit", by)
            if message:
                yield _p("ref-unresolved", f, (key, "by"), message)
            elif by in idx.units and idx.unit_kind(by) != "inspection_office":
                yield _p("unit-kind-wrong", f, (key, "by"),
                         f"{what}只能由稽察办（kind: inspection_office）完成，“{by}”不是稽察办。")
        responsible = {p.get("lead_unit"), *items(p, "co_units"), *idx.county_govs.get(p.get("county"), ())}
        for i, visit in enumerate(items(r, "site_visits")):
            by = get(visit, "by")
            if by is None:
                continue
            message = idx.unresolved("unit", by)
            if message:
                yield _p("ref-unresolved", f, ("site_visits", i, "by"), message)
            elif by in idx.units and by not in responsible:
                yield _p("unit-kind-wrong", f, ("site_visits", i, "by"),
                         f"现场调研应由本项目的责任单位、协办单位或所在县市政府开展，“{by}”不在其中。")
        for i, prob in enumerate(items(r, "problems")):
            refs: list[tuple[str | int, ...]] = [
                ("escalated_to",), ("answer", "by"),
                *(("escalations", j, "to") for j in range(len(items(prob, "escalations")))),
            ]
            for at in refs:
                message = idx.unresolved("unit_or_post", get(prob, *at))
                if message:
                    yield _p("ref-unresolved", f, ("problems", i, *at), message)
            closer = get(prob, "closed", "by")
            if closer is not None:
                message = idx.unresolved("unit", closer)
                if message:
                    yield _p("ref-unresolved", f, ("problems", i, "closed", "by"), message)
                elif closer in idx.units and idx.unit_kind(closer) not in CLOSER_KINDS:
                    yield _p("unit-kind-wrong", f, ("problems", i, "closed", "by"),
                             f"问题销号只能由督查室、稽察办或重点项目办完成，“{closer}”不是。")
        for i, corr in enumerate(items(r, "corrections")):
            message = idx.unresolved("unit", get(corr, "by"))
            if message:
                yield _p("ref-unresolved", f, ("corrections", i, "by"), message)


@rule("report-problems-shape")
def report_problems_shape(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """A problem's id is unique in its report; an answer needs an escalation (有关部门应于接到报送问题的4个工作日内…作出明确答复)."""
    for _, f, r, _proj in _report_items(idx):
        seen: dict[str, int] = {}
        for i, prob in enumerate(items(r, "problems")):
            pid = get(prob, "id")
            if isinstance(pid, str):
                if pid in seen:
                    yield _p("id-duplicate", f, ("problems", i, "id"),
                             f"问题编号“{pid}”在本月报中重复（第一次在第 {seen[pid]} 行）。每个问题用不同的编号。")
                else:
                    seen[pid] = f.line("problems", i, "id")
            # escalated_to and escalated_on come together (the schema says so); an answer needs them
            if get(prob, "answer") is not None and get(prob, "escalated_to") is None:
                yield _p("problem-escalation-incomplete", f, ("problems", i, "answer"),
                         f"问题“{pid}”有答复但没有上报记录。请填写 escalated_to 和 escalated_on。")


def _effective(r: dict[str, Any], key: str) -> Any:
    """A verified adjustment (核减) wins over the reported figure."""
    adjusted = get(r, "verified", "adjusted")
    if isinstance(adjusted, dict):
        value = get(adjusted, *key.split("."))
        if value is not None:
            return value
    return get(r, *key.split("."))


def _num(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return Decimal(value)


def _previous_month(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


@rule("report-figures")
def report_figures(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """Month ≤ year-to-date; year-to-date never falls within a year; YTD(M) − YTD(M−1) − month(M) within 0.5."""
    for project_id, by_period in idx.reports.items():
        prev: tuple[str, dict[str, Any]] | None = None
        for period in sorted(by_period):
            f, r = by_period[period]
            month, ytd = _num(get(r, "investment", "month")), _num(get(r, "investment", "year_to_date"))
            if month is not None and ytd is not None and month > ytd:
                yield _p("report-month-exceeds-ytd", f, ("investment", "month"),
                         f"本月完成投资 {month} 万元大于本年累计 {ytd} 万元。本年累计应包含本月。")
            if prev is not None and prev[0][:4] != period[:4]:
                prev = None  # a new year starts from zero
            if prev is not None:
                prev_period, pr = prev
                for key, what in (("investment.year_to_date", "本年累计完成投资"), ("funds.year_to_date", "本年资金到位")):
                    now, before = _num(get(r, *key.split("."))), _num(_effective(pr, key))
                    if now is not None and before is not None and now < before:
                        yield _p("report-ytd-decreased", f, tuple(key.split(".")),
                                 f"{what} {now} 万元低于 {prev_period} 的 {before} 万元。累计数不会减少；"
                                 f"如果 {prev_period} 的数字有误，请按更正程序修改那份月报。")
                before = _num(_effective(pr, "investment.year_to_date"))
                if prev_period == _previous_month(period) and None not in (ytd, before, month):
                    assert ytd is not None and before is not None and month is not None
                    gap = ytd - before - month
                    if abs(gap) > SUM_TOLERANCE:
                        yield _p("report-ytd-sum", f, ("investment", "year_to_date"),
                                 f"本年累计 {ytd} − 上月累计 {before} − 本月完成 {month} = {gap} 万元，对不上。"
                                 "请核对这三个数字（上月经核减的以核减后为准）。")
            prev = (period, r)
        del project_id


UNIT_SLIP = 2000  # 亿元 for 万元 is 10,000 times off; anything past 2,000 times is worth a second look


@rule("report-ytd-equals-month")
def report_ytd_equals_month(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """本年累计 is January to this month: once an earlier month of the year has reported investment, a
    year-to-date equal to the month's figure is the month copied twice."""
    for by_period in idx.reports.values():
        before: Decimal | None = None
        before_year = ""
        for period in sorted(by_period):
            f, r = by_period[period]
            if period[:4] != before_year:
                before = None
            month, ytd = _num(get(r, "investment", "month")), _num(get(r, "investment", "year_to_date"))
            if before and month and ytd == month:
                yield _p("report-ytd-equals-month", f, ("investment", "year_to_date"),
                         f"本年累计完成投资（year_to_date）与本月完成投资（month）都是 {ytd} 万元，但之前月份已累计 "
                         f"{before} 万元。本年累计是 1 月至本月的合计，应约为 {before} + {month} = {before + month}。")
            effective = _num(_effective(r, "investment.year_to_date"))
            if effective is not None:
                before, before_year = effective, period[:4]


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


@rule("money-unit")
def money_unit(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """Money is in 万元 (DATA-MODEL). A month's investment thousands of times off the project's other months,
    or an annual plan thousands of times its total investment, was typed in 亿元 or in 元."""
    for _, by_period in idx.reports.items():
        months = {period: v for period, (_, r) in by_period.items()
                  if (v := _num(get(r, "investment", "month"))) is not None and v > 0}
        if len(months) < 3:
            continue
        typical = _median(list(months.values()))
        for period, value in months.items():
            f, _ = by_period[period]
            if value * UNIT_SLIP <= typical:
                yield _p("money-unit-suspect", f, ("investment", "month"),
                         f"本月完成投资 {value} 万元，只有本项目各月（中位数 {typical} 万元）的几千分之一。"
                         f"是不是按亿元填写了？金额单位是万元：{value} 亿元应写成 {value * 10000}。")
            elif value >= typical * UNIT_SLIP:
                yield _p("money-unit-suspect", f, ("investment", "month"),
                         f"本月完成投资 {value} 万元，是本项目各月（中位数 {typical} 万元）的几千倍。"
                         f"是不是按元填写了？金额单位是万元：{value} 元应写成 {value / 10000}。")
    for f, p in idx.projects.values():
        total, annual = _num(p.get("total_investment")), _num(get(p, "annual", "investment"))
        if total and annual and total > 0 and total * 100 <= annual:  # a year's plan is never a hundred times the whole
            yield _p("money-unit-suspect", f, ("total_investment",),
                     f"总投资 {total} 万元，只有年度计划投资 {annual} 万元的几千分之一。是不是按亿元填写了？"
                     f"金额单位是万元：{total} 亿元应写成 {total * 10000}。")


_IMMUTABLE = ("escalated_to", "escalated_on", "answer", "closed")


@rule("report-problem-history")
def report_problem_history(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """DATA-MODEL: an open problem reappears in every later report until closed, and once set, its
    escalation, answer and closure never change (the record the 4-working-day rule is judged on)."""
    for by_period in idx.reports.values():
        first_seen: dict[str, dict[str, tuple[Any, str]]] = {}
        prev: tuple[str, dict[str, Any]] | None = None
        for period in sorted(by_period):
            f, r = by_period[period]
            current = {get(pr, "id"): (i, pr) for i, pr in enumerate(items(r, "problems"))
                       if isinstance(get(pr, "id"), str)}
            if prev is not None:
                for i, old in enumerate(items(prev[1], "problems")):
                    pid = get(old, "id")
                    if isinstance(pid, str) and get(old, "closed") is None and pid not in current:
                        yield _p("problem-dropped", f, ("problems",) if "problems" in r else (),
                                 f"{prev[0]} 月报中未销号的问题“{pid}”在本月报中不见了。未销号的问题要继续列出"
                                 "（编号不变），直到督查室、稽察办或重点项目办销号。")
                        del i
            for pid, (i, pr) in current.items():
                history = first_seen.setdefault(pid, {})
                for key in _IMMUTABLE:
                    value = get(pr, key)
                    if value is None:
                        if key in history:
                            yield _p("problem-history-changed", f, ("problems", i),
                                     f"问题“{pid}”的 {key} 在 {history[key][1]} 已经记录，本月报中却被删除。"
                                     "上报和答复记录一经填写不能删改。")
                        continue
                    if key not in history:
                        history[key] = (value, period)
                    elif history[key][0] != value:
                        yield _p("problem-history-changed", f, ("problems", i, key),
                                 f"问题“{pid}”的 {key} 与 {history[key][1]} 月报中的记录不同。"
                                 "上报、答复和销号记录一经填写不能改动；请恢复原来的内容。")
            prev = (period, r)


# ---------------------------------------------------------------- briefings and dispatches


@rule("briefing-identity")
def briefing_identity(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """DATA-MODEL: data/briefings/<YYYY-Qn|YYYY-FY>/<unit-id>.yaml, matching `period` and `unit`."""
    for f in loaded.of_kind("briefing"):
        folder, stem = f.path.split("/")[-2], f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if not _PERIOD_RE.match(folder):
            yield problem("file-name-mismatch", f.path, 1,
                          f"报告期次文件夹“{folder}”不对。请用 YYYY-Q1、YYYY-Q2、YYYY-Q3 或 YYYY-FY（年度），例如 2015-Q1。")
        data = f.data
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("period"), str) and data["period"] != folder and _PERIOD_RE.match(data["period"]):
            yield _p("file-name-mismatch", f, ("period",),
                     f"报告写的期次是 {data['period']}，却放在文件夹 {folder} 里。请移动文件或改正 period。")
        if isinstance(data.get("unit"), str):
            if data["unit"] != stem:
                yield _p("file-name-mismatch", f, ("unit",),
                         f"报告写的单位是“{data['unit']}”，文件名却是“{stem}.yaml”。文件名必须是单位编号。")
            message = idx.unresolved("unit", data["unit"])
            if message:
                yield _p("ref-unresolved", f, ("unit",), message)


@rule("dispatch-identity")
def dispatch_identity(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """DATA-MODEL: data/dispatches/<date>-<nn>.yaml with nn from 01 to 99, matching `date`."""
    for f in loaded.of_kind("dispatch"):
        stem = f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        m = _DISPATCH_RE.match(stem)
        if not m or to_date(m.group(1)) is None:
            yield problem("file-name-mismatch", f.path, 1,
                          f"调度记录文件名“{stem}.yaml”不对。请用“日期-序号.yaml”，例如 2015-03-10-01.yaml（序号 01 到 99）。")
            continue
        data = f.data
        if isinstance(data, dict) and isinstance(data.get("date"), str) and data["date"] != m.group(1):
            yield _p("file-name-mismatch", f, ("date",),
                     f"记录写的日期是 {data['date']}，文件名却是 {m.group(1)}。请改文件名或日期，使两者一致。")


@rule("dispatch-content")
def dispatch_content(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """References resolve; urging logs cover a span in order; findings belong to inspections (五个方面)."""
    for f, d in idx.dispatches:
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("chaired_by",), "unit_or_post"),
            *((("projects", i), "project") for i in range(len(items(d, "projects")))),
            *((("decisions", i, "unit"), "unit") for i in range(len(items(d, "decisions")))),
            *((("findings", i, "project"), "project") for i in range(len(items(d, "findings")))),
        ]
        for at, what in refs:
            message = idx.unresolved(what, get(d, *at))
            if message:
                yield _p("ref-unresolved", f, at, message)
        start, end = to_date(get(d, "covers", "from")), to_date(get(d, "covers", "to"))
        if start and end and end < start:
            yield _p("date-order", f, ("covers", "to"), f"覆盖期间的结束日 {end} 早于开始日 {start}。")
        if get(d, "covers") is not None and d.get("kind") != "urging":
            yield _p("category-rule", f, ("covers",), "只有督促记录（kind: urging）可以用 covers 覆盖一段日期。")
        if items(d, "findings") and d.get("kind") != "inspection":
            yield _p("category-rule", f, ("findings",), "只有督查记录（kind: inspection）可以填写 findings（督查发现）。")
        for key in ("decisions", "findings"):
            seen: set[str] = set()
            for i, entry in enumerate(items(d, key)):
                ident = get(entry, "id")
                if isinstance(ident, str):
                    if ident in seen:
                        yield _p("id-duplicate", f, (key, i, "id"), f"编号“{ident}”在本记录中重复。")
                    seen.add(ident)


@rule("circular-identity")
def circular_identity(idx: Index, loaded: Loaded) -> Iterator[Problem]:
    """DATA-MODEL: data/circulars/<YYYY-MM|YYYY-Qn>.md."""
    for f in loaded.of_kind("circular"):
        stem = f.path.rsplit("/", 1)[-1].removesuffix(".md")
        if not _CIRCULAR_RE.match(stem):
            yield problem("file-name-mismatch", f.path, 1,
                          f"通报前言文件名“{stem}.md”不对。请用月份（2015-06.md）或季度（2015-Q2.md）命名。")


def cross_file(loaded: Loaded) -> list[Problem]:
    """Every cross-file rule over the loaded repository."""
    idx = build_index(loaded)
    out: list[Problem] = []
    for fn in RULES.values():
        out.extend(fn(idx, loaded))
    return out


def _without_shadowed(problems: list[Problem]) -> list[Problem]:
    """A unit's name typed where its id belongs breaks the id pattern and the reference at once; the
    reference problem names the id to write, so the pattern problem at the same place is dropped."""
    refs = {(p.path, p.pointer) for p in problems if p.code == "ref-unresolved"}
    # a year-to-date that repeats the month explains the sum and decrease problems at the same place
    copied = {(p.path, p.pointer) for p in problems if p.code == "report-ytd-equals-month"}
    return [p for p in problems if not (p.code == "id-invalid" and (p.path, p.pointer) in refs)
            and not (p.code in ("report-ytd-sum", "report-ytd-decreased") and (p.path, p.pointer) in copied)]


def check(loaded: Loaded, only: list[str] | None = None) -> Report:
    """Every problem of a loaded repository, kept to those under `only` (repository-relative prefixes)."""
    report = Report(checked=loaded.counts())
    problems = _without_shadowed([*loaded.problems, *cross_file(loaded)])
    if only:
        prefixes = [o.rstrip("/") for o in only]
        problems = [p for p in problems if any(p.path == o or p.path.startswith(o + "/") for o in prefixes)]
    report.extend(problems)
    return report


def validate(paths: RepoPaths, only: list[str] | None = None, jobs: int | None = None) -> Report:
    """Load everything and run every rule: the whole repository is read even when `only` narrows."""
    return check(load(paths, jobs=jobs), only)
