"""data/config.yaml and each data/years/ file checked for what each value will be used as: a real month-day, a known IANA time zone,
a year and an as-of date the working-day calendar can answer, thresholds in order.

The schema checks shape; this checks meaning, at load time, so a config with any error is withheld from
every later stage (the schema's defaults are used) and no command crashes or runs for minutes on it.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.core.codes import emitter
from generator.core.findings import Finding, pointer_of
from generator.core.settings import Settings
from generator.core.workdays import CalendarGap
from generator.loading.yamlstrict import Doc

emit = emitter("loading.configcheck", codes=("config-invalid", "calendar-year-missing"))


def check_config(path: str, doc: Doc) -> list[Finding]:
    data = doc.data if isinstance(doc.data, dict) else {}
    settings = Settings.from_config(data)
    out: list[Finding] = []

    def bad(code: str, at: tuple[str | int, ...], message: str) -> None:
        out.append(emit(code, path, doc.line_of(at), message, pointer_of(at)))

    if data.get("demo") is True and not data.get("as_of"):
        bad("config-invalid", ("demo",), "示例数据（demo: true）必须写明 as_of 日期，例如 as_of: 2015-10-20。")
    if "timezone" in data:
        try:
            ZoneInfo(settings.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            bad("config-invalid", ("timezone",), f"时区“{settings.timezone}”不存在。请写 IANA 时区名称，一般为 Asia/Shanghai。")
    year = settings.get("year")
    for at in (("notice_date",), ("deadlines", "action_plan")):
        if _present(data, at) and _month_day(year, settings.get(*at)) is None:
            bad("config-invalid", at, f"日期“{settings.get(*at)}”不是 {year} 年里真实存在的日期。请写 MM-DD，例如 02-08。")
    for part, month_day in (settings.get("deadlines", "briefings") or {}).items():
        when = _month_day(year + 1 if part == "FY" and isinstance(year, int) else year, month_day)
        if when is None and ("deadlines" in data):
            bad("config-invalid", ("deadlines", "briefings", part),
                f"书面报告截止日“{month_day}”不是 {year} 年里真实存在的日期。请写 MM-DD，例如 04-15。")
    for at, day in (("year",), date(year, 1, 1) if isinstance(year, int) else None), \
            (("as_of",), _date(data.get("as_of"))):
        if day is not None and at[0] in data and not _known(settings, day.year):
            bad("calendar-year-missing", at, CalendarGap(day.year).message())
    first = settings.first_report_period
    if "first_report_period" in data and isinstance(year, int) and not first.startswith(f"{year}-"):
        bad("config-invalid", ("first_report_period",),
            f"首个月报月份 {first} 不在督查年度 {year} 年内。请改为 {year} 年的月份，例如 {year}-02。")
    yellow, red = settings.get("status", "yellow_gap"), settings.get("status", "red_gap")
    if "status" in data and isinstance(yellow, int | float) and isinstance(red, int | float) and yellow > red:
        bad("config-invalid", ("status", "yellow_gap"), f"黄色预警差距 {yellow} 大于红色预警差距 {red}。黄色的界限应较小。")
    for i, entry in enumerate(data.get("calendar") or []):
        for key in ("holidays", "workdays"):
            for j, value in enumerate(entry.get(key) or [] if isinstance(entry, dict) else []):
                day = _date(value)
                if day is not None and day.year != entry.get("year"):
                    bad("config-invalid", ("calendar", i, key, j),
                        f"日期 {value} 不在这组安排的年份 {entry.get('year')} 年内。请把它放到对应年份的一组里。")
    return out


def _present(data: Any, at: tuple[str, ...]) -> bool:
    for key in at:
        if not isinstance(data, dict) or key not in data:
            return False
        data = data[key]
    return True


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _month_day(year: Any, value: Any) -> date | None:
    if not isinstance(year, int) or not isinstance(value, str) or len(value) != 5:
        return None
    try:
        return date(year, int(value[:2]), int(value[3:]))
    except ValueError:
        return None


def _known(settings: Settings, year: int) -> bool:
    try:
        settings.calendar.is_workday(date(year, 1, 1))
    except CalendarGap:
        return False
    return True
