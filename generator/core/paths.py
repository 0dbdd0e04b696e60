"""Where things live: the code's own folders, and the data layout under one overridable repository root.

Tests point the whole pipeline at a fixture repository by giving another root; the schemas, templates and
site configuration always come from the code's own folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMAS = PACKAGE_ROOT / "schemas"
SITE_SRC = PACKAGE_ROOT / "site_src"
TEMPLATES = SITE_SRC / "templates"
MKDOCS_YML = PACKAGE_ROOT / "mkdocs.yml"  # the site's configuration; both engines read its format


@dataclass(frozen=True)
class Place:
    """Where one kind of data file lives: `parts` below data/, "*" for a name that varies."""

    kind: str
    parts: tuple[str, ...]
    suffix: str
    shown: str  # the place as staff read it

    def matches(self, parts: list[str]) -> bool:
        if len(parts) != len(self.parts) or not parts[-1].endswith(self.suffix):
            return False
        return all(want in ("*", got) for want, got in zip(self.parts, parts, strict=True))


# The data layout (DATA-MODEL): every kind of data file and its place.
LAYOUT = (
    Place("config", ("config.yaml",), ".yaml", "data/config.yaml"),
    Place("year", ("years", "*"), ".yaml", "data/years/<年度>.yaml"),
    Place("counties", ("org", "counties.yaml"), ".yaml", "data/org/counties.yaml"),
    Place("units", ("org", "units.yaml"), ".yaml", "data/org/units.yaml"),
    Place("posts", ("org", "posts.yaml"), ".yaml", "data/org/posts.yaml"),
    Place("project", ("projects", "*"), ".yaml", "data/projects/<项目编号>.yaml"),
    Place("report", ("reports", "*", "*"), ".yaml", "data/reports/<YYYY-MM>/<项目编号>.yaml"),
    Place("briefing", ("briefings", "*", "*"), ".yaml", "data/briefings/<期次>/<单位编号>.yaml"),
    Place("dispatch", ("dispatches", "*"), ".yaml", "data/dispatches/<日期>-<序号>.yaml"),
    Place("circular", ("circulars", "*"), ".md", "data/circulars/<期次>.md"),
)


_BY_FIRST: dict[tuple[int, str], tuple[Place, ...]] = {}
for _place in LAYOUT:  # no place starts with "*": look places up by depth and first folder
    _BY_FIRST[(len(_place.parts), _place.parts[0])] = (*_BY_FIRST.get((len(_place.parts), _place.parts[0]), ()),
                                                        _place)


def classify(rel: str) -> str | None:
    """The kind of a data file from its repository-relative path, or None when it has no place."""
    parts = rel.split("/")
    if parts[0] != "data" or len(parts) < 2:
        return None
    rest = parts[1:]
    return next((place.kind for place in _BY_FIRST.get((len(rest), rest[0]), ()) if place.matches(rest)), None)


@dataclass(frozen=True)
class RepoPaths:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def config(self) -> Path:
        return self.data / "config.yaml"

    @property
    def circulars(self) -> Path:
        return self.data / "circulars"

    def rel(self, path: Path) -> str:
        """Repository-relative posix path, the form every finding uses."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()
