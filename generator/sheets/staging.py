"""All or nothing: the files an import would write, checked as the repository they would make.

Each planned file is written as text by the strict writer, read back by the strict loader, checked against
its schema, and put in place of (or beside) the repository's files; then every cross-file rule runs over
that would-be repository, and the integrity rules of a pull request compare it with the repository as it
is (a verified report changed without a correction, a problem's history rewritten). Every finding in a
planned file is led back to the cell its value came from; a finding the import newly causes in another
file keeps that file's line. The caller writes only when no error is left.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from generator.core.codes import emitter, one_line
from generator.core.findings import Finding
from generator.loading import schema
from generator.loading.files import DataFile, Loaded, withheld
from generator.loading.yamlstrict import control_problems, dump_yaml, load_bytes
from generator.model import get
from generator.review.compare import pointer_path
from generator.review.integrity import integrity
from generator.rules import validate_loaded
from generator.sheets.grid import Place

emit = emitter("sheets.staging", codes=("text-control-char",))

HEADERS = {"project": "# yaml-language-server: $schema=../../schemas/project.schema.json\n",
           "report": "# yaml-language-server: $schema=../../../schemas/report.schema.json\n"}


@dataclass
class Planned:
    """One file an import would write, and where each of its values came from."""

    path: str  # repository-relative
    kind: str  # "project" | "report"
    doc: dict[str, Any]
    anchor: Place  # the row (its first cell), for findings about the whole file
    places: dict[tuple[str | int, ...], Place] = field(default_factory=dict)
    before: dict[str, Any] | None = None  # the file's data now, when it exists
    before_text: str | None = None
    notes: list[str] = field(default_factory=list)  # what the import did that staff should know (Chinese)
    text: str = ""

    @property
    def action(self) -> str:
        """new, update or same (the file exists with these very bytes)."""
        if self.before_text is None:
            return "new"
        return "same" if self.text == self.before_text else "update"

    def place_of(self, pointer: str) -> Place:
        at = pointer_path(pointer)
        while at:
            if at in self.places:
                return self.places[at]
            at = at[:-1]
        return self.anchor


def _strings(value: Any, at: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in _strings(v, (*at, k))]
    if isinstance(value, list):
        return [x for i, v in enumerate(value) for x in _strings(v, (*at, i))]
    return [(at, value)] if isinstance(value, str) else []


def _to_cell(p: Finding, plan: Planned) -> Finding:
    place = plan.place_of(p.pointer)
    return dataclasses.replace(p, path=place.book, line=place.row, cell=one_line(place.cell))


def render(plan: Planned) -> list[Finding]:
    """The planned file's text, or the findings that stop it being written (control characters from a
    pasted text: the one check a YAML writer cannot carry through)."""
    found = []
    for at, text in _strings(plan.doc):
        for p in control_problems(plan.path, text):
            found.append(_to_cell(emit("text-control-char", plan.path, 1, p.message,
                                       "/" + "/".join(str(x) for x in at)), plan))
    if not found:
        plan.text = dump_yaml(plan.doc, HEADERS[plan.kind])
    return found


def _loaded_file(plan: Planned) -> tuple[DataFile, list[Finding]]:
    doc, problems = load_bytes(plan.path, plan.text.encode("utf-8"))
    if doc is None:
        return DataFile(plan.path, plan.kind, None), problems
    problems = [*problems, *schema.validate_doc(plan.kind, plan.path, doc)]
    return DataFile(plan.path, plan.kind, None if withheld(plan.kind, problems) else doc), problems


def _related(loaded: Loaded, plans: dict[str, Planned]) -> Loaded:
    """The planned files and every report of their projects: all the integrity rules compare."""
    projects = {str(get(p.doc, "project") or get(p.doc, "id")) for p in plans.values()}

    def wanted(f: DataFile) -> bool:
        return f.path in plans or (f.kind == "report" and f.path.rsplit("/", 1)[-1].removesuffix(".yaml") in projects)

    return Loaded(loaded.paths, [f for f in loaded.files if wanted(f)], [])


def stage(current: Loaded, planned: list[Planned], baseline: set[Finding] | None = None) -> list[Finding]:
    """Every finding the planned files have or cause; planned files get their `text`. `baseline` (the
    repository's own findings now) may be passed when staging several imports over one repository."""
    plans = {p.path: p for p in planned}
    out: list[Finding] = []
    for plan in planned:
        if not plan.text:
            out.extend(render(plan))
    if out:
        return out
    files = [f for f in current.files if f.path not in plans]
    findings = [f for f in current.findings if f.path not in plans]
    for plan in planned:
        data_file, problems = _loaded_file(plan)
        files.append(data_file)
        findings.extend(problems)
    would = Loaded(current.paths, files, findings)
    before = baseline if baseline is not None else set(validate_loaded(current).findings)
    after = validate_loaded(would).findings
    changes = integrity(_related(current, plans), _related(would, plans))
    for p in [*after, *changes]:
        owner = plans.get(p.path)
        if owner is not None:
            out.append(_to_cell(p, owner))
        elif p not in before:
            out.append(p)
    return sorted(set(out), key=lambda p: p.sort_key)


def loaded_with(current: Loaded, planned: list[Planned]) -> Loaded:
    """The repository as it would be once the planned files are written (for a later import to build on)."""
    plans = {p.path: p for p in planned}
    files = [f for f in current.files if f.path not in plans]
    for plan in planned:
        files.append(_loaded_file(plan)[0])
    return Loaded(current.paths, files, [f for f in current.findings if f.path not in plans])


@dataclass
class ImportResult:
    """What an import would write, and every finding; nothing is written by the stage."""

    planned: list[Planned] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [p for p in self.findings if p.severity == "error"]


def existing_text(loaded: Loaded, rel: str) -> str | None:
    """A data file's text now, or None when there is none (or it cannot be read: its findings say why)."""
    target = loaded.paths.root / rel
    try:
        return target.read_text(encoding="utf-8") if target.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None
