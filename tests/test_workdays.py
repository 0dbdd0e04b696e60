"""Working days on mainland China's real calendar, with config overrides for years the package lacks."""

from __future__ import annotations

from datetime import date

import pytest

from generator.core.workdays import CalendarGap, WorkCalendar


def test_spring_festival_2015_answer_deadline() -> None:
    # Friday 2015-02-13 + 4 working days: Sunday 02-15 was a make-up working day (1), Mon 02-16 (2),
    # Tue 02-17 (3), 02-18..02-24 Spring Festival, Wednesday 02-25 (4).
    assert WorkCalendar().add_workdays(date(2015, 2, 13), 4) == date(2015, 2, 25)


def test_national_day_2015() -> None:
    cal = WorkCalendar()
    # Tue 2015-09-29 + 4: Wed 09-30 (1), 10-01..10-07 holiday, Thu 10-08 (2), Fri 10-09 (3), Sat 10-10 make-up (4)
    assert cal.add_workdays(date(2015, 9, 29), 4) == date(2015, 10, 10)
    assert cal.is_workday(date(2015, 10, 10))
    assert not cal.is_workday(date(2015, 10, 5))


def test_ordinary_weekend() -> None:
    cal = WorkCalendar()
    assert cal.add_workdays(date(2015, 3, 6), 1) == date(2015, 3, 9)  # Friday → Monday
    assert cal.workdays_between(date(2015, 3, 6), date(2015, 3, 9)) == 1
    assert cal.workdays_between(date(2015, 3, 9), date(2015, 3, 9)) == 0
    assert cal.next_workday(date(2015, 3, 8)) == date(2015, 3, 9)
    assert cal.next_workday(date(2015, 3, 9)) == date(2015, 3, 9)


def test_unknown_year_is_an_error_naming_the_config_key() -> None:
    with pytest.raises(CalendarGap) as info:
        WorkCalendar().add_workdays(date(2026, 12, 30), 4)
    assert info.value.year == 2027
    assert "calendar" in info.value.message() and "2027" in info.value.message()


def test_config_supplies_a_missing_year() -> None:
    cal = WorkCalendar.from_config([{"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-01-09"]}])
    assert not cal.is_workday(date(2027, 1, 1))  # Friday, New Year
    assert cal.is_workday(date(2027, 1, 9))  # Saturday, made up
    assert cal.is_workday(date(2027, 1, 4))
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_config_corrects_a_known_year() -> None:
    cal = WorkCalendar.from_config([{"year": 2015, "holidays": ["2015-03-09"]}])
    assert not cal.is_workday(date(2015, 3, 9))
