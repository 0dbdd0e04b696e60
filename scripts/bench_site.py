"""The public site on a phone over a slow line, recorded in BENCHMARKS.md (issue 11's budget).

    python scripts/bench_site.py [--repeat N] [--write]

Builds the demonstration site, serves it locally and loads each key page cold in Debian's Chromium at 375 px
with the network throttled to 1.6 Mbit/s down and 150 ms latency (Chrome DevTools Protocol). Reports the
median first contentful paint, when the charts were drawn, and the bytes fetched (uncompressed: the local
server sends no gzip; the search index loads only when someone searches, so it is not among them).
The browser test `tests/test_site.py::test_a_project_page_on_a_slow_line` asserts the budget for a project
page; this script records the figures for every key page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers import build_demo_site, launch_chromium, measure, serve_directory  # noqa: E402

MARKS = ("<!-- bench:site:start -->", "<!-- bench:site:end -->")
PAGES = {"首页": "", "项目一览": "projects/", "项目页（含图表）": "projects/2015-zj-03/", "得分排名": "ranking/",
         "月度通报": "circulars/2015-09/", "县市页": "counties/chuxiong/"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="replace the section in BENCHMARKS.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as out:
        site = build_demo_site(Path(out))
        with serve_directory(site) as base, launch_chromium() as browser:
            for name, path in PAGES.items():
                runs = [measure(browser, base + path) for _ in range(args.repeat)]
                rows.append((name, statistics.median(r["fcp_ms"] for r in runs),
                             statistics.median(r["done_ms"] for r in runs), runs[0]["bytes"], runs[0]["requests"]))
    start, end = MARKS
    block = "\n".join([
        start,
        f"Measured {time.strftime('%Y-%m-%d')} by `scripts/bench_site.py`: Debian's Chromium at 375 px, "
        "network throttled to 1.6 Mbit/s down, 150 ms latency, cache disabled; median of "
        f"{args.repeat} cold loads.",
        "",
        "| page | first content | charts drawn / loaded | fetched (uncompressed) | requests |",
        "|---|---:|---:|---:|---:|",
        *[f"| {name} | {fcp / 1000:.2f} s | {done / 1000:.2f} s | {size / 1024:,.0f} KiB | {requests} |"
          for name, fcp, done, size, requests in rows],
        "",
        "Targets (issue 11): first content ≤ 3 s; a project page's own transfer ≤ 1.5 MB uncompressed.",
        end,
    ])
    print(block)
    if args.write:
        bench = ROOT / "BENCHMARKS.md"
        text = bench.read_text(encoding="utf-8")
        if start in text:
            head, rest = text.split(start, 1)
            text = head + block + rest.split(end, 1)[1]
        else:
            text = text.rstrip() + "\n\n## The public site on a phone over a slow line\n\n" + block + "\n"
        bench.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
