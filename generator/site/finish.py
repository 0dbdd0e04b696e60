"""After the engine, whichever built the site: each deferred page's body put in place of its marker
(staging.py), each page's Content-Security-Policy (csp.py) and a `.gz` beside each text file, then the site
moved to where it was asked for."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

from generator.site.csp import with_policy
from generator.site.engines.base import EngineError
from generator.site.staging import BODIES, MARKER, body_path

COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".ics", ".map"})


def finish(site: Path, stage: Path | None = None) -> None:
    """Page by page: the deferred bodies from `stage` (the staging folder), then the policy; the .gz last.
    Raises EngineError when the engine dropped a page's marker (the page would have no content)."""
    bodies = _deferred(stage)
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if stage is not None:
            text = _with_body(text, stage, bodies, page)
        # after the engine has written every page (404.html too): the hashes are of what is really there
        page.write_text(with_policy(text), encoding="utf-8")
    if bodies:
        raise EngineError("引擎生成的网站缺少这些页面的正文：" + "、".join(sorted(bodies)))
    precompress(site)  # last: of the files as they are served


def _deferred(stage: Path | None) -> set[str]:
    """The site paths of the pages whose bodies wait in the staging folder."""
    if stage is None or not (stage / BODIES).is_dir():
        return set()
    root = stage / BODIES
    return {p.relative_to(root).as_posix().removesuffix(".html") for p in root.rglob("*.md.html")}


def _with_body(text: str, stage: Path, waiting: set[str], page: Path) -> str:
    """The page with its body in place of its marker (each body once; it is crossed off `waiting`)."""
    def body(found: re.Match[str]) -> str:
        src = found.group(1)
        if src not in waiting:
            raise EngineError(f"{page.name}：页面 {src} 的正文不存在或已用过")
        waiting.discard(src)
        return (stage / body_path(src)).read_text(encoding="utf-8").removesuffix("\n")

    return MARKER.sub(body, text)


def precompress(site: Path) -> None:
    """A `.gz` beside each text file, for hosts that serve precompressed files (nginx gzip_static): the same
    bytes every build (no name, time 0), compressed once at build time instead of on every request."""
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE:
            data = path.read_bytes()
            packed = gzip.compress(data, compresslevel=9, mtime=0)
            if len(packed) < len(data):
                path.with_name(path.name + ".gz").write_bytes(packed)


def publish(site: Path, out: Path) -> None:
    """Move the finished site into `out`. As MkDocs cleans its site_dir, everything in `out` is removed first
    except hidden entries (a .git of a deploy checkout)."""
    out.mkdir(parents=True, exist_ok=True)
    for entry in sorted(out.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in sorted(site.iterdir()):
        shutil.move(str(entry), str(out / entry.name))
