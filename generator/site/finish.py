"""After the engine, whichever built the site: each page's Content-Security-Policy (csp.py) and a `.gz`
beside each text file, then the site moved to where it was asked for."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from generator.site.csp import with_policy

COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".ics", ".map"})


def finish(site: Path) -> None:
    # after the engine has written every page (404.html too): the hashes are of what is really there
    for page in sorted(site.rglob("*.html")):
        page.write_text(with_policy(page.read_text(encoding="utf-8")), encoding="utf-8")
    precompress(site)  # last: of the files as they are served


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
