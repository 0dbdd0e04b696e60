"""The organisation: counties, units, posts and their holders, and how people and titles are named."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

# id, name, center (lat, lon) for project locations
COUNTIES = [
    ("chuxiong", "楚雄市", (25.035, 101.545)),
    ("shuangbai", "双柏县", (24.690, 101.640)),
    ("mouding", "牟定县", (25.315, 101.545)),
    ("nanhua", "南华县", (25.195, 101.275)),
    ("yaoan", "姚安县", (25.505, 101.240)),
    ("dayao", "大姚县", (25.730, 101.325)),
    ("yongren", "永仁县", (26.060, 101.670)),
    ("yuanmou", "元谋县", (25.705, 101.875)),
    ("wuding", "武定县", (25.530, 102.400)),
    ("lufeng", "禄丰县", (25.150, 102.080)),
    ("kaifaqu", "楚雄开发区", (25.010, 101.500)),
]
COUNTY_NAME = {cid: name for cid, name, _ in COUNTIES}

# id, name, short_name
DEPARTMENTS = [
    ("fgw", "楚雄州发展和改革委员会", "州发改委"),
    ("jiaotong", "楚雄州交通运输局", "州交通运输局"),
    ("shuiwu", "楚雄州水务局", "州水务局"),
    ("gongxin", "楚雄州工业和信息化委员会", "州工信委"),
    ("zhujian", "楚雄州住房和城乡建设局", "州住建局"),
    ("guotu", "楚雄州国土资源局", "州国土资源局"),
    ("linye", "楚雄州林业局", "州林业局"),
    ("huanbao", "楚雄州环境保护局", "州环保局"),
    ("caizheng", "楚雄州财政局", "州财政局"),
    ("nongye", "楚雄州农业局", "州农业局"),
    ("lvfa", "楚雄州旅游发展委员会", "州旅发委"),
    ("jiaoyu", "楚雄州教育局", "州教育局"),
    ("weiji", "楚雄州卫生和计划生育委员会", "州卫计委"),
    ("shangwu", "楚雄州商务局", "州商务局"),
    ("nengyuan", "楚雄州能源局", "州能源局"),
]
KEY_PROJECT_OFFICE = "zhongdianban"
INSPECTION_OFFICE = "jichaban"
SUPERVISION_OFFICE = "duchashi"
DISCIPLINE_OFFICE = "jianchaju"
CLOSERS = (KEY_PROJECT_OFFICE, INSPECTION_OFFICE, SUPERVISION_OFFICE)
OFFICES = [
    (KEY_PROJECT_OFFICE, "楚雄州重点项目建设领导小组办公室", "州重点项目办", "key_project_office"),
    (INSPECTION_OFFICE, "楚雄州重点项目稽察办公室", "州重点项目稽察办", "inspection_office"),
    (SUPERVISION_OFFICE, "楚雄州人民政府督查室", "州政府督查室", "supervision_office"),
    (DISCIPLINE_OFFICE, "楚雄州监察局", "州监察局", "discipline_office"),
]
ENTERPRISES = [
    ("ziqi-jiaotou", "楚雄紫溪交通建设投资有限公司（演示）", "紫溪交投"),
    ("longchuan-shuitou", "楚雄龙川水务投资有限公司（演示）", "龙川水投"),
]
OTHER_UNITS = [("dudao-zu", "楚雄州重点产业督导协调组", "州督导协调组")]
GITHUB_ORG = "chuxiong-gov"

# id, title, holders [(name, from, to)]; one change of holder mid-year, one vacancy (2015-05-01..05-31).
POSTS: list[tuple[str, str, list[tuple[str, str, str | None]]]] = [
    ("zhouzhang", "州长", [("张某某", "2013-01-20", None)]),
    ("changwu-fuzhouzhang", "常务副州长", [("李某某", "2013-01-20", None)]),
    ("fuzhouzhang-gongye", "副州长（分管工业、能源、商务）",
     [("王某某", "2013-01-20", "2015-06-30"), ("赵某某", "2015-07-01", None)]),
    ("fuzhouzhang-chengjian", "副州长（分管城乡建设、交通、国土）", [("刘某某", "2013-01-20", None)]),
    ("fuzhouzhang-nongye", "副州长（分管农业、水利、林业）",
     [("陈某某", "2013-01-20", "2015-04-30"), ("杨某某", "2015-06-01", None)]),
    ("fuzhouzhang-wenjiao", "副州长（分管教育、卫生、旅游）", [("黄某某", "2014-03-01", None)]),
    ("mishuzhang", "州政府秘书长", [("周某某", "2014-06-01", None)]),
]
VACANT_POST = ("fuzhouzhang-nongye", dt.date(2015, 5, 1), dt.date(2015, 5, 31))
LEADER_BY_LEAD = {
    "jiaotong": "fuzhouzhang-chengjian", "zhujian": "fuzhouzhang-chengjian", "guotu": "fuzhouzhang-chengjian",
    "gongxin": "fuzhouzhang-gongye", "nengyuan": "fuzhouzhang-gongye", "shangwu": "fuzhouzhang-gongye",
    "huanbao": "fuzhouzhang-gongye",
    "shuiwu": "fuzhouzhang-nongye", "linye": "fuzhouzhang-nongye", "nongye": "fuzhouzhang-nongye",
    "jiaoyu": "fuzhouzhang-wenjiao", "weiji": "fuzhouzhang-wenjiao", "lvfa": "fuzhouzhang-wenjiao",
    "fgw": "changwu-fuzhouzhang", "caizheng": "changwu-fuzhouzhang",
}

SURNAMES = (
    "张李王赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严武戴莫孔向汤普"
)


def gov(county: str) -> str:
    """The id of a county's government."""
    return f"gov-{county}"


def gov_name(county: str) -> tuple[str, str]:
    """A county government's name and short name."""
    if county == "kaifaqu":
        return "楚雄开发区管理委员会", "开发区管委会"
    return f"{COUNTY_NAME[county]}人民政府", f"{COUNTY_NAME[county]}政府"


def build_units() -> list[dict[str, Any]]:
    """Every unit: departments, county governments, offices, enterprises, others (in that order)."""
    units: list[dict[str, Any]] = []
    for uid, name, short in DEPARTMENTS:
        units.append({"id": uid, "name": name, "short_name": short, "kind": "prefecture_dept",
                      "county": None, "github_team": f"{GITHUB_ORG}/{uid}"})
    for cid, _, _ in COUNTIES:
        name, short = gov_name(cid)
        units.append({"id": gov(cid), "name": name, "short_name": short, "kind": "county_gov",
                      "county": cid, "github_team": f"{GITHUB_ORG}/{cid}"})
    for uid, name, short, kind in OFFICES:
        units.append({"id": uid, "name": name, "short_name": short, "kind": kind,
                      "county": None, "github_team": f"{GITHUB_ORG}/{uid}"})
    for uid, name, short in ENTERPRISES:
        units.append({"id": uid, "name": name, "short_name": short, "kind": "enterprise",
                      "county": None, "github_team": None})
    for uid, name, short in OTHER_UNITS:
        units.append({"id": uid, "name": name, "short_name": short, "kind": "other",
                      "county": None, "github_team": None})
    return units


def holder_on(post: str, day: dt.date) -> str | None:
    """Who holds the post on the day (None: vacant, or no such post)."""
    for pid, _, holders in POSTS:
        if pid == post:
            for name, start, end in holders:
                if dt.date.fromisoformat(start) <= day and (end is None or day <= dt.date.fromisoformat(end)):
                    return name
    return None


def person(rng: random.Random) -> str:
    """A made-up name: a surname and 某某."""
    return f"{rng.choice(SURNAMES)}某某"


def county_leader_title(county: str) -> str:
    if county == "kaifaqu":
        return "楚雄开发区管委会副主任"
    return f"{COUNTY_NAME[county]}{'副市长' if county == 'chuxiong' else '副县长'}"


def responsible_title(lead: str, unit_short: dict[str, str]) -> str:
    """The title of the person responsible for a project in its lead unit."""
    if lead.startswith("gov-"):
        return county_leader_title(lead[4:])
    short = unit_short[lead]
    return f"{short}{'主任' if short.endswith('委') else '局长'}"
