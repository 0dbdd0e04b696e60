"""Plan step: start, completion and production dates, milestones and targets, and the project-level plants."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from generator.demo.catalogue import PRELIM_STEPS, STAGE_TEXT, UC_MILESTONES
from generator.demo.dates import AS_OF, fmt
from generator.demo.model import Portfolio, Project
from generator.demo.org import SUPERVISION_OFFICE

INTERNAL_NOTES = [
    "业主融资进度需重点关注，月报数据请稽察办重点核实。",
    "施工总承包单位近期更换项目经理，需关注进度。",
    "涉及群众信访件1件，县市政府正在处理。",
    "州领导批示要求加快推进，督查室每周跟踪。",
]


def plan_dates(demo: Portfolio) -> None:
    """Everything dated about the projects themselves, drawn from the "dates" stream in this order."""
    rng = demo.rng("dates")
    uc = [p for p in demo.projects if p.category == "under_construction"]
    ns = [p for p in demo.projects if p.category == "new_start" and p.id != demo.roles.entering]
    pq = [p for p in demo.projects if p.category == "preliminary"]
    _date_under_construction(demo, rng, uc)
    _date_new_starts(demo, rng, ns)
    entering = demo.by_id[demo.roles.entering]
    entering.start_planned = dt.date(2015, 8, 28)
    entering.start_actual = dt.date(2015, 8, 26)
    for p in [*ns, entering]:
        p.completion_planned = dt.date(rng.randint(2016, 2019), rng.choice((6, 12)), 30)
        if p.type in ("energy", "industry", "park", "municipal", "agri"):
            p.production_planned = p.completion_planned + dt.timedelta(days=rng.randint(30, 90))
    _date_preliminary(demo, rng, pq)
    plan_milestones(demo, rng, uc, [*ns, entering], pq)
    for p in demo.projects:
        p.progress_target = progress_target(p)
        if rng.random() < 0.25:
            p.internal_notes = rng.choice(INTERNAL_NOTES)


def _date_under_construction(demo: Portfolio, rng: random.Random, uc: list[Project]) -> None:
    """Started before 2015 on the planned day; a late production, a missed completion, an exit, laggards."""
    for p in uc:
        p.start_actual = p.start_planned = dt.date(rng.randint(2012, 2014), rng.randint(1, 12), rng.randint(1, 28))
        p.completion_planned = dt.date(rng.randint(2016, 2018), rng.choice((6, 12)), 30)
        if p.type in ("energy", "industry", "park", "municipal"):
            p.production_planned = p.completion_planned + dt.timedelta(days=rng.randint(30, 90))
    # roles among under-construction projects (distinct projects, chosen by the seed)
    energy = sorted((p for p in uc if p.type == "energy"), key=lambda p: p.id)
    late_production = rng.choice(energy)
    others = [p for p in uc if p is not late_production and p.type != "highway"]
    rng.shuffle(others)
    completion_missed, done_early_1, done_early_2, exited, supervised = others[:5]
    lagging = [completion_missed, supervised, *others[5:8]]
    roles = demo.roles
    roles.late_production, roles.completion_missed = late_production.id, completion_missed.id
    roles.exited, roles.supervised, roles.lagging = exited.id, supervised.id, [p.id for p in lagging]

    late_production.completion_planned = dt.date(2015, 6, 20)
    late_production.completion_actual = dt.date(2015, 6, 18)
    late_production.production_planned = dt.date(2015, 6, 30)
    late_production.production_actual = dt.date(2015, 7, 21)
    demo.anomalies.plant("production", late_production.id, "production", late_production.lead,
                         late_production.production_planned, late_production.production_actual)
    for p, day in ((done_early_1, dt.date(2015, 5, 31)), (done_early_2, dt.date(2015, 8, 31))):
        p.completion_planned = day
        p.completion_actual = day - dt.timedelta(days=rng.randint(0, 12))
        if p.production_planned is not None:
            p.production_planned = day + dt.timedelta(days=30)
            p.production_actual = p.completion_actual + dt.timedelta(days=rng.randint(5, 25))
    completion_missed.completion_planned = dt.date(2015, 9, 30)
    if completion_missed.production_planned is not None:
        completion_missed.production_planned = dt.date(2015, 12, 31)
    demo.anomalies.plant("completion", completion_missed.id, "completion", completion_missed.lead,
                         completion_missed.completion_planned, None)
    exited.exited = (dt.date(2015, 7, 1), "项目业主调整投资计划，建设内容和规模发生重大变化，"
                                           "经州重点项目办审核、州人民政府同意，中期退出督查")
    supervised.listed_supervision = {"on": dt.date(2015, 7, 20), "by": SUPERVISION_OFFICE, "lifted_on": None}
    for p in lagging:
        p.perf = rng.uniform(0.4, 0.58)
    for p in rng.sample([p for p in uc if p not in lagging], k=4):
        p.perf = rng.uniform(0.7, 0.82)  # behind, not yet red


def _date_new_starts(demo: Portfolio, rng: random.Random, ns: list[Project]) -> None:
    """Planned starts across the year; one late start, one missed start, and how well each goes."""
    rng.shuffle(ns)
    early, on_time, october, later = ns[:3], ns[3:21], ns[21:24], ns[24:]
    planned: dict[str, dt.date] = {}
    for p in early:
        planned[p.id] = dt.date(2015, 1, rng.randint(10, 28))
    for i, p in enumerate(on_time):
        planned[p.id] = dt.date(2015, 3 + i % 7, rng.randint(2, 28))
    for p in october:
        planned[p.id] = dt.date(2015, 10, rng.randint(8, 19))
    for p in later:
        planned[p.id] = dt.date(2015, rng.randint(11, 12), rng.randint(1, 28))
    for p in ns:
        p.start_planned = planned[p.id]
    for p in early + on_time + october:
        p.start_actual = max(planned[p.id] - dt.timedelta(days=rng.randint(0, 6)), dt.date(2015, 1, 5))
    late_start = next(p for p in on_time if dt.date(2015, 4, 1) <= planned[p.id] <= dt.date(2015, 7, 20))
    late_start.start_actual = planned[late_start.id] + dt.timedelta(days=rng.randint(12, 30))
    demo.anomalies.plant("start", late_start.id, "start", late_start.lead, planned[late_start.id],
                         late_start.start_actual)
    missed_start = next(p for p in on_time if p is not late_start and planned[p.id] >= dt.date(2015, 7, 1))
    missed_start.start_actual = None
    demo.anomalies.plant("start", missed_start.id, "start", missed_start.lead, planned[missed_start.id], None)
    demo.roles.late_start, demo.roles.missed_start = late_start.id, missed_start.id
    demo.roles.not_started = sorted(p.id for p in [*later, missed_start])
    # the annual plan of a new start counts land acquisition and preparation, so it follows the
    # same seasonal path; the troubled ones lag
    missed_start.perf = rng.uniform(0.35, 0.5)
    late_start.perf = rng.uniform(0.55, 0.7)
    for p in later:
        p.perf = rng.uniform(0.78, 0.95)
    for p in rng.sample([p for p in on_time if p not in (late_start, missed_start)], k=2):
        p.perf = rng.uniform(0.7, 0.82)


def _date_preliminary(demo: Portfolio, rng: random.Random, pq: list[Project]) -> None:
    """Construction expected from 2016 (or not yet scheduled); one project with no investment planned."""
    for p in pq:
        p.perf = rng.uniform(0.8, 1.1)
        if rng.random() < 0.75:
            p.start_planned = dt.date(2016, rng.randint(3, 12), rng.randint(1, 28))
    zero = rng.choice(pq)
    zero.annual = Decimal(0)
    demo.roles.zero_plan = zero.id


def plan_milestones(demo: Portfolio, rng: random.Random, uc: list[Project], ns: list[Project],
                    pq: list[Project]) -> None:
    for p in uc:
        first, second = UC_MILESTONES[p.type]
        dues = [dt.date(2015, 6, 30), dt.date(2015, 9, 30), dt.date(2015, 12, 31)]
        names = [first, second, "完成年度投资计划"]
        if p.id == demo.roles.completion_missed:
            names[1] = "主体工程完工"
            dues[1] = dt.date(2015, 8, 31)
        for name, due in zip(names, dues, strict=True):
            p.milestones.append({"name": name, "kind": None, "due": due, "done_on": done(rng, due)})
    for p in ns:
        start = p.start_planned
        assert start is not None
        construction = [("完成施工图设计审查", None, start - dt.timedelta(days=40)),
                        ("取得施工许可", "construction_permit", start - dt.timedelta(days=12)),
                        ("完成年度形象进度目标", None, dt.date(2015, 12, 31))]
        for name, kind, due in construction:
            if due >= dt.date(2015, 1, 10):
                p.milestones.append({"name": name, "kind": kind, "due": due, "done_on": done(rng, due)})
    for p in pq:
        begin = rng.randint(0, 2)
        steps = PRELIM_STEPS[begin:begin + rng.randint(4, 5)]
        due = dt.date(2015, rng.randint(3, 4), rng.randint(1, 28))
        for kind, name in steps:
            p.milestones.append({"name": name, "kind": kind, "due": due, "done_on": done(rng, due)})
            due += dt.timedelta(days=rng.randint(40, 70))
    _plant_milestones(demo, rng, pq)


def _plant_milestones(demo: Portfolio, rng: random.Random, pq: list[Project]) -> None:
    """One preliminary step approved late, and one not approved by the as-of date."""
    late_candidates = [(p, m) for p in pq for m in p.milestones
                       if dt.date(2015, 5, 1) <= m["due"] <= dt.date(2015, 7, 31)]
    missed_candidates = [(p, m) for p in pq for m in p.milestones
                         if dt.date(2015, 8, 1) <= m["due"] <= dt.date(2015, 9, 30)]
    late_p, late_m = rng.choice(late_candidates)
    late_m["done_on"] = late_m["due"] + dt.timedelta(days=rng.randint(8, 25))
    for m in late_p.milestones:  # a later step cannot be approved before this one
        if m["due"] > late_m["due"] and m["done_on"] is not None and m["done_on"] <= late_m["done_on"]:
            m["done_on"] = min(m["due"], late_m["done_on"] + dt.timedelta(days=3))
    demo.anomalies.plant("milestone", late_p.id, late_m["name"], late_p.lead, late_m["due"], late_m["done_on"])
    missed_candidates = [(p, m) for p, m in missed_candidates if p is not late_p
                         and all(x["due"] > AS_OF for x in p.milestones if x["due"] > m["due"])]
    missed_p, missed_m = rng.choice(missed_candidates)
    for m in missed_p.milestones:  # the overdue step holds up every later one
        if m["due"] >= missed_m["due"]:
            m["done_on"] = None
    demo.anomalies.plant("milestone", missed_p.id, missed_m["name"], missed_p.lead, missed_m["due"], None)
    demo.roles.milestone_late, demo.roles.milestone_missed = late_p.id, missed_p.id


def done(rng: random.Random, due: dt.date) -> dt.date | None:
    """On time when due by the as-of date; a step due soon after it is sometimes already done."""
    if due <= AS_OF or (due <= AS_OF + dt.timedelta(days=40) and rng.random() < 0.3):
        day = min(due - dt.timedelta(days=rng.randint(0, 20)), AS_OF)
        return max(day, dt.date(2015, 1, 5))
    return None


def progress_target(p: Project) -> str:
    if p.category == "under_construction":
        done_on = p.completion_planned
        if done_on is not None and done_on.year == p.span.year:
            return f"完成年度投资{fmt(p.annual)}万元，{done_on.month}月{done_on.day}日前建成竣工"
        return f"完成年度投资{fmt(p.annual)}万元，年底前基本完成{STAGE_TEXT[p.type][-1]}"
    if p.category == "new_start":
        assert p.start_planned is not None
        return f"{p.start_planned.month}月{p.start_planned.day}日前开工建设，完成年度投资{fmt(p.annual)}万元"
    last = p.milestones[-1]["name"] if p.milestones else "前期工作"
    return f"年内完成{last}等前期工作，具备开工条件"
