"""Rules round two, each scenario built from the demonstration data (a copy of data/, edited): every duty of
the notice judged exactly as it could be known on the as-of date, charged to the right party, and ending."""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli import main
from generator.compute.analysis import Analysis, analyse
from generator.compute.deadlines import Deadline
from generator.compute.lagging import silent_lagging
from generator.core.paths import RepoPaths
from generator.site.views.posts import holder_periods

ROOT = Path(__file__).resolve().parent.parent


def demo(tmp: Path, *edits: tuple[str, str, str], remove: tuple[str, ...] = ()) -> Path:
    """A copy of the demonstration data with (file, old, new) edits."""
    shutil.copytree(ROOT / "data", tmp / "data")
    for rel, old, new in edits:
        path = tmp / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for rel in remove:
        (tmp / rel).unlink()
    return tmp


def run(repo: Path, as_of: str = "2015-10-20") -> Analysis:
    return analyse(RepoPaths(repo), date.fromisoformat(as_of), jobs=1)


def codes(result: Analysis) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.code) for f in result.findings.sorted()]


def one(result: Analysis, kind: str, project: str | None, ref: str) -> Deadline:
    assert result.deadlines is not None
    return next(d for d in result.deadlines.deadlines if (d.kind, d.project, d.ref) == (kind, project, ref))


def figures(result: Analysis, pid: str):  # type: ignore[no-untyped-def]
    return next(pm for pm in result.metrics().projects if pm.id == pid)


P25 = "data/projects/2015-zj-25.yaml"


# ---------------------------------------------------------------- 1, 2: the 五个一 and the action plan


def test_1_the_five_ones_cannot_be_deleted(tmp_path: Path) -> None:
    text = (ROOT / P25).read_text(encoding="utf-8")
    team = text[text.index("team:"):text.index("action_plan:")]
    stones = text[text.index("  milestones:"):text.index("dates:")]
    repo = demo(tmp_path, (P25, team, ""), (P25, stones, ""))
    found = [c for _, _, c in codes(run(repo))]
    assert found.count("five-ones-missing") == 2
    assert main(["--root", str(repo), "validate", "--strict", "--jobs", "1"]) == 1


def test_1_a_deleted_action_plan_is_still_owed_and_its_date_is_not_the_files(tmp_path: Path) -> None:
    text = (ROOT / P25).read_text(encoding="utf-8")
    plan = text[text.index("action_plan:"):]
    plan = plan[:plan.index("\n", plan.index("submitted_on")) + 1]
    repo = demo(tmp_path, (P25, plan, ""))
    gone = one(run(repo), "action-plan", "2015-zj-25", "action-plan")
    assert (gone.due, gone.state) == (date(2015, 2, 16), "missed")
    moved = demo(tmp_path / "moved", (P25, "action_plan:\n", "action_plan:\n  due: 2015-03-31\n"))
    assert "field-unknown" in [c for _, _, c in codes(run(moved))]  # a project file cannot move the date


def test_1_an_entrant_owes_its_plan_working_days_after_entry() -> None:
    entrant = one(run(ROOT), "action-plan", "2015-xkg-31", "action-plan")  # entered Monday 2015-06-15
    # five working days, the Dragon Boat holiday (06-20..06-22) skipped
    assert (entrant.due, entrant.state) == (date(2015, 6, 23), "met")


def test_2_a_late_action_plan_costs_its_unit() -> None:
    result = run(ROOT)
    late = one(result, "action-plan", "2015-zj-25", "action-plan")
    assert (late.state, late.days) == ("met_late", 15)
    table = result.metrics().scores["county_gov"]
    row = next(r for r in table if r["unit"] == "gov-yaoan")
    assert any(line["kind"] == "action-plan" and line["points"] == Decimal(2) for line in row["lines"])
    assert row["score"] < 100


# ---------------------------------------------------------------- 3, 4: figures as known, and kept


def _adjusted_on(tmp: Path, verified_on: str) -> Path:
    """2015-zj-03's September report cut by 1,000 万元, verified on `verified_on`."""
    rel = "data/reports/2015-09/2015-zj-03.yaml"
    text = (ROOT / rel).read_text(encoding="utf-8")
    ytd = Decimal(re.search(r"  year_to_date: ([0-9.]+)", text).group(1))  # type: ignore[union-attr]
    month = Decimal(re.search(r"  month: ([0-9.]+)", text).group(1))  # type: ignore[union-attr]
    block = text[text.index("verified:"):]
    new = (f"verified:\n  by: jichaban\n  on: {verified_on}\n  method: site\n  result: adjusted\n  adjusted:\n"
           f"    investment:\n      month: {month - 1000}\n      year_to_date: {ytd - 1000}\n")
    return demo(tmp, (rel, block, new))


def test_3_an_adjustment_counts_from_the_day_it_was_recorded(tmp_path: Path) -> None:
    repo = _adjusted_on(tmp_path, "2015-10-12")
    before, after = figures(run(repo, "2015-10-11"), "2015-zj-03"), figures(run(repo, "2015-10-12"), "2015-zj-03")
    assert before.ytd == before.ytd_reported  # the reported figure stands until verified.on
    assert after.ytd == after.ytd_reported - 1000


def test_4_a_cut_does_not_vanish_when_the_next_month_ignores_it(tmp_path: Path) -> None:
    aug = "data/reports/2015-08/2015-zj-03.yaml"
    sep = "data/reports/2015-09/2015-zj-03.yaml"
    text = (ROOT / aug).read_text(encoding="utf-8")
    ytd = Decimal(re.search(r"  year_to_date: ([0-9.]+)", text).group(1))  # type: ignore[union-attr]
    month = Decimal(re.search(r"  month: ([0-9.]+)", text).group(1))  # type: ignore[union-attr]
    block = text[text.index("verified:"):]
    cut = (f"verified:\n  by: jichaban\n  on: 2015-09-10\n  method: site\n  result: adjusted\n  adjusted:\n"
           f"    investment:\n      month: {month - 500}\n      year_to_date: {ytd - 500}\n")
    repo = demo(tmp_path, (aug, block, cut))  # September still builds on August's reported figure
    result = run(repo)
    zj = figures(result, "2015-zj-03")
    assert zj.ytd == zj.ytd_reported - 500  # carried on: the cut stays visible
    assert next(row for row in zj.monthly if row["period"] == "2015-09")["carried_cut"] == 500
    warning = next(f for f in result.findings.findings if f.path == sep and f.code == "report-ytd-sum")
    assert f"{ytd - 500}" in warning.message and "核减" in warning.message
    assert result.metrics().verification["difference"] >= 500


# ---------------------------------------------------------------- 5, 6, 7: the right party, and an end


def test_5_the_office_is_not_late_for_a_report_that_arrived_after_the_12th(tmp_path: Path) -> None:
    rel = "data/reports/2015-08/2015-zj-29.yaml"
    text = (ROOT / rel).read_text(encoding="utf-8")
    submitted = re.search(r"submitted_on: (\S+)", text).group(1)  # type: ignore[union-attr]
    verified = re.search(r"verified:\n  by: jichaban\n  on: (\S+)", text).group(1)  # type: ignore[union-attr]
    repo = demo(tmp_path, (rel, f"submitted_on: {submitted}", "submitted_on: 2015-09-15"),
                (rel, f"  on: {verified}", "  on: 2015-09-17"))
    check = one(run(repo), "verification", "2015-zj-29", "2015-08")
    assert (check.due, check.state) == (date(2015, 9, 18), "met")  # three working days from receipt


def _escalated(tmp: Path, on: str, closed: str | None = None, to: str = "guotu") -> Path:
    rel = "data/reports/2015-04/2015-zj-29.yaml"
    problem = (f"problems:\n- id: p09\n  category: land\n  summary: 用地报批待协调\n  measures: 报请协调\n"
               f"  escalated_to: {to}\n  escalated_on: {on}\n")
    if closed:
        problem += f"  closed:\n    by: jichaban\n    on: {closed}\n"
    return demo(tmp, (rel, "site_visits:", problem + "site_visits:"))


def test_6_closing_without_an_answer_ends_the_duty(tmp_path: Path) -> None:
    in_time = one(run(_escalated(tmp_path / "a", "2015-04-21", "2015-04-24")), "answer", "2015-zj-29", "p09")
    assert in_time.state == "met"
    late = one(run(_escalated(tmp_path / "b", "2015-04-21", "2015-05-05")), "answer", "2015-zj-29", "p09")
    assert (late.due, late.state, late.days) == (date(2015, 4, 27), "met_late", 8)  # not missed for ever
    open_ = one(run(_escalated(tmp_path / "c", "2015-04-21")), "answer", "2015-zj-29", "p09")
    assert open_.state == "missed"


def test_7_a_lapse_belongs_to_the_holder_on_its_due_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _escalated(tmp_path, "2015-04-21", to="fuzhouzhang-nongye")
    lapse = one(run(repo), "answer", "2015-zj-29", "p09")
    assert (lapse.state, lapse.holder) == ("missed", "陈某某")  # who held the post on 04-27, not 杨某某 now
    main(["--root", str(repo), "check", "--as-of", "2015-10-20", "--fail-on", "none", "--jobs", "1"])
    out = capsys.readouterr().out
    assert "副州长（分管农业、水利、林业）（陈某某）" in out


def test_7_a_post_page_shows_the_holders_known_on_the_as_of_date() -> None:
    post = run(ROOT).idx.posts["fuzhouzhang-nongye"]
    names = [p.name for p in holder_periods(post, 2015, date(2015, 5, 15))]
    assert names == ["陈某某", None]  # the vacancy from 05-01; the 06-01 successor is not known yet
    assert [p.name for p in holder_periods(post, 2015, date(2015, 10, 20))] == ["陈某某", None, "杨某某"]


# ---------------------------------------------------------------- 8, 9, 10: bases and windows


def test_8_an_entrant_shares_the_whole_year_basis() -> None:
    entrant = figures(run(ROOT, "2015-07-20"), "2015-xkg-31")  # entered 2015-06-15
    assert entrant.time_progress == Decimal("0.5000")  # M = 6 of 12, as for every project
    assert entrant.completion is not None


def test_9_an_exited_project_is_judged_up_to_its_last_owed_month() -> None:
    exited = figures(run(ROOT), "2015-zj-16")  # left on 2015-07-01
    assert exited.listed is False and exited.status == "none"
    assert exited.time_progress == Decimal("0.5000")  # June, its last month: 50%, not the year's 75%


def test_9_an_exit_recorded_in_the_past_keeps_the_filed_reports_valid(tmp_path: Path) -> None:
    rel = "data/projects/2015-zj-03.yaml"
    repo = demo(tmp_path, (rel, "location:", "exited:\n  on: 2015-08-15\n  reason: 调整出名单\nlocation:"))
    result = run(repo)
    assert "report-not-owed" not in [c for _, _, c in codes(result)]  # reports filed while listed stay
    owed = [d.ref for d in result.deadlines.deadlines if d.kind == "report" and d.project == "2015-zj-03"]  # type: ignore[union-attr]
    assert owed[-1] == "2015-08"  # listed for half of August: owed (config.exit_month_owed)


def test_10_duties_start_at_the_notice_and_end_with_the_year() -> None:
    result = run(ROOT, "2016-02-01")  # before 2016's notice: the 2015 list, closing (the demo carries 2016 too)
    rows = result.deadlines.deadlines  # type: ignore[union-attr]
    assert all(d.due >= date(2015, 2, 8) for d in rows if d.kind == "cadence")
    assert not [d for d in rows if d.kind in ("cadence", "start", "completion", "milestone") and d.due.year > 2015]
    assert any(d.kind == "report" and d.ref == "2015-12" for d in rows)  # December's report: due in January


# ---------------------------------------------------------------- 11, 12: exact thresholds and days


def _gap(tmp: Path, plan: str) -> Path:
    """2015-zj-29's annual plan set so that its gap on 2015-10-20 (M = 9, 75%) is what the test needs."""
    return demo(tmp, ("data/projects/2015-zj-29.yaml", "  investment: 7190", f"  investment: {plan}"))


def test_11_thresholds_compare_the_unrounded_gap(tmp_path: Path) -> None:
    ytd = figures(run(ROOT), "2015-zj-29").ytd
    assert ytd is not None
    # completion = ytd / plan; gap = 75 − completion: plan for completion 44.99% (gap 30.01)
    plan_red = (ytd / Decimal("0.4499")).quantize(Decimal("0.01"))
    red = figures(run(_gap(tmp_path / "r", str(plan_red))), "2015-zj-29")
    assert red.gap_points == Decimal("30.0") and red.status == "red"  # shown rounded, judged exactly
    plan_green = (ytd / Decimal("0.6505")).quantize(Decimal("0.01"))  # gap 9.95
    green = figures(run(_gap(tmp_path / "g", str(plan_green))), "2015-zj-29")
    assert green.gap_points == Decimal("10.0") and green.status == "green"


def test_12_not_grey_on_the_due_day(tmp_path: Path) -> None:
    repo = demo(tmp_path, remove=("data/reports/2015-09/2015-zj-29.yaml",))
    assert figures(run(repo, "2015-10-08"), "2015-zj-29").status != "grey"  # due on the 8th: not late yet
    assert figures(run(repo, "2015-10-09"), "2015-zj-29").status == "grey"


# ---------------------------------------------------------------- 13, 14, 15: saying all of it


def test_13_a_circular_lists_every_duty_overdue_on_its_issue_date(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["--root", str(ROOT), "build", "--out", str(out), "--as-of", "2015-10-20"]) == 0
    html = (out / "circulars" / "2015-09" / "index.html").read_text(encoding="utf-8")
    missed = [d for d in run(ROOT, "2015-10-12").deadlines.deadlines if d.state == "missed"]  # type: ignore[union-attr]
    assert len(missed) >= 9
    assert f"逾期仍未完成的事项共 {len(missed)} 项" in html
    assert "逾期未完成：月报报送" in html  # the July report still missing, 65 days on


def test_14_a_total_typed_in_yi_yuan_is_a_warning_naming_the_fix(tmp_path: Path) -> None:
    rel = "data/projects/2015-qq-02.yaml"  # a preliminary project: total 219,100 万元, plan 760
    repo = demo(tmp_path, (rel, "total_investment: 219100", "total_investment: 21.91"))
    warning = next(f for f in run(repo).findings.findings if f.code == "plan-exceeds-total")
    assert warning.path == rel and "亿元" in warning.message and "219100" in warning.message


def test_15_lagging_without_a_reported_problem_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(ROOT)
    lags = silent_lagging(result.idx, result.as_of)
    reds = [lag for lag in lags if lag.statuses == ("red", "red")]
    assert reds and all(lag.unit for lag in lags)
    main(["--root", str(ROOT), "check", "--fail-on", "none", "--jobs", "1"])
    assert "滞后但未报告问题" in capsys.readouterr().out
