"""Problems are values: collected by every stage, printed only by the CLI."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # repository-relative, posix
    line: int  # 1-based; 1 for whole-file problems
    code: str  # stable kebab-case id from generator.codes
    message: str  # Chinese: what is wrong and what to write instead
    pointer: str = ""  # JSON pointer of the offending value, "" for the whole file
    severity: Severity = "error"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "pointer": self.pointer,
        }


@dataclass
class Report:
    """Everything a run found, plus what it looked at."""

    problems: list[Problem] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # file kind -> count

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return of_severity(self.problems, "error")

    @property
    def warnings(self) -> list[Problem]:
        return of_severity(self.problems, "warning")

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems), key=lambda p: (p.path, p.line, p.code, p.pointer, p.message))


def of_severity(problems: Iterable[Problem], severity: Severity) -> list[Problem]:
    return [p for p in problems if p.severity == severity]


def pointer_of(path: Iterable[object]) -> str:
    """RFC 6901 JSON pointer for a path of keys and indexes."""
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else ""
