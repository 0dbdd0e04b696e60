"""Hostile and broken input: every case is a clear problem with code and location, exit 1, no traceback.

Each run is a fresh `python -m generator` process under generous hard guards — a 60 s timeout and a 1 GiB
address-space limit (RLIMIT_AS) — so a regression shows as a failure, not as a hung or swapping machine.
Times and peaks are recorded (see BENCHMARKS.md, "Hostile input"), never asserted: set HOSTILE_MEASURE to a
file path to have them written there as JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import make_repo

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60
ADDRESS_SPACE = 1 << 30
MEASURED: dict[str, dict[str, float]] = {}

CONFIG = "data/config.yaml"
COUNTIES, UNITS, POSTS = "data/org/counties.yaml", "data/org/units.yaml", "data/org/posts.yaml"
Z = "data/projects/2015-zj-01.yaml"
X = "data/projects/2015-xkg-01.yaml"
Q = "data/projects/2015-qq-01.yaml"
R3 = "data/reports/2015-03/2015-zj-01.yaml"
RX = "data/reports/2015-03/2015-xkg-01.yaml"
B = "data/briefings/2015-Q1/jtj.yaml"
D = "data/dispatches/2015-03-20-01.yaml"
C = "data/circulars/2015-Q1.md"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def problems(self) -> set[tuple[str, int, str]]:
        doc = json.loads(self.stdout)
        return {(p["path"], p["line"], p["code"]) for p in doc["problems"]}


# A small launcher sets the limit, runs the command as its own child and writes that child's peak resident
# memory to a file: a child forked from the (large) test process would report the test's memory as its own.
_LAUNCH = f"""
import os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_guarded(*args: str, cwd: Path = ROOT) -> Run:
    """`python -m generator ARGS` under the guards; its own wall time and peak resident memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak:
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["PYTHONPATH"] = str(ROOT)
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _LAUNCH, peak.name, "-m", "generator", *args], stdout=out,
                                stderr=err, cwd=cwd, env=env, start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(TIMEOUT, kill)
        timer.start()
        try:
            _, status, _ = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        run = Run(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                  seconds, int(peak.read() or 0) / 1024)
    assert not killed.is_set(), f"{args} ran longer than {TIMEOUT} s"
    return run


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        text = (repo / rel).read_text(encoding="utf-8")
        assert old in text, (rel, old)
        (repo / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _write(rel: str, content: bytes) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_bytes(content)
    return edit


def _line_endings(rel: str, old: str, new: str, ending: str) -> Callable[[Path], None]:
    """Plant an error, then rewrite the file's line breaks: "crlf", "cr", or "mixed" (LF, CRLF, CR in turn)."""
    def edit(repo: Path) -> None:
        text = (repo / rel).read_text(encoding="utf-8")
        assert old in text
        lines = text.replace(old, new, 1).split("\n")
        seps = {"crlf": ["\r\n"], "cr": ["\r"], "mixed": ["\n", "\r\n", "\r"]}[ending]
        (repo / rel).write_bytes("".join(line + seps[i % len(seps)] for i, line in enumerate(lines)).encode())
    return edit


def _gbk(rel: str) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        (repo / rel).write_bytes((repo / rel).read_text(encoding="utf-8").encode("gbk"))
    return edit


def _symlink(rel: str, target: str) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        os.symlink(target, repo / rel)
    return edit


def _mkdir(rel: str, with_file: bool = False) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        (repo / rel).mkdir(parents=True)
        if with_file:
            (repo / rel / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    return edit


def _fifo(rel: str) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        os.mkfifo(repo / rel)
    return edit


def _rename(old: str, new: str) -> Callable[[Path], None]:
    def edit(repo: Path) -> None:
        (repo / new).parent.mkdir(parents=True, exist_ok=True)
        os.rename(repo / old, repo / new)
    return edit


def _alias_bomb() -> bytes:
    lines = ["- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"- &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


_LIMIT_100M = _replace(CONFIG, "first_report_period: 2015-02", "first_report_period: 2015-02\nmax_file_bytes: 104857600")

# name → (edits, expected {(path, line, code)})
CASES: dict[str, tuple[list[Callable[[Path], None]], set[tuple[str, int, str]]]] = {
    # size
    "50mb-file": ([_write(R3, b"project: " + b"x" * 50_000_000 + b"\n")], {(R3, 1, "file-too-large")}),
    "50mb-string-limit-raised": (
        [_LIMIT_100M, _replace(D, "summary: 协调", "summary: " + "督" * 17_000_000)],
        {(D, 7, "text-too-long")}),
    "50mb-list-limit-raised": ([_LIMIT_100M, _write(RX, b"[" + b"1," * 25_000_000 + b"1]\n")],
                               {(RX, 1, "file-too-large")}),
    "1mb-string": ([_replace(R3, "summary: 路基完成 25%", "summary: " + "x" * 1_000_000)],
                   {(R3, 11, "text-too-long")}),
    "1mib-of-list-items": ([_write(RX, b"[" + b"1," * 520_000 + b"1]\n")], {(RX, 1, "list-too-long")}),
    "100k-list-flow": ([_replace(Z, "co_units:\n  - fgw\n  - lufeng-gov\n",
                                 "co_units: [" + ", ".join(["fgw"] * 100_000) + "]\n")],
                       {(Z, 29, "list-too-long")}),
    "100k-list-top-level": ([_write(COUNTIES, b"[" + b"{}, " * 100_000 + b"{}]\n")], {(COUNTIES, 1, "list-too-long")}),
    "100k-list-block": ([_replace(RX, "site_visits:\n  - on: 2015-03-20\n    by: chuxiong-gov\n",
                                  "site_visits:\n" + "  - 1\n" * 100_000)],
                        {(RX, 12, "list-too-long")}),
    # nesting
    "nesting-10000-flow-seq": ([_write(D, b"date: " + b"[" * 10_000 + b"]" * 10_000 + b"\n")],
                               {(D, 1, "yaml-too-deep")}),
    "nesting-10000-flow-map": ([_write(POSTS, b"- " + b"{a: " * 10_000 + b"1" + b"}" * 10_000 + b"\n")],
                               {(POSTS, 1, "yaml-too-deep")}),
    "nesting-10000-block": ([_write(B, b"- " * 10_000 + b"x\n")], {(B, 1, "yaml-too-deep")}),
    # aliases
    "alias-bomb": ([_write(UNITS, _alias_bomb())],
                   {(UNITS, i, "yaml-anchor") for i in range(1, 11)} | {(UNITS, i, "yaml-alias") for i in range(2, 11)}),
    # numbers
    "1e309": ([_replace(R3, "month: 10000.25", "month: 1e309")], {(R3, 6, "number-not-finite")}),
    "-1e309": ([_replace(Z, "total_investment: 800000", "total_investment: -1e309")], {(Z, 9, "number-not-finite")}),
    "1e-400": ([_replace(R3, "month: 10000.25", "month: 1e-400")], {(R3, 6, "number-not-finite")}),
    "dot-nan": ([_replace(R3, "month: 10000.25", "month: .NaN")], {(R3, 6, "number-not-finite")}),
    "dot-inf": ([_replace(Z, "  investment: 120000", "  investment: -.inf")], {(Z, 11, "number-not-finite")}),
    "NaN-word": ([_replace(R3, "month: 10000.25", "month: NaN")], {(R3, 6, "type-mismatch")}),
    "Infinity-word": ([_replace(CONFIG, "year: 2015", "year: Infinity")], {(CONFIG, 4, "type-mismatch")}),
    # invisible characters, one file kind each
    "bidi-override-project": ([_replace(Z, "name: 楚雄至禄丰高速公路", "name: 楚雄至\u202e禄丰高速公路")],
                              {(Z, 3, "text-control-char")}),
    "bidi-isolate-posts": ([_replace(POSTS, "分管交通的副州长", "分管交通\u2066的副州长")],
                           {(POSTS, 3, "text-control-char")}),
    "bell-report": ([_replace(R3, "summary: 路基完成 25%", "summary: 路基\x07完成")], {(R3, 11, "text-control-char")}),
    "escape-config": ([_replace(CONFIG, "year: 2015", "year: 2015 # \x1b[31m")], {(CONFIG, 4, "text-control-char")}),
    "rlm-dispatch": ([_replace(D, "summary: 协调", "summary: 协\u200f调")], {(D, 7, "text-control-char")}),
    "line-separator-briefing": ([_replace(B, "title: 州交通", "title: 州交通\u2028")], {(B, 5, "text-control-char")}),
    "nel-units": ([_replace(UNITS, "name: 州发展和改革委员会", "name: 州\x85发展和改革委员会")],
                  {(UNITS, 3, "text-control-char")}),
    "zero-width-counties": ([_replace(COUNTIES, "name: 楚雄市", "name: 楚雄\u200b市")], {(COUNTIES, 3, "text-control-char")}),
    "bidi-circular": ([_write(C, "# 前言\n\n正文\u202e反向\n".encode())], {(C, 3, "text-control-char")}),
    # line endings: the planted error's line stays right
    "crlf": ([_line_endings(Z, "total_investment: 800000", "total_investment: -5", "crlf")],
             {(Z, 9, "number-out-of-range")}),
    "cr-only": ([_line_endings(R3, "submitted_on: 2015-04-07", "submitted_on: 2015/4/7", "cr")],
                {(R3, 4, "date-invalid")}),
    "mixed-endings": ([_line_endings(D, "summary: 协调", "summary： 协调", "mixed")], {(D, 7, "yaml-fullwidth-colon")}),
    "mixed-endings-control": ([_line_endings(POSTS, "分管交通的副州长", "分管交通\x07的副州长", "mixed")],
                              {(POSTS, 3, "text-control-char")}),
    # encodings
    "gbk-project": ([_gbk(Z)], {(Z, 3, "yaml-encoding")}),
    "gbk-config": ([_replace(CONFIG, "year: 2015", "year: 2015  # 督查年度"), _gbk(CONFIG)], {(CONFIG, 4, "yaml-encoding")}),
    "gbk-units": ([_gbk(UNITS)], {(UNITS, 3, "yaml-encoding")}),
    "gbk-circular": ([_write(C, "# 前言\n".encode("gbk"))], {(C, 1, "yaml-encoding")}),
    # not a regular file
    "directory-as-file": ([_mkdir("data/projects/2015-zz-01.yaml")], {("data/projects/2015-zz-01.yaml", 1, "file-unreadable")}),
    "directory-with-file": ([_mkdir("data/reports/2015-03/2015-zz-01.yaml", with_file=True)],
                            {("data/reports/2015-03/2015-zz-01.yaml", 1, "file-unreadable")}),
    "directory-as-circular": ([_mkdir("data/circulars/2015-Q2.md")], {("data/circulars/2015-Q2.md", 1, "file-unreadable")}),
    "broken-symlink": ([_symlink("data/reports/2015-03/2015-zz-01.yaml", "/nonexistent/nothing.yaml")],
                       {("data/reports/2015-03/2015-zz-01.yaml", 1, "file-unreadable")}),
    "symlink-out-of-repo": ([_symlink("data/dispatches/2015-03-21-01.yaml", "/etc/passwd")],
                            {("data/dispatches/2015-03-21-01.yaml", 1, "file-unreadable")}),
    "fifo": ([_fifo("data/briefings/2015-Q1/fgw.yaml")], {("data/briefings/2015-Q1/fgw.yaml", 1, "file-unreadable")}),
    # names
    "chinese-and-space-in-name": ([_rename(X, "data/projects/新 开工 项目.yaml")],
                                  {("data/projects/新 开工 项目.yaml", 2, "file-name-mismatch")}),
    "period-in-chinese": ([_replace("data/reports/2015-02/2015-zj-01.yaml", "period: 2015-02", "period: 2015年2月")],
                          {("data/reports/2015-02/2015-zj-01.yaml", 3, "month-invalid")}),
    # line breaks from data must not start forged output lines (GitHub reads "::error ..." as a command)
    "line-break-in-a-name": ([_replace(Q, "name: 楚雄州某某水库", 'name: "楚雄\\n::error::forged"')],
                             {(Q, 3, "schema-invalid")}),
    "line-break-in-a-quoted-value": ([_replace(R3, "  year_to_date: 30000", '  year_to_date: "1\\n::error::forged"')],
                                     {(R3, 9, "type-mismatch")}),
    "line-break-in-a-file-name": ([_write("data/projects/x\n::error::forged.yaml", b"id: x\n")],
                                  {("data/projects/x\\n::error::forged.yaml", 1, "file-unexpected")}),
    "chinese-month-folder": ([_rename(R3, "data/reports/2015年 3月/2015-zj-01.yaml")],
                             {("data/reports/2015年 3月/2015-zj-01.yaml", 1, "file-name-mismatch"),
                              ("data/reports/2015年 3月/2015-zj-01.yaml", 3, "file-name-mismatch")}),
}


def _repo(tmp: Path, edits: list[Callable[[Path], None]]) -> Path:
    repo = make_repo(tmp / "阳光 督查 仓库")  # a root with spaces and Chinese characters, always
    for edit in edits:
        edit(repo)
    return repo


@pytest.fixture(scope="module")
def case_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every case validated, a few processes at a time (each is single-threaded and mostly waits on start-up)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(name: str) -> Run:
        repo = _repo(tmp_path_factory.mktemp(name), CASES[name][0])
        return run_guarded("--root", str(repo), "validate", "--format", "json")

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        return dict(zip(sorted(CASES), pool.map(one, sorted(CASES)), strict=True))


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_case_is_a_named_problem(name: str, case_runs: dict[str, Run]) -> None:
    _, expected = CASES[name]
    run = case_runs[name]
    MEASURED[name] = {"seconds": round(run.seconds, 2), "peak_mb": round(run.peak_mb)}
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.code == 1, (run.stdout[-2000:], run.stderr[-2000:])
    assert run.problems() == expected


def test_a_fifo_is_a_finding_with_the_cache_too(tmp_path: Path) -> None:
    """The cache reads every file to hash it: a named pipe is not opened to wait for a writer."""
    repo = _repo(tmp_path, [_fifo("data/briefings/2015-Q1/fgw.yaml")])
    run = run_guarded("--root", str(repo), "validate", "--format", "json", "--cache", str(tmp_path / "cache"))
    assert run.code == 1 and run.problems() == {("data/briefings/2015-Q1/fgw.yaml", 1, "file-unreadable")}


def test_every_file_kind_is_covered() -> None:
    touched = {path for _, expected in CASES.values() for path, _, _ in expected}
    kinds = {"data/config.yaml", "data/org/counties.yaml", "data/org/units.yaml", "data/org/posts.yaml"}
    assert kinds <= touched
    for folder in ("projects", "reports", "briefings", "dispatches", "circulars"):
        assert any(p.startswith(f"data/{folder}/") for p in touched), folder


ALL_AT_ONCE = ["1mb-string", "100k-list-flow", "nesting-10000-block", "alias-bomb", "bidi-circular",
               "broken-symlink", "directory-as-file", "mixed-endings", "chinese-and-space-in-name", "NaN-word",
               "nesting-10000-flow-map", "fifo", "escape-config", "zero-width-counties", "100k-list-block",
               "symlink-out-of-repo", "period-in-chinese", "line-break-in-a-name", "line-break-in-a-file-name",
               "line-break-in-a-quoted-value"]


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[tuple[str, int, str]]]:
    edits = [e for name in ALL_AT_ONCE for e in CASES[name][0]]
    expected = {p for name in ALL_AT_ONCE for p in CASES[name][1]}
    return _repo(tmp_path_factory.mktemp("all"), edits), expected


def test_all_at_once_each_is_still_found(hostile_repo: tuple[Path, set[tuple[str, int, str]]]) -> None:
    """One problem does not hide another: every file is reported on its own."""
    repo, expected = hostile_repo
    run = run_guarded("--root", str(repo), "validate", "--format", "json")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert expected <= run.problems()


@pytest.mark.parametrize("command", [["check", "--fail-on", "none"], ["metrics"], ["build", "--out", "{out}"],
                                     ["validate", "--format", "github"], ["validate"]])
def test_every_command_fails_cleanly_on_hostile_data(command: list[str], tmp_path: Path,
                                                     hostile_repo: tuple[Path, set[tuple[str, int, str]]]) -> None:
    repo, _ = hostile_repo
    args = [a.replace("{out}", str(tmp_path / "site")) for a in command]
    run = run_guarded("--root", str(repo), *args, "--as-of", "2015-04-20") if command[0] != "validate" \
        else run_guarded("--root", str(repo), *args)
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, run.stderr[-2000:]
    assert run.code == 1, (run.stdout[-1000:], run.stderr[-1000:])
    assert not (tmp_path / "site").exists()  # nothing half-built


@pytest.mark.parametrize("command", [["validate"], ["validate", "--format", "github"], ["check", "--fail-on", "none"],
                                     ["check", "--format", "github"], ["metrics"]])
def test_no_output_line_is_forged(command: list[str], hostile_repo: tuple[Path, set[tuple[str, int, str]]]) -> None:
    """Data holding line breaks and "::error::" never starts an output line of its own."""
    repo, _ = hostile_repo
    extra = ["--as-of", "2015-04-20"] if command[0] != "validate" else []
    run = run_guarded("--root", str(repo), *command, *extra)
    for line in (run.stdout + run.stderr).splitlines():
        assert "forged" not in line or not line.startswith("::") or line.startswith(("::error file=", "::warning file=")), line
        assert not line.startswith("::error::forged"), line


def test_text_output_names_file_line_and_code(hostile_repo: tuple[Path, set[tuple[str, int, str]]]) -> None:
    repo, expected = hostile_repo
    run = run_guarded("--root", str(repo), "validate")
    for path, line, code in expected:
        assert f"{path}:{line}: [{code}] " in run.stdout


def tree_state(root: Path) -> dict[str, str]:
    """Every path under root with its kind, mode, modification time and content hash."""
    state: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            full = Path(dirpath) / name
            info = full.lstat()
            rel = full.relative_to(root).as_posix()
            if full.is_symlink():
                state[rel] = f"link {os.readlink(full)}"
            elif full.is_file():
                state[rel] = f"file {info.st_mode:o} {info.st_mtime_ns} {hashlib.sha256(full.read_bytes()).hexdigest()}"
            elif full.is_dir():
                state[rel] = f"dir {info.st_mode:o}"
            else:
                state[rel] = f"other {info.st_mode:o}"
    return state


READ_ONLY = [["validate"], ["validate", "--format", "json"], ["check", "--as-of", "2015-04-20"],
             ["metrics", "--as-of", "2015-04-20"], ["build", "--as-of", "2015-04-20", "--out", "{out}"]]


@pytest.mark.parametrize("command", READ_ONLY, ids=[c[0] + "-" + str(i) for i, c in enumerate(READ_ONLY)])
def test_read_only_commands_modify_nothing(command: list[str], tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    before = tree_state(repo)
    args = [a.replace("{out}", str(tmp_path / "site")) for a in command]
    run = run_guarded("--root", str(repo), *args)
    assert "Traceback" not in run.stderr
    assert tree_state(repo) == before


def test_read_only_commands_modify_nothing_on_hostile_data(tmp_path: Path) -> None:
    edits = [e for name in ("alias-bomb", "crlf", "gbk-project", "broken-symlink", "directory-as-file")
             for e in CASES[name][0]]
    repo = _repo(tmp_path, edits)
    before = tree_state(repo)
    for command in READ_ONLY:
        run_guarded("--root", str(repo), *[a.replace("{out}", str(tmp_path / "site")) for a in command])
    assert tree_state(repo) == before


def teardown_module() -> None:
    target = os.environ.get("HOSTILE_MEASURE")
    if target and MEASURED:
        Path(target).write_text(json.dumps(MEASURED, indent=1, sort_keys=True), encoding="utf-8")
