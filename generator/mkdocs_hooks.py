"""MkDocs hooks: add the pages rendered from data/ as virtual files, and plotly.min.js from the plotly wheel.

`python -m generator build` passes the rendered pages in `config.extra["sunshine"]["pages"]`;
`python -m generator serve` passes `live` instead, and every rebuild renders again from data/ (which serve
watches; nothing is written there, so there is no rebuild loop). A bare `mkdocs build` is refused: the as-of
date must be resolved by the CLI, never here.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

PLOTLY_JS = "assets/vendor/plotly.min.js"


def _pages(context: dict[str, Any]) -> dict[str, str]:
    if "pages" in context:
        return dict(context["pages"])
    live = context.get("live")
    if not isinstance(live, dict):
        raise PluginError("请用 `python -m generator build`（或 make site）构建网站：它会先确定数据日期并校验数据。")
    from generator.build import BuildInfo, prepare
    from generator.output import format_text
    from generator.paths import RepoPaths

    info = BuildInfo(date.fromisoformat(live["as_of"]),
                     datetime.fromisoformat(live["built_at"]) if live.get("built_at") else None, live["commit"])
    report, pages, settings = prepare(RepoPaths(Path(live["root"])), info, jobs=1)
    if report.errors:
        raise PluginError("数据有错误，页面没有更新：\n" + format_text(report))
    context.update(info.extra(settings))
    return pages


def on_files(files: Files, config: Any) -> Files:
    context = config.extra.get("sunshine")
    if not isinstance(context, dict):
        raise PluginError("请用 `python -m generator build`（或 make site）构建网站：它会先确定数据日期并校验数据。")
    for src_uri, content in sorted(_pages(context).items()):
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    import plotly

    js = os.path.join(os.path.dirname(plotly.__file__), "package_data", "plotly.min.js")
    files.append(File.generated(config, PLOTLY_JS, abs_src_path=js))
    return files
