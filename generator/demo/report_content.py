"""What each monthly report says: figures, progress text, problems, site visits, verification, corrections."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.demo.catalogue import SEASON, STAGE_TEXT
from generator.demo.dates import REPORT_DAY, fmt, money, month_end, next_month_day, period, workdays
from generator.demo.model import Month, Portfolio, Problem, Project, ReportKey, ReportPlan
from generator.demo.org import INSPECTION_OFFICE, gov

Reports = dict[ReportKey, dict[str, Any]]


@dataclass
class _Running:
    """What a project's last existing report said: the next one builds on it."""

    eff: Decimal = Decimal(0)  # the effective (verified) year-to-date
    reported: Decimal = Decimal(0)
    funds: Decimal = Decimal(0)
    percent: int = 0
    skipped_before: bool = False  # the month before had no report


def build_reports(demo: Portfolio) -> Reports:
    """Every planned report's content, drawn from the "report-content" stream project by project."""
    rng = demo.rng("report-content")
    late = demo.rng("year-end/report-content")  # months planned on after the first as-of date
    problems_of: dict[str, list[Problem]] = {}
    for pr in demo.problems:
        problems_of.setdefault(pr.project, []).append(pr)
    out: Reports = {}
    for p in demo.projects:
        run = _Running()
        rates = rng.randint(4, 12) * 25, rng.randint(5, 30) * 100  # 亩 of land, m² of houses: per month
        for month in p.owed_months():
            plan = demo.reports.get((p.id, month))
            if plan is None:
                run.skipped_before = True
                continue
            draw = late if p.span.after_first(next_month_day(*month, REPORT_DAY)) else rng
            out[(p.id, month)] = _report(demo, draw, p, plan, run, rates, problems_of.get(p.id, []))
    return out


def _report(demo: Portfolio, rng: random.Random, p: Project, plan: ReportPlan, run: _Running,
            rates: tuple[int, int], problems: list[Problem]) -> dict[str, Any]:
    month = plan.month
    y, m = month
    end = month_end(y, m)
    ytd = max(ytd_target(p, month, rng), run.eff, run.reported)
    month_inv = ytd - run.eff
    funds = max(run.funds, money(float(ytd) * rng.uniform(0.85, 1.1), p.places))
    percent = _percent(rng, p, end, ytd, run.percent)
    report: dict[str, Any] = {
        "project": p.id, "period": period(month), "submitted_on": plan.submitted_on,
        "received": {"by": INSPECTION_OFFICE, "channel": plan.channel},
        "investment": {"month": month_inv, "year_to_date": ytd},
        "funds": {"year_to_date": funds},
        "progress": {"summary": summary(p, month, ytd, percent, run.skipped_before), "percent": percent},
    }
    if p.category == "under_construction":
        report["investment"]["since_start"] = p.before_year + ytd
    if p.type in ("highway", "road", "water", "housing") and p.category != "preliminary":
        report["relocation"] = f"累计完成征地{rates[0] * m}亩，拆迁房屋{rates[1] * m}平方米，剩余征拆工作有序推进。"
    report["next_steps"] = next_steps(p, end)
    views = [problem_view(pr, month, plan.submitted_on) for pr in problems if shows(demo, pr, month)]
    if views:
        report["problems"] = views
    report["site_visits"] = _site_visits(demo, rng, p, plan)
    report["verified"], eff = _verification(rng, p, plan, month_inv, ytd)
    if plan.correction:
        report["corrections"] = [_correction(rng, p, plan, percent)]
    run.eff, run.reported, run.funds, run.percent, run.skipped_before = eff, ytd, funds, percent, False
    return report


def _percent(rng: random.Random, p: Project, end: dt.date, ytd: Decimal, previous: int) -> int:
    """The year's progress in percent: never below the month before, 100 once completed."""
    if p.annual > 0:
        percent = round(float(ytd) / float(p.annual) * 100 * rng.uniform(0.95, 1.05))
    else:
        done = sum(1 for ms in p.milestones if ms["done_on"] and ms["done_on"] <= end)
        percent = round(100 * done / max(len(p.milestones), 1))
    if not started_by(p, end) and p.category == "new_start":
        percent = min(percent, 15)
    if p.completion_actual is not None and p.completion_actual <= end:
        percent = 100
    return min(100, max(previous, percent))


def _site_visits(demo: Portfolio, rng: random.Random, p: Project, plan: ReportPlan) -> list[dict[str, Any]]:
    if not plan.visit:
        return []
    y, m = plan.month
    first = max(dt.date(y, m, 1), p.entered)
    day = rng.choice(workdays(first, min(month_end(y, m), plan.submitted_on)))
    visitors = [u for u in p.co_units if u in demo.unit_kind and demo.unit_kind[u] != "enterprise"]
    by = rng.choice([p.lead, p.lead, gov(p.county), *visitors])
    return [{"on": day, "by": by}]


def _verification(rng: random.Random, p: Project, plan: ReportPlan, month_inv: Decimal,
                  ytd: Decimal) -> tuple[dict[str, Any], Decimal]:
    """The inspection office's verification, and the year-to-date it leaves in effect (less a 核减 cut)."""
    verified: dict[str, Any] = {"by": INSPECTION_OFFICE, "on": plan.verified_on,
                                "method": rng.choices(("desk", "site", "statistics"), weights=(6, 2, 2))[0],
                                "result": "confirmed"}
    if not plan.adjusted:
        return verified, ytd
    cut = max(money(float(month_inv) * rng.uniform(0.1, 0.25), p.places), Decimal(1))
    assert cut < month_inv, (p.id, plan.month)
    eff = ytd - cut
    verified.update(method="site", result="adjusted", adjusted={  # only the figures that changed
        "investment": {"month": month_inv - cut, "year_to_date": eff}},
        note=f"经现场核查，部分已上报工程量尚未完成，本月完成投资核减{fmt(cut)}万元。")
    return verified, eff


def _correction(rng: random.Random, p: Project, plan: ReportPlan, percent: int) -> dict[str, Any]:
    correction = {
        "on": min(plan.verified_on + dt.timedelta(days=rng.randint(3, 9)), p.span.as_of),
        "by": p.lead, "field": "/progress/percent", "from": min(percent + 5, 100), "to": percent,
        "why": "形象进度填报口径有误，经稽察办核实后更正"}
    if correction["from"] == percent:
        correction["from"] = percent - 5
    return correction


def ytd_target(p: Project, month: Month, rng: random.Random) -> Decimal:
    """Where the project's year-to-date stands: the seasonal plan times how well it is doing.

    A project completed within the year has its annual plan spread over the months up to completion. After
    September a project with a year-end pace (`year_end_perf`) moves to it by December: the year-end push."""
    share = SEASON[month[1]]
    if p.completion_actual is not None and p.completion_actual.year == p.span.year:
        share = min(1.0, share / SEASON[p.completion_actual.month])
    perf = p.perf
    if p.year_end_perf is not None and month[1] > 9:
        perf += (p.year_end_perf - p.perf) * (month[1] - 9) / 3
    value = money(float(p.annual) * share * perf * rng.uniform(0.97, 1.03), p.places)
    if p.year_end_perf is not None and p.year_end_perf >= 1 and month[1] == 12:
        value = max(value, p.annual)  # the annual plan done: its milestone is met
    return value


def started_by(p: Project, day: dt.date) -> bool:
    return p.start_actual is not None and p.start_actual <= day


def summary(p: Project, month: Month, ytd: Decimal, percent: int, catch_up: bool) -> str:
    end = month_end(*month)
    if p.category == "preliminary":
        done = [ms["name"] for ms in p.milestones if ms["done_on"] and ms["done_on"] <= end]
        todo = [ms for ms in p.milestones if not (ms["done_on"] and ms["done_on"] <= end)]
        text = "前期工作有序推进" + (f"，已完成：{'、'.join(done[-2:])}" if done else "")
        if todo:
            text += f"；下一步：{todo[0]['name']}（期限{todo[0]['due'].month}月{todo[0]['due'].day}日）。"
        else:
            text += "；年度前期工作目标已完成。"
    elif not started_by(p, end):
        late = p.start_planned is not None and p.start_planned < end
        text = ("计划开工日期已过，" if late else "") + f"项目尚未开工，正在开展征地拆迁、施工图设计、招标等开工前准备工作，本年累计完成投资{fmt(ytd)}万元。"
    elif p.production_actual is not None and p.production_actual <= end:
        text = f"项目已于{p.production_actual.month}月{p.production_actual.day}日建成投产，正在开展竣工验收和配套收尾工作，本年累计完成投资{fmt(ytd)}万元。"
    elif p.completion_actual is not None and p.completion_actual <= end:
        text = f"项目已于{p.completion_actual.month}月{p.completion_actual.day}日竣工，正在开展竣工验收和配套收尾工作，本年累计完成投资{fmt(ytd)}万元。"
    else:
        stages = STAGE_TEXT[p.type]
        stage = stages[min(len(stages) - 1, percent * len(stages) // 100)]
        text = f"{stage}，本年累计完成投资{fmt(ytd)}万元，年度形象进度{percent}%。"
        if p.completion_planned is not None and p.completion_planned <= end:
            text += f"原计划{p.completion_planned.month}月{p.completion_planned.day}日竣工，目前尚未竣工。"
    if catch_up:
        text += "本月完成投资含上月未报送部分。"
    return text


def next_steps(p: Project, day: dt.date) -> str:
    if p.category == "preliminary":
        return "加快推进前期手续办理，争取早日具备开工条件。"
    if not started_by(p, day):
        return "加快完善开工前各项手续，落实施工队伍和建设资金，确保按期开工。"
    if p.completion_actual is not None and p.completion_actual <= day:
        return "抓紧办理竣工验收和决算审计。"
    return "抢抓旱季施工黄金期，加大人员和机械投入，确保完成年度目标任务。"


def shows(demo: Portfolio, pr: Problem, month: Month) -> bool:
    """Whether the report of `month` lists the problem: from its first month to the report after its closing."""
    if month < pr.first:
        return False
    if pr.closed is None:
        return True
    closing = demo.report_of(pr.project, (pr.closed["on"].year, pr.closed["on"].month))
    assert closing is not None, pr
    return month <= closing.month


def problem_view(pr: Problem, month: Month, submitted: dt.date) -> dict[str, Any]:
    """The problem as the report of `month` (submitted on `submitted`) records it; unset fields are left out."""
    view: dict[str, Any] = {"id": pr.id, "category": pr.category, "summary": pr.summary, "measures": pr.measures}
    if pr.escalated_to is not None:
        view["escalated_to"] = pr.escalated_to
        view["escalated_on"] = pr.escalated_on
    if pr.answer is not None and pr.answer["on"] <= submitted:
        view["answer"] = dict(pr.answer)
    escalations = [dict(e) for e in pr.escalations if e["on"] <= submitted]
    if escalations:
        view["escalations"] = escalations
    if pr.closed is not None and (pr.closed["on"].year, pr.closed["on"].month) <= month:
        view["closed"] = dict(pr.closed)
    view["public"] = pr.public
    return view


def check_problem_records(demo: Portfolio, reports: Reports) -> None:
    """Every escalation's answer and every promise's closing is recorded in some report."""
    for pr in demo.problems:
        seen = [r for (pid, _), r in reports.items() if pid == pr.project]
        if pr.answer is not None:
            assert any("answer" in x for r in seen for x in r.get("problems", []) if x["id"] == pr.id), pr
        if pr.closed is not None:
            assert any("closed" in x for r in seen for x in r.get("problems", []) if x["id"] == pr.id), pr
