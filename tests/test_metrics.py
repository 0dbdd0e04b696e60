"""Metrics against hand-worked values on the base repository (see tests/test_deadlines.py for its facts)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from generator.compute import deadlines
from generator.compute.metrics import Metrics, ProjectMetrics, compute, due_month, holder_on, rate
from generator.core.paths import RepoPaths
from generator.core.settings import Settings
from generator.loading.files import load
from generator.model import build_index
from helpers import BASE, d, edit

R3 = "data/reports/2015-03/2015-zj-01.yaml"
Z, X, Q = "data/projects/2015-zj-01.yaml", "data/projects/2015-xkg-01.yaml", "data/projects/2015-qq-01.yaml"


def metrics(repo: Path, as_of: str = "2015-04-20") -> Metrics:
    idx = build_index(load(RepoPaths(repo), jobs=1))
    return compute(idx, deadlines.compute(idx, d(as_of)))


def project(m: Metrics, pid: str) -> ProjectMetrics:
    return next(p for p in m.projects if p.id == pid)


def test_rate_is_exact_or_not_applicable() -> None:
    assert rate(1, 3) == Decimal("0.3333")
    assert rate(5, 0) is None
    assert rate(None, 10) is None


def test_due_month() -> None:
    s = Settings.from_config({"year": 2015})
    assert due_month(s, d("2015-10-20")) == 9
    assert due_month(s, d("2015-10-09")) == 9
    assert due_month(s, d("2015-10-08")) == 8  # on the due day itself the report is not late yet
    assert due_month(s, d("2015-10-07")) == 8
    assert due_month(s, d("2015-03-07")) == 0


def test_time_progress_completion_and_gap() -> None:
    zj = project(metrics(BASE), "2015-zj-01")
    # M = 3; the February figure was adjusted to 14,000; March reports 24,000.25 against a plan of 120,000
    assert (zj.time_progress, zj.completion, zj.gap_points) == (Decimal("0.25"), Decimal("0.2000"), Decimal("5.0"))
    assert (zj.funds_rate, zj.status) == (Decimal("0.25"), "green")


def test_adjusted_verification_wins(tmp_path: Path) -> None:
    repo = edit(tmp_path, (R3, "  result: confirmed", "  result: adjusted\n  adjusted:\n    investment:\n"
                           "      month: 4000\n      year_to_date: 18000"))
    m = metrics(repo)
    zj = project(m, "2015-zj-01")
    assert (zj.ytd_reported, zj.ytd, zj.completion, zj.gap_points) == \
        (Decimal("24000.25"), Decimal("18000"), Decimal("0.1500"), Decimal("10.0"))
    assert zj.status == "yellow" and "10.0" in zj.reason
    assert m.verification["difference"] == Decimal("6000.25")
    assert m.verification["adjusted_reports"] == 2


def test_zero_plan_is_not_applicable() -> None:
    qq = project(metrics(BASE), "2015-qq-01")
    assert (qq.annual_plan, qq.completion, qq.gap_points, qq.status) == (Decimal(0), None, None, "green")


def test_entry_mid_year_time_progress(tmp_path: Path) -> None:
    repo = edit(tmp_path, (X, "action_plan:", "entered_on: 2015-03-10\naction_plan:"),
                remove=("data/reports/2015-02/2015-xkg-01.yaml",))
    xkg = project(metrics(repo), "2015-xkg-01")
    # one basis: the annual plan and year-to-date are whole-year figures, so time progress is the year's (3/12)
    assert xkg.time_progress == Decimal("0.2500")
    assert xkg.completion is not None and xkg.gap_points == (xkg.time_progress - xkg.completion) * 100


def test_missing_latest_report_is_grey(tmp_path: Path) -> None:
    xkg = project(metrics(edit(tmp_path, remove=("data/reports/2015-03/2015-xkg-01.yaml",))), "2015-xkg-01")
    assert (xkg.status, xkg.reason) == ("grey", "3月月报未按期报送")


def test_preliminary_judged_by_milestones(tmp_path: Path) -> None:
    repo = edit(tmp_path, (Q, "      due: 2015-09-30", "      due: 2015-03-31"))
    assert project(metrics(repo), "2015-qq-01").status == "yellow"  # 20 days overdue
    assert project(metrics(repo, "2015-05-05"), "2015-qq-01").status == "red"  # 35 days


def test_holders_change_and_vacancy() -> None:
    post = {"holders": [{"name": "张某某", "from": "2013-01-01", "to": "2015-06-30"},
                        {"name": "李某某", "from": "2015-08-01", "to": None}]}
    assert holder_on(post, d("2015-06-30")) == "张某某"
    assert holder_on(post, d("2015-07-15")) is None  # vacancy
    assert holder_on(post, d("2015-08-01")) == "李某某"
    m = metrics(BASE)
    assert m.by_leader_post["fzz-jt"]["holder"] == "张某某"
    assert m.by_leader_post["fzz-fg"]["projects"] == 2


def test_start_rate(tmp_path: Path) -> None:
    repo = edit(tmp_path, (X, "    planned: 2015-06-01\n    actual: null", "    planned: 2015-04-01\n    actual: 2015-04-10"))
    assert metrics(repo).start_rate == {"planned_by_as_of": 1, "started": 1, "started_early": 0,
                                        "rate": Decimal("1.0000")}
    assert metrics(BASE).start_rate["rate"] is None


def test_problem_metrics() -> None:
    problems = metrics(BASE).problems
    assert problems["total"] == {"total": 1, "open": 1, "escalated": 1, "answered_on_time": 1}
    assert problems["mean_answer_workdays"] == Decimal("4.0")


def test_scores_trace_every_point(tmp_path: Path) -> None:
    repo = edit(tmp_path, remove=("data/reports/2015-03/2015-xkg-01.yaml",))
    tables = metrics(repo).scores
    county = {row["unit"]: row for row in tables["county_gov"]}["chuxiong-gov"]
    # missing March report −5, March site visit −1, Q1 briefing −3
    assert county["score"] == Decimal(91)
    assert sorted((line["kind"], line["points"]) for line in county["lines"]) == [
        ("briefing", Decimal(3)), ("report", Decimal(5)), ("site-visit", Decimal(1))]
    assert all(line["path"] and line["line"] >= 1 for line in county["lines"])
    depts = {row["unit"]: row["score"] for row in tables["prefecture_dept"]}
    assert depts == {"fgw": Decimal(97), "jtj": Decimal(100)}


def test_red_share_costs_points(tmp_path: Path) -> None:
    repo = edit(tmp_path, (R3, "  month: 10000.25\n  year_to_date: 24000.25", "  month: 0\n  year_to_date: 14000"),
                (R3, "  year_to_date: 30000", "  year_to_date: 20000"))
    m = metrics(repo, "2015-05-10")  # M = 4: time progress 33.3%, completion 11.7%
    assert project(m, "2015-zj-01").status == "grey"  # April report owed by 05-08 and missing
    m = metrics(repo, "2015-04-20")
    zj = project(m, "2015-zj-01")
    assert zj.gap_points == Decimal("13.3") and zj.status == "yellow"
