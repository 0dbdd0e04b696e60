"""Plan step: 2015 from its first as-of date (2015-10-20) to its closing day (2016-01-10).

The year was first planned as seen on 2015-10-20; a year is closed on its closing day (the annual briefing's
due day, docs/design.md "Years"), and its archive is built as seen then. So the plan goes on: the new starts
of November and December start (one slips into next year), October to December are reported on time and
verified (December's by the closing day), problems promised for the autumn are closed, the decisions and
findings falling due are carried out, the year's milestones are met except by the projects lagging all year,
and every lead unit files its annual briefing. plan_cadence, run after this step, keeps the urging and
scheduling cadence to 31 December.

Every draw here comes from the "year-end/<topic>" streams, and every date it sets lies after 2015-10-20, so the
files written for that day stay byte for byte what they were, and seen on it the repository is unchanged.
"""

from __future__ import annotations

import datetime as dt
import random

from generator.demo.dates import (
    ONE_DAY,
    REPORT_DAY,
    SPAN_2015_CLOSED,
    VERIFICATION_DAY,
    next_month_day,
    workdays,
)
from generator.demo.model import Portfolio, Project, ReportPlan
from generator.demo.org import INSPECTION_OFFICE
from generator.demo.plan_problems import ProblemPlanner
from generator.demo.plan_reports import verify_day

SPAN = SPAN_2015_CLOSED
CUT = SPAN.first_as_of or SPAN.as_of  # 2015-10-20
AFTER = CUT + ONE_DAY
YEAR_TARGETS = ("完成年度投资计划", "完成年度形象进度目标")  # the milestones met by meeting the year's plan
NEW_PROBLEMS = 4


def plan_year_end(demo: Portfolio) -> None:
    """Plan the finished 2015 portfolio on to its closing day, in place."""
    demo.span = SPAN
    demo.anomalies.as_of = SPAN.as_of
    for p in demo.projects:
        p.span = SPAN
    _starts(demo)
    _milestones(demo)
    _pace(demo)
    _reports(demo)
    _briefings(demo)
    _problems(demo)
    _dispatch_items(demo)


def _live(demo: Portfolio) -> list[Project]:
    return [p for p in demo.projects if p.exited is None]


def _starts(demo: Portfolio) -> None:
    """The new starts planned for November and December start on time, but for the last one planned, whose
    start slips into next year; the year's other dates due after the first as-of date."""
    rng = demo.rng("year-end/dates")
    later = sorted((p for p in _live(demo) if p.category == "new_start" and p.start_actual is None
                    and p.start_planned is not None and CUT < p.start_planned <= SPAN.end),
                   key=lambda p: (p.start_planned or SPAN.end, p.id))
    slipped = later.pop()
    for p in later:
        assert p.start_planned is not None
        p.start_actual = max(p.start_planned - dt.timedelta(days=rng.randint(0, 6)), AFTER)
    assert slipped.start_planned is not None
    demo.anomalies.plant("start", slipped.id, "start", slipped.lead, slipped.start_planned, None)
    demo.roles.start_slipped = slipped.id
    for p in _live(demo):
        for which in ("completion", "production"):
            planned = getattr(p, f"{which}_planned")
            if planned is not None and CUT < planned <= SPAN.end and getattr(p, f"{which}_actual") is None:
                # only the missed completion's production falls here: it cannot be in production unfinished
                assert p.id == demo.roles.completion_missed and which == "production", (p.id, which)
                demo.anomalies.plant(which, p.id, which, p.lead, planned, None)


def _behind(demo: Portfolio) -> set[str]:
    """The projects that do not make up the year's plan: the laggards, the late and the unstarted new starts."""
    roles = demo.roles
    return {*roles.lagging, roles.late_start, roles.missed_start, roles.start_slipped}


def _milestones(demo: Portfolio) -> None:
    """Milestones due after the first as-of date are met on time, but the year's targets of the projects behind;
    the preliminary step missed in the autumn is approved late, and the steps it held up follow."""
    rng = demo.rng("year-end/milestones")
    behind = _behind(demo)
    held = demo.by_id[demo.roles.milestone_missed]
    chain = sorted((m for m in held.milestones if m["done_on"] is None and m["due"] <= SPAN.end),
                   key=lambda m: m["due"])
    previous = rng.choice(workdays(dt.date(2015, 11, 2), dt.date(2015, 11, 27)))
    chain[0]["done_on"] = previous
    demo.anomalies.settle("milestone", held.id, chain[0]["name"], previous)
    for m in chain[1:]:
        day = max(m["due"] - dt.timedelta(days=rng.randint(0, 15)), previous + dt.timedelta(days=rng.randint(6, 15)))
        if day > SPAN.end:
            demo.anomalies.plant("milestone", held.id, m["name"], held.lead, m["due"], None)
            break
        m["done_on"] = previous = day
        if day > m["due"]:
            demo.anomalies.plant("milestone", held.id, m["name"], held.lead, m["due"], day)
    for p in sorted(_live(demo), key=lambda p: p.id):
        if p is held:
            continue
        previous = dt.date.min
        for m in sorted(p.milestones, key=lambda m: m["due"]):
            if m["done_on"] is not None:
                previous = max(previous, m["done_on"])
                continue
            if not CUT < m["due"] <= SPAN.end:
                continue
            if p.id in behind and m["name"] in YEAR_TARGETS:
                demo.anomalies.plant("milestone", p.id, m["name"], p.lead, m["due"], None)
                continue
            m["done_on"] = previous = max(m["due"] - dt.timedelta(days=rng.randint(0, 20)), AFTER, previous)


def _pace(demo: Portfolio) -> None:
    """The year-end push: by December every project makes up its annual plan, but the ones behind, which
    close part of the gap."""
    rng = demo.rng("year-end/pace")
    behind = _behind(demo)
    for p in demo.projects:
        if p.id in behind:
            p.year_end_perf = min(p.perf * rng.uniform(1.05, 1.2), 0.9)
        else:
            p.year_end_perf = max(p.perf, rng.uniform(1.0, 1.05))


def _reports(demo: Portfolio) -> None:
    """October to December reported on time; December's verified by the closing day, when the year's files
    become a record (its due day, 12 January, comes after)."""
    rng = demo.rng("year-end/reports")
    for p in demo.projects:
        for month in p.owed_months():
            y, m = month
            if not SPAN.after_first(next_month_day(y, m, REPORT_DAY)):
                continue
            submitted = rng.choice(workdays(next_month_day(y, m, 1), next_month_day(y, m, REPORT_DAY)))
            verified = verify_day(rng, submitted, min(next_month_day(y, m, VERIFICATION_DAY), SPAN.closing))
            channel = rng.choices(("email", "paper", "system"), weights=(6, 1, 3))[0]
            demo.reports[(p.id, month)] = ReportPlan(p.id, month, submitted, verified, channel)


def _briefings(demo: Portfolio) -> None:
    """Every lead unit of a project listed on 31 December files its annual briefing by 10 January."""
    rng = demo.rng("year-end/briefings")
    due, end = SPAN.briefing_due("FY"), SPAN.briefing_end("FY")
    for unit in sorted({p.lead for p in demo.projects if p.listed_on(end)}):
        demo.briefings.append({
            "unit": unit, "period": f"{SPAN.year}-FY",
            "submitted_on": rng.choice(workdays(due - dt.timedelta(days=12), due)),
            "title": f"{demo.unit_short[unit]}关于{SPAN.year}年度“{SPAN.title}”重点项目目标任务完成情况的报告",
        })


def _problems(demo: Portfolio) -> None:
    """Problems promised for the autumn are closed by their promise; some open ones are closed; a few new ones
    are reported in October and November, some of them still open at the year's end."""
    planner = ProblemPlanner(demo, "year-end/problems")
    rng = planner.rng
    for pr in demo.problems:
        planner.counters[pr.project] = max(planner.counters.get(pr.project, 0), int(pr.id[1:]))
    broken = {(a["project"], a["ref"]) for a in demo.anomalies.records if a["kind"] == "promise"}
    for pr in list(demo.problems):
        if pr.closed is not None or demo.by_id[pr.project].exited is not None or (pr.project, pr.id) in broken:
            continue  # the broken promise stays open into next year
        promised = pr.answer["promised_by"] if pr.answer is not None else None
        if promised is not None:
            assert CUT < promised <= SPAN.end, pr
            planner.close(pr, max(AFTER, promised - dt.timedelta(days=25)), promised)
        elif rng.random() < 0.4:
            planner.close(pr, AFTER, dt.date(2015, 12, 20))
    taken = {pr.project for pr in demo.problems if pr.closed is None}
    pool = sorted((p for p in _live(demo) if p.category != "preliminary" and p.id not in taken
                   and p.completion_actual is None), key=lambda p: p.id)
    for p in rng.sample(pool, k=NEW_PROBLEMS):
        _new_problem(planner, rng, p)


def _new_problem(planner: ProblemPlanner, rng: random.Random, p: Project) -> None:
    pr = planner.new(p, (2015, rng.choice((10, 11))))
    if rng.random() < 0.5:
        planner.close(pr, dt.date(2015, 12, 1), dt.date(2015, 12, 25))


def _dispatch_items(demo: Portfolio) -> None:
    """Decisions and findings of the year's meetings and inspections that fall due after the first as-of date
    are carried out by their due date."""
    rng = demo.rng("year-end/dispatches")
    for d in sorted(demo.dispatches, key=lambda d: (d.date, d.kind, d.chaired_by)):
        for x in d.decisions:
            if x["done_on"] is None and x["due"] > CUT:
                x["done_on"] = rng.choice(workdays(max(AFTER, x["due"] - dt.timedelta(days=10)), x["due"]))
        for f in d.findings:
            if f["rectified_on"] is None and f["rectify_by"] > CUT:
                rectified = rng.choice(workdays(max(AFTER, f["rectify_by"] - dt.timedelta(days=10)), f["rectify_by"]))
                f["rectified_on"] = rectified
                f["closed"] = {"by": INSPECTION_OFFICE, "on": rectified + dt.timedelta(days=3)}
