"""A project's monthly reports: figures that add up, late and missing reports, site visits, verification
with the occasional 核减, corrections, and problems escalated, answered (on time or not) and closed.

Everything recorded obeys the validation rules: a figure builds on last month's verified figure, an event
is first recorded in the report of its own month or later, a problem stays listed until it is closed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.demo.catalogue import STAGE_TEXT
from generator.demo.org import CLOSERS, INSPECTION_OFFICE
from generator.demo.plan_problems import CATEGORY_BY_TYPE, PROBLEM_TEXT
from generator.synth.org import Org
from generator.synth.plan import Project, Timeline, fmt, money, month_end

RATES = {"late": 0.08, "missing": 0.01, "late_verification": 0.02, "adjusted": 0.03, "correction": 0.005,
         "no_visit": 0.06, "problem": 0.25, "second_problem": 0.3}


@dataclass
class _Problem:
    id: str
    category: str
    summary: str
    measures: str
    first: int  # the month of the report it first appears in
    escalated_to: str | None = None
    escalated_on: dt.date | None = None
    answer: dict[str, Any] | None = None
    escalations: list[dict[str, Any]] = field(default_factory=list)
    closed: dict[str, Any] | None = None
    public: bool = True


def _submitted(rng: random.Random, tl: Timeline, month: int) -> dt.date:
    """The 8th of the next month is the deadline; some reports arrive up to a week late."""
    year = tl.year + (month == 12)
    nxt = month % 12 + 1
    if rng.random() < RATES["late"]:
        return dt.date(year, nxt, rng.randint(9, 15))
    return tl.workday_in(rng, dt.date(year, nxt, 1), dt.date(year, nxt, 8))


def _verified_on(rng: random.Random, tl: Timeline, month: int, submitted: dt.date) -> dt.date:
    """By the 12th; a report arriving on or after it within 3 working days; now and then later."""
    due = dt.date(tl.year + (month == 12), month % 12 + 1, 12)
    late = rng.random() < RATES["late_verification"]
    if submitted < due:
        day = tl.calendar.add_workdays(submitted, rng.randint(4, 7) if late else rng.randint(1, 2))
        return day if late else min(day, due)
    return tl.calendar.add_workdays(submitted, rng.randint(4, 6) if late else rng.randint(1, 3))


def _plan_problems(p: Project, tl: Timeline, months: list[int], submitted: dict[int, dt.date]) -> list[_Problem]:
    rng = p.rng
    count = (rng.random() < RATES["problem"]) + (rng.random() < RATES["problem"] * RATES["second_problem"])
    out: list[_Problem] = []
    for n in range(1, count + 1):
        first = rng.choice(months)
        category = rng.choice(CATEGORY_BY_TYPE[p.type])
        summary, measures, unit = rng.choice(PROBLEM_TEXT[category])
        pr = _Problem(f"p{n:02d}", category, summary, measures, first, public=rng.random() < 0.9)
        start = max(dt.date(tl.year, first, 1), p.entered or dt.date(tl.year, 1, 1))
        if rng.random() < 0.75:
            pr.escalated_to = p.region.unit(unit) if unit else f"gov-{p.county}"
            pr.escalated_on = tl.workday_in(rng, start, min(month_end(tl.year, first), submitted[first]))
            if rng.random() < 0.9:
                days = rng.choice((1, 2, 2, 3, 3, 4, 4)) if rng.random() < 0.85 else rng.randint(5, 9)
                on = tl.calendar.add_workdays(pr.escalated_on, days)
                promised = on + dt.timedelta(days=rng.randint(15, 60))
                by = pr.escalated_to
                pr.answer = {"on": on, "by": by, "content": f"已研究提出解决方案：{measures}，计划于{promised.month}月"
                             f"{promised.day}日前办结", "promised_by": promised}
            if rng.random() < 0.1:
                pr.escalations = [{"level": "coordination_meeting", "to": p.leader_post,
                                   "on": pr.escalated_on + dt.timedelta(days=rng.randint(10, 25))}]
        if rng.random() < 0.55:
            if pr.answer is not None:
                shift = rng.randint(-20, -1) if rng.random() < 0.7 else rng.randint(1, 30)
                closed = max(pr.answer["promised_by"] + dt.timedelta(days=shift), pr.answer["on"] + dt.timedelta(days=1))
            elif pr.escalated_on is not None:
                closed = pr.escalated_on + dt.timedelta(days=rng.randint(20, 80))
            else:
                closed = start + dt.timedelta(days=rng.randint(20, 90))
            pr.closed = {"by": rng.choice(CLOSERS), "on": closed}
        # what no report submitted by the as-of date can record did not happen (yet)
        last = submitted[months[-1]]
        if pr.answer is not None and pr.answer["on"] > last:
            pr.answer = None
        pr.escalations = [e for e in pr.escalations if e["on"] <= last]
        if pr.closed is not None and pr.closed["on"] > last:
            pr.closed = None
        out.append(pr)
    return out


def _view(pr: _Problem, submitted: dt.date) -> dict[str, Any]:
    """The problem as a report submitted on `submitted` records it."""
    view: dict[str, Any] = {"id": pr.id, "category": pr.category, "summary": pr.summary, "measures": pr.measures}
    if pr.escalated_to is not None:
        view["escalated_to"] = pr.escalated_to
        view["escalated_on"] = pr.escalated_on
    if pr.answer is not None and pr.answer["on"] <= submitted:
        view["answer"] = dict(pr.answer)
    escalations = [dict(e) for e in pr.escalations if e["on"] <= submitted]
    if escalations:
        view["escalations"] = escalations
    if pr.closed is not None and pr.closed["on"] <= submitted:
        view["closed"] = dict(pr.closed)
    view["public"] = pr.public
    return view


def _summary(p: Project, month: int, tl: Timeline, ytd: Decimal, percent: int, catch_up: bool) -> str:
    end = month_end(tl.year, month)
    if p.category == "preliminary":
        done = [m["name"] for m in p.milestones if m["done_on"] and m["done_on"] <= end]
        todo = [m for m in p.milestones if not (m["done_on"] and m["done_on"] <= end)]
        text = "前期工作有序推进" + (f"，已完成：{'、'.join(done[-2:])}" if done else "")
        text += f"；下一步：{todo[0]['name']}（期限{todo[0]['due'].month}月{todo[0]['due'].day}日）。" if todo \
            else "；年度前期工作目标已完成。"
    elif p.start_actual is None or p.start_actual > end:
        late = p.start_planned is not None and p.start_planned < end
        text = ("计划开工日期已过，" if late else "") + \
            f"项目尚未开工，正在开展征地拆迁、施工图设计、招标等开工前准备工作，本年累计完成投资{fmt(ytd)}万元。"
    elif p.completion_actual is not None and p.completion_actual <= end:
        text = (f"项目已于{p.completion_actual.month}月{p.completion_actual.day}日竣工，正在开展竣工验收和配套收尾工作，"
                f"本年累计完成投资{fmt(ytd)}万元。")
    else:
        stages = STAGE_TEXT[p.type]
        text = f"{stages[min(len(stages) - 1, percent * len(stages) // 100)]}，本年累计完成投资{fmt(ytd)}万元，年度形象进度{percent}%。"
    return text + ("本月完成投资含上月未报送部分。" if catch_up else "")


def _target(p: Project, month: int, tl: Timeline) -> Decimal:
    """Where the year-to-date stands: the linear plan times how well the project goes."""
    share = month / 12
    if p.completion_actual is not None and p.completion_actual.year == tl.year:
        share = min(1.0, month / p.completion_actual.month)
    if p.category == "new_start" and (p.start_actual is None or p.start_actual > month_end(tl.year, month)):
        share *= 0.08  # preparation before the start
    return money(float(p.annual) * share * p.perf * p.rng.uniform(0.97, 1.03), p.places)


def build_reports(p: Project, tl: Timeline, org: Org) -> list[tuple[str, dict[str, Any]]]:
    """(period, report) for every month the project owes and reported."""
    rng = p.rng
    months = [m for m in range(1, tl.months + 1) if p.owes(tl.year, m)]
    if not months:
        return []
    submitted = {m: _submitted(rng, tl, m) for m in months}
    problems = _plan_problems(p, tl, months, submitted) if p.exited is None else []
    missing = set() if problems or p.entered or p.exited else {m for m in months if rng.random() < RATES["missing"]}
    visitors = [u for u in p.co_units if org.unit_kind.get(u) != "enterprise"]
    floor = money(float(p.annual) / 240, p.places)
    eff = reported = funds = Decimal(0)
    percent, skipped, out = 0, False, []
    for m in months:
        if m in missing:
            skipped = True
            continue
        sub = submitted[m]
        ytd = max(_target(p, m, tl), eff, reported)
        if Decimal(0) < ytd - eff < floor:  # a sliver beside months of thousands reads as a unit slip
            ytd = eff + floor
        month_inv = ytd - eff
        funds = max(funds, money(float(ytd) * rng.uniform(0.85, 1.1), p.places))
        if p.annual > 0:
            percent = max(percent, min(100, round(float(ytd) / float(p.annual) * 100 * rng.uniform(0.95, 1.05))))
        else:
            end = month_end(tl.year, m)
            done = sum(1 for x in p.milestones if x["done_on"] and x["done_on"] <= end)
            percent = max(percent, round(100 * done / len(p.milestones)))
        if p.completion_actual is not None and p.completion_actual <= month_end(tl.year, m):
            percent = 100
        report: dict[str, Any] = {
            "project": p.id, "period": f"{tl.year}-{m:02d}", "submitted_on": sub,
            "received": {"by": INSPECTION_OFFICE, "channel": rng.choice(("system", "system", "email", "paper"))},
            "investment": {"month": month_inv, "year_to_date": ytd},
            "funds": {"year_to_date": funds},
            "progress": {"summary": _summary(p, m, tl, ytd, percent, skipped), "percent": percent},
        }
        if p.category == "under_construction":
            report["investment"]["since_start"] = p.before_year + ytd
        report["next_steps"] = ("加快推进前期手续办理，争取早日具备开工条件。" if p.category == "preliminary" else
                                "抢抓施工黄金期，加大人员和机械投入，确保完成年度目标任务。")
        before = submitted[months[months.index(m) - 1]] if m != months[0] else None
        views = [_view(pr, sub) for pr in problems  # listed until the report that records its closing
                 if pr.first <= m and not (pr.closed and before and pr.closed["on"] <= before)]
        if views:
            report["problems"] = views
        if rng.random() >= RATES["no_visit"]:
            first = max(dt.date(tl.year, m, 1), p.entered or dt.date(tl.year, 1, 1))
            last = min(month_end(tl.year, m), sub)
            if p.exited is not None:
                last = min(last, p.exited - dt.timedelta(days=1))
            if first <= last:
                report["site_visits"] = [{"on": tl.workday_in(rng, first, last),
                                          "by": rng.choice([p.lead, p.lead, f"gov-{p.county}", *visitors])}]
        cut = Decimal(0)
        verified_on = _verified_on(rng, tl, m, sub)
        if verified_on <= tl.as_of:
            verified: dict[str, Any] = {"by": INSPECTION_OFFICE, "on": verified_on,
                                        "method": rng.choices(("desk", "site", "statistics"), weights=(6, 2, 2))[0],
                                        "result": "confirmed"}
            if month_inv >= 2 and rng.random() < RATES["adjusted"]:
                cut = max(money(float(month_inv) * rng.uniform(0.1, 0.25), p.places), Decimal(1))
                verified.update(method="site", result="adjusted",
                                adjusted={"investment": {"month": month_inv - cut, "year_to_date": ytd - cut}},
                                note=f"经现场核查，部分已上报工程量尚未完成，本月完成投资核减{fmt(cut)}万元。")
            report["verified"] = verified
            fixed = verified_on + dt.timedelta(days=rng.randint(3, 9))
            if fixed < tl.as_of and rng.random() < RATES["correction"]:
                earlier = percent + 5 if percent <= 95 else percent - 5
                report["corrections"] = [{"on": fixed, "by": p.lead, "field": "/progress/percent", "from": earlier,
                                          "to": percent, "why": "形象进度填报口径有误，经稽察办核实后更正"}]
        out.append((f"{tl.year}-{m:02d}", report))
        eff, reported, skipped = ytd - cut, ytd, False
    return out



__all__ = ["RATES", "build_reports"]
