"""Stage 4 — render: the pages made from data, as {site path: Markdown source}.

Each page is front matter plus one raw HTML block produced by a Jinja2 template with autoescaping, so text
from data is escaped and Python-Markdown never interprets it (a project name holding Markdown, HTML or
template syntax shows as text). Blank lines are removed from the HTML so that the block never ends early.
Templates receive prepared values and hold no rules; the numbers come from generator.compute.metrics.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from jinja2 import ChainableUndefined, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from generator.compute.circulars import Circular, circular_view, post_view
from generator.compute.deadlines import KIND_NAMES, STATE_NAMES, Deadline
from generator.compute.metrics import (
    CATEGORY_NAMES,
    DIMENSIONS,
    PROBLEM_CATEGORIES,
    STATUS_NAMES,
    Metrics,
    ProjectMetrics,
    holder_on,
    rate,
)
from generator.core import chinese
from generator.core.chinese import cdate, cmonth, wan, yi
from generator.core.codes import CODES
from generator.core.paths import PACKAGE_ROOT
from generator.core.settings import Settings
from generator.model import Index, filed_by, get, items, to_date
from generator.site import charts
from generator.site.opendata import dictionary

TEMPLATES = PACKAGE_ROOT / "site_src" / "templates"
UNIT_KINDS = {"prefecture_dept": "州直部门", "county_gov": "县市政府", "key_project_office": "州重点项目办",
              "inspection_office": "稽察办", "supervision_office": "督查室", "discipline_office": "监察局",
              "enterprise": "企业", "other": "其他"}
CHANNELS = {"email": "电子邮件", "paper": "纸质", "system": "信息系统"}
METHODS = {"desk": "书面审核", "site": "现场核查", "statistics": "统计数据比对"}
RESULTS = {"confirmed": "核实无误", "adjusted": "核减", "returned": "退回重报"}
LEVELS = {"coordination_meeting": "提交协调会", "government": "报请州人民政府"}
MILESTONE_KINDS = {"approval": "立项", "site_selection": "规划选址", "land_pre_review": "用地预审", "eia": "环评",
                   "feasibility": "可研批复", "preliminary_design": "初设批复", "construction_permit": "施工许可",
                   "other": "其他"}
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass
class SiteData:
    idx: Index
    settings: Settings
    deadlines: list[Deadline]
    metrics: Metrics
    extra: dict[str, Any]
    circulars: list[Circular]
    downloads: list[str]  # site paths of the open-data files


# ---------------------------------------------------------------- formatting filters


def text(value: Any) -> Markup:
    """Escaped text; line breaks become <br> so no blank line ever ends the HTML block."""
    if value is None:
        return Markup("")
    escaped = html.escape(str(value), quote=True)
    return Markup(escaped.replace("\r\n", "\n").replace("\n", "<br>"))


def pct(value: Any) -> str:
    return chinese.pct(value, none="不适用")


def prose(value: Any) -> Markup:
    """A hand-written preface (data/circulars/*.md) as safe HTML: headings (#), lists (- ) and paragraphs,
    every character escaped — Markdown's raw HTML is never passed through."""
    if not value:
        return Markup("")
    out = []
    for block in re.split(r"\n\s*\n", str(value).strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            out.append(f"<h3>{html.escape(lines[0].lstrip('#').strip())}</h3>")
            lines = lines[1:]
        if lines and all(line.startswith(("- ", "* ")) for line in lines):
            out.append("<ul>" + "".join(f"<li>{html.escape(line[2:].strip())}</li>" for line in lines) + "</ul>")
        elif lines:
            out.append(f"<p>{html.escape(''.join(lines))}</p>")
    return Markup("".join(out))


def status_badge(status: str) -> Markup:
    name = STATUS_NAMES.get(status, status)
    return Markup(f'<span class="badge status-{html.escape(status)}">{html.escape(name)}</span>')


def state_badge(state: str, days: int = 0) -> Markup:
    name = STATE_NAMES.get(state, state)
    if state in ("met_late", "missed") and days:
        name += f" {days} 天"
    return Markup(f'<span class="badge state-{html.escape(state)}">{html.escape(name)}</span>')


def safe_title(value: Any) -> str:
    """A page title for front matter and <title>: no markup characters at all."""
    cleaned = re.sub(r"[<>&\"'`{}\[\]|*_#\\]", " ", str(value))
    return re.sub(r"\s+", " ", cleaned).strip() or "项目"


def _env() -> Environment:
    # optional fields of the data are simply absent: ChainableUndefined renders them empty
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      undefined=ChainableUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(text=text, prose=prose, wan=wan, yi=yi, pct=pct, cdate=cdate, cmonth=cmonth, status=status_badge,
                       state=state_badge)
    env.globals.update(CATEGORY_NAMES=CATEGORY_NAMES, STATUS_NAMES=STATUS_NAMES, KIND_NAMES=KIND_NAMES,
                       UNIT_KINDS=UNIT_KINDS, DIMENSIONS=DIMENSIONS, PROBLEM_CATEGORIES=PROBLEM_CATEGORIES,
                       CHANNELS=CHANNELS, METHODS=METHODS, RESULTS=RESULTS, LEVELS=LEVELS,
                       MILESTONE_KINDS=MILESTONE_KINDS)
    return env


def root_of(src: str) -> str:
    """Relative prefix from a page to the site root (directory URLs: projects/x.md is /projects/x/)."""
    parts = src.removesuffix(".md").split("/")
    depth = len(parts) - 1 if parts[-1] == "index" else len(parts)
    return "../" * depth


def _page(env: Environment, src: str, template: str, title: str, *, charts: bool = False, search: bool = True,
          **context: Any) -> str:
    body = env.get_template(template).render(root=root_of(src), **context)
    body = _BLANK_LINES.sub("\n", body).strip()
    front = {"title": safe_title(title)}
    if charts:
        front["charts"] = True  # type: ignore[assignment]
    lines = ["---", f"title: {json.dumps(front['title'], ensure_ascii=False)}"]
    if charts:
        lines.append("charts: true")
    if not search:
        lines += ["search:", "  exclude: true"]
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body + "\n"


# ---------------------------------------------------------------- view models


def _names(data: SiteData) -> dict[str, str]:
    idx, as_of = data.idx, data.metrics.as_of
    names = {u: str(unit.get("name") or u) for u, unit in idx.units.items()}
    for post_id, post in idx.posts.items():
        names[post_id] = f"{post.get('title') or post_id}（{holder_on(post, as_of) or '空缺'}）"
    return names


def _ref_link(ref: Any, data: SiteData) -> dict[str, Any]:
    """A unit or post reference as {name, path}; path is relative to the site root (units have pages)."""
    if ref in data.idx.units:
        return {"name": data.idx.units[ref].get("name") or ref, "path": f"units/{ref}/"}
    if ref in data.idx.posts:
        post = data.idx.posts[ref]
        return {"name": f"{post.get('title') or ref}（{holder_on(post, data.metrics.as_of) or '空缺'}）", "path": None}
    return {"name": ref or "—", "path": None}


def _project_row(pm: ProjectMetrics, data: SiteData) -> dict[str, Any]:
    county = data.idx.counties.get(pm.county or "", {})
    unit = data.idx.units.get(pm.lead_unit or "", {})
    return {"pm": pm, "county_name": county.get("name") or pm.county, "unit_name": unit.get("short_name")
            or unit.get("name") or pm.lead_unit}


def home(data: SiteData) -> dict[str, Any]:
    m = data.metrics
    listed = [pm for pm in m.projects if pm.listed]
    months = sorted({row["period"] for pm in listed for row in pm.monthly if int(row["period"][5:7]) <= m.month})
    series: dict[str, dict[str, list[Decimal | None]]] = {}
    rows = []
    for cat in CATEGORY_NAMES:
        group = [pm for pm in listed if pm.category == cat]
        plan = sum((pm.annual_plan or Decimal(0) for pm in group), Decimal(0))
        actual: list[Decimal | None] = []
        planned: list[Decimal | None] = []
        for month in months:
            total = Decimal(0)
            for pm in group:
                upto = [r for r in pm.monthly if r["period"] <= month and r["ytd"] is not None]
                total += upto[-1]["ytd"] if upto else Decimal(0)
            actual.append(total / 10000)
            planned.append(plan * int(month[5:7]) / 12 / 10000)
        series[cat] = {"actual": actual, "plan": planned}
        rows.append({"category": cat, "plan": plan, "values": actual})
    county_rows = []
    for cid, summary in sorted(m.by_county.items(), key=lambda kv: -(kv[1]["completion"] or Decimal(-1))):
        county_rows.append({"id": cid, "name": data.idx.counties.get(cid, {}).get("name") or cid, "s": summary})
    time_progress = rate(m.month, 12) if m.month else None  # the year's; entrants have their own on their pages
    cumulative = charts.cumulative_by_category(months, series, CATEGORY_NAMES) if months else ""
    county_chart = charts.completion_by_county([r["name"] for r in county_rows],
                                               [r["s"]["completion"] for r in county_rows], time_progress)
    behind = [r for r in county_rows if time_progress is not None and r["s"]["completion"] is not None
              and r["s"]["completion"] < time_progress]
    reds = [_project_row(pm, data) for pm in listed if pm.status == "red"]
    return {"m": m, "months": months, "rows": rows, "county_rows": county_rows, "time_progress": time_progress,
            "cumulative_chart": cumulative, "county_chart": county_chart, "behind": behind, "reds": reds,
            "listed": len(listed), "exited": len(m.projects) - len(listed)}


def project_page(pm: ProjectMetrics, data: SiteData) -> dict[str, Any]:
    _, p = data.idx.projects[pm.id]
    as_of = data.metrics.as_of
    mine = [d for d in data.deadlines if d.project == pm.id]
    post = data.idx.posts.get(str(p.get("leader_post")))
    reports = data.idx.reports.get(pm.id, {})
    report_deadlines = {d.ref: d for d in mine if d.kind == "report"}
    history = []
    for period in sorted(set(reports) | set(report_deadlines)):
        entry = reports.get(period)
        r = entry[1] if entry and filed_by(entry[1], as_of) else None
        history.append({"period": period, "r": r, "deadline": report_deadlines.get(period),
                        "visits": [v for v in items(r, "site_visits")] if r else []})
    answers = {d.ref: d for d in mine if d.kind == "answer"}
    promises = {d.ref: d for d in mine if d.kind == "promise"}
    problems, withheld = [], 0
    for ident, rec in sorted(data.idx.problem_records(pm.id).items()):
        first_report = rec.first[0].data or {}
        if not filed_by(first_report, as_of):
            continue
        latest = data.idx.latest_problem(pm.id, ident, as_of)
        public = get(latest, "public") is not False
        if not public:
            withheld += 1
        answer = rec.answer if rec.answer and (to_date(get(rec.answer, "on")) or date.max) <= as_of else None
        workdays = None
        if answer and rec.escalated_on and to_date(answer.get("on")):
            workdays = data.settings.calendar.workdays_between(rec.escalated_on, to_date(answer.get("on")))  # type: ignore[arg-type]
        problems.append({
            "id": ident, "public": public, "category": rec.category, "p": latest,
            "escalated_to": _ref_link(rec.escalated_to, data) if rec.escalated_to else None,
            "escalated_on": rec.escalated_on, "answer": answer, "workdays": workdays,
            "answer_deadline": answers.get(ident), "promise": promises.get(ident),
            "closed": rec.closed_on if rec.closed_on and rec.closed_on <= as_of else None,
            "escalations": items(latest, "escalations"),
        })
    findings, findings_withheld = [], 0
    by_ref = {d.ref: d for d in mine if d.kind == "finding"}
    for df, d in sorted(data.idx.dispatches, key=lambda x: x[0].path):
        for fnd in items(d, "findings"):
            if get(fnd, "project") != pm.id:
                continue
            ref = f"{df.path.rsplit('/', 1)[-1].removesuffix('.yaml')}/{get(fnd, 'id')}"
            if ref not in by_ref:
                continue
            public = get(fnd, "public") is not False
            findings_withheld += not public
            findings.append({"f": fnd, "public": public, "deadline": by_ref[ref], "date": d.get("date")})
    milestones = [{"m": m, "deadline": next((d for d in mine if d.kind == "milestone" and d.ref == str(get(m, "name"))),
                                            None)} for m in items(p, "annual", "milestones")]
    months = [row["period"] for row in pm.monthly]
    chart = charts.project_monthly(months, [row["ytd_reported"] for row in pm.monthly],
                                   [row["ytd"] for row in pm.monthly], [row["funds_ytd"] for row in pm.monthly],
                                   pm.annual_plan) if pm.monthly else ""
    co_units = [_ref_link(u, data) for u in items(p, "co_units")]
    county = data.idx.counties.get(str(p.get("county")), {})
    open_deadlines = [d for d in mine if d.state in ("missed", "upcoming")]
    corrections = [{"period": period, "c": c} for period in sorted(reports)
                   if filed_by(reports[period][1], as_of)
                   for c in items(reports[period][1], "corrections")]
    return {
        "corrections": corrections,
        "pm": pm, "p": p, "post": post, "holder": holder_on(post, as_of) if post else None,
        "holders": items(post, "holders"), "lead": _ref_link(p.get("lead_unit"), data),
        "co_units": co_units, "county": county, "history": history, "problems": problems, "withheld": withheld,
        "findings": findings, "findings_withheld": findings_withheld, "milestones": milestones, "chart": chart,
        "dates": {k: get(p, "dates", k) or {} for k in ("start", "completion", "production")},
        "date_deadlines": {d.kind: d for d in mine if d.kind in ("start", "completion", "production")},
        "open_deadlines": open_deadlines,
        "meetings": _meetings(pm.id, data, as_of, {d.ref: d for d in mine if d.kind == "decision"}),
        "urging_days": _urging_days(pm.id, data, as_of),
    }


def _meetings(pid: str, data: SiteData, as_of: date, decided: dict[str, Deadline]) -> list[dict[str, Any]]:
    """Scheduling and coordination meetings and inspections on a project, with their decisions; daily
    urging logs are summed up instead (see _urging_days)."""
    out = []
    for f, d in sorted(data.idx.dispatches, key=lambda fd: fd[0].path):
        held = to_date(d.get("date"))
        if pid not in items(d, "projects") or d.get("kind") == "urging" or held is None or held > as_of:
            continue
        stem = f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        decisions = [{"x": dec, "deadline": decided.get(f"{stem}/{get(dec, 'id')}")} for dec in items(d, "decisions")]
        out.append({"d": d, "chair": _ref_link(d.get("chaired_by"), data), "decisions": decisions})
    return out


def _urging_days(pid: str, data: SiteData, as_of: date) -> int:
    days: set[date] = set()
    for _, d in data.idx.dispatches:
        if pid not in items(d, "projects") or d.get("kind") != "urging":
            continue
        start, end = to_date(get(d, "covers", "from")), to_date(get(d, "covers", "to"))
        if start and end:
            days.update(start + timedelta(days=k) for k in range(min((end - start).days, 400) + 1))
        elif to_date(d.get("date")):
            days.add(to_date(d.get("date")))  # type: ignore[arg-type]
    return sum(day <= as_of for day in days)


def _deadline_rows(rows: list[Deadline], data: SiteData) -> list[dict[str, Any]]:
    names = _names(data)
    projects = {pid: p.get("name") for pid, (_, p) in data.idx.projects.items()}
    return [{"d": d, "unit": names.get(d.unit or "", d.unit or "—"), "unit_path": f"units/{d.unit}/"
             if d.unit in data.idx.units else None, "project_name": projects.get(d.project or "")}
            for d in rows]


def deadlines_page(data: SiteData) -> dict[str, Any]:
    missed = [d for d in data.deadlines if d.state == "missed"]
    upcoming = [d for d in data.deadlines if d.state == "upcoming"]
    by_unit: dict[str, list[Deadline]] = defaultdict(list)
    for d in missed:
        by_unit[d.unit or ""].append(d)
    names = _names(data)
    groups = [{"unit": u, "name": names.get(u, u or "未指定"), "path": f"units/{u}/" if u in data.idx.units else None,
               "rows": _deadline_rows(rows, data)}
              for u, rows in sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    return {"groups": groups, "missed": len(missed), "upcoming": _deadline_rows(upcoming, data),
            "days": data.settings.upcoming_days}


def county_page(cid: str, data: SiteData) -> dict[str, Any]:
    rows = [_project_row(pm, data) for pm in data.metrics.projects if pm.county == cid]
    govs = [u for u, unit in sorted(data.idx.units.items()) if unit.get("kind") == "county_gov"
            and unit.get("county") == cid]
    return {"id": cid, "county": data.idx.counties[cid], "rows": rows, "summary": data.metrics.by_county.get(cid),
            "govs": [{"id": u, "name": data.idx.units[u].get("name")} for u in govs]}


def unit_page(uid: str, data: SiteData) -> dict[str, Any]:
    unit = data.idx.units[uid]
    led = [_project_row(pm, data) for pm in data.metrics.projects if pm.lead_unit == uid]
    co = [_project_row(pm, data) for pm in data.metrics.projects
          if uid in items(data.idx.projects[pm.id][1], "co_units")]
    mine = [d for d in data.deadlines if d.unit == uid]
    score = None
    if data.settings.get("publish", "scores"):
        for table in data.metrics.scores.values():
            score = next((row for row in table if row["unit"] == uid), score)
    briefings = sorted(((b.get("period"), b) for _, b in data.idx.briefings if b.get("unit") == uid
                        and filed_by(b, data.metrics.as_of)), key=lambda x: str(x[0]))
    return {"id": uid, "unit": unit, "led": led, "co": co, "score": score, "briefings": [b for _, b in briefings],
            "missed": _deadline_rows([d for d in mine if d.state == "missed"], data),
            "late": _deadline_rows([d for d in mine if d.state == "met_late"], data),
            "upcoming": _deadline_rows([d for d in mine if d.state == "upcoming"], data),
            "summary": data.metrics.by_lead_unit.get(uid),
            "county": data.idx.counties.get(unit.get("county") or "", {}).get("name")}


def units_index(data: SiteData) -> dict[str, Any]:
    groups = defaultdict(list)
    for uid, unit in sorted(data.idx.units.items()):
        led = sum(pm.lead_unit == uid for pm in data.metrics.projects if pm.listed)
        groups[unit.get("kind") or "other"].append({"id": uid, "unit": unit, "led": led,
                                                    "missed": sum(d.unit == uid and d.state == "missed"
                                                                  for d in data.deadlines)})
    scores = data.metrics.scores if data.settings.get("publish", "scores") else None
    return {"groups": [(k, UNIT_KINDS[k], groups[k]) for k in UNIT_KINDS if groups.get(k)], "scores": scores}


# ---------------------------------------------------------------- pages


def codes_page() -> str:
    """The staff guide's list of every problem code, generated from the one catalogue."""
    env = _env()
    groups: dict[str, list[tuple[str, Any]]] = {}
    for code, entry in CODES.items():
        groups.setdefault(entry.group, []).append((code, entry))
    return _page(env, "guide/codes.md", "codes.html.j2", "问题代码说明", groups=groups)


def methodology_page(settings: Settings) -> str:
    v = settings.get
    b = v("deadlines", "briefings") or {}
    return _page(_env(), "methodology.md", "methodology.html.j2", "统计方法", v=v, s=settings, sc=v("scoring") or {},
                 briefings={k: f"{int(str(b.get(k, '00-00'))[:2])}月{int(str(b.get(k, '00-00'))[3:5])}日" for k in b})


def render_pages(data: SiteData) -> dict[str, str]:
    env = _env()
    m = data.metrics
    common: dict[str, Any] = {"extra": data.extra, "as_of": m.as_of, "settings": data.settings}
    lead_units = sorted({pm.lead_unit for pm in m.projects if pm.lead_unit},
                        key=lambda u: str(data.idx.units.get(u, {}).get("short_name") or u))
    pages = {
        "index.md": _page(env, "index.md", "home.html.j2", "首页", charts=True, search=False, **common, **home(data)),
        "projects/index.md": _page(
            env, "projects/index.md", "projects.html.j2", "项目一览", search=False, **common,
            rows=[_project_row(pm, data) for pm in m.projects], counties=sorted(data.idx.counties.items()),
            units=[(u, data.idx.units.get(u, {}).get("short_name") or u) for u in lead_units]),
        "deadlines.md": _page(env, "deadlines.md", "deadlines.html.j2", "期限与逾期", search=False, **common,
                              **deadlines_page(data)),
        "counties/index.md": _page(env, "counties/index.md", "counties.html.j2", "县市", search=False, **common,
                                   rows=[{"id": cid, "name": c.get("name"), "s": m.by_county.get(cid)}
                                         for cid, c in sorted(data.idx.counties.items())]),
        "units/index.md": _page(env, "units/index.md", "units.html.j2", "责任单位", search=False, **common,
                                **units_index(data)),
        "methodology.md": methodology_page(data.settings),
        "guide/codes.md": codes_page(),
    }
    pages["circulars/index.md"] = _page(env, "circulars/index.md", "circulars.html.j2", "通报", search=False,
                                        **common, circulars=sorted(data.circulars, key=lambda c: (c.issued, c.kind),
                                                                   reverse=True))
    for c in data.circulars:
        src = f"circulars/{c.slug}.md"
        pages[src] = _page(env, src, "circular.html.j2", c.title, search=False, **common,
                           **circular_view(c, data.idx, data.settings))
    pages["posts/index.md"] = _page(env, "posts/index.md", "posts.html.j2", "州责任领导", search=False, **common,
                                    posts=[post_view(pid, data.idx, data.settings, m, data.deadlines)
                                           for pid in sorted(data.idx.posts)])
    for pid in sorted(data.idx.posts):
        src = f"posts/{pid}.md"
        view = post_view(pid, data.idx, data.settings, m, data.deadlines)
        view["rows"] = [_project_row(pm, data) for pm in view["projects"]]
        pages[src] = _page(env, src, "post.html.j2", str(data.idx.posts[pid].get("title") or pid), search=False,
                           **common, **view)
    pages["open-data.md"] = _page(env, "open-data.md", "opendata.html.j2", "开放数据", search=False, **common,
                                  tables=dictionary(), files=data.downloads,
                                  units=[(u, data.idx.units[u].get("name"))
                                         for u in sorted(data.idx.units) if f"downloads/calendar/{u}.ics"
                                         in data.downloads])
    for pm in m.projects:
        src = f"projects/{pm.id}.md"
        pages[src] = _page(env, src, "project.html.j2", pm.name, charts=bool(pm.monthly), **common,
                           **project_page(pm, data))
    for cid in sorted(data.idx.counties):
        src = f"counties/{cid}.md"
        pages[src] = _page(env, src, "county.html.j2", data.idx.counties[cid].get("name") or cid, search=False,
                           **common, **county_page(cid, data))
    for uid in sorted(data.idx.units):
        src = f"units/{uid}.md"
        pages[src] = _page(env, src, "unit.html.j2", data.idx.units[uid].get("name") or uid, search=False,
                           **common, **unit_page(uid, data))
    return pages
