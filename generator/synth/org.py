"""The organisation, scaled with the number of projects: one region (州) per 700 projects.

Region 1 is the demonstration's 楚雄州 (its counties, departments and leader posts, ids unchanged); every
further region has fictional counties, its own departments and posts (ids prefixed `rNN-`). The four
offices are shared: one inspection office verifies every report, as in the demonstration.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any

from generator.demo.org import (
    COUNTIES,
    DEPARTMENTS,
    ENTERPRISES,
    GITHUB_ORG,
    LEADER_BY_LEAD,
    OFFICES,
    OTHER_UNITS,
    POSTS,
    SURNAMES,
    gov,
    gov_name,
)

PROJECTS_PER_REGION = 700  # a dispatch lists at most 1,000 projects (schema); a region's list stays below
REGION_NAMES = ("楚雄州", "紫溪州", "龙川州", "蜻蛉州", "化佛州", "方山州", "狮山州", "峨碌州", "哀牢州", "礼社州",
                "星宿州", "鹿城州", "金沙州", "白竹州", "雁塔州", "石羊州", "九台州", "乌龙州", "插甸州", "勤丰州")
COUNTY_SYLLABLES = ("东", "西", "南", "北", "中", "青", "白", "金", "云", "石", "龙", "凤", "安", "宁", "平", "永",
                    "兴", "和", "华", "丰")
COUNTY_SUFFIXES = ("山", "川", "河", "江", "源", "城", "阳", "溪", "峰", "岭", "坝")


@dataclass
class Region:
    index: int  # 0 for 楚雄州
    name: str  # 紫溪州
    counties: list[tuple[str, str, tuple[float, float]]]  # id, name, centre (lat, lon), in catalogue order
    units: list[dict[str, Any]] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.name.removesuffix("州")

    def unit(self, demo_id: str) -> str:
        """The region's unit standing for a demonstration unit id (a department, a county government)."""
        if self.index == 0:
            return demo_id
        if demo_id.startswith("gov-"):
            return gov(self.county(demo_id.removeprefix("gov-")))
        return f"{self.prefix}{demo_id}"

    def post(self, demo_id: str) -> str:
        return demo_id if self.index == 0 else f"{self.prefix}{demo_id}"

    def county(self, demo_county: str) -> str:
        """The region's county in the place of a demonstration county."""
        if self.index == 0:
            return demo_county
        k = next(i for i, (cid, _, _) in enumerate(COUNTIES) if cid == demo_county)
        return self.counties[k][0]

    def county_name(self, county: str) -> str:
        return next(name for cid, name, _ in self.counties if cid == county)

    def centre(self, county: str) -> tuple[float, float]:
        return next(c for cid, _, c in self.counties if cid == county)

    @property
    def prefix(self) -> str:
        return f"r{self.index + 1:02d}-"


@dataclass
class Org:
    regions: list[Region]
    counties: list[dict[str, Any]]
    units: list[dict[str, Any]]
    posts: list[dict[str, Any]]
    unit_kind: dict[str, str]
    unit_short: dict[str, str]


def region_count(projects: int) -> int:
    return max(1, math.ceil(projects / PROJECTS_PER_REGION))


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)}某某"


def _region(index: int) -> Region:
    if index == 0:
        return Region(0, REGION_NAMES[0], [(cid, name, centre) for cid, name, centre in COUNTIES])
    name = REGION_NAMES[index % len(REGION_NAMES)] if index < len(REGION_NAMES) else f"第{index + 1}州"
    rng = random.Random(f"synth-region/{index}")
    lat, lon = rng.uniform(22.5, 27.5), rng.uniform(98.5, 104.5)
    counties = []
    for k in range(len(COUNTIES)):
        county_name = (COUNTY_SYLLABLES[(index * 3 + k) % len(COUNTY_SYLLABLES)]
                       + COUNTY_SUFFIXES[(index + k) % len(COUNTY_SUFFIXES)] + ("市" if k == 0 else "县"))
        counties.append((f"r{index + 1:02d}-x{k + 1:02d}", county_name,
                         (round(lat + rng.uniform(-0.6, 0.6), 3), round(lon + rng.uniform(-0.6, 0.6), 3))))
    return Region(index, name, counties)


def _units(region: Region, many: bool) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = []
    for uid, name, short in DEPARTMENTS:
        if region.index:
            name, short = name.replace("楚雄州", region.name), short.replace("州", region.short, 1)
        elif many:
            short = short.replace("州", region.short, 1)
        units.append({"id": region.unit(uid), "name": name, "short_name": short, "kind": "prefecture_dept",
                      "github_team": f"{GITHUB_ORG}/{region.unit(uid)}"})
    for cid, cname, _ in region.counties:
        if region.index == 0:
            name, short = gov_name(cid)
        else:
            name, short = f"{cname}人民政府", f"{cname}政府"
        units.append({"id": gov(cid), "name": name, "short_name": short, "kind": "county_gov", "county": cid,
                      "github_team": f"{GITHUB_ORG}/{cid}"})
    return units


def _posts(region: Region, many: bool) -> list[dict[str, Any]]:
    posts: list[dict[str, Any]] = []
    rng = random.Random(f"synth-posts/{region.index}")
    for pid, title, holders in POSTS:
        shown = f"{region.name}{title}" if many else title
        if region.index == 0:
            listed = [{"name": n, "from": dt.date.fromisoformat(f), "to": dt.date.fromisoformat(t) if t else None}
                      for n, f, t in holders]
        else:
            listed = [{"name": person(rng), "from": dt.date(2013, 1, 20), "to": None}]
            if len(holders) > 1:  # the demonstration's changes of holder, on other days
                change = dt.date(2015, rng.randint(3, 9), 1)
                listed[0]["to"] = change - dt.timedelta(days=1)
                listed.append({"name": person(rng), "from": change, "to": None})
        posts.append({"id": region.post(pid), "title": shown, "holders": listed})
    return posts


def build_org(projects: int, year: int) -> Org:
    """Every region's counties, departments, county governments and posts, then the shared offices,
    enterprises and other units (in that order, as the demonstration lists them)."""
    regions = [_region(i) for i in range(region_count(projects))]
    many = len(regions) > 1
    counties: list[dict[str, Any]] = []
    units: list[dict[str, Any]] = []
    posts: list[dict[str, Any]] = []
    for region in regions:
        counties.extend({"id": cid, "name": name} for cid, name, _ in region.counties)
        region.units = _units(region, many)
        region.posts = _posts(region, many)
        units.extend(region.units)
        posts.extend(region.posts)
    for uid, name, short, kind in OFFICES:
        units.append({"id": uid, "name": name, "short_name": short, "kind": kind,
                      "github_team": f"{GITHUB_ORG}/{uid}"})
    for uid, name, short in ENTERPRISES:
        units.append({"id": uid, "name": name, "short_name": short, "kind": "enterprise"})
    for uid, name, short in OTHER_UNITS:
        units.append({"id": uid, "name": name, "short_name": short, "kind": "other"})
    if year != 2015:
        for post in posts:  # the demonstration's holders are dated for 2015: move them to the year
            for h in post["holders"]:
                for key in ("from", "to"):
                    if isinstance(h[key], dt.date) and h[key].year >= 2015:
                        h[key] = h[key].replace(year=h[key].year + year - 2015)
    return Org(regions, counties, units, posts, {u["id"]: u["kind"] for u in units},
               {u["id"]: u["short_name"] for u in units})


def leader_of(region: Region, lead_demo_id: str) -> str:
    return region.post(LEADER_BY_LEAD.get(lead_demo_id, "changwu-fuzhouzhang"))
