"""Shared test helpers: a throwaway copy of the hand-written base repository, edited per test."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"


def make_repo(tmp: Path, case: dict[str, Any] | None = None, overlay: Path | None = None) -> Path:
    """Copy tests/fixtures/base under tmp and apply `replace` / `write` / `remove` edits and an overlay."""
    repo = tmp / "repo"
    shutil.copytree(BASE, repo)
    case = case or {}
    for edit in case.get("replace", []):
        target = repo / edit["file"]
        text = target.read_text(encoding="utf-8")
        assert edit["old"] in text, f"{edit['old']!r} not in {edit['file']}"
        target.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    for rel, content in case.get("write", {}).items():
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    for rel in case.get("remove", []):
        (repo / rel).unlink()
    if overlay is not None and overlay.is_dir():
        shutil.copytree(overlay, repo, dirs_exist_ok=True)
    return repo


def edit(tmp: Path, *replacements: tuple[str, str, str], remove: tuple[str, ...] = (),
         write: dict[str, str] | None = None) -> Path:
    """make_repo with (file, old, new) triples."""
    return make_repo(tmp, {"replace": [{"file": f, "old": o, "new": n} for f, o, n in replacements],
                           "remove": list(remove), "write": write or {}})


def d(text: str) -> date:
    return date.fromisoformat(text)


def build_demo_site(out: Path) -> Path:
    """Build the repository's own data into `out` as `make site` does, leaving SOURCE_DATE_EPOCH as found
    (the CLI pins it for MkDocs)."""
    import os

    from generator.cli import main

    root = Path(__file__).resolve().parent.parent
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        assert main(["--root", str(root), "build", "--out", str(out)]) == 0
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return out
