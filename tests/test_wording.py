"""Plain words for duties (site/wording.py), periods and gaps (core/chinese.py), field pointers (labels.py):
on the real data, every duty reads as a person says it, and a problem that is not public stays unsaid."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.compute.analysis import analyse
from generator.core.chinese import cperiod, gap
from generator.core.paths import RepoPaths
from generator.labels import labels, pointer_title
from generator.site.wording import Wording

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2015, 12, 31)
REFERENCE = re.compile(r"\d{4}-\d{2}-\d{2}-\d{2}/|(?<![A-Za-z])p\d+\b|cadence-|\d{4}-(?:\d{2}|Q\d|FY)\b")


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    return analyse(RepoPaths(ROOT), AS_OF, None)


def test_every_duty_of_the_real_data_reads_without_references(run) -> None:  # type: ignore[no-untyped-def]
    words = Wording(run.idx, AS_OF)
    kinds = set()
    for d in run.deadlines.deadlines:
        text = words.what(d)
        kinds.add(d.kind)
        assert not REFERENCE.search(text), (d.kind, d.ref, text)
        assert text.startswith(labels().deadline_kind[d.kind]) or d.kind in (
            "report", "verification", "site-visit", "briefing", "decision", "finding"), (d.kind, text)
    assert kinds >= {"report", "verification", "briefing", "answer", "promise", "decision", "finding", "milestone",
                     "cadence", "site-visit", "action-plan"}  # the data exercises every kind that has a reference


@pytest.mark.parametrize(("kind", "ref", "expected"), [
    ("report", "2015-07", "2015年7月月报"),
    ("verification", "2015-07", "2015年7月月报核实"),
    ("site-visit", "2015-04", "2015年4月现场调研"),
    ("briefing", "2015-Q2", "2015年第二季度书面报告"),
    ("briefing", "2015-FY", "2015年全年书面报告"),
    ("cadence", "cadence-2015-11-08", "调度频次：自2015年11月8日起未按频次督促或调度"),
    ("action-plan", "action-plan", "推进行动方案"),
    ("milestone", "取得施工许可", "倒排工期节点：取得施工许可"),
])
def test_a_duty_in_words(run, kind: str, ref: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert Wording(run.idx, AS_OF).what(SimpleNamespace(kind=kind, ref=ref, project=None)) == expected


def test_a_decision_and_a_finding_by_their_meeting_and_number(run) -> None:  # type: ignore[no-untyped-def]
    words = Wording(run.idx, AS_OF)
    decision = words.what(SimpleNamespace(kind="decision", ref="2015-08-20-01/d02", project=None))
    assert decision.startswith("2015年8月20日协调会议定事项第2项：")
    finding = words.what(SimpleNamespace(kind="finding", ref="2015-08-25-01/f02", project="2015-xkg-26"))
    assert finding == "2015年8月25日督查发现问题第2项：关键线路工程滞后于倒排工期计划"


def test_a_problem_not_public_in_any_report_stays_unsaid(run) -> None:  # type: ignore[no-untyped-def]
    pid, ident = next((pid, ident) for pid in sorted(run.idx.reports) for ident in run.idx.problem_records(pid))
    words = Wording(run.idx, AS_OF)
    summary = run.idx.latest_problem(pid, ident, AS_OF)["summary"]
    assert summary in words.what(SimpleNamespace(kind="answer", ref=ident, project=pid))
    idx = copy.copy(run.idx)
    idx.reports = copy.deepcopy(run.idx.reports)
    first = min(period for period, (_, r) in idx.reports[pid].items()
                if any(p.get("id") == ident for p in r.get("problems", [])))
    for p in idx.reports[pid][first][1]["problems"]:
        if p.get("id") == ident:
            p["public"] = False  # private in an early report: private in every later one's words too
    hidden = Wording(idx, AS_OF).what(SimpleNamespace(kind="promise", ref=ident, project=pid))
    assert summary not in hidden and "不公开" in hidden


def test_a_finding_not_public_stays_unsaid(run) -> None:  # type: ignore[no-untyped-def]
    idx = copy.copy(run.idx)
    idx.dispatches = copy.deepcopy(run.idx.dispatches)
    _, d = next((f, d) for f, d in idx.dispatches if f.path.endswith("2015-08-25-01.yaml"))
    d["findings"][1]["public"] = False
    text = Wording(idx, AS_OF).what(SimpleNamespace(kind="finding", ref="2015-08-25-01/f02", project=None))
    assert text == "2015年8月25日督查发现问题第2项（内容不公开）"


@pytest.mark.parametrize(("value", "expected"), [
    ("2015-07", "2015年7月"), ("2015-12", "2015年12月"), ("2015-Q1", "2015年第一季度"), ("2016-FY", "2016年全年"),
    (None, "—"),
])
def test_periods_in_words(value: object, expected: str) -> None:
    assert cperiod(value) == expected


@pytest.mark.parametrize(("points", "expected"), [
    ("5.2", "落后 5.2 个百分点"), ("-3.0", "超前 3.0 个百分点"), ("0.0", "与时间进度持平"), ("-0.0", "与时间进度持平"),
    (None, "—"),
])
def test_a_gap_reads_behind_or_ahead(points: str | None, expected: str) -> None:
    from decimal import Decimal

    assert gap(Decimal(points) if points is not None else None) == expected


@pytest.mark.parametrize(("pointer", "expected"), [
    ("/investment/month", "完成投资 · 本月完成投资（万元）"),
    ("/submitted_on", "报送日期"),
    ("/problems/0/summary", "存在问题 · 第1项 · 问题情况"),
])
def test_a_corrected_field_by_its_titles(pointer: str, expected: str) -> None:
    assert pointer_title("report", pointer) == expected
