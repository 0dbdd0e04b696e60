"""Property-based tests (hypothesis) over the loader, the validator and the metrics.

tests/test_yamlstrict.py and tests/test_validate.py already feed random bytes and random structures in; this
file adds what those do not: line numbers stay inside the file whatever its line endings, writing and reading
back agree, random single-line edits of real files give located problems, and metrics over random (valid)
monthly figures stay in range and never go backwards when a later report arrives.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.compute import deadlines
from generator.compute.metrics import compute
from generator.core.codes import CODES
from generator.core.paths import RepoPaths
from generator.core.workdays import WorkCalendar
from generator.labels import labels
from generator.loading.files import DataFile, Loaded, load
from generator.loading.yamlstrict import Doc, dump_yaml, load_text
from generator.model import build_index
from generator.rules import validate_loaded as check
from helpers import BASE, make_repo

STATES = {"met", "met_late", "missed", "upcoming", "not_due"}

# ---------------------------------------------------------------- loader

_YAMLISH = st.text(alphabet=st.sampled_from(list("ab: -[]{}\"'#\n\r\t\u3000：0123.~&*!|>\x07\u202e\u2028\x85楚")),
                   max_size=150)


@settings(max_examples=300, deadline=None)
@given(_YAMLISH)
def test_problem_lines_stay_inside_the_file(text: str) -> None:
    """Whatever the line endings, no problem points past the last line an editor shows."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    _, problems = load_text("f.yaml", text)
    for p in problems:
        assert 1 <= p.line <= lines, (p, lines)
        assert p.code in CODES and p.message


_VALID_LINES = st.lists(st.tuples(st.sampled_from(["id", "name", "on", "summary", "year"]),
                                  st.sampled_from(["1", "2015-03-08", "楚雄", "'no'", "-3.5", "null", "x y"])),
                        min_size=1, max_size=8, unique_by=lambda kv: kv[0])


@settings(max_examples=150, deadline=None)
@given(pairs=_VALID_LINES, ending=st.sampled_from(["\r\n", "\r"]), bad=st.integers(0, 7))
def test_line_endings_change_nothing(pairs: list[tuple[str, str]], ending: str, bad: int) -> None:
    """A file saved with CRLF (Windows) or CR gives the same data and the same problem lines as with LF."""
    rows = [f"{k}: {v}" for k, v in pairs]
    if bad < len(rows):
        rows[bad] = rows[bad].replace(":", "：", 1)  # a full-width colon: a problem at a known line
    text = "\n".join(rows) + "\n"
    lf_doc, lf_problems = load_text("f.yaml", text)
    other_doc, other_problems = load_text("f.yaml", text.replace("\n", ending))
    assert [(p.line, p.code) for p in lf_problems] == [(p.line, p.code) for p in other_problems]
    assert (lf_doc.data if lf_doc else None) == (other_doc.data if other_doc else None)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12)
    | st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
    | st.text(max_size=30) | st.dates().map(lambda d: d.isoformat()),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=10), children,
                                                                        max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(value=st.dictionaries(st.text(min_size=1, max_size=10), _VALUES, min_size=1, max_size=5))
def test_written_yaml_reads_back_the_same_or_is_refused(value: dict[str, Any]) -> None:
    """dump_yaml (used by every command that writes data) never writes what the loader would read otherwise."""
    try:
        text = dump_yaml(value)
    except ValueError:
        return  # refused, loudly: e.g. a control character no loader accepts
    doc, problems = load_text("f.yaml", text)
    assert problems == [] and doc is not None
    assert doc.data == value


# ---------------------------------------------------------------- validator

_BASE_FILES = sorted(p.relative_to(BASE).as_posix() for p in (BASE / "data").rglob("*.yaml"))
_SCALARS = st.sampled_from(["2015/3/8", "2015年3月8日", "１２", "1e309", ".nan", "yes", "\"", "[", "{a: 1}", "- x",
                            "&a x", "*a", "!!python/object x", "", "~", "0x1F", "楚雄：", "\t1", "\u202e", "12 ",
                            "-1", "99999999999999999999999999999999", "<script>", "{{ x }}"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(_BASE_FILES), which=st.integers(0, 60), new=_SCALARS)
def test_any_one_line_edit_gives_located_problems(tmp_path_factory: pytest.TempPathFactory, target: str, which: int,
                                                   new: str) -> None:
    """Replace the value on one line of a real file: every problem names a real line of a real file."""
    repo = make_repo(tmp_path_factory.mktemp("e"))
    lines = (repo / target).read_text(encoding="utf-8").split("\n")
    candidates = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
    assume(candidates)
    i = candidates[which % len(candidates)]
    lines[i] = lines[i].split(": ", 1)[0] + ": " + new
    (repo / target).write_text("\n".join(lines), encoding="utf-8")
    report = check(load(RepoPaths(repo), jobs=1))
    for p in report.findings:
        assert p.code in CODES and p.message
        path = repo / p.path
        if path.is_file():
            assert 1 <= p.line <= path.read_bytes().count(b"\n") + 1, p


# ---------------------------------------------------------------- metrics


@cache
def _base() -> Loaded:
    return load(RepoPaths(BASE), jobs=1)


def _with_reports(plan: Decimal | int, figures: list[tuple[Decimal, int]], project: str = "2015-zj-01") -> Loaded:
    """The base repository with `project`'s reports replaced: one per month from February, each
    (month's investment, day of the next month it was submitted); year-to-date is their running sum."""
    base = _base()
    files: list[DataFile] = []
    for f in base.files:
        if f.kind == "report" and f.path.endswith(f"/{project}.yaml"):
            continue
        if f.kind == "project" and f.data.get("id") == project:
            data = dict(f.data, annual=dict(f.data["annual"], investment=plan))
            f = replace(f, doc=Doc(data, f.doc.lines if f.doc else {}))
        files.append(f)
    ytd = Decimal(0)
    for i, (month_value, day) in enumerate(figures):
        month = i + 2
        ytd += month_value
        submitted = date(2015 + (month == 12), month % 12 + 1, day)
        data = {"project": project, "period": f"2015-{month:02d}", "submitted_on": submitted.isoformat(),
                "investment": {"month": month_value, "year_to_date": ytd}, "funds": {"year_to_date": ytd},
                "progress": {"summary": "推进中"}}
        files.append(DataFile(f"data/reports/2015-{month:02d}/{project}.yaml", "report", Doc(data, {})))
    return Loaded(base.paths, files, [])


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


_MONEY = st.decimals(min_value=0, max_value=50000, places=2, allow_nan=False, allow_infinity=False)
_FIGURES = st.lists(st.tuples(_MONEY, st.integers(1, 28)), min_size=0, max_size=10)
_AS_OF = st.dates(min_value=date(2015, 1, 1), max_value=date(2016, 2, 29))
_PLAN = st.one_of(st.just(0), st.just(Decimal("0.01")), _MONEY, st.integers(1, 10**9))


@settings(max_examples=80, deadline=None)
@given(plan=_PLAN, figures=_FIGURES, as_of=_AS_OF)
def test_metrics_stay_in_range(plan: Decimal | int, figures: list[tuple[Decimal, int]], as_of: date) -> None:
    loaded = _with_reports(plan, figures)
    idx = build_index(loaded)
    result = deadlines.compute(idx, as_of)
    m = compute(idx, result)
    for d in result.deadlines:
        assert d.state in STATES and d.days >= 0, d
    for pm in m.projects:
        assert pm.status in labels().status, pm.status  # the four, or "none" for a project no longer listed
        for rate in (pm.time_progress, pm.completion, pm.funds_rate):
            assert rate is None or (rate.is_finite() and rate >= 0)
        assert pm.time_progress is None or pm.time_progress <= 1
        assert pm.gap_points is None or pm.gap_points.is_finite()
        if not pm.annual_plan:
            assert pm.completion is None  # a zero plan is "n/a", never 0 or infinity
        assert all(v >= 0 for v in pm.milestones.values())
    doc = m.as_dict()
    assert _finite(doc)
    json.dumps(doc, allow_nan=False)  # no NaN or Infinity in the published JSON


@settings(max_examples=60, deadline=None)
@given(plan=_PLAN, figures=_FIGURES.filter(bool), later=st.tuples(_MONEY, st.integers(1, 28)), as_of=_AS_OF)
def test_a_later_report_never_lowers_year_to_date(plan: Decimal | int, figures: list[tuple[Decimal, int]],
                                                   later: tuple[Decimal, int], as_of: date) -> None:
    assume(len(figures) < 11)

    def ytd(loaded: Loaded) -> Decimal:
        idx = build_index(loaded)
        m = compute(idx, deadlines.compute(idx, as_of))
        pm = next(p for p in m.projects if p.id == "2015-zj-01")
        return pm.ytd if pm.ytd is not None else Decimal(0)

    before = _with_reports(plan, figures)
    after = _with_reports(plan, [*figures, later])
    assert check(after).errors == check(before).errors  # the data stays valid: only the metric is under test
    assert ytd(after) >= ytd(before)


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 11, 1)), n=st.integers(0, 30),
       days=st.integers(0, 400))
def test_working_day_counts_are_never_negative(start: date, n: int, days: int) -> None:
    calendar = WorkCalendar.from_config(None)
    end = start + timedelta(days=days)
    assume(end.year <= 2026)
    assert 0 <= calendar.workdays_between(start, end) <= days
    assert calendar.workdays_between(end, start) == 0
    added = calendar.add_workdays(start, n)
    assert added >= start and calendar.next_workday(start) >= start
    assert calendar.workdays_between(start, added) == n
    if n:
        assert calendar.is_workday(added)


def test_base_fixture_loads_for_properties() -> None:
    assert any(f.kind == "report" for f in _base().files)
    assert check(_base()).errors == []


_STRUCTURES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**12) | st.text(max_size=12)
    | st.sampled_from(["2015-02-30", "2015-03-08", "2015-03", "2015年3月", "2015-Q1", "jtj", "fgw", "p1",
                       "2015-zj-01", "", "under_construction", "urging"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "project", "period", "problems", "investment", "month", "year_to_date", "by", "on",
                         "escalated_to", "escalated_on", "answer", "closed", "site_visits", "date", "kind",
                         "projects", "covers", "from", "to", "decisions", "due", "done_on", "unit", "year",
                         "dates", "start", "planned", "actual", "annual", "milestones", "entered_on", "exited"]),
        children, max_size=6),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(value=_STRUCTURES, target=st.sampled_from([f.path for f in _base().files if f.kind != "circular"]),
       as_of=_AS_OF)
def test_deadlines_never_fail_on_broken_data(value: Any, target: str, as_of: date) -> None:
    """`check` computes deadlines even when the data has errors: whatever a file holds, no exception."""
    from generator.loading import schema
    from generator.loading.files import withheld

    base = _base()
    kind = next(f.kind for f in base.files if f.path == target)
    doc: Doc | None = Doc(value, {})
    if withheld(kind, schema.validate_doc(kind, target, Doc(value, {}))):
        doc = None  # as load_file does: a file of the wrong shape is not read by later stages
    files = [f if f.path != target else DataFile(target, kind, doc) for f in base.files]
    loaded = Loaded(base.paths, files, [])
    check(loaded)
    idx = build_index(loaded)
    result = deadlines.compute(idx, as_of)
    idx.names(as_of)
    compute(idx, result)  # the CLI computes metrics only on clean data; they survive broken data anyway
    for d in result.deadlines:
        assert d.state in STATES and d.days >= 0
