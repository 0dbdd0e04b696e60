"""`new-year`: open the next supervision year from the current one, without touching the year that closes.

The government issues a new list every year and many projects continue on it (a 2015 new start is a 2016
project under construction). Opening year Y writes only new files:

- `data/years/<Y>.yaml`: the year's settings, from the last year's with the dates moved to Y (and, the first
  time a repository of one year opens a second, `data/years/<Y-1>.yaml` naming the year config.yaml held);
- one project file per carried project, under a new id of year Y, with its new category, `continues:` the
  old id, the project's facts carried (name, place, owner, units, leader post, dates, team) and the year's
  targets left for the new decomposition table (annual investment 0, the one node 完成年度形象进度目标:
  `import projects --update` fills them). Year-to-date figures start at zero and open problems carry into the project's first
  report of Y through `new-report` or the spreadsheet import, which follow `continues`.

It refuses to run twice (the year file exists), on a repository with errors, for a year that is not the one
after the last, and for a year the working-day calendar cannot answer (printing the block to fill).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.core.workdays import CalendarGap
from generator.labels import labels
from generator.loading.yamlstrict import dump_yaml
from generator.model import Index, get, is_listed, items, notice_day, project_year, to_date

PROJECT_HEADER = "# yaml-language-server: $schema=../../schemas/project.schema.json\n"
YEAR_HEADER = "# yaml-language-server: $schema=../../schemas/year.schema.json\n"
ID_CODES = {"under_construction": "zj", "new_start": "xkg", "preliminary": "qq"}  # the ids' category codes
_DROPPED = ("entered_on", "exited", "action_plan", "listed_supervision", "continues", "internal_notes")


class NewYearError(Exception):
    """Why the year cannot be opened (Chinese; the CLI prints it)."""


@dataclass(frozen=True)
class Carried:
    old: str
    new: str
    category_before: str
    category: str
    open_problems: int
    note: str = ""  # what was moved and must be confirmed


@dataclass
class NewYear:
    year: int
    files: dict[str, str] = field(default_factory=dict)  # repository-relative path → text, all new
    carried: list[Carried] = field(default_factory=list)
    left: list[tuple[str, str]] = field(default_factory=list)  # (project, why it does not continue)


def next_category(project: dict[str, Any], as_of_end: date) -> str:
    """The category on next year's list: a new start that started is under construction; the rest keep theirs
    (a preliminary project that is ready to start is moved by the decomposition table, `--category`)."""
    category = str(get(project, "category"))
    started = to_date(get(project, "dates", "start", "actual"))
    if category == "new_start" and started is not None and started <= as_of_end:
        return "under_construction"
    return category


def unfinished(project: dict[str, Any], year_end: date) -> str | None:
    """Why a project does not continue by default (completed, or off the list at the year's end), or None."""
    completed = to_date(get(project, "dates", "completion", "actual"))
    if completed is not None and completed <= year_end:
        return f"已于 {completed.isoformat()} 竣工"
    if not is_listed(project, year_end):
        return "年末已不在督查名单内"
    return None


def open_year(idx: Index, year: int, *, select: list[str] | None = None, categories: dict[str, str] | None = None,
              title: str | None = None, previous_title: str | None = None) -> NewYear:
    """The files that open `year` (see the module docstring). Raises NewYearError with the reason."""
    categories = categories or {}
    years = idx.year_numbers()
    last = years[-1]
    refuse_twice(idx, year)
    if year != last + 1:
        raise NewYearError(f"只能开启最近一个年度的下一年：现有年度 {'、'.join(map(str, years))}，下一年是 {last + 1}。")
    settings = idx.year_settings(last)
    _check_calendar(idx, year)
    out = NewYear(year)
    if not idx.years:  # the repository's one year becomes data/years/<last>.yaml; its settings stay in config
        if not previous_title:
            raise NewYearError(f"这是第一次开启新年度：请用 --previous-title 写明 {last} 年度名单的名称（例如“3个30”），"
                               f"系统将新建 data/years/{last}.yaml 记录它。")
        out.files[f"data/years/{last}.yaml"] = dump_yaml({"year": last, "title": previous_title}, YEAR_HEADER)
    out.files[f"data/years/{year}.yaml"] = dump_yaml(_year_doc(settings, last, year, title), YEAR_HEADER)
    year_end = date(last, 12, 31)
    mine = {pid: p for pid, (_, p) in idx.projects.items() if project_year(p) == last}
    unknown = [pid for pid in select or [] if pid not in mine]
    if unknown:
        raise NewYearError(f"{last} 年度没有这些项目：{'、'.join(unknown)}。请填写 {last} 年度名单里的项目编号。")
    bad = {pid: c for pid, c in categories.items() if c not in ID_CODES or pid not in mine}
    if bad:
        raise NewYearError("--category 写法不对：" + "、".join(f"{p}={c}" for p, c in bad.items())
                           + f"。请写“项目编号=类别”，类别为 {'、'.join(ID_CODES)} 之一，项目须在 {last} 年度名单里。")
    numbers = {code: 0 for code in ID_CODES.values()}
    for pid in sorted(mine):
        why = None if select else unfinished(mine[pid], year_end)
        if select is not None and pid not in select:
            why = "未选中"
        if why:
            out.left.append((pid, why))
            continue
        category = categories.get(pid) or next_category(mine[pid], year_end)
        numbers[ID_CODES[category]] += 1
        new = _free_id(idx, year, ID_CODES[category], numbers)
        doc, note = _project_doc(mine[pid], new, year, category, pid, notice_day(settings, year))
        out.files[f"data/projects/{new}.yaml"] = dump_yaml(doc, PROJECT_HEADER)
        out.carried.append(Carried(pid, new, str(mine[pid].get("category")), category, _open_problems(idx, pid), note))
    return out


def refuse_twice(idx: Index, year: int) -> None:
    if year in idx.years:
        raise NewYearError(f"{year} 年度已经开启（data/years/{year}.yaml 已存在）。new-year 每个年度只运行一次。")


def _year_doc(settings: Any, last: int, year: int, title: str | None) -> dict[str, Any]:
    """Next year's settings: last year's, the dated ones moved to the new year (month-days stay)."""
    first = str(settings.get("first_report_period"))
    doc: dict[str, Any] = {"year": year, "title": title or f"{year}年度重点项目"}
    doc["notice_date"] = settings.get("notice_date")
    doc["first_report_period"] = f"{year}{first[4:]}" if re.match(r"^[0-9]{4}-", first) else f"{year}-02"
    doc["deadlines"] = {"action_plan": settings.get("deadlines", "action_plan"),
                        "briefings": dict(settings.get("deadlines", "briefings") or {})}
    return doc


def _project_doc(p: dict[str, Any], new: str, year: int, category: str, old: str,
                 notice: date) -> tuple[dict[str, Any], str]:
    """The project on next year's list, and a note of any date moved that the new table must confirm: a new
    start that slipped past its year is planned, for now, from the new notice's day (the earliest it can be)."""
    doc = copy.deepcopy({k: v for k, v in p.items() if k not in _DROPPED})
    doc["id"], doc["year"], doc["category"] = new, year, category
    note = ""
    planned = to_date(get(doc, "dates", "start", "planned"))
    if category == "new_start" and get(doc, "dates", "start", "actual") is None and planned is not None \
            and planned.year < year:  # a start that slipped: a new start's plan lies in its year
        doc["dates"]["start"]["planned"] = notice
        note = f"计划开工日期 {planned.isoformat()} 已过，暂定为 {notice.isoformat()}（通知印发日），请按 {year} 年度责任分解表核定"
    # the year's targets come with its decomposition table; until then the one node every year has
    doc["annual"] = {"investment": 0, "progress_target": f"待{year}年度责任分解表确定",
                     "milestones": [{"name": "完成年度形象进度目标", "due": date(year, 12, 31), "done_on": None}]}
    doc["continues"] = old
    return doc, note


def _free_id(idx: Index, year: int, code: str, numbers: dict[str, int]) -> str:
    """The next id of the category in the year that no project file uses."""
    while True:
        ident = f"{year}-{code}-{numbers[code]:02d}"
        if ident not in idx.projects and ident not in idx.project_files:
            return ident
        numbers[code] += 1


def _open_problems(idx: Index, pid: str) -> int:
    reports = idx.reports.get(pid, {})
    if not reports:
        return 0
    last = reports[max(reports)][1]
    return sum(1 for p in items(last, "problems") if get(p, "closed") is None)


def _check_calendar(idx: Index, year: int) -> None:
    """The new year's duties need its working days (and the next year's January, for the annual briefing)."""
    settings = idx.year_settings(max(idx.year_numbers()))
    for probe in (date(year, 6, 30), date(year + 1, 1, 10)):
        try:
            settings.calendar.is_workday(probe)
        except CalendarGap as gap:
            raise NewYearError(
                f"工作日历还不知道 {gap.year} 年的节假日安排（系统自带的日历到 2026 年）。国务院办公厅每年 11 月前后"
                f"公布下一年的放假安排（www.gov.cn“国务院办公厅关于{gap.year}年部分节假日安排的通知”）。请按通知在 "
                f"data/config.yaml 或 data/years/{year}.yaml 中补充，再运行 new-year：\n\n"
                f"calendar:\n  - year: {gap.year}\n    holidays: [{gap.year}-01-01, …]   # 放假日期\n"
                f"    workdays: [{gap.year}-01-04, …]   # 调休上班日期（周末上班）\n") from None


def describe(made: NewYear) -> str:
    """What new-year did, for the person who ran it."""
    names = labels().category
    lines = [f"已开启 {made.year} 年度，新建 {len(made.files)} 个文件："]
    lines += [f"  {path}" for path in made.files]
    if made.carried:
        lines.append(f"\n接续到 {made.year} 年度的项目（{len(made.carried)} 个）：")
        for c in made.carried:
            change = f"{names[c.category_before]} → {names[c.category]}" if c.category != c.category_before \
                else names[c.category]
            problems = f"，{c.open_problems} 个未销号问题将带入 {made.year} 年的第一份月报" if c.open_problems else ""
            note = f"；{c.note}" if c.note else ""
            lines.append(f"  {c.old} → {c.new}（{change}{problems}{note}）")
    if made.left:
        lines.append(f"\n不接续的项目（{len(made.left)} 个）：")
        lines += [f"  {pid}：{why}" for pid, why in made.left]
    lines.append(f"\n下一步：用 python -m generator import projects 导入 {made.year} 年度责任分解表（加 --update），"
                 "填写各项目的年度计划投资、形象进度目标和倒排工期节点；新列入的项目照常新建。上一年度的文件不再修改。")
    return "\n".join(lines) + "\n"


def write(root: Path, made: NewYear) -> None:
    """Write every file of `made`; none may exist ("x": never overwrite, even in a race)."""
    for rel, text in made.files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as fh:
            fh.write(text)
