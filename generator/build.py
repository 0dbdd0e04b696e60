"""Stage 5 — build: validate, render, then let MkDocs write the site. Aborts on any data error."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from generator.load import load
from generator.paths import PACKAGE_ROOT, RepoPaths
from generator.problems import Report
from generator.render import render_pages
from generator.settings import Settings
from generator.validate import build_index, check


def build_site(paths: RepoPaths, as_of: date, out: Path, jobs: int | None = None) -> Report:
    """Returns the validation report; the site is written only when it has no error."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    loaded = load(paths, jobs=jobs)
    report = check(loaded)
    if report.errors:
        return report
    pages = render_pages(loaded, Settings.from_config(build_index(loaded).config))
    config = load_config(str(PACKAGE_ROOT / "mkdocs.yml"), site_dir=str(out))
    config.extra["sunshine"] = {"pages": pages, "as_of": as_of.isoformat()}
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(config)
    return report
