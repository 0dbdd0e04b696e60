"""The catalogue is the single source of problem codes."""

from __future__ import annotations

import re
from pathlib import Path

from generator.codes import CODES

ROOT = Path(__file__).resolve().parent.parent
_USE = re.compile(r"""(?:problem|_p|bad)\(\s*["']([a-z0-9-]+)["']""")


def used_codes() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "generator").glob("*.py"):
        found.update(_USE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_used_is_catalogued() -> None:
    used = used_codes()
    assert used, "the scan found no codes at all"
    assert sorted(used - set(CODES)) == []


def test_every_catalogued_code_is_used() -> None:
    assert sorted(set(CODES) - used_codes()) == []


def test_codes_are_kebab_case_with_chinese_text() -> None:
    for code, entry in CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", code), code
        assert entry.severity in ("error", "warning")
        assert re.search(r"[\u4e00-\u9fff]", entry.title), code
        assert re.search(r"[\u4e00-\u9fff]", entry.description), code
