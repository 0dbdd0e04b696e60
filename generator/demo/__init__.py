"""Demonstration portfolio: 楚雄州 "3个30" key projects in 2015, seen on 2015-10-20, and the "四个一百" list of
2016 (some 2015 projects continuing, some new), seen on 2016-10-20, each year with planted anomalies.

Pure standard library + PyYAML, and deliberately nothing else from the generator package: the anomalies
are planted from this package's own plan and written to `tests/fixtures/demo-anomalies.yaml` (2015) and
`tests/fixtures/demo-anomalies-2016.yaml`, so a test that compares what the deadline rules find with those
lists can really fail. The deadline semantics the planter relies on are those of docs/design.md ("Deadline
semantics", "Cadence", "Years"); everything not planted is made to meet its deadline, or to fall due after the
as-of date.

Fully deterministic for a seed: every random choice comes from `random.Random(f"{seed}/<topic>")` (2016's from
`f"{seed}/2016/<topic>"`), every iteration is sorted, and nothing reads the clock.

The modules, in the order the data flows:
- dates: the notice's numbers, the 2015 and 2016 working-day calendars, each year's `Span`, date and money helpers;
- org, catalogue: the organisation, and the projects of the notice with what each type looks like;
- model: the working structures, and `Portfolio`, the state the plan steps share (one random stream per topic);
- planting: the record of planted anomalies, and the fixture written from it;
- plan: the plan steps in order — plan_projects, plan_dates, plan_reports, plan_problems, plan_meetings,
  plan_cadence;
- plan_2016: the second year, planned on top of the finished 2015 plan (continuing projects, carried problems);
- report_content: what each monthly report says;
- writer: the YAML files (`build_demo`) and writing them (`write_demo`).
"""

from generator.demo.dates import (
    AS_OF,
    YEAR,
    add_working_days,
    is_workday,
)
from generator.demo.dates import days as _days
from generator.demo.dates import month_end as _month_end
from generator.demo.dates import next_month_day as _next_month_day
from generator.demo.planting import FIXTURE_PATH, FIXTURE_PATH_2015_CLOSING, FIXTURE_PATH_2016
from generator.demo.writer import OWNED_DATA_DIRS, build_demo, write_demo

__all__ = [
    "AS_OF",
    "FIXTURE_PATH",
    "FIXTURE_PATH_2015_CLOSING",
    "FIXTURE_PATH_2016",
    "OWNED_DATA_DIRS",
    "YEAR",
    "_days",
    "_month_end",
    "_next_month_day",
    "add_working_days",
    "build_demo",
    "is_workday",
    "write_demo",
]
