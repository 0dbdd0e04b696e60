"""MkDocs with the Material theme (the site as it has been since the start; Material's fixes end 2027-05-05).

Built in this process; `mkdocs serve` on the staging folder rebuilds whenever the folder changes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from generator.site.engines.base import CONFIG, SITE, EngineError, dump, site_config


class _Collect(logging.Handler):
    """MkDocs' warnings during a build: strict mode aborts with a count, the reasons are in the log."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class MkDocs:
    name = "mkdocs"
    title = "MkDocs Material"

    def files(self, extra: dict[str, Any]) -> dict[str, bytes]:
        return {CONFIG: dump(site_config(extra))}

    def build(self, stage: Path) -> Path:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        log = logging.getLogger("mkdocs")
        log.setLevel(logging.WARNING)
        collected = _Collect()
        log.addHandler(collected)
        try:
            build(load_config(str(stage / CONFIG)))
        except MkDocsException as exc:  # strict mode: a broken link, a missing page
            raise EngineError("\n".join([f"MkDocs 没有生成网站：{exc}", *collected.lines])) from exc
        finally:
            log.removeHandler(collected)
        return stage / SITE

    def serve(self, stage: Path, address: str) -> None:
        from mkdocs.commands.serve import serve

        serve(config_file=str(stage / CONFIG), dev_addr=address)
