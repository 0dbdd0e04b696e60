"""The local preview: the staging folder served by the chosen engine, made again whenever data/, site_src/ or
mkdocs.yml changes.

A watcher thread polls those files; on a change it renders every page again and syncs the staging folder
(only changed files are written), and the engine, which watches the staging folder, rebuilds once. Data with
errors leaves the preview as it was and hands the report to the caller. The preview carries no
Content-Security-Policy (the engines add their own reload script) and no .gz files: `build` is what is
published.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from generator.core.findings import Findings
from generator.core.paths import MKDOCS_YML, SITE_SRC, RepoPaths
from generator.site import staging
from generator.site.build import BuildInfo, prepare
from generator.site.engines import ENGINES

POLL_SECONDS = 1.0
Snapshot = dict[str, tuple[int, int]]


def snapshot(roots: list[Path]) -> Snapshot:
    """Each file under the roots (or the root itself, a file) with its modification time and size."""
    found: Snapshot = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in files:
            try:
                stat = path.stat()
            except OSError:  # removed while we looked: the next poll sees it gone
                continue
            if path.is_file():
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


class Watcher(threading.Thread):
    """Calls `changed()` after the watched files change and then stay the same for one poll (an editor's
    save, a git checkout, a burst of writes: one call)."""

    def __init__(self, roots: list[Path], changed: Callable[[], None], interval: float = POLL_SECONDS) -> None:
        super().__init__(name="sunshine-watch", daemon=True)
        self.roots, self.changed, self.interval = roots, changed, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        seen = snapshot(self.roots)
        pending = False
        while not self.stopped.wait(self.interval):
            now = snapshot(self.roots)
            if now != seen:
                seen, pending = now, True
            elif pending:
                pending = False
                self.changed()

    def stop(self) -> None:
        self.stopped.set()


def serve_site(paths: RepoPaths, info: BuildInfo, address: str, engine: str,
               report: Callable[[Findings], None]) -> Findings:
    """Serve until interrupted. Returns the first preparation's report when the data has errors (nothing is
    served then); later reports, after changes, go to `report`."""
    adapter = ENGINES[engine]

    def stage_once(stage: Path) -> Findings:
        prepared = prepare(paths, info, jobs=1)  # the current year; archives are build's
        if not prepared.report.errors:
            # whole pages (no finish step here), every file made before the first is written, and a file
            # unchanged left alone: the engine sees one burst of changes and rebuilds once
            staging.sync(stage, staging.contents(prepared.all_pages(), adapter.files(prepared.extra)))
        return prepared.report

    with tempfile.TemporaryDirectory(prefix="sunshine-serve-") as tmp:
        stage = Path(tmp)
        first = stage_once(stage)
        if first.errors:
            return first
        watcher = Watcher([paths.data, SITE_SRC, MKDOCS_YML], lambda: report(stage_once(stage)))
        watcher.start()
        try:
            adapter.serve(stage, address)
        finally:
            watcher.stop()
    return first
