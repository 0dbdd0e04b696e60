"""The writer: the planned portfolio as YAML files (`build_demo`), and those files on disk (`write_demo`)."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from typing import Any

from generator.demo.dates import (
    ABOUT_INTERVAL_DAYS,
    ABOUT_TO_START_DAYS,
    ANSWER_WORKING_DAYS,
    AS_OF,
    FIRST_REPORT_PERIOD,
    REPORT_DAY,
    SPAN_2016,
    STARTED_INTERVAL_DAYS,
    UPCOMING_DAYS,
    VERIFICATION_DAY,
    YEAR,
    Span,
    period,
)
from generator.demo.model import Dispatch, Portfolio, Project
from generator.demo.org import COUNTIES, POSTS
from generator.demo.plan import plan_portfolio
from generator.demo.plan_2016 import plan_2016
from generator.demo.planting import FIXTURE_PATH, FIXTURE_PATH_2015_CLOSING, FIXTURE_PATH_2016
from generator.demo.report_content import Reports, build_reports, check_problem_records
from generator.loading.yamlstrict import dump_yaml  # the writer that matches the strict loader, not a rule

OWNED_DATA_DIRS = ("data/years", "data/projects", "data/reports", "data/briefings", "data/dispatches")


def build_demo(seed: int = 2015) -> dict[str, str]:
    """Return {repo-relative posix path: file text} for the whole demo portfolio (2015 to its closing day, and
    2016 planned on top of it), plus the anomalies fixtures: 2015's on config's as-of date and on its closing
    day, 2016's on 2016-10-20."""
    demo = plan_portfolio(seed)
    reports = build_reports(demo)
    check_problem_records(demo, reports)
    demo16 = plan_2016(demo, reports)
    reports16 = build_reports(demo16)
    check_problem_records(demo16, reports16)

    files: dict[str, str] = {}
    files["data/config.yaml"] = _emit("data/config.yaml", "config", config())
    files["data/years/2015.yaml"] = _emit("data/years/2015.yaml", "year", {"year": 2015, "title": "3个30"})
    files["data/years/2016.yaml"] = _emit("data/years/2016.yaml", "year", year_doc(SPAN_2016))
    files["data/org/counties.yaml"] = _emit("data/org/counties.yaml", "counties",
                                            [{"id": c, "name": n} for c, n, _ in COUNTIES])
    files["data/org/units.yaml"] = _emit("data/org/units.yaml", "units", [unit_doc(u) for u in demo.units])
    files["data/org/posts.yaml"] = _emit("data/org/posts.yaml", "posts", posts_doc())
    _year_files(files, demo, reports)
    _year_files(files, demo16, reports16)
    files[FIXTURE_PATH] = demo.anomalies.fixture(AS_OF)
    files[FIXTURE_PATH_2015_CLOSING] = demo.anomalies.fixture(demo.span.closing)
    files[FIXTURE_PATH_2016] = demo16.anomalies.fixture()
    return dict(sorted(files.items()))


def _year_files(files: dict[str, str], demo: Portfolio, reports: Reports) -> None:
    """One year's projects, reports, briefings and dispatches."""
    for p in demo.projects:
        path = f"data/projects/{p.id}.yaml"
        files[path] = _emit(path, "project", project_doc(p))
    for (pid, month), report in sorted(reports.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        path = f"data/reports/{period(month)}/{pid}.yaml"
        files[path] = _emit(path, "report", report)
    for b in demo.briefings:
        path = f"data/briefings/{b['period']}/{b['unit']}.yaml"
        files[path] = _emit(path, "briefing", b)
    for d in demo.dispatches:
        path = f"data/dispatches/{d.stem}.yaml"
        assert path not in files, path
        files[path] = _emit(path, "dispatch", dispatch_doc(d))


def write_demo(root: Path, seed: int = 2015) -> list[str]:
    """Write build_demo's files under root (removing stale files under data/projects, data/reports,
    data/briefings, data/dispatches first, never touching anything else); return the paths written."""
    files = build_demo(seed)
    for owned in OWNED_DATA_DIRS:
        base = root / owned
        if base.is_dir():
            for stale in sorted(base.rglob("*"), reverse=True):
                if stale.is_file() or stale.is_symlink():
                    stale.unlink()
                elif stale.is_dir() and not any(stale.iterdir()):
                    stale.rmdir()
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    return list(files)


def _emit(path: str, kind: str, data: Any) -> str:
    schema = posixpath.relpath(f"schemas/{kind}.schema.json", posixpath.dirname(path))
    return dump_yaml(data, header=f"# yaml-language-server: $schema={schema}\n")


def config() -> dict[str, Any]:
    return {
        "demo": True,
        "as_of": AS_OF,
        "year": YEAR,
        "timezone": "Asia/Shanghai",
        "first_report_period": FIRST_REPORT_PERIOD,
        "max_file_bytes": 1048576,
        "shift_due_to_working_day": False,
        "upcoming_days": UPCOMING_DAYS,
        "deadlines": {
            "report_day": REPORT_DAY,
            "verification_day": VERIFICATION_DAY,
            "answer_working_days": ANSWER_WORKING_DAYS,
            "briefings": {"Q1": "04-15", "Q2": "07-15", "Q3": "10-15", "FY": "01-10"},
        },
        "cadence": {
            "about_to_start_days": ABOUT_TO_START_DAYS,
            "about_to_start_interval_days": ABOUT_INTERVAL_DAYS,
            "started_interval_days": STARTED_INTERVAL_DAYS,
        },
        "status": {"yellow_gap": 10, "red_gap": 30, "red_milestone_overdue_days": 30},
        "scoring": {"base": 100, "late_report": 2, "missing_report": 5, "late_answer": 2, "broken_promise": 3,
                    "briefing": 3, "missed_site_visit": 1, "overdue_finding": 3, "missed_decision": 2,
                    "red_share": 10},
        "calendar": [],
        "public_contact": {
            "name": "楚雄州人民政府督查室（演示数据）",
            "phone": "0878-0000000",
            "email": "ducha@example.org",
            "address": "楚雄市演示路1号（虚构地址）",
        },
        "open_data": {"license": "CC BY 4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/"},
        "publish": {"scores": True, "unit_red_list": True},
    }


def year_doc(span: Span) -> dict[str, Any]:
    """A later year's file, as `new-year` writes it: the list's name, the notice and the dates of its duties."""
    return {"year": span.year, "title": span.title, "notice_date": span.notice.strftime("%m-%d"),
            "first_report_period": period((span.year, span.start.month)),
            "deadlines": {"action_plan": span.action_plan_due.strftime("%m-%d"),
                          "briefings": {"Q1": "04-15", "Q2": "07-15", "Q3": "10-15", "FY": "01-10"}}}


def unit_doc(u: dict[str, Any]) -> dict[str, Any]:
    doc = {k: u[k] for k in ("id", "name", "short_name", "kind")}
    if u["county"] is not None:
        doc["county"] = u["county"]
    if u["github_team"] is not None:
        doc["github_team"] = u["github_team"]
    return doc


def posts_doc() -> list[dict[str, Any]]:
    return [{"id": pid, "title": title,
             "holders": [{"name": n, "from": dt.date.fromisoformat(f), "to": dt.date.fromisoformat(t) if t else None}
                         for n, f, t in holders]}
            for pid, title, holders in POSTS]


def project_doc(p: Project) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": p.id, "name": p.name, "category": p.category, "year": p.span.year, "county": p.county,
        "owner": p.owner, "content": p.content, "total_investment": p.total,
    }
    if p.funding:
        doc["funding_sources"] = [dict(f) for f in p.funding]
    doc["annual"] = {
        "investment": p.annual, "progress_target": p.progress_target,
        "milestones": [{k: v for k, v in ms.items() if k != "kind" or v is not None} for ms in p.milestones],
    }
    doc["dates"] = {
        "start": {"planned": p.start_planned, "actual": p.start_actual},
        "completion": {"planned": p.completion_planned, "actual": p.completion_actual},
        "production": {"planned": p.production_planned, "actual": p.production_actual},
    }
    doc["leader_post"] = p.leader_post
    doc["lead_unit"] = p.lead
    doc["co_units"] = list(p.co_units)
    doc["county_leader"] = p.county_leader
    if p.county_leader_note:
        doc["county_leader_note"] = p.county_leader_note
    doc["responsible_person"] = dict(p.responsible_person)
    doc["team"] = [dict(t) for t in p.team]
    doc["action_plan"] = {"submitted_on": p.action_submitted}
    doc["entered_on"] = p.entered
    if p.exited:
        doc["exited"] = {"on": p.exited[0], "reason": p.exited[1]}
    if p.listed_supervision:
        doc["listed_supervision"] = dict(p.listed_supervision)
    if p.location:
        doc["location"] = {"lat": p.location[0], "lon": p.location[1]}
    if p.internal_notes:
        doc["internal_notes"] = p.internal_notes
    if p.continues:
        doc["continues"] = p.continues
    return doc


def dispatch_doc(d: Dispatch) -> dict[str, Any]:
    doc: dict[str, Any] = {"date": d.date, "kind": d.kind, "chaired_by": d.chaired_by, "projects": list(d.projects)}
    if d.covers:
        doc["covers"] = {"from": d.covers[0], "to": d.covers[1]}
    doc["summary"] = d.summary
    if d.decisions:
        doc["decisions"] = [dict(x) for x in d.decisions]
    if d.findings:
        doc["findings"] = [{k: v for k, v in x.items() if k != "closed" or v is not None} for x in d.findings]
    return doc
