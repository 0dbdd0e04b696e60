"""Plan steps: the units, and the projects' fixed facts (owners, figures, people, places)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from generator.demo.catalogue import (
    CONTENT,
    ENTERING,
    ENTERING_ON,
    NEW_START,
    OWNER_PREFIXES,
    OWNER_SUFFIX,
    PRELIMINARY,
    TOTAL_RANGE,
    UNDER_CONSTRUCTION,
)
from generator.demo.dates import (
    ACTION_PLAN_DUE,
    ACTION_PLAN_WORKING_DAYS,
    ONE_DAY,
    YEAR,
    add_working_days,
    money,
    workdays,
)
from generator.demo.model import Portfolio, Project
from generator.demo.org import (
    COUNTIES,
    LEADER_BY_LEAD,
    build_units,
    county_leader_title,
    gov,
    person,
    responsible_title,
)

# co-units by project type, besides the county government (others: fgw and caizheng)
RELATED_UNITS = {"highway": ["guotu", "linye", "ziqi-jiaotou"], "road": ["guotu", "zhujian"],
                 "water": ["guotu", "linye", "longchuan-shuitou"], "energy": ["linye", "huanbao"],
                 "park": ["gongxin", "guotu"], "industry": ["huanbao", "guotu"],
                 "municipal": ["huanbao", "zhujian"], "housing": ["guotu", "caizheng"]}
ENTERING_ID = f"{YEAR}-xkg-{len(NEW_START) + 1:02d}"


def build_org(demo: Portfolio) -> None:
    demo.units = build_units()
    demo.unit_short = {u["id"]: u["short_name"] for u in demo.units}
    demo.unit_kind = {u["id"]: u["kind"] for u in demo.units}


def build_projects(demo: Portfolio) -> None:
    """Every project of the catalogue, in catalogue order, drawn from the "projects" stream."""
    rng = demo.rng("projects")
    catalogue = (
        [("under_construction", f"{YEAR}-zj-{i:02d}", spec) for i, spec in enumerate(UNDER_CONSTRUCTION, 1)]
        + [("new_start", f"{YEAR}-xkg-{i:02d}", spec) for i, spec in enumerate(NEW_START, 1)]
        + [("new_start", ENTERING_ID, ENTERING)]
        + [("preliminary", f"{YEAR}-qq-{i:02d}", spec) for i, spec in enumerate(PRELIMINARY, 1)]
    )
    phones = (f"138-0000-{n:04d}" for n in itertools.count(1))
    for category, pid, (name, county, ptype, lead) in catalogue:
        p = Project(id=pid, name=name, category=category, county=county, type=ptype, lead=lead)
        p.leader_post = LEADER_BY_LEAD.get(lead, "changwu-fuzhouzhang")
        if ptype == "highway" and category != "preliminary":
            p.leader_post = "zhouzhang" if pid.endswith("-01") else "fuzhouzhang-chengjian"
        project_facts(demo, rng, p, phones)
        p.action_submitted = rng.choice(workdays(dt.date(2015, 2, 9), ACTION_PLAN_DUE))
        demo.projects.append(p)
    demo.by_id = {p.id: p for p in demo.projects}
    for p in demo.projects:
        if p.type == "highway" and p.category == "under_construction" and rng.random() < 0.7:
            p.county_leader = None
            p.county_leader_note = "线性工程跨多个县市，县市责任领导由沿线各县市分别明确，见推进行动方案"
    entering = demo.by_id[ENTERING_ID]
    entering.entered = ENTERING_ON
    entering.action_due = add_working_days(ENTERING_ON, ACTION_PLAN_WORKING_DAYS)
    entering.action_submitted = entering.action_due - ONE_DAY
    demo.roles.entering = entering.id


def project_facts(demo: Portfolio, rng: random.Random, p: Project, phones: Iterator[str]) -> None:
    """A new project's fixed facts: co-units, figures, owner, content, funding, people and place."""
    p.co_units = _co_units(rng, p)
    _figures(rng, p)
    p.owner = f"楚雄{rng.choice(OWNER_PREFIXES)}{OWNER_SUFFIX[p.type]}"
    p.content = CONTENT[p.type].format(
        km=rng.randint(8, 160) if p.type in ("highway", "rail") else rng.randint(3, 30),
        n=rng.randint(2, 60), m=rng.randint(2, 30), area=rng.randint(2, 40) * 5000,
        mu=rng.randint(3, 60) * 100)
    if rng.random() < 0.5:
        p.funding = _funding(rng, p.total)
    p.county_leader = {"name": person(rng), "title": county_leader_title(p.county)}
    p.responsible_person = {"name": person(rng), "title": responsible_title(p.lead, demo.unit_short)}
    p.team = [{"name": person(rng), "role": role, "phone": next(phones)} for role in ("组长", "副组长", "联络员")]
    lat, lon = next(c for cid, _, c in COUNTIES if cid == p.county)
    p.location = (money(lat + rng.uniform(-0.05, 0.05), 4), money(lon + rng.uniform(-0.05, 0.05), 4))


def _co_units(rng: random.Random, p: Project) -> list[str]:
    co = {gov(p.county)} if p.lead != gov(p.county) else set()
    extra = [u for u in RELATED_UNITS.get(p.type, ["fgw", "caizheng"]) if u != p.lead]
    co.update(rng.sample(extra, k=min(len(extra), rng.randint(1, 2))))
    return sorted(co)


def _figures(rng: random.Random, p: Project) -> None:
    """Total investment, the year's plan, what was invested before the year, and how well it goes."""
    lo, hi = TOTAL_RANGE[p.type]
    p.places = rng.choice((0, 0, 1, 2))
    p.total = money(round(rng.uniform(lo, hi), -2 if hi > 100000 else -1), 0)
    if p.category == "under_construction":
        p.annual = money(round(float(p.total) * rng.uniform(0.15, 0.32), -1), 0)
        p.before_year = money(float(p.total) * rng.uniform(0.10, 0.45), p.places)
    elif p.category == "new_start":
        p.annual = money(round(float(p.total) * rng.uniform(0.06, 0.2), -1), 0)
    else:
        p.annual = money(round(min(float(p.total) * rng.uniform(0.002, 0.01), 3000), -1), 0)
    p.perf = rng.uniform(0.95, 1.18)


def _funding(rng: random.Random, total: Decimal) -> list[dict[str, Any]]:
    kinds = rng.sample(["central_budget", "local_special_bonds", "ppp", "bank_loan", "self_raised",
                        "local_fiscal"], k=3)
    first = money(float(total) * rng.uniform(0.1, 0.3), 0)
    second = money(float(total) * rng.uniform(0.2, 0.4), 0)
    return [{"kind": kinds[0], "amount": first}, {"kind": kinds[1], "amount": second},
            {"kind": kinds[2], "amount": total - first - second}]
