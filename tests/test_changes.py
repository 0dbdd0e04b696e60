"""Integrity rules of a change (`validate --base`), on throwaway git repositories: each rule catches its
case, and honest edits (a new monthly report, a proper correction, a proper exit) raise nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.core.paths import RepoPaths
from generator.loading.files import load
from generator.review.compare import at_pointer, changed_pointers, same
from generator.review.integrity import integrity
from generator.review.revision import RevisionError, revision
from gitrepo import april, commit, git_repo, replace

MARCH = "data/reports/2015-03/2015-zj-01.yaml"
APRIL = "data/reports/2015-04/2015-zj-01.yaml"
CORRECTIONS = """corrections:
  - on: 2015-04-15
    by: jcb
    field: /investment/month
    from: 10000.25
    to: {to_month}
    why: 稽察办复核后更正
  - on: 2015-04-15
    by: jcb
    field: /investment/year_to_date
    from: 24000.25
    to: 24001.25
    why: 稽察办复核后更正
"""


def check(repo: Path, received_on: date | None = None, base: str = "HEAD") -> list[tuple[str, int, str]]:
    with revision(repo, base) as base_rev:
        problems = [*base_rev.findings,
                    *integrity(load(RepoPaths(base_rev.root), jobs=1), load(RepoPaths(repo), jobs=1), received_on)]
    return [(p.path, p.line, p.code) for p in problems]


def full(repo: Path, *extra: str) -> int:
    return main(["--root", str(repo), "validate", "--jobs", "1", "--base", "HEAD", *extra])


# ---------------------------------------------------------------- honest edits raise nothing


def test_new_monthly_report_is_clean(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    (repo / APRIL).parent.mkdir()
    (repo / APRIL).write_text(april(), encoding="utf-8")
    assert check(repo, date(2015, 5, 6)) == []
    assert full(repo, "--received-on", "2015-05-07") == 0


def test_proper_correction_is_clean(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    replace(repo, MARCH, "month: 10000.25", "month: 10001.25")
    replace(repo, MARCH, "year_to_date: 24000.25", "year_to_date: 24001.25")
    (repo / MARCH).write_text((repo / MARCH).read_text("utf-8") + CORRECTIONS.format(to_month="10001.25"), "utf-8")
    assert check(repo) == []
    assert full(repo) == 0


def test_proper_exit_is_clean(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    project = repo / "data/projects/2015-zj-01.yaml"
    project.write_text(project.read_text("utf-8") + "exited:\n  on: 2015-04-15\n  reason: 调整出重点项目名单\n",
                       "utf-8")
    assert check(repo, date(2015, 5, 6)) == []
    assert full(repo) == 0


def test_correction_before_verification_needs_no_record(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    (repo / APRIL).parent.mkdir()
    (repo / APRIL).write_text(april(), encoding="utf-8")
    commit(repo, "april")
    replace(repo, APRIL, "summary: 路基完成 35%", "summary: 路基完成 36%")
    assert check(repo) == []


# ---------------------------------------------------------------- each rule catches its case


def test_verified_report_changed_without_correction(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    replace(repo, MARCH, "month: 10000.25", "month: 10001.25")
    assert check(repo) == [(MARCH, 6, "change-verified-uncorrected")]
    assert full(repo) == 1


def test_verified_report_text_changed_without_correction(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    replace(repo, MARCH, "summary: 路基完成 25%", "summary: 路基完成 30%")
    assert check(repo) == [(MARCH, 11, "change-verified-uncorrected")]


def test_correction_with_wrong_values(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    replace(repo, MARCH, "month: 10000.25", "month: 10001.25")
    replace(repo, MARCH, "year_to_date: 24000.25", "year_to_date: 24001.25")
    (repo / MARCH).write_text((repo / MARCH).read_text("utf-8") + CORRECTIONS.format(to_month="10002"), "utf-8")
    found = check(repo)
    assert (MARCH, 34, "change-correction-mismatch") in found
    assert (MARCH, 6, "change-verified-uncorrected") in found  # the bad record covers nothing
    assert [c for _, _, c in found].count("change-correction-mismatch") == 1


def test_correction_of_a_field_that_did_not_change(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    (repo / MARCH).write_text((repo / MARCH).read_text("utf-8") + CORRECTIONS.format(to_month="10001.25"), "utf-8")
    found = check(repo)
    assert found == [(MARCH, 36, "change-correction-mismatch"), (MARCH, 42, "change-correction-mismatch")]


def test_project_deleted(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    for rel in ("data/projects/2015-qq-01.yaml", "data/reports/2015-02/2015-qq-01.yaml",
                "data/reports/2015-03/2015-qq-01.yaml"):
        (repo / rel).unlink()
    assert check(repo) == [
        ("data/projects/2015-qq-01.yaml", 1, "change-project-removed"),
        ("data/reports/2015-02/2015-qq-01.yaml", 1, "change-report-removed"),
        ("data/reports/2015-03/2015-qq-01.yaml", 1, "change-report-removed"),
    ]


def test_report_deleted(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    (repo / MARCH).unlink()
    assert check(repo) == [(MARCH, 1, "change-report-removed")]


@pytest.mark.parametrize(("submitted", "received", "expected"), [
    ("2015-05-01", "", [(APRIL, 4, "report-backdated")]),
    ("2015-05-05", "", []),  # one day of grace
    ("2015-05-06", "", []),
    # registered by the inspection office: reviewers are shown that an office record came with the report
    ("2015-05-01", "received:\n  by: jcb\n  channel: paper\n", [(APRIL, 6, "change-office-record")]),
])
def test_backdated_report(tmp_path: Path, submitted: str, received: str, expected: list[object]) -> None:
    repo = git_repo(tmp_path)
    (repo / APRIL).parent.mkdir()
    (repo / APRIL).write_text(april(submitted, received), encoding="utf-8")
    assert check(repo, date(2015, 5, 6)) == expected
    # without --received-on there is nothing to compare the submission date with
    assert check(repo, None) == [e for e in expected if e[2] != "report-backdated"]


def test_existing_reports_are_not_judged_for_backdating(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    assert check(repo, date(2016, 1, 1)) == []


def test_problem_history_changed(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    # changed consistently in every month, so only the comparison with the base can see it
    for rel in ("data/reports/2015-02/2015-zj-01.yaml", MARCH):
        replace(repo, rel, "escalated_on: 2015-02-13", "escalated_on: 2015-02-16")
    found = check(repo)
    history = [(path, line) for path, line, code in found if code == "change-problem-history"]
    assert history == [("data/reports/2015-02/2015-zj-01.yaml", 19), (MARCH, 18)]


def test_problem_removed_from_submitted_report(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    text = (repo / MARCH).read_text("utf-8")
    start, end = text.index("problems:"), text.index("site_visits:")
    (repo / MARCH).write_text(text[:start] + text[end:], "utf-8")
    assert [code for path, _, code in check(repo) if code == "change-problem-history"] == ["change-problem-history"]


def test_earlier_month_figures_are_a_warning(tmp_path: Path) -> None:
    feb = "data/reports/2015-02/2015-qq-01.yaml"
    repo = git_repo(tmp_path, {"replace": [{"file": feb, "old": "verified:\n  by: jcb\n  on: 2015-03-11\n"
                                                        "  method: desk\n  result: confirmed\n", "new": ""}]})
    replace(repo, feb, "funds:\n  year_to_date: 0", "funds:\n  year_to_date: 5")
    assert check(repo) == [(feb, 9, "change-earlier-month")]
    only_feb = ["--root", str(repo), "validate", "--jobs", "1", "--base", "HEAD", str(repo / feb)]
    assert main(only_feb) == 0  # a warning: reviewers see it, the check passes
    assert main([*only_feb, "--strict"]) == 1


def test_base_without_data(tmp_path: Path) -> None:
    repo = tmp_path / "empty"
    repo.mkdir()
    from gitrepo import git

    git(repo, "init", "-q", "-b", "main")
    base = commit(repo, "empty")
    fixture = git_repo(tmp_path / "f")
    import shutil

    shutil.copytree(fixture / "data", repo / "data")
    found = check(repo, None, base)
    assert {code for _, _, code in found} == {"change-office-record"}  # the verified reports arrive with the data


def test_unknown_revision_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = git_repo(tmp_path)
    assert full(repo.parent / "repo", "--received-on", "2015-05-06") == 0
    assert main(["--root", str(repo), "validate", "--base", "no-such-branch"]) == 2
    assert main(["--root", str(repo), "validate", "--base", "--upload-pack=x"]) == 2
    assert "找不到版本" in capsys.readouterr().err
    with pytest.raises(RevisionError), revision(repo, "-x"):
        pass


def test_value_helpers() -> None:
    assert same(1200, __import__("decimal").Decimal("1200.00")) and not same(1, True) and not same("1", 1)
    assert changed_pointers({"a": {"b": 1}, "corrections": []}, {"a": {"b": 2}, "corrections": [{"x": 1}]}) == ["/a/b"]
    assert at_pointer({"a~b": [{"c/d": 3}]}, "/a~0b/0/c~1d") == 3


def _exited_base(tmp_path: Path) -> Path:
    repo = git_repo(tmp_path)
    replace(repo, "data/projects/2015-qq-01.yaml", "action_plan:", "exited:\n  on: 2015-04-01\n  reason: 调出名单\naction_plan:")
    commit(repo, "exit")
    return repo


def test_exit_record_removed(tmp_path: Path) -> None:
    repo = _exited_base(tmp_path)
    replace(repo, "data/projects/2015-qq-01.yaml", "exited:\n  on: 2015-04-01\n  reason: 调出名单\n", "")
    assert check(repo) == [("data/projects/2015-qq-01.yaml", 2, "change-exit-removed")]


def test_exit_date_moved_is_shown(tmp_path: Path) -> None:
    repo = _exited_base(tmp_path)
    replace(repo, "data/projects/2015-qq-01.yaml", "  on: 2015-04-01", "  on: 2015-05-01")
    found = check(repo)
    assert found == [("data/projects/2015-qq-01.yaml", 41, "change-exit-moved")]  # the new `on:` line
    assert full(repo) == 0  # a warning: reviewers see it, the check passes


# ---------------------------------------------------------------- corrections cannot authorise everything


def _correction(field: str, old: str, new: str) -> str:
    return (f"corrections:\n  - on: 2015-04-15\n    by: jcb\n    field: {field}\n    from: {old}\n    to: {new}\n"
            "    why: 稽察办复核后更正\n")


@pytest.mark.parametrize(("field", "old", "new"), [
    ("//", "null", "null"),  # empty segments once covered every field
    ("/", "null", "null"),
    ("/investment", "null", "null"),  # a section, not the one leaf that changed
    ("/nothing/here", "null", "null"),  # a field that exists on neither side
])
def test_a_correction_names_one_changed_leaf_exactly(tmp_path: Path, field: str, old: str, new: str) -> None:
    repo = git_repo(tmp_path)
    replace(repo, MARCH, "month: 10000.25", "month: 100002.5")  # tenfold
    (repo / MARCH).write_text((repo / MARCH).read_text("utf-8") + _correction(field, old, new), "utf-8")
    codes = [code for _, _, code in check(repo)]
    if field in ("//", "/"):  # the schema refuses a pointer with empty segments: the file is not used at all
        assert codes == []
    else:
        assert "change-verified-uncorrected" in codes and "change-correction-mismatch" in codes
    assert full(repo) == 1


def test_an_exact_correction_is_accepted(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    replace(repo, MARCH, "month: 10000.25", "month: 10001.25")
    (repo / MARCH).write_text((repo / MARCH).read_text("utf-8")
                              + _correction("/investment/month", "10000.25", "10001.25"), "utf-8")
    assert check(repo) == []


def test_an_existing_correction_cannot_be_removed_or_rewritten(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    replace(repo, MARCH, "month: 10000.25", "month: 10001.25")
    (repo / MARCH).write_text((repo / MARCH).read_text("utf-8")
                              + _correction("/investment/month", "10000.25", "10001.25"), "utf-8")
    commit(repo, "corrected")
    replace(repo, MARCH, "why: 稽察办复核后更正", "why: 改个说法")
    assert [code for _, _, code in check(repo)] == ["change-correction-removed"]
    text = (repo / MARCH).read_text("utf-8")
    (repo / MARCH).write_text(text[:text.index("corrections:")], "utf-8")
    assert "change-correction-removed" in [code for _, _, code in check(repo)]


def _with_april(tmp_path: Path) -> Path:
    """The base with an unverified April report committed."""
    repo = git_repo(tmp_path)
    (repo / APRIL).parent.mkdir()
    (repo / APRIL).write_text(april("2015-05-06"), encoding="utf-8")
    commit(repo, "april")
    return repo


def test_submitted_on_of_a_report_in_the_base_changes_only_with_a_correction(tmp_path: Path) -> None:
    repo = _with_april(tmp_path)
    replace(repo, APRIL, "submitted_on: 2015-05-06", "submitted_on: 2015-05-02")
    assert [code for _, _, code in check(repo)] == ["change-submitted-on"]
    (repo / APRIL).write_text((repo / APRIL).read_text("utf-8")
                              + _correction("/submitted_on", "2015-05-06", "2015-05-02"), "utf-8")
    assert check(repo) == []


def test_office_records_are_shown_to_reviewers(tmp_path: Path) -> None:
    repo = _with_april(tmp_path)
    (repo / APRIL).write_text((repo / APRIL).read_text("utf-8")
                              + "verified:\n  by: jcb\n  on: 2015-05-10\n  method: desk\n  result: confirmed\n", "utf-8")
    assert [code for _, _, code in check(repo)] == ["change-office-record"]


# ---------------------------------------------------------------- the base is read as it is


def test_export_ignore_cannot_hide_the_base(tmp_path: Path) -> None:
    """A .gitattributes planted by an earlier pull request once made `git archive` leave files out of the base,
    so a later change to a verified report looked like a new file with nothing to compare."""
    repo = git_repo(tmp_path)
    (repo / "data" / ".gitattributes").write_text("*.yaml export-ignore\n", encoding="utf-8")
    commit(repo, "planted")
    replace(repo, MARCH, "month: 10000.25", "month: 100002.5")
    found = check(repo)
    assert (MARCH, 6, "change-verified-uncorrected") in found
    assert ("data/.gitattributes", 1, "file-unexpected") in found
    assert full(repo) == 1  # the working tree's .gitattributes is refused too


def test_a_committed_symlink_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    link = repo / "data" / "reports" / "2015-03" / "2015-xkg-01.yaml"
    link.unlink()
    link.symlink_to("/etc/passwd")
    commit(repo, "a link")
    found = check(repo)
    assert ("data/reports/2015-03/2015-xkg-01.yaml", 1, "file-unreadable") in found
    assert full(repo) == 1


def test_data_as_a_symlink_is_refused_on_both_sides(tmp_path: Path) -> None:
    repo = git_repo(tmp_path)
    import shutil

    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(repo / "data", elsewhere)
    shutil.rmtree(repo / "data")
    (repo / "data").symlink_to(elsewhere)
    assert full(repo) == 1  # the head: data/ must be a directory of its own
    commit(repo, "data is a link")
    found = check(repo)
    assert ("data", 1, "file-unreadable") in found  # the base
