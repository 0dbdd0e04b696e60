"""MkDocs hooks: add the pages rendered from data/ as virtual files, and watch data/ when serving.

The as-of date and the repository come from `config.extra["sunshine"]`, which `python -m generator build`
sets after resolving them; a bare `mkdocs build` without them is refused, so the clock is never read here.
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files


def on_files(files: Files, config: Any) -> Files:
    context = config.extra.get("sunshine")
    if not isinstance(context, dict) or "pages" not in context:
        raise PluginError("请用 `python -m generator build`（或 make site）构建网站：它会先确定数据日期并校验数据。")
    for src_uri, content in sorted(context["pages"].items()):
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    return files
