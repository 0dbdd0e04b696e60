"""Stage 5 — build: validate, compute, render; stage the pages; let an engine write the site; finish it.

prepare → staging.py (site_src/docs, the pages rendered one at a time and the downloads, the engine's
configuration, in a temporary folder) → engines/ (MkDocs Material or Zensical) → finish.py (the pages' bodies,
Content-Security-Policy, .gz) → `out`.
Aborts on any data error; nothing generated is written under site_src/ or data/.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator.compute import circulars
from generator.compute.analysis import analyse
from generator.core.chinese import cdate, cdatetime
from generator.core.findings import Findings
from generator.core.paths import SITE_SRC, RepoPaths
from generator.core.settings import Settings
from generator.model import Index
from generator.site import archive, finish, opendata, search, staging
from generator.site.engines import DEFAULT, ENGINES, Engine
from generator.site.pages import SiteData, iter_pages
from generator.site.templating import HtmlPage
from generator.site.years import YEARS_JSON, SiteYears, site_years, switcher, years_json

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


@dataclass
class Prepared:
    """What a build makes before the engine: the report, what the theme shows on every page, the years (which
    closed years the build archives), and, when the data has no error, what the pages are made from."""

    report: Findings
    extra: dict[str, Any]
    years: SiteYears
    data: SiteData | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # years.json
    downloads: Callable[[], Iterator[tuple[str, staging.Data]]] | None = None  # the open-data files, made when taken

    def pages(self) -> Iterator[tuple[str, staging.Content]]:
        """Every file made from data by site path, each page rendered when it is taken: the pages, the
        downloads, then the search index of the pages. Nothing when the data has errors."""
        if self.data is None:
            return
        index = search.SearchIndex()
        for src, page in iter_pages(self.data):
            index.add(src, str(page))
            yield src, page
        if self.downloads is not None:
            yield from self.downloads()
        yield from self.files.items()
        yield search.INDEX, index.data(SITE_SRC / "docs")

    def all_pages(self) -> dict[str, str | bytes | HtmlPage]:
        """`pages` held at once, a file made in parts as its bytes (for tests and tools)."""
        return {src: staging.whole(page) for src, page in self.pages()}


def prepare(paths: RepoPaths, info: BuildInfo, jobs: int | None = None) -> Prepared:
    """Validate and compute; the pages and downloads are made as they are staged."""
    run = analyse(paths, info.as_of, jobs, stop_on_errors=True)
    report, idx, settings = run.findings, run.idx, run.idx.settings
    full = run.full or idx
    years = site_years(full, info.as_of)
    extra = _extra(info, settings, full, years)
    if run.deadlines is None:
        return Prepared(report, extra, years)
    result = run.deadlines
    report.extend(result.findings)
    if report.errors:
        return Prepared(report, extra, years)
    figures = run.metrics()
    issued = circulars.circulars(idx, info.as_of, _circulars(paths))
    built = info.built_at or datetime(info.as_of.year, info.as_of.month, info.as_of.day, tzinfo=UTC)
    demo = bool(settings.get("demo"))

    def downloads() -> Iterator[tuple[str, staging.Data]]:
        return opendata.iter_downloads(idx, result.deadlines, figures, issued, built, demo,
                                       str(settings.get("open_data", "license") or ""), SITE_NAME)

    data = SiteData(idx=idx, settings=settings, deadlines=result.deadlines, metrics=figures,
                    extra=extra, circulars=issued, downloads=opendata.download_names(idx, result.deadlines),
                    years=years)
    files = {YEARS_JSON: years_json(full, years)} if years.current is not None else {}
    return Prepared(report, extra, years, data, files, downloads)


def _extra(info: BuildInfo, settings: Settings, full: Index, years: SiteYears) -> dict[str, Any]:
    """What every page's theme reads: the build's facts and the year switcher."""
    return {**info.extra(settings), "year": years.current, "years": switcher(full, years)}


def _circulars(paths: RepoPaths) -> dict[str, str]:
    if not paths.circulars.is_dir():
        return {}
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(paths.circulars.glob("*.md"))}


def stage(folder: Path, prepared: Prepared, engine: Engine, *, defer: bool) -> list[str]:
    """Render the pages into the staging folder one at a time; returns the paths written or removed."""
    return staging.sync(folder, staging.files(prepared.pages(), engine.files(prepared.extra), defer=defer))


def build_site(paths: RepoPaths, info: BuildInfo, out: Path, jobs: int | None = None,
               engine: str = DEFAULT, *, archives: bool = True) -> Findings:
    """Returns the report; the site is written only when it has no error. Each closed year before the
    current one is archived under `<year>/` as built on its closing day (site/archive.py), by the same
    engine. Raises EngineError when the engine fails (a broken link in a hand-written page)."""
    prepared = prepare(paths, info, jobs)
    report, years = prepared.report, prepared.years
    if report.errors:
        return report
    adapter = ENGINES[engine]
    with tempfile.TemporaryDirectory(prefix="sunshine-stage-") as tmp:
        folder = Path(tmp)
        stage(folder, prepared, adapter, defer=True)
        del prepared  # the figures and the index are not needed by the engine
        site = adapter.build(folder)
        finish.finish(site, folder)
        finish.publish(site, out)
    if archives:
        for year, closing in years.archived:
            def archived(tmp: Path, on: date = closing) -> Findings:
                return build_site(paths, replace(info, as_of=on), tmp, jobs, engine, archives=False)

            report.extend(archive.build_archive(out, year, archived).errors)  # its warnings are ours
    return report
