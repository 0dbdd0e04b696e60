"""Command line: parse arguments, call one stage function, print its result, choose the exit code.

Exit codes are a contract: 0 clean, 1 problems, 2 usage. Only this module prints, and only this module
reads the clock (the as-of rule: --as-of, else config.as_of, else SOURCE_DATE_EPOCH, else today in
Asia/Shanghai).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator import output
from generator.paths import RepoPaths

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DEFAULT_TZ = "Asia/Shanghai"


class UsageError(Exception):
    pass


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD，例如 2015-10-20（收到“{text}”）") from exc


def resolve_as_of(arg: date | None, config_as_of: object, env: dict[str, str], tz: str = DEFAULT_TZ,
                  now: datetime | None = None) -> date:
    """The as-of rule. `now` is for tests; in production it is the clock, read here and nowhere else."""
    if arg is not None:
        return arg
    if isinstance(config_as_of, str):
        try:
            return date.fromisoformat(config_as_of)
        except ValueError as exc:
            raise UsageError(f"data/config.yaml 的 as_of“{config_as_of}”不是有效日期（YYYY-MM-DD）") from exc
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), ZoneInfo(tz)).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise UsageError(f"环境变量 SOURCE_DATE_EPOCH“{epoch}”不是有效的秒数") from exc
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(tz)).date()


def _rel_paths(paths: RepoPaths, given: list[str]) -> list[str]:
    out = []
    for g in given:
        p = Path(g)
        full = p if p.is_absolute() else Path.cwd() / p
        try:
            out.append(full.resolve().relative_to(paths.root.resolve()).as_posix())
        except ValueError as exc:
            raise UsageError(f"路径“{g}”不在仓库 {paths.root} 里") from exc
    return out


def cmd_validate(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.validate import validate

    report = validate(paths, only=_rel_paths(paths, args.paths) or None, jobs=args.jobs)
    sys.stdout.write(output.FORMATS[args.format](report))
    if report.errors or (args.strict and report.warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.demo import write_demo

    written = write_demo(paths.root, seed=args.seed)
    print(f"已写入示例数据 {len(written)} 个文件（随机种子 {args.seed}）。")
    return EXIT_OK


def _resolve(args: argparse.Namespace, paths: RepoPaths) -> date:
    from generator.load import read_config

    config = read_config(paths)
    return resolve_as_of(args.as_of, config.get("as_of"), dict(os.environ), str(config.get("timezone") or DEFAULT_TZ))


def _analyse(paths: RepoPaths, as_of: date, jobs: int | None) -> Any:
    from generator import deadlines, metrics
    from generator.load import load
    from generator.validate import build_index, check

    loaded = load(paths, jobs=jobs)
    report = check(loaded)
    idx = build_index(loaded)
    result = deadlines.compute(loaded, as_of, idx)
    return loaded, report, idx, result, metrics


def cmd_check(args: argparse.Namespace, paths: RepoPaths) -> int:
    as_of = _resolve(args, paths)
    _, report, idx, result, metrics = _analyse(paths, as_of, args.jobs)
    for p in [*report.errors, *result.problems]:
        print(output.text_line(p), file=sys.stderr)
    names = metrics.accountable_names(idx, as_of)
    project_names = {pid: str(p.get("name", "")) for pid, (_, p) in idx.projects.items()}
    sys.stdout.write(output.CHECK_FORMATS[args.format](as_of, result.deadlines, names, project_names))
    if result.problems:
        return EXIT_PROBLEMS
    if args.fail_on == "missed" and any(d.state == "missed" for d in result.deadlines):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_metrics(args: argparse.Namespace, paths: RepoPaths) -> int:
    import json

    as_of = _resolve(args, paths)
    loaded, report, idx, result, metrics = _analyse(paths, as_of, args.jobs)
    if report.errors or result.problems:
        sys.stdout.write(output.format_text(report))
        for p in result.problems:
            print(output.text_line(p))
        print("数据有错误，没有计算指标。请先改正上面的错误。", file=sys.stderr)
        return EXIT_PROBLEMS
    doc = metrics.compute(loaded, result, idx).as_dict()
    doc["deadlines"] = [d.as_dict() for d in result.deadlines]
    text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if args.out is None or str(args.out) == "-":
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return EXIT_OK


def _git(root: Path, *args: str) -> str | None:
    import subprocess

    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def build_info(paths: RepoPaths, as_of: date, env: dict[str, str]) -> Any:
    """As-of, build time and data commit for every page: SOURCE_DATE_EPOCH, else the commit's time."""
    from generator.build import BuildInfo

    commit = _git(paths.root, "rev-parse", "--short=12", "HEAD")
    if commit and _git(paths.root, "status", "--porcelain", "--", "data"):
        commit += "（含未提交的修改）"
    epoch = env.get("SOURCE_DATE_EPOCH") or _git(paths.root, "log", "-1", "--format=%ct")
    built = None
    if epoch:
        try:
            built = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise UsageError(f"环境变量 SOURCE_DATE_EPOCH“{epoch}”不是有效的秒数") from exc
    return BuildInfo(as_of, built, commit or "未知")


def _pin_build_date(info: Any) -> None:
    """MkDocs dates the sitemap from SOURCE_DATE_EPOCH, else the clock: pin it so builds are reproducible."""
    if info.built_at is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(info.built_at.timestamp()))
    else:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime(info.as_of.year, info.as_of.month, info.as_of.day,
                                                           tzinfo=UTC).timestamp()))


def cmd_build(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.build import build_site

    as_of = _resolve(args, paths)
    info = build_info(paths, as_of, dict(os.environ))
    _pin_build_date(info)
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    report = build_site(paths, info, out, jobs=args.jobs)
    if report.errors:
        sys.stdout.write(output.format_text(report))
        print("数据有错误，网站没有生成。请先改正上面的错误。", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"网站已生成：{out}（数据日期 {as_of.isoformat()}，数据版本 {info.commit}）")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, paths: RepoPaths) -> int:
    import logging

    from generator.build import serve_site

    logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s", stream=sys.stderr)
    as_of = _resolve(args, paths)
    info = build_info(paths, as_of, dict(os.environ))
    _pin_build_date(info)
    serve_site(paths, info, args.address)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="阳光督查：重点项目数据校验与网站生成")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="仓库根目录（默认：当前目录）")
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="校验数据文件，逐条指出文件和行号")
    v.add_argument("paths", nargs="*", help="只报告这些文件或目录里的问题（仍会读取整个仓库）")
    v.add_argument("--format", choices=sorted(output.FORMATS), default="text")
    v.add_argument("--strict", action="store_true", help="有警告也以 1 退出")
    v.add_argument("--jobs", type=int, default=None, help="并行进程数（默认：CPU 核数）")
    v.set_defaults(func=cmd_validate)

    c = sub.add_parser("check", help="列出逾期未完成和 7 天内到期的事项，按责任单位分组")
    c.add_argument("--as-of", type=_date_arg, default=None, help="数据日期 YYYY-MM-DD")
    c.add_argument("--format", choices=sorted(output.CHECK_FORMATS), default="text")
    c.add_argument("--fail-on", choices=["missed", "none"], default="missed",
                   help="missed：有逾期事项时以 1 退出（默认）；none：只报告")
    c.add_argument("--jobs", type=int, default=None)
    c.set_defaults(func=cmd_check)

    m = sub.add_parser("metrics", help="计算全部指标，输出一个 JSON 文件（格式见 schemas/metrics.schema.json）")
    m.add_argument("--as-of", type=_date_arg, default=None, help="数据日期 YYYY-MM-DD")
    m.add_argument("--out", type=Path, default=None, help="输出文件（默认：标准输出）")
    m.add_argument("--jobs", type=int, default=None)
    m.set_defaults(func=cmd_metrics)

    b = sub.add_parser("build", help="校验数据、计算指标并生成网站")
    b.add_argument("--as-of", type=_date_arg, default=None, help="数据日期 YYYY-MM-DD（默认按 config.as_of 等规则）")
    b.add_argument("--out", type=Path, default=Path("site"), help="输出目录（默认 site）")
    b.add_argument("--jobs", type=int, default=None)
    b.set_defaults(func=cmd_build)

    sv = sub.add_parser("serve", help="本地预览网站；data/ 有改动时自动重新生成")
    sv.add_argument("--as-of", type=_date_arg, default=None, help="数据日期 YYYY-MM-DD")
    sv.add_argument("--address", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
    sv.set_defaults(func=cmd_serve)

    d = sub.add_parser("demo", help="生成示例数据（楚雄州 2015）")
    d.add_argument("--seed", type=int, default=2015)
    d.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse prints its own usage message
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    paths = RepoPaths(args.root.resolve())
    try:
        return int(args.func(args, paths))
    except UsageError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USAGE
