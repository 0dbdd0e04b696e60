"""The site's own search index: every public page's title and text, for assets/search.js.

A word finds every page containing it, also inside longer words (公路 finds 高速公路): the browser matches
substrings, so no word segmentation is needed, and the index does not depend on the site engine. The index is
fetched only when someone searches (the 搜索 page), never before a page's content.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

INDEX = "search/index.json"
TEXT_LIMIT = 1500  # characters of a page's text; titles and the first screenful are what people look for
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r'^title: (".*")$', re.M)
_HIDDEN = re.compile(r"<(script|style|noscript)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_MARKDOWN = re.compile(r"^#+\s*|^\s*[-*]\s+|\[([^\]]*)\]\([^)]*\)|[*_`>|]|^\s*!!!.*$", re.M)
_SPACE = re.compile(r"\s+")
# what a result is, by where it lives (the first matching prefix)
KINDS = (("projects/index", "项目一览"), ("projects/page-", "项目一览"), ("projects/", "项目"), ("counties/", "县市"), ("units/", "责任单位"),
         ("posts/", "州责任领导"), ("circulars/", "通报"), ("guide/", "工作人员指南"), ("", "本站"))


def url_of(src: str) -> str:
    """The page's address relative to the site root (directory URLs)."""
    path = src.removesuffix(".md")
    if path == "index":
        return ""
    return path.removesuffix("/index") + "/"


def kind_of(src: str) -> str:
    return next(name for prefix, name in KINDS if src.startswith(prefix))


def _plain(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", _HIDDEN.sub(" ", text)))).strip()


def entry(src: str, source: str, markdown: bool = False) -> dict[str, str] | None:
    """One page: its source (front matter, then the generated HTML, or hand-written Markdown) as title, kind
    and text."""
    front = _FRONT.match(source)
    title_line = _TITLE.search(front.group(1)) if front else None
    body = source[front.end():] if front else source
    heading = re.search(r"^#\s+(.+)$", body, re.M)
    title = json.loads(title_line.group(1)) if title_line else (heading.group(1).strip() if heading else "")
    text = _plain(_MARKDOWN.sub(lambda m: m.group(1) or " ", body) if markdown else body)
    if not title or src in ("search.md", "404.md"):
        return None
    return {"u": url_of(src), "t": title, "k": kind_of(src), "x": text[:TEXT_LIMIT]}


class SearchIndex:
    """The index, filled one generated page at a time (a build never holds every page at once)."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, str] | None] = {}

    def add(self, src: str, source: str) -> None:
        self.entries[src] = entry(src, source)

    def data(self, docs_dir: Path) -> bytes:
        """The index of the pages added and the hand-written ones of docs_dir (a generated page of the same
        name wins), in site order."""
        found = dict(self.entries)
        for path in sorted(docs_dir.rglob("*.md")):
            src = path.relative_to(docs_dir).as_posix()
            if src not in found:
                found[src] = entry(src, path.read_text(encoding="utf-8"), True)
        entries = [e for src in sorted(found) if (e := found[src]) is not None]
        # escaped as JSON inserted into HTML needs nothing more: search.js writes every value as text
        return (json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

