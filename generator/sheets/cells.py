"""A cell's value as the data model holds it, by the kind of its column; what cannot be read is refused with
the reason, never guessed.

Numbers are exact: a spreadsheet's binary float is read as the 15 significant digits Excel and WPS show,
then as a Decimal (1.2 亿元 is 12000 万元, not 11999.999…). Plain numeric text (a cell formatted as text,
every Word table) is a number; text with words in it is not. Dates are date cells or unambiguous text
(2015-03-08, 2015/3/8, 2015年3月8日); a bare number in a date column is refused (a date cell shown as a
number loses its meaning). Coded values are written as their schema labels (在建, 用地) or codes.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.labels import labels
from generator.loading.schema import suggest_date, suggest_number
from generator.sheets.headers import Column, normal
from generator.sheets.names import Names, Unresolved

_PLAIN_NUMBER = re.compile(r"^[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")
_SPLIT = re.compile(r"[、，,；;/\n]+")
_PERSON_PAREN = re.compile(r"^(?P<name>[^()]+?)\((?P<title>.+)\)$")
COORDINATE_PLACES = Decimal("0.0001")
_YES = {"是", "公开", "true", "yes", "y", "1", "√"}
_NO = {"否", "不公开", "false", "no", "n", "0", "×"}


def _bad(message: str) -> Unresolved:
    return Unresolved("sheet-cell-invalid", message)


def shown(value: Any) -> str:
    text = value.isoformat() if isinstance(value, date) else str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def number(value: Any) -> Decimal:
    """A cell as an exact number, or Unresolved."""
    if isinstance(value, bool):
        raise _bad(f"应填数字，填的是 {value}。")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _bad("这个数字无效（无穷大或非数字）。请填写具体数值。")
        return Decimal(format(value, ".15g"))
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if _PLAIN_NUMBER.match(text):
            with contextlib.suppress(InvalidOperation):  # not a number after all: the message below says why
                return Decimal(text.replace(",", ""))
        hint = suggest_number(value)
        raise _bad(f"应填数字，填的是“{shown(value)}”。" + (f"{hint[1]}。" if hint else "只写数字，不带文字。"))
    raise _bad(f"应填数字，填的是 {shown(value)}。")


def _plain(d: Decimal) -> int | Decimal:
    """1200 as an int, 1200.5 as a Decimal: how the data files write amounts."""
    d = d.normalize() if d != d.to_integral_value() else d.quantize(Decimal(1))
    return int(d) if d == d.to_integral_value() else d


def money(value: Any, column: Column) -> int | Decimal:
    amount = number(value)
    scale = column.scale or Decimal(1)
    return _plain(amount * scale)


def day(value: Any) -> str:
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            raise _bad(f"应填日期，填的是日期加时间 {value.isoformat(sep=' ')}。请只填日期。")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = normal(value)
        fixed = suggest_date(text)
        if fixed:
            return fixed
        raise _bad(f"应填日期，填的是“{shown(value)}”。请写成 2015-03-08 或设置为日期格式，并确认这一天真实存在。")
    if isinstance(value, timedelta | time):
        raise _bad("应填日期，填的是时间。请写成 2015-03-08。")
    raise _bad(f"应填日期，填的是数字 {shown(value)}。请把单元格设置为日期格式，或写成 2015-03-08。")


def text(value: Any, one_line: bool = False) -> str:
    if isinstance(value, float) and value == int(value):
        value = int(value)
    out = value.isoformat() if isinstance(value, date) else str(value)
    out = out.replace("\r\n", "\n").replace("\r", "\n").strip()
    if one_line:  # a long name wrapped with Alt+Enter is still one name
        out = "".join(part.strip() for part in out.split("\n"))
    return out


def person(value: Any) -> dict[str, str]:
    """姓名（职务）, or 职务 姓名 with a space: {"name", "title"}."""
    t = unicodedata.normalize("NFKC", text(value, one_line=True)).strip()
    m = _PERSON_PAREN.match(t)
    if m:
        return {"name": m.group("name").strip(), "title": m.group("title").strip()}
    parts = t.split()
    if len(parts) == 2:
        name, title = sorted(parts, key=len)
        if len(name) <= 4:
            return {"name": name, "title": title}
    raise _bad(f"人员请写成“姓名（职务）”，例如 张某某（双柏县副县长），填的是“{shown(value)}”。")


def coded(value: Any, titles: dict[str, str], what: str) -> str:
    t = normal(value)
    for code, label in titles.items():
        if t in (normal(label), code):
            return code
    raise _bad(f"{what}只能填：{'、'.join(titles.values())}，填的是“{shown(value)}”。")


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    t = normal(value).lower()
    if t in _YES:
        return True
    if t in _NO:
        return False
    raise _bad(f"只能填“是”或“否”，填的是“{shown(value)}”。")


def coordinate(value: Any) -> int | Decimal:
    """Degrees, at least to four places (about 10 m), as the data files keep them."""
    d = number(value)
    exponent = d.as_tuple().exponent
    return d.quantize(COORDINATE_PLACES) if isinstance(exponent, int) and exponent > -4 else d


def phone(value: Any) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return text(value, one_line=True)


def county(value: Any, names: Names) -> str:
    """A project's county; a line project names several (永仁县、元谋县): each must exist, the first is its county."""
    parts = [p.strip() for p in _SPLIT.split(text(value)) if p.strip()]
    if len(parts) <= 1:
        return names.county(value)
    ids = [names.county(p) for p in parts]  # every one is checked
    return ids[0]


def read(column: Column, value: Any, names: Names) -> Any:
    """The value of one non-empty cell for the field of its column; Unresolved when it cannot be read."""
    kind = column.field.kind
    simple = {
        "text": lambda v: text(v), "line": lambda v: text(v, one_line=True), "id": lambda v: text(v, one_line=True),
        "ref": lambda v: text(v, one_line=True), "date": day, "person": person, "bool": flag, "phone": phone,
        "coordinate": coordinate, "unit": names.unit, "county": lambda v: county(v, names), "post": names.post,
        "unit_or_post": names.unit_or_post,
    }
    if kind in simple:
        return simple[kind](value)
    if kind == "money":
        return money(value, column)
    if kind == "number":
        return _plain(number(value))
    if kind == "int":
        n = number(value)
        if n != n.to_integral_value():
            raise _bad(f"应填整数，填的是 {shown(value)}。")
        return int(n)
    if kind == "units":
        return [names.unit(part.strip()) for part in _SPLIT.split(text(value)) if part.strip()]
    if kind == "category":
        return coded(value, labels().category, "项目类别")
    if kind == "problem_category":
        return coded(value, labels().problem_category, "问题类别")
    if kind == "milestone_kind":
        return coded(value, labels().milestone_kind, "前期手续类别")
    if kind == "funding_kind":
        return coded(value, labels().funding_kind, "资金渠道")
    raise AssertionError(f"unknown column kind {kind}")


def write(kind: str, value: Any, names: Names) -> Any:
    """A stored value as a table shows it (the inverse of `read`)."""
    if value is None:
        return None
    if kind in ("unit", "county", "post", "project"):
        return names.shown(kind, value)
    if kind == "unit_or_post":
        return names.shown_unit_or_post(value)
    if kind == "units":
        return "、".join(str(names.shown("unit", u)) for u in value) if value else None
    if kind == "person":
        return f"{value.get('name')}（{value.get('title')}）" if isinstance(value, dict) else value
    if kind == "bool":
        return "是" if value else "否"
    if kind == "date":
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else value
    if kind == "coordinate":
        return str(value)  # text keeps the places the file has (24.9850)
    if kind in ("category", "problem_category", "milestone_kind", "funding_kind"):
        titles = {"category": labels().category, "problem_category": labels().problem_category,
                  "milestone_kind": labels().milestone_kind, "funding_kind": labels().funding_kind}[kind]
        return titles.get(value, value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value

