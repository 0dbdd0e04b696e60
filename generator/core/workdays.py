"""Mainland China's working-day calendar: statutory holidays and make-up working days (调休).

`chinesecalendar` knows 2004–2026; `config.calendar` adds years it lacks (the State Council publishes each
year's schedule around November) and may correct any year. A year known to neither is an error naming the
config key to fill: never a weekday-only guess, because a wrong guess moves a deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import chinese_calendar


class CalendarGap(Exception):
    """A date whose year neither chinesecalendar nor config.calendar covers."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year

    def message(self) -> str:
        return (f"工作日历缺少 {self.year} 年的节假日安排。请在 data/config.yaml（或该年度的 data/years/ 文件）的 calendar 中增加一项："
                f"year: {self.year}，holidays（放假日期列表）和 workdays（调休上班日期列表），"
                "按国务院办公厅公布的当年放假安排填写。")


@dataclass
class WorkCalendar:
    holidays: set[date] = field(default_factory=set)  # from config: days off, overriding the package
    workdays: set[date] = field(default_factory=set)  # from config: make-up working days
    years: set[int] = field(default_factory=set)  # years config fully describes
    _known: dict[date, bool] = field(default_factory=dict, repr=False, compare=False)  # answers already given

    @classmethod
    def from_config(cls, entries: Iterable[Any] | None) -> WorkCalendar:
        cal = cls()
        for entry in entries or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("year"), int):
                continue
            cal.years.add(entry["year"])
            cal.holidays.update(_dates(entry.get("holidays")))
            cal.workdays.update(_dates(entry.get("workdays")))
        return cal

    def is_workday(self, day: date) -> bool:
        known = self._known.get(day)
        if known is not None:
            return known
        answer = self._is_workday(day)
        self._known[day] = answer
        return answer

    def _is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            if day.year in self.years:
                return day.weekday() < 5
            raise CalendarGap(day.year) from None

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself not counted): "4个工作日内" of escalation."""
        day, left = start, n
        while left > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end <= start."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def next_workday(self, day: date) -> date:
        """`day` itself when it is a working day, else the next one (config.shift_due_to_working_day)."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day


def _dates(values: Any) -> list[date]:
    out = []
    for v in values if isinstance(values, list) else []:
        try:
            out.append(date.fromisoformat(v))
        except (TypeError, ValueError):
            continue
    return out
