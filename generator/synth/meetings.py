"""Dispatches, briefings, circular prefaces and the config of a synthetic portfolio.

Per region: weekly urging logs for new starts not yet near their start (天天促), a scheduling dispatch about
every nine days for started and about-to-start projects (十天一调度 / 一月一调度), a monthly coordination
meeting with decisions and a quarterly inspection with findings. A few projects are left out of an urging
week or of a month of scheduling, so cadence lapses show; some decisions and findings are late or missed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.demo.model import KIND_ORDER
from generator.demo.writer import config as demo_config
from generator.synth.org import Org, Region
from generator.synth.plan import Project, Timeline, month_end

DIMENSION_TEXT = {
    "quality": "混凝土试块送检记录不全", "progress": "关键线路工程滞后于倒排工期计划",
    "investment": "统计报表投资完成数据与计量支付凭证不一致", "safety": "施工现场临边防护不到位",
    "integrity": "招投标资料归档不完整",
}
DECISION_TEXT = ("牵头加快项目用地组卷报批", "统筹安排项目前期工作经费", "制定倒排工期计划并报督查室备案",
                 "开通施工许可绿色通道", "组织工作组协调解决征地拆迁问题", "督促项目业主增加施工力量")
QUARTER_NAME = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "FY": "年度"}


@dataclass
class Dispatch:
    date: dt.date
    kind: str
    region: int
    doc: dict[str, Any] = field(default_factory=dict)


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _urging(region: Region, projects: list[Project], tl: Timeline, rng: random.Random) -> list[Dispatch]:
    """Weekly logs of daily urging (covers a week) for listed new starts not yet within 30 days of start."""
    skip = {p.id: rng.randrange(52) for p in projects if p.category == "new_start" and rng.random() < 0.04}
    out = []
    start, week = tl.notice, 0
    stop = min(tl.as_of - dt.timedelta(days=1), dt.date(tl.year, 12, 31))  # cadence duties end with the year
    while start <= stop:
        end = min(start + dt.timedelta(days=6), stop)
        listed = [p.id for p in projects if p.category == "new_start" and skip.get(p.id) != week
                  and any(p.listed_on(d) for d in (start, end))
                  and (p.start_actual is None or p.start_actual > start)
                  and p.start_planned is not None and (p.start_planned - start).days > 30 - 6]
        if listed:
            out.append(Dispatch(end, "urging", region.index, {
                "date": end, "kind": "urging", "chaired_by": region.unit("fgw"), "projects": listed,
                "covers": {"from": start, "to": end},
                "summary": f"{region.name}重点项目办逐日督促未开工项目落实开工条件，本周督促 {len(listed)} 个项目。"}))
        start, week = end + dt.timedelta(days=1), week + 1
    return out


def _scheduling(region: Region, projects: list[Project], tl: Timeline, rng: random.Random) -> list[Dispatch]:
    """About every nine days: the region's started and about-to-start projects."""
    offset = region.index % 2
    days = [dt.date(tl.year, m, d + offset) for m in range(1, 13) for d in (1, 10, 19, 27)]
    days = [d for d in days if tl.notice < d < tl.as_of]
    gaps = {p.id: rng.randrange(max(1, len(days) - 4)) for p in projects
            if p.category != "preliminary" and rng.random() < 0.03}
    out = []
    for i, day in enumerate(days):
        listed = [p.id for p in projects if p.category != "preliminary" and p.listed_on(day)
                  and not (p.id in gaps and gaps[p.id] <= i < gaps[p.id] + 4)
                  and ((p.start_actual is not None and p.start_actual <= day)
                       or (p.start_planned is not None and (p.start_planned - day).days <= 40))]
        if listed:
            out.append(Dispatch(day, "scheduling", region.index, {
                "date": day, "kind": "scheduling", "chaired_by": "zhongdianban", "projects": listed,
                "summary": f"州重点项目办调度{region.name}在建和即将开工项目 {len(listed)} 个，逐项核对形象进度和下步安排。"}))
    return out


def _done(rng: random.Random, due: dt.date, as_of: dt.date) -> dt.date | None:
    if due > as_of:
        return as_of - dt.timedelta(days=rng.randint(1, 5)) if rng.random() < 0.3 else None
    draw = rng.random()
    if draw < 0.75:
        return due - dt.timedelta(days=rng.randint(0, 10))
    late = due + dt.timedelta(days=rng.randint(3, 20))
    return late if draw < 0.9 and late < as_of else None


def _meetings(region: Region, projects: list[Project], tl: Timeline, rng: random.Random) -> list[Dispatch]:
    live = sorted(p.id for p in projects if p.category != "preliminary" and p.exited is None and p.entered is None)
    depts = [u["id"] for u in region.units if u["kind"] == "prefecture_dept"]
    out = []
    for month in range(2, tl.months + 1):
        day = tl.calendar.next_workday(dt.date(tl.year, month, 15 + region.index % 5))
        if day >= tl.as_of or not live:
            continue
        decisions = []
        for n in range(1, rng.randint(1, 3) + 1):
            unit = rng.choice(depts)
            due = day + dt.timedelta(days=rng.randint(15, 45))
            decisions.append({"id": f"d{n:02d}", "content": f"{region.name}{DECISION_TEXT[rng.randrange(len(DECISION_TEXT))]}",
                              "unit": unit, "due": due, "done_on": _done(rng, due, tl.as_of)})
        out.append(Dispatch(day, "coordination", region.index, {
            "date": day, "kind": "coordination", "chaired_by": region.post("changwu-fuzhouzhang"),
            "projects": sorted(rng.sample(live, k=min(len(live), rng.randint(3, 6)))),
            "summary": f"{region.name}常务副州长主持召开重点项目协调会，研究用地、资金和前期手续问题。",
            "decisions": decisions}))
    for month in (3, 6, 9, 12):
        day = dt.date(tl.year, month, 25 + region.index % 3)
        if day >= tl.as_of or not live:
            continue
        picked = sorted(rng.sample(live, k=min(len(live), rng.randint(4, 8))))
        findings = []
        for n, pid in enumerate(picked, 1):
            dimension = rng.choice(sorted(DIMENSION_TEXT))
            due = day + dt.timedelta(days=rng.randint(20, 40))
            findings.append({"id": f"f{n:02d}", "project": pid, "dimension": dimension,
                             "summary": DIMENSION_TEXT[dimension], "rectify_by": due,
                             "rectified_on": _done(rng, due, tl.as_of), "public": rng.random() < 0.85})
        out.append(Dispatch(day, "inspection", region.index, {
            "date": day, "kind": "inspection", "chaired_by": "duchashi", "projects": picked,
            "summary": f"州政府督查室对{region.name}重点项目的质量、进度、投资、安全、廉政开展全面督查。",
            "findings": findings}))
    return out


def dispatches(org: Org, projects: list[Project], tl: Timeline, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """(file stem, dispatch) of every region's dispatches, numbered within each day."""
    by_region: dict[int, list[Project]] = {}
    for p in projects:
        by_region.setdefault(p.region.index, []).append(p)
    found: list[Dispatch] = []
    for region in org.regions:
        rng = random.Random(f"{seed}/dispatches/{region.index}")
        mine = by_region.get(region.index, [])
        found += _urging(region, mine, tl, rng) + _scheduling(region, mine, tl, rng) + _meetings(region, mine, tl, rng)
    found.sort(key=lambda d: (d.date, KIND_ORDER[d.kind], d.region))
    out: list[tuple[str, dict[str, Any]]] = []
    count: dict[dt.date, int] = {}
    for d in found:
        count[d.date] = count.get(d.date, 0) + 1
        if count[d.date] > 99:
            raise ValueError(f"more than 99 dispatches on {d.date}: too many regions")
        out.append((f"{d.date.isoformat()}-{count[d.date]:02d}", d.doc))
    return out


def briefings(org: Org, projects: list[Project], tl: Timeline, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """(period, briefing) of every unit leading a listed project, for each period due by the as-of date;
    a few late, a few never filed."""
    rng = random.Random(f"{seed}/briefings")
    year = tl.year
    periods = [("Q1", dt.date(year, 3, 31), dt.date(year, 4, 15)), ("Q2", dt.date(year, 6, 30), dt.date(year, 7, 15)),
               ("Q3", dt.date(year, 9, 30), dt.date(year, 10, 15)), ("FY", dt.date(year, 12, 31), dt.date(year + 1, 1, 10))]
    out = []
    for part, last, due in periods:
        if due > tl.as_of:
            continue
        for unit in sorted({p.lead for p in projects if p.listed_on(last)}):
            draw = rng.random()
            if draw < 0.03:
                continue
            on = due - dt.timedelta(days=rng.randint(0, 10)) if draw < 0.94 else due + dt.timedelta(days=rng.randint(1, 8))
            out.append((f"{year}-{part}", {
                "unit": unit, "period": f"{year}-{part}", "submitted_on": min(on, tl.as_of),
                "title": f"{org.unit_short[unit]}关于{year}年{QUARTER_NAME[part]}“3个30”重点项目推进情况的报告"}))
    return out


PREFACE = """## 主要做法

{quarter}，各责任单位对照“五个一”责任机制和倒排工期计划，逐月调度、逐项推进。各州重点项目办组织召开项目协调会，
集中研究用地、资金和前期手续问题；稽察办按月核实月报数据，对个别项目完成投资予以核减。

## 下步工作

一是紧盯目标任务，对进度严重滞后的项目实行挂牌督办；二是对逾期未答复、承诺到期未解决的问题逐项督办；
三是按时报送季度和年度报告。
"""


def circular_prefaces(tl: Timeline) -> list[tuple[str, str]]:
    """(period, Markdown) for each quarterly circular issued by the as-of date (on the 20th after the quarter)."""
    out = []
    for q, end in ((1, 3), (2, 6), (3, 9), (4, 12)):
        issued = dt.date(tl.year + (end == 12), end % 12 + 1, 20)
        if issued <= tl.as_of and end <= tl.months:
            out.append((f"{tl.year}-Q{q}", PREFACE.format(quarter=f"{'一二三四'[q - 1]}季度")))
    return out


def config(org: Org, tl: Timeline) -> dict[str, Any]:
    """The demonstration's config, for the synthetic year and as-of date."""
    doc = demo_config()
    doc.update(as_of=tl.as_of, year=tl.year, first_report_period=f"{tl.year}-01")
    names = "、".join(r.name for r in org.regions[:3]) + ("等" if len(org.regions) > 3 else "")
    doc["public_contact"] = dict(doc["public_contact"], name=f"{names}人民政府督查室（合成数据）")
    return doc


__all__ = ["briefings", "circular_prefaces", "config", "dispatches", "month_end"]
