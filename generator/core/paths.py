"""Every repository path lives here, under one overridable root (tests point it at a fixture repo)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent


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
    def org(self) -> Path:
        return self.data / "org"

    @property
    def projects(self) -> Path:
        return self.data / "projects"

    @property
    def reports(self) -> Path:
        return self.data / "reports"

    @property
    def briefings(self) -> Path:
        return self.data / "briefings"

    @property
    def dispatches(self) -> Path:
        return self.data / "dispatches"

    @property
    def circulars(self) -> Path:
        return self.data / "circulars"

    @property
    def schemas(self) -> Path:
        # schemas belong to the code, not to the data: a fixture repo is checked by the project's own
        return PACKAGE_ROOT / "schemas"

    @property
    def site_src(self) -> Path:
        return self.root / "site_src"

    @property
    def fixtures(self) -> Path:
        return self.root / "tests" / "fixtures"

    def rel(self, path: Path) -> str:
        """Repository-relative posix path, the form every problem uses."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def default_paths() -> RepoPaths:
    return RepoPaths(Path.cwd())
