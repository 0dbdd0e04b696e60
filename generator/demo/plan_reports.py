"""Plan steps: when each monthly report is submitted and verified, action plans, quarterly briefings."""

from __future__ import annotations

import datetime as dt
import random

from generator.demo.dates import (
    BRIEFING_DUE,
    BRIEFING_END,
    ONE_DAY,
    REPORT_DAY,
    VERIFICATION_DAY,
    YEAR,
    month_end,
    next_month_day,
    period,
    workdays,
)
from generator.demo.model import Portfolio, ReportKey, ReportPlan
from generator.demo.org import INSPECTION_OFFICE

QUARTER = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度"}


def plan_reports(demo: Portfolio) -> None:
    """Every owed report on time, then (from the same "reports" stream) the planted misses."""
    rng = demo.rng("reports")
    for p in demo.projects:
        for month in p.owed_months():
            y, m = month
            window = workdays(next_month_day(y, m, 1), next_month_day(y, m, REPORT_DAY))
            submitted = rng.choice(window)
            if month == (2015, 9) and rng.random() < 0.15:
                submitted = rng.choice((dt.date(2015, 9, 29), dt.date(2015, 9, 30)))
            verified = verify_day(rng, submitted, next_month_day(y, m, VERIFICATION_DAY))
            channel = rng.choices(("email", "paper", "system"), weights=(6, 1, 3))[0]
            demo.reports[(p.id, month)] = ReportPlan(p.id, month, submitted, verified, channel)
    pool = _plant_missing_report(demo, rng)
    _plant_late_reports(demo, rng, pool)


def _plant_missing_report(demo: Portfolio, rng: random.Random) -> list[ReportKey]:
    """Exactly one missing report (its month has no site visit either); returns the reports left to plant on."""
    uc = sorted((p for p in demo.projects if p.category == "under_construction"
                 and p.exited is None), key=lambda p: p.id)
    busy = {demo.roles.late_production, demo.roles.completion_missed}
    missing_p = rng.choice([p for p in uc if p.id not in busy])
    missing_m = (2015, rng.randint(4, 8))
    del demo.reports[(missing_p.id, missing_m)]
    demo.roles.missing_report = (missing_p.id, missing_m)
    y, m = missing_m
    demo.anomalies.plant("report", missing_p.id, period(missing_m), missing_p.lead,
                         next_month_day(y, m, REPORT_DAY), None)
    demo.anomalies.plant("site-visit", missing_p.id, period(missing_m), missing_p.lead, month_end(y, m), None)
    return [key for key in sorted(demo.reports) if key[0] != missing_p.id and key[1] <= (2015, 8)]


def _plant_late_reports(demo: Portfolio, rng: random.Random, pool: list[ReportKey]) -> None:
    """Three late reports, a late verification, a month without a site visit, a 核减 and a correction."""
    # a few late reports, still verified by the 12th
    late = rng.sample(pool, k=3)
    for key in late:
        y, m = key[1]
        options = [d for d in workdays(next_month_day(y, m, REPORT_DAY + 1), next_month_day(y, m, 11))
                   if workdays(d, next_month_day(y, m, VERIFICATION_DAY))]
        plan = demo.reports[key]
        plan.submitted_on = rng.choice(options)
        plan.verified_on = rng.choice(workdays(plan.submitted_on, next_month_day(y, m, VERIFICATION_DAY)))
        p = demo.by_id[key[0]]
        demo.anomalies.plant("report", p.id, period(key[1]), p.lead, next_month_day(y, m, REPORT_DAY),
                             plan.submitted_on)
    pool = [key for key in pool if key not in late]
    # one verification after the 12th
    key = rng.choice(pool)
    y, m = key[1]
    plan = demo.reports[key]
    plan.verified_on = rng.choice(workdays(next_month_day(y, m, 13), next_month_day(y, m, 16)))
    demo.anomalies.plant("verification", key[0], period(key[1]), INSPECTION_OFFICE,
                         next_month_day(y, m, VERIFICATION_DAY), plan.verified_on)
    pool.remove(key)
    # one month without a site visit
    key = rng.choice(pool)
    demo.reports[key].visit = False
    y, m = key[1]
    demo.anomalies.plant("site-visit", key[0], period(key[1]), demo.by_id[key[0]].lead, month_end(y, m), None)
    pool.remove(key)
    # one figure cut by the inspection office (核减); the next month builds on it
    uc = {p.id for p in demo.projects if p.category == "under_construction" and p.exited is None}
    candidates = [k for k in pool if k[0] in uc and (2015, 4) <= k[1] <= (2015, 7)
                  and k[0] not in demo.roles.lagging]
    key = rng.choice(candidates)
    demo.reports[key].adjusted = True
    demo.roles.adjusted = key
    pool.remove(key)
    # one later correction of a verified report
    key = rng.choice([k for k in pool if k[1] <= (2015, 8)])
    demo.reports[key].correction = True
    demo.roles.correction = key


def verify_day(rng: random.Random, submitted: dt.date, due: dt.date) -> dt.date:
    options = workdays(submitted + ONE_DAY, min(due, submitted + dt.timedelta(days=5)))
    return rng.choice(options) if options else submitted


def plan_action_plans(demo: Portfolio) -> None:
    """One action plan submitted late; the others were drawn on time with the projects."""
    rng = demo.rng("action-plans")
    p = rng.choice(sorted((p for p in demo.projects if p.entered.year == YEAR and p.entered.month == 1),
                          key=lambda p: p.id))
    p.action_submitted = rng.choice(workdays(dt.date(2015, 2, 25), dt.date(2015, 3, 6)))
    demo.anomalies.plant("action-plan", p.id, "action-plan", p.lead, p.action_due, p.action_submitted)


def plan_briefings(demo: Portfolio) -> None:
    """Each lead unit's quarterly briefing, one of them late in Q2."""
    rng = demo.rng("briefings")
    for quarter in ("Q1", "Q2", "Q3"):
        due, end = BRIEFING_DUE[quarter], BRIEFING_END[quarter]
        units = sorted({p.lead for p in demo.projects if p.listed_on(end)})
        late_unit = rng.choice(units) if quarter == "Q2" else None
        for unit in units:
            submitted = rng.choice(workdays(due - dt.timedelta(days=7), due))
            if unit == late_unit:
                submitted = rng.choice(workdays(due + ONE_DAY, due + dt.timedelta(days=6)))
                demo.anomalies.plant("briefing", None, f"{YEAR}-{quarter}", unit, due, submitted)
            demo.briefings.append({
                "unit": unit, "period": f"{YEAR}-{quarter}", "submitted_on": submitted,
                "title": f"{demo.unit_short[unit]}关于{YEAR}年{QUARTER[quarter]}“3个30”重点项目推进情况的报告",
            })
