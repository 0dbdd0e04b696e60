"""Zensical, Material's successor by the same authors: reads mkdocs.yml, Material's Markdown and templates.

`build` runs `python -m zensical build --strict` on the staging folder in a child process, so its log stays
out of ours and a failure comes back as an EngineError carrying it; `serve` runs Zensical's server here (it
watches the staging folder and rebuilds). The differences from MkDocs and their workarounds are in
docs/design.md ("Two engines"); tests/test_engines.py notices when one closes or widens.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from generator.site.engines.base import CONFIG, SITE, EngineError, dump, site_config

_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # Zensical colours its log even into a pipe (NO_COLOR is ignored)
_MISSING = "没有安装 Zensical：请运行 pip install -c constraints.txt -e .（make site 会自动安装）"


def config(extra: dict[str, Any]) -> dict[str, Any]:
    """The site's configuration as Zensical reads it."""
    config = site_config(extra)
    config["plugins"] = [{"search": {"enabled": False}}]  # on unless turned off; the site has its own search
    # Material's look (Zensical's "modern" one draws the current page's link in the primary colour at 3.75:1
    # against its highlight, under WCAG's 4.5:1)
    config["theme"]["variant"] = "classic"
    return config


class Zensical:
    name = "zensical"
    title = "Zensical"

    def files(self, extra: dict[str, Any]) -> dict[str, bytes]:
        return {CONFIG: dump(config(extra))}

    def build(self, stage: Path) -> Path:
        if find_spec("zensical") is None:
            raise EngineError(_MISSING)
        done = subprocess.run([sys.executable, "-m", "zensical", "build", "--config-file", CONFIG, "--strict"],
                              cwd=stage, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              check=False)
        if done.returncode != 0:
            log = _ANSI.sub("", done.stdout + done.stderr).strip()
            raise EngineError(f"Zensical 没有生成网站（退出码 {done.returncode}）：\n{log}")
        return stage / SITE

    def serve(self, stage: Path, address: str) -> None:
        if find_spec("zensical") is None:
            raise EngineError(_MISSING)
        import zensical

        zensical.serve(str(stage / CONFIG), {"dev_addr": address, "open": False, "strict": False})
