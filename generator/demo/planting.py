"""The planted anomalies: recorded as each is planted, written out as tests/fixtures/demo-anomalies.yaml."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.demo.dates import AS_OF
from generator.loading.yamlstrict import dump_yaml  # the writer that matches the strict loader, not a rule

FIXTURE_PATH = "tests/fixtures/demo-anomalies.yaml"  # 2015's, as of 2015-10-20 (config.as_of)
FIXTURE_PATH_2016 = "tests/fixtures/demo-anomalies-2016.yaml"  # 2016's, as of 2016-10-20


class Anomalies:
    """The anomalies planted so far, in planting order."""

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

    def fixture(self) -> str:
        """The text of FIXTURE_PATH: every planted anomaly, sorted."""
        planted = sorted(self.records, key=lambda a: (a["kind"], a["project"] or "", a["ref"]))
        return (
            f"# Every anomaly generator/demo.py planted in the demo portfolio, as of {self.as_of.isoformat()}.\n"
            "# Written by `python -m generator demo`; do not edit by hand.\n"
            + dump_yaml(planted)
        )
