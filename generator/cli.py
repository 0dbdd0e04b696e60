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

from generator import reporters as output
from generator.core.paths import RepoPaths
from generator.core.settings import Settings
from generator.loading.files import read_config

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD，例如 2015-10-20（收到“{text}”）") from exc


def resolve_as_of(arg: date | None, config_as_of: object, env: dict[str, str], tz: str,
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


def _cache_dir(args: argparse.Namespace) -> Path | None:
    """--cache, else SUNSHINE_CACHE: where loaded files and rule findings are kept between runs (opt-in)."""
    value = args.cache or os.environ.get("SUNSHINE_CACHE")
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else Path.cwd() / path


def _snapshot(args: argparse.Namespace, paths: RepoPaths, cache: Path) -> Any:
    from generator.loading.snapshot import snapshot
    from generator.rules.incremental import summarise

    return snapshot(paths, cache, summarise, args.jobs)


def cmd_validate(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.rules import validate

    only = _rel_paths(paths, args.paths)
    cache = _cache_dir(args)
    if cache is not None:
        from generator.rules.incremental import validate_snapshot

        snap = _snapshot(args, paths, cache)
        report = validate_snapshot(snap, only or None)
        if args.base:
            report.extend(_integrity_cached(args, paths, snap, only))
        snap.store.save()
    else:
        report = validate(paths, only=only or None, jobs=args.jobs)
        if args.base:
            report.extend(_integrity(args, paths, only))
    sys.stdout.write(output.FORMATS[args.format](report))
    if report.errors or (args.strict and report.warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.demo import write_demo

    written = write_demo(paths.root, seed=args.seed)
    print(f"已写入示例数据 {len(written)} 个文件（随机种子 {args.seed}）。")
    return EXIT_OK


def cmd_synth(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.synth import SynthError, commit_synth, write_synth

    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    try:
        written = write_synth(out, args.projects, args.months, seed=args.seed, year=args.year)
        commit = commit_synth(out, dict(os.environ), args.projects, args.months, args.seed, args.year) \
            if args.commit else None
    except SynthError as exc:
        raise UsageError(str(exc)) from exc
    counts = "，".join(f"{kind} {n}" for kind, n in sorted(written.items()))
    print(f"已在 {out} 写入合成数据 {sum(written.values())} 个文件（{counts}；随机种子 {args.seed}）"
          + (f"，并提交为 git 仓库（{commit[:12]}）。" if commit else "。"))
    return EXIT_OK


def _resolve(args: argparse.Namespace, paths: RepoPaths) -> date:
    """The as-of date, refused when the working-day calendar cannot answer its year (9999-12-30 once made
    `check` walk every day to it)."""
    from generator.core.workdays import CalendarGap

    settings = Settings.from_config(read_config(paths))
    as_of = resolve_as_of(args.as_of, settings.get("as_of"), dict(os.environ), settings.timezone)
    try:
        settings.calendar.is_workday(date(as_of.year, 1, 1))
    except CalendarGap as gap:
        raise UsageError(f"数据日期 {as_of.isoformat()} 无法计算：{gap.message()}") from None
    return as_of


def _analyse(args: argparse.Namespace, paths: RepoPaths) -> Any:
    from generator.compute.analysis import analyse

    return analyse(paths, _resolve(args, paths), args.jobs)


def cmd_check(args: argparse.Namespace, paths: RepoPaths) -> int:
    run = _analyse(args, paths)
    for p in run.errors:
        print(output.text_line(p), file=sys.stderr)
    from generator.compute.lagging import silent_lagging

    names = run.idx.names()  # posts by title: each deadline carries the holder it was due under
    lags = [] if run.errors else silent_lagging(run.idx, run.as_of)
    sys.stdout.write(output.CHECK_FORMATS[args.format](run.as_of, run.deadlines.deadlines, names,
                                                        run.idx.project_names(), run.idx.settings.upcoming_days, lags))
    if run.errors:  # deadlines read from broken data cannot be trusted
        return EXIT_PROBLEMS
    if args.fail_on == "missed" and any(d.state == "missed" for d in run.deadlines.deadlines):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_metrics(args: argparse.Namespace, paths: RepoPaths) -> int:

    run = _analyse(args, paths)
    if run.errors:
        sys.stdout.write(output.format_text(run.findings))
        for p in run.deadlines.findings:
            print(output.text_line(p))
        print("数据有错误，没有计算指标。请先改正上面的错误。", file=sys.stderr)
        return EXIT_PROBLEMS
    figures = run.metrics()
    streamed = {"projects": (pm.as_dict() for pm in figures.projects),
                "deadlines": (d.as_dict() for d in run.deadlines.deadlines)}
    if args.out is None or str(args.out) == "-":
        output.write_json(sys.stdout, figures.summary(), streamed)
    else:
        with args.out.open("w", encoding="utf-8") as out:
            output.write_json(out, figures.summary(), streamed)
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
    from generator.site.build import BuildInfo

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


def _engine(args: argparse.Namespace, paths: RepoPaths) -> str:
    """--engine, else config publish.engine (whose schema default is mkdocs)."""
    if args.engine:
        return str(args.engine)
    return str(Settings.from_config(read_config(paths)).get("publish", "engine"))


def _check_out(paths: RepoPaths, out: Path) -> None:
    """The output folder is emptied first: never one holding, or inside, the data or the site's sources."""
    from generator.core.paths import PACKAGE_ROOT, SITE_SRC

    target = out.resolve()
    sources = (paths.data.resolve(), SITE_SRC.resolve())
    for kept in (*sources, PACKAGE_ROOT.resolve()):
        if target == kept or target in kept.parents:
            raise UsageError(f"输出目录 {out} 会清空 {kept}：请换一个目录（默认 site）")
    for kept in sources:
        if kept in target.parents:
            raise UsageError(f"输出目录 {out} 在 {kept} 里面：请换一个目录（默认 site）")


def cmd_build(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.site.build import build_site
    from generator.site.engines import ENGINES, EngineError

    as_of = _resolve(args, paths)
    engine = _engine(args, paths)
    info = build_info(paths, as_of, dict(os.environ))
    _pin_build_date(info)
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    _check_out(paths, out)
    try:
        report = build_site(paths, info, out, jobs=args.jobs, engine=engine)
    except EngineError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if report.errors:
        sys.stdout.write(output.format_text(report))
        print("数据有错误，网站没有生成。请先改正上面的错误。", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"网站已生成：{out}（数据日期 {as_of.isoformat()}，数据版本 {info.commit}，{ENGINES[engine].title}）")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, paths: RepoPaths) -> int:
    import logging

    from generator.core.findings import Findings
    from generator.site.engines import EngineError
    from generator.site.serving import serve_site

    logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s", stream=sys.stderr)
    as_of = _resolve(args, paths)
    engine = _engine(args, paths)
    info = build_info(paths, as_of, dict(os.environ))
    _pin_build_date(info)

    def changed(report: Findings) -> None:
        if report.errors:
            sys.stderr.write(output.format_text(report))
            print("数据有错误，页面没有更新。", file=sys.stderr, flush=True)
        else:
            print("数据或网页源文件有改动，页面已重新生成。", file=sys.stderr, flush=True)

    try:
        first = serve_site(paths, info, args.address, engine, changed)
    except EngineError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if first.errors:
        sys.stdout.write(output.format_text(first))
        print("数据有错误，无法预览网站。请先改正上面的错误。", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


# ---------------------------------------------------------------- the review loop (issue 6)


def _load_at(paths: RepoPaths, root: Path, jobs: int | None) -> Any:
    from generator.loading.files import load

    return load(RepoPaths(root), jobs=jobs)


def _integrity(args: argparse.Namespace, paths: RepoPaths, only: list[str]) -> list[Any]:
    from generator.core.findings import within
    from generator.review.integrity import integrity
    from generator.review.revision import RevisionError, revision

    day = None if args.received_on else _resolve(argparse.Namespace(as_of=None), paths)  # when years close
    try:
        with revision(paths.root, args.base) as base:
            found = [*base.findings, *integrity(_load_at(paths, base.root, args.jobs),
                                                _load_at(paths, paths.root, args.jobs), args.received_on, day)]
    except RevisionError as exc:
        raise UsageError(str(exc)) from exc
    return within(found, only)


def _integrity_cached(args: argparse.Namespace, paths: RepoPaths, snap: Any, only: list[str]) -> list[Any]:
    """The integrity findings from the cached head and git's listing of the base (review/delta.py), or read
    the ordinary way when the change is not one that reading can take."""
    from generator.core.findings import within
    from generator.review.delta import delta, integrity_delta
    from generator.review.revision import RevisionError

    try:
        change = delta(snap, args.base)
    except RevisionError as exc:
        raise UsageError(str(exc)) from exc
    if change is None:
        return _integrity(args, paths, only)
    day = None if args.received_on else _resolve(argparse.Namespace(as_of=None), paths)  # when years close
    return within(integrity_delta(change, args.received_on, day), only)


def _change_set(args: argparse.Namespace, paths: RepoPaths) -> Any:
    from generator.review.diff import change_set
    from generator.review.revision import RevisionError, revision

    cache = _cache_dir(args)
    if cache is not None and args.head is None:
        from generator.review.delta import change_set_delta, delta

        snap = _snapshot(args, paths, cache)
        try:
            change = delta(snap, args.base)
        except RevisionError as exc:
            raise UsageError(str(exc)) from exc
        if change is not None:
            result = change_set_delta(change, args.base, "工作区", _resolve(args, paths), args.received_on)
            snap.store.save()
            return result

    try:
        with revision(paths.root, args.base) as base, revision(paths.root, args.head) as head:
            as_of = _resolve(args, RepoPaths(head.root))
            return change_set(_load_at(paths, base.root, args.jobs), _load_at(paths, head.root, args.jobs),
                              args.base, args.head or "工作区", as_of, args.received_on,
                              [*base.findings, *head.findings])
    except RevisionError as exc:
        raise UsageError(str(exc)) from exc


def cmd_diff(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.review import comment as ci

    cs = _change_set(args, paths)
    sys.stdout.write(ci.format_diff(cs))
    return EXIT_PROBLEMS if cs.errors else EXIT_OK


def cmd_ci_comment(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.review import comment as ci

    cs = _change_set(args, paths)
    if args.summary:
        text = ci.comment(cs, limit=ci.SUMMARY_LIMIT, bytes_limit=True, fork=args.fork)
    else:
        text = ci.comment(cs, fork=args.fork)
    sys.stdout.write(text)
    return EXIT_OK


def cmd_ci_issue(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.review import comment as ci

    run = _analyse(args, paths)
    existing = args.existing_body.read_text(encoding="utf-8") if args.existing_body else None
    plan = ci.issue_plan(run.as_of, run.deadlines.deadlines, run.idx.names(), run.idx.project_names(),
                         ci.teams_of(run.idx.units), args.existing_state, existing)
    sys.stdout.write(plan.as_json())
    return EXIT_OK


def cmd_codeowners(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.loading.files import load
    from generator.model import build_index
    from generator.review.codeowners import generate

    loaded = load(paths, jobs=args.jobs)
    if loaded.findings:
        from generator.core.findings import Findings

        sys.stdout.write(output.format_text(Findings(loaded.findings)))
        print("数据有错误，没有生成 CODEOWNERS。请先改正上面的错误。", file=sys.stderr)
        return EXIT_PROBLEMS
    text = generate(build_index(loaded))
    target = paths.root / ".github" / "CODEOWNERS"
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current == text:
            return EXIT_OK
        print(".github/CODEOWNERS 与数据不一致。请运行 python -m generator codeowners 重新生成并提交。", file=sys.stderr)
        return EXIT_PROBLEMS
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"已更新 {paths.rel(target)}")
    return EXIT_OK


def cmd_docs(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.core.paths import PACKAGE_ROOT
    from generator.loading.schemadoc import OUTPUT, data_model_markdown, write_data_model

    if args.check:
        current = PACKAGE_ROOT / OUTPUT
        if current.is_file() and current.read_text(encoding="utf-8") == data_model_markdown():
            return EXIT_OK
        print(f"{OUTPUT} 与 schemas/ 不一致。请运行 python -m generator docs 重新生成并提交。", file=sys.stderr)
        return EXIT_PROBLEMS
    if write_data_model(PACKAGE_ROOT):
        print(f"已更新 {OUTPUT}")
    return EXIT_OK


def cmd_new_report(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.loading.files import load
    from generator.model import build_index
    from generator.review.newreport import NewReportError, new_report

    tz = Settings.from_config(read_config(paths)).timezone
    submitted = args.submitted_on or datetime.now(UTC).astimezone(ZoneInfo(tz)).date()
    try:
        made = new_report(paths.root, build_index(load(paths, jobs=args.jobs)), args.project, args.period,
                          submitted)
    except NewReportError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    target = paths.root / made.path
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(made.text)
    source = f"，内容取自 {made.previous} 的月报" if made.previous else ""
    print(f"已新建 {made.path}{source}。请修改本月完成投资、本年累计、资金到位和形象进度，再提交。")
    return EXIT_OK


def cmd_new_year(args: argparse.Namespace, paths: RepoPaths) -> int:
    from generator.core.findings import Findings
    from generator.loading.files import load
    from generator.model import build_index
    from generator.review.newyear import NewYearError, describe, open_year, refuse_twice, write
    from generator.rules import validate_loaded

    loaded = load(paths, jobs=args.jobs)
    idx = build_index(loaded)
    try:
        refuse_twice(idx, args.year)
    except NewYearError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    errors = validate_loaded(loaded, idx=idx).errors
    if errors:
        sys.stdout.write(output.format_text(Findings(errors)))
        print("错误：数据中还有错误，请先改正，再开启新年度。", file=sys.stderr)
        return EXIT_PROBLEMS
    categories = dict(item.split("=", 1) if "=" in item else (item, "") for item in args.category)
    select = [p.strip() for p in args.projects.split(",") if p.strip()] if args.projects else None
    try:
        made = open_year(idx, args.year, select=select, categories=categories, title=args.title,
                         previous_title=args.previous_title)
        existing = [rel for rel in made.files if (paths.root / rel).exists()]
        if existing:
            raise NewYearError(f"这些文件已经存在，不会覆盖：{'、'.join(existing)}。")
    except NewYearError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.dry_run:
        sys.stdout.write("（试运行，未写入任何文件）\n" + describe(made))
        return EXIT_OK
    write(paths.root, made)
    sys.stdout.write(describe(made))
    return EXIT_OK


# ---------------------------------------------------------------- arguments


def _parents() -> dict[str, argparse.ArgumentParser]:
    """Options several commands share, declared once (argparse parents)."""
    as_of = argparse.ArgumentParser(add_help=False)
    as_of.add_argument("--as-of", type=_date_arg, default=None,
                       help="数据日期 YYYY-MM-DD（默认：config.as_of，否则 SOURCE_DATE_EPOCH，否则今天）")
    jobs = argparse.ArgumentParser(add_help=False)
    jobs.add_argument("--jobs", type=int, default=None, help="并行进程数（默认：CPU 核数）")
    received = argparse.ArgumentParser(add_help=False)
    received.add_argument("--received-on", type=_date_arg, default=None,
                          help="新增月报提交到系统的日期（拉取请求的创建日期），用于检查报送日期是否倒填")
    engine = argparse.ArgumentParser(add_help=False)
    from generator.site.engines import ENGINES

    engine.add_argument("--engine", choices=sorted(ENGINES), default=None,
                        help="网站生成器：mkdocs（MkDocs Material）或 zensical（默认：config.publish.engine，否则 mkdocs）")
    cache = argparse.ArgumentParser(add_help=False)
    cache.add_argument("--cache", default=None,
                       help="缓存目录：按内容保存已读取和校验的文件，下次只重读改动的部分（默认：环境变量 SUNSHINE_CACHE，未设置则不用缓存）")
    return {"as_of": as_of, "jobs": jobs, "received": received, "cache": cache, "engine": engine}


def _review_commands(sub: Any, shared: dict[str, argparse.ArgumentParser]) -> None:
    review = [shared["received"], shared["as_of"], shared["jobs"], shared["cache"]]
    d = sub.add_parser("diff", parents=review, help="用中文说明两个版本之间的修改：文件、数字变化和发现的问题")
    d.add_argument("base", help="基准版本（提交、分支或标签）")
    d.add_argument("head", nargs="?", default=None, help="比较的版本（默认：当前工作区）")
    d.set_defaults(func=cmd_diff)

    c = sub.add_parser("ci-comment", parents=review, help="输出拉取请求的评论（Markdown），或加 --summary 输出作业摘要")
    c.add_argument("--base", required=True, help="基准版本（拉取请求的目标分支提交）")
    c.add_argument("--head", default=None, help="比较的版本（默认：当前工作区）")
    c.add_argument("--summary", action="store_true", help="输出作业摘要（列出全部问题，上限 1 MiB）")
    c.add_argument("--fork", action="store_true", help="来自复刻仓库的拉取请求（只写摘要，不发评论）")
    c.set_defaults(func=cmd_ci_comment)

    i = sub.add_parser("ci-issue", parents=[shared["as_of"], shared["jobs"]],
                       help="输出本月逾期事项议题的标题、正文和操作（open/update/close/none），JSON 格式")
    i.add_argument("--existing-state", choices=["none", "open", "closed"], default="none",
                   help="本月议题的现状：none 还没有，open 打开，closed 已关闭")
    i.add_argument("--existing-body", type=Path, default=None, help="现有议题正文所在的文件")
    i.set_defaults(func=cmd_ci_issue)

    o = sub.add_parser("codeowners", parents=[shared["jobs"]],
                       help="根据单位和项目数据生成 .github/CODEOWNERS；--check 只检查是否最新")
    o.add_argument("--check", action="store_true", help="不写文件；与数据不一致时以 1 退出")
    o.set_defaults(func=cmd_codeowners)

    g = sub.add_parser("docs", help="根据 schemas/ 重新生成数据规范 docs/data-model.md；--check 只检查是否最新")
    g.add_argument("--check", action="store_true", help="不写文件；与 schemas/ 不一致时以 1 退出")
    g.set_defaults(func=cmd_docs)

    n = sub.add_parser("new-report", parents=[shared["jobs"]], help="按上月月报新建本月月报（不会覆盖已有文件）")
    n.add_argument("project", help="项目编号，例如 2015-zj-03")
    n.add_argument("--period", required=True, help="所报月份 YYYY-MM，例如 2015-04")
    n.add_argument("--submitted-on", type=_date_arg, default=None, help="报送日期（默认：今天）")
    n.set_defaults(func=cmd_new_report)

    y = sub.add_parser("new-year", parents=[shared["jobs"]],
                       help="开启下一个督查年度：新建年度文件和接续项目（不改动上一年度的任何文件）")
    y.add_argument("year", type=int, help="要开启的年度，例如 2016")
    y.add_argument("--projects", default=None,
                   help="接续的项目编号，以逗号分隔（默认：上一年度年末仍在名单内、尚未竣工的全部项目）")
    y.add_argument("--category", action="append", default=[], metavar="项目编号=类别",
                   help="接续项目在新年度的类别，例如 2015-qq-03=new_start；可写多次（默认：已开工的新开工项目转为在建）")
    y.add_argument("--title", default=None, help="新年度名单的名称，例如“四个一百”")
    y.add_argument("--previous-title", default=None, help="第一次开启新年度时：上一年度名单的名称，例如“3个30”")
    y.add_argument("--dry-run", action="store_true", help="只列出将要新建的文件，不写入")
    y.set_defaults(func=cmd_new_year)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="阳光督查：重点项目数据校验与网站生成")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="仓库根目录（默认：当前目录）")
    sub = parser.add_subparsers(dest="command", required=True)
    shared = _parents()

    v = sub.add_parser("validate", parents=[shared["jobs"], shared["received"], shared["cache"]],
                       help="校验数据文件，逐条指出文件和行号")
    v.add_argument("paths", nargs="*", help="只报告这些文件或目录里的问题（仍会读取整个仓库）")
    v.add_argument("--format", choices=sorted(output.FORMATS), default="text")
    v.add_argument("--strict", action="store_true", help="有警告也以 1 退出")
    v.add_argument("--base", default=None, help="与这个版本（提交、分支）比较，检查更正、删除、倒填日期等变更规则")
    v.set_defaults(func=cmd_validate)
    _review_commands(sub, shared)

    c = sub.add_parser("check", parents=[shared["as_of"], shared["jobs"]],
                       help="列出逾期未完成和即将到期（config.upcoming_days 天内）的事项，按责任单位分组")
    c.add_argument("--format", choices=sorted(output.CHECK_FORMATS), default="text")
    c.add_argument("--fail-on", choices=["missed", "none"], default="missed",
                   help="missed：有逾期事项时以 1 退出（默认）；none：只报告")
    c.set_defaults(func=cmd_check)

    m = sub.add_parser("metrics", parents=[shared["as_of"], shared["jobs"]],
                       help="计算全部指标，输出一个 JSON 文件（格式见 schemas/output/metrics.schema.json）")
    m.add_argument("--out", type=Path, default=None, help="输出文件（默认：标准输出）")
    m.set_defaults(func=cmd_metrics)

    b = sub.add_parser("build", parents=[shared["as_of"], shared["jobs"], shared["engine"]],
                       help="校验数据、计算指标并生成网站")
    b.add_argument("--out", type=Path, default=Path("site"), help="输出目录（默认 site）")
    b.set_defaults(func=cmd_build)

    sv = sub.add_parser("serve", parents=[shared["as_of"], shared["engine"]],
                        help="本地预览网站；data/ 或网页源文件有改动时自动重新生成")
    sv.add_argument("--address", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")
    sv.set_defaults(func=cmd_serve)

    from generator.cli_sheets import add_commands

    add_commands(sub, shared)

    d = sub.add_parser("demo", help="生成示例数据（楚雄州 2015）")
    d.add_argument("--seed", type=int, default=2015)
    d.set_defaults(func=cmd_demo)

    sy = sub.add_parser("synth", help="生成任意规模的合成数据仓库（测量性能用）")
    sy.add_argument("--projects", type=int, required=True, help="项目数（3 到 30000）")
    sy.add_argument("--months", type=int, default=12, help="月报月数（1 到 12，从 1 月起；默认 12）")
    sy.add_argument("--out", type=Path, required=True, help="输出目录（不能已有 data/）")
    sy.add_argument("--seed", type=int, default=2015, help="随机种子（默认 2015）")
    sy.add_argument("--year", type=int, default=2015, help="督查年度（2005 到 2025，默认 2015）")
    sy.add_argument("--commit", action="store_true", help="把输出目录初始化为 git 仓库并提交（用于测量 validate --base）")
    sy.set_defaults(func=cmd_synth)
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
