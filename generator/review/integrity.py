"""The integrity rules of a pull request (`validate --base`): what a change to the data may not do.

They compare the data of a base revision with the head (a revision, or the working tree):

- a verified report changes only with a matching `corrections[]` entry (DATA-MODEL: "required for every
  change after `verified`"), whose `field`, `from` and `to` agree with what actually changed;
- a project file or a report file is never deleted (no silent disappearance; a project leaves the list
  with an `exited` record, and its reports then stop being owed);
- a newly added report is not back-dated: its `submitted_on` may precede the day it reached the repository
  (`--received-on`, the pull request's creation date) by at most one day, unless the inspection office
  registered its receipt (`received`);
- a change to the figures of an earlier month is a warning reviewers see;
- a problem's escalation, answer and closure, once recorded, never change (problem history is immutable).

A base revision is read (generator/review/revision.py) and loaded by the ordinary loader, so both sides
are read exactly alike. Each rule is registered with the codes it may emit. Nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from generator.core.codes import Emitter, emitter
from generator.core.codes import finding as emit
from generator.core.findings import Finding, pointer_of
from generator.loading.files import Loaded
from generator.model import build_index, closing_day, get, items, to_date, year_of
from generator.review.compare import (
    Side,
    at_pointer,
    changed_pointers,
    flatten,
    pointer_path,
    report_key,
    same,
    shown,
)

BACKDATE_GRACE_DAYS = 1
IMMUTABLE_PROBLEM_KEYS = ("escalated_to", "escalated_on", "answer", "closed")
FIGURE_PREFIXES = ("/investment", "/funds", "/progress/percent", "/verified/adjusted")

Check = Callable[[Side, Side, date | None, date | None], Iterator[Finding]]
CHECKS: dict[str, tuple[Emitter, Check]] = {}


def integrity_rule(name: str, codes: tuple[str, ...]) -> Callable[[Callable[..., Iterator[Finding]]], Check]:
    """Register an integrity rule with the codes it may emit (its findings are made by `emit` below)."""
    def register(fn: Callable[..., Iterator[Finding]]) -> Check:
        CHECKS[name] = (emitter(f"review.{name}", codes), fn)
        return fn

    return register


def integrity(base: Loaded, head: Loaded, received_on: date | None = None,
              day: date | None = None) -> list[Finding]:
    """Every integrity finding of the change from `base` to `head`, made on `received_on` (the pull request's
    date) or else on `day` (the as-of date): the day decides which years are closed."""
    b, h = Side.of(base), Side.of(head)
    out: list[Finding] = []
    for name, (declared, fn) in CHECKS.items():
        for found in fn(b, h, received_on, day):
            if found.code not in declared.codes:
                raise AssertionError(f"integrity rule {name} emitted {found.code}, which it does not declare")
            out.append(found)
    return sorted(out, key=lambda p: (p.path, p.line, p.code, p.pointer))


@integrity_rule("removed", codes=("change-project-removed", "change-report-removed"))
def _removed(b: Side, h: Side, received_on: date | None = None,
             day: date | None = None) -> Iterator[Finding]:
    """No silent disappearance: a project leaves with an `exited` record, and its history stays."""
    for path, f in sorted(b.projects().items()):
        if path in h.by_path:
            continue
        pid = path.rsplit("/", 1)[-1].removesuffix(".yaml")
        exited = get(f.data, "exited") is not None
        hint = ("这个项目已经登记了退出（exited），项目文件仍要保留，网站据此公示退出情况。" if exited else
                "项目中期退出时，请在项目文件中填写 exited（退出日期 on 和原因 reason），不要删除文件。")
        yield emit("change-project-removed", path, 1, f"删除了项目“{pid}”的文件。{hint}")
    for path in sorted(b.reports()):
        if path not in h.by_path:
            project, period = report_key(path)
            yield emit("change-report-removed", path, 1,
                          f"删除了项目“{project}” {period} 的月报。已报送的月报是督查记录，不能删除；"
                          "内容有误请按更正程序修改（已核实的要登记 corrections）。")


@integrity_rule("exits", codes=("change-exit-removed", "change-exit-moved"))
def _exits(b: Side, h: Side, received_on: date | None = None,
           day: date | None = None) -> Iterator[Finding]:
    """The notice's 中期退出 is a public record: once entered, an `exited` record is not taken away (the
    project would silently owe reports again), and a changed exit date is shown to reviewers."""
    for path, f in sorted(b.projects().items()):
        after = h.by_path.get(path)
        before = get(f.data, "exited")
        if after is None or before is None or after.data is None:
            continue
        now = get(after.data, "exited")
        if now is None:
            yield emit("change-exit-removed", path, after.line("id"),
                          f"删除了项目的退出记录（原退出日期 {get(before, 'on')}）。退出记录一经登记不能删除；"
                          "如项目重新纳入督查，请由重点项目办另行登记。")
        elif get(now, "on") != get(before, "on"):
            yield emit("change-exit-moved", path, after.line("exited", "on"),
                          f"退出日期由 {get(before, 'on')} 改为 {get(now, 'on')}。退出日期决定此后是否还要报送月报，"
                          "审核人请确认修改的依据。")


def _corrected(bf: Any, hf: Any, changed: list[str]) -> tuple[set[str], list[Finding]]:
    """The leaf fields that this change's new correction records explain, and the records that explain
    nothing: a correction names one changed leaf exactly (`/investment/month`, never `//` or a whole
    section), `from` is the base's value there and `to` the head's."""
    old = items(bf.data, "corrections")
    valid: set[str] = set()
    found: list[Finding] = []
    for i, corr in enumerate(items(hf.data, "corrections")):
        ptr = get(corr, "field")
        if any(same(corr, o) for o in old) or not isinstance(ptr, str):
            continue
        if ptr not in changed:
            found.append(emit("change-correction-mismatch", hf.path, hf.line("corrections", i, "field"),
                              f"更正记录写的字段 {ptr} 不是这次修改的某一项。请写到最末一级字段，"
                              f"例如 /investment/month，每改一项登记一条；没有修改的请删除这条更正记录。",
                              pointer_of(("corrections", i, "field"))))
            continue
        before, after = at_pointer(bf.data, ptr), at_pointer(hf.data, ptr)
        bad = []
        if not same(get(corr, "from"), before):
            bad.append(f"from（原来的值）应为 {shown(before)}，填的是 {shown(get(corr, 'from'))}")
        if not same(get(corr, "to"), after):
            bad.append(f"to（新的值）应为 {shown(after)}，填的是 {shown(get(corr, 'to'))}")
        if bad:
            found.append(emit("change-correction-mismatch", hf.path, hf.line("corrections", i),
                              f"更正记录与实际修改不一致：字段 {ptr} 的" + "；".join(bad) + "。",
                              pointer_of(("corrections", i))))
        else:
            valid.add(ptr)
    return valid, found


def _report_pairs(b: Side, h: Side) -> Iterator[tuple[str, Any, Any]]:
    """Reports in both revisions that loaded cleanly on both sides."""
    for path, bf in sorted(b.reports().items()):
        hf = h.by_path.get(path)
        if hf is not None and bf.doc is not None and hf.doc is not None and isinstance(bf.data, dict) \
                and isinstance(hf.data, dict):
            yield path, bf, hf


@integrity_rule("corrections", codes=("change-correction-mismatch", "change-verified-uncorrected",
                                      "change-submitted-on"))
def _corrections(b: Side, h: Side, received_on: date | None = None,
                 day: date | None = None) -> Iterator[Finding]:
    """DATA-MODEL `corrections[]`: required for every change after `verified`, saying exactly what changed
    (`field`, `from`, `to`); and, verified or not, for a change of a submitted report's `submitted_on` (a
    report already in the repository cannot be back-dated)."""
    for _, bf, hf in _report_pairs(b, h):
        changed = changed_pointers(bf.data, hf.data)
        if not changed and len(items(hf.data, "corrections")) == len(items(bf.data, "corrections")):
            continue
        valid, found = _corrected(bf, hf, changed)
        yield from found
        verified = get(bf.data, "verified") is not None
        for ptr in changed:
            if ptr in valid:
                continue
            if ptr == "/submitted_on" and not verified:
                yield emit("change-submitted-on", hf.path, hf.line("submitted_on"),
                           f"已提交的月报的报送日期由 {shown(get(bf.data, 'submitted_on'))} 改为 "
                           f"{shown(get(hf.data, 'submitted_on'))}，却没有更正记录。报送日期决定是否逾期，"
                           "改动须在 corrections 中登记（field: /submitted_on，from、to、日期、单位和原因）。", ptr)
            elif verified:
                at = pointer_path(ptr)
                yield emit("change-verified-uncorrected", hf.path, hf.line(*at) if ptr in flatten(hf.data) else
                           hf.line("verified"),
                           f"这份月报已经稽察办核实，修改了 {ptr}（{shown(at_pointer(bf.data, ptr))} → "
                           f"{shown(at_pointer(hf.data, ptr))}）却没有更正记录。请在 corrections 中登记一项："
                           f"field: {ptr}，from、to 分别是原来和现在的值，并写明日期、单位和原因。", ptr)


@integrity_rule("corrections-kept", codes=("change-correction-removed",))
def _corrections_kept(b: Side, h: Side, received_on: date | None = None,
                      day: date | None = None) -> Iterator[Finding]:
    """A correction record is history: it is never deleted or rewritten (a later correction corrects it)."""
    for _, bf, hf in _report_pairs(b, h):
        remaining = list(items(hf.data, "corrections"))
        for i, old in enumerate(items(bf.data, "corrections")):
            match = next((k for k, new in enumerate(remaining) if same(new, old)), None)
            if match is None:
                yield emit("change-correction-removed", hf.path, hf.line("corrections"),
                           f"第 {i + 1} 条更正记录（{shown(get(old, 'field'))}，{shown(get(old, 'on'))}）被删除或改写了。"
                           "更正记录一经登记不能删改；如有错误，请另登记一条更正。", "/corrections")
            else:
                remaining.pop(match)


_OFFICE_FIELDS = re.compile(r"^/(received|verified)(/|$)|^/problems/[0-9]+/closed(/|$)")


@integrity_rule("office-records", codes=("change-office-record",))
def _office_records(b: Side, h: Side, received_on: date | None = None,
                    day: date | None = None) -> Iterator[Finding]:
    """稽察办进行核实汇总…登记: receipt (`received`), verification (`verified`) and closure (`closed`) are
    written by the offices, not by the reporting unit. CODEOWNERS makes the inspection office approve every
    report; this shows reviewers which office records a change touches."""
    for path, hf in sorted(h.reports().items()):
        bf = b.by_path.get(path)
        if hf.doc is None or not isinstance(hf.data, dict):
            continue
        before = bf.data if bf is not None and bf.doc is not None else {}
        touched = [p for p in changed_pointers(before, hf.data) if _OFFICE_FIELDS.match(p)]
        if touched:
            first = touched[0]
            at = pointer_path(first)
            yield emit("change-office-record", hf.path, hf.line(*at) if first in flatten(hf.data) else 1,
                       "这次修改涉及稽察办、督查室填写的记录（" + "、".join(touched[:5]) + ("等" if len(touched) > 5 else "")
                       + "）：收件登记、核实和销号只能由这些办公室填写，须经稽察办审核同意后合并。", first)


def _problems_by_id(data: Any) -> dict[str, tuple[int, Any]]:
    return {get(p, "id"): (i, p) for i, p in enumerate(items(data, "problems")) if isinstance(get(p, "id"), str)}


@integrity_rule("problem-history", codes=("change-problem-history",))
def _problem_history(b: Side, h: Side, received_on: date | None = None,
                     day: date | None = None) -> Iterator[Finding]:
    """DATA-MODEL: once set, a problem's `escalated_*`, `answer` (and closure) never change, in any report
    already in the repository: the record the 4-working-day rule is judged on."""
    for path, bf in sorted(b.reports().items()):
        hf = h.by_path.get(path)
        if hf is None or bf.doc is None or hf.doc is None:
            continue
        now = _problems_by_id(hf.data)
        for pid, (_, old) in sorted(_problems_by_id(bf.data).items()):
            if pid not in now:
                yield emit("change-problem-history", hf.path, hf.line("problems"),
                              f"问题“{pid}”从这份已提交的月报中被删除了。问题记录不能删除；"
                              "已解决的问题由督查室、稽察办或重点项目办在之后的月报中销号（closed）。",
                              "/problems")
                continue
            i, new = now[pid]
            for key in IMMUTABLE_PROBLEM_KEYS:
                before, after = get(old, key), get(new, key)
                if before is not None and not same(before, after):
                    yield emit("change-problem-history", hf.path, hf.line("problems", i, key),
                                  f"问题“{pid}”的 {key} 已经记录（{shown(before)}），这次被改成了 {shown(after)}。"
                                  "上报、答复和销号记录一经提交不能改动；请恢复原来的内容。",
                                  pointer_of(("problems", i, key)))


@integrity_rule("earlier-months", codes=("change-earlier-month",))
def _earlier_months(b: Side, h: Side, received_on: date | None = None,
                    day: date | None = None) -> Iterator[Finding]:
    """A change to an earlier month's figures is allowed (a late fix) but shown to reviewers."""
    for path, bf in sorted(b.reports().items()):
        hf = h.by_path.get(path)
        if hf is None or bf.doc is None or hf.doc is None:
            continue
        project, period = report_key(path)
        latest = h.latest_period(project)
        if latest is None or period >= latest:
            continue
        moved = [p for p in changed_pointers(bf.data, hf.data) if p.startswith(FIGURE_PREFIXES)]
        if moved:
            first = moved[0]
            yield emit("change-earlier-month", hf.path, hf.line(*pointer_path(first)),
                          f"修改了以前月份（{period}）月报的数字：" + "、".join(
                              f"{p}（{shown(at_pointer(bf.data, p))} → {shown(at_pointer(hf.data, p))}）"
                              for p in moved) + f"。该项目最新的月报是 {latest}；请审核人确认修改的原因。", first)


@integrity_rule("backdated", codes=("report-backdated",))
def _backdated(b: Side, h: Side, received_on: date | None = None,
               day: date | None = None) -> Iterator[Finding]:
    """A report reaches the repository when its pull request is opened; `submitted_on` may precede that by
    one day at most, unless the inspection office registered a receipt by e-mail, paper or another system."""
    if received_on is None:
        return
    for path, hf in sorted(h.reports().items()):
        if path in b.by_path or hf.doc is None or not isinstance(hf.data, dict):
            continue
        submitted = to_date(hf.data.get("submitted_on"))
        if submitted is None or hf.data.get("received") is not None:
            continue
        if submitted < received_on - timedelta(days=BACKDATE_GRACE_DAYS):
            yield emit("report-backdated", hf.path, hf.line("submitted_on"),
                          f"报送日期 {submitted} 比这份月报提交到系统的日期 {received_on} 早了 "
                          f"{(received_on - submitted).days} 天。请填写实际提交的日期；"
                          "如果月报此前已通过电子邮件或纸质报送，请由稽察办填写收件登记 received。",
                          "/submitted_on")


def _file_year(f: Any, project_years: dict[str, int | None]) -> int | None:
    """The year a file belongs to (model.year_of); for a file that did not load, what its path says."""
    if isinstance(f.data, dict):
        return year_of(f.kind, f.data, project_years)
    parts = f.path.split("/")
    stem = parts[-1].removesuffix(".yaml")
    from_path = {"report": {"project": stem, "period": parts[-2]}, "briefing": {"period": parts[-2]},
                 "project": {"year": project_years.get(stem)}, "year": {"year": int(stem) if stem.isdigit() else None}}
    return year_of(f.kind, from_path.get(f.kind, {}), project_years)


@integrity_rule("closed-years", codes=("change-closed-year", "change-closed-year-file"))
def _closed_years(b: Side, h: Side, received_on: date | None = None,
                  day: date | None = None) -> Iterator[Finding]:
    """A year closes on its closing day (the annual briefing's due day, next January): from then on its files
    are the year's record and its final scores are fixed. Every change to them needs a correction record,
    as a verified report's does; nothing is added to the year and nothing taken from it. (Reports already
    verified, and the `submitted_on` of any report, are checked by the corrections rule.)"""
    on = received_on or day
    if on is None:
        return
    idx = build_index(b.loaded)
    base_years, closed = idx.project_years(), set(idx.closed_years(on))
    if not closed:
        return
    head_years = {**base_years, **build_index(h.loaded).project_years()}

    def closing(year: int) -> str:
        return closing_day(idx.year_settings(year), year).isoformat()

    for path, bf in sorted(b.by_path.items()):
        year = _file_year(bf, base_years)
        if year not in closed:
            continue
        assert year is not None
        hf = h.by_path.get(path)
        if hf is None:
            if bf.kind not in ("project", "report"):  # those two are the `removed` rule's
                yield emit("change-closed-year-file", path, 1,
                           f"删除了 {year} 年度的文件。{year} 年度已于 {closing(year)} 结账，"
                           "它的文件是督查记录，不能删除。")
            continue
        if hf.doc is None or not isinstance(hf.data, dict) or not isinstance(bf.data, dict):
            continue
        changed = changed_pointers(bf.data, hf.data)
        if not changed:
            continue
        verified = bf.kind == "report" and get(bf.data, "verified") is not None
        if verified:
            continue
        valid, found = _corrected(bf, hf, changed)
        if bf.kind != "report":  # a report's correction records are judged by the corrections rule
            yield from found
        for ptr in changed:
            if ptr in valid or (bf.kind == "report" and ptr == "/submitted_on"):
                continue
            at = pointer_path(ptr)
            yield emit("change-closed-year", hf.path, hf.line(*at) if ptr in flatten(hf.data) else 1,
                       f"{year} 年度已于 {closing(year)} 结账，这个文件是该年度的督查记录。这次修改了 {ptr}"
                       f"（{shown(at_pointer(bf.data, ptr))} → {shown(at_pointer(hf.data, ptr))}）却没有更正记录。"
                       f"请在 corrections 中登记一项：field: {ptr}，from、to 分别是原来和现在的值，并写明日期、单位"
                       "和原因；结账后的更正不改变该年度的归档网页和最终得分。", ptr)
    for path, hf in sorted(h.by_path.items()):
        if path in b.by_path:
            continue
        year = _file_year(hf, head_years)
        if hf.kind == "year" and not idx.years:
            continue  # the first new-year names the year config.yaml held (review/newyear.py)
        if year in closed:
            assert year is not None
            yield emit("change-closed-year-file", path, 1,
                       f"这个文件属于 {year} 年度，而 {year} 年度已于 {closing(year)} 结账，不能再增加文件"
                       "（补报的月报、新的项目、工作报告或调度记录都不再计入该年度）。当前年度的工作请记在当前年度的文件里。")
