"""Command line, continued: the spreadsheet commands (`import projects|reports`, `export projects|template|
monthly`). Like cli.py, this module parses, calls one stage function, prints and writes its result; the
stages in generator/sheets/ never print or write.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator import reporters as output
from generator.core.paths import RepoPaths
from generator.core.settings import Settings
from generator.labels import labels
from generator.loading.files import read_config

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _books(paths: RepoPaths, given: list[Path]) -> tuple[list[Any], list[Any]]:
    from generator.sheets.reading import DEFAULT_MAX_BYTES, read_book

    limit = Settings.from_config(read_config(paths)).get("max_workbook_bytes") or DEFAULT_MAX_BYTES
    books, findings = [], []
    for path in given:
        book, found = read_book(path, str(path), int(limit))
        findings.extend(found)
        if book is not None:
            books.append(book)
    return books, findings


def _finish(args: argparse.Namespace, paths: RepoPaths, findings: list[Any], planned: list[Any]) -> int:
    """Write every planned file when nothing is wrong and this is no dry run; print what was (or would be)
    done."""
    failed = any(p.severity == "error" for p in findings)
    write = not failed and not args.dry_run
    if write:
        for plan in planned:
            if plan.action != "same":
                target = paths.root / plan.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(plan.text, encoding="utf-8")
    sys.stdout.write(output.format_import(findings, planned, write, args.format))
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_import_projects(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.loading.files import load
    from generator.sheets.import_projects import import_projects

    books, findings = _books(paths, args.tables)
    if findings and any(p.severity == "error" for p in findings):
        return _finish(args, paths, findings, [])
    result = import_projects(load(paths, jobs=args.jobs), books, args.category, args.update, args.date, args.year)
    return _finish(args, paths, [*findings, *result.findings], result.planned)


def cmd_import_reports(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.loading.files import load
    from generator.sheets.import_reports import import_reports

    books, findings = _books(paths, args.sheets)
    if findings and any(p.severity == "error" for p in findings):
        return _finish(args, paths, findings, [])
    tz = Settings.from_config(read_config(paths)).timezone
    submitted = args.submitted_on or datetime.now(UTC).astimezone(ZoneInfo(tz)).date()
    result = import_reports(load(paths, jobs=args.jobs), books, args.period, submitted, args.update, args.received)
    return _finish(args, paths, [*findings, *result.findings], result.planned)


def _export(args: argparse.Namespace, paths: RepoPaths, default_name: str, make: Any) -> int:
    """Load and check the data (a workbook is never made from broken data), make it, write it."""
    from generator.cli import _resolve
    from generator.compute.analysis import analyse
    from generator.core.findings import Findings

    as_of = _resolve(args, paths)
    run = analyse(paths, as_of, args.jobs, stop_on_errors=True)
    if run.findings.errors:
        sys.stdout.write(output.format_text(Findings(run.findings.errors)))
        print("数据有错误，没有生成表格。请先改正上面的错误。", file=sys.stderr)
        return EXIT_PROBLEMS
    data = make(run)
    out: Path = args.out or Path(default_name)
    out = out if out.is_absolute() else Path.cwd() / out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"已生成 {out}（数据日期 {as_of.isoformat()}）")
    return EXIT_OK


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(0, 0))


def _of_period(run: Any, period: str) -> Any:
    """The supervision year a month belongs to (a repository carrying several years, docs/design.md)."""
    whole = run.full or run.idx
    return whole.for_year(int(period[:4])) if whole.years and period[:4].isdigit() else run.idx


def cmd_export_projects(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.sheets.export_projects import decomposition_workbook

    year = Settings.from_config(read_config(paths)).year
    label = f"-{labels().category[args.category]}" if args.category else ""
    return _export(args, paths, f"{year}年重点项目责任分解表{label}.xlsx",
                   lambda run: decomposition_workbook(run.idx, _stamp(run.as_of), args.category))


def cmd_export_template(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.cli import UsageError  # printed by cli.main as a usage error (exit 2)
    from generator.sheets.template import TemplateError, template_workbook

    def make(run: Any) -> bytes:
        try:
            return template_workbook(_of_period(run, args.period), args.unit, args.period, _stamp(run.as_of))
        except TemplateError as exc:
            raise UsageError(str(exc)) from exc

    return _export(args, paths, f"月度信息报表-{args.unit}-{args.period}.xlsx", make)


def cmd_export_monthly(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.cli import UsageError
    from generator.sheets.monthly import MonthlyError, monthly_workbook

    def make(run: Any) -> bytes:
        try:
            return monthly_workbook(_of_period(run, args.period), args.period, run.as_of)
        except MonthlyError as exc:
            raise UsageError(str(exc)) from exc

    return _export(args, paths, f"重点项目月度汇总表-{args.period}.xlsx", make)


def _date_arg(text: str) -> date:
    from generator.cli import _date_arg as parse

    return parse(text)


def _month_arg(text: str) -> str:
    from generator.model import MONTH_RE

    if not MONTH_RE.match(text):
        raise argparse.ArgumentTypeError(f"月份格式应为 YYYY-MM，例如 2015-06（收到“{text}”）")
    return text


def add_commands(sub: Any, shared: dict[str, argparse.ArgumentParser]) -> None:
    """`import` and `export`, each with its subcommands."""
    categories = sorted(labels().category)
    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument("--format", choices=sorted(output.FORMATS), default="text")
    formats.add_argument("--dry-run", action="store_true", help="只检查并列出将写入的文件，不写入")
    formats.add_argument("--update", action="store_true", help="允许按表格修改已有的文件（逐项列出修改）；不加时已有文件不会改动")

    imp = sub.add_parser("import", help="导入 Excel、WPS、Word 表格：责任分解表（projects）或月度信息报表（reports）")
    isub = imp.add_subparsers(dest="what", required=True)
    p = isub.add_parser("projects", parents=[formats, shared["jobs"]],
                        help="把责任分解表导入为 data/projects/*.yaml（全部通过检查才写入）")
    p.add_argument("tables", nargs="+", type=Path, help="表格文件：.xlsx .xls .ods .docx .doc")
    p.add_argument("--category", choices=categories, default=None,
                   help="项目类别（默认：从表格标题、工作表名称或项目类别列读取）")
    p.add_argument("--date", type=_date_arg, default=None,
                   help="表格日期，用于把州领导姓名换算成当时的职务（默认：督查通知印发日 config.notice_date）")
    p.add_argument("--year", type=int, default=None, help="督查年度（默认：表格标题中的年份，否则 config.year）")
    p.set_defaults(func=cmd_import_projects)

    r = isub.add_parser("reports", parents=[formats, shared["jobs"]],
                        help="把责任单位的月度信息报表导入为 data/reports/<月份>/<项目编号>.yaml（全部通过检查才写入）")
    r.add_argument("sheets", nargs="+", type=Path, help="表格文件：.xlsx .xls .ods .docx .doc")
    r.add_argument("--period", required=True, type=_month_arg, help="所报月份 YYYY-MM，例如 2015-06")
    r.add_argument("--submitted-on", type=_date_arg, default=None, help="报送日期一栏为空时用的日期（默认：今天）")
    r.add_argument("--received", choices=sorted(labels().channel), default=None,
                   help="稽察办收到表格的方式（email 电子邮件、paper 纸质、system 其他系统），登记在新月报的收件登记中")
    r.set_defaults(func=cmd_import_reports)

    exp = sub.add_parser("export", help="导出 Excel 表格：责任分解表、月度信息报表模板、月度汇总表")
    esub = exp.add_subparsers(dest="what", required=True)
    out = argparse.ArgumentParser(add_help=False)
    out.add_argument("--out", type=Path, default=None, help="输出文件（默认：当前目录下按内容命名的 .xlsx）")
    e = esub.add_parser("projects", parents=[out, shared["as_of"], shared["jobs"]],
                        help="导出责任分解表（每类项目一张表，另有倒排工期节点、资金来源、工作班子）")
    e.add_argument("--category", choices=categories, default=None, help="只导出一类项目")
    e.set_defaults(func=cmd_export_projects)
    t = esub.add_parser("template", parents=[out, shared["as_of"], shared["jobs"]],
                        help="导出某单位某月的月度信息报表模板（预填项目、上月数字和未销号问题）")
    t.add_argument("--unit", required=True, help="单位编号，例如 jiaotong")
    t.add_argument("--period", required=True, type=_month_arg, help="所报月份 YYYY-MM")
    t.set_defaults(func=cmd_export_template)
    m = esub.add_parser("monthly", parents=[out, shared["as_of"], shared["jobs"]],
                        help="导出月度汇总表（按类别分组、小计合计、状态、逾期和未报送、核减数，A3 横向打印）")
    m.add_argument("--period", required=True, type=_month_arg, help="月份 YYYY-MM")
    m.set_defaults(func=cmd_export_monthly)
