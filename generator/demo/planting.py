"""The planted anomalies: recorded as each is planted, written out as the fixtures tests compare `check` with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.demo.dates import AS_OF
from generator.loading.yamlstrict import dump_yaml  # the writer that matches the strict loader, not a rule

FIXTURE_PATH = "tests/fixtures/demo-anomalies.yaml"  # 2015's, as of 2015-10-20 (config.as_of)
FIXTURE_PATH_2015_CLOSING = "tests/fixtures/demo-anomalies-2015-closing.yaml"  # 2015's on its closing day
FIXTURE_PATH_2016 = "tests/fixtures/demo-anomalies-2016.yaml"  # 2016's, as of 2016-10-20


class Anomalies:
    """The anomalies planted so far, in planting order, each with the day it was done at last (if ever by
    `as_of`, the last day the plan reaches): a fixture shows them as some day no later than that knows them."""

    def __init__(self, as_of: dt.date = AS_OF) -> None:
        self.as_of = as_of
        self.records: list[dict[str, Any]] = []

    def plant(self, kind: str, project: str | None, ref: str, unit: str, due: dt.date,
              done_on: dt.date | None) -> None:
        """Record one anomaly: `unit` missed `due` (done late on `done_on`, or not done by the as-of date)."""
        assert done_on is None or due < done_on <= self.as_of, (kind, project, ref)
        assert done_on is not None or due < self.as_of, (kind, project, ref)
        self.records.append({"kind": kind, "project": project, "ref": ref, "unit": unit,
                             "due": due, "done_on": done_on})

    def settle(self, kind: str, project: str | None, ref: str, done_on: dt.date) -> None:
        """A planted anomaly not done by an earlier as-of date is done late, on `done_on`."""
        record = next(r for r in self.records if (r["kind"], r["project"], r["ref"]) == (kind, project, ref))
        assert record["done_on"] is None and record["due"] < done_on <= self.as_of, record
        record["done_on"] = done_on

    def seen_on(self, day: dt.date) -> list[dict[str, Any]]:
        """The anomalies as `check` finds them on `day`: missed by then, and done only if done by then."""
        assert day <= self.as_of
        return [{**r, "done_on": r["done_on"] if r["done_on"] is not None and r["done_on"] <= day else None}
                for r in self.records if r["due"] < day]

    def fixture(self, day: dt.date | None = None) -> str:
        """The text of a fixture: every anomaly planted and missed by `day` (default: as_of), sorted."""
        day = day or self.as_of
        planted = sorted(self.seen_on(day), key=lambda a: (a["kind"], a["project"] or "", a["ref"]))
        return (
            f"# Every anomaly generator/demo.py planted in the demo portfolio, as of {day.isoformat()}.\n"
            "# Written by `python -m generator demo`; do not edit by hand.\n"
            + dump_yaml(planted)
        )
