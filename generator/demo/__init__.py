"""Demonstration portfolio: 楚雄州 "3个30" key projects in 2015, seen on 2015-10-20, with planted anomalies.

Pure standard library + PyYAML, and deliberately nothing else from the generator package: the anomalies
are planted from this module's own plan and written to `tests/fixtures/demo-anomalies.yaml`, so a test that
compares what the deadline rules find with that list can really fail. The deadline semantics the planter
relies on are those of docs/design.md ("Deadline semantics", "Cadence"); everything not planted is made to
meet its deadline, or to fall due after the as-of date.

Fully deterministic for a seed: every random choice comes from `random.Random(f"{seed}/<topic>")`, every
iteration is sorted, and nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from generator.loading.yamlstrict import dump_yaml  # the writer that matches the strict loader, not a rule

# --- the notice's numbers, as the demo's config states them ------------------------------------------------

AS_OF = dt.date(2015, 10, 20)
YEAR = 2015
FIRST_REPORT_PERIOD = "2015-02"
SPAN_START = dt.date(2015, 2, 1)  # first day of first_report_period: where cadence and reports begin
ACTION_PLAN_DUE = dt.date(2015, 2, 16)
REPORT_DAY = 8
VERIFICATION_DAY = 12
ANSWER_WORKING_DAYS = 4
UPCOMING_DAYS = 7
ABOUT_TO_START_DAYS = 30
ABOUT_INTERVAL_DAYS = 10
STARTED_INTERVAL_DAYS = 31
BRIEFING_DUE = {"Q1": dt.date(2015, 4, 15), "Q2": dt.date(2015, 7, 15), "Q3": dt.date(2015, 10, 15)}
BRIEFING_END = {"Q1": dt.date(2015, 3, 31), "Q2": dt.date(2015, 6, 30), "Q3": dt.date(2015, 9, 30)}
# Months whose report is due (8th of the next month) before the as-of date; October's is not yet due.
REPORT_MONTHS = [(2015, m) for m in range(2, 10)]
FIXTURE_PATH = "tests/fixtures/demo-anomalies.yaml"
OWNED_DATA_DIRS = ("data/projects", "data/reports", "data/briefings", "data/dispatches")

# --- 2015 working-day calendar (State Council 国办发明电〔2014〕28号 and the 2015 抗战胜利纪念日 notice) --------
# Kept here so the demo needs no third-party calendar; tests/test_demo.py checks it against chinesecalendar.

_HOLIDAYS_2015 = frozenset(
    dt.date(2015, m, d)
    for m, d in [
        (1, 1), (1, 2), (1, 3),
        (2, 18), (2, 19), (2, 20), (2, 21), (2, 22), (2, 23), (2, 24),
        (4, 4), (4, 5), (4, 6),
        (5, 1), (5, 2), (5, 3),
        (6, 20), (6, 21), (6, 22),
        (9, 3), (9, 4), (9, 5),
        (9, 26), (9, 27),
        (10, 1), (10, 2), (10, 3), (10, 4), (10, 5), (10, 6), (10, 7),
    ]
)
_MAKEUP_WORKDAYS_2015 = frozenset(
    dt.date(2015, m, d) for m, d in [(1, 4), (2, 15), (2, 28), (9, 6), (10, 10)]
)

ONE_DAY = dt.timedelta(days=1)
CENT = Decimal("0.01")


def is_workday(day: dt.date) -> bool:
    """Working day in 2015 with 调休; other years: Monday to Friday (only used for far-off deadlines)."""
    if day in _MAKEUP_WORKDAYS_2015:
        return True
    if day in _HOLIDAYS_2015:
        return False
    return day.weekday() < 5


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The count-th working day after `day` (day 1 is the first working day after it)."""
    while count > 0:
        day += ONE_DAY
        if is_workday(day):
            count -= 1
    return day


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def _workdays(first: dt.date, last: dt.date) -> list[dt.date]:
    return [d for d in _days(first, last) if is_workday(d)]


def _month_end(year: int, month: int) -> dt.date:
    return _next_month_day(year, month, 1) - ONE_DAY


def _next_month_day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, day)


def _period(month: tuple[int, int]) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def _fmt(value: Decimal) -> str:
    """A money figure as text: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


def _money(value: float | Decimal, places: int = 2) -> Decimal:
    """Money in 万元: a Decimal with at most `places` decimals (never a float with binary noise)."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


# --- organisation ----------------------------------------------------------------------------------------------

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


def _gov(county: str) -> str:
    return f"gov-{county}"


def _gov_name(county: str) -> tuple[str, str]:
    if county == "kaifaqu":
        return "楚雄开发区管理委员会", "开发区管委会"
    return f"{COUNTY_NAME[county]}人民政府", f"{COUNTY_NAME[county]}政府"


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

# --- the 90 (+1) projects ---------------------------------------------------------------------------------------

# name, county, type, lead unit
UNDER_CONSTRUCTION = [
    ("楚雄至大姚高速公路", "dayao", "highway", "jiaotong"),
    ("武定至易门高速公路武定段", "wuding", "highway", "jiaotong"),
    ("永仁至元谋高速公路", "yongren", "highway", "jiaotong"),
    ("楚雄市城市快速环线工程", "chuxiong", "road", _gov("chuxiong")),
    ("楚雄州中医医院迁建工程", "chuxiong", "building", "weiji"),
    ("楚雄州人民医院医技综合楼", "chuxiong", "building", "weiji"),
    ("青山嘴水库灌区配套工程", "chuxiong", "water", "shuiwu"),
    ("大姚县石者河水库", "dayao", "water", "shuiwu"),
    ("双柏县岔河水库", "shuangbai", "water", "shuiwu"),
    ("禄丰县工业园区基础设施建设", "lufeng", "park", _gov("lufeng")),
    ("楚雄开发区装备制造产业园", "kaifaqu", "park", _gov("kaifaqu")),
    ("元谋县城污水处理厂扩建工程", "yuanmou", "municipal", "zhujian"),
    ("南华县城市棚户区改造", "nanhua", "housing", "zhujian"),
    ("楚雄州体育中心", "chuxiong", "building", "zhujian"),
    ("楚雄师范学院新校区二期", "chuxiong", "building", "jiaoyu"),
    ("牟定县化佛山旅游综合开发", "mouding", "tourism", "lvfa"),
    ("姚安县光禄古镇保护开发", "yaoan", "tourism", "lvfa"),
    ("元谋县物茂土林景区提升工程", "yuanmou", "tourism", "lvfa"),
    ("永仁县50兆瓦光伏电站", "yongren", "energy", "nengyuan"),
    ("大姚县大中山风电场", "dayao", "energy", "nengyuan"),
    ("禄丰县钢铁产业转型升级项目", "lufeng", "industry", "gongxin"),
    ("武定县狮子山景区提升工程", "wuding", "tourism", "lvfa"),
    ("楚雄市城乡供水一体化工程", "chuxiong", "water", "shuiwu"),
    ("双柏县城市政道路改造工程", "shuangbai", "road", _gov("shuangbai")),
    ("姚安县城市地下综合管廊", "yaoan", "municipal", _gov("yaoan")),
    ("南华县野生菌交易中心", "nanhua", "trade", "shangwu"),
    ("牟定县工业园区污水处理厂", "mouding", "municipal", "huanbao"),
    ("楚雄州农产品冷链物流中心", "chuxiong", "trade", "shangwu"),
    ("元谋县高效节水灌溉工程", "yuanmou", "agri", "nongye"),
    ("楚雄州国家储备林基地", "shuangbai", "forest", "linye"),
]
NEW_START = [
    ("大姚至永仁高速公路", "dayao", "highway", "jiaotong"),
    ("牟定至元谋高速公路", "mouding", "highway", "jiaotong"),
    ("楚雄市东南绕城公路", "chuxiong", "road", "jiaotong"),
    ("楚雄州民族中学新校区", "chuxiong", "building", "jiaoyu"),
    ("禄丰县城污水处理厂提标改造", "lufeng", "municipal", "huanbao"),
    ("姚安县城供水工程", "yaoan", "water", "shuiwu"),
    ("南华县一街水库", "nanhua", "water", "shuiwu"),
    ("牟定县龙丰水库", "mouding", "water", "shuiwu"),
    ("永仁县城市棚户区改造二期", "yongren", "housing", "zhujian"),
    ("元谋县绿色食品产业园", "yuanmou", "agri", "nongye"),
    ("楚雄开发区生物医药产业园", "kaifaqu", "park", "gongxin"),
    ("双柏县农业光伏示范电站", "shuangbai", "energy", "nengyuan"),
    ("禄丰县恐龙谷旅游度假区二期", "lufeng", "tourism", "lvfa"),
    ("楚雄州妇幼保健院迁建工程", "chuxiong", "building", "weiji"),
    ("大姚县人民医院住院综合楼", "dayao", "building", "weiji"),
    ("武定县生活垃圾焚烧发电厂", "wuding", "municipal", "zhujian"),
    ("楚雄彝人古镇三期", "chuxiong", "tourism", "lvfa"),
    ("元谋县干热河谷生态治理工程", "yuanmou", "forest", "linye"),
    ("姚安县工业园区标准厂房", "yaoan", "park", "gongxin"),
    ("南华县城综合客运站", "nanhua", "building", "jiaotong"),
    ("牟定县城乡电网改造工程", "mouding", "energy", "nengyuan"),
    ("楚雄州公共实训基地", "chuxiong", "building", "jiaoyu"),
    ("永仁县方山景区提升工程", "yongren", "tourism", "lvfa"),
    ("双柏县城至大麦地二级公路", "shuangbai", "road", "jiaotong"),
    ("禄丰县勤丰新型城镇化示范区", "lufeng", "housing", _gov("lufeng")),
    ("武定县高桥工业片区", "wuding", "park", _gov("wuding")),
    ("大姚县核桃精深加工产业园", "dayao", "agri", "linye"),
    ("楚雄开发区综合物流园", "kaifaqu", "trade", "shangwu"),
    ("楚雄州档案馆新馆", "chuxiong", "building", "zhujian"),
    ("元谋县城东片区路网工程", "yuanmou", "road", _gov("yuanmou")),
]
ENTERING = ("楚雄开发区新能源汽车零部件产业园", "kaifaqu", "industry", "gongxin")
ENTERING_ON = dt.date(2015, 6, 15)
PRELIMINARY = [
    ("楚雄至昆明城际铁路楚雄段", "chuxiong", "rail", "fgw"),
    ("楚雄民用机场", "chuxiong", "airport", "fgw"),
    ("元谋至双柏高速公路", "yuanmou", "highway", "jiaotong"),
    ("南华至景东高速公路楚雄段", "nanhua", "highway", "jiaotong"),
    ("滇中引水楚雄配套工程", "chuxiong", "water", "shuiwu"),
    ("大姚县蜻蛉河水库扩建工程", "dayao", "water", "shuiwu"),
    ("武定县己衣大裂谷旅游开发", "wuding", "tourism", "lvfa"),
    ("楚雄州第二人民医院", "chuxiong", "building", "weiji"),
    ("楚雄州职业教育园区", "chuxiong", "building", "jiaoyu"),
    ("禄丰县石化配套产业园", "lufeng", "park", "gongxin"),
    ("永仁县抽水蓄能电站", "yongren", "energy", "nengyuan"),
    ("姚安县风电场二期", "yaoan", "energy", "nengyuan"),
    ("南华县城市综合体", "nanhua", "housing", _gov("nanhua")),
    ("双柏县恐龙河保护区生态旅游", "shuangbai", "tourism", "linye"),
    ("元谋县现代农业示范园", "yuanmou", "agri", "nongye"),
    ("楚雄开发区天然气分布式能源站", "kaifaqu", "energy", "nengyuan"),
    ("楚雄市生活垃圾焚烧发电厂", "chuxiong", "municipal", "zhujian"),
    ("大姚县铜矿资源综合利用项目", "dayao", "industry", "gongxin"),
    ("武定县城污水处理厂二期", "wuding", "municipal", "huanbao"),
    ("楚雄州图书馆新馆", "chuxiong", "building", "jiaoyu"),
    ("牟定县城北新区", "mouding", "housing", _gov("mouding")),
    ("禄丰县罗川至广通公路", "lufeng", "road", "jiaotong"),
    ("姚安县城乡一体化供水工程", "yaoan", "water", "shuiwu"),
    ("永仁县城地下管网改造", "yongren", "municipal", _gov("yongren")),
    ("楚雄州养老服务中心", "chuxiong", "building", "weiji"),
    ("元谋县金沙江大桥", "yuanmou", "road", "jiaotong"),
    ("双柏县查姆湖旅游度假区", "shuangbai", "tourism", "lvfa"),
    ("楚雄州现代物流园区", "chuxiong", "trade", "shangwu"),
    ("大姚县城市棚户区改造", "dayao", "housing", "zhujian"),
    ("南华县林产品加工园", "nanhua", "forest", "linye"),
]

# total investment range (万元) per type
TOTAL_RANGE = {
    "highway": (600000, 1500000), "road": (30000, 150000), "water": (20000, 150000),
    "building": (15000, 90000), "park": (40000, 200000), "industry": (50000, 300000),
    "energy": (30000, 400000), "tourism": (20000, 200000), "municipal": (10000, 60000),
    "housing": (30000, 200000), "trade": (15000, 80000), "agri": (10000, 60000), "forest": (10000, 80000),
    "rail": (1500000, 3000000), "airport": (150000, 300000),
}
CONTENT = {
    "highway": "全长{km}公里，按双向四车道高速公路标准建设，设计速度80公里/小时，设桥梁{n}座、隧道{m}座",
    "road": "建设道路{km}公里（含桥涵及交叉工程），配套建设排水、照明、绿化等附属设施",
    "water": "建设水源工程及配套输水管渠{km}公里，新增供水能力{n}万立方米/日",
    "building": "总建筑面积{area}平方米，建设主体建筑及配套附属设施、室外工程",
    "park": "平整场地{mu}亩，建设园区道路、供排水、供电等基础设施及标准厂房{area}平方米",
    "industry": "建设生产线{n}条及配套公辅设施，达产后年产值约{m}亿元",
    "energy": "建设装机容量{n}兆瓦，配套建设升压站及送出线路{km}公里",
    "tourism": "建设游客服务中心、景区道路{km}公里、停车场及游步道等设施，提升景区接待能力",
    "municipal": "建设处理规模{n}万吨/日的处理设施及配套管网{km}公里",
    "housing": "改造棚户区{n}户，建设安置住房{area}平方米及配套基础设施",
    "trade": "建设交易、仓储、冷链及配套用房，总建筑面积{area}平方米",
    "agri": "建设高标准农田、节水灌溉及农产品加工设施，覆盖面积{mu}亩",
    "forest": "建设储备林、生态修复及林产品加工设施，面积{mu}亩",
    "rail": "线路全长{km}公里，设站{n}座，开展预可研、可研及用地预审等前期工作",
    "airport": "按4C级支线机场标准建设2600米跑道、航站楼及配套设施",
}
OWNER_PREFIXES = (
    "紫溪", "龙川", "蜻蛉", "化佛", "方山", "狮山", "峨碌", "哀牢", "礼社", "星宿", "鹿城", "金沙", "白竹",
    "雁塔", "石羊", "九台", "乌龙", "插甸", "勤丰", "黑井", "碧城", "龙泉", "万德", "妥甸", "猫街", "中和",
)
OWNER_SUFFIX = {
    "highway": "高速公路投资开发有限公司", "road": "交通建设投资有限公司", "water": "水务投资开发有限公司",
    "building": "城市建设投资有限公司", "park": "园区开发投资有限公司", "industry": "实业股份有限公司",
    "energy": "新能源开发有限公司", "tourism": "文化旅游开发有限公司", "municipal": "环境工程有限公司",
    "housing": "城乡建设开发有限公司", "trade": "商贸物流有限公司", "agri": "农业开发有限公司",
    "forest": "林业开发有限公司", "rail": "城际铁路投资有限公司", "airport": "机场投资建设有限公司",
}
UC_MILESTONES = {
    "highway": ("路基土石方完成年度计划60%", "主线桥梁下部结构完成70%"),
    "road": ("完成路基工程", "完成路面基层"),
    "water": ("导流工程完工", "大坝填筑至年度设计高程"),
    "building": ("主体结构封顶", "完成二次结构及外立面"),
    "park": ("完成场地平整", "完成园区主干道路"),
    "industry": ("主要设备到场", "生产线安装完成"),
    "energy": ("完成设备基础施工", "完成主要设备安装"),
    "tourism": ("游客服务中心主体完工", "景区道路完工"),
    "municipal": ("主体构筑物完工", "配套管网完成70%"),
    "housing": ("完成征收补偿协议签订", "安置房主体完工"),
    "trade": ("主体结构封顶", "完成设备安装"),
    "agri": ("完成田间工程", "完成加工车间主体"),
    "forest": ("完成造林整地", "完成年度造林任务"),
}
STAGE_TEXT = {
    "highway": ("路基土石方及桥涵施工有序推进", "主线桥梁下部结构施工", "隧道掘进及路面工程准备"),
    "road": ("路基施工", "路面基层施工", "附属工程施工"),
    "water": ("导流及基础开挖", "坝体填筑", "输水管道铺设"),
    "building": ("基础施工", "主体结构施工", "二次结构及装饰装修"),
    "park": ("场地平整", "园区道路及管网施工", "标准厂房建设"),
    "industry": ("厂房土建", "设备采购安装", "单机调试"),
    "energy": ("设备基础施工", "设备安装", "升压站及送出线路施工"),
    "tourism": ("景区道路施工", "游客服务中心建设", "景观及配套设施建设"),
    "municipal": ("构筑物施工", "配套管网铺设", "设备安装调试"),
    "housing": ("征收补偿", "安置房建设", "配套基础设施建设"),
    "trade": ("基础施工", "主体结构施工", "设备安装"),
    "agri": ("田间工程", "节水灌溉设施安装", "加工设施建设"),
    "forest": ("整地造林", "抚育管护", "林产品加工设施建设"),
}
PRELIM_STEPS = [
    ("approval", "项目建议书批复（立项）"),
    ("site_selection", "取得规划选址意见书"),
    ("land_pre_review", "取得用地预审意见"),
    ("eia", "取得环境影响评价批复"),
    ("feasibility", "可行性研究报告批复"),
    ("preliminary_design", "初步设计批复"),
    ("construction_permit", "取得施工许可"),
]
# category -> (summary, measures, unit it may be escalated to; None: the county government)
PROBLEM_TEXT: dict[str, list[tuple[str, str, str | None]]] = {
    "land": [("项目建设用地指标不足，部分地块农用地转用尚未获批", "已组卷上报省国土资源厅，积极争取年度用地指标", "guotu"),
             ("部分地块土地权属存在争议，影响用地报批", "县市国土部门会同乡镇开展权属调查", "guotu")],
    "relocation": [("沿线少数群众对征地补偿标准有异议，影响施工进场", "组织工作组入户宣传政策，逐户协商", None),
                   ("坟墓及电力杆线迁改未完成，影响工作面移交", "县市政府牵头制定迁改方案，限期完成", None)],
    "funding": [("项目资本金到位不足，银行贷款尚未落实", "积极对接政策性银行，争取专项建设基金", "caizheng"),
                ("上级补助资金尚未下达，施工单位垫资压力大", "加强与省级部门汇报衔接，争取资金尽快下达", "fgw")],
    "approval": [("可研批复尚未取得，影响后续手续办理", "加快报告修改完善，争取尽快报批", "fgw"),
                 ("施工许可办理进度滞后", "实行并联审批，加快办理", "zhujian")],
    "planning": [("项目选址与城市总体规划存在局部冲突", "开展规划调整论证，按程序报批", "zhujian")],
    "environment": [("项目涉及使用林地，林地审批手续尚未办结", "已报省林业厅审核，加强跟踪对接", "linye"),
                    ("环评报告需补充水土保持方案", "委托编制单位加快补充完善", "huanbao")],
    "utilities": [("施工用电线路未接通，影响施工进场", "协调供电部门加快线路架设", "nengyuan"),
                  ("施工用水管网未接通，影响施工准备", "协调水务部门架设临时供水管道", "shuiwu")],
    "other": [("受雨季影响，部分工作面施工进度缓慢", "合理安排工序，雨季过后加大投入抢抓进度", None),
              ("施工单位人员、设备投入不足", "约谈施工单位，督促增加投入", None)],
}
CATEGORY_BY_TYPE = {
    "highway": ("land", "relocation", "funding", "environment"),
    "road": ("relocation", "land", "utilities"),
    "water": ("relocation", "environment", "funding"),
    "building": ("approval", "planning", "funding"),
    "park": ("land", "utilities", "funding"),
    "industry": ("funding", "utilities", "approval"),
    "energy": ("environment", "land", "utilities"),
    "tourism": ("land", "environment", "funding"),
    "municipal": ("approval", "funding", "utilities"),
    "housing": ("relocation", "funding", "planning"),
    "trade": ("funding", "approval", "land"),
    "agri": ("land", "funding", "other"),
    "forest": ("environment", "funding", "other"),
    "rail": ("approval", "planning", "funding"),
    "airport": ("approval", "land", "environment"),
}
SEASON = {1: 0.05, 2: 0.10, 3: 0.18, 4: 0.27, 5: 0.37, 6: 0.47, 7: 0.56, 8: 0.65, 9: 0.74}


# --- working structures ------------------------------------------------------------------------------------------


@dataclass
class Project:
    id: str
    name: str
    category: str
    county: str
    type: str
    lead: str
    leader_post: str = ""
    co_units: list[str] = field(default_factory=list)
    owner: str = ""
    content: str = ""
    total: Decimal = Decimal(0)
    annual: Decimal = Decimal(0)
    before_year: Decimal = Decimal(0)  # invested before 2015 (under construction)
    places: int = 0  # decimals used in this project's figures
    perf: float = 1.0  # share of the 序时 plan actually achieved
    progress_target: str = ""
    funding: list[dict[str, Any]] = field(default_factory=list)
    milestones: list[dict[str, Any]] = field(default_factory=list)
    start_planned: dt.date | None = None
    start_actual: dt.date | None = None
    completion_planned: dt.date | None = None
    completion_actual: dt.date | None = None
    production_planned: dt.date | None = None
    production_actual: dt.date | None = None
    county_leader: dict[str, str] | None = None
    county_leader_note: str | None = None
    responsible_person: dict[str, str] = field(default_factory=dict)
    team: list[dict[str, str]] = field(default_factory=list)
    action_due: dt.date = ACTION_PLAN_DUE
    action_submitted: dt.date = ACTION_PLAN_DUE
    entered: dt.date = dt.date(YEAR, 1, 1)
    exited: tuple[dt.date, str] | None = None
    listed_supervision: dict[str, Any] | None = None
    location: tuple[Decimal, Decimal] | None = None
    internal_notes: str | None = None

    def listed_on(self, day: dt.date) -> bool:
        return self.entered <= day and (self.exited is None or day < self.exited[0])

    def owed_months(self) -> list[tuple[int, int]]:
        return [m for m in REPORT_MONTHS if self.listed_on(_month_end(*m))]

    def cadence_span(self) -> tuple[dt.date, dt.date] | None:
        if self.category == "preliminary":
            return None
        last = AS_OF if self.exited is None else min(AS_OF, self.exited[0] - ONE_DAY)
        return max(self.entered, SPAN_START), last

    def state(self, day: dt.date) -> str:
        if self.start_actual is not None and self.start_actual <= day:
            return "started"
        if self.start_planned is not None and (self.start_planned - day).days <= ABOUT_TO_START_DAYS:
            return "about"
        return "urging"


@dataclass
class Problem:
    project: str
    id: str
    category: str
    summary: str
    measures: str
    first: tuple[int, int]
    escalated_to: str | None = None
    escalated_on: dt.date | None = None
    answer: dict[str, Any] | None = None
    escalations: list[dict[str, Any]] = field(default_factory=list)
    closed: dict[str, Any] | None = None
    public: bool = True
    suggested_unit: str | None = None  # where this kind of problem is usually escalated


@dataclass
class ReportPlan:
    project: str
    month: tuple[int, int]
    submitted_on: dt.date
    verified_on: dt.date
    channel: str
    visit: bool = True
    adjusted: bool = False
    correction: bool = False


@dataclass
class Dispatch:
    date: dt.date
    kind: str
    chaired_by: str
    projects: list[str]
    summary: str
    covers: tuple[dt.date, dt.date] | None = None
    decisions: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    stem: str = ""


KIND_ORDER = {"coordination": 0, "inspection": 1, "scheduling": 2, "urging": 3}


# --- the builder -------------------------------------------------------------------------------------------------


class _Demo:
    """Builds the portfolio in memory, planting anomalies and recording each one as it is planted."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.planted: list[dict[str, Any]] = []
        self.units: list[dict[str, Any]] = []
        self.unit_short: dict[str, str] = {}
        self.unit_kind: dict[str, str] = {}
        self.projects: list[Project] = []
        self.by_id: dict[str, Project] = {}
        self.roles: dict[str, Any] = {}
        self.reports: dict[tuple[str, tuple[int, int]], ReportPlan] = {}
        self.problems: list[Problem] = []
        self.dispatches: list[Dispatch] = []
        self.briefings: list[dict[str, Any]] = []
        self._phone = 0

    def rng(self, topic: str) -> random.Random:
        return random.Random(f"{self.seed}/{topic}")

    def plant(self, kind: str, project: str | None, ref: str, unit: str, due: dt.date,
              done_on: dt.date | None) -> None:
        assert done_on is None or due < done_on <= AS_OF, (kind, project, ref)
        assert done_on is not None or due < AS_OF, (kind, project, ref)
        self.planted.append({"kind": kind, "project": project, "ref": ref, "unit": unit,
                             "due": due, "done_on": done_on})

    # -- organisation

    def build_org(self) -> None:
        for uid, name, short in DEPARTMENTS:
            self.units.append({"id": uid, "name": name, "short_name": short, "kind": "prefecture_dept",
                               "county": None, "github_team": f"{GITHUB_ORG}/{uid}"})
        for cid, _, _ in COUNTIES:
            name, short = _gov_name(cid)
            self.units.append({"id": _gov(cid), "name": name, "short_name": short, "kind": "county_gov",
                               "county": cid, "github_team": f"{GITHUB_ORG}/{cid}"})
        for uid, name, short, kind in OFFICES:
            self.units.append({"id": uid, "name": name, "short_name": short, "kind": kind,
                               "county": None, "github_team": f"{GITHUB_ORG}/{uid}"})
        for uid, name, short in ENTERPRISES:
            self.units.append({"id": uid, "name": name, "short_name": short, "kind": "enterprise",
                               "county": None, "github_team": None})
        for uid, name, short in OTHER_UNITS:
            self.units.append({"id": uid, "name": name, "short_name": short, "kind": "other",
                               "county": None, "github_team": None})
        self.unit_short = {u["id"]: u["short_name"] for u in self.units}
        self.unit_kind = {u["id"]: u["kind"] for u in self.units}

    def holder_on(self, post: str, day: dt.date) -> str | None:
        for pid, _, holders in POSTS:
            if pid == post:
                for name, start, end in holders:
                    if dt.date.fromisoformat(start) <= day and (end is None or day <= dt.date.fromisoformat(end)):
                        return name
        return None

    # -- projects

    def person(self, rng: random.Random) -> str:
        return f"{rng.choice(SURNAMES)}某某"

    def phone(self) -> str:
        self._phone += 1
        return f"138-0000-{self._phone:04d}"

    def build_projects(self) -> None:
        rng = self.rng("projects")
        catalogue = (
            [("under_construction", f"{YEAR}-zj-{i:02d}", spec) for i, spec in enumerate(UNDER_CONSTRUCTION, 1)]
            + [("new_start", f"{YEAR}-xkg-{i:02d}", spec) for i, spec in enumerate(NEW_START, 1)]
            + [("new_start", f"{YEAR}-xkg-{len(NEW_START) + 1:02d}", ENTERING)]
            + [("preliminary", f"{YEAR}-qq-{i:02d}", spec) for i, spec in enumerate(PRELIMINARY, 1)]
        )
        for category, pid, (name, county, ptype, lead) in catalogue:
            p = Project(id=pid, name=name, category=category, county=county, type=ptype, lead=lead)
            p.leader_post = LEADER_BY_LEAD.get(lead, "changwu-fuzhouzhang")
            if ptype == "highway" and category != "preliminary":
                p.leader_post = "zhouzhang" if pid.endswith("-01") else "fuzhouzhang-chengjian"
            co = {_gov(county)} if lead != _gov(county) else set()
            related = {"highway": ["guotu", "linye", "ziqi-jiaotou"], "road": ["guotu", "zhujian"],
                       "water": ["guotu", "linye", "longchuan-shuitou"], "energy": ["linye", "huanbao"],
                       "park": ["gongxin", "guotu"], "industry": ["huanbao", "guotu"],
                       "municipal": ["huanbao", "zhujian"], "housing": ["guotu", "caizheng"]}
            extra = [u for u in related.get(ptype, ["fgw", "caizheng"]) if u != lead]
            co.update(rng.sample(extra, k=min(len(extra), rng.randint(1, 2))))
            p.co_units = sorted(co)
            lo, hi = TOTAL_RANGE[ptype]
            p.places = rng.choice((0, 0, 1, 2))
            p.total = _money(round(rng.uniform(lo, hi), -2 if hi > 100000 else -1), 0)
            if category == "under_construction":
                p.annual = _money(round(float(p.total) * rng.uniform(0.15, 0.32), -1), 0)
                p.before_year = _money(float(p.total) * rng.uniform(0.10, 0.45), p.places)
            elif category == "new_start":
                p.annual = _money(round(float(p.total) * rng.uniform(0.06, 0.2), -1), 0)
            else:
                p.annual = _money(round(min(float(p.total) * rng.uniform(0.002, 0.01), 3000), -1), 0)
            p.perf = rng.uniform(0.95, 1.18)
            p.owner = f"楚雄{rng.choice(OWNER_PREFIXES)}{OWNER_SUFFIX[ptype]}"
            p.content = CONTENT[ptype].format(
                km=rng.randint(8, 160) if ptype in ("highway", "rail") else rng.randint(3, 30),
                n=rng.randint(2, 60), m=rng.randint(2, 30), area=rng.randint(2, 40) * 5000,
                mu=rng.randint(3, 60) * 100)
            if rng.random() < 0.5:
                p.funding = self.funding(rng, p.total)
            p.county_leader = {"name": self.person(rng), "title": self.county_leader_title(county)}
            p.responsible_person = {"name": self.person(rng), "title": self.responsible_title(lead)}
            p.team = [{"name": self.person(rng), "role": role, "phone": self.phone()}
                      for role in ("组长", "副组长", "联络员")]
            lat, lon = next(c for cid, _, c in COUNTIES if cid == county)
            p.location = (_money(lat + rng.uniform(-0.05, 0.05), 4), _money(lon + rng.uniform(-0.05, 0.05), 4))
            p.action_submitted = rng.choice(_workdays(dt.date(2015, 2, 9), ACTION_PLAN_DUE))
            self.projects.append(p)
        self.by_id = {p.id: p for p in self.projects}
        for p in self.projects:
            if p.type == "highway" and p.category == "under_construction" and rng.random() < 0.7:
                p.county_leader = None
                p.county_leader_note = "线性工程跨多个县市，县市责任领导由沿线各县市分别明确，见推进行动方案"
        entering = self.by_id[f"{YEAR}-xkg-{len(NEW_START) + 1:02d}"]
        entering.entered = ENTERING_ON
        entering.action_due = ENTERING_ON + dt.timedelta(days=15)
        entering.action_submitted = dt.date(2015, 6, 26)
        self.roles["entering"] = entering.id

    def funding(self, rng: random.Random, total: Decimal) -> list[dict[str, Any]]:
        kinds = rng.sample(["central_budget", "local_special_bonds", "ppp", "bank_loan", "self_raised",
                            "local_fiscal"], k=3)
        first = _money(float(total) * rng.uniform(0.1, 0.3), 0)
        second = _money(float(total) * rng.uniform(0.2, 0.4), 0)
        return [{"kind": kinds[0], "amount": first}, {"kind": kinds[1], "amount": second},
                {"kind": kinds[2], "amount": total - first - second}]

    @staticmethod
    def county_leader_title(county: str) -> str:
        if county == "kaifaqu":
            return "楚雄开发区管委会副主任"
        return f"{COUNTY_NAME[county]}{'副市长' if county == 'chuxiong' else '副县长'}"

    def responsible_title(self, lead: str) -> str:
        if lead.startswith("gov-"):
            return self.county_leader_title(lead[4:])
        short = self.unit_short[lead]
        return f"{short}{'主任' if short.endswith('委') else '局长'}"

    # -- dates, milestones and the project-level plants

    def plan_dates(self) -> None:
        rng = self.rng("dates")
        uc = [p for p in self.projects if p.category == "under_construction"]
        ns = [p for p in self.projects if p.category == "new_start" and p.id != self.roles["entering"]]
        pq = [p for p in self.projects if p.category == "preliminary"]

        # under construction: started before 2015, on the planned day
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
        self.roles.update(late_production=late_production.id, completion_missed=completion_missed.id,
                          exited=exited.id, supervised=supervised.id, lagging=[p.id for p in lagging])

        late_production.completion_planned = dt.date(2015, 6, 20)
        late_production.completion_actual = dt.date(2015, 6, 18)
        late_production.production_planned = dt.date(2015, 6, 30)
        late_production.production_actual = dt.date(2015, 7, 21)
        self.plant("production", late_production.id, "production", late_production.lead,
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
        self.plant("completion", completion_missed.id, "completion", completion_missed.lead,
                   completion_missed.completion_planned, None)
        exited.exited = (dt.date(2015, 7, 1), "项目业主调整投资计划，建设内容和规模发生重大变化，"
                                               "经州重点项目办审核、州人民政府同意，中期退出督查")
        supervised.listed_supervision = {"on": dt.date(2015, 7, 20), "by": SUPERVISION_OFFICE, "lifted_on": None}
        for p in lagging:
            p.perf = rng.uniform(0.4, 0.58)
        for p in rng.sample([p for p in uc if p not in lagging], k=4):
            p.perf = rng.uniform(0.7, 0.82)  # behind, not yet red

        # new starts: planned start dates across the year
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
        self.plant("start", late_start.id, "start", late_start.lead, planned[late_start.id], late_start.start_actual)
        missed_start = next(p for p in on_time if p is not late_start and planned[p.id] >= dt.date(2015, 7, 1))
        missed_start.start_actual = None
        self.plant("start", missed_start.id, "start", missed_start.lead, planned[missed_start.id], None)
        self.roles.update(late_start=late_start.id, missed_start=missed_start.id,
                          not_started=sorted(p.id for p in [*later, missed_start]))
        # the annual plan of a new start counts land acquisition and preparation, so it follows the
        # same seasonal path; the troubled ones lag
        missed_start.perf = rng.uniform(0.35, 0.5)
        late_start.perf = rng.uniform(0.55, 0.7)
        for p in later:
            p.perf = rng.uniform(0.78, 0.95)
        for p in rng.sample([p for p in on_time if p not in (late_start, missed_start)], k=2):
            p.perf = rng.uniform(0.7, 0.82)
        entering = self.by_id[self.roles["entering"]]
        entering.start_planned = dt.date(2015, 8, 28)
        entering.start_actual = dt.date(2015, 8, 26)
        for p in [*ns, entering]:
            p.completion_planned = dt.date(rng.randint(2016, 2019), rng.choice((6, 12)), 30)
            if p.type in ("energy", "industry", "park", "municipal", "agri"):
                p.production_planned = p.completion_planned + dt.timedelta(days=rng.randint(30, 90))

        # preliminary: construction expected from 2016 (or not yet scheduled)
        for p in pq:
            p.perf = rng.uniform(0.8, 1.1)
            if rng.random() < 0.75:
                p.start_planned = dt.date(2016, rng.randint(3, 12), rng.randint(1, 28))
        zero = rng.choice(pq)
        zero.annual = Decimal(0)
        self.roles["zero_plan"] = zero.id

        self.plan_milestones(rng, uc, [*ns, entering], pq)
        for p in self.projects:
            self.progress_target(p)
            if rng.random() < 0.25:
                p.internal_notes = rng.choice([
                    "业主融资进度需重点关注，月报数据请稽察办重点核实。",
                    "施工总承包单位近期更换项目经理，需关注进度。",
                    "涉及群众信访件1件，县市政府正在处理。",
                    "州领导批示要求加快推进，督查室每周跟踪。",
                ])

    def plan_milestones(self, rng: random.Random, uc: list[Project], ns: list[Project],
                        pq: list[Project]) -> None:
        for p in uc:
            first, second = UC_MILESTONES[p.type]
            dues = [dt.date(2015, 6, 30), dt.date(2015, 9, 30), dt.date(2015, 12, 31)]
            names = [first, second, "完成年度投资计划"]
            if p.id == self.roles["completion_missed"]:
                names[1] = "主体工程完工"
                dues[1] = dt.date(2015, 8, 31)
            for name, due in zip(names, dues, strict=True):
                p.milestones.append({"name": name, "kind": None, "due": due, "done_on": self.done(rng, due)})
        for p in ns:
            start = p.start_planned
            assert start is not None
            construction = [("完成施工图设计审查", None, start - dt.timedelta(days=40)),
                            ("取得施工许可", "construction_permit", start - dt.timedelta(days=12)),
                            ("完成年度形象进度目标", None, dt.date(2015, 12, 31))]
            for name, kind, due in construction:
                if due >= dt.date(2015, 1, 10):
                    p.milestones.append({"name": name, "kind": kind, "due": due, "done_on": self.done(rng, due)})
        late_candidates, missed_candidates = [], []
        for p in pq:
            begin = rng.randint(0, 2)
            steps = PRELIM_STEPS[begin:begin + rng.randint(4, 5)]
            due = dt.date(2015, rng.randint(3, 4), rng.randint(1, 28))
            for kind, name in steps:
                p.milestones.append({"name": name, "kind": kind, "due": due, "done_on": self.done(rng, due)})
                due += dt.timedelta(days=rng.randint(40, 70))
            late_candidates += [(p, m) for m in p.milestones if dt.date(2015, 5, 1) <= m["due"] <= dt.date(2015, 7, 31)]
            missed_candidates += [(p, m) for m in p.milestones if dt.date(2015, 8, 1) <= m["due"] <= dt.date(2015, 9, 30)]
        late_p, late_m = rng.choice(late_candidates)
        late_m["done_on"] = late_m["due"] + dt.timedelta(days=rng.randint(8, 25))
        for m in late_p.milestones:  # a later step cannot be approved before this one
            if m["due"] > late_m["due"] and m["done_on"] is not None and m["done_on"] <= late_m["done_on"]:
                m["done_on"] = min(m["due"], late_m["done_on"] + dt.timedelta(days=3))
        self.plant("milestone", late_p.id, late_m["name"], late_p.lead, late_m["due"], late_m["done_on"])
        missed_candidates = [(p, m) for p, m in missed_candidates if p is not late_p
                             and all(x["due"] > AS_OF for x in p.milestones if x["due"] > m["due"])]
        missed_p, missed_m = rng.choice(missed_candidates)
        for m in missed_p.milestones:  # the overdue step holds up every later one
            if m["due"] >= missed_m["due"]:
                m["done_on"] = None
        self.plant("milestone", missed_p.id, missed_m["name"], missed_p.lead, missed_m["due"], None)
        self.roles.update(milestone_late=late_p.id, milestone_missed=missed_p.id)

    @staticmethod
    def done(rng: random.Random, due: dt.date) -> dt.date | None:
        """On time when due by the as-of date; a step due soon after it is sometimes already done."""
        if due <= AS_OF or (due <= AS_OF + dt.timedelta(days=40) and rng.random() < 0.3):
            day = min(due - dt.timedelta(days=rng.randint(0, 20)), AS_OF)
            return max(day, dt.date(2015, 1, 5))
        return None

    def progress_target(self, p: Project) -> None:
        if p.category == "under_construction":
            stage = STAGE_TEXT[p.type][-1]
            p.progress_target = f"完成年度投资{_fmt(p.annual)}万元，年底前基本完成{stage}"
            done = p.completion_planned
            if done is not None and done.year == YEAR:
                p.progress_target = f"完成年度投资{_fmt(p.annual)}万元，{done.month}月{done.day}日前建成竣工"
        elif p.category == "new_start":
            assert p.start_planned is not None
            p.progress_target = f"{p.start_planned.month}月{p.start_planned.day}日前开工建设，完成年度投资{_fmt(p.annual)}万元"
        else:
            last = p.milestones[-1]["name"] if p.milestones else "前期工作"
            p.progress_target = f"年内完成{last}等前期工作，具备开工条件"

    # -- the monthly report schedule

    def plan_reports(self) -> None:
        rng = self.rng("reports")
        for p in self.projects:
            for month in p.owed_months():
                y, m = month
                window = _workdays(_next_month_day(y, m, 1), _next_month_day(y, m, REPORT_DAY))
                submitted = rng.choice(window)
                if month == (2015, 9) and rng.random() < 0.15:
                    submitted = rng.choice((dt.date(2015, 9, 29), dt.date(2015, 9, 30)))
                verified = self.verify_day(rng, submitted, _next_month_day(y, m, VERIFICATION_DAY))
                channel = rng.choices(("email", "paper", "system"), weights=(6, 1, 3))[0]
                self.reports[(p.id, month)] = ReportPlan(p.id, month, submitted, verified, channel)

        uc = sorted((p for p in self.projects if p.category == "under_construction"
                     and p.exited is None), key=lambda p: p.id)
        busy = {self.roles["late_production"], self.roles["completion_missed"]}
        # exactly one missing report (its month has no site visit either)
        missing_p = rng.choice([p for p in uc if p.id not in busy])
        missing_m = (2015, rng.randint(4, 8))
        del self.reports[(missing_p.id, missing_m)]
        self.roles["missing_report"] = (missing_p.id, missing_m)
        y, m = missing_m
        self.plant("report", missing_p.id, _period(missing_m), missing_p.lead,
                   _next_month_day(y, m, REPORT_DAY), None)
        self.plant("site-visit", missing_p.id, _period(missing_m), missing_p.lead, _month_end(y, m), None)

        # a few late reports, still verified by the 12th
        pool = [key for key in sorted(self.reports) if key[0] != missing_p.id and key[1] <= (2015, 8)]
        late = rng.sample(pool, k=3)
        for key in late:
            y, m = key[1]
            options = [d for d in _workdays(_next_month_day(y, m, REPORT_DAY + 1), _next_month_day(y, m, 11))
                       if _workdays(d, _next_month_day(y, m, VERIFICATION_DAY))]
            plan = self.reports[key]
            plan.submitted_on = rng.choice(options)
            plan.verified_on = rng.choice(_workdays(plan.submitted_on, _next_month_day(y, m, VERIFICATION_DAY)))
            p = self.by_id[key[0]]
            self.plant("report", p.id, _period(key[1]), p.lead, _next_month_day(y, m, REPORT_DAY), plan.submitted_on)
        pool = [key for key in pool if key not in late]
        # one verification after the 12th
        key = rng.choice(pool)
        y, m = key[1]
        plan = self.reports[key]
        plan.verified_on = rng.choice(_workdays(_next_month_day(y, m, 13), _next_month_day(y, m, 16)))
        self.plant("verification", key[0], _period(key[1]), INSPECTION_OFFICE,
                   _next_month_day(y, m, VERIFICATION_DAY), plan.verified_on)
        pool.remove(key)
        # one month without a site visit
        key = rng.choice(pool)
        self.reports[key].visit = False
        y, m = key[1]
        self.plant("site-visit", key[0], _period(key[1]), self.by_id[key[0]].lead, _month_end(y, m), None)
        pool.remove(key)
        # one figure cut by the inspection office (核减); the next month builds on it
        candidates = [k for k in pool if k[0] in {p.id for p in uc} and (2015, 4) <= k[1] <= (2015, 7)
                      and k[0] not in self.roles["lagging"]]
        key = rng.choice(candidates)
        self.reports[key].adjusted = True
        self.roles["adjusted"] = key
        pool.remove(key)
        # one later correction of a verified report
        key = rng.choice([k for k in pool if k[1] <= (2015, 8)])
        self.reports[key].correction = True
        self.roles["correction"] = key

    @staticmethod
    def verify_day(rng: random.Random, submitted: dt.date, due: dt.date) -> dt.date:
        options = _workdays(submitted + ONE_DAY, min(due, submitted + dt.timedelta(days=5)))
        return rng.choice(options) if options else submitted

    def report_of(self, pid: str, on_or_after: tuple[int, int]) -> ReportPlan | None:
        """The first existing report of the project for a month at or after the given one."""
        for month in REPORT_MONTHS:
            if month >= on_or_after and (pid, month) in self.reports:
                return self.reports[(pid, month)]
        return None

    # -- action plans and briefings

    def plan_action_plans(self) -> None:
        rng = self.rng("action-plans")
        p = rng.choice(sorted((p for p in self.projects if p.entered.year == YEAR and p.entered.month == 1),
                              key=lambda p: p.id))
        p.action_submitted = rng.choice(_workdays(dt.date(2015, 2, 25), dt.date(2015, 3, 6)))
        self.plant("action-plan", p.id, "action-plan", p.lead, p.action_due, p.action_submitted)

    def plan_briefings(self) -> None:
        rng = self.rng("briefings")
        for period in ("Q1", "Q2", "Q3"):
            due, end = BRIEFING_DUE[period], BRIEFING_END[period]
            units = sorted({p.lead for p in self.projects if p.listed_on(end)})
            late_unit = rng.choice(units) if period == "Q2" else None
            for unit in units:
                submitted = rng.choice(_workdays(due - dt.timedelta(days=7), due))
                if unit == late_unit:
                    submitted = rng.choice(_workdays(due + ONE_DAY, due + dt.timedelta(days=6)))
                    self.plant("briefing", None, f"{YEAR}-{period}", unit, due, submitted)
                quarter = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度"}[period]
                self.briefings.append({
                    "unit": unit, "period": f"{YEAR}-{period}", "submitted_on": submitted,
                    "title": f"{self.unit_short[unit]}关于{YEAR}年{quarter}“3个30”重点项目推进情况的报告",
                })

    # -- problems: carried month to month, escalated, answered, closed

    def plan_problems(self) -> None:
        rng = self.rng("problems")
        skip = {self.roles["exited"], self.roles["entering"], self.roles["missing_report"][0]}
        pool = sorted((p for p in self.projects if p.id not in skip and p.completion_actual is None),
                      key=lambda p: p.id)
        counters: dict[str, int] = {}

        def new(p: Project, first: tuple[int, int], category: str | None = None) -> Problem:
            category = category or rng.choice(CATEGORY_BY_TYPE[p.type])
            summary, measures, unit = rng.choice(PROBLEM_TEXT[category])
            counters[p.id] = counters.get(p.id, 0) + 1
            problem = Problem(p.id, f"p{counters[p.id]:02d}", category, summary, measures, first)
            problem.suggested_unit = unit
            problem.public = rng.random() < 0.88
            self.problems.append(problem)
            return problem

        def target(p: Project, problem: Problem) -> str:
            unit = problem.suggested_unit or _gov(p.county)
            if unit == p.lead:
                unit = "fgw" if p.lead != "fgw" else "caizheng"
            return unit

        def escalate(problem: Problem, on: dt.date, answered: dt.date, promised: dt.date) -> None:
            p = self.by_id[problem.project]
            problem.escalated_to = target(p, problem)
            problem.escalated_on = on
            problem.answer = {"on": answered, "by": problem.escalated_to,
                              "content": f"{self.unit_short[problem.escalated_to]}已研究提出解决方案：{problem.measures}，"
                                         f"计划于{promised.month}月{promised.day}日前办结",
                              "promised_by": promised}

        def close(problem: Problem, first_day: dt.date, last_day: dt.date) -> None:
            on = rng.choice(_workdays(first_day, last_day) or list(_days(first_day, last_day)))
            problem.closed = {"by": rng.choice(CLOSERS), "on": on}

        # the planted ones first, on distinct projects
        picks = rng.sample([p for p in pool if p.category != "preliminary" and (p.id, (2015, 9)) in self.reports
                            and p.id not in self.roles["not_started"]], k=5)
        late_answer_p, broken_p, feb_p, national_day_p, meeting_p = picks
        # answered two days late: escalated on 09-02, due 09-09 (09-03..05 holidays, 09-06 a working Sunday)
        pr = new(late_answer_p, (2015, 9), "land")
        escalate(pr, dt.date(2015, 9, 2), dt.date(2015, 9, 11), dt.date(2015, 11, 30))
        assert pr.escalated_to is not None and pr.answer is not None
        self.plant("answer", pr.project, pr.id, pr.escalated_to,
                   add_working_days(dt.date(2015, 9, 2), ANSWER_WORKING_DAYS), pr.answer["on"])
        # a broken promise: answered in time, still open after promised_by
        pr = new(broken_p, (2015, 6), "funding")
        escalate(pr, dt.date(2015, 6, 10), dt.date(2015, 6, 15), dt.date(2015, 8, 31))
        assert pr.escalated_to is not None
        self.plant("promise", pr.project, pr.id, pr.escalated_to, dt.date(2015, 8, 31), None)
        # answered in time only because of the Spring Festival: 02-13 + 4 working days is 02-25
        pr = new(feb_p, (2015, 2))
        escalate(pr, dt.date(2015, 2, 13), dt.date(2015, 2, 25), dt.date(2015, 4, 30))
        close(pr, dt.date(2015, 3, 20), dt.date(2015, 4, 30))
        # answered in time across National Day: 09-25 + 4 working days is 10-08
        pr = new(national_day_p, (2015, 9))
        escalate(pr, dt.date(2015, 9, 25), dt.date(2015, 10, 8), dt.date(2015, 12, 15))
        sept = self.reports[(national_day_p.id, (2015, 9))]
        sept.submitted_on = dt.date(2015, 10, 8)
        sept.verified_on = max(sept.verified_on, dt.date(2015, 10, 9))
        # a problem taken to a coordination meeting and closed after it
        pr = new(meeting_p, (2015, 7), "relocation")
        pr.escalations.append({"level": "coordination_meeting", "to": meeting_p.leader_post, "on": dt.date(2015, 7, 22)})
        close(pr, dt.date(2015, 9, 7), dt.date(2015, 9, 25))
        self.roles["meeting_problem"] = (meeting_p.id, pr.id)
        self.roles["problem_projects"] = [p.id for p in picks]

        # ordinary texture
        for p in rng.sample([p for p in pool if p not in picks], k=22):
            months = [m for m in p.owed_months() if (p.id, m) in self.reports]
            for _ in range(rng.choice((1, 1, 2))):
                first = rng.choice(months)
                pr = new(p, first)
                fy, fm = first
                fate = rng.random()
                if fate < 0.45:
                    on = rng.choice(_workdays(dt.date(fy, fm, 3), dt.date(fy, fm, 22)))
                    due = add_working_days(on, ANSWER_WORKING_DAYS)
                    answered = rng.choice(_workdays(on + ONE_DAY, due))
                    if first == (2015, 9):
                        promised = dt.date(2015, rng.randint(11, 12), rng.randint(1, 28))
                    else:
                        promised = answered + dt.timedelta(days=rng.randint(20, 75))
                    last_close = min(promised, dt.date(2015, 9, 30))
                    if promised <= AS_OF + dt.timedelta(days=UPCOMING_DAYS) and answered + dt.timedelta(days=3) > last_close:
                        promised = dt.date(2015, 11, 30)
                    escalate(pr, on, answered, promised)
                    if promised <= AS_OF + dt.timedelta(days=UPCOMING_DAYS) or (
                            rng.random() < 0.4 and answered + dt.timedelta(days=3) <= last_close):
                        close(pr, answered + dt.timedelta(days=3), last_close)
                elif fate < 0.8 and first < (2015, 9):
                    close(pr, dt.date(fy, fm, 10), dt.date(2015, 9, 30))

    # -- coordination meetings and inspections

    def plan_meetings(self) -> None:
        rng = self.rng("meetings")
        reserved = set(self.roles.get("cadence_reserved", ()))
        live = [p for p in self.projects if p.id not in reserved and p.exited is None
                and p.id != self.roles["entering"]]

        def pick(pred: Any, k: int) -> list[str]:
            ids = sorted(p.id for p in live if pred(p))
            return sorted(rng.sample(ids, k=min(k, len(ids))))

        def decision(n: int, content: str, unit: str, due: dt.date, done: dt.date | None) -> dict[str, Any]:
            return {"id": f"d{n:02d}", "content": content, "unit": unit, "due": due, "done_on": done}

        def done_by(due: dt.date) -> dt.date | None:
            if due > AS_OF:
                return None
            return rng.choice(_workdays(due - dt.timedelta(days=10), due))

        highways = pick(lambda p: p.type == "highway", 5)
        d1 = dt.date(2015, 3, 20)
        self.dispatches.append(Dispatch(
            d1, "coordination", "zhouzhang", highways,
            "州长主持召开全州“3个30”重点项目推进会，研究高速公路项目用地报批、资金筹措和征地拆迁问题。",
            decisions=[
                decision(1, "州国土资源局牵头，加快高速公路项目剩余用地组卷报批", "guotu", dt.date(2015, 4, 30),
                         done_by(dt.date(2015, 4, 30))),
                decision(2, "州财政局统筹安排高速公路项目前期工作经费", "caizheng", dt.date(2015, 4, 15),
                         done_by(dt.date(2015, 4, 15))),
                decision(3, "州交通运输局制定高速公路项目倒排工期计划并报州政府督查室备案", "jiaotong",
                         dt.date(2015, 4, 10), done_by(dt.date(2015, 4, 10))),
            ]))
        ns = pick(lambda p: p.category == "new_start" and p.start_planned is not None
                  and dt.date(2015, 5, 20) <= p.start_planned <= dt.date(2015, 9, 30), 6)
        d2 = dt.date(2015, 5, 15)
        self.dispatches.append(Dispatch(
            d2, "coordination", "changwu-fuzhouzhang", ns,
            "常务副州长主持召开计划新开工项目推进会，逐项研究开工条件，明确开工时限。",
            decisions=[
                decision(1, "各责任单位对照开工条件清单，逐项销号推进", "fgw", dt.date(2015, 6, 15),
                         done_by(dt.date(2015, 6, 15))),
                decision(2, "州住建局对列入计划的新开工项目开通施工许可绿色通道", "zhujian", dt.date(2015, 5, 31),
                         done_by(dt.date(2015, 5, 31))),
            ]))
        meeting_pid, problem_id = self.roles["meeting_problem"]
        mp = self.by_id[meeting_pid]
        d3 = dt.date(2015, 7, 24)
        assert self.holder_on(mp.leader_post, d3) is not None
        self.dispatches.append(Dispatch(
            d3, "coordination", mp.leader_post, [mp.id],
            f"州责任领导主持召开{mp.name}征地拆迁专题协调会，研究解决存在问题（问题编号{problem_id}）。",
            decisions=[
                decision(1, "所在县市政府组织工作组入户协商，完成剩余征地拆迁", _gov(mp.county),
                         dt.date(2015, 8, 31), done_by(dt.date(2015, 8, 31))),
                decision(2, "州国土资源局指导完善征地补偿程序", "guotu", dt.date(2015, 8, 15),
                         done_by(dt.date(2015, 8, 15))),
            ]))
        urban = pick(lambda p: p.type in ("municipal", "housing", "road") and p.category != "preliminary", 5)
        d4 = dt.date(2015, 8, 20)
        missed_unit = rng.choice(("guotu", "zhujian", "caizheng"))
        self.dispatches.append(Dispatch(
            d4, "coordination", "fuzhouzhang-chengjian", urban,
            "分管副州长主持召开城建项目协调会，研究市政、棚改项目资金和用地问题。",
            decisions=[
                decision(1, "州财政局下达棚户区改造配套资金", "caizheng" if missed_unit != "caizheng" else "fgw",
                         dt.date(2015, 9, 10), done_by(dt.date(2015, 9, 10))),
                decision(2, f"{self.unit_short[missed_unit]}牵头完成项目用地、规划调整事项", missed_unit,
                         dt.date(2015, 9, 15), None),
                decision(3, "各项目业主制定雨季后抢工计划报州重点项目办", KEY_PROJECT_OFFICE,
                         dt.date(2015, 10, 31), None),
            ]))
        self.roles["missed_decision"] = (d4, "d02", missed_unit)
        social = pick(lambda p: p.type in ("building", "tourism"), 5)
        d5 = dt.date(2015, 9, 22)
        self.dispatches.append(Dispatch(
            d5, "coordination", "fuzhouzhang-wenjiao", social,
            "分管副州长主持召开教育、卫生、旅游项目协调会，研究第四季度推进措施。",
            decisions=[
                decision(1, "州旅发委督促景区项目业主完成年度投资计划", "lvfa", dt.date(2015, 12, 31), None),
                decision(2, "州卫计委完成医院项目设备采购方案审核", "weiji", dt.date(2015, 10, 25), None),
                decision(3, "州教育局协调学校项目建设用地移交", "jiaoyu", dt.date(2015, 10, 12),
                         done_by(dt.date(2015, 10, 12))),
            ]))

        # inspections: 州监察局 on integrity in May, the joint group on all five dimensions in August
        started_uc = sorted(p.id for p in live if p.category == "under_construction")
        first = rng.sample(started_uc, k=3)
        self.dispatches.append(Dispatch(
            dt.date(2015, 5, 12), "inspection", DISCIPLINE_OFFICE, first,
            "州监察局对重点项目招投标和资金管理开展廉政专项督查。",
            findings=[
                self.finding(1, first[0], "integrity", "招投标资料归档不完整", dt.date(2015, 6, 15),
                             dt.date(2015, 6, 10), public=True),
                self.finding(2, first[1], "integrity", "个别标段分包管理不规范，存在违规分包苗头",
                             dt.date(2015, 6, 30), dt.date(2015, 6, 26), public=False),
            ]))
        second = rng.sample(sorted(p.id for p in live if p.category != "preliminary"
                                   and (p.start_actual or AS_OF) <= dt.date(2015, 8, 1)), k=6)
        findings = [
            self.finding(1, second[0], "quality", "混凝土试块送检记录不全", dt.date(2015, 9, 15), dt.date(2015, 9, 11)),
            self.finding(2, second[1], "progress", "关键线路工程滞后于倒排工期计划", dt.date(2015, 9, 30), None),
            self.finding(3, second[2], "investment", "统计报表投资完成数据与计量支付凭证不一致", dt.date(2015, 10, 15),
                         dt.date(2015, 10, 13)),
            self.finding(4, second[3], "safety", "施工现场临边防护不到位", dt.date(2015, 9, 5), dt.date(2015, 8, 31)),
            self.finding(5, second[4], "integrity", "工程款支付审批手续不完善", dt.date(2015, 11, 30), None,
                         public=False),
            self.finding(6, second[5], "progress", "施工单位人员设备投入不足", dt.date(2015, 10, 31), None),
        ]
        self.dispatches.append(Dispatch(
            dt.date(2015, 8, 25), "inspection", SUPERVISION_OFFICE, second,
            "州政府督查室会同州重点项目稽察办组成联合督查组，对重点项目质量、进度、投资、安全、廉政情况开展集中督查。",
            findings=findings))
        self.roles["overdue_finding"] = (dt.date(2015, 8, 25), "f02", second[1])

    def finding(self, n: int, project: str, dimension: str, summary: str, rectify_by: dt.date,
                rectified_on: dt.date | None, public: bool = True) -> dict[str, Any]:
        closed = None
        if rectified_on is not None:
            closed = {"by": INSPECTION_OFFICE, "on": min(rectified_on + dt.timedelta(days=3), AS_OF)}
        return {"id": f"f{n:02d}", "project": project, "dimension": dimension, "summary": summary,
                "rectify_by": rectify_by, "rectified_on": rectified_on, "closed": closed, "public": public}

    # -- cadence: daily urging, ten-day and monthly scheduling

    def reserve_cadence_plants(self) -> None:
        """Choose the projects whose cadence gaps are planted, before meetings pick their projects."""
        rng = self.rng("cadence")
        uc = sorted(p.id for p in self.projects if p.category == "under_construction" and p.exited is None
                    and p.id not in self.roles["problem_projects"] and p.id != self.roles["missing_report"][0])
        gap_p = rng.choice(uc)
        urging_candidates = sorted(
            p.id for p in self.projects if p.category == "new_start" and p.entered.month == 1
            and p.start_planned is not None and p.start_planned >= dt.date(2015, 9, 1)
            and p.id not in self.roles["problem_projects"])
        urging_p = rng.choice(urging_candidates)
        self.roles["cadence_reserved"] = [gap_p, urging_p]

    def plan_cadence(self) -> None:
        rng = self.rng("cadence-plan")
        gap_pid, urging_pid = self.roles["cadence_reserved"]
        # the scheduling gap: the lead unit leaves the project off its dispatches for a while
        gap_from = dt.date(2015, rng.randint(4, 7), 1)
        gap_window = (gap_from, gap_from + dt.timedelta(days=rng.randint(35, 45)))
        contacts: dict[str, set[dt.date]] = {}
        any_dispatch: dict[str, set[dt.date]] = {}
        for d in self.dispatches:
            for pid in d.projects:
                any_dispatch.setdefault(pid, set()).add(d.date)
                if d.kind in ("scheduling", "coordination"):
                    contacts.setdefault(pid, set()).add(d.date)
        cadenced = [p for p in self.projects if p.cadence_span() is not None]
        # scheduling, per lead unit: hold a dispatch when some project's cadence is about to run out
        for unit in sorted({p.lead for p in cadenced}):
            projs = sorted((p for p in cadenced if p.lead == unit), key=lambda p: p.id)
            last: dict[str, dt.date] = {}
            previous: dict[str, str] = {}
            slack = {"about": rng.randint(0, 2), "started": rng.randint(0, 6)}
            for day in _days(SPAN_START, AS_OF):
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
                if not active or not is_workday(day):
                    continue
                following = next(d for d in _days(day + ONE_DAY, day + dt.timedelta(days=30)) if is_workday(d))
                suppressed = {pid for pid in active if pid == gap_pid and gap_window[0] <= day <= gap_window[1]}
                listed = [pid for pid in active if pid not in suppressed]
                deadline = {pid: last[pid] + dt.timedelta(days=ABOUT_INTERVAL_DAYS if st == "about"
                                                          else STARTED_INTERVAL_DAYS) for pid, st in active.items()}
                if listed and any(deadline[pid] < following or (deadline[pid] - day).days <= slack[active[pid]]
                                  for pid in listed):
                    self.dispatches.append(self.scheduling(day, unit, listed, active))
                    for pid in listed:
                        last[pid] = day
                        contacts.setdefault(pid, set()).add(day)
                        any_dispatch.setdefault(pid, set()).add(day)
                    slack = {"about": rng.randint(0, 2), "started": rng.randint(0, 6)}
        # the planted scheduling gap, read off the contacts actually made
        gp = self.by_id[gap_pid]
        dates = sorted(contacts[gap_pid] | {SPAN_START - ONE_DAY})
        gaps = [(a, b) for a, b in itertools.pairwise(dates) if (b - a).days > STARTED_INTERVAL_DAYS]
        assert len(gaps) == 1 and dates[-1] + dt.timedelta(days=STARTED_INTERVAL_DAYS) > AS_OF, gaps
        a, b = gaps[0]
        self.plant("cadence", gp.id, f"cadence-{a + dt.timedelta(days=STARTED_INTERVAL_DAYS)}", gp.lead,
                   a + dt.timedelta(days=STARTED_INTERVAL_DAYS), b)

        # urging: each county government's weekly log of its not-yet-started projects
        up = self.by_id[urging_pid]
        weeks = self.weeks()
        eligible = [w for w in weeks[1:-2] if all(up.state(d) == "urging" for d in _days(w[0], w[1] + ONE_DAY))
                    and not any(w[0] <= d <= w[1] for d in any_dispatch.get(urging_pid, ()))]
        skipped = rng.choice(eligible)
        for county in sorted({p.county for p in cadenced}):
            for first, last_day in weeks:
                pids = sorted(
                    p.id for p in cadenced if p.county == county
                    and any(p.cadence_span()[0] <= d <= p.cadence_span()[1] and p.state(d) == "urging"  # type: ignore[index]
                            for d in _days(first, last_day))
                    and not (p.id == urging_pid and (first, last_day) == skipped))
                if pids:
                    self.dispatches.append(Dispatch(
                        last_day, "urging", _gov(county), pids,
                        f"{_gov_name(county)[1]}重点项目办对未开工项目逐日跟踪督促，督促业主加快开工前期手续办理。",
                        covers=(first, last_day)))
        self.plant("cadence", up.id, f"cadence-{skipped[0]}", up.lead, skipped[0], skipped[1] + ONE_DAY)

    def scheduling(self, day: dt.date, unit: str, listed: list[str], states: dict[str, str]) -> Dispatch:
        about = [pid for pid in listed if states[pid] == "about"]
        if about:
            text = (f"{self.unit_short[unit]}召开重点项目调度会，调度即将开工项目{len(about)}个（十天一调度）"
                    f"的开工准备工作" + (f"和已开工项目{len(listed) - len(about)}个的推进情况。"
                                          if len(about) < len(listed) else "。"))
        else:
            text = f"{self.unit_short[unit]}召开已开工项目月度调度会（一月一调度），调度{len(listed)}个项目形象进度和投资完成情况。"
        return Dispatch(day, "scheduling", unit, listed, text)

    @staticmethod
    def weeks() -> list[tuple[dt.date, dt.date]]:
        """Logging spans: 02-01..02-08, then Monday to Sunday, the last one ending on the as-of date."""
        spans = [(SPAN_START, dt.date(2015, 2, 8))]
        monday = dt.date(2015, 2, 9)
        while monday <= AS_OF:
            spans.append((monday, min(monday + dt.timedelta(days=6), AS_OF)))
            monday += dt.timedelta(days=7)
        return spans

    def number_dispatches(self) -> None:
        self.dispatches.sort(key=lambda d: (d.date, KIND_ORDER[d.kind], d.chaired_by, d.projects))
        count: dict[dt.date, int] = {}
        for d in self.dispatches:
            count[d.date] = count.get(d.date, 0) + 1
            d.stem = f"{d.date.isoformat()}-{count[d.date]:02d}"
        day, did, unit = self.roles["missed_decision"]
        meeting = next(d for d in self.dispatches if d.date == day and d.kind == "coordination")
        decision = next(x for x in meeting.decisions if x["id"] == did)
        self.plant("decision", meeting.projects[0], f"{meeting.stem}/{did}", unit, decision["due"], None)
        day, fid, pid = self.roles["overdue_finding"]
        inspection = next(d for d in self.dispatches if d.date == day and d.kind == "inspection")
        finding = next(x for x in inspection.findings if x["id"] == fid)
        self.plant("finding", pid, f"{inspection.stem}/{fid}", self.by_id[pid].lead, finding["rectify_by"], None)

    # -- monthly reports

    def build_reports(self) -> dict[tuple[str, tuple[int, int]], dict[str, Any]]:
        rng = self.rng("report-content")
        out: dict[tuple[str, tuple[int, int]], dict[str, Any]] = {}
        problems_of: dict[str, list[Problem]] = {}
        for pr in self.problems:
            problems_of.setdefault(pr.project, []).append(pr)
        for p in self.projects:
            prev_eff = Decimal(0)  # the effective (verified) year-to-date of the last existing report
            prev_reported = Decimal(0)
            prev_funds = Decimal(0)
            prev_percent = 0
            skipped_before = False
            land_rate, house_rate = rng.randint(4, 12) * 25, rng.randint(5, 30) * 100  # per month, cumulative
            for month in p.owed_months():
                plan = self.reports.get((p.id, month))
                if plan is None:
                    skipped_before = True
                    continue
                y, m = month
                target = self.ytd_target(p, month, rng)
                ytd = max(target, prev_eff, prev_reported)
                month_inv = ytd - prev_eff
                funds = max(prev_funds, _money(float(ytd) * rng.uniform(0.85, 1.1), p.places))
                if p.annual > 0:
                    percent = round(float(ytd) / float(p.annual) * 100 * rng.uniform(0.95, 1.05))
                else:
                    done = sum(1 for ms in p.milestones if ms["done_on"] and ms["done_on"] <= _month_end(y, m))
                    percent = round(100 * done / max(len(p.milestones), 1))
                if not self.started_by(p, _month_end(y, m)) and p.category == "new_start":
                    percent = min(percent, 15)
                if p.completion_actual is not None and p.completion_actual <= _month_end(y, m):
                    percent = 100
                percent = min(100, max(prev_percent, percent))
                report: dict[str, Any] = {
                    "project": p.id, "period": _period(month), "submitted_on": plan.submitted_on,
                    "received": {"by": INSPECTION_OFFICE, "channel": plan.channel},
                    "investment": {"month": month_inv, "year_to_date": ytd},
                    "funds": {"year_to_date": funds},
                    "progress": {"summary": self.summary(p, month, ytd, percent, skipped_before), "percent": percent},
                }
                if p.category == "under_construction":
                    report["investment"]["since_start"] = p.before_year + ytd
                if p.type in ("highway", "road", "water", "housing") and p.category != "preliminary":
                    report["relocation"] = (f"累计完成征地{land_rate * m}亩，"
                                            f"拆迁房屋{house_rate * m}平方米，剩余征拆工作有序推进。")
                report["next_steps"] = self.next_steps(p, _month_end(y, m))
                problems = [self.problem_view(pr, month, plan.submitted_on)
                            for pr in problems_of.get(p.id, []) if self.shows(pr, month)]
                if problems:
                    report["problems"] = problems
                report["site_visits"] = []
                if plan.visit:
                    first = max(dt.date(y, m, 1), p.entered)
                    day = rng.choice(_workdays(first, min(_month_end(y, m), plan.submitted_on)))
                    visitors = [u for u in p.co_units if u in self.unit_kind and self.unit_kind[u] != "enterprise"]
                    by = rng.choice([p.lead, p.lead, _gov(p.county), *visitors])
                    report["site_visits"].append({"on": day, "by": by})
                verified: dict[str, Any] = {"by": INSPECTION_OFFICE, "on": plan.verified_on,
                                            "method": rng.choices(("desk", "site", "statistics"), weights=(6, 2, 2))[0],
                                            "result": "confirmed"}
                eff = ytd
                if plan.adjusted:
                    cut = max(_money(float(month_inv) * rng.uniform(0.1, 0.25), p.places), Decimal(1))
                    assert cut < month_inv, (p.id, month)
                    eff = ytd - cut
                    verified.update(method="site", result="adjusted", adjusted={  # only the figures that changed
                        "investment": {"month": month_inv - cut, "year_to_date": eff}},
                        note=f"经现场核查，部分已上报工程量尚未完成，本月完成投资核减{_fmt(cut)}万元。")
                report["verified"] = verified
                if plan.correction:
                    report["corrections"] = [{
                        "on": min(plan.verified_on + dt.timedelta(days=rng.randint(3, 9)), AS_OF),
                        "by": p.lead, "field": "/progress/percent", "from": min(percent + 5, 100), "to": percent,
                        "why": "形象进度填报口径有误，经稽察办核实后更正"}]
                    if report["corrections"][0]["from"] == percent:
                        report["corrections"][0]["from"] = percent - 5
                out[(p.id, month)] = report
                prev_eff, prev_reported, prev_funds, prev_percent = eff, ytd, funds, percent
                skipped_before = False
        return out

    @staticmethod
    def ytd_target(p: Project, month: tuple[int, int], rng: random.Random) -> Decimal:
        """Where the project's year-to-date stands: the seasonal plan times how well it is doing.

        A project completed within the year has its annual plan spread over the months up to completion."""
        share = SEASON[month[1]]
        if p.completion_actual is not None and p.completion_actual.year == YEAR:
            share = min(1.0, share / SEASON[p.completion_actual.month])
        return _money(float(p.annual) * share * p.perf * rng.uniform(0.97, 1.03), p.places)

    @staticmethod
    def started_by(p: Project, day: dt.date) -> bool:
        return p.start_actual is not None and p.start_actual <= day

    def summary(self, p: Project, month: tuple[int, int], ytd: Decimal, percent: int, catch_up: bool) -> str:
        end = _month_end(*month)
        if p.category == "preliminary":
            done = [ms["name"] for ms in p.milestones if ms["done_on"] and ms["done_on"] <= end]
            todo = [ms for ms in p.milestones if not (ms["done_on"] and ms["done_on"] <= end)]
            text = "前期工作有序推进" + (f"，已完成：{'、'.join(done[-2:])}" if done else "")
            if todo:
                text += f"；下一步：{todo[0]['name']}（期限{todo[0]['due'].month}月{todo[0]['due'].day}日）。"
            else:
                text += "；年度前期工作目标已完成。"
        elif not self.started_by(p, end):
            late = p.start_planned is not None and p.start_planned < end
            text = ("计划开工日期已过，" if late else "") + f"项目尚未开工，正在开展征地拆迁、施工图设计、招标等开工前准备工作，本年累计完成投资{_fmt(ytd)}万元。"
        elif p.production_actual is not None and p.production_actual <= end:
            text = f"项目已于{p.production_actual.month}月{p.production_actual.day}日建成投产，正在开展竣工验收和配套收尾工作，本年累计完成投资{_fmt(ytd)}万元。"
        elif p.completion_actual is not None and p.completion_actual <= end:
            text = f"项目已于{p.completion_actual.month}月{p.completion_actual.day}日竣工，正在开展竣工验收和配套收尾工作，本年累计完成投资{_fmt(ytd)}万元。"
        else:
            stages = STAGE_TEXT[p.type]
            stage = stages[min(len(stages) - 1, percent * len(stages) // 100)]
            text = f"{stage}，本年累计完成投资{_fmt(ytd)}万元，年度形象进度{percent}%。"
            if p.completion_planned is not None and p.completion_planned <= end:
                text += f"原计划{p.completion_planned.month}月{p.completion_planned.day}日竣工，目前尚未竣工。"
        if catch_up:
            text += "本月完成投资含上月未报送部分。"
        return text

    def next_steps(self, p: Project, day: dt.date) -> str:
        if p.category == "preliminary":
            return "加快推进前期手续办理，争取早日具备开工条件。"
        if not self.started_by(p, day):
            return "加快完善开工前各项手续，落实施工队伍和建设资金，确保按期开工。"
        if p.completion_actual is not None and p.completion_actual <= day:
            return "抓紧办理竣工验收和决算审计。"
        return "抢抓旱季施工黄金期，加大人员和机械投入，确保完成年度目标任务。"

    def shows(self, pr: Problem, month: tuple[int, int]) -> bool:
        if month < pr.first:
            return False
        if pr.closed is None:
            return True
        closing = self.report_of(pr.project, (pr.closed["on"].year, pr.closed["on"].month))
        assert closing is not None, pr
        return month <= closing.month

    def problem_view(self, pr: Problem, month: tuple[int, int], submitted: dt.date) -> dict[str, Any]:
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

    # -- assembling the files

    def build(self) -> dict[str, str]:
        self.build_org()
        self.build_projects()
        self.plan_dates()
        self.plan_reports()
        self.plan_action_plans()
        self.plan_briefings()
        self.plan_problems()
        self.reserve_cadence_plants()
        self.plan_meetings()
        self.plan_cadence()
        self.number_dispatches()
        reports = self.build_reports()
        self.check_problem_records(reports)

        files: dict[str, str] = {}
        files["data/config.yaml"] = _emit("data/config.yaml", "config", self.config())
        files["data/org/counties.yaml"] = _emit("data/org/counties.yaml", "counties",
                                                [{"id": c, "name": n} for c, n, _ in COUNTIES])
        files["data/org/units.yaml"] = _emit("data/org/units.yaml", "units", [self.unit_doc(u) for u in self.units])
        files["data/org/posts.yaml"] = _emit("data/org/posts.yaml", "posts", self.posts_doc())
        for p in self.projects:
            path = f"data/projects/{p.id}.yaml"
            files[path] = _emit(path, "project", self.project_doc(p))
        for (pid, month), report in sorted(reports.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            path = f"data/reports/{_period(month)}/{pid}.yaml"
            files[path] = _emit(path, "report", report)
        for b in self.briefings:
            path = f"data/briefings/{b['period']}/{b['unit']}.yaml"
            files[path] = _emit(path, "briefing", b)
        for d in self.dispatches:
            path = f"data/dispatches/{d.stem}.yaml"
            files[path] = _emit(path, "dispatch", self.dispatch_doc(d))
        planted = sorted(self.planted, key=lambda a: (a["kind"], a["project"] or "", a["ref"]))
        files[FIXTURE_PATH] = (
            "# Every anomaly generator/demo.py planted in the demo portfolio, as of 2015-10-20.\n"
            "# Written by `python -m generator demo`; do not edit by hand.\n"
            + dump_yaml(planted)
        )
        return dict(sorted(files.items()))

    def check_problem_records(self, reports: dict[tuple[str, tuple[int, int]], dict[str, Any]]) -> None:
        """Every escalation's answer and every promise's closing is recorded in some report."""
        for pr in self.problems:
            seen = [r for (pid, _), r in reports.items() if pid == pr.project]
            if pr.answer is not None:
                assert any("answer" in x for r in seen for x in r.get("problems", []) if x["id"] == pr.id), pr
            if pr.closed is not None:
                assert any("closed" in x for r in seen for x in r.get("problems", []) if x["id"] == pr.id), pr

    def config(self) -> dict[str, Any]:
        return {
            "demo": True,
            "as_of": AS_OF,
            "year": YEAR,
            "timezone": "Asia/Shanghai",
            "first_report_period": FIRST_REPORT_PERIOD,
            "max_file_bytes": 1048576,
            "shift_due_to_working_day": False,
            "upcoming_days": UPCOMING_DAYS,
            "deadlines": {
                "report_day": REPORT_DAY,
                "verification_day": VERIFICATION_DAY,
                "answer_working_days": ANSWER_WORKING_DAYS,
                "briefings": {"Q1": "04-15", "Q2": "07-15", "Q3": "10-15", "FY": "01-10"},
            },
            "cadence": {
                "about_to_start_days": ABOUT_TO_START_DAYS,
                "about_to_start_interval_days": ABOUT_INTERVAL_DAYS,
                "started_interval_days": STARTED_INTERVAL_DAYS,
            },
            "status": {"yellow_gap": 10, "red_gap": 30, "red_milestone_overdue_days": 30},
            "scoring": {"base": 100, "late_report": 2, "missing_report": 5, "late_answer": 2, "broken_promise": 3,
                        "briefing": 3, "missed_site_visit": 1, "overdue_finding": 3, "missed_decision": 2,
                        "red_share": 10},
            "calendar": [],
            "public_contact": {
                "name": "楚雄州人民政府督查室（演示数据）",
                "phone": "0878-0000000",
                "email": "ducha@example.org",
                "address": "楚雄市演示路1号（虚构地址）",
            },
            "open_data": {"license": "CC BY 4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/"},
            "publish": {"scores": True, "unit_red_list": True},
        }

    @staticmethod
    def unit_doc(u: dict[str, Any]) -> dict[str, Any]:
        doc = {k: u[k] for k in ("id", "name", "short_name", "kind")}
        if u["county"] is not None:
            doc["county"] = u["county"]
        if u["github_team"] is not None:
            doc["github_team"] = u["github_team"]
        return doc

    @staticmethod
    def posts_doc() -> list[dict[str, Any]]:
        return [{"id": pid, "title": title,
                 "holders": [{"name": n, "from": dt.date.fromisoformat(f), "to": dt.date.fromisoformat(t) if t else None}
                             for n, f, t in holders]}
                for pid, title, holders in POSTS]

    @staticmethod
    def project_doc(p: Project) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "id": p.id, "name": p.name, "category": p.category, "year": YEAR, "county": p.county,
            "owner": p.owner, "content": p.content, "total_investment": p.total,
        }
        if p.funding:
            doc["funding_sources"] = [dict(f) for f in p.funding]
        doc["annual"] = {
            "investment": p.annual, "progress_target": p.progress_target,
            "milestones": [{k: v for k, v in ms.items() if k != "kind" or v is not None} for ms in p.milestones],
        }
        doc["dates"] = {
            "start": {"planned": p.start_planned, "actual": p.start_actual},
            "completion": {"planned": p.completion_planned, "actual": p.completion_actual},
            "production": {"planned": p.production_planned, "actual": p.production_actual},
        }
        doc["leader_post"] = p.leader_post
        doc["lead_unit"] = p.lead
        doc["co_units"] = list(p.co_units)
        doc["county_leader"] = p.county_leader
        if p.county_leader_note:
            doc["county_leader_note"] = p.county_leader_note
        doc["responsible_person"] = dict(p.responsible_person)
        doc["team"] = [dict(t) for t in p.team]
        doc["action_plan"] = {"due": p.action_due, "submitted_on": p.action_submitted}
        doc["entered_on"] = p.entered
        if p.exited:
            doc["exited"] = {"on": p.exited[0], "reason": p.exited[1]}
        if p.listed_supervision:
            doc["listed_supervision"] = dict(p.listed_supervision)
        if p.location:
            doc["location"] = {"lat": p.location[0], "lon": p.location[1]}
        if p.internal_notes:
            doc["internal_notes"] = p.internal_notes
        return doc

    @staticmethod
    def dispatch_doc(d: Dispatch) -> dict[str, Any]:
        doc: dict[str, Any] = {"date": d.date, "kind": d.kind, "chaired_by": d.chaired_by, "projects": list(d.projects)}
        if d.covers:
            doc["covers"] = {"from": d.covers[0], "to": d.covers[1]}
        doc["summary"] = d.summary
        if d.decisions:
            doc["decisions"] = [dict(x) for x in d.decisions]
        if d.findings:
            doc["findings"] = [{k: v for k, v in x.items() if k != "closed" or v is not None} for x in d.findings]
        return doc


# --- YAML emission ------------------------------------------------------------------------------------------------


def _emit(path: str, kind: str, data: Any) -> str:
    schema = posixpath.relpath(f"schemas/{kind}.schema.json", posixpath.dirname(path))
    return dump_yaml(data, header=f"# yaml-language-server: $schema={schema}\n")


# --- public API ---------------------------------------------------------------------------------------------------


def build_demo(seed: int = 2015) -> dict[str, str]:
    """Return {repo-relative posix path: file text} for the whole demo portfolio, plus the anomalies fixture."""
    return _Demo(seed).build()


def write_demo(root: Path, seed: int = 2015) -> list[str]:
    """Write build_demo's files under root (removing stale files under data/projects, data/reports,
    data/briefings, data/dispatches first, never touching anything else); return the paths written."""
    files = build_demo(seed)
    for owned in OWNED_DATA_DIRS:
        base = root / owned
        if base.is_dir():
            for stale in sorted(base.rglob("*"), reverse=True):
                if stale.is_file() or stale.is_symlink():
                    stale.unlink()
                elif stale.is_dir() and not any(stale.iterdir()):
                    stale.rmdir()
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    return list(files)
