"""The second year: 2016's list (四个一百), seen on 2016-10-20, planned on top of the finished 2015 plan.

Some 2015 projects continue under new ids of 2016 naming the project they continue (`continues`), by
new-year's rules as docs/design.md "Years" states them: a 2015 new start that started is under construction,
an unfinished project keeps its category, and a preliminary project ready to start is moved to new start by
the year's decomposition table. Others are listed for the first time. Year-to-date figures start at zero, and
every problem still open in a continuing project's last 2015 report is carried, unchanged and under the same
id, into its first 2016 report (what `new-report` writes); new problems are numbered after the 2015 ones.

The 2015 plan is read, never changed: every draw here comes from the 2016 streams (`Portfolio.rng`), so the
2015 files stay byte for byte what they were. The 2016 anomalies are planted into their own record (written
to tests/fixtures/demo-anomalies-2016.yaml); everything else meets its deadline or falls due after the as-of
date.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from generator.demo.catalogue import (
    NEW_START_2016,
    PRELIM_STEPS,
    PRELIMINARY_2016,
    UC_MILESTONES,
    UNDER_CONSTRUCTION_2016,
)
from generator.demo.dates import (
    ONE_DAY,
    REPORT_DAY,
    SPAN_2016,
    VERIFICATION_DAY,
    money,
    month_end,
    next_month_day,
    period,
    workdays,
)
from generator.demo.model import Dispatch, Month, Portfolio, Problem, Project, ReportPlan
from generator.demo.org import LEADER_BY_LEAD, SUPERVISION_OFFICE, gov
from generator.demo.plan_cadence import plan_cadence
from generator.demo.plan_dates import progress_target
from generator.demo.plan_meetings import finding, number
from generator.demo.plan_problems import ProblemPlanner
from generator.demo.plan_projects import project_facts
from generator.demo.plan_reports import QUARTER, verify_day
from generator.demo.planting import Anomalies
from generator.demo.report_content import Reports, problem_view

SPAN = SPAN_2016
YEAR_START = dt.date(SPAN.year, 1, 1)
# how many 2015 projects continue, by how they come onto the 2016 list
CARRIED = {"under_construction": 8, "started": 9, "not_started": 2, "ready": 3, "preliminary": 3}
CODES = {"under_construction": "zj", "new_start": "xkg", "preliminary": "qq"}


def plan_2016(y15: Portfolio, reports15: Reports) -> Portfolio:
    """The 2016 portfolio: continuing and new projects, their dates, reports, problems, meetings and cadence."""
    demo = Portfolio(y15.seed, span=SPAN, anomalies=Anomalies(SPAN.as_of))
    demo.units, demo.unit_short, demo.unit_kind = y15.units, y15.unit_short, y15.unit_kind
    _carry_projects(demo, y15)
    _new_projects(demo)
    _number_projects(demo)
    _dates(demo, y15)
    _reports(demo)
    _briefings(demo)
    _problems(demo, y15, reports15)
    _meetings(demo)
    plan_cadence(demo)
    number(demo.dispatches)
    return demo


# --- the list ------------------------------------------------------------------------------------------------------


def _carry_projects(demo: Portfolio, y15: Portfolio) -> None:
    """Choose the 2015 projects that continue and make each its 2016 project (its id given later)."""
    rng = demo.rng("carry")
    live = [p for p in y15.projects if p.exited is None and p.completion_actual is None]
    uc = [p for p in live if p.category == "under_construction"]
    started = [p for p in live if p.category == "new_start" and p.start_actual is not None]
    not_started = [p for p in live if p.category == "new_start" and p.start_actual is None]
    prelim = [p for p in live if p.category == "preliminary" and p.type not in ("rail", "airport")]
    ready = [p for p in prelim if p.start_planned is not None and p.start_planned <= dt.date(SPAN.year, 8, 31)]
    # the 2015 story goes on: the missed completion is finished, the planted problems' projects continue
    story = set(y15.roles.problem_projects) | {y15.roles.completion_missed, y15.roles.missed_start}
    picks: list[tuple[str, Project]] = []

    def choose(kind: str, pool: list[Project], category: str) -> None:
        pool = sorted(pool, key=lambda p: p.id)
        first = [p for p in pool if p.id in story][:CARRIED[kind]]
        rest = rng.sample([p for p in pool if p not in first], k=CARRIED[kind] - len(first))
        picks.extend((category, p) for p in sorted(first + rest, key=lambda p: p.id))

    choose("under_construction", uc, "under_construction")
    choose("started", started, "under_construction")  # a new start that started is under construction
    choose("not_started", not_started, "new_start")
    choose("ready", ready, "new_start")  # moved by the decomposition table
    remaining = [p for p in prelim if p not in ready and _resume_step(p) <= len(PRELIM_STEPS) - 2]
    choose("preliminary", remaining, "preliminary")
    for category, old in picks:
        demo.projects.append(_continued(rng, old, category))


def _resume_step(p: Project) -> int:
    """Where a preliminary project's approvals resume next year: its first step not done, else after its last."""
    kinds = [k for k, _ in PRELIM_STEPS]
    steps = [(kinds.index(m["kind"]), m["done_on"]) for m in p.milestones if m.get("kind") in kinds]
    undone = [i for i, done in steps if done is None]
    return min(undone) if undone else max((i for i, _ in steps), default=-1) + 1


def _continued(rng: random.Random, old: Project, category: str) -> Project:
    """The 2015 project on the 2016 list: its facts carried, this year's targets and figures its own."""
    p = copy.deepcopy(old)
    p.id, p.category, p.span, p.continues = "", category, SPAN, old.id
    p.entered, p.exited, p.listed_supervision, p.internal_notes = YEAR_START, None, None, None
    p.resume_step = _resume_step(old)
    p.milestones = []
    p.action_due = SPAN.action_plan_due
    p.action_submitted = rng.choice(workdays(SPAN.notice + ONE_DAY, SPAN.action_plan_due))
    if category == "under_construction":
        # invested before 2016: before 2015, plus about what 2015's plan and pace come to for the year
        pace = old.perf if old.year_end_perf is None else old.year_end_perf
        p.before_year = old.before_year + money(float(old.annual) * min(pace, 1.05) * 0.98, old.places)
        remaining = float(p.total - p.before_year)
        p.annual = money(max(round(min(float(p.total) * rng.uniform(0.12, 0.28), remaining * 0.7), -1), 10), 0)
    elif category == "new_start":
        p.before_year = Decimal(0)
        p.annual = money(round(float(p.total) * rng.uniform(0.06, 0.2), -1), 0)
    else:
        p.annual = money(round(min(float(p.total) * rng.uniform(0.002, 0.01), 3000), -1), 0)
    p.perf = rng.uniform(0.95, 1.15)
    return p


def _new_projects(demo: Portfolio) -> None:
    """The projects first listed in 2016, drawn like 2015's (phones numbered on from 0501)."""
    rng = demo.rng("projects")
    phones = (f"138-0000-{n:04d}" for n in itertools.count(501))
    for category, specs in (("under_construction", UNDER_CONSTRUCTION_2016), ("new_start", NEW_START_2016),
                            ("preliminary", PRELIMINARY_2016)):
        for name, county, ptype, lead in specs:
            p = Project(id="", name=name, category=category, county=county, type=ptype, lead=lead, span=SPAN,
                        entered=YEAR_START, action_due=SPAN.action_plan_due)
            p.leader_post = LEADER_BY_LEAD.get(lead, "changwu-fuzhouzhang")
            project_facts(demo, rng, p, phones)
            p.action_submitted = rng.choice(workdays(SPAN.notice + ONE_DAY, SPAN.action_plan_due))
            demo.projects.append(p)


def _number_projects(demo: Portfolio) -> None:
    """2016 ids in list order: continuing projects first within each category, then the new ones."""
    counts: dict[str, int] = {}
    for p in demo.projects:
        code = CODES[p.category]
        counts[code] = counts.get(code, 0) + 1
        p.id = f"{SPAN.year}-{code}-{counts[code]:02d}"
    order = {c: i for i, c in enumerate(CODES)}
    demo.projects.sort(key=lambda p: (order[p.category], p.id))
    demo.by_id = {p.id: p for p in demo.projects}


# --- dates, milestones, targets ------------------------------------------------------------------------------------


def _dates(demo: Portfolio, y15: Portfolio) -> None:
    """Starts, completions and production within 2016, milestones and targets; a late start and a missed
    preliminary step are planted, a lagging project or two chosen."""
    rng = demo.rng("dates")
    roles = demo.roles
    for p in demo.projects:
        if p.category == "under_construction" and p.continues is None:
            p.start_actual = p.start_planned = dt.date(rng.randint(2014, 2015), rng.randint(1, 12), rng.randint(1, 28))
            p.completion_planned = dt.date(rng.randint(2017, 2018), rng.choice((6, 12)), 30)
            if p.type in ("energy", "industry", "park", "municipal"):
                p.production_planned = p.completion_planned + dt.timedelta(days=rng.randint(30, 90))
        elif p.category == "new_start":
            if p.start_planned is None or not dt.date(SPAN.year, 3, 1) <= p.start_planned <= dt.date(SPAN.year, 8, 31):
                p.start_planned = dt.date(SPAN.year, rng.randint(3, 5), rng.randint(1, 28))
            p.start_actual = None
            p.completion_planned = dt.date(rng.randint(2017, 2019), rng.choice((6, 12)), 30)
            p.production_planned = None
            if p.type in ("energy", "industry", "park", "municipal", "agri"):
                p.production_planned = p.completion_planned + dt.timedelta(days=rng.randint(30, 90))
        elif p.category == "preliminary":
            p.start_planned = dt.date(2017, rng.randint(3, 12), rng.randint(1, 28)) if rng.random() < 0.7 else None
            p.start_actual = None
    # the new starts first listed in 2016: two started in spring, one late, one about to start, one for November
    fresh = [p for p in demo.projects if p.category == "new_start" and p.continues is None]
    spring, late, about, later = fresh[:2], fresh[2], fresh[3], fresh[4:]
    for p in spring:
        p.start_planned = dt.date(SPAN.year, rng.randint(3, 5), rng.randint(1, 28))
    late.start_planned = dt.date(SPAN.year, 6, rng.randint(1, 20))
    about.start_planned = dt.date(SPAN.year, 11, rng.randint(5, 15))
    for p in later:
        p.start_planned = dt.date(SPAN.year, 11, rng.randint(20, 30))
    for p in demo.projects:
        if p.category == "new_start" and p not in (about, *later):
            assert p.start_planned is not None
            p.start_actual = p.start_planned - dt.timedelta(days=rng.randint(0, 6))
    assert late.start_planned is not None
    late.start_actual = late.start_planned + dt.timedelta(days=rng.randint(12, 30))
    late.perf = rng.uniform(0.55, 0.7)
    demo.anomalies.plant("start", late.id, "start", late.lead, late.start_planned, late.start_actual)
    roles.late_start, roles.not_started = late.id, sorted(p.id for p in (about, *later))
    # 2015's missed completion is finished in May; other completions and productions due this year are on time
    missed = next(p for p in demo.projects if p.continues == y15.roles.completion_missed)
    missed.completion_planned = dt.date(SPAN.year, 5, 31)
    if missed.production_planned is not None:
        missed.production_planned = dt.date(SPAN.year, 7, 15)
    for p in demo.projects:
        _settle(rng, p)
    # the laggards: one under construction, one new start; a few behind, not yet red
    uc = [p for p in demo.projects if p.category == "under_construction" and p.completion_actual is None]
    started = [p for p in demo.projects if p.category == "new_start" and p.start_actual is not None and p is not late]
    lagging = [rng.choice(uc), rng.choice(started)]
    for p in lagging:
        p.perf = rng.uniform(0.4, 0.58)
    roles.lagging = [p.id for p in lagging]
    for p in rng.sample([p for p in uc if p not in lagging], k=3):
        p.perf = rng.uniform(0.7, 0.82)
    _milestones(demo, rng)
    for p in demo.projects:
        p.progress_target = progress_target(p)


def _settle(rng: random.Random, p: Project) -> None:
    """Completion and production planned by the as-of date happen on time (never before the start)."""
    if p.completion_planned is not None and YEAR_START <= p.completion_planned <= SPAN.as_of:
        p.completion_actual = p.completion_planned - dt.timedelta(days=rng.randint(0, 15))
        if p.production_planned is not None and p.production_planned <= SPAN.as_of:
            room = (p.production_planned - p.completion_actual).days
            p.production_actual = p.production_planned - dt.timedelta(days=rng.randint(0, min(10, room)))


def _milestones(demo: Portfolio, rng: random.Random) -> None:
    for p in demo.projects:
        if p.category == "under_construction":
            first, second = UC_MILESTONES[p.type]
            dues = [dt.date(SPAN.year, 6, 30), dt.date(SPAN.year, 9, 30), dt.date(SPAN.year, 12, 31)]
            for name, due in zip((first, second, "完成年度投资计划"), dues, strict=True):
                p.milestones.append({"name": name, "kind": None, "due": due, "done_on": _done(rng, due)})
        elif p.category == "new_start":
            start = p.start_planned
            assert start is not None
            steps = [("完成施工图设计审查", None, start - dt.timedelta(days=40)),
                     ("取得施工许可", "construction_permit", start - dt.timedelta(days=12)),
                     ("完成年度形象进度目标", None, dt.date(SPAN.year, 12, 31))]
            for name, kind, due in steps:
                if due >= dt.date(SPAN.year, 1, 10):
                    p.milestones.append({"name": name, "kind": kind, "due": due, "done_on": _done(rng, due)})
        else:
            begin = p.resume_step if p.continues else rng.randint(0, 2)
            due = dt.date(SPAN.year, rng.randint(3, 4), rng.randint(1, 28))
            for kind, name in PRELIM_STEPS[begin:begin + rng.randint(3, 4)]:
                p.milestones.append({"name": name, "kind": kind, "due": due, "done_on": _done(rng, due)})
                due += dt.timedelta(days=rng.randint(40, 70))
    # one preliminary step not approved by the as-of date; it holds up every later step
    candidates = [(p, m) for p in demo.projects if p.category == "preliminary" for m in p.milestones
                  if dt.date(SPAN.year, 7, 1) <= m["due"] <= dt.date(SPAN.year, 9, 30)
                  and all(x["due"] > SPAN.as_of for x in p.milestones if x["due"] > m["due"])]
    p, m = rng.choice(sorted(candidates, key=lambda pm: (pm[0].id, pm[1]["due"])))
    for x in p.milestones:
        if x["due"] >= m["due"]:
            x["done_on"] = None
    demo.anomalies.plant("milestone", p.id, m["name"], p.lead, m["due"], None)
    demo.roles.milestone_missed = p.id


def _done(rng: random.Random, due: dt.date) -> dt.date | None:
    """On time when due by the as-of date; a step due soon after it is sometimes already done."""
    if due <= SPAN.as_of or (due <= SPAN.as_of + dt.timedelta(days=40) and rng.random() < 0.3):
        return max(min(due - dt.timedelta(days=rng.randint(0, 20)), SPAN.as_of), dt.date(SPAN.year, 1, 5))
    return None


# --- reports and briefings ----------------------------------------------------------------------------------------


def _reports(demo: Portfolio) -> None:
    """Every owed report on time; two late ones, a 核减 and a later correction planted on them."""
    rng = demo.rng("reports")
    last = SPAN.report_months[-1]
    for p in demo.projects:
        for month in p.owed_months():
            y, m = month
            submitted = rng.choice(workdays(next_month_day(y, m, 1), next_month_day(y, m, REPORT_DAY)))
            if month == last and rng.random() < 0.15:  # before the National Day holiday
                submitted = rng.choice(workdays(dt.date(y, m, 28), month_end(y, m)))
            verified = verify_day(rng, submitted, next_month_day(y, m, VERIFICATION_DAY))
            channel = rng.choices(("email", "paper", "system"), weights=(5, 1, 4))[0]
            demo.reports[(p.id, month)] = ReportPlan(p.id, month, submitted, verified, channel)
    def late_days(month: Month) -> list[dt.date]:  # after the 8th, still verified by the 12th
        return workdays(next_month_day(*month, REPORT_DAY + 1), next_month_day(*month, VERIFICATION_DAY - 1))

    pool = [k for k in sorted(demo.reports) if (2016, 3) <= k[1] <= (2016, 8)]
    for key in rng.sample([k for k in pool if late_days(k[1])], k=2):
        y, m = key[1]
        plan = demo.reports[key]
        plan.submitted_on = rng.choice(late_days(key[1]))
        plan.verified_on = rng.choice(workdays(plan.submitted_on, next_month_day(y, m, VERIFICATION_DAY)))
        p = demo.by_id[key[0]]
        demo.anomalies.plant("report", p.id, period(key[1]), p.lead, next_month_day(y, m, REPORT_DAY),
                             plan.submitted_on)
        pool.remove(key)
    uc = {p.id for p in demo.projects if p.category == "under_construction" and p.completion_actual is None}
    key = rng.choice([k for k in pool if k[0] in uc and (2016, 4) <= k[1] <= (2016, 7)
                      and k[0] not in demo.roles.lagging])
    demo.reports[key].adjusted = True
    demo.roles.adjusted = key
    pool.remove(key)
    key = rng.choice(pool)
    demo.reports[key].correction = True
    demo.roles.correction = key


def _briefings(demo: Portfolio) -> None:
    """Each lead unit's quarterly briefing, one of them late in Q1."""
    rng = demo.rng("briefings")
    for quarter in ("Q1", "Q2", "Q3"):
        due, end = SPAN.briefing_due(quarter), SPAN.briefing_end(quarter)
        units = sorted({p.lead for p in demo.projects if p.listed_on(end)})
        late_unit = rng.choice(units) if quarter == "Q1" else None
        for unit in units:
            submitted = rng.choice(workdays(due - dt.timedelta(days=7), due))
            if unit == late_unit:
                submitted = rng.choice(workdays(due + ONE_DAY, due + dt.timedelta(days=6)))
                demo.anomalies.plant("briefing", None, f"{SPAN.year}-{quarter}", unit, due, submitted)
            demo.briefings.append({
                "unit": unit, "period": f"{SPAN.year}-{quarter}", "submitted_on": submitted,
                "title": f"{demo.unit_short[unit]}关于{SPAN.year}年{QUARTER[quarter]}“{SPAN.title}”重点项目推进情况的报告",
            })


# --- problems ------------------------------------------------------------------------------------------------------


def _problems(demo: Portfolio, y15: Portfolio, reports15: Reports) -> None:
    """2015's open problems carried on (some closed this year), a problem taken to a meeting, new ones."""
    planner = ProblemPlanner(demo)
    first_month = SPAN.report_months[0]
    for p in demo.projects:
        if p.continues is None:
            continue
        old = p.continues
        last = max(m for pid, m in reports15 if pid == old)
        planner.counters[p.id] = sum(1 for pr in y15.problems if pr.project == old)  # new ones numbered after
        for view in reports15[(old, last)].get("problems", []):
            if "closed" in view:
                continue
            carried = _carried(y15, old, view, p.id, first_month)
            assert problem_view(carried, first_month, demo.reports[(p.id, first_month)].submitted_on) == view
            demo.problems.append(carried)
            if planner.rng.random() < 0.55:
                planner.close(carried, dt.date(SPAN.year, 3, 1), dt.date(SPAN.year, 7, 31))
    taken = {pr.project for pr in demo.problems}
    pool = [p for p in demo.projects if p.id not in taken and p.id != demo.roles.late_start]
    meeting = planner.rng.choice([p for p in pool if p.category == "under_construction" and p.completion_actual is None
                                  and p.type in ("highway", "road", "water", "housing")])
    pr = planner.new(meeting, (SPAN.year, 5), "relocation")
    pr.escalations.append({"level": "coordination_meeting", "to": meeting.leader_post, "on": MEETING_ON})
    planner.close(pr, dt.date(SPAN.year, 7, 4), dt.date(SPAN.year, 7, 29))
    demo.roles.meeting_problem = (meeting.id, pr.id)
    for p in planner.rng.sample(sorted((p for p in pool if p is not meeting), key=lambda p: p.id), k=12):
        planner.ordinary(p)


def _carried(y15: Portfolio, old: str, view: dict[str, Any], new: str, first: Month) -> Problem:
    """A 2015 problem as the first 2016 report carries it: what the last 2015 report recorded, under the new id."""
    source = next(pr for pr in y15.problems if pr.project == old and pr.id == view["id"])
    pr = copy.deepcopy(source)
    pr.project, pr.first, pr.closed = new, first, None
    if "answer" not in view:  # answered after the last 2015 report: that report did not record it
        pr.answer = None
    pr.escalations = [e for e in pr.escalations if e in (view.get("escalations") or [])]
    return pr


# --- meetings and inspections --------------------------------------------------------------------------------------

MEETING_ON = dt.date(SPAN.year, 5, 20)


def _meetings(demo: Portfolio) -> None:
    """Three coordination meetings (decisions carried out by their due dates) and one joint inspection."""
    rng = demo.rng("meetings")

    def done_by(due: dt.date, done: bool = True) -> dt.date | None:
        return rng.choice(workdays(due - dt.timedelta(days=10), due)) if done and due <= SPAN.as_of else None

    def pick(pred: Callable[[Project], bool], k: int) -> list[str]:
        ids = sorted(p.id for p in demo.projects if pred(p))
        return sorted(rng.sample(ids, k=min(k, len(ids))))

    def decision(n: int, content: str, unit: str, due: dt.date, done: bool = True) -> dict[str, Any]:
        return {"id": f"d{n:02d}", "content": content, "unit": unit, "due": due, "done_on": done_by(due, done)}

    highways = pick(lambda p: p.type == "highway" and p.category != "preliminary", 5)
    demo.dispatches.append(Dispatch(
        dt.date(SPAN.year, 3, 18), "coordination", "zhouzhang", highways,
        f"州长主持召开全州“{SPAN.title}”重点项目推进会，部署2016年高速公路项目建设任务，研究用地报批和资金筹措问题。",
        decisions=[
            decision(1, "州国土资源局牵头，完成高速公路项目年度用地组卷报批", "guotu", dt.date(SPAN.year, 4, 29)),
            decision(2, "州交通运输局制定2016年高速公路项目倒排工期计划并报州政府督查室备案", "jiaotong",
                     dt.date(SPAN.year, 4, 15)),
        ]))
    pid, _ = demo.roles.meeting_problem
    mp = demo.by_id[pid]
    demo.dispatches.append(Dispatch(
        MEETING_ON, "coordination", mp.leader_post, [mp.id],
        f"州责任领导主持召开{mp.name}征地拆迁专题协调会，研究解决月报中报请协调的征地拆迁问题。",
        decisions=[
            decision(1, "所在县市政府组织工作组入户协商，完成剩余征地拆迁", gov(mp.county), dt.date(SPAN.year, 6, 30)),
            decision(2, "州国土资源局指导完善征地补偿程序", "guotu", dt.date(SPAN.year, 6, 15)),
        ]))
    starts = pick(lambda p: p.category == "new_start", 6)
    demo.dispatches.append(Dispatch(
        dt.date(SPAN.year, 8, 19), "coordination", "changwu-fuzhouzhang", starts,
        "常务副州长主持召开新开工项目推进会，逐项研究未开工项目的开工条件，明确开工时限。",
        decisions=[
            decision(1, "各责任单位对照开工条件清单，逐项销号推进", "fgw", dt.date(SPAN.year, 9, 9)),
            decision(2, "州住建局对年内计划开工项目开通施工许可绿色通道", "zhujian", dt.date(SPAN.year, 11, 15),
                     done=False),
        ]))
    checked = pick(lambda p: p.start_actual is not None and p.start_actual <= dt.date(SPAN.year, 6, 1)
                   and p.completion_actual is None, 4)
    rng.shuffle(checked)
    demo.dispatches.append(Dispatch(
        dt.date(SPAN.year, 6, 22), "inspection", SUPERVISION_OFFICE, sorted(checked),
        "州政府督查室会同州重点项目稽察办组成联合督查组，对重点项目质量、进度、投资、安全、廉政情况开展集中督查。",
        findings=[
            finding(1, checked[0], "quality", "钢筋进场复检记录不全", dt.date(SPAN.year, 7, 22),
                    dt.date(SPAN.year, 7, 18), as_of=SPAN.as_of),
            finding(2, checked[1], "safety", "高边坡作业安全防护不到位", dt.date(SPAN.year, 7, 10),
                    dt.date(SPAN.year, 7, 6), as_of=SPAN.as_of),
            finding(3, checked[2], "progress", "关键线路工程滞后于倒排工期计划", dt.date(SPAN.year, 11, 30), None,
                    as_of=SPAN.as_of),
            finding(4, checked[3], "integrity", "工程变更审批手续不完善", dt.date(SPAN.year, 8, 31),
                    dt.date(SPAN.year, 8, 26), public=False, as_of=SPAN.as_of),
        ]))
