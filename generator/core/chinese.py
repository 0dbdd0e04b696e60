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
