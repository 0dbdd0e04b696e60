"""Plan step: problems carried from month to month, escalated, answered, taken to meetings and closed."""

from __future__ import annotations

import datetime as dt

from generator.demo.dates import (
    ANSWER_WORKING_DAYS,
    ONE_DAY,
    UPCOMING_DAYS,
    add_working_days,
    days,
    month_end,
    workdays,
)
from generator.demo.model import Month, Portfolio, Problem, Project
from generator.demo.org import CLOSERS, gov

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


def plan_problems(demo: Portfolio) -> None:
    """The five planted problems first, on distinct projects, then ordinary ones on 22 other projects."""
    planner = ProblemPlanner(demo)
    skip = {demo.roles.exited, demo.roles.entering, demo.roles.missing_report[0]}
    pool = sorted((p for p in demo.projects if p.id not in skip and p.completion_actual is None),
                  key=lambda p: p.id)
    picks = planner.plant(pool)
    for p in planner.rng.sample([p for p in pool if p not in picks], k=22):
        planner.ordinary(p)


class ProblemPlanner:
    """The "problems" stream and each project's problem numbering, shared by planted and ordinary problems."""

    def __init__(self, demo: Portfolio, topic: str = "problems") -> None:
        self.demo = demo
        self.rng = demo.rng(topic)
        self.counters: dict[str, int] = {}

    def new(self, p: Project, first: Month, category: str | None = None) -> Problem:
        category = category or self.rng.choice(CATEGORY_BY_TYPE[p.type])
        summary, measures, unit = self.rng.choice(PROBLEM_TEXT[category])
        self.counters[p.id] = self.counters.get(p.id, 0) + 1
        problem = Problem(p.id, f"p{self.counters[p.id]:02d}", category, summary, measures, first)
        problem.suggested_unit = unit
        problem.public = self.rng.random() < 0.88
        self.demo.problems.append(problem)
        return problem

    def escalate(self, problem: Problem, on: dt.date, answered: dt.date, promised: dt.date) -> None:
        p = self.demo.by_id[problem.project]
        unit = problem.suggested_unit or gov(p.county)
        if unit == p.lead:
            unit = "fgw" if p.lead != "fgw" else "caizheng"
        problem.escalated_to = unit
        problem.escalated_on = on
        problem.answer = {"on": answered, "by": unit,
                          "content": f"{self.demo.unit_short[unit]}已研究提出解决方案：{problem.measures}，"
                                     f"计划于{promised.month}月{promised.day}日前办结",
                          "promised_by": promised}

    def close(self, problem: Problem, first_day: dt.date, last_day: dt.date) -> None:
        on = self.rng.choice(workdays(first_day, last_day) or list(days(first_day, last_day)))
        problem.closed = {"by": self.rng.choice(CLOSERS), "on": on}

    def plant(self, pool: list[Project]) -> list[Project]:
        """A late answer, a broken promise, two answers in time across holidays, one taken to a meeting."""
        demo, plant = self.demo, self.demo.anomalies.plant
        picks = self.rng.sample([p for p in pool if p.category != "preliminary"
                                 and (p.id, (2015, 9)) in demo.reports and p.id not in demo.roles.not_started], k=5)
        late_answer_p, broken_p, feb_p, national_day_p, meeting_p = picks
        # answered two days late: escalated on 09-02, due 09-09 (09-03..05 holidays, 09-06 a working Sunday)
        pr = self.new(late_answer_p, (2015, 9), "land")
        self.escalate(pr, dt.date(2015, 9, 2), dt.date(2015, 9, 11), dt.date(2015, 11, 30))
        assert pr.escalated_to is not None and pr.answer is not None
        plant("answer", pr.project, pr.id, pr.escalated_to,
              add_working_days(dt.date(2015, 9, 2), ANSWER_WORKING_DAYS), pr.answer["on"])
        # a broken promise: answered in time, still open after promised_by
        pr = self.new(broken_p, (2015, 6), "funding")
        self.escalate(pr, dt.date(2015, 6, 10), dt.date(2015, 6, 15), dt.date(2015, 8, 31))
        assert pr.escalated_to is not None
        plant("promise", pr.project, pr.id, pr.escalated_to, dt.date(2015, 8, 31), None)
        # answered in time only because of the Spring Festival: 02-13 + 4 working days is 02-25
        pr = self.new(feb_p, (2015, 2))
        self.escalate(pr, dt.date(2015, 2, 13), dt.date(2015, 2, 25), dt.date(2015, 4, 30))
        self.close(pr, dt.date(2015, 3, 20), dt.date(2015, 4, 30))
        # answered in time across National Day: 09-25 + 4 working days is 10-08
        pr = self.new(national_day_p, (2015, 9))
        self.escalate(pr, dt.date(2015, 9, 25), dt.date(2015, 10, 8), dt.date(2015, 12, 15))
        sept = demo.reports[(national_day_p.id, (2015, 9))]
        sept.submitted_on = dt.date(2015, 10, 8)
        sept.verified_on = max(sept.verified_on, dt.date(2015, 10, 9))
        # a problem taken to a coordination meeting and closed after it
        pr = self.new(meeting_p, (2015, 7), "relocation")
        pr.escalations.append({"level": "coordination_meeting", "to": meeting_p.leader_post,
                               "on": dt.date(2015, 7, 22)})
        self.close(pr, dt.date(2015, 9, 7), dt.date(2015, 9, 25))
        demo.roles.meeting_problem = (meeting_p.id, pr.id)
        demo.roles.problem_projects = [p.id for p in picks]
        return picks

    def ordinary(self, p: Project) -> None:
        """One or two problems: escalated and answered in time (some closed), closed unescalated, or open."""
        rng, span = self.rng, self.demo.span
        last = span.report_months[-1]  # the last month reported by the as-of date
        last_day = month_end(*last)
        months = [m for m in p.owed_months() if (p.id, m) in self.demo.reports]
        for _ in range(rng.choice((1, 1, 2))):
            first = rng.choice(months)
            pr = self.new(p, first)
            fy, fm = first
            fate = rng.random()
            if fate < 0.45:
                on = rng.choice(workdays(dt.date(fy, fm, 3), dt.date(fy, fm, 22)))
                due = add_working_days(on, ANSWER_WORKING_DAYS)
                answered = rng.choice(workdays(on + ONE_DAY, due))
                if first == last:
                    promised = dt.date(span.year, rng.randint(11, 12), rng.randint(1, 28))
                else:
                    promised = answered + dt.timedelta(days=rng.randint(20, 75))
                last_close = min(promised, last_day)
                if promised <= span.as_of + dt.timedelta(days=UPCOMING_DAYS) and answered + dt.timedelta(days=3) > last_close:
                    promised = dt.date(span.year, 11, 30)
                self.escalate(pr, on, answered, promised)
                if promised <= span.as_of + dt.timedelta(days=UPCOMING_DAYS) or (
                        rng.random() < 0.4 and answered + dt.timedelta(days=3) <= last_close):
                    self.close(pr, answered + dt.timedelta(days=3), last_close)
            elif fate < 0.8 and first < last:
                self.close(pr, dt.date(fy, fm, 10), last_day)
