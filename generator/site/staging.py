"""The staging folder: the whole site as files, the one thing an engine adapter reads.

`docs/` holds site_src/docs (hand-written pages, styles, scripts) with the pages rendered from data/ and the
downloads written over it; `overrides/` the theme overrides; the engine adapter adds its configuration file.
Nothing is written under site_src/ or data/. `sync` writes only what changed and removes what is gone, so a
served preview's engine sees one burst of changes, rebuilds once, and a page that disappears disappears.

A build defers the body of each page rendered from a template (templating.HtmlPage): the engine gets the
front matter and a marker, the body waits in `bodies/`, and finish.py puts it in place of the marker. The
engine's Markdown would only have copied the body (one raw HTML block), but parsing it to find where it
ends cost more than the rest of the build, and the engine would have held every body at once. A preview
(no finish step) stages whole pages.
"""

from __future__ import annotations

import filecmp
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from generator.core.paths import SITE_SRC
from generator.site.templating import HtmlPage

DOCS = "docs"
OVERRIDES = "overrides"
BODIES = "bodies"
STAGED = (DOCS, OVERRIDES, BODIES)  # the folders sync owns; the engine's own (site/, caches) are left alone

Data = bytes | Iterator[bytes]  # a file's bytes, or its parts (a large download, written as it is made)
Content = str | Data | HtmlPage
MARKER = re.compile(r"<!--sunshine-body:([A-Za-z0-9_./-]+\.md)(?: <h1)?-->")


def marker(src: str, body: str) -> str:
    """What the engine is given in place of a deferred page's body: an HTML comment, which it copies as it
    is. The theme writes the page's title as a heading unless the content has one (Material's content.html
    asks `"<h1" in page.content`), so a body with its own heading carries "<h1" in its marker too."""
    text = f"<!--sunshine-body:{src}{' <h1' if '<h1' in body else ''}-->"
    assert MARKER.fullmatch(text), src  # site paths are made of project, unit and county ids
    return text


def body_path(src: str) -> str:
    """Where a deferred page's body waits, relative to the staging folder."""
    return f"{BODIES}/{src}.html"


def _tree(folder: Path, under: str) -> Iterator[tuple[str, bytes]]:
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            yield f"{under}/{p.relative_to(folder).as_posix()}", p.read_bytes()


def _encoded(content: str | Data) -> Data:
    return content.encode("utf-8") if isinstance(content, str) else content


def whole(content: Content) -> str | bytes | HtmlPage:
    """The content with a file made in parts joined."""
    return content if isinstance(content, str | bytes | HtmlPage) else b"".join(content)


def files(pages: Iterable[tuple[str, Content]], engine_files: dict[str, bytes], *,
          defer: bool = False) -> Iterator[tuple[str, Data]]:
    """Every staged file by its path in the staging folder, made as it is taken: the pages and downloads (a
    rendered page replaces a hand-written file of the same name), the hand-written files, then the
    engine's files (its configuration). With `defer`, a template's page is its front matter and a marker,
    its body a file of its own under bodies/."""
    seen: set[str] = set()
    for src, content in pages:
        rel = f"{DOCS}/{src}"
        seen.add(rel)
        if isinstance(content, HtmlPage):
            if defer:
                yield rel, (content.front + marker(src, content.body) + "\n").encode("utf-8")
                yield body_path(src), content.body.encode("utf-8")
            else:
                yield rel, str(content).encode("utf-8")
        else:
            yield rel, _encoded(content)
    for rel, data in (*_tree(SITE_SRC / "docs", DOCS), *_tree(SITE_SRC / "overrides", OVERRIDES)):
        if rel not in seen:
            yield rel, data
    yield from engine_files.items()


def contents(pages: Mapping[str, Content], engine_files: dict[str, bytes], *, defer: bool = False) -> dict[str, bytes]:
    """`files` held at once, by path (for tests and tools)."""
    return {rel: data if isinstance(data, bytes) else b"".join(data)
            for rel, data in files(pages.items(), engine_files, defer=defer)}


def sync(stage: Path, staged: Iterable[tuple[str, Data]] | dict[str, bytes]) -> list[str]:
    """Make the staging folder hold exactly the files `staged` gives (below STAGED and at its top level);
    returns the paths written or removed, sorted. Files made as they are taken are written as they come (a
    file in parts part by part); a dict, made already, is compared first and its changes written in one
    burst, so that an engine serving the folder sees them together and rebuilds once."""
    changed: list[str] = []
    if isinstance(staged, dict):
        changed = [rel for rel, data in staged.items() if not _holds(stage / rel, data)]
        for rel in changed:
            _put(stage / rel, staged[rel])  # compared above: not read again
        written = set(staged)
    else:
        written = set()
        for rel, data in staged:
            written.add(rel)
            if _write(stage / rel, data):
                changed.append(rel)
    for folder in STAGED:
        root = stage / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):  # files before the folders holding them
            rel = path.relative_to(stage).as_posix()
            if path.is_file() and rel not in written:
                path.unlink()
                changed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return sorted(changed)


def _holds(target: Path, data: bytes) -> bool:
    return target.is_file() and target.read_bytes() == data


def _put(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _write(target: Path, data: Data) -> bool:
    """Write the file unless it holds these bytes already; True when it was written."""
    if isinstance(data, bytes):
        if _holds(target, data):
            return False
        _put(target, data)
        return True
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = target.with_name(target.name + ".part")
    with fresh.open("wb") as out:
        for part in data:
            out.write(part)
    if target.is_file() and filecmp.cmp(fresh, target, shallow=False):
        fresh.unlink()
        return False
    fresh.replace(target)
    return True
