"""Problems are values: collected by every stage, printed only by the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str  # repository-relative, posix
    line: int  # 1-based; 1 for whole-file problems
    code: str  # stable kebab-case id from generator.core.codes
    message: str  # Chinese: what is wrong and what to write instead
    pointer: str = ""  # JSON pointer of the offending value, "" for the whole file
    severity: Severity = "error"
    cell: str = ""  # for a problem in a workbook: the sheet and cell staff look at (在建项目!D7); line is its row

    @property
    def sort_key(self) -> tuple[str, int, str, str, str]:
        """The order findings are shown in: by file, line, code, place and message."""
        return (self.path, self.line, self.code, self.pointer, self.message)

    @property
    def place(self) -> str:
        """Where to look, as the text output names it: `path:line`, or `workbook:sheet!cell`."""
        return f"{self.path}:{self.cell}" if self.cell else f"{self.path}:{self.line}"

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "pointer": self.pointer,
        }
        if self.cell:
            out["cell"] = self.cell
        return out


class BySeverity:
    """Errors and warnings of anything that holds `findings`."""

    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return of_severity(self.findings, "error")

    @property
    def warnings(self) -> list[Finding]:
        return of_severity(self.findings, "warning")


@dataclass
class Findings(BySeverity):
    """Everything a run found, plus what it looked at."""

    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # file kind -> count

    def extend(self, found: Iterable[Finding]) -> None:
        self.findings.extend(found)

    def sorted(self) -> list[Finding]:
        return sorted(set(self.findings), key=lambda p: p.sort_key)


def of_severity(problems: Iterable[Finding], severity: Severity) -> list[Finding]:
    return [p for p in problems if p.severity == severity]


def pointer_of(path: Iterable[object]) -> str:
    """RFC 6901 JSON pointer for a path of keys and indexes."""
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else ""


def within(findings: Iterable[Finding], only: list[str] | None) -> list[Finding]:
    """The findings under any of `only` (repository-relative files or folders); all when `only` is empty."""
    if not only:
        return list(findings)
    prefixes = [o.rstrip("/") for o in only]
    return [p for p in findings if any(p.path == o or p.path.startswith(o + "/") for o in prefixes)]
