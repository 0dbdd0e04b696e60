"""The linear-time structures of compute/ give exactly what running every rule on each date gives.

deadlines.compute reads a Schedule (every instance once, with the day it is first shown); compute_direct runs
the rules on the date. Cadence runs are derived state by state; the day-by-day loop they replaced is kept
here as the reference. Metrics share a project's figures between dates with the same inputs.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from generator.compute import deadlines, metrics
from generator.compute.circulars import circulars
from generator.compute.deadlines import Context, Deadline
from generator.core.paths import RepoPaths
from generator.loading.files import load
from generator.model import Index, build_index, covered_days, get, items, notice_day, to_date
from generator.synth import write_synth
from helpers import BASE, edit

ROOT = Path(__file__).resolve().parent.parent


def _index(root: Path) -> Index:
    return build_index(load(RepoPaths(root), jobs=1))


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("schedule") / "repo"
    write_synth(root, 120, 12, seed=21)
    return root


def _dates(first: str, last: str, step: int) -> list[date]:
    day, end, out = date.fromisoformat(first), date.fromisoformat(last), []
    while day <= end:
        out.append(day)
        day += timedelta(days=step)
    return out


@pytest.mark.parametrize(("root", "first", "last", "step"), [
    (ROOT, "2015-01-01", "2016-02-20", 4), (BASE, "2015-01-01", "2016-02-20", 6), (None, "2015-01-05", "2016-02-10", 9),
])
def test_the_schedule_gives_what_the_rules_give_on_every_date(root: Path | None, first: str, last: str, step: int,
                                                             synth: Path) -> None:
    idx, fresh = _index(root or synth), _index(root or synth)
    for day in _dates(first, last, step):
        assert deadlines.compute(idx, day) == deadlines.compute_direct(fresh, day), day


def _reference_cadence(ctx: Context) -> list[Deadline]:
    """The day-by-day cadence rule as it was before runs were derived state by state (docs/design.md "Cadence")."""
    about_days = ctx.settings.number("cadence", "about_to_start_days")
    intervals = {"about": ctx.settings.number("cadence", "about_to_start_interval_days"),
                 "started": ctx.settings.number("cadence", "started_interval_days")}
    urged: dict[str, set[date]] = {}
    scheduled: dict[str, list[date]] = {}
    for _, d in ctx.idx.dispatches:
        held = to_date(d.get("date"))
        if held is None:
            continue
        span = covered_days(d) if d.get("kind") == "urging" else [held]
        for pid in items(d, "projects"):
            urged.setdefault(pid, set()).update(span)
            if d.get("kind") in ("scheduling", "coordination"):
                scheduled.setdefault(pid, []).append(held)
    out = []
    for pid, pf, p in ctx.projects():
        if p.get("category") not in ("new_start", "under_construction"):
            continue
        year = ctx.year_of(p)
        entered = to_date(p.get("entered_on")) or date(year, 1, 1)
        exited = to_date(get(p, "exited", "on"))
        day, last_day = max(entered, notice_day(ctx.settings, year)), min(ctx.as_of, date(year, 12, 31))
        if exited is not None:
            last_day = min(last_day, exited - timedelta(days=1))
        started = to_date(get(p, "dates", "start", "actual"))
        planned = to_date(get(p, "dates", "start", "planned"))
        contacts = sorted(scheduled.get(pid, []))
        state, virtual, run_start = "", day, None
        while day <= last_day:
            if started is not None and started <= day:
                now = "started"
            elif planned is not None and (planned - day).days <= about_days:
                now = "about"
            else:
                now = "daily"
            if now != state:
                state, virtual = now, day - timedelta(days=1)
            if state == "daily":
                covered = day in urged.get(pid, set())
            else:
                latest = max([virtual, *[c for c in contacts if c <= day]])
                covered = (day - latest).days < intervals[state]
            if not covered and run_start is None:
                run_start = day
            elif covered and run_start is not None:
                out.append(ctx.make("cadence", f"cadence-{run_start.isoformat()}", pid, p.get("lead_unit"),
                                    run_start, day, pf, "category", shift=False))
                run_start = None
            day += timedelta(days=1)
        if run_start is not None:
            out.append(ctx.make("cadence", f"cadence-{run_start.isoformat()}", pid, p.get("lead_unit"), run_start,
                                None, pf, "category", shift=False))
    return out


def test_cadence_runs_match_the_day_by_day_rule(tmp_path: Path, synth: Path) -> None:
    # the demonstration's planted gaps, the synthetic texture, and a project whose start moves about
    moved = edit(tmp_path, ("data/projects/2015-xkg-01.yaml", "actual: null", "actual: 2015-03-01"))
    for root in (ROOT, synth, moved):
        idx = _index(root)
        found = 0
        for day in _dates("2015-02-01", "2016-01-31", 11):
            ctx = Context(idx, idx.settings, day)
            expected = _reference_cadence(ctx)
            assert list(deadlines.RULES["cadence"](ctx)) == expected, (root, day)
            found += len(expected)
        assert found > 0, root


def _year_2027() -> Index:
    """The base fixture with a 2027 supervision year whose due days move to working days: 2027 is a year the
    calendar package does not know and config does not describe."""
    idx = _index(BASE)
    idx.config = {**idx.config, "year": 2027, "shift_due_to_working_day": True}
    return idx


def test_a_missing_calendar_year_falls_back_to_the_rules() -> None:
    idx = _year_2027()
    result = deadlines.compute(idx, date(2027, 5, 1))
    assert deadlines.schedule(idx) is None
    assert [f.code for f in result.findings] == ["calendar-year-missing"]
    assert result == deadlines.compute_direct(_year_2027(), date(2027, 5, 1))


def _figures(idx: Index, day: date) -> dict[str, Any]:
    return metrics.compute(idx, deadlines.compute(idx, day)).as_dict()


def test_shared_figures_equal_figures_made_afresh(synth: Path) -> None:
    loaded = load(RepoPaths(synth), jobs=1)
    idx = build_index(loaded)  # a fresh index (nothing derived yet) for each date below
    days = _dates("2015-01-10", "2016-01-25", 23)
    shared = [_figures(idx, day) for day in [*days, *reversed(days)]]
    for day, found in zip([*days, *reversed(days)], shared, strict=True):
        assert found == _figures(build_index(loaded), day), day


def test_circulars_are_the_same_from_one_index_or_many() -> None:
    loaded = load(RepoPaths(ROOT), jobs=1)
    idx = build_index(loaded)
    for c in circulars(idx, date(2015, 10, 20), {}):
        alone = build_index(loaded)
        assert c.deadlines == [d for d in deadlines.compute_direct(alone, c.issued).deadlines if d.anomaly]
        assert c.deadlines
        assert c.metrics.as_dict() == metrics.compute(alone, deadlines.compute_direct(alone, c.issued)).as_dict()
