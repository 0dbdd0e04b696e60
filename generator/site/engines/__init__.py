"""Engine adapters: each turns the staging folder (staging.py) into a site. Chosen by name, as
`--engine` and the config key `publish.engine` give it; MkDocs Material is the default."""

from __future__ import annotations

from generator.site.engines.base import Engine, EngineError
from generator.site.engines.mkdocs import MkDocs
from generator.site.engines.zensical import Zensical

ENGINES: dict[str, Engine] = {"mkdocs": MkDocs(), "zensical": Zensical()}
DEFAULT = "mkdocs"

__all__ = ["DEFAULT", "ENGINES", "Engine", "EngineError"]
