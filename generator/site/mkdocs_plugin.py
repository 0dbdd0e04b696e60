"""The MkDocs boundary: a plugin that adds the pages rendered from data/ as virtual files, gives every written
page its Content-Security-Policy (csp.py) and writes a .gz beside each text file.
plotly.js's basic bundle and the script drawing the charts are files of site_src/docs/assets/.

`python -m generator build` passes the rendered pages in `config.extra["sunshine"]["pages"]` (the theme's
templates read the same `config.extra["sunshine"]` for the footer); `python -m generator serve` passes `live`
instead, and every rebuild renders again from data/ (which serve watches; nothing is written there, so there
is no rebuild loop). A bare `mkdocs build` works only when config.as_of or SOURCE_DATE_EPOCH fixes the date:
the clock is never read here. Registered as the `sunshine` entry point of `mkdocs.plugins` (pyproject.toml).
"""

from __future__ import annotations

import gzip
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files


def _bare(config: Any) -> dict[str, Any]:
    """A bare `mkdocs serve` (or build) next to the data: the as-of date must be written down, in
    data/config.yaml's as_of or SOURCE_DATE_EPOCH; the clock is never read here."""
    from generator.core.paths import RepoPaths
    from generator.core.settings import Settings
    from generator.loading.files import read_config

    root = Path(config.config_file_path).resolve().parent
    settings = Settings.from_config(read_config(RepoPaths(root)))
    as_of = settings.get("as_of")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not isinstance(as_of, str) and not epoch:
        raise PluginError("请用 `python -m generator serve` 或 `python -m generator build`（make site）：它们会先确定"
                          "数据日期。直接运行 mkdocs 时，data/config.yaml 必须写明 as_of。")
    if not isinstance(as_of, str):
        from zoneinfo import ZoneInfo

        as_of = datetime.fromtimestamp(int(epoch or 0), ZoneInfo(settings.timezone)).date().isoformat()
    return {"live": {"root": str(root), "as_of": as_of, "commit": "未知", "built_at": None}}


def _pages(context: dict[str, Any]) -> dict[str, str | bytes]:
    if "pages" in context:
        return dict(context["pages"])
    live = context.get("live")
    if not isinstance(live, dict):
        raise PluginError("请用 `python -m generator build`（或 make site）构建网站：它会先确定数据日期并校验数据。")
    from generator.core.paths import RepoPaths
    from generator.reporters import format_text
    from generator.site.build import BuildInfo, prepare

    info = BuildInfo(date.fromisoformat(live["as_of"]),
                     datetime.fromisoformat(live["built_at"]) if live.get("built_at") else None, live["commit"])
    report, pages, settings = prepare(RepoPaths(Path(live["root"])), info, jobs=1)
    if report.errors:
        raise PluginError("数据有错误，页面没有更新：\n" + format_text(report))
    context.update(info.extra(settings))
    return pages


COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".ics", ".map"})


def precompress(site: Path) -> None:
    """A `.gz` beside each text file, for hosts that serve precompressed files (nginx gzip_static): the same
    bytes every build (no name, time 0), compressed once at build time instead of on every request."""
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE:
            data = path.read_bytes()
            packed = gzip.compress(data, compresslevel=9, mtime=0)
            if len(packed) < len(data):
                path.with_name(path.name + ".gz").write_bytes(packed)


class SunshineConfig(Config):
    precompress = c.Type(bool, default=True)  # write a .gz beside each text file
    content_security_policy = c.Type(bool, default=True)  # see csp.py


class SunshinePlugin(BasePlugin[SunshineConfig]):
    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `serve` adds its own inline reload script to each page it sends, which no hash can foresee: the
        # local preview goes without the policy, every build (what is published) carries it
        self.serving = command == "serve"

    def on_files(self, files: Files, config: Any) -> Files:
        context = config.extra.get("sunshine")
        if not isinstance(context, dict):
            context = config.extra["sunshine"] = _bare(config)
        for src_uri, content in sorted(_pages(context).items()):
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_post_build(self, config: Any) -> None:
        if self.config.content_security_policy and not self.serving:
            from generator.site.csp import with_policy

            # after MkDocs has written every page (404.html too): the hashes are of what is really there
            for page in sorted(Path(config.site_dir).rglob("*.html")):
                text = page.read_text(encoding="utf-8")
                page.write_text(with_policy(text), encoding="utf-8")
        if self.config.precompress and not self.serving:
            precompress(Path(config.site_dir))  # last: of the files as they are served
