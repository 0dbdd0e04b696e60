"""A closed year's archive: the site as built on the year's closing day, under `<year>/` of today's site.

The archive is that build's own output, byte for byte (`build --as-of <closing day>` of the same commit), less
the archives of still earlier years it would itself carry (those are at the site root already). It is built
into a folder beside the site and moved in whole, so an interrupted build never leaves half an archive.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from generator.core.findings import Findings


def build_archive(out: Path, year: int, build: Callable[[Path], Findings]) -> Findings:
    """Build year `year`'s site with `build` (into a scratch folder) and put it at `out/<year>/`."""
    scratch = out.parent / f".{out.name}-{year}.tmp"
    shutil.rmtree(scratch, ignore_errors=True)
    report = build(scratch)
    if not report.errors:
        for earlier in scratch.iterdir():
            if earlier.is_dir() and earlier.name.isdigit() and len(earlier.name) == 4:
                shutil.rmtree(earlier)
        target = out / str(year)
        shutil.rmtree(target, ignore_errors=True)
        scratch.rename(target)
    shutil.rmtree(scratch, ignore_errors=True)
    return report
