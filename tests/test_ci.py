"""`diff`, `ci-comment`, annotations and the monthly missed-deadlines issue, on throwaway git repositories."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.compute.deadlines import Deadline
from generator.core.findings import Finding
from generator.review import comment as ci
from generator.review.diff import ChangeSet, FileChange
from gitrepo import april, git_repo, replace

APRIL = "data/reports/2015-04/2015-zj-01.yaml"
MARCH = "data/reports/2015-03/2015-zj-01.yaml"
MOVED = ("2015-zj-01 本年累计完成投资 24,000.25 → 29,000.25 万元，完成率 20.0% → 24.2%，状态 灰（未报送） → 绿"
         "（楚雄至禄丰高速公路）")


@pytest.fixture
def pr(tmp_path: Path) -> Path:
    """A pull request adding April's report to the base fixture, uncommitted in the working tree."""
    repo = git_repo(tmp_path)
    (repo / APRIL).parent.mkdir()
    (repo / APRIL).write_text(april(), encoding="utf-8")
    return repo


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_diff_names_files_and_moved_figures(pr: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--root", str(pr), "diff", "HEAD", "--as-of", "2015-05-20", "--jobs", "1")
    assert code == 0
    assert out.splitlines() == [
        "比较 HEAD → 工作区（数据日期 2015年5月20日）",
        "文件：新增 1 个，修改 0 个，删除 0 个。",
        f"  + {APRIL}（月报）",
        "数字变化：",
        f"  {MOVED}",
        "检查结果：错误 0 个，警告 0 个。",
    ]


def test_diff_between_two_commits_reports_problems(pr: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gitrepo import commit

    base = commit(pr, "april")
    replace(pr, MARCH, "month: 10000.25", "month: 10001.25")
    head = commit(pr, "edit march")
    code, out = run(capsys, "--root", str(pr), "diff", base, head, "--as-of", "2015-05-20", "--jobs", "1")
    assert code == 1
    assert f"  ~ {MARCH}（月报）" in out
    assert f"  {MARCH}:6: [change-verified-uncorrected]" in out
    assert f"  {MARCH}:6: [change-earlier-month] 警告：" in out


def test_comment_for_a_clean_pull_request(pr: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--root", str(pr), "ci-comment", "--base", "HEAD", "--as-of", "2015-05-20",
                    "--received-on", "2015-05-06", "--jobs", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ci.COMMENT_MARKER  # the workflow finds and updates this one comment
    assert lines[1] == "### ✅ 检查通过：错误 0 个，警告 0 个"
    assert f"| 新增 | `{APRIL}` | 月报 |" in lines
    assert f"- {MOVED}" in lines
    assert "#### 发现的问题" not in out


def test_comment_for_a_failing_pull_request(pr: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(pr, APRIL, "submitted_on: 2015-05-06", "submitted_on: 2015-05-01")
    code, out = run(capsys, "--root", str(pr), "ci-comment", "--base", "HEAD", "--as-of", "2015-05-20",
                    "--received-on", "2015-05-06", "--jobs", "1", "--fork")
    assert code == 0  # the comment is printed; validate is the step that fails
    assert "### ❌ 检查未通过：错误 1 个，警告 0 个" in out
    assert "复刻仓库" in out
    row = next(line for line in out.splitlines() if "report-backdated" in line)
    assert row.startswith(f"| `{APRIL}:4` | 错误 | `report-backdated` | 报送日期 2015-05-01")


def test_annotations_are_capped_and_everything_is_logged(pr: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for rel in (MARCH, "data/reports/2015-02/2015-zj-01.yaml", "data/reports/2015-03/2015-qq-01.yaml",
                "data/reports/2015-02/2015-qq-01.yaml", "data/reports/2015-02/2015-xkg-01.yaml",
                "data/reports/2015-03/2015-xkg-01.yaml"):
        text = (pr / rel).read_text("utf-8")
        (pr / rel).write_text(text.replace("summary: ", "summary: 改 ", 1).replace("  month: ", "  month: 1", 1),
                              "utf-8")
    code, out = run(capsys, "--root", str(pr), "validate", "--base", "HEAD", "--format", "github", "--jobs", "1")
    assert code == 1
    lines = out.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == 10
    assert errors[0].startswith("::error file=data/reports/2015-02/2015-qq-01.yaml,line=")
    assert ",title=change-verified-uncorrected::" in errors[0]
    logged = [line for line in lines if "[change-verified-uncorrected]" in line]
    assert len(logged) + len([e for e in errors if "change-verified-uncorrected" in e]) == 12


def _cs(findings: list[Finding]) -> ChangeSet:
    return ChangeSet("main", "pr", date(2015, 5, 20), [FileChange("data/a|b<script>.yaml", "added")], [], findings)


def test_comment_escapes_untrusted_text_and_is_capped() -> None:
    bad = Finding("data/x.yaml", 3, "yaml-syntax", "值“@someone | <img src=x>`”不对\n第二行")
    text = ci.comment(_cs([bad]))
    assert "@\u200bsomeone" in text and "\\|" in text and "&lt;img" in text and "<img" not in text
    assert "`data/a\\|b&lt;script&gt;.yaml`" in text
    many = [Finding(f"data/reports/2015-03/p{i:04d}.yaml", i, "yaml-syntax", "很长的说明" * 20) for i in range(2000)]
    comment = ci.comment(_cs(many))
    assert len(comment) <= ci.COMMENT_LIMIT
    assert "未列出，完整清单见检查日志" in comment
    summary = ci.comment(_cs(many), limit=ci.SUMMARY_LIMIT, bytes_limit=True)
    assert len(comment) < len(summary.encode("utf-8")) <= ci.SUMMARY_LIMIT
    assert summary.count("| `data/reports/") == 2000


# ---------------------------------------------------------------- the monthly issue


def _deadline(state: str, unit: str = "jtj", ref: str = "2015-03") -> Deadline:
    return Deadline("report", ref, "2015-zj-01", unit, date(2015, 4, 8), None, state, 12, MARCH, 1)


NAMES = {"jtj": "州交通运输局", "fgw": "州发展和改革委员会"}
PROJECTS = {"2015-zj-01": "楚雄至禄丰高速公路"}
TEAMS = {"jtj": "chuxiong-gov/jiaotong"}


def test_issue_opens_lists_by_unit_and_mentions_the_team() -> None:
    plan = ci.issue_plan(date(2015, 4, 20), [_deadline("missed"), _deadline("missed", "fgw", "2015-02"),
                                             _deadline("met")], NAMES, PROJECTS, TEAMS)
    assert plan.action == "open"
    assert plan.title == "2015年4月逾期未完成事项"
    lines = plan.body.splitlines()
    assert lines[0] == "<!-- sunshine-supervision:deadlines 2015-04 -->"
    assert lines[1].startswith("截至 2015年4月20日，逾期未完成 2 项")
    assert "### 州交通运输局（jtj）（1 项） @chuxiong-gov/jiaotong" in lines
    assert "### 州发展和改革委员会（fgw）（1 项）" in lines
    assert ("- 月报报送 2015-03 · 2015-zj-01 楚雄至禄丰高速公路：应于 2015年4月8日 前完成，已逾期 12 天"
            f"（{MARCH}:1）") in lines


def test_issue_actions() -> None:
    missed, met = [_deadline("missed")], [_deadline("met")]
    first = ci.issue_plan(date(2015, 4, 20), missed, NAMES, PROJECTS, TEAMS, "none")
    assert first.action == "open"
    assert ci.issue_plan(date(2015, 4, 20), missed, NAMES, PROJECTS, TEAMS, "open", first.body).action == "none"
    assert ci.issue_plan(date(2015, 4, 21), missed, NAMES, PROJECTS, TEAMS, "open", first.body).action == "update"
    assert ci.issue_plan(date(2015, 4, 20), missed, NAMES, PROJECTS, TEAMS, "closed", first.body).action == "open"
    closing = ci.issue_plan(date(2015, 4, 22), met, NAMES, PROJECTS, TEAMS, "open", first.body)
    assert closing.action == "close" and "已全部完成" in closing.body
    assert ci.issue_plan(date(2015, 4, 22), met, NAMES, PROJECTS, TEAMS, "none").action == "none"
    assert ci.issue_plan(date(2015, 4, 22), met, NAMES, PROJECTS, TEAMS, "closed").action == "none"


def test_ci_issue_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = git_repo(tmp_path, {"replace": [{"file": "data/org/units.yaml", "old": "  kind: prefecture_dept\n- id: jtj",
                                            "new": "  kind: prefecture_dept\n  github_team: cx/fgw\n- id: jtj"}]})
    code, out = run(capsys, "--root", str(repo), "ci-issue", "--as-of", "2015-04-20", "--jobs", "1")
    assert code == 0
    plan = json.loads(out)
    assert plan["action"] == "open" and plan["title"] == "2015年4月逾期未完成事项"
    assert "@cx/fgw" in plan["body"]
    existing = tmp_path / "body.md"
    existing.write_text(plan["body"], encoding="utf-8")
    code, out = run(capsys, "--root", str(repo), "ci-issue", "--as-of", "2015-04-20", "--jobs", "1",
                    "--existing-state", "open", "--existing-body", str(existing))
    assert json.loads(out)["action"] == "none"
