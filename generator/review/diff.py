"""What a change does (`diff`, the pull-request comment): files touched, figures moved, findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.compute.analysis import Analysis, analyse
from generator.core.findings import BySeverity, Finding
from generator.loading.files import Loaded
from generator.review.compare import same
from generator.review.integrity import integrity


@dataclass(frozen=True)
class FileChange:
    path: str
    status: str  # added · changed · removed


@dataclass(frozen=True)
class Moved:
    """A project's headline figures before and after a change, on the same as-of date."""

    project: str
    name: str
    ytd: tuple[Decimal | None, Decimal | None]
    completion: tuple[Decimal | None, Decimal | None]
    status: tuple[str | None, str | None]


@dataclass
class ChangeSet(BySeverity):
    base: str
    head: str
    as_of: date
    files: list[FileChange] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # the head's validation plus integrity


def data_files(root: Path) -> dict[str, bytes]:
    """Every file under data/ (dotfiles aside), by repository-relative path."""
    out: dict[str, bytes] = {}
    base = root / "data"
    if not base.is_dir():
        return out
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not path.is_symlink() and not any(part.startswith(".") for part in rel.parts):
            out[rel.as_posix()] = path.read_bytes()
    return out


def file_changes(base_root: Path, head_root: Path) -> list[FileChange]:
    a, b = data_files(base_root), data_files(head_root)
    out = []
    for path in sorted(set(a) | set(b)):
        if path not in a:
            out.append(FileChange(path, "added"))
        elif path not in b:
            out.append(FileChange(path, "removed"))
        elif a[path] != b[path]:
            out.append(FileChange(path, "changed"))
    return out


def figures(run: Analysis) -> dict[str, Any]:
    """Project id → its ProjectMetrics on the run's as-of date (computed even from data with errors, as
    `check` does: the findings beside them say what to trust)."""
    return {pm.id: pm for pm in run.metrics().projects}


def moved_figures(base: Analysis, head: Analysis) -> list[Moved]:
    return moved_between(figures(base), figures(head))


def moved_between(before: dict[str, Any], after: dict[str, Any]) -> list[Moved]:
    """The projects whose year-to-date, completion or status differ between two sets of figures."""
    out = []
    for pid in sorted(set(before) | set(after)):
        b, a = before.get(pid), after.get(pid)
        pair_ytd = (b.ytd if b else None, a.ytd if a else None)
        pair_rate = (b.completion if b else None, a.completion if a else None)
        pair_status = (b.status if b else None, a.status if a else None)
        if same(pair_ytd[0], pair_ytd[1]) and same(pair_rate[0], pair_rate[1]) and pair_status[0] == pair_status[1]:
            continue
        either = a or b
        name = either.name if either is not None else ""
        out.append(Moved(pid, name, pair_ytd, pair_rate, pair_status))
    return out


def change_set(base_loaded: Loaded, head_loaded: Loaded, base_label: str, head_label: str, as_of: date,
               received_on: date | None = None, unreadable: list[Finding] | None = None) -> ChangeSet:
    """Files touched, figures moved and findings found (the head's own plus the integrity rules)."""
    base = analyse(base_loaded.paths, as_of, loaded=base_loaded)
    head = analyse(head_loaded.paths, as_of, loaded=head_loaded)
    return ChangeSet(
        base=base_label, head=head_label, as_of=as_of,
        files=file_changes(base_loaded.paths.root, head_loaded.paths.root),
        moved=moved_figures(base, head),
        findings=sorted({*head.findings.findings, *integrity(base_loaded, head_loaded, received_on, as_of),
                         *(unreadable or [])}, key=lambda p: p.sort_key),
    )
