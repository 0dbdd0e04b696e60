"""The synthetic projects: who, what, how much, when — and how well each one goes (its texture).

Every project draws from its own random stream (`Random(f"{seed}/project/{id}")`), so a project's facts do
not depend on how many others there are; the catalogue of the demonstration (types, lead units, counties,
text) is cycled through, region by region.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.core.workdays import WorkCalendar
from generator.demo.catalogue import (
    CONTENT,
    NEW_START,
    OWNER_PREFIXES,
    OWNER_SUFFIX,
    PRELIM_STEPS,
    PRELIMINARY,
    STAGE_TEXT,
    TOTAL_RANGE,
    UC_MILESTONES,
    UNDER_CONSTRUCTION,
)
from generator.demo.plan_dates import INTERNAL_NOTES
from generator.demo.plan_projects import RELATED_UNITS
from generator.synth.org import Org, Region, leader_of, person

CATEGORIES = (("under_construction", "zj", UNDER_CONSTRUCTION), ("new_start", "xkg", NEW_START),
              ("preliminary", "qq", PRELIMINARY))
CHINESE_DIGITS = "零一二三四五六七八九"


def money(value: float | Decimal, places: int = 2) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


@dataclass(frozen=True)
class Timeline:
    """The synthetic year: reports for months 1..months, seen on the 20th of the month after the last."""

    year: int
    months: int
    calendar: WorkCalendar = field(default_factory=WorkCalendar)

    @property
    def as_of(self) -> dt.date:
        return dt.date(self.year + (self.months == 12), self.months % 12 + 1, 20)

    @property
    def notice(self) -> dt.date:
        return dt.date(self.year, 2, 8)

    @property
    def action_due(self) -> dt.date:
        return dt.date(self.year, 2, 16)

    def workdays(self, first: dt.date, last: dt.date) -> list[dt.date]:
        out, day = [], first
        while day <= last:
            if self.calendar.is_workday(day):
                out.append(day)
            day += dt.timedelta(days=1)
        return out

    def workday_in(self, rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
        """A random working day in [first, last], or `last` when there is none."""
        days = self.workdays(first, last)
        return rng.choice(days) if days else last


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


@dataclass
class Project:
    id: str
    index: int  # position among all projects (phone numbers)
    name: str
    category: str
    type: str
    region: Region
    county: str
    lead: str
    leader_post: str
    co_units: list[str]
    rng: random.Random
    total: Decimal = Decimal(0)
    annual: Decimal = Decimal(0)
    before_year: Decimal = Decimal(0)
    places: int = 0
    perf: float = 1.0  # share of the linear plan achieved: below 0.9 shows yellow, below 0.7 red, by December
    milestones: list[dict[str, Any]] = field(default_factory=list)
    start_planned: dt.date | None = None
    start_actual: dt.date | None = None
    completion_planned: dt.date | None = None
    completion_actual: dt.date | None = None
    production_planned: dt.date | None = None
    production_actual: dt.date | None = None
    entered: dt.date | None = None  # None: the first day of the year
    exited: dt.date | None = None
    doc: dict[str, Any] = field(default_factory=dict)

    def listed_on(self, day: dt.date) -> bool:
        return (self.entered is None or self.entered <= day) and (self.exited is None or day < self.exited)

    def owes(self, year: int, month: int) -> bool:
        """The notice's monthly report (model.owes_report with exit_month_owed): listed on the month's last
        day, or on some day of the month it leaves the list in."""
        last = month_end(year, month)
        if self.listed_on(last):
            return True
        first = dt.date(year, month, 1)
        return self.exited is not None and self.exited > first and (self.entered is None or self.entered <= last)


def _catalogue_entry(category: str, k: int, regions: int) -> tuple[int, tuple[str, str, str, str], int]:
    """(region index, demonstration catalogue entry, round) of the k-th project of a category."""
    entries = next(spec for cat, _, spec in CATEGORIES if cat == category)
    local = k // regions
    return k % regions, entries[local % len(entries)], local // len(entries)


def _round_name(name: str, rnd: int) -> str:
    if rnd == 0:
        return name
    n = rnd + 1
    return f"{name}（{CHINESE_DIGITS[n] if n < 10 else n}期）"


def plan_projects(org: Org, count: int, seed: int, tl: Timeline) -> list[Project]:
    """`count` projects: a third under construction, a third preliminary, the rest new starts (the
    demonstration's 30/31/30), spread over the regions."""
    per = {"under_construction": count // 3, "preliminary": count // 3}
    per["new_start"] = count - 2 * (count // 3)
    projects: list[Project] = []
    regions = len(org.regions)
    for category, abbr, _ in CATEGORIES:
        width = max(2, len(str(per[category])))
        for k in range(per[category]):
            pid = f"{tl.year}-{abbr}-{k + 1:0{width}d}"
            r, (name, county, ptype, lead), rnd = _catalogue_entry(category, k, regions)
            region = org.regions[r]
            if region.index:
                name = name.replace("楚雄州", region.name).replace("楚雄", region.short)
                for cid, cname, _ in org.regions[0].counties:
                    name = name.replace(cname, region.county_name(region.county(cid)))
            p = Project(pid, len(projects), _round_name(name, rnd), category, ptype, region, region.county(county),
                        region.unit(lead), leader_of(region, lead), [], random.Random(f"{seed}/project/{pid}"))
            if ptype == "highway" and category != "preliminary":
                p.leader_post = region.post("fuzhouzhang-chengjian")
            p.co_units = _co_units(p, lead, org)
            _plan(p, org, tl)
            projects.append(p)
    return projects


def _co_units(p: Project, demo_lead: str, org: Org) -> list[str]:
    county_gov = f"gov-{p.county}"
    co = {county_gov} if p.lead != county_gov else set()
    extra = [p.region.unit(u) for u in RELATED_UNITS.get(p.type, ["fgw", "caizheng"]) if u != demo_lead]
    extra = [u for u in extra if u in org.unit_kind]  # the enterprises belong to 楚雄州 only
    if extra:
        co.update(p.rng.sample(extra, k=min(len(extra), p.rng.randint(1, 2))))
    return sorted(co)


def _plan(p: Project, org: Org, tl: Timeline) -> None:
    rng = p.rng
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
        if rng.random() < 0.01:
            p.annual = Decimal(0)  # a zero plan: no completion rate (n/a), never 0 or infinity
    draw = rng.random()
    p.perf = rng.uniform(0.95, 1.12) if draw < 0.72 else rng.uniform(0.72, 0.88) if draw < 0.9 \
        else rng.uniform(0.40, 0.65)
    _dates(p, tl)
    _milestones(p, tl)
    _listing(p, tl)
    p.doc = _project_doc(p, org, tl)


def _dates(p: Project, tl: Timeline) -> None:
    rng, year, as_of = p.rng, tl.year, tl.as_of
    if p.category == "under_construction":
        p.start_planned = p.start_actual = dt.date(rng.randint(year - 3, year - 1), rng.randint(1, 12),
                                                   rng.randint(1, 28))
        if rng.random() < 0.15:  # due to finish within the year: most do, some miss it
            p.completion_planned = dt.date(year, rng.randint(5, 11), 28)
            if p.completion_planned <= as_of and rng.random() < 0.6:
                p.completion_actual = p.completion_planned - dt.timedelta(days=rng.randint(0, 20))
        else:
            p.completion_planned = dt.date(rng.randint(year + 1, year + 3), rng.choice((6, 12)), 30)
    elif p.category == "new_start":
        p.start_planned = dt.date(year, rng.randint(3, 10), rng.randint(1, 28))
        if p.start_planned <= as_of:
            draw = rng.random()
            if draw < 0.8:
                p.start_actual = max(tl.notice + dt.timedelta(days=1),
                                     p.start_planned - dt.timedelta(days=rng.randint(0, 5)))
            elif draw < 0.92:
                late = p.start_planned + dt.timedelta(days=rng.randint(10, 60))
                p.start_actual = late if late < as_of else None
        p.completion_planned = dt.date(rng.randint(year + 1, year + 4), rng.choice((6, 12)), 30)
    elif rng.random() < 0.5:
        p.start_planned = dt.date(year + 1, rng.randint(1, 12), rng.randint(1, 28))
    if p.category != "preliminary" and p.type in ("energy", "industry", "park", "municipal"):
        assert p.completion_planned is not None
        p.production_planned = p.completion_planned + dt.timedelta(days=rng.randint(30, 90))
        if p.completion_actual is not None and p.production_planned <= as_of - dt.timedelta(days=30):
            p.production_actual = p.production_planned + dt.timedelta(days=rng.choice((-5, 0, 3, 12, 25)))


def _done_on(p: Project, due: dt.date, as_of: dt.date) -> dt.date | None:
    """When a milestone is done, by how well the project goes: on time, late, or not at all."""
    rng = p.rng
    if due > as_of:  # not due yet: now and then done early
        return as_of - dt.timedelta(days=rng.randint(1, 10)) if rng.random() < 0.1 else None
    if p.perf >= 0.9 or rng.random() < 0.5:
        return due - dt.timedelta(days=rng.randint(0, 15))
    late = due + dt.timedelta(days=rng.randint(5, 60) if p.perf >= 0.7 else rng.randint(31, 80))
    return late if late < as_of and rng.random() < 0.6 else None


def _milestones(p: Project, tl: Timeline) -> None:
    year, as_of = tl.year, tl.as_of
    if p.category == "preliminary":
        start = p.rng.randint(0, len(PRELIM_STEPS) - 3)
        steps = PRELIM_STEPS[start:start + p.rng.randint(3, 4)]
        months = sorted(p.rng.sample(range(3, 13), k=len(steps)))
        for (kind, name), month in zip(steps, months, strict=True):
            due = min(month_end(year, month), dt.date(year, month, p.rng.randint(10, 28)))
            p.milestones.append({"name": name, "kind": kind, "due": due, "done_on": _done_on(p, due, as_of)})
        return
    first, second = UC_MILESTONES[p.type]
    for name, due in ((first, dt.date(year, 6, 30)), (second, dt.date(year, 9, 30)),
                      ("完成年度投资计划", dt.date(year, 12, 31))):
        p.milestones.append({"name": name, "due": due, "done_on": _done_on(p, due, as_of)})


def _listing(p: Project, tl: Timeline) -> None:
    """A few projects enter the list mid-year (new starts) or leave it (exits); the year must be long
    enough for either to show."""
    rng = p.rng
    if tl.months < 6:
        return
    if p.category == "new_start" and rng.random() < 0.01:
        p.entered = dt.date(tl.year, rng.randint(4, min(7, tl.months)), rng.randint(1, 28))
        p.start_planned = min(p.entered + dt.timedelta(days=rng.randint(30, 90)), dt.date(tl.year, 12, 20))
        p.start_actual = p.start_planned if p.start_planned < tl.as_of else None
        for m in p.milestones:
            if m["due"] < p.entered:
                m["due"] = min(p.entered + dt.timedelta(days=60), dt.date(tl.year, 12, 31))
                m["done_on"] = None
    elif p.category != "preliminary" and rng.random() < 0.005:
        p.exited = dt.date(tl.year, rng.randint(4, min(9, tl.months)), 15)


def _progress_target(p: Project) -> str:
    if p.category == "under_construction":
        done = p.completion_planned
        if done is not None and done.year == p.milestones[-1]["due"].year:
            return f"完成年度投资{fmt(p.annual)}万元，{done.month}月{done.day}日前建成竣工"
        return f"完成年度投资{fmt(p.annual)}万元，年底前基本完成{STAGE_TEXT[p.type][-1]}"
    if p.category == "new_start":
        assert p.start_planned is not None
        return f"{p.start_planned.month}月{p.start_planned.day}日前开工建设，完成年度投资{fmt(p.annual)}万元"
    return f"年内完成{p.milestones[-1]['name']}等前期工作，具备开工条件"


def _funding(rng: random.Random, total: Decimal) -> list[dict[str, Any]]:
    kinds = rng.sample(["central_budget", "local_special_bonds", "ppp", "bank_loan", "self_raised",
                        "local_fiscal"], k=3)
    first = money(float(total) * rng.uniform(0.1, 0.3), 0)
    second = money(float(total) * rng.uniform(0.2, 0.4), 0)
    return [{"kind": kinds[0], "amount": first}, {"kind": kinds[1], "amount": second},
            {"kind": kinds[2], "amount": total - first - second}]


def _responsible_title(p: Project, org: Org) -> str:
    if p.lead.startswith("gov-"):
        name = p.region.county_name(p.lead.removeprefix("gov-"))
        return f"{name}{'副市长' if name.endswith('市') else '副县长'}"
    short = org.unit_short[p.lead]
    return f"{short}{'主任' if short.endswith('委') else '局长'}"


def _project_doc(p: Project, org: Org, tl: Timeline) -> dict[str, Any]:
    rng, year = p.rng, tl.year
    county_name = p.region.county_name(p.county)
    doc: dict[str, Any] = {
        "id": p.id, "name": p.name, "category": p.category, "year": year, "county": p.county,
        "owner": f"{p.region.short}{rng.choice(OWNER_PREFIXES)}{OWNER_SUFFIX[p.type]}",
        "content": CONTENT[p.type].format(
            km=rng.randint(8, 160) if p.type in ("highway", "rail") else rng.randint(3, 30),
            n=rng.randint(2, 60), m=rng.randint(2, 30), area=rng.randint(2, 40) * 5000,
            mu=rng.randint(3, 60) * 100),
        "total_investment": p.total,
    }
    if rng.random() < 0.5:
        doc["funding_sources"] = _funding(rng, p.total)
    doc["annual"] = {"investment": p.annual, "progress_target": _progress_target(p),
                     "milestones": [{k: v for k, v in m.items()} for m in p.milestones]}
    doc["dates"] = {
        "start": {"planned": p.start_planned, "actual": p.start_actual},
        "completion": {"planned": p.completion_planned, "actual": p.completion_actual},
        "production": {"planned": p.production_planned, "actual": p.production_actual},
    }
    doc["leader_post"] = p.leader_post
    doc["lead_unit"] = p.lead
    doc["co_units"] = p.co_units
    if p.type == "highway" and p.category == "under_construction" and rng.random() < 0.7:
        doc["county_leader"] = None
        doc["county_leader_note"] = "线性工程跨多个县市，县市责任领导由沿线各县市分别明确，见推进行动方案"
    else:
        doc["county_leader"] = {"name": person(rng),
                                "title": f"{county_name}{'副市长' if county_name.endswith('市') else '副县长'}"}
    doc["responsible_person"] = {"name": person(rng), "title": _responsible_title(p, org)}
    phone = 3 * p.index
    doc["team"] = [{"name": person(rng), "role": role, "phone": f"138-{(phone + i) // 10000:04d}-{(phone + i) % 10000:04d}"}
                   for i, role in enumerate(("组长", "副组长", "联络员"))]
    doc["action_plan"] = {"submitted_on": _action_plan(p, tl)}
    doc["entered_on"] = p.entered or dt.date(year, 1, 1)
    if p.exited is not None:
        doc["exited"] = {"on": p.exited, "reason": rng.choice((
            "项目业主调整投资计划，经州人民政府同意退出本年度重点督查名单",
            "项目建设内容重大调整，需重新履行审批程序，经州人民政府同意退出督查"))}
    if p.category != "preliminary" and rng.random() < 0.02:
        on = dt.date(year, rng.randint(3, max(3, tl.months)), rng.randint(1, 28))
        if on < tl.as_of:
            lifted = on + dt.timedelta(days=rng.randint(40, 120))
            doc["listed_supervision"] = {"on": on, "by": "duchashi", "lifted_on": lifted if lifted < tl.as_of else None}
    lat, lon = p.region.centre(p.county)
    doc["location"] = {"lat": money(lat + rng.uniform(-0.05, 0.05), 4), "lon": money(lon + rng.uniform(-0.05, 0.05), 4)}
    if rng.random() < 0.1:
        doc["internal_notes"] = rng.choice(INTERNAL_NOTES)
    return doc


def _action_plan(p: Project, tl: Timeline) -> dt.date | None:
    """Every project owes an action plan (五个一): most on time, a few late, one in fifty never."""
    rng = p.rng
    if p.entered is not None:
        due = tl.calendar.add_workdays(p.entered, 5)
        return max(p.entered, due - dt.timedelta(days=rng.randint(0, 3)))
    draw = rng.random()
    if draw < 0.93:
        return tl.workday_in(rng, tl.notice + dt.timedelta(days=1), tl.action_due)
    if draw < 0.98:
        return tl.notice + dt.timedelta(days=rng.randint(9, 30))
    return None
