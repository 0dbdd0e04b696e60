"""Stage 4 — render: pages made from the data, as {site path: Markdown}. Templates get prepared values only.

Text from data is escaped where it enters HTML; the pages are Markdown with HTML tables, so a project
name holding Markdown or HTML shows as text.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from generator.codes import CODES
from generator.load import Loaded
from generator.settings import Settings

CATEGORY_NAMES = {"under_construction": "在建项目", "new_start": "新开工项目", "preliminary": "重大前期项目"}


def esc(value: Any) -> str:
    """Escape for HTML and neutralise Markdown and template syntax in text that comes from data."""
    text = html.escape(str(value), quote=True)
    for ch, entity in (("*", "&#42;"), ("_", "&#95;"), ("[", "&#91;"), ("]", "&#93;"), ("`", "&#96;"),
                       ("{", "&#123;"), ("}", "&#125;"), ("|", "&#124;"), ("\\", "&#92;"), (":", "&#58;")):
        text = text.replace(ch, entity)
    return text


def codes_page() -> str:
    """The staff guide's list of every problem code, generated from the one catalogue."""
    groups: dict[str, list[str]] = {}
    for code, entry in CODES.items():
        level = "错误" if entry.severity == "error" else "警告"
        groups.setdefault(entry.group, []).append(
            f"<tr><td><code>{esc(code)}</code></td><td>{level}</td><td>{esc(entry.title)}</td>"
            f"<td>{esc(entry.description)}</td></tr>")
    parts = [
        "---\nsearch:\n  exclude: false\n---\n",
        "# 问题代码说明\n",
        "提交数据后，系统会逐条指出问题，格式是“文件:行号: [代码] 说明”。"
        "“错误”必须改正后才能合并；“警告”请核对，确认无误可以保留。下表列出全部代码。\n",
    ]
    for group, rows in groups.items():
        parts.append(f"## {group}\n")
        parts.append('<table class="code-table"><thead><tr><th>代码</th><th>级别</th><th>名称</th><th>含义与改法</th>'
                     "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>\n")
    return "\n".join(parts)


def methodology_page(settings: Settings) -> str:
    """Every formula, threshold and default in Chinese, with the values in force from data/config.yaml."""
    v = settings.get
    b = v("deadlines", "briefings") or {}
    sc = v("scoring") or {}

    def md(text: str) -> str:
        return text.replace("-", "月", 1) + "日" if len(text) == 5 else text

    return f"""---
search:
  exclude: false
---

# 统计方法

本页说明网站上每个数字和状态是怎样算出来的。括号里的数值是当前配置（`data/config.yaml`）中的取值，
未配置的项目使用通知规定或本系统的默认值。

## 数据日期

所有计算都以“数据日期”为准：只计入当天及以前已经发生的事实。数据日期依次取命令行参数 `--as-of`、
配置项 `as_of`、环境变量 `SOURCE_DATE_EPOCH`，都没有时取北京时间的当天。

## 进度与状态

- **序时月份 M**：本年已到月报报送期限（次月 {v("deadlines", "report_day")} 日）的最近月份；
  首个报送月份（{esc(settings.first_report_period)}）之前的月份不计。
- **序时进度** = M ÷ 12；年中纳入督查的项目（纳入月份 e）为 (M − e + 1) ÷ (13 − e)。
- **投资完成率** = 本年累计完成投资 ÷ 年度计划投资。稽察办核实时核减的，以核减后的数字为准。
  年度计划投资为 0 时，完成率记为“不适用”，不记 0，也不记无穷大。
- **差距** = 序时进度 − 投资完成率，单位：百分点。
- **资金到位率** = 本年资金到位 ÷ 年度计划投资。
- **状态**（每个状态都附文字原因，不只用颜色表示）：
    - 灰色“未报送”：最近一个应报月份的月报未报送；
    - 红色“严重滞后”：差距大于 {v("status", "red_gap")} 个百分点，或倒排工期节点逾期超过
      {v("status", "red_milestone_overdue_days")} 天；
    - 黄色“滞后”：差距在 {v("status", "yellow_gap")} 至 {v("status", "red_gap")} 个百分点之间（含两端），
      或有倒排工期节点逾期；
    - 绿色“正常”：其他情况。
    - 重大前期项目只按前期手续节点（倒排工期节点）判断，不看投资完成率。
- **开工率** = 计划开工日期已到的新开工项目中已实际开工的项目数 ÷ 计划开工日期已到的新开工项目数。

## 期限与履职

每一项义务都有截止日期，在数据日期判定为：按时完成、逾期完成（注明逾期天数）、逾期未完成、
即将到期（{settings.upcoming_days} 天内）或未到期。“8日前”包含 8 日当天；逾期天数按自然日计算。
截止日期遇节假日{"顺延到下一个工作日" if settings.shift_due else "不顺延"}（配置项 `shift_due_to_working_day`）。

| 事项 | 截止日期 | 责任方 |
|---|---|---|
| 月报报送 | 次月 {v("deadlines", "report_day")} 日 | 责任单位 |
| 月报核实 | 次月 {v("deadlines", "verification_day")} 日 | 稽察办 |
| 推进行动方案 | 项目文件中的 `action_plan.due`（2015 年为 2 月 16 日） | 责任单位 |
| 专题书面报告 | 一季度 {md(str(b.get("Q1", "")))}、二季度 {md(str(b.get("Q2", "")))}、三季度 {md(str(b.get("Q3", "")))}，年度报告次年 {md(str(b.get("FY", "")))} | 报告单位（牵头在督项目的单位） |
| 问题答复 | 上报之日后第 {v("deadlines", "answer_working_days")} 个工作日 | 问题上报对象 |
| 答复承诺 | 答复中承诺的解决时限 `promised_by` | 问题上报对象 |
| 议定事项 | 会议确定的时限 | 承办单位 |
| 倒排工期节点 | 节点日期 | 责任单位 |
| 开工、竣工、投产 | 计划日期 | 责任单位 |
| 现场调研 | 每月最后一天前至少 1 次 | 责任单位 |
| 督查整改 | 整改时限 | 项目责任单位 |
| 调度频次 | 见下 | 责任单位 |

**工作日**按国务院办公厅公布的法定节假日和调休安排计算（系统自带 2004—2026 年；其他年份须在配置项
`calendar` 中补充，缺少时系统报错而不是按周一至周五猜测）。例如 2015 年 2 月 13 日（星期五）上报的问题，
2 月 15 日（星期日）调休上班，2 月 18 日至 24 日春节放假，答复期限是 2 月 25 日。

**调度频次**（通知：未动工项目天天促，即将动工项目十天一调度，已动工项目一月一调度），适用于在建和新开工项目：

- 未开工、计划开工日期在 {v("cadence", "about_to_start_days")} 天以外：每天都要有督促记录覆盖；
- 即将开工（计划开工日期在 {v("cadence", "about_to_start_days")} 天以内）：每 {v("cadence", "about_to_start_interval_days")} 天内至少一次调度会或协调会；
- 已开工：每 {v("cadence", "started_interval_days")} 天内至少一次调度会或协调会。
- 项目进入新的阶段时，从进入当天起重新计算间隔；每一段没有覆盖的连续日期记为一次。

## 年终考核计分

县市政府和州直部门分别排名，协办单位不计分。基础分 {sc.get("base")} 分，每项扣分都对应一条具体的期限事项和数据文件：

| 情形 | 扣分 |
|---|---|
| 月报逾期报送（每份） | {sc.get("late_report")} |
| 月报未报送（每份） | {sc.get("missing_report")} |
| 问题未按时答复（每个） | {sc.get("late_answer")} |
| 答复承诺到期未解决（每个） | {sc.get("broken_promise")} |
| 专题报告逾期或未报（每次） | {sc.get("briefing")} |
| 当月未开展现场调研（每月每项目） | {sc.get("missed_site_visit")} |
| 督查发现逾期未整改（每条） | {sc.get("overdue_finding")} |
| 议定事项逾期未办结（每项） | {sc.get("missed_decision")} |
| 牵头项目中严重滞后（红色）项目的占比 | {sc.get("red_share")} × 占比 |

通知没有规定具体分值，以上为本系统的默认值，州政府督查室可在配置中调整。
"""


def home_page(loaded: Loaded) -> str:
    projects = [f.data for f in loaded.of_kind("project") if isinstance(f.data, dict)]
    by_category = Counter(p.get("category") for p in projects)
    counts = loaded.counts()
    rows = "".join(f"<tr><td>{esc(name)}</td><td>{by_category.get(key, 0)}</td></tr>"
                   for key, name in CATEGORY_NAMES.items())
    return (
        "# 楚雄州重点项目阳光督查\n\n"
        "按照州人民政府“3个30”重点项目督查通知，本站公开重点项目的责任分解和推进情况，接受社会监督。\n\n"
        f"<table><thead><tr><th>类别</th><th>项目数</th></tr></thead><tbody>{rows}</tbody></table>\n\n"
        f"现有月报 {counts.get('report', 0)} 份、季度和年度报告 {counts.get('briefing', 0)} 份、"
        f"调度督查记录 {counts.get('dispatch', 0)} 份。\n"
    )


def render_pages(loaded: Loaded, settings: Settings) -> dict[str, str]:
    return {"index.md": home_page(loaded), "guide/codes.md": codes_page(),
            "methodology.md": methodology_page(settings)}
