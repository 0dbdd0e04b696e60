"""The staging folder: the whole site as files, the one thing an engine adapter reads.

`docs/` holds site_src/docs (hand-written pages, styles, scripts) with the pages rendered from data/ and the
downloads written over it; `overrides/` the theme overrides; the engine adapter adds its configuration file.
Nothing is written under site_src/ or data/. `sync` writes only what changed and removes what is gone, so a
served preview's engine sees one burst of changes, rebuilds once, and a page that disappears disappears.
"""

from __future__ import annotations

from pathlib import Path

from generator.core.paths import SITE_SRC

DOCS = "docs"
OVERRIDES = "overrides"
STAGED = (DOCS, OVERRIDES)  # the folders sync owns; the engine's own (site/, caches) are left alone


def _tree(folder: Path, under: str) -> dict[str, bytes]:
    return {f"{under}/{p.relative_to(folder).as_posix()}": p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def contents(pages: dict[str, str | bytes], engine_files: dict[str, bytes]) -> dict[str, bytes]:
    """Every staged file by its path in the staging folder. A rendered page replaces a hand-written file of
    the same name (as the virtual files did); the engine's files (its configuration) come last."""
    files = _tree(SITE_SRC / "docs", DOCS) | _tree(SITE_SRC / "overrides", OVERRIDES)
    for src, content in sorted(pages.items()):
        files[f"{DOCS}/{src}"] = content.encode("utf-8") if isinstance(content, str) else content
    files.update(engine_files)
    return files


def sync(stage: Path, files: dict[str, bytes]) -> list[str]:
    """Make the staging folder hold exactly `files` (below STAGED and at its top level); returns the paths
    written or removed, sorted."""
    changed = []
    for rel, data in sorted(files.items()):
        target = stage / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(rel)
    for folder in STAGED:
        root = stage / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):  # files before the folders holding them
            rel = path.relative_to(stage).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return sorted(changed)
