"""The notice's dates and numbers, the 2015 and 2016 working-day calendars, each year's span, and small date
and money helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# --- the notice's numbers, as the demo's config states them ------------------------------------------------

AS_OF = dt.date(2015, 10, 20)
YEAR = 2015
FIRST_REPORT_PERIOD = "2015-02"
SPAN_START = dt.date(2015, 2, 1)  # first day of first_report_period: where reports begin
NOTICE = dt.date(2015, 2, 8)  # the notice: where cadence duties begin
ACTION_PLAN_DUE = dt.date(2015, 2, 16)
ACTION_PLAN_WORKING_DAYS = 5  # for a project entering later (config.deadlines.action_plan_working_days)
REPORT_DAY = 8
VERIFICATION_DAY = 12
ANSWER_WORKING_DAYS = 4
UPCOMING_DAYS = 7
ABOUT_TO_START_DAYS = 30
ABOUT_INTERVAL_DAYS = 10
STARTED_INTERVAL_DAYS = 31
BRIEFING_DUE = {"Q1": dt.date(2015, 4, 15), "Q2": dt.date(2015, 7, 15), "Q3": dt.date(2015, 10, 15),
               "FY": dt.date(2016, 1, 10)}  # FY: the annual briefing, due in the next year (the closing day)
BRIEFING_END = {"Q1": dt.date(2015, 3, 31), "Q2": dt.date(2015, 6, 30), "Q3": dt.date(2015, 9, 30),
                "FY": dt.date(2015, 12, 31)}
# Months whose report is due (8th of the next month) before the as-of date; October's is not yet due.
REPORT_MONTHS = [(2015, m) for m in range(2, 10)]

# --- working-day calendars: 2015 (State Council 国办发明电〔2014〕28号 and the 2015 抗战胜利纪念日 notice) and
# 2016 (国办发明电〔2015〕18号). Kept here so the demo needs no third-party calendar; tests/test_demo.py checks
# them against chinesecalendar.

_HOLIDAYS = frozenset(
    [dt.date(2015, m, d) for m, d in [
        (1, 1), (1, 2), (1, 3),
        (2, 18), (2, 19), (2, 20), (2, 21), (2, 22), (2, 23), (2, 24),
        (4, 4), (4, 5), (4, 6),
        (5, 1), (5, 2), (5, 3),
        (6, 20), (6, 21), (6, 22),
        (9, 3), (9, 4), (9, 5),
        (9, 26), (9, 27),
        (10, 1), (10, 2), (10, 3), (10, 4), (10, 5), (10, 6), (10, 7),
    ]]
    + [dt.date(2016, m, d) for m, d in [
        (1, 1), (1, 2), (1, 3),
        (2, 7), (2, 8), (2, 9), (2, 10), (2, 11), (2, 12), (2, 13),
        (4, 2), (4, 3), (4, 4),
        (4, 30), (5, 1), (5, 2),
        (6, 9), (6, 10), (6, 11),
        (9, 15), (9, 16), (9, 17),
        (10, 1), (10, 2), (10, 3), (10, 4), (10, 5), (10, 6), (10, 7),
    ]]
)
_MAKEUP_WORKDAYS = frozenset(
    [dt.date(2015, m, d) for m, d in [(1, 4), (2, 15), (2, 28), (9, 6), (10, 10)]]
    + [dt.date(2016, m, d) for m, d in [(2, 6), (2, 14), (6, 12), (9, 18), (10, 8), (10, 9)]]
)
CALENDAR_YEARS = (2015, 2016)

ONE_DAY = dt.timedelta(days=1)


def is_workday(day: dt.date) -> bool:
    """Working day in 2015 and 2016 with 调休; other years: Monday to Friday (only used for far-off deadlines)."""
    if day in _MAKEUP_WORKDAYS:
        return True
    if day in _HOLIDAYS:
        return False
    return day.weekday() < 5


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The count-th working day after `day` (day 1 is the first working day after it)."""
    while count > 0:
        day += ONE_DAY
        if is_workday(day):
            count -= 1
    return day


def days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Every day from first to last, both included."""
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def workdays(first: dt.date, last: dt.date) -> list[dt.date]:
    """The working days from first to last, both included."""
    return [d for d in days(first, last) if is_workday(d)]


def month_end(year: int, month: int) -> dt.date:
    return next_month_day(year, month, 1) - ONE_DAY


def next_month_day(year: int, month: int, day: int) -> dt.date:
    """The given day of the month after (year, month): where a month's deadlines fall."""
    return dt.date(year + month // 12, month % 12 + 1, day)


def period(month: tuple[int, int]) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def fmt(value: Decimal) -> str:
    """A money figure as text: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


def money(value: float | Decimal, places: int = 2) -> Decimal:
    """Money in 万元: a Decimal with at most `places` decimals (never a float with binary noise)."""
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Span:
    """One supervision year of the demo as its steps see it: the year, the day it is seen on, the notice that
    starts its duties, and the months whose report falls due before that day."""

    year: int
    as_of: dt.date
    title: str  # the list's name (data/years/<year>.yaml)
    # the as-of date the year was first planned for, when it has since been planned on to a later day: draws
    # for what happens after it come from their own streams, and an urging log ends on it, so the files
    # written for that day stay as they were
    first_as_of: dt.date | None = None

    @property
    def notice(self) -> dt.date:
        return dt.date(self.year, NOTICE.month, NOTICE.day)

    @property
    def start(self) -> dt.date:
        """First day of first_report_period (February): where reports and urging logs begin."""
        return dt.date(self.year, SPAN_START.month, SPAN_START.day)

    @property
    def action_plan_due(self) -> dt.date:
        return dt.date(self.year, ACTION_PLAN_DUE.month, ACTION_PLAN_DUE.day)

    @property
    def report_months(self) -> list[tuple[int, int]]:
        """Months whose report is due (the 8th of the next month) before the as-of date."""
        return [(self.year, m) for m in range(SPAN_START.month, 13)
                if next_month_day(self.year, m, REPORT_DAY) < self.as_of]

    @property
    def end(self) -> dt.date:
        """The last day of the year's duties: its cadence, its lists, its milestones."""
        return dt.date(self.year, 12, 31)

    @property
    def closing(self) -> dt.date:
        """The closing day: the annual (FY) briefing's due day, 10 January of the next year."""
        return BRIEFING_DUE["FY"].replace(year=self.year + 1)

    def after_first(self, day: dt.date) -> bool:
        """Whether a day lies after the as-of date the year was first planned for (its own streams' business)."""
        return self.first_as_of is not None and day > self.first_as_of

    def briefing_due(self, quarter: str) -> dt.date:
        return BRIEFING_DUE[quarter].replace(year=self.year + (quarter == "FY"))

    def briefing_end(self, quarter: str) -> dt.date:
        return BRIEFING_END[quarter].replace(year=self.year)


SPAN_2015 = Span(YEAR, AS_OF, "3个30")
CLOSING_2015 = SPAN_2015.closing  # 2016-01-10
# 2015 planned on to its closing day (generator/demo/plan_year_end.py): October to December, the annual briefings
SPAN_2015_CLOSED = Span(YEAR, CLOSING_2015, "3个30", first_as_of=AS_OF)
SPAN_2016 = Span(2016, dt.date(2016, 10, 20), "四个一百")  # seen with `--as-of 2016-10-20`
assert SPAN_2015.report_months == REPORT_MONTHS
