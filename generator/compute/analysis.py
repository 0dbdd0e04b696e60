"""The pipeline up to the numbers, in one place: load → rules → index → deadlines → metrics.

Every command that needs more than validation (check, metrics, build, diff, ci-comment, ci-issue) runs it
through `analyse`, so the index is built once and the stages always run in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.compute import deadlines, metrics
from generator.compute.deadlines import DeadlineResult
from generator.compute.metrics import Metrics
from generator.core.findings import Finding, Findings
from generator.core.paths import RepoPaths
from generator.loading.files import Loaded, load
from generator.model import Index, build_index
from generator.rules import validate_loaded


@dataclass
class Analysis:
    loaded: Loaded
    idx: Index  # the supervision year of the as-of date (Index.for_year): what deadlines and figures cover
    findings: Findings  # loading, schema and cross-file rules, over every year
    as_of: date
    deadlines: DeadlineResult | None  # None when the data has errors and the caller asked to stop
    full: Index | None = None  # every year (the same as idx in a repository of one year)

    @property
    def errors(self) -> list[Finding]:
        """What makes the numbers untrustworthy: validation errors and deadline findings (a missing calendar)."""
        return [*self.findings.errors, *(self.deadlines.findings if self.deadlines else [])]

    def metrics(self) -> Metrics:
        assert self.deadlines is not None, "metrics of data whose deadlines were not computed"
        return metrics.compute(self.idx, self.deadlines)


def analyse(paths: RepoPaths, as_of: date, jobs: int | None = None, *, loaded: Loaded | None = None,
            stop_on_errors: bool = False) -> Analysis:
    """Load (unless given) and check the repository, then judge every deadline on `as_of` — unless the data
    has errors and `stop_on_errors` is set (a build never computes from broken data)."""
    loaded = loaded if loaded is not None else load(paths, jobs=jobs)
    full = build_index(loaded)
    findings = validate_loaded(loaded, idx=full)
    idx = full.for_year(full.current_year(as_of))
    if stop_on_errors and findings.errors:
        return Analysis(loaded, idx, findings, as_of, None, full)
    return Analysis(loaded, idx, findings, as_of, deadlines.compute(idx, as_of), full)
