"""How people read dates, months and amounts in Chinese: 2015年3月8日, 2015年3月, 1,200 万元, 37.5%."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

HUNDRED = Decimal(100)


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def cdate(value: Any) -> str:
    """2015-03-08 → 2015年3月8日; — when there is no date."""
    d = _as_date(value)
    return f"{d.year}年{d.month}月{d.day}日" if d else "—"


def cdatetime(value: datetime | None) -> str:
    """A moment as people read it: 2015年10月20日 08:00; — when unknown."""
    return f"{cdate(value.date())} {value:%H:%M}" if value else "—"


def cmonth(value: Any) -> str:
    """2015-03 → 2015年3月."""
    if not isinstance(value, str) or len(value) != 7:
        return "—"
    return f"{value[:4]}年{int(value[5:7])}月"


QUARTERS = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "Q4": "第四季度", "FY": "全年"}


def cperiod(value: Any) -> str:
    """A reporting period as people say it: 2015-07 → 2015年7月, 2015-Q2 → 2015年第二季度, 2015-FY → 2015年全年."""
    if isinstance(value, str) and len(value) == 7 and value[4] == "-" and value[5:] in QUARTERS:
        return f"{value[:4]}年{QUARTERS[value[5:]]}"
    return cmonth(value) if isinstance(value, str) and value[5:7].isdigit() else str(value or "—")


def gap(points: Any) -> str:
    """A gap in percentage points as people say it: 落后 5.2 个百分点, 超前 3 个百分点, 与时间进度持平."""
    if points is None:
        return "—"
    number = Decimal(points)
    if number == 0:
        return "与时间进度持平"
    return f"{'落后' if number > 0 else '超前'} {abs(number)} 个百分点"


def wan(value: Any) -> str:
    """万元 with thousands separators and at most two decimals."""
    if value is None or isinstance(value, bool):
        return "—"
    number = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    shown = f"{number:,.2f}"
    return shown[:-3] if shown.endswith(".00") else shown.rstrip("0") if "." in shown else shown


def yi(value: Any) -> str:
    """万元 shown in 亿元 (÷ 10,000) with two decimals."""
    if value is None:
        return "—"
    return f"{(Decimal(value) / 10000).quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def pct(value: Any, none: str = "—") -> str:
    """A fraction as a percentage with one decimal (0.375 → 37.5%); `none` when there is no rate."""
    if value is None:
        return none
    return f"{(Decimal(value) * HUNDRED).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
