"""Plan steps: coordination meetings and inspections, and (last of all) numbering every dispatch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from generator.demo.dates import AS_OF, workdays
from generator.demo.model import KIND_ORDER, Dispatch, Portfolio, Project
from generator.demo.org import (
    DISCIPLINE_OFFICE,
    INSPECTION_OFFICE,
    KEY_PROJECT_OFFICE,
    SUPERVISION_OFFICE,
    gov,
    holder_on,
)


class _Meetings:
    """The "meetings" stream, and the live projects a meeting may take up."""

    def __init__(self, demo: Portfolio) -> None:
        self.demo = demo
        self.rng = demo.rng("meetings")
        reserved = {demo.roles.cadence_gap, demo.roles.cadence_urging}
        self.live = [p for p in demo.projects if p.id not in reserved and p.exited is None
                     and p.id != demo.roles.entering]

    def pick(self, pred: Callable[[Project], bool], k: int) -> list[str]:
        ids = sorted(p.id for p in self.live if pred(p))
        return sorted(self.rng.sample(ids, k=min(k, len(ids))))

    def done_by(self, due: dt.date) -> dt.date | None:
        if due > AS_OF:
            return None
        return self.rng.choice(workdays(due - dt.timedelta(days=10), due))

    def decision(self, n: int, content: str, unit: str, due: dt.date, done: bool = True) -> dict[str, Any]:
        """Decision d<n>; when `done`, carried out by its due date if that is past (never when not `done`)."""
        return {"id": f"d{n:02d}", "content": content, "unit": unit, "due": due,
                "done_on": self.done_by(due) if done else None}


def plan_meetings(demo: Portfolio) -> None:
    """Five coordination meetings, one with a missed decision; two inspections, one with an overdue finding."""
    m = _Meetings(demo)
    _spring_meetings(m)
    _summer_meetings(m)
    _autumn_meeting(m)
    _inspections(m)


def _spring_meetings(m: _Meetings) -> None:
    highways = m.pick(lambda p: p.type == "highway", 5)
    m.demo.dispatches.append(Dispatch(
        dt.date(2015, 3, 20), "coordination", "zhouzhang", highways,
        "州长主持召开全州“3个30”重点项目推进会，研究高速公路项目用地报批、资金筹措和征地拆迁问题。",
        decisions=[
            m.decision(1, "州国土资源局牵头，加快高速公路项目剩余用地组卷报批", "guotu", dt.date(2015, 4, 30)),
            m.decision(2, "州财政局统筹安排高速公路项目前期工作经费", "caizheng", dt.date(2015, 4, 15)),
            m.decision(3, "州交通运输局制定高速公路项目倒排工期计划并报州政府督查室备案", "jiaotong",
                       dt.date(2015, 4, 10)),
        ]))
    ns = m.pick(lambda p: p.category == "new_start" and p.start_planned is not None
                and dt.date(2015, 5, 20) <= p.start_planned <= dt.date(2015, 9, 30), 6)
    m.demo.dispatches.append(Dispatch(
        dt.date(2015, 5, 15), "coordination", "changwu-fuzhouzhang", ns,
        "常务副州长主持召开计划新开工项目推进会，逐项研究开工条件，明确开工时限。",
        decisions=[
            m.decision(1, "各责任单位对照开工条件清单，逐项销号推进", "fgw", dt.date(2015, 6, 15)),
            m.decision(2, "州住建局对列入计划的新开工项目开通施工许可绿色通道", "zhujian", dt.date(2015, 5, 31)),
        ]))


def _summer_meetings(m: _Meetings) -> None:
    """The meeting on the planted problem, and the city-building meeting whose decision d02 is missed."""
    meeting_pid, _problem = m.demo.roles.meeting_problem
    mp = m.demo.by_id[meeting_pid]
    d3 = dt.date(2015, 7, 24)
    assert holder_on(mp.leader_post, d3) is not None
    m.demo.dispatches.append(Dispatch(
        d3, "coordination", mp.leader_post, [mp.id],
        f"州责任领导主持召开{mp.name}征地拆迁专题协调会，研究解决月报中报请协调的征地拆迁问题。",
        decisions=[
            m.decision(1, "所在县市政府组织工作组入户协商，完成剩余征地拆迁", gov(mp.county), dt.date(2015, 8, 31)),
            m.decision(2, "州国土资源局指导完善征地补偿程序", "guotu", dt.date(2015, 8, 15)),
        ]))
    urban = m.pick(lambda p: p.type in ("municipal", "housing", "road") and p.category != "preliminary", 5)
    d4 = dt.date(2015, 8, 20)
    missed_unit = m.rng.choice(("guotu", "zhujian", "caizheng"))
    m.demo.dispatches.append(Dispatch(
        d4, "coordination", "fuzhouzhang-chengjian", urban,
        "分管副州长主持召开城建项目协调会，研究市政、棚改项目资金和用地问题。",
        decisions=[
            m.decision(1, "州财政局下达棚户区改造配套资金", "caizheng" if missed_unit != "caizheng" else "fgw",
                       dt.date(2015, 9, 10)),
            m.decision(2, f"{m.demo.unit_short[missed_unit]}牵头完成项目用地、规划调整事项", missed_unit,
                       dt.date(2015, 9, 15), done=False),
            m.decision(3, "各项目业主制定雨季后抢工计划报州重点项目办", KEY_PROJECT_OFFICE,
                       dt.date(2015, 10, 31), done=False),
        ]))
    m.demo.roles.missed_decision = (d4, "d02", missed_unit)


def _autumn_meeting(m: _Meetings) -> None:
    social = m.pick(lambda p: p.type in ("building", "tourism"), 5)
    m.demo.dispatches.append(Dispatch(
        dt.date(2015, 9, 22), "coordination", "fuzhouzhang-wenjiao", social,
        "分管副州长主持召开教育、卫生、旅游项目协调会，研究第四季度推进措施。",
        decisions=[
            m.decision(1, "州旅发委督促景区项目业主完成年度投资计划", "lvfa", dt.date(2015, 12, 31), done=False),
            m.decision(2, "州卫计委完成医院项目设备采购方案审核", "weiji", dt.date(2015, 10, 25), done=False),
            m.decision(3, "州教育局协调学校项目建设用地移交", "jiaoyu", dt.date(2015, 10, 12)),
        ]))


def _inspections(m: _Meetings) -> None:
    """州监察局 on integrity in May, the joint group on all five dimensions in August."""
    started_uc = sorted(p.id for p in m.live if p.category == "under_construction")
    first = m.rng.sample(started_uc, k=3)
    m.demo.dispatches.append(Dispatch(
        dt.date(2015, 5, 12), "inspection", DISCIPLINE_OFFICE, first,
        "州监察局对重点项目招投标和资金管理开展廉政专项督查。",
        findings=[
            finding(1, first[0], "integrity", "招投标资料归档不完整", dt.date(2015, 6, 15),
                    dt.date(2015, 6, 10), public=True),
            finding(2, first[1], "integrity", "个别标段分包管理不规范，存在违规分包苗头",
                    dt.date(2015, 6, 30), dt.date(2015, 6, 26), public=False),
        ]))
    second = m.rng.sample(sorted(p.id for p in m.live if p.category != "preliminary"
                                 and (p.start_actual or AS_OF) <= dt.date(2015, 8, 1)), k=6)
    findings = [
        finding(1, second[0], "quality", "混凝土试块送检记录不全", dt.date(2015, 9, 15), dt.date(2015, 9, 11)),
        finding(2, second[1], "progress", "关键线路工程滞后于倒排工期计划", dt.date(2015, 9, 30), None),
        finding(3, second[2], "investment", "统计报表投资完成数据与计量支付凭证不一致", dt.date(2015, 10, 15),
                dt.date(2015, 10, 13)),
        finding(4, second[3], "safety", "施工现场临边防护不到位", dt.date(2015, 9, 5), dt.date(2015, 8, 31)),
        finding(5, second[4], "integrity", "工程款支付审批手续不完善", dt.date(2015, 11, 30), None, public=False),
        finding(6, second[5], "progress", "施工单位人员设备投入不足", dt.date(2015, 10, 31), None),
    ]
    m.demo.dispatches.append(Dispatch(
        dt.date(2015, 8, 25), "inspection", SUPERVISION_OFFICE, second,
        "州政府督查室会同州重点项目稽察办组成联合督查组，对重点项目质量、进度、投资、安全、廉政情况开展集中督查。",
        findings=findings))
    m.demo.roles.overdue_finding = (dt.date(2015, 8, 25), "f02", second[1])


def finding(n: int, project: str, dimension: str, summary: str, rectify_by: dt.date,
            rectified_on: dt.date | None, public: bool = True) -> dict[str, Any]:
    closed = None
    if rectified_on is not None:
        closed = {"by": INSPECTION_OFFICE, "on": min(rectified_on + dt.timedelta(days=3), AS_OF)}
    return {"id": f"f{n:02d}", "project": project, "dimension": dimension, "summary": summary,
            "rectify_by": rectify_by, "rectified_on": rectified_on, "closed": closed, "public": public}


def number_dispatches(demo: Portfolio) -> None:
    """Sort every dispatch and name its file <date>-<nn>; then plant the missed decision and overdue finding."""
    demo.dispatches.sort(key=lambda d: (d.date, KIND_ORDER[d.kind], d.chaired_by, d.projects))
    count: dict[dt.date, int] = {}
    for d in demo.dispatches:
        count[d.date] = count.get(d.date, 0) + 1
        d.stem = f"{d.date.isoformat()}-{count[d.date]:02d}"
    day, did, unit = demo.roles.missed_decision
    meeting = next(d for d in demo.dispatches if d.date == day and d.kind == "coordination")
    decision = next(x for x in meeting.decisions if x["id"] == did)
    demo.anomalies.plant("decision", meeting.projects[0], f"{meeting.stem}/{did}", unit, decision["due"], None)
    day, fid, pid = demo.roles.overdue_finding
    inspection = next(d for d in demo.dispatches if d.date == day and d.kind == "inspection")
    found = next(x for x in inspection.findings if x["id"] == fid)
    demo.anomalies.plant("finding", pid, f"{inspection.stem}/{fid}", demo.by_id[pid].lead,
                         found["rectify_by"], None)
