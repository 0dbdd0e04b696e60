"""Deadline rules against hand-worked examples on the small base repository (tests/fixtures/base).

Base facts used below: as_of 2015-04-20 in config; 2015-zj-01 (under construction, lead jtj) has a problem
escalated to fgw on Friday 2015-02-13 and answered 2015-02-25, promised by 2015-04-30; a coordination
meeting on 2015-03-20; 2015-xkg-01 (new start planned 2015-06-01) has urging cover 2015-03-02..08 only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.compute.deadlines import Deadline, compute, judge
from generator.core.paths import RepoPaths
from generator.loading.files import load
from generator.model import build_index, unhappened
from helpers import BASE, d, edit

R2 = "data/reports/2015-02/2015-zj-01.yaml"
R3 = "data/reports/2015-03/2015-zj-01.yaml"
Z, X, Q = "data/projects/2015-zj-01.yaml", "data/projects/2015-xkg-01.yaml", "data/projects/2015-qq-01.yaml"
CONFIG = "data/config.yaml"


def deadlines(repo: Path, as_of: str = "2015-04-20") -> list[Deadline]:
    result = compute(build_index(load(RepoPaths(repo), jobs=1)), d(as_of))
    assert result.findings == []
    return result.deadlines


def one(rows: list[Deadline], kind: str, project: str | None, ref: str) -> Deadline:
    found = [x for x in rows if x.kind == kind and x.project == project and x.ref == ref]
    assert len(found) == 1, (kind, project, ref, found)
    return found[0]


def states(rows: list[Deadline], kind: str) -> list[tuple[str | None, str, str, int]]:
    return [(x.project, x.ref, x.state, x.days) for x in rows if x.kind == kind]


def test_judge_states() -> None:
    due = date(2015, 3, 8)
    assert judge(due, date(2015, 3, 8), date(2015, 4, 1), 7) == ("met", 0, date(2015, 3, 8))
    assert judge(due, date(2015, 3, 11), date(2015, 4, 1), 7) == ("met_late", 3, date(2015, 3, 11))
    assert judge(due, None, date(2015, 3, 8), 7) == ("upcoming", 0, None)  # "8日前" includes the 8th
    assert judge(due, None, date(2015, 3, 9), 7) == ("missed", 1, None)
    assert judge(due, None, date(2015, 3, 1), 7) == ("upcoming", 0, None)
    assert judge(due, None, date(2015, 2, 28), 7) == ("not_due", 0, None)
    # done after as-of is not known on as-of
    assert judge(due, date(2015, 3, 10), date(2015, 3, 9), 7) == ("missed", 1, None)


def test_answer_across_spring_festival(tmp_path: Path) -> None:
    rows = deadlines(BASE)
    answer = one(rows, "answer", "2015-zj-01", "p1")
    assert (answer.due, answer.done_on, answer.state, answer.unit) == (d("2015-02-25"), d("2015-02-25"), "met", "fgw")
    late = deadlines(edit(tmp_path, (R2, "      on: 2015-02-25", "      on: 2015-02-26"),
                          (R3, "      on: 2015-02-25", "      on: 2015-02-26")))
    assert one(late, "answer", "2015-zj-01", "p1").state == "met_late"
    assert one(late, "answer", "2015-zj-01", "p1").days == 1


def test_promise_broken_when_open_after_promised_by(tmp_path: Path) -> None:
    assert one(deadlines(BASE), "promise", "2015-zj-01", "p1").state == "not_due"
    rows = deadlines(BASE, "2015-05-04")
    assert (one(rows, "promise", "2015-zj-01", "p1").state, one(rows, "promise", "2015-zj-01", "p1").days) == \
        ("missed", 4)


def test_report_due_on_a_sunday_without_and_with_shift(tmp_path: Path) -> None:
    # 2015-03-08 was a Sunday; a report filed Monday 03-09 is one day late unless due days shift
    repo = edit(tmp_path, (R2, "submitted_on: 2015-03-06", "submitted_on: 2015-03-09"))
    late = one(deadlines(repo), "report", "2015-zj-01", "2015-02")
    assert (late.due, late.state, late.days) == (d("2015-03-08"), "met_late", 1)
    shifted = edit(tmp_path / "s", (R2, "submitted_on: 2015-03-06", "submitted_on: 2015-03-09"),
                   (CONFIG, "first_report_period: 2015-02", "first_report_period: 2015-02\nshift_due_to_working_day: true"))
    on_time = one(deadlines(shifted), "report", "2015-zj-01", "2015-02")
    assert (on_time.due, on_time.state) == (d("2015-03-09"), "met")


def test_missing_report_is_missed_and_its_site_visit_too(tmp_path: Path) -> None:
    rows = deadlines(edit(tmp_path, remove=("data/reports/2015-03/2015-xkg-01.yaml",)))
    report = one(rows, "report", "2015-xkg-01", "2015-03")
    assert (report.state, report.days, report.path) == ("missed", 12, X)
    assert one(rows, "site-visit", "2015-xkg-01", "2015-03").state == "missed"
    assert [x for x in rows if x.kind == "verification" and x.ref == "2015-03" and x.project == "2015-xkg-01"] == []


def test_exit_mid_year_owes_nothing_after(tmp_path: Path) -> None:
    repo = edit(tmp_path, (Z, "action_plan:", "exited:\n  on: 2015-03-15\n  reason: 调出名单\naction_plan:"),
                remove=(R3,))
    rows = deadlines(repo)
    # listed for half of March: its March report is owed (config.exit_month_owed, default true), April's not
    assert [x.ref for x in rows if x.kind == "report" and x.project == "2015-zj-01"] == ["2015-02", "2015-03"]
    assert [x.ref for x in rows if x.kind == "site-visit" and x.project == "2015-zj-01"] == ["2015-02", "2015-03"]
    assert [x for x in rows if x.project == "2015-zj-01" and x.kind in ("milestone", "completion", "promise")] == []
    assert all(x.due < d("2015-03-15") for x in rows if x.project == "2015-zj-01" and x.kind == "cadence")
    repo = edit(tmp_path / "not-owed", (Z, "action_plan:", "exited:\n  on: 2015-03-15\n  reason: 调出名单\naction_plan:"),
                (CONFIG, "year: 2015", "year: 2015\nexit_month_owed: false"), remove=(R3,))
    assert [x.ref for x in deadlines(repo) if x.kind == "report" and x.project == "2015-zj-01"] == ["2015-02"]


def test_entry_mid_year_owes_from_its_month(tmp_path: Path) -> None:
    repo = edit(tmp_path, (X, "action_plan:\n  submitted_on: 2015-02-16",
                           "entered_on: 2015-03-10\naction_plan:\n  submitted_on: 2015-03-25"),
                remove=("data/reports/2015-02/2015-xkg-01.yaml",))
    rows = deadlines(repo)
    assert [x.ref for x in rows if x.kind == "report" and x.project == "2015-xkg-01"] == ["2015-03", "2015-04"]
    plan = one(rows, "action-plan", "2015-xkg-01", "action-plan")
    # an entrant owes its plan 5 working days (config) after entering: Tuesday 03-10 → Tuesday 03-17
    assert (plan.due, plan.state, plan.days) == (d("2015-03-17"), "met_late", 8)
    # daily urging is owed from the day it entered: 03-10 is already after the cover of 03-02..08
    assert [(x.ref, x.state) for x in rows if x.kind == "cadence" and x.project == "2015-xkg-01"] == \
        [("cadence-2015-03-10", "missed")]


def test_cadence_gaps_by_hand() -> None:
    rows = deadlines(BASE)
    # duties start with the notice (02-08): zj-01, started, is covered by the grace contact of 02-07 until
    # 03-09, then the 03-20 meeting
    assert states(rows, "cadence") == [
        ("2015-xkg-01", "cadence-2015-02-08", "met_late", 22),  # urging begins 03-02
        ("2015-xkg-01", "cadence-2015-03-09", "missed", 42),  # urging log ended 03-08
        ("2015-zj-01", "cadence-2015-03-10", "met_late", 10),
        ("2015-zj-01", "cadence-2015-04-20", "upcoming", 0),  # 31 days after 03-20
    ]


def test_about_to_start_needs_scheduling_every_ten_days(tmp_path: Path) -> None:
    # planned start 2015-04-25: about to start from 03-26 (30 days before), grace contact 03-25
    repo = edit(tmp_path, (X, "    planned: 2015-06-01", "    planned: 2015-04-25"),
                write={"data/dispatches/2015-04-02-01.yaml": "date: 2015-04-02\nkind: scheduling\n"
                       "chaired_by: chuxiong-gov\nprojects:\n  - 2015-xkg-01\nsummary: 调度开工准备。\n"})
    gaps = [(x.ref, x.state, x.days) for x in deadlines(repo) if x.kind == "cadence" and x.project == "2015-xkg-01"]
    # daily urging lapses 03-09..03-25; from 03-26 the state is "about to start", whose grace contact of 03-25
    # covers to 04-03; the 04-02 scheduling covers to 04-11; 04-12 onwards is uncovered
    assert gaps == [("cadence-2015-02-08", "met_late", 22), ("cadence-2015-03-09", "met_late", 17),
                    ("cadence-2015-04-12", "missed", 8)]


def test_new_start_started_late(tmp_path: Path) -> None:
    repo = edit(tmp_path, (X, "    planned: 2015-06-01\n    actual: null", "    planned: 2015-04-01\n    actual: 2015-04-10"))
    start = one(deadlines(repo), "start", "2015-xkg-01", "start")
    assert (start.due, start.done_on, start.state, start.days) == (d("2015-04-01"), d("2015-04-10"), "met_late", 9)
    not_started = edit(tmp_path / "n", (X, "    planned: 2015-06-01", "    planned: 2015-04-01"))
    assert one(deadlines(not_started), "start", "2015-xkg-01", "start").state == "missed"


def test_briefings_owed_by_each_lead_unit() -> None:
    assert [(x.unit, x.state, x.days) for x in deadlines(BASE) if x.kind == "briefing"] == [
        ("chuxiong-gov", "missed", 5), ("fgw", "missed", 5), ("jtj", "met", 0)]


def test_verification_decision_finding(tmp_path: Path) -> None:
    rows = deadlines(BASE)
    assert {(x.project, x.ref, x.state, x.unit) for x in rows if x.kind == "verification"} == {
        (p, m, "met", "jcb") for p in ("2015-zj-01", "2015-xkg-01", "2015-qq-01") for m in ("2015-02", "2015-03")}
    assert states(rows, "decision") == [("2015-zj-01", "2015-03-20-01/d1", "met", 0)]
    repo = edit(tmp_path, (D := "data/dispatches/2015-03-20-01.yaml", "kind: coordination", "kind: inspection"),
                (D, "decisions:", "findings:\n  - id: f1\n    project: 2015-zj-01\n    dimension: safety\n"
                 "    summary: 边坡防护不到位\n    rectify_by: 2015-04-10\n    rectified_on: null\ndecisions:"))
    finding = one(deadlines(repo), "finding", "2015-zj-01", "2015-03-20-01/f1")
    assert (finding.unit, finding.state, finding.days) == ("jtj", "missed", 10)


def test_overdue_approval_step_of_a_preliminary_project(tmp_path: Path) -> None:
    repo = edit(tmp_path, (Q, "      due: 2015-09-30", "      due: 2015-03-31"))
    step = one(deadlines(repo), "milestone", "2015-qq-01", "可研批复")
    assert (step.state, step.days, step.unit) == ("missed", 20, "fgw")


def test_facts_after_as_of_are_unknown() -> None:
    early = deadlines(BASE, "2015-03-05")
    assert one(early, "report", "2015-zj-01", "2015-02").state == "upcoming"  # filed 03-06: not yet known
    assert one(early, "report", "2015-xkg-01", "2015-02").state == "met"  # filed 03-05
    assert next(x for x in early if x.kind == "answer").state == "met"


def test_the_repository_known_on_a_day_holds_nothing_filed_or_done_later() -> None:
    """`Index.known_on` (what a build on as-of reads): a report filed later is absent, with the site visit and
    problems it records; its month's visit is not judged missed before the report is due (the 8th)."""
    idx = build_index(load(RepoPaths(BASE), jobs=1))
    known = idx.known_on(d("2015-03-05"))
    assert "2015-02" not in known.reports["2015-zj-01"] and "2015-02" in idx.reports["2015-zj-01"]
    rows = compute(known, d("2015-03-05")).deadlines
    assert not [x for x in rows if x.kind == "answer"]  # escalated in the report filed on 03-06
    assert not [x for x in rows if x.kind == "site-visit" and x.project == "2015-zj-01" and x.ref == "2015-02"]
    assert one(rows, "site-visit", "2015-xkg-01", "2015-02").state == "met"  # its report filed 03-05
    assert idx.known_on(d("2015-03-06")).reports["2015-zj-01"]["2015-02"] == idx.reports["2015-zj-01"]["2015-02"]


def test_facts_a_file_dates_after_as_of_have_not_happened() -> None:
    """A project or dispatch file completed later (a milestone met, a start, a decision carried out, a finding
    rectified and closed) reads, on an earlier day, as it stood then."""
    project = {"annual": {"milestones": [{"name": "a", "due": "2015-12-31", "done_on": "2015-12-20"},
                                         {"name": "b", "due": "2015-06-30", "done_on": "2015-06-01"}]},
               "dates": {"start": {"planned": "2015-11-01", "actual": "2015-10-30"}}}
    seen = unhappened("project", project, d("2015-10-20"))
    assert [m["done_on"] for m in seen["annual"]["milestones"]] == [None, "2015-06-01"]
    assert seen["dates"]["start"]["actual"] is None and project["dates"]["start"]["actual"] == "2015-10-30"
    dispatch = {"decisions": [{"id": "d01", "done_on": "2015-10-30"}],
                "findings": [{"id": "f01", "rectified_on": "2015-10-25", "closed": {"by": "x", "on": "2015-10-28"},
                              "public": True}]}
    seen = unhappened("dispatch", dispatch, d("2015-10-20"))
    assert seen == {"decisions": [{"id": "d01", "done_on": None}],
                    "findings": [{"id": "f01", "rectified_on": None, "public": True}]}
    assert unhappened("dispatch", dispatch, d("2015-11-01")) is dispatch
