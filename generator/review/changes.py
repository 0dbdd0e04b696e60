"""Changes between two revisions: the integrity rules of a pull request (`validate --base`) and the
Chinese account of what a change does (`diff`).

Integrity rules compare the data of a base revision with the head (a revision, or the working tree):

- a verified report changes only with a matching `corrections[]` entry (DATA-MODEL: "required for every
  change after `verified`"), whose `field`, `from` and `to` agree with what actually changed;
- a project file or a report file is never deleted (no silent disappearance; a project leaves the list
  with an `exited` record, and its reports then stop being owed);
- a newly added report is not back-dated: its `submitted_on` may precede the day it reached the repository
  (`--received-on`, the pull request's creation date) by at most one day, unless the inspection office
  registered its receipt (`received`);
- a change to the figures of an earlier month is a warning reviewers see;
- a problem's escalation, answer and closure, once recorded, never change (problem history is immutable).

A base revision is read with `git archive` into a temporary folder and loaded by the ordinary loader, so
both sides are read exactly alike. Nothing here prints.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.core.codes import emitter
from generator.core.findings import Finding, of_severity, pointer_of
from generator.loading.files import DataFile, Loaded
from generator.model import get, items, to_date

emit = emitter("review.integrity", codes=("change-project-removed", "change-report-removed", "change-exit-removed", "change-exit-moved", "change-correction-mismatch", "change-verified-uncorrected", "change-problem-history", "change-earlier-month", "report-backdated"))


BACKDATE_GRACE_DAYS = 1
IMMUTABLE_PROBLEM_KEYS = ("escalated_to", "escalated_on", "answer", "closed")
FIGURE_PREFIXES = ("/investment", "/funds", "/progress/percent", "/verified/adjusted")
_REV_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/~^@{}-]{0,254}$")


class RevisionError(Exception):
    """A revision that git cannot read (the CLI turns it into a usage error)."""


# ---------------------------------------------------------------- reading a revision


def export(root: Path, rev: str, dest: Path) -> None:
    """Write the `data/` folder of revision `rev` of the git repository at `root` under `dest`."""
    if not _REV_RE.match(rev):
        raise RevisionError(f"版本号“{rev}”不合规。请填写提交的哈希值、分支名或标签。")
    check = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                           capture_output=True, text=True, check=False, timeout=60)
    if check.returncode != 0:
        raise RevisionError(f"在仓库 {root} 里找不到版本“{rev}”。请确认已经取回（git fetch）这个提交。")
    commit = check.stdout.strip()
    listing = subprocess.run(["git", "-C", str(root), "ls-tree", "--name-only", commit, "data"],
                             capture_output=True, text=True, check=False, timeout=60)
    (dest / "data").mkdir(parents=True, exist_ok=True)
    if not listing.stdout.strip():
        return  # the base had no data yet: every file of the head is new
    done = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", commit, "data"],
                          capture_output=True, check=False, timeout=300)
    if done.returncode != 0:
        raise RevisionError(f"无法读取版本“{rev}”的数据：{done.stderr.decode('utf-8', 'replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(dest, filter="data")


@contextmanager
def revision(root: Path, rev: str | None) -> Iterator[Path]:
    """The root of a repository holding revision `rev`'s data (the working tree itself when rev is None)."""
    if rev is None:
        yield root
        return
    tmp = Path(tempfile.mkdtemp(prefix="sunshine-rev-"))
    try:
        export(root, rev, tmp)
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- flattening and comparing values


def flatten(value: Any, at: tuple[str | int, ...] = ()) -> dict[str, Any]:
    """JSON pointer → leaf value; an empty mapping or list is a leaf of its own."""
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(flatten(v, (*at, str(k))))
        return out
    if isinstance(value, list) and value:
        out = {}
        for i, v in enumerate(value):
            out.update(flatten(v, (*at, i)))
        return out
    return {pointer_of(at): value}


def same(a: Any, b: Any) -> bool:
    """Equal as data: 1200, 1200.0 and 1200.00 are one number; a bool is never a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | Decimal) and isinstance(b, int | Decimal):
        return Decimal(a) == Decimal(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def at_pointer(data: Any, pointer: str) -> Any:
    """The value at an RFC 6901 pointer, or None when there is none."""
    if pointer in ("", "/"):
        return data
    for raw in pointer.lstrip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def pointer_path(pointer: str) -> tuple[str | int, ...]:
    if pointer in ("", "/"):
        return ()
    out: list[str | int] = []
    for raw in pointer.lstrip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        out.append(int(part) if part.isdigit() else part)
    return tuple(out)


def changed_pointers(old: Any, new: Any) -> list[str]:
    """Leaf pointers whose value differs, appeared or disappeared (corrections themselves excluded)."""
    a, b = flatten(old), flatten(new)
    out = []
    for ptr in sorted(set(a) | set(b)):
        if ptr == "/corrections" or ptr.startswith("/corrections/"):
            continue
        if ptr not in a or ptr not in b or not same(a[ptr], b[ptr]):
            out.append(ptr)
    return out


def _covers(field_ptr: str, ptr: str) -> bool:
    return ptr == field_ptr or ptr.startswith(field_ptr.rstrip("/") + "/")


def _shown(value: Any) -> str:
    if value is None:
        return "null（无）"
    if isinstance(value, dict | list):
        return "（一组内容）"
    return str(value)


# ---------------------------------------------------------------- the sides of a change


@dataclass
class Side:
    """One revision's data, keyed for comparison."""

    loaded: Loaded
    by_path: dict[str, DataFile] = field(default_factory=dict)

    @classmethod
    def of(cls, loaded: Loaded) -> Side:
        return cls(loaded, {f.path: f for f in loaded.files})

    def reports(self) -> dict[str, DataFile]:
        return {p: f for p, f in self.by_path.items() if f.kind == "report"}

    def projects(self) -> dict[str, DataFile]:
        return {p: f for p, f in self.by_path.items() if f.kind == "project"}

    def latest_period(self, project: str) -> str | None:
        periods = [p.split("/")[-2] for p in self.reports() if p.rsplit("/", 1)[-1] == f"{project}.yaml"]
        return max(periods) if periods else None


def _report_key(path: str) -> tuple[str, str]:
    parts = path.split("/")
    return parts[-1].removesuffix(".yaml"), parts[-2]  # (project, period)


# ---------------------------------------------------------------- integrity rules


def integrity(base: Loaded, head: Loaded, received_on: date | None = None) -> list[Finding]:
    """Every integrity problem of the change from `base` to `head`."""
    b, h = Side.of(base), Side.of(head)
    out: list[Finding] = []
    out.extend(_removed(b, h))
    out.extend(_exits(b, h))
    out.extend(_verified_changes(b, h))
    out.extend(_problem_history(b, h))
    out.extend(_earlier_months(b, h))
    if received_on is not None:
        out.extend(_backdated(b, h, received_on))
    return sorted(out, key=lambda p: (p.path, p.line, p.code, p.pointer))


def _removed(b: Side, h: Side) -> Iterator[Finding]:
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
            project, period = _report_key(path)
            yield emit("change-report-removed", path, 1,
                          f"删除了项目“{project}” {period} 的月报。已报送的月报是督查记录，不能删除；"
                          "内容有误请按更正程序修改（已核实的要登记 corrections）。")


def _exits(b: Side, h: Side) -> Iterator[Finding]:
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


def _verified_changes(b: Side, h: Side) -> Iterator[Finding]:
    """DATA-MODEL `corrections[]`: required for every change after `verified`, and it must say exactly
    what changed (`field`, `from`, `to`)."""
    for path, bf in sorted(b.reports().items()):
        hf = h.by_path.get(path)
        if hf is None or bf.doc is None or hf.doc is None or not isinstance(bf.data, dict) \
                or not isinstance(hf.data, dict) or get(bf.data, "verified") is None:
            continue
        changed = changed_pointers(bf.data, hf.data)
        old_corrections = items(bf.data, "corrections")
        new_corrections = [(i, c) for i, c in enumerate(items(hf.data, "corrections"))
                           if not any(same(c, o) for o in old_corrections)]
        valid_fields: list[str] = []
        for i, corr in new_corrections:
            ptr = get(corr, "field")
            if not isinstance(ptr, str):
                continue
            before, after = at_pointer(bf.data, ptr), at_pointer(hf.data, ptr)
            if not any(_covers(ptr, c) for c in changed):
                yield emit("change-correction-mismatch", hf.path, hf.line("corrections", i, "field"),
                              f"更正记录写的字段 {ptr} 在这次修改中没有变化。请填写实际修改的字段，或删除这条更正记录。",
                              pointer_of(("corrections", i, "field")))
                continue
            bad = []
            if not same(get(corr, "from"), before):
                bad.append(f"from（原来的值）应为 {_shown(before)}，填的是 {_shown(get(corr, 'from'))}")
            if not same(get(corr, "to"), after):
                bad.append(f"to（新的值）应为 {_shown(after)}，填的是 {_shown(get(corr, 'to'))}")
            if bad:
                yield emit("change-correction-mismatch", hf.path, hf.line("corrections", i),
                              f"更正记录与实际修改不一致：字段 {ptr} 的" + "；".join(bad) + "。",
                              pointer_of(("corrections", i)))
            else:
                valid_fields.append(ptr)
        for ptr in changed:
            if any(_covers(f, ptr) for f in valid_fields):
                continue
            at = pointer_path(ptr)
            yield emit("change-verified-uncorrected", hf.path, hf.line(*at) if ptr in flatten(hf.data) else
                          hf.line("verified"),
                          f"这份月报已经稽察办核实，修改了 {ptr}（{_shown(at_pointer(bf.data, ptr))} → "
                          f"{_shown(at_pointer(hf.data, ptr))}）却没有更正记录。请在 corrections 中登记一项："
                          f"field: {ptr}，from、to 分别是原来和现在的值，并写明日期、单位和原因。", ptr)


def _problems_by_id(data: Any) -> dict[str, tuple[int, Any]]:
    return {get(p, "id"): (i, p) for i, p in enumerate(items(data, "problems")) if isinstance(get(p, "id"), str)}


def _problem_history(b: Side, h: Side) -> Iterator[Finding]:
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
                                  f"问题“{pid}”的 {key} 已经记录（{_shown(before)}），这次被改成了 {_shown(after)}。"
                                  "上报、答复和销号记录一经提交不能改动；请恢复原来的内容。",
                                  pointer_of(("problems", i, key)))


def _earlier_months(b: Side, h: Side) -> Iterator[Finding]:
    """A change to an earlier month's figures is allowed (a late fix) but shown to reviewers."""
    for path, bf in sorted(b.reports().items()):
        hf = h.by_path.get(path)
        if hf is None or bf.doc is None or hf.doc is None:
            continue
        project, period = _report_key(path)
        latest = h.latest_period(project)
        if latest is None or period >= latest:
            continue
        moved = [p for p in changed_pointers(bf.data, hf.data) if p.startswith(FIGURE_PREFIXES)]
        if moved:
            first = moved[0]
            yield emit("change-earlier-month", hf.path, hf.line(*pointer_path(first)),
                          f"修改了以前月份（{period}）月报的数字：" + "、".join(
                              f"{p}（{_shown(at_pointer(bf.data, p))} → {_shown(at_pointer(hf.data, p))}）"
                              for p in moved) + f"。该项目最新的月报是 {latest}；请审核人确认修改的原因。", first)


def _backdated(b: Side, h: Side, received_on: date) -> Iterator[Finding]:
    """A report reaches the repository when its pull request is opened; `submitted_on` may precede that by
    one day at most, unless the inspection office registered a receipt by e-mail, paper or another system."""
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


# ---------------------------------------------------------------- what a change does (`diff`)


@dataclass(frozen=True)
class FileChange:
    path: str
    status: str  # added · changed · removed


@dataclass(frozen=True)
class Moved:
    """A project's headline figures before and after a change, on the same as-of date."""

    project: str
    name: str
    ytd: tuple[Decimal | None, Decimal | None]
    completion: tuple[Decimal | None, Decimal | None]
    status: tuple[str | None, str | None]


@dataclass
class ChangeSet:
    base: str
    head: str
    as_of: date
    files: list[FileChange] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # the head's validation plus integrity

    @property
    def errors(self) -> list[Finding]:
        return of_severity(self.findings, "error")

    @property
    def warnings(self) -> list[Finding]:
        return of_severity(self.findings, "warning")


def data_files(root: Path) -> dict[str, bytes]:
    """Every file under data/ (dotfiles aside), by repository-relative path."""
    out: dict[str, bytes] = {}
    base = root / "data"
    if not base.is_dir():
        return out
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not path.is_symlink() and not any(part.startswith(".") for part in rel.parts):
            out[rel.as_posix()] = path.read_bytes()
    return out


def file_changes(base_root: Path, head_root: Path) -> list[FileChange]:
    a, b = data_files(base_root), data_files(head_root)
    out = []
    for path in sorted(set(a) | set(b)):
        if path not in a:
            out.append(FileChange(path, "added"))
        elif path not in b:
            out.append(FileChange(path, "removed"))
        elif a[path] != b[path]:
            out.append(FileChange(path, "changed"))
    return out


def figures(loaded: Loaded, as_of: date) -> dict[str, Any]:
    """Project id → its ProjectMetrics on `as_of`; {} when the data is too broken to compute."""
    from generator.compute import deadlines, metrics
    from generator.model import build_index

    try:
        idx = build_index(loaded)
        result = deadlines.compute(loaded, as_of, idx)
        return {pm.id: pm for pm in metrics.compute(loaded, result, idx).projects}
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError):
        return {}  # the validation findings say why; a diff still lists the files


def moved_figures(base: Loaded, head: Loaded, as_of: date) -> list[Moved]:
    before, after = figures(base, as_of), figures(head, as_of)
    out = []
    for pid in sorted(set(before) | set(after)):
        b, a = before.get(pid), after.get(pid)
        pair_ytd = (b.ytd if b else None, a.ytd if a else None)
        pair_rate = (b.completion if b else None, a.completion if a else None)
        pair_status = (b.status if b else None, a.status if a else None)
        if same(pair_ytd[0], pair_ytd[1]) and same(pair_rate[0], pair_rate[1]) and pair_status[0] == pair_status[1]:
            continue
        either = a or b
        name = either.name if either is not None else ""
        out.append(Moved(pid, name, pair_ytd, pair_rate, pair_status))
    return out


def change_set(base_loaded: Loaded, head_loaded: Loaded, base_label: str, head_label: str, as_of: date,
               received_on: date | None = None) -> ChangeSet:
    """Files touched, figures moved and findings found (the head's own plus the integrity rules)."""
    from generator.rules import check

    report = check(head_loaded)
    return ChangeSet(
        base=base_label, head=head_label, as_of=as_of,
        files=file_changes(base_loaded.paths.root, head_loaded.paths.root),
        moved=moved_figures(base_loaded, head_loaded, as_of),
        findings=sorted({*report.findings, *integrity(base_loaded, head_loaded, received_on)},
                        key=lambda p: (p.path, p.line, p.code, p.pointer, p.message)),
    )
