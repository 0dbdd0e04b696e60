"""Both site engines on the same pages, recorded in BENCHMARKS.md (issue 12). Never asserted in tests.

    python scripts/bench_engines.py [--root DIR] [--label NAME] [--repeat N] [--write]

Renders the pages once into a staging folder (as `python -m generator build` does), then times each engine's
own command (`mkdocs build`, `zensical build`, strict, in a fresh process) on a fresh copy of that folder
(the engine step alone), and the whole `python -m generator build --engine …` in a fresh process
(load, check, compute, render, stage, engine, policy and .gz). Runs are interleaved, best and worst kept.
`--root` points at another repository (a larger portfolio); each `--label` is one row of the table.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.core.paths import RepoPaths  # noqa: E402
from generator.site import staging  # noqa: E402
from generator.site.build import BuildInfo, prepare  # noqa: E402
from generator.site.engines import ENGINES  # noqa: E402
from generator.site.engines.base import CONFIG  # noqa: E402
from generator.site.staging import Content  # noqa: E402

# each engine's own command on the staged folder, in a fresh process (as the Zensical adapter runs it)
ENGINE_ARGS = {"mkdocs": ["--strict", "--config-file", CONFIG], "zensical": ["--strict", "--config-file", CONFIG]}
MARKS = ("<!-- bench:engines:start -->", "<!-- bench:engines:end -->")
ROW = re.compile(r"^\| (?P<label>[^|]+?) \| ")


def engine_step(repo: Path, repeat: int) -> tuple[int, dict[str, list[float]]]:
    paths = RepoPaths(repo)
    with open(repo / "data" / "config.yaml", encoding="utf-8") as f:
        found = re.search(r'^as_of:\s*"?(\d{4}-\d{2}-\d{2})', f.read(), re.M)
    as_of = date.fromisoformat(found.group(1)) if found else date.today()
    info = BuildInfo(as_of, datetime(2015, 10, 20, tzinfo=UTC), "bench")
    prepared = prepare(paths, info)
    assert not prepared.report.errors, "the data has errors"
    times: dict[str, list[float]] = {name: [] for name in ENGINES}
    made: set[str] = set()  # the pages made from data

    def counted() -> Iterator[tuple[str, Content]]:
        for src, page in prepared.pages():
            if src.endswith(".md"):
                made.add(src)
            yield src, page

    with tempfile.TemporaryDirectory() as tmp:
        for name, adapter in ENGINES.items():
            staging.sync(Path(tmp) / name, staging.files(counted(), adapter.files(prepared.extra), defer=True))
        for _ in range(repeat):
            for name in ENGINES:
                fresh = Path(tmp) / f"{name}-run"
                shutil.rmtree(fresh, ignore_errors=True)
                shutil.copytree(Path(tmp) / name, fresh)
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", name, "build", *ENGINE_ARGS[name]], cwd=fresh, check=True,
                               capture_output=True)
                times[name].append(time.perf_counter() - start)
    return len(made), times


def whole_build(repo: Path, repeat: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in ENGINES}
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1445356800"}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            for name in ENGINES:
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "generator", "--root", str(repo), "build", "--engine", name,
                                "--out", str(Path(tmp) / name)], cwd=ROOT, env=env, check=True,
                               capture_output=True)
                times[name].append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--label", default="demonstration data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="replace this label's row in BENCHMARKS.md")
    args = parser.parse_args()
    pages, step = engine_step(args.root.resolve(), args.repeat)
    whole = whole_build(args.root.resolve(), args.repeat)
    m, z = ENGINES["mkdocs"].name, ENGINES["zensical"].name
    row = (f"| {args.label} | {pages} | {min(step[m]):.1f}–{max(step[m]):.1f} s | {min(step[z]):.1f}–{max(step[z]):.1f} s"
           f" | {min(whole[m]):.1f}–{max(whole[m]):.1f} s | {min(whole[z]):.1f}–{max(whole[z]):.1f} s |")
    print(row)
    if args.write:
        bench = ROOT / "BENCHMARKS.md"
        text = bench.read_text(encoding="utf-8")
        start, end = MARKS
        head, rest = text.split(start, 1) if start in text else (text.rstrip() + "\n\n## Two engines\n\n", end)
        old, tail = rest.split(end, 1)
        labels = {line: found.group("label") for line in old.splitlines() if (found := ROW.match(line))}
        rows = [line for line, label in labels.items() if label not in ("what", args.label)]
        block = "\n".join([
            start,
            f"Measured {time.strftime('%Y-%m-%d')} by `scripts/bench_engines.py` on {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; best–worst of {args.repeat} interleaved "
            f"runs, load average {os.getloadavg()[0]:.1f} at the end (a shared machine: compare within a row). The engine "
            "step is `mkdocs build` or `zensical build` on a staged copy of the same pages (a page made from data "
            "reaches the engine as its front matter and a marker; the build puts its body in after); the whole "
            "build is `python -m generator build --engine …` in a fresh process.",
            "",
            "| what | pages made from data | engine step, MkDocs Material | engine step, Zensical "
            "| whole build, MkDocs Material | whole build, Zensical |",
            "|---|---:|---:|---:|---:|---:|",
            *rows, row,
            end,
        ])
        bench.write_text(head + block + (tail or "\n"), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
