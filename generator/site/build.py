"""Stage 5 — build: validate, compute, render, then let MkDocs write the site. Aborts on any data error.

The pages made from data are handed to MkDocs as virtual files (the plugin in mkdocs_plugin.py), so nothing
generated is written under site_src/ or data/, and `serve` can watch data/ without rebuilding in a loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator.compute import circulars
from generator.compute.analysis import analyse
from generator.core.chinese import cdate, cdatetime
from generator.core.findings import Findings
from generator.core.paths import MKDOCS_YML, PACKAGE_ROOT, RepoPaths
from generator.core.settings import Settings
from generator.loading.files import read_config
from generator.site import opendata, search
from generator.site.pages import SiteData, render_pages

SITE_NAME = "楚雄州重点项目阳光督查"


@dataclass(frozen=True)
class BuildInfo:
    """What every page says about itself; resolved by the CLI (the only place that reads git or the clock)."""

    as_of: date
    built_at: datetime | None  # SOURCE_DATE_EPOCH or the data commit's time; None when neither is known
    commit: str  # short hash, "未提交" suffix when data/ has uncommitted changes, or "未知"

    def extra(self, settings: Settings) -> dict[str, Any]:
        built = self.built_at.astimezone(ZoneInfo(settings.timezone)) if self.built_at else None
        contact = settings.get("public_contact") or {}
        return {
            "as_of": self.as_of.isoformat(),
            "as_of_text": cdate(self.as_of),
            "built_text": cdatetime(built),
            "commit": self.commit,
            "demo": bool(settings.get("demo")),
            "contact": contact if isinstance(contact, dict) and contact else None,
        }


def prepare(paths: RepoPaths, info: BuildInfo, jobs: int | None = None) -> \
        tuple[Findings, dict[str, str | bytes], Settings]:
    """Validate, compute and render. Pages (and downloads, as bytes) are empty when the data has errors."""
    run = analyse(paths, info.as_of, jobs, stop_on_errors=True)
    report, idx, settings = run.findings, run.idx, run.idx.settings
    if run.deadlines is None:
        return report, {}, settings
    result = run.deadlines
    report.extend(result.findings)
    if report.errors:
        return report, {}, settings
    figures = run.metrics()
    issued = circulars.circulars(idx, info.as_of, _circulars(paths))
    built = info.built_at or datetime(info.as_of.year, info.as_of.month, info.as_of.day, tzinfo=UTC)
    demo = bool(settings.get("demo"))
    files = opendata.downloads(idx, result.deadlines, figures, issued, built, demo,
                               str(settings.get("open_data", "license") or ""), SITE_NAME)
    data = SiteData(idx=idx, settings=settings, deadlines=result.deadlines, metrics=figures,
                    extra=info.extra(settings), circulars=issued, downloads=sorted(files))
    rendered = render_pages(data)
    pages: dict[str, str | bytes] = dict(rendered)
    pages.update(files)
    pages[search.INDEX] = search.search_index(rendered, PACKAGE_ROOT / "site_src" / "docs")
    return report, pages, settings


def _circulars(paths: RepoPaths) -> dict[str, str]:
    if not paths.circulars.is_dir():
        return {}
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(paths.circulars.glob("*.md"))}


def mkdocs_config(paths: RepoPaths, out: Path, extra: dict[str, Any]) -> Any:
    from mkdocs.config import load_config

    config = load_config(str(MKDOCS_YML), site_dir=str(out))
    config.extra["sunshine"] = extra
    return config


def build_site(paths: RepoPaths, info: BuildInfo, out: Path, jobs: int | None = None) -> Findings:
    """Returns the report; the site is written only when it has no error."""
    from mkdocs.commands.build import build

    report, pages, settings = prepare(paths, info, jobs)
    if report.errors:
        return report
    extra = {**info.extra(settings), "pages": pages}
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(mkdocs_config(paths, out, extra))
    return report


def serve_site(paths: RepoPaths, info: BuildInfo, address: str) -> None:
    """`mkdocs serve` whose every rebuild regenerates the pages from data/ (watched, never written)."""
    from mkdocs.commands.serve import serve

    settings = Settings.from_config(read_config(paths))
    extra = {**info.extra(settings), "live": {"root": str(paths.root), "as_of": info.as_of.isoformat(),
                                              "commit": info.commit,
                                              "built_at": info.built_at.isoformat() if info.built_at else None}}
    # mkdocs.yml already watches the project's own data/; watch another repository's data/ too
    watch = [] if paths.data.resolve() == (PACKAGE_ROOT / "data").resolve() else [str(paths.data)]
    serve(config_file=str(MKDOCS_YML), dev_addr=address, watch=watch,
          extra={"sunshine": extra, "generator": False})
