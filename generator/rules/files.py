"""Rules on file names and folders: each file's name and place agree with its content."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.core.codes import finding
from generator.core.findings import Finding
from generator.loading.files import Loaded
from generator.model import MONTH_RE, Index, plain_id, to_date
from generator.rules import flag, rule

_PERIOD_RE = re.compile(r"^([0-9]{4})-(Q[1-3]|FY)$")
_DISPATCH_RE = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})-(0[1-9]|[1-9][0-9])$")
_CIRCULAR_RE = re.compile(r"^[0-9]{4}-(?:0[1-9]|1[0-2]|Q[1-4])$")


@rule("project-identity", codes=("file-name-mismatch",))
def project_identity(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """DATA-MODEL: a file's name agrees with its content (`id`)."""
    for f in loaded.of_kind("project"):
        data = f.data
        stem = f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != stem \
                and plain_id(data["id"]) != stem:  # spaces or capitals: id-invalid says what to write
            yield flag("file-name-mismatch", f, ("id",),
                     f"项目编号是“{data['id']}”，文件名却是“{stem}.yaml”。请把文件改名为“{data['id']}.yaml”，或改正编号。")


@rule("report-identity", codes=("file-name-mismatch", "ref-unresolved"))
def report_identity(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """DATA-MODEL: reports live at data/reports/<period>/<project>.yaml, matching `period` and `project`."""
    for f in loaded.of_kind("report"):
        folder, stem = f.path.split("/")[-2], f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        data = f.data
        if not MONTH_RE.match(folder):
            yield finding("file-name-mismatch", f.path, 1,
                          f"月报文件夹名“{folder}”不是月份。请放在 data/reports/YYYY-MM/ 下，例如 data/reports/2015-03/。")
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("period"), str) and data["period"] != folder and MONTH_RE.match(data["period"]):
            yield flag("file-name-mismatch", f, ("period",),
                     f"月报写的月份是 {data['period']}，却放在文件夹 {folder} 里。请移到 data/reports/{data['period']}/，"
                     "或改正 period。")
        if isinstance(data.get("project"), str) and data["project"] != stem:
            yield flag("file-name-mismatch", f, ("project",),
                     f"月报写的项目是“{data['project']}”，文件名却是“{stem}.yaml”。文件名必须是项目编号。")
        message = idx.unresolved("project", data.get("project"))
        if message:
            yield flag("ref-unresolved", f, ("project",), message)


@rule("briefing-identity", codes=("file-name-mismatch", "ref-unresolved"))
def briefing_identity(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """DATA-MODEL: data/briefings/<YYYY-Qn|YYYY-FY>/<unit-id>.yaml, matching `period` and `unit`."""
    for f in loaded.of_kind("briefing"):
        folder, stem = f.path.split("/")[-2], f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if not _PERIOD_RE.match(folder):
            yield finding("file-name-mismatch", f.path, 1,
                          f"报告期次文件夹“{folder}”不对。请用 YYYY-Q1、YYYY-Q2、YYYY-Q3 或 YYYY-FY（年度），例如 2015-Q1。")
        data = f.data
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("period"), str) and data["period"] != folder and _PERIOD_RE.match(data["period"]):
            yield flag("file-name-mismatch", f, ("period",),
                     f"报告写的期次是 {data['period']}，却放在文件夹 {folder} 里。请移动文件或改正 period。")
        if isinstance(data.get("unit"), str):
            if data["unit"] != stem:
                yield flag("file-name-mismatch", f, ("unit",),
                         f"报告写的单位是“{data['unit']}”，文件名却是“{stem}.yaml”。文件名必须是单位编号。")
            message = idx.unresolved("unit", data["unit"])
            if message:
                yield flag("ref-unresolved", f, ("unit",), message)


@rule("dispatch-identity", codes=("file-name-mismatch",))
def dispatch_identity(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """DATA-MODEL: data/dispatches/<date>-<nn>.yaml with nn from 01 to 99, matching `date`."""
    for f in loaded.of_kind("dispatch"):
        stem = f.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        m = _DISPATCH_RE.match(stem)
        if not m or to_date(m.group(1)) is None:
            yield finding("file-name-mismatch", f.path, 1,
                          f"调度记录文件名“{stem}.yaml”不对。请用“日期-序号.yaml”，例如 2015-03-10-01.yaml（序号 01 到 99）。")
            continue
        data = f.data
        if isinstance(data, dict) and isinstance(data.get("date"), str) and data["date"] != m.group(1):
            yield flag("file-name-mismatch", f, ("date",),
                     f"记录写的日期是 {data['date']}，文件名却是 {m.group(1)}。请改文件名或日期，使两者一致。")


@rule("circular-identity", codes=("file-name-mismatch",))
def circular_identity(idx: Index, loaded: Loaded) -> Iterator[Finding]:
    """DATA-MODEL: data/circulars/<YYYY-MM|YYYY-Qn>.md."""
    for f in loaded.of_kind("circular"):
        stem = f.path.rsplit("/", 1)[-1].removesuffix(".md")
        if not _CIRCULAR_RE.match(stem):
            yield finding("file-name-mismatch", f.path, 1,
                          f"通报前言文件名“{stem}.md”不对。请用月份（2015-06.md）或季度（2015-Q2.md）命名。")
