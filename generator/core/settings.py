"""The rules' numbers: data/config.yaml merged over the defaults written in schemas/config.schema.json.

The schema is the one place a default lives (the notice's values); this module only reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.core.paths import SCHEMAS
from generator.core.workdays import WorkCalendar


def _defaults(node: Any, defs: dict[str, Any]) -> Any:
    if not isinstance(node, dict):
        return None
    if "default" in node:
        return node["default"]
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _defaults(defs.get(ref.removeprefix("#/$defs/")), defs)
    props = node.get("properties")
    if isinstance(props, dict):
        out = {k: _defaults(v, defs) for k, v in props.items()}
        return {k: v for k, v in out.items() if v is not None}
    return None


@cache
def schema_defaults() -> dict[str, Any]:
    schema = json.loads((SCHEMAS / "config.schema.json").read_text(encoding="utf-8"))
    return dict(_defaults(schema, schema.get("$defs", {})) or {})


def merge(base: Any, over: Any) -> Any:
    """`over` on `base`, mappings key by key at every depth; a None in `over` keeps the base's value."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base.get(k), v) if v is not None else base.get(k)
        return out
    return over if over is not None else base


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any]
    calendar: WorkCalendar

    @classmethod
    def from_config(cls, config: dict[str, Any] | None) -> Settings:
        values = merge(schema_defaults(), config or {})
        return cls(values, WorkCalendar.from_config(values.get("calendar")))

    def get(self, *path: str) -> Any:
        node: Any = self.values
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    def number(self, *path: str) -> int:
        value = self.get(*path)
        if not isinstance(value, int) or isinstance(value, bool):
            raise KeyError("/".join(path))
        return value

    @property
    def year(self) -> int:
        return self.number("year")

    @property
    def first_report_period(self) -> str:
        return str(self.get("first_report_period"))

    @property
    def upcoming_days(self) -> int:
        return self.number("upcoming_days")

    @property
    def timezone(self) -> str:
        """The IANA zone every date is reckoned in (config.timezone; the schema's default is Asia/Shanghai)."""
        return str(self.get("timezone"))

    @property
    def shift_due(self) -> bool:
        return bool(self.get("shift_due_to_working_day"))
