"""Stage 2 — rules: the cross-file rules of the data contract, one module per file kind.

Each rule is a small named function over the model's index that yields findings, registered with the codes
it can emit (`@rule("report-units", codes=(...))`); a rule that emits a code it did not declare is a bug,
and running it fails loudly. Rules are defensive: a file whose shape was wrong is absent from the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.core.codes import emitter, finding
from generator.core.findings import Finding, Findings, pointer_of, within
from generator.core.paths import RepoPaths
from generator.loading.files import DataFile, Loaded, load
from generator.model import Index, build_index

RuleCheck = Callable[[Index, Loaded], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    codes: tuple[str, ...]
    run: RuleCheck

    @property
    def doc(self) -> str:
        return (self.run.__doc__ or "").strip()


RULES: dict[str, Rule] = {}


def rule(name: str, codes: tuple[str, ...]) -> Callable[[RuleCheck], RuleCheck]:
    def register(fn: RuleCheck) -> RuleCheck:
        emitter(f"rules.{name}", codes)  # refuses unknown codes and a second registration
        RULES[name] = Rule(name, codes, fn)
        return fn

    return register


def flag(code: str, f: DataFile, where: tuple[str | int, ...], message: str) -> Finding:
    """A problem at a node of a loaded file, by its path."""
    return finding(code, f.path, f.line(*where), message, pointer_of(where))


def remembered(unresolved: Callable[[str, Any], str | None]) -> Callable[[str, Any], str | None]:
    """Index.unresolved, remembered for every id written as text: the reports name the same few hundred
    units and posts a hundred thousand times."""
    known: dict[tuple[str, str], str | None] = {}

    def lookup(what: str, ref: Any) -> str | None:
        if not isinstance(ref, str):
            return unresolved(what, ref)
        key = (what, ref)
        if key not in known:
            known[key] = unresolved(what, ref)
        return known[key]

    return lookup


def cross_file(loaded: Loaded, idx: Index | None = None) -> list[Finding]:
    """Every cross-file rule over the loaded repository."""
    _register_all()
    idx = idx if idx is not None else build_index(loaded)
    out: list[Finding] = []
    for r in RULES.values():
        for p in r.run(idx, loaded):
            if p.code not in r.codes:
                raise AssertionError(f"rule {r.name} emitted {p.code}, which it does not declare")
            out.append(p)
    return out


def _register_all() -> None:
    from generator.rules import dispatches, files, org, projects, reports, years  # noqa: F401  (registration)


def _without_shadowed(findings: list[Finding]) -> list[Finding]:
    """A unit's name typed where its id belongs breaks the id pattern and the reference at once; the
    reference problem names the id to write, so the pattern problem at the same place is dropped."""
    refs = {(p.path, p.pointer) for p in findings if p.code == "ref-unresolved"}
    # a year-to-date that repeats the month explains the sum and decrease findings at the same place
    copied = {(p.path, p.pointer) for p in findings if p.code == "report-ytd-equals-month"}
    return [p for p in findings if not (p.code == "id-invalid" and (p.path, p.pointer) in refs)
            and not (p.code in ("report-ytd-sum", "report-ytd-decreased") and (p.path, p.pointer) in copied)]


def validate_loaded(loaded: Loaded, only: list[str] | None = None, idx: Index | None = None) -> Findings:
    """Every finding of a loaded repository, kept to those under `only` (repository-relative prefixes)."""
    report = Findings(checked=loaded.counts())
    report.extend(within(_without_shadowed([*loaded.findings, *cross_file(loaded, idx)]), only))
    return report


def validate(paths: RepoPaths, only: list[str] | None = None, jobs: int | None = None) -> Findings:
    """Load everything and run every rule: the whole repository is read even when `only` narrows."""
    return validate_loaded(load(paths, jobs=jobs), only)
