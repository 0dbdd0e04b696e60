"""The words of the notice and of supervision work that a citizen may not know, explained once.

The glossary page lists them; a page using one links its first use to the entry (`ui.term` in the
templates), with the short explanation as the link's title for a pointer's hover. Values the rules take
from config (the answer window, the report day) are filled in from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.settings import Settings


@dataclass(frozen=True)
class Term:
    word: str
    anchor: str
    short: str  # one sentence: the link's title
    more: str = ""  # what the glossary page adds


def terms(settings: Settings) -> dict[str, Term]:
    report_day = settings.number("deadlines", "report_day")
    answer_days = settings.number("deadlines", "answer_working_days")
    entries = [
        Term("序时进度", "time-progress",
             "按时间应当达到的进度：月报报送期限已过的月份数 ÷ 12。",
             f"例如每月 {report_day} 日是上月月报的报送期限，8 月 {report_day} 日以后 7 月已计入，序时进度为 "
             "7 ÷ 12 = 58.3%。投资完成率与它比较，判断项目是否滞后。"),
        Term("投资完成率", "completion", "本年累计完成投资 ÷ 年度计划投资。",
             "累计完成投资以州重点项目稽察办核实后的数字为准。"),
        Term("落后", "gap", "序时进度减去投资完成率，为正时称落后若干个百分点，为负时称超前。",
             "例如序时进度 58.3%、投资完成率 50.0%，即落后 8.3 个百分点；投资完成率 60.0%，即超前 1.7 个百分点。"),
        Term("核减", "adjusted", "稽察办核实月报时，认定报送的投资完成数多于实际，按核实的数字减少。",
             "核减自核实之日起生效，以后各月的累计数也相应扣除，网站同时公开报送数和核实数。"),
        Term("报请", "escalated", "责任单位解决不了的问题，提交州级有关部门、协调会或州人民政府协调解决。",
             f"被报请的部门应在接到问题后 {answer_days} 个工作日内，就解决思路和时限作出明确答复；"
             "答复承诺的时限到了问题仍未解决的，记为承诺逾期。"),
        Term("销号", "closed", "问题解决或整改完成后，经州政府督查室、州重点项目稽察办或州重点项目办复核确认后注销。",
             "只有销号才算问题办结；单位自报已解决但未销号的，网站仍显示未销号。"),
        Term("五个一", "five-ones", "一个项目、一个责任领导、一个责任单位、一个工作班子、一个倒排工期计划。",
             "通知要求每个重点项目都落实这五项责任，并由责任单位制定推进行动方案。"),
        Term("五定", "five-fixed", "定年度投资、定年度形象进度、定项目业主、定责任部门、定责任人。"),
        Term("倒排工期", "milestones", "从项目的完成目标往前推，定出每个节点最迟完成的日期。",
             "节点逾期的项目判为滞后，逾期时间较长的判为严重滞后。"),
        Term("推进行动方案", "action-plan", "责任单位按照“五个一”要求为每个项目制定的推进计划，在规定日期前报送。"),
        Term("形象进度", "progress", "工程实际完成到了哪一步，用文字和百分比描述，例如“主体结构完成 60%”。"),
        Term("现场调研", "site-visit", "责任单位每月至少到项目现场一次，了解进展、协调问题。"),
        Term("调度", "cadence", "通知要求未动工项目天天促、即将动工项目十天一调度、已动工项目一月一调度。",
             "督促、调度会、协调会的记录都在网站上公开，某一段时间没有记录的，记为未按频次调度。"),
        Term("议定事项", "decision", "调度会、协调会议定由某个单位在某个日期前办结的事项，逐项跟踪督办。"),
        Term("督查整改", "finding", "联合督查组从质量、进度、投资、安全、廉政五个方面检查发现的问题，限期整改。"),
        Term("挂牌督办", "listed", "对影响重点项目建设的重要事项，由州稽察办会同州政府督查室挂牌，跟踪督查直到摘牌。"),
        Term("稽察办", "inspection-office", "州重点项目稽察办公室，负责核实各单位报送的月报，发现不实的予以核减。"),
        Term("阳光行动", "sunshine", "把重点项目推进情况向社会公开、接受公众监督的做法，本网站即其一部分。"),
    ]
    return {t.word: t for t in entries}
