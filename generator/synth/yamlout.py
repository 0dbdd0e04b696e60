"""A fast block-style YAML writer for the synthetic portfolio's known shapes.

`loading.yamlstrict.dump_yaml` round-trips every file through the strict loader (0.6 ms a report); a
10,000-project portfolio has 130,000 files. This writer handles only what the generator produces (dicts,
lists, str, int, Decimal, date, bool, None) and writes a string plain exactly when the strict loader reads
it back as that string (`yamlstrict.reads_as_text`), else double-quoted. tests/test_synth.py proves every
file it writes loads back to the same value without a finding.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from generator.loading.yamlstrict import reads_as_text

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_PLAIN: dict[str, bool] = {}


def _plain(text: str) -> bool:
    known = _PLAIN.get(text)
    if known is not None:
        return known
    ok = bool(text) and text[0] not in _INDICATORS and not text[0].isspace() and not text[-1].isspace() \
        and not text.endswith(":") and ": " not in text and " #" not in text \
        and not any(c in text for c in "\n\r\t&*!") and text.isprintable() and reads_as_text(text)
    if len(_PLAIN) < 200_000:
        _PLAIN[text] = ok
    return ok


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value if _plain(value) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__}")


def _key(key: str) -> str:
    return key if key == "on" or _plain(key) else json.dumps(key, ensure_ascii=False)


def _block(value: Any, indent: str, out: list[str]) -> None:
    """Write a mapping's entries or a list's items at `indent` (a list inside a mapping sits at the key's
    indent, as PyYAML writes it)."""
    if isinstance(value, dict):
        for k, v in value.items():
            _entry(f"{indent}{_key(k)}:", v, indent, out)
    else:
        for item in value:
            if isinstance(item, dict) and item:
                first = True
                for k, v in item.items():
                    lead = f"{indent}- " if first else f"{indent}  "
                    _entry(f"{lead}{_key(k)}:", v, indent + "  ", out)
                    first = False
            elif isinstance(item, list) and item:
                raise TypeError("a list directly inside a list is not a shape of the data model")
            else:
                out.append(f"{indent}- {_flow(item)}")


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def _entry(head: str, value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict) and value:
        out.append(head)
        _block(value, indent + "  ", out)
    elif isinstance(value, list) and value:
        out.append(head)
        _block(value, indent, out)
    else:
        out.append(f"{head} {_flow(value)}")


def dump(data: dict[str, Any] | list[Any], header: str = "") -> str:
    """The YAML text of a mapping or a list, block style, two-space indents, one trailing line break."""
    out: list[str] = []
    _block(data, "", out)
    return header + "\n".join(out) + "\n"
