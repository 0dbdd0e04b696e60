"""The catalogue: the 90 (+1) projects of the notice, and what each type of project looks like."""

from __future__ import annotations

import datetime as dt

from generator.demo.org import gov

# name, county, type, lead unit
UNDER_CONSTRUCTION = [
    ("楚雄至大姚高速公路", "dayao", "highway", "jiaotong"),
    ("武定至易门高速公路武定段", "wuding", "highway", "jiaotong"),
    ("永仁至元谋高速公路", "yongren", "highway", "jiaotong"),
    ("楚雄市城市快速环线工程", "chuxiong", "road", gov("chuxiong")),
    ("楚雄州中医医院迁建工程", "chuxiong", "building", "weiji"),
    ("楚雄州人民医院医技综合楼", "chuxiong", "building", "weiji"),
    ("青山嘴水库灌区配套工程", "chuxiong", "water", "shuiwu"),
    ("大姚县石者河水库", "dayao", "water", "shuiwu"),
    ("双柏县岔河水库", "shuangbai", "water", "shuiwu"),
    ("禄丰县工业园区基础设施建设", "lufeng", "park", gov("lufeng")),
    ("楚雄开发区装备制造产业园", "kaifaqu", "park", gov("kaifaqu")),
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
    ("双柏县城市政道路改造工程", "shuangbai", "road", gov("shuangbai")),
    ("姚安县城市地下综合管廊", "yaoan", "municipal", gov("yaoan")),
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
    ("禄丰县勤丰新型城镇化示范区", "lufeng", "housing", gov("lufeng")),
    ("武定县高桥工业片区", "wuding", "park", gov("wuding")),
    ("大姚县核桃精深加工产业园", "dayao", "agri", "linye"),
    ("楚雄开发区综合物流园", "kaifaqu", "trade", "shangwu"),
    ("楚雄州档案馆新馆", "chuxiong", "building", "zhujian"),
    ("元谋县城东片区路网工程", "yuanmou", "road", gov("yuanmou")),
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
    ("南华县城市综合体", "nanhua", "housing", gov("nanhua")),
    ("双柏县恐龙河保护区生态旅游", "shuangbai", "tourism", "linye"),
    ("元谋县现代农业示范园", "yuanmou", "agri", "nongye"),
    ("楚雄开发区天然气分布式能源站", "kaifaqu", "energy", "nengyuan"),
    ("楚雄市生活垃圾焚烧发电厂", "chuxiong", "municipal", "zhujian"),
    ("大姚县铜矿资源综合利用项目", "dayao", "industry", "gongxin"),
    ("武定县城污水处理厂二期", "wuding", "municipal", "huanbao"),
    ("楚雄州图书馆新馆", "chuxiong", "building", "jiaoyu"),
    ("牟定县城北新区", "mouding", "housing", gov("mouding")),
    ("禄丰县罗川至广通公路", "lufeng", "road", "jiaotong"),
    ("姚安县城乡一体化供水工程", "yaoan", "water", "shuiwu"),
    ("永仁县城地下管网改造", "yongren", "municipal", gov("yongren")),
    ("楚雄州养老服务中心", "chuxiong", "building", "weiji"),
    ("元谋县金沙江大桥", "yuanmou", "road", "jiaotong"),
    ("双柏县查姆湖旅游度假区", "shuangbai", "tourism", "lvfa"),
    ("楚雄州现代物流园区", "chuxiong", "trade", "shangwu"),
    ("大姚县城市棚户区改造", "dayao", "housing", "zhujian"),
    ("南华县林产品加工园", "nanhua", "forest", "linye"),
]

# projects first listed in 2016 (四个一百), besides those continuing from 2015
UNDER_CONSTRUCTION_2016 = [
    ("楚雄州人民医院内科综合楼", "chuxiong", "building", "weiji"),
    ("禄丰县城市地下综合管廊", "lufeng", "municipal", gov("lufeng")),
    ("元谋县城市棚户区改造", "yuanmou", "housing", "zhujian"),
    ("大姚县三台风电场", "dayao", "energy", "nengyuan"),
]
NEW_START_2016 = [
    ("楚雄至南华高速公路改扩建工程", "nanhua", "highway", "jiaotong"),
    ("楚雄州第一中学新校区", "chuxiong", "building", "jiaoyu"),
    ("牟定县城市综合管廊", "mouding", "municipal", gov("mouding")),
    ("姚安县光禄至栋川公路", "yaoan", "road", "jiaotong"),
    ("楚雄开发区电子信息产业园", "kaifaqu", "park", "gongxin"),
]
PRELIMINARY_2016 = [
    ("楚雄至攀枝花铁路楚雄段", "yongren", "rail", "fgw"),
    ("武定县猫街通用机场", "wuding", "airport", "fgw"),
    ("双柏县城至安龙堡高速公路", "shuangbai", "highway", "jiaotong"),
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
# share of the annual plan to be done by the end of each month (the 序时 plan)
SEASON = {1: 0.05, 2: 0.10, 3: 0.18, 4: 0.27, 5: 0.37, 6: 0.47, 7: 0.56, 8: 0.65, 9: 0.74, 10: 0.83, 11: 0.91,
          12: 1.0}
