"""What both engine adapters share: the site's configuration (mkdocs.yml, read by both engines), the names in
the staging folder, and the error an engine's failure becomes."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import yaml

from generator.core.paths import MKDOCS_YML
from generator.site.staging import DOCS, OVERRIDES

CONFIG = "mkdocs.yml"  # in the staging folder; Zensical reads MkDocs' format too
SITE = "site"  # where the engine writes, in the staging folder (Zensical wants it inside the project)


class EngineError(Exception):
    """The engine did not build the site; the message says which engine and carries its log."""


class Engine(Protocol):
    name: str  # as given to --engine and publish.engine
    title: str  # as people call it

    def files(self, extra: dict[str, Any]) -> dict[str, bytes]:
        """The engine's files in the staging folder (its configuration), for the page values `extra`."""
        ...

    def build(self, stage: Path) -> Path:
        """Build the staging folder; returns the folder the site was written to."""
        ...

    def serve(self, stage: Path, address: str) -> None:
        """Serve the staging folder, rebuilding when it changes, until interrupted."""
        ...


def _site() -> dict[str, Any]:
    # read each time: serve re-stages when mkdocs.yml changes
    loaded = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), MKDOCS_YML
    return loaded


def site_config(extra: dict[str, Any]) -> dict[str, Any]:
    """mkdocs.yml pointed at the staging folder, with the values every page shows (`extra.sunshine`: as-of,
    build time, data version, contact; the theme's templates read them). No plugin: the site's search and
    the pages from data/ are files already."""
    config = _site()
    config.update(docs_dir=DOCS, site_dir=SITE, plugins=[])
    config["theme"]["custom_dir"] = OVERRIDES
    config.setdefault("extra", {})["sunshine"] = extra
    return config


def dump(config: dict[str, Any]) -> bytes:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000).encode("utf-8")
