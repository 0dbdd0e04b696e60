"""Plan steps for the cadence: daily urging logs, ten-day and monthly scheduling, and their two planted gaps."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from generator.demo.dates import (
    ABOUT_INTERVAL_DAYS,
    ONE_DAY,
    STARTED_INTERVAL_DAYS,
    Span,
    days,
    is_workday,
)
from generator.demo.model import Dispatch, Portfolio, Project
from generator.demo.org import gov, gov_name

Contacts = dict[str, set[dt.date]]  # project id -> days some dispatch took it up


def reserve_cadence_plants(demo: Portfolio) -> None:
    """Choose the projects whose cadence gaps are planted, before meetings pick their projects."""
    rng = demo.rng("cadence")
    roles = demo.roles
    uc = sorted(p.id for p in demo.projects if p.category == "under_construction" and p.exited is None
                and p.id not in roles.problem_projects and p.id != roles.missing_report[0])
    roles.cadence_gap = rng.choice(uc)
    urging_candidates = sorted(
        p.id for p in demo.projects if p.category == "new_start" and p.entered.month == 1
        and p.start_planned is not None and p.start_planned >= dt.date(2015, 9, 1)
        and p.id not in roles.problem_projects)
    roles.cadence_urging = rng.choice(urging_candidates)


def plan_cadence(demo: Portfolio, topic: str = "cadence-plan") -> None:
    """Scheduling dispatches per lead unit and weekly urging logs per county, each with one planted gap when
    reserve_cadence_plants chose its project (otherwise every cadence is kept)."""
    rng = demo.rng(topic)
    late = demo.rng(f"year-end/{topic}")  # for the days after the year's first as-of date
    # the scheduling gap: the lead unit leaves the project off its dispatches for a while
    gap_from = dt.date(demo.span.year, rng.randint(4, 7), 1)
    gap_window = (gap_from, gap_from + dt.timedelta(days=rng.randint(35, 45)))
    contacts: Contacts = {}
    any_dispatch: Contacts = {}
    for d in demo.dispatches:
        for pid in d.projects:
            any_dispatch.setdefault(pid, set()).add(d.date)
            if d.kind in ("scheduling", "coordination"):
                contacts.setdefault(pid, set()).add(d.date)
    cadenced = [p for p in demo.projects if p.cadence_span() is not None]
    for unit in sorted({p.lead for p in cadenced}):
        projs = sorted((p for p in cadenced if p.lead == unit), key=lambda p: p.id)
        _schedule_unit(demo, (rng, late), unit, projs, gap_window, contacts, any_dispatch)
    if demo.roles.cadence_gap:
        _plant_scheduling_gap(demo, contacts[demo.roles.cadence_gap])
    _urging_logs(demo, rng, cadenced, any_dispatch)


def _slack(rng: random.Random) -> dict[str, int]:
    """How many days before a cadence runs out the unit calls its next dispatch, per project state."""
    return {"about": rng.randint(0, 2), "started": rng.randint(0, 6)}


def _schedule_unit(demo: Portfolio, rngs: tuple[random.Random, random.Random], unit: str, projs: list[Project],
                   gap_window: tuple[dt.date, dt.date], contacts: Contacts, any_dispatch: Contacts) -> None:
    """One lead unit holds a dispatch when some project's cadence is about to run out (drawing from the second
    stream after the year's first as-of date)."""
    last: dict[str, dt.date] = {}
    previous: dict[str, str] = {}
    slack = _slack(rngs[0])
    for day in days(demo.span.start, min(demo.span.as_of, demo.span.end)):
        active = _active(projs, day, contacts, last, previous)
        if not active or not is_workday(day):
            continue
        following = next(d for d in days(day + ONE_DAY, day + dt.timedelta(days=30)) if is_workday(d))
        listed = [pid for pid in active
                  if not (pid == demo.roles.cadence_gap and gap_window[0] <= day <= gap_window[1])]
        deadline = {pid: last[pid] + dt.timedelta(days=ABOUT_INTERVAL_DAYS if st == "about"
                                                  else STARTED_INTERVAL_DAYS) for pid, st in active.items()}
        if listed and any(deadline[pid] < following or (deadline[pid] - day).days <= slack[active[pid]]
                          for pid in listed):
            demo.dispatches.append(scheduling(demo, day, unit, listed, active))
            for pid in listed:
                last[pid] = day
                contacts.setdefault(pid, set()).add(day)
                any_dispatch.setdefault(pid, set()).add(day)
            slack = _slack(rngs[demo.span.after_first(day)])


def _active(projs: list[Project], day: dt.date, contacts: Contacts, last: dict[str, dt.date],
            previous: dict[str, str]) -> dict[str, str]:
    """The projects under scheduling on the day, with their state; updates when each was last taken up."""
    active: dict[str, str] = {}
    for p in projs:
        span = p.cadence_span()
        assert span is not None
        if not span[0] <= day <= span[1]:
            continue
        state = p.state(day)
        if previous.get(p.id) != state:
            previous[p.id] = state
            last[p.id] = day - ONE_DAY  # grace on the first day of a state
        if state == "urging":
            continue
        if day in contacts.get(p.id, ()):
            last[p.id] = day
        active[p.id] = state
    return active


def _plant_scheduling_gap(demo: Portfolio, contacted: set[dt.date]) -> None:
    """The planted scheduling gap, read off the contacts actually made."""
    gp = demo.by_id[demo.roles.cadence_gap]
    dates = sorted(contacted | {demo.span.notice - ONE_DAY})
    gaps = [(a, b) for a, b in itertools.pairwise(dates) if (b - a).days > STARTED_INTERVAL_DAYS]
    last_day = min(demo.span.as_of, demo.span.end)
    assert len(gaps) == 1 and dates[-1] + dt.timedelta(days=STARTED_INTERVAL_DAYS) > last_day, gaps
    a, b = gaps[0]
    demo.anomalies.plant("cadence", gp.id, f"cadence-{a + dt.timedelta(days=STARTED_INTERVAL_DAYS)}", gp.lead,
                         a + dt.timedelta(days=STARTED_INTERVAL_DAYS), b)


def _urging_logs(demo: Portfolio, rng: random.Random, cadenced: list[Project], any_dispatch: Contacts) -> None:
    """Each county government's weekly log of its not-yet-started projects; one project left off one week
    when reserve_cadence_plants chose it."""
    spans = weeks(demo.span)
    planned_first = [w for w in spans if not demo.span.after_first(w[0])]  # the weeks of the first plan
    up = demo.by_id.get(demo.roles.cadence_urging)
    skipped = None
    if up is not None:
        eligible = [w for w in planned_first[1:-2] if all(up.state(d) == "urging" for d in days(w[0], w[1] + ONE_DAY))
                    and not any(w[0] <= d <= w[1] for d in any_dispatch.get(up.id, ()))]
        skipped = rng.choice(eligible)
    for county in sorted({p.county for p in cadenced}):
        for first, last_day in spans:
            pids = sorted(p.id for p in cadenced if p.county == county and _urged_in(p, first, last_day)
                          and not (up is not None and p.id == up.id and (first, last_day) == skipped))
            if pids:
                demo.dispatches.append(Dispatch(
                    last_day, "urging", gov(county), pids,
                    f"{gov_name(county)[1]}重点项目办对未开工项目逐日跟踪督促，督促业主加快开工前期手续办理。",
                    covers=(first, last_day)))
    if up is not None and skipped is not None:
        demo.anomalies.plant("cadence", up.id, f"cadence-{skipped[0]}", up.lead, skipped[0], skipped[1] + ONE_DAY)


def _urged_in(p: Project, first: dt.date, last: dt.date) -> bool:
    """Whether the project is listed and not yet about to start on some day from first to last."""
    span = p.cadence_span()
    assert span is not None
    return any(span[0] <= d <= span[1] and p.state(d) == "urging" for d in days(first, last))


def scheduling(demo: Portfolio, day: dt.date, unit: str, listed: list[str], states: dict[str, str]) -> Dispatch:
    about = [pid for pid in listed if states[pid] == "about"]
    short = demo.unit_short[unit]
    if about:
        text = (f"{short}召开重点项目调度会，调度即将开工项目{len(about)}个（十天一调度）"
                f"的开工准备工作" + (f"和已开工项目{len(listed) - len(about)}个的推进情况。"
                                      if len(about) < len(listed) else "。"))
    else:
        text = f"{short}召开已开工项目月度调度会（一月一调度），调度{len(listed)}个项目形象进度和投资完成情况。"
    return Dispatch(day, "scheduling", unit, listed, text)


def weeks(span: Span) -> list[tuple[dt.date, dt.date]]:
    """Logging spans: 1 February to the first Sunday on or after the notice (2015: 02-01..02-08), then Monday
    to Sunday, the last one ending on the as-of date (or the year's last day). A year planned on past its first
    as-of date keeps the log that ended on that day, and the next one runs from the day after to Sunday."""
    sunday = span.notice + dt.timedelta(days=(6 - span.notice.weekday()) % 7)
    spans = [(span.start, sunday)]
    monday = sunday + ONE_DAY
    end = min(span.as_of, span.end)
    while monday <= end:
        sunday = min(monday + dt.timedelta(days=6), end)
        if span.first_as_of is not None and monday <= span.first_as_of < sunday:
            spans.append((monday, span.first_as_of))
            monday = span.first_as_of + ONE_DAY
        spans.append((monday, sunday))
        monday = sunday + ONE_DAY
    return spans
