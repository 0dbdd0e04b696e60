"""The model: an index over every loaded record, and the small helpers every later stage reads it with.

Rules, deadlines, metrics, pages and the review tools all read data through this module. Lookups are
defensive: a file whose shape was wrong is absent from the index, and any field may be missing, so a
reader never assumes more than the schema guaranteed.
"""

from __future__ import annotations

import calendar
import copy
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from generator.core.settings import Settings, merge
from generator.labels import subschemas
from generator.loading.files import DataFile, Loaded

MONTH_RE = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
_YEAR = subschemas("project", "year")[0]
YEARS = (int(_YEAR["minimum"]), int(_YEAR["maximum"]))  # the supervision years the schema allows
MAX_SPAN_DAYS = 400  # an urging log's span; longer is a typo, and a year is the most anyone covers


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
    m = MONTH_RE.match(period) if isinstance(period, str) else None
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    return date(year, month, calendar.monthrange(year, month)[1])


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
    entered = to_date(project.get("entered_on")) or year_start(project)
    if entered is None or day < entered:
        return False
    exited = to_date(get(project, "exited", "on"))
    return exited is None or day < exited


def listed_during(project: dict[str, Any], first: date, last: date) -> bool:
    """Whether the project was listed on at least one day of [first, last]."""
    entered = to_date(project.get("entered_on")) or year_start(project)
    exited = to_date(get(project, "exited", "on"))
    return entered is not None and entered <= last and (exited is None or exited > first)


def owes_report(project: dict[str, Any], period: str, settings: Settings) -> bool:
    """通知四(一) 每月8日前将上月的进展情况报…: a month's report is owed from config.first_report_period, within
    the project's year, when the project is listed on the month's last day — or, when config.exit_month_owed,
    on any day of the month it leaves the list in."""
    last = month_last_day(period)
    year = project_year(project)
    if last is None or year is None or last.year != year or period < settings.first_report_period:
        return False
    if is_listed(project, last):
        return True
    return bool(settings.get("exit_month_owed")) and listed_during(project, last.replace(day=1), last) \
        and to_date(get(project, "exited", "on")) is not None


def notice_day(settings: Settings, year: int) -> date:
    """The day the year's supervision notice was issued (config.notice_date): duties start then."""
    month_day = str(settings.get("notice_date"))
    return date(year, int(month_day[:2]), int(month_day[3:5]))


def closing_day(settings: Settings, year: int) -> date:
    """The day a supervision year closes: its annual briefing's due day in the next year (通知：次年1月10日前
    综合报告各项工作年度目标任务完成情况). After it the year's scores are final and its files a record."""
    month_day = str(settings.get("deadlines", "briefings", "FY"))
    return date(year + 1, int(month_day[:2]), int(month_day[3:5]))


def project_year(project: Any) -> int | None:
    """The project's supervision year, when it is one the schema allows (a year that is not one is reported by
    validation; rules and figures then treat the project as having no year rather than fail on it)."""
    year = get(project, "year")
    return year if isinstance(year, int) and not isinstance(year, bool) and YEARS[0] <= year <= YEARS[1] else None


def year_of(kind: str, doc: Any, project_years: dict[str, int | None]) -> int | None:
    """The supervision year a data file belongs to: a project's `year`; a report's, its project's (else its
    month's); a briefing's, its period's; a dispatch's, that of the first project it names that has one
    (else the year it was held); a year file's, its own. None for the shared files (config, organisation)."""
    def year_in(text: Any) -> int | None:
        head = str(text)[:4]
        return int(head) if head.isascii() and head.isdigit() else None

    if kind == "project":
        return project_year(doc)
    if kind == "report":
        pid = get(doc, "project")
        return project_years.get(pid) if isinstance(pid, str) and project_years.get(pid) else \
            year_in(get(doc, "period"))
    if kind == "briefing":
        return year_in(get(doc, "period"))
    if kind == "dispatch":
        named = [project_years.get(p) for p in items(doc, "projects") if isinstance(p, str)]
        held = to_date(get(doc, "date"))
        return next((y for y in named if y is not None), held.year if held else None)
    if kind == "year":
        year = get(doc, "year")
        return year if isinstance(year, int) and not isinstance(year, bool) else None
    return None


def year_start(project: dict[str, Any]) -> date | None:
    year = project_year(project)
    return date(year, 1, 1) if year is not None else None


def money(value: Any) -> Decimal | None:
    """An amount (万元) as an exact Decimal, or None when the value is not a number (bool is not)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return Decimal(value)


def effective(report: Any, *path: str) -> Any:
    """A report's figure as it stands: the inspection office's verified adjustment (核减) wins over the
    reported value."""
    adjusted = get(report, "verified", "adjusted", *path)
    return adjusted if adjusted is not None else get(report, *path)


def undo_later(doc: Any, as_of: date) -> Any:
    """A file as it could be known on `as_of`: every correction dated later undone (its `from` restored).
    The same object when there is nothing to undo."""
    corrections = items(doc, "corrections")
    later = [c for c in corrections if (to_date(get(c, "on")) or date.min) > as_of]
    if not later:
        return doc
    out = copy.deepcopy(doc)
    for c in sorted(later, key=lambda c: str(get(c, "on")), reverse=True):
        if isinstance(get(c, "field"), str):
            _set_pointer(out, str(get(c, "field")), get(c, "from"))
    out["corrections"] = [c for c in corrections if c not in later]
    return out


# Facts a project or dispatch file dates (pointer segments, "*" for every list item): one dated after the as-of
# date had not happened on it — the file was completed later (a milestone met, a start, a decision carried out).
LATER_FACTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "project": (("annual", "milestones", "*", "done_on"), ("dates", "start", "actual"),
                ("dates", "completion", "actual"), ("dates", "production", "actual")),
    "dispatch": (("decisions", "*", "done_on"), ("findings", "*", "rectified_on"), ("findings", "*", "closed")),
}


def unhappened(kind: str, doc: Any, as_of: date) -> Any:
    """A project or dispatch file as it stood on `as_of`: each fact of LATER_FACTS dated later is unset (a date
    made null, a `closed` record removed). The same object when nothing is dated later."""
    out: Any = None

    def walk(node: Any, path: tuple[str, ...], trail: tuple[str | int, ...]) -> None:
        nonlocal out
        if path[0] == "*":
            for i, item in enumerate(node if isinstance(node, list) else []):
                walk(item, path[1:], (*trail, i))
            return
        if not isinstance(node, dict) or path[0] not in node:
            return
        if len(path) > 1:
            walk(node[path[0]], path[1:], (*trail, path[0]))
            return
        value = node[path[0]]
        day = to_date(get(value, "on") if isinstance(value, dict) else value)
        if day is None or day <= as_of:
            return
        out = out if out is not None else copy.deepcopy(doc)
        target = out
        for key in trail:
            target = target[key]
        if isinstance(value, dict):
            del target[path[0]]
        else:
            target[path[0]] = None

    for pointer in LATER_FACTS.get(kind, ()):
        walk(doc, pointer, ())
    return out if out is not None else doc


def known_on(report: dict[str, Any], as_of: date) -> dict[str, Any]:
    """A report as it could be known on `as_of`: its verification (and the 核减 it carries) only from
    `verified.on`, and every correction dated later undone (undo_later). `build --as-of D` shows what was
    known on D."""
    out: dict[str, Any] = undo_later(report, as_of)
    verified_on = to_date(get(report, "verified", "on"))
    if verified_on is not None and verified_on > as_of:
        out = dict(out) if out is not report else copy.deepcopy(report)
        out.pop("verified", None)
    return out


def _set_pointer(data: Any, pointer: str, value: Any) -> None:
    """Put `value` at an RFC 6901 pointer (None removes the leaf); a path that does not fit is left alone."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]
    for part in parts[:-1]:
        if isinstance(data, dict):
            data = data.setdefault(part, {})
        elif isinstance(data, list) and part.isascii() and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return
    last = parts[-1]
    if isinstance(data, dict):
        if value is None:
            data.pop(last, None)
        else:
            data[last] = value
    elif isinstance(data, list) and last.isascii() and last.isdigit() and int(last) < len(data) and value is not None:
        data[int(last)] = value


def stem(f: DataFile) -> str:
    """A data file's name without folder and extension: a project id, a dispatch's date-number."""
    return f.path.rsplit("/", 1)[-1].removesuffix(".yaml")


def item_ref(f: DataFile, ident: Any) -> str:
    """The reference of a dispatch's decision or finding: `<dispatch file stem>/<item id>`."""
    return f"{stem(f)}/{ident}"


def covered_days(dispatch: Any) -> list[date]:
    """The days a dispatch stands for: an urging log's `covers` span, else the day it was held."""
    start, end = to_date(get(dispatch, "covers", "from")), to_date(get(dispatch, "covers", "to"))
    if start is not None and end is not None:
        return [start + timedelta(days=k) for k in range(min((end - start).days, MAX_SPAN_DAYS) + 1)]
    held = to_date(get(dispatch, "date"))
    return [held] if held is not None else []


def holder_on(post: dict[str, Any] | None, day: date) -> str | None:
    """The holder of a post on a day, or None for a vacancy (由接任者自行替补)."""
    for h in items(post, "holders"):
        start, end = to_date(get(h, "from")), to_date(get(h, "to"))
        if start and start <= day and (end is None or day <= end):
            return str(get(h, "name"))
    return None


def plain_id(ref: Any) -> str:
    """An id as it was meant: no surrounding (full-width) spaces, ASCII, lower case."""
    return unicodedata.normalize("NFKC", str(ref)).strip().lower()


@dataclass
class ProblemRecord:
    """A problem's history across a project's reports: its first escalation, answer and closure."""

    pid: str
    first: tuple[DataFile, int]  # the report and index where it first appears
    escalated_to: Any = None
    escalated_on: date | None = None
    escalated_at: tuple[DataFile, int] | None = None
    answer: dict[str, Any] | None = None
    answer_at: tuple[DataFile, int] | None = None
    closed_on: date | None = None
    category: Any = None


def _problem_records(idx: Index, project_id: str) -> dict[str, ProblemRecord]:
    records: dict[str, ProblemRecord] = {}
    by_period = idx.reports.get(project_id, {})
    for period in sorted(by_period):
        rf, r = by_period[period]
        for i, prob in enumerate(items(r, "problems")):
            ident = get(prob, "id")
            if not isinstance(ident, str):
                continue
            rec = records.setdefault(ident, ProblemRecord(ident, (rf, i), category=get(prob, "category")))
            if rec.escalated_on is None and to_date(get(prob, "escalated_on")):
                rec.escalated_to, rec.escalated_on = get(prob, "escalated_to"), to_date(get(prob, "escalated_on"))
                rec.escalated_at = (rf, i)
            if rec.answer is None and isinstance(get(prob, "answer"), dict):
                rec.answer, rec.answer_at = get(prob, "answer"), (rf, i)
            if rec.closed_on is None and to_date(get(prob, "closed", "on")):
                rec.closed_on = to_date(get(prob, "closed", "on"))
    return records


@dataclass
class Index:
    """The light index that cross-file rules read."""

    config: dict[str, Any] = field(default_factory=dict)
    years: dict[int, tuple[DataFile, dict[str, Any]]] = field(default_factory=dict)  # data/years/<YYYY>.yaml
    counties: dict[str, dict[str, Any]] = field(default_factory=dict)
    units: dict[str, dict[str, Any]] = field(default_factory=dict)
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    projects: dict[str, tuple[DataFile, dict[str, Any]]] = field(default_factory=dict)
    reports: dict[str, dict[str, tuple[DataFile, dict[str, Any]]]] = field(default_factory=dict)  # project→period
    briefings: list[tuple[DataFile, dict[str, Any]]] = field(default_factory=list)
    dispatches: list[tuple[DataFile, dict[str, Any]]] = field(default_factory=list)
    org_files: dict[str, DataFile] = field(default_factory=dict)
    org_loaded: dict[str, bool] = field(default_factory=dict)
    _county_govs: dict[Any, list[str]] | None = None
    _settings: Settings | None = None
    _problems: dict[str, dict[str, ProblemRecord]] = field(default_factory=dict)
    whole: Index | None = None  # for a year's view (for_year): the index of every year it was cut from

    project_files: set[str] = field(default_factory=set)  # stems of every project file, loaded or not
    unread_reports: set[tuple[str, str]] = field(default_factory=set)  # (project, period) present but not loaded
    # structures later stages derive from the index once and reuse for every as-of date (compute/deadlines.py
    # facts, compute/metrics.py figures by project); an index is never changed after build_index
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

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
        near = plain_id(ref)
        if any(near in table for _, table in checked):
            return f"编号“{ref}”里多了空格、大写字母或全角字符。请改成 {near}。"
        return f"找不到{names}“{ref}”。请填写 {files} 里已有的编号（不是名称），注意拼写和大小写。"

    @property
    def settings(self) -> Settings:
        """The rules' numbers: config over the schema's defaults (one Settings per index; a year's view has
        its year file merged into its config)."""
        if self._settings is None:
            self._settings = Settings.from_config(self.config)
        return self._settings

    @property
    def list_title(self) -> str | None:
        """The name of this year's list (data/years/<year>.yaml `title`, e.g. 3个30), when the year has a file."""
        year = self.config.get("year")
        title = get(self.years[year][1], "title") if isinstance(year, int) and year in self.years else None
        return title if isinstance(title, str) else None

    def year_config(self, year: int) -> dict[str, Any]:
        """A year's config: its data/years/ file over config.yaml. The holiday schedules of every year file
        serve every year (a year's duties run into the next calendar year)."""
        doc = self.years[year][1] if year in self.years else {}
        out = merged_config(self.config, doc)
        schedules = {get(c, "year"): c for c in items(self.config, "calendar")}
        for _, other in sorted(self.years.items()):
            schedules.update({get(c, "year"): c for c in items(other[1], "calendar")})
        if schedules:
            out["calendar"] = [schedules[y] for y in sorted(schedules, key=str)]
        return out

    def year_settings(self, year: int) -> Settings:
        """A year's numbers: its data/years/ file over config over the schema's defaults."""
        return Settings.from_config(self.year_config(year))

    def year_numbers(self) -> list[int]:
        """The supervision years the repository carries: its year files, or config's one year."""
        return sorted(self.years) or [self.settings.year]

    def current_year(self, as_of: date) -> int | None:
        """The year a day belongs to: the latest whose notice was issued by then (January before a new
        notice still belongs to the year that is closing), else the first; None for a repository of one
        year (config.yaml's)."""
        if not self.years:
            return None
        years = sorted(self.years)
        issued = [y for y in years if notice_day(self.year_settings(y), y) <= as_of]
        return max(issued) if issued else years[0]

    def closed_years(self, as_of: date) -> list[int]:
        """Years whose closing day has passed by `as_of`: their records are final."""
        return [y for y in self.year_numbers() if closing_day(self.year_settings(y), y) < as_of]

    def for_year(self, year: int | None) -> Index:
        """One supervision year as its own repository: its projects, their reports, its briefings and
        dispatches, its settings; the organisation is shared. A repository without year files is one year."""
        if not self.years or year is None:
            return self
        projects = {pid: fp for pid, fp in self.projects.items() if project_year(fp[1]) == year}
        years = self.project_years()
        return replace(
            self, config=self.year_config(year),
            projects=projects, reports={pid: r for pid, r in self.reports.items() if pid in projects},
            briefings=[(f, b) for f, b in self.briefings if year_of("briefing", b, years) == year],
            dispatches=[(f, d) for f, d in self.dispatches if year_of("dispatch", d, years) == year],
            project_files={stem for stem in self.project_files if stem in projects},
            _settings=None, _problems={}, _county_govs=None, derived={}, whole=self.whole or self)

    def known_on(self, as_of: date) -> Index:
        """The repository as it could be known on `as_of`: only the reports filed by then (reports_filed_by);
        in project and dispatch files, facts dated later not yet happened (`unhappened`: a file completed
        after as-of, a milestone met or a decision carried out later); corrections dated later undone in
        project, year, briefing and dispatch files (a closed year's files change only with a correction record,
        so its archive built on its closing day stays as it was). Reports are read through `known_on` by the
        figures, which also hold back a verification until its day."""
        def undo(pairs: Any, kind: str = "") -> Any:
            return [(f, unhappened(kind, undo_later(d, as_of), as_of)) for f, d in pairs]

        filed = self.reports_filed_by(as_of)
        known = replace(filed, years=dict(zip(self.years, undo(self.years.values()), strict=True)),
                        projects=dict(zip(self.projects, undo(self.projects.values(), "project"), strict=True)),
                        briefings=undo(self.briefings), dispatches=undo(self.dispatches, "dispatch"),
                        _settings=None, _problems={}, _county_govs=None, derived={})
        same = filed is self and all(
            a[1] is b[1] for a, b in zip((*self.years.values(), *self.projects.values(), *self.briefings,
                                          *self.dispatches),
                                         (*known.years.values(), *known.projects.values(), *known.briefings,
                                          *known.dispatches), strict=True))
        return self if same else known

    def reports_filed_by(self, as_of: date) -> Index:
        """The repository with only the reports submitted by `as_of`: what a later report records (a site visit,
        a problem's escalation, answer or closing, even one dated earlier) is not known before it is filed."""
        reports = {pid: {period: fr for period, fr in by_period.items() if filed_by(fr[1], as_of)}
                   for pid, by_period in self.reports.items()}
        if all(len(reports[pid]) == len(by_period) for pid, by_period in self.reports.items()):
            return self
        return replace(self, reports=reports, _problems={}, derived={})

    def project_years(self) -> dict[str, int | None]:
        """Project id → its supervision year."""
        return {pid: project_year(p) for pid, (_, p) in self.projects.items()}

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

    def lineage(self, project_id: str) -> list[str]:
        """The project and the projects it continues (`continues`, year after year), oldest first: one project's
        history across supervision years. Stops at a project that is missing or already in the chain."""
        whole = self.whole or self
        chain = [project_id]
        while True:
            entry = whole.projects.get(chain[-1])
            before = get(entry[1], "continues") if entry is not None else None
            if not isinstance(before, str) or before in chain:
                return chain[::-1]
            chain.append(before)

    def problem_records(self, project_id: str) -> dict[str, ProblemRecord]:
        """Each problem of a project (by id) across its reports: first escalation, answer and closure."""
        if project_id not in self._problems:
            self._problems[project_id] = _problem_records(self, project_id)
        return self._problems[project_id]

    def latest_problem(self, project_id: str, ident: str, as_of: date) -> dict[str, Any]:
        """The last record of a problem in the project's reports known on as-of."""
        latest: dict[str, Any] = {}
        for period in sorted(self.reports.get(project_id, {})):
            r = self.reports[project_id][period][1]
            if not filed_by(r, as_of):
                continue
            for prob in items(r, "problems"):
                if get(prob, "id") == ident:
                    latest = prob
        return latest

    def name_of(self, ref: Any, as_of: date | None = None) -> str:
        """How people name a unit or a leader post: the unit's name; the post's title, with its holder on
        `as_of` (or 空缺) when a day is given. An unknown reference shows as itself, None as —."""
        if ref in self.units:
            return str(self.units[ref].get("name") or ref)
        if ref in self.posts:
            post = self.posts[ref]
            title = str(post.get("title") or ref)
            return title if as_of is None else f"{title}（{holder_on(post, as_of) or '空缺'}）"
        return str(ref or "—")

    def accountable(self, unit: Any, holder: str | None) -> str:
        """The party a deadline names: a unit, or a post with the holder it was due under."""
        return f"{self.name_of(unit)}（{holder}）" if holder is not None else self.name_of(unit)

    def names(self, as_of: date | None = None) -> dict[str, str]:
        """Every unit's and post's name (see name_of)."""
        return {ref: self.name_of(ref, as_of) for ref in (*self.units, *self.posts)}

    def project_names(self) -> dict[str, str]:
        return {pid: str(p.get("name", "")) for pid, (_, p) in self.projects.items()}

    def units_in_order(self) -> list[str]:
        """Unit ids as readers look for them: county governments, then prefecture departments, then the offices
        and others, each in the order of data/org/units.yaml."""
        rank = {kind: i for i, kind in enumerate(READING_ORDER)}
        return sorted(self.units, key=lambda u: rank.get(str(self.units[u].get("kind")), len(rank)))

    def office(self, kind: str) -> str | None:
        """The first unit (by id) of an office kind: who verifies, who supervises."""
        return next((u for u, unit in sorted(self.units.items()) if unit.get("kind") == kind), None)



def merged_config(config: dict[str, Any], year_doc: dict[str, Any]) -> dict[str, Any]:
    """config.yaml with a year file's settings over it (nested sections merge key by key)."""
    return dict(merge(config, {k: v for k, v in year_doc.items() if k not in ("title", "corrections")}))


READING_ORDER = ("county_gov", "prefecture_dept")  # the unit kinds readers look for first, in this order


def build_index(loaded: Loaded) -> Index:
    idx = Index()
    for f in loaded.files:
        data = f.data
        if f.kind == "config" and isinstance(data, dict):
            idx.config = data
        elif f.kind == "year" and isinstance(data, dict):
            year = data.get("year")
            if isinstance(year, int) and not isinstance(year, bool) and f.path.endswith(f"/{year}.yaml"):
                idx.years.setdefault(year, (f, data))  # a file named for another year is reported by a rule
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
            if isinstance(data, dict) and isinstance(data.get("project"), str) \
                    and isinstance(data.get("period"), str) and MONTH_RE.match(data["period"]):
                idx.reports.setdefault(data["project"], {}).setdefault(data["period"], (f, data))
            else:  # its own findings say why; rules over a project's history must not guess around it
                parts = f.path.split("/")
                idx.unread_reports.add((parts[-1].removesuffix(".yaml"), parts[-2]))
        elif f.kind == "briefing" and isinstance(data, dict):
            idx.briefings.append((f, data))
        elif f.kind == "dispatch" and isinstance(data, dict):
            idx.dispatches.append((f, data))
    return idx

