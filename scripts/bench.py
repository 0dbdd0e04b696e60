"""Benchmarks recorded in BENCHMARKS.md (never asserted in tests: these machines are shared and noisy).

    python scripts/bench.py [--root DIR] [--repeat N] [--write]

validate: the whole `validate` (strict load, schema, cross-file rules) against a bare libyaml parse of
the same files (`yaml.load(..., CSafeLoader)` after reading them), best of N runs each.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.core.paths import RepoPaths  # noqa: E402
from generator.rules import validate  # noqa: E402

MARKS = {"validate": ("<!-- bench:validate:start -->", "<!-- bench:validate:end -->"),
         "build": ("<!-- bench:build:start -->", "<!-- bench:build:end -->")}


def bare_parse(files: list[Path]) -> None:
    for f in files:
        yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)


def interleaved(fns: list, repeat: int) -> list[float]:  # type: ignore[type-arg]
    """Best time of each function, running them in turn each round, so that a noisy neighbour on the
    shared machine slows all of them alike rather than one."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="replace the sections in BENCHMARKS.md")
    parser.add_argument("--only", choices=sorted(MARKS), default=None)
    args = parser.parse_args()
    blocks = {}
    if args.only in (None, "validate"):
        blocks["validate"] = bench_validate(args)
    if args.only in (None, "build"):
        blocks["build"] = bench_build(args)
    for block in blocks.values():
        print(block)
    if args.write:
        bench = ROOT / "BENCHMARKS.md"
        text = bench.read_text(encoding="utf-8")
        for name, block in blocks.items():
            start, end = MARKS[name]
            head, rest = text.split(start, 1)
            _, tail = rest.split(end, 1)
            text = head + block + tail
        bench.write_text(text, encoding="utf-8")
    return 0


def bench_build(args: argparse.Namespace) -> str:
    """The demo build as the README's `make site` runs it: a fresh process each time, wall time and the
    peak resident memory of that process (MkDocs runs inside it)."""
    import subprocess
    import tempfile

    times, peaks = [], []
    for _ in range(max(1, args.repeat // 2)):
        with tempfile.TemporaryDirectory() as out:
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "generator", "--root", str(args.root), "build", "--out", out],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - start)
            peaks.append(max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024)
            pages = sum(1 for _ in Path(out).rglob("index.html"))
    start, end = MARKS["build"]
    return "\n".join([
        start,
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores; "
        f"`python -m generator build` of the demonstration data ({pages} pages), a fresh process each run.",
        "",
        "| what | value | target |",
        "|---|---:|---:|",
        f"| wall time, best of {len(times)} | {min(times):.1f} s | < 15 s |",
        f"| wall time, worst | {max(times):.1f} s | |",
        f"| peak resident memory | {max(peaks):.0f} MB | < 1 GB |",
        end,
    ])


def bench_validate(args: argparse.Namespace) -> str:
    paths = RepoPaths(args.root.resolve())
    files = sorted(p for p in paths.data.rglob("*.yaml") if p.is_file())
    size = sum(p.stat().st_size for p in files)
    validate(paths, jobs=1)  # warm caches (schemas, imports) as a long-running process would have them
    parse, serial, parallel = interleaved(
        [lambda: bare_parse(files), lambda: validate(paths, jobs=1), lambda: validate(paths, jobs=2)], args.repeat)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start, end = MARKS["validate"]
    lines = [
        start,
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {len(files)} YAML files, {size / 1024:.0f} KiB; best of {args.repeat}, interleaved.",
        "",
        "| what | seconds | × bare parse |",
        "|---|---:|---:|",
        f"| bare `yaml.load` with `CSafeLoader` (read + parse, 1 process) | {parse:.3f} | 1.00 |",
        f"| `validate`, 1 process (strict load + schema + cross-file rules) | {serial:.3f} | {serial / parse:.2f} |",
        f"| `validate`, 2 processes (the default on 2 cores) | {parallel:.3f} | {parallel / parse:.2f} |",
        "",
        f"Peak resident memory of the benchmark process: {peak_mb:.0f} MB. Target: `validate` ≤ 1.5 × bare parse.",
        end,
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
