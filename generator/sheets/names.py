"""Names as tables write them, mapped to the ids of data/org/ and data/projects/.

A unit is found by its id, full name, short name, or the forms government tables abbreviate them to
(楚雄州发展和改革委员会 → 州发展和改革委员会, 州发展改革委员会, 州发展改革委; 永仁县人民政府 → 永仁县政府); a county
by id or name, with or without 县/市; a leader post by id or title — or by the name of the person who held
it on the table's date (由接任者自行替补: the file keeps the post). A name that matches nothing is refused
with the closest known names; one that matches several is refused with all of them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.core.chinese import cdate
from generator.model import Index, get, items, to_date
from generator.sheets.headers import normal


class Unresolved(Exception):
    """A name that maps to no id, or to several (code and Chinese message)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_ABBREVIATIONS = (("楚雄彝族自治州", "州"), ("楚雄州", "州"), ("和", ""), ("委员会", "委"), ("人民政府", "政府"),
                  ("管理委员会", "管委会"), ("领导小组办公室", "办"), ("办公室", "办"))


def _forms(name: Any) -> set[str]:
    """A name and the abbreviations tables use for it."""
    base = normal(name)
    if not base:
        return set()
    out = {base}
    for long, short in _ABBREVIATIONS:
        out |= {f.replace(long, short) for f in out if long in f}
    return out


@dataclass
class _Table:
    what: str  # 单位, 县市, 州领导职务, 项目
    keys: dict[str, set[str]] = field(default_factory=dict)  # normalised form → ids
    shown: dict[str, str] = field(default_factory=dict)  # id → the name we write

    def add(self, ident: str, shown: Any, *names: Any) -> None:
        self.shown.setdefault(ident, str(shown or ident))
        for n in (ident, *names):
            for form in _forms(n):
                self.keys.setdefault(form, set()).add(ident)

    def find(self, text: Any) -> set[str]:
        t = normal(text)
        return self.keys.get(t) or self.keys.get(t.lower()) or set()

    def closest(self, text: Any) -> list[str]:
        names = sorted(set(self.shown.values()))
        return difflib.get_close_matches(normal(text), names, n=3, cutoff=0.4)


class Names:
    """Every name of the org (and the projects) as of one date, the table's date."""

    def __init__(self, idx: Index, on: date) -> None:
        self.idx, self.on = idx, on
        self.units, self.counties = _Table("单位"), _Table("县市")
        self.posts, self.projects = _Table("州领导职务"), _Table("项目")
        for ident, unit in sorted(idx.units.items()):
            self.units.add(ident, unit.get("short_name") or unit.get("name"), unit.get("name"), unit.get("short_name"))
        for ident, county in sorted(idx.counties.items()):
            name = str(county.get("name") or "")
            self.counties.add(ident, name, name, re.sub(r"(县|市|区)$", "", name) if len(name) > 2 else name)
        for ident, post in sorted(idx.posts.items()):
            self.posts.add(ident, post.get("title"), post.get("title"))
        for ident, (_, project) in sorted(idx.projects.items()):
            self.projects.add(ident, project.get("name"), project.get("name"))

    def _one(self, table: _Table, text: Any, hint: str = "") -> str:
        found = table.find(text)
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise Unresolved("sheet-name-unknown", f"“{text}”同时对应几个{table.what}："
                                                   f"{'、'.join(table.shown[i] for i in sorted(found))}。请写全称。")
        close = table.closest(text)
        offer = f"最接近的有：{'、'.join(close)}。" if close else ""
        raise Unresolved("sheet-name-unknown", f"找不到{table.what}“{text}”。{offer}{hint}")

    def unit(self, text: Any) -> str:
        return self._one(self.units, text, "新的单位请先登记到 data/org/units.yaml。")

    def county(self, text: Any) -> str:
        return self._one(self.counties, text, "县市见 data/org/counties.yaml。")

    def project(self, text: Any) -> str:
        return self._one(self.projects, text, "请填写 data/projects/ 里已有的项目编号或项目名称。")

    def unit_or_post(self, text: Any) -> str:
        units, posts = self.units.find(text), self.posts.find(text)
        if units and posts:
            raise Unresolved("sheet-name-unknown", f"“{text}”既是单位又是州领导职务的名称。请写单位全称或职务全称。")
        if posts or (not units and self._holders(text)):
            return self.post(text)
        try:
            return self.unit(text)
        except Unresolved as exc:
            close = self.posts.closest(text)
            if close and "最接近" not in exc.message:
                raise Unresolved(exc.code, f"找不到单位或州领导职务“{text}”。最接近的有：{'、'.join(close)}。") from None
            raise

    def post(self, text: Any) -> str:
        """A post by id or title, or by the person who held it on the table's date."""
        found = self.posts.find(text)
        if len(found) == 1:
            return next(iter(found))
        held = self._holders(text)
        if held:
            now = sorted({p for p, start, end in held if start <= self.on and (end is None or self.on <= end)})
            if len(now) == 1:
                return now[0]
            spans = "；".join(f"{self.posts.shown[p]}（{cdate(start)}至{cdate(end) if end else '今'}）"
                             for p, start, end in held)
            person = next(n for n in self._people() if n in normal(text))
            if now:
                raise Unresolved("sheet-person-not-post", f"{person}在表格日期 {cdate(self.on)} 同时担任"
                                                          f"{'、'.join(self.posts.shown[p] for p in now)}，无法确定是哪个职务。"
                                                          "请改填职务名称。")
            raise Unresolved("sheet-person-not-post", f"这里要填州领导职务。{person}在表格日期 {cdate(self.on)} 没有担任州领导职务"
                                                      f"（曾任：{spans}）。请改填职务名称。")
        return self._one(self.posts, text, "州领导职务见 data/org/posts.yaml，填写职务名称。")

    def _people(self) -> list[str]:
        names = {normal(get(h, "name")) for post in self.idx.posts.values() for h in items(post, "holders")}
        return sorted((n for n in names if n), key=len, reverse=True)

    def _holders(self, text: Any) -> list[tuple[str, date, date | None]]:
        """(post, from, to) of the person a cell names (张某某, 张某某州长, 州长张某某)."""
        t = normal(text)
        person = next((n for n in self._people() if n in t), None)
        if person is None:
            return []
        out = []
        for ident, post in sorted(self.idx.posts.items()):
            for h in items(post, "holders"):
                start = to_date(get(h, "from"))
                if normal(get(h, "name")) == person and start is not None:
                    out.append((ident, start, to_date(get(h, "to"))))
        return sorted(out, key=lambda x: x[1])

    def shown(self, kind: str, ident: Any) -> Any:
        """How we write an id in a table: the name that reads back to it, else the id itself."""
        table = {"unit": self.units, "county": self.counties, "post": self.posts, "project": self.projects}[kind]
        name = table.shown.get(ident) if isinstance(ident, str) else None
        return name if name is not None and table.find(name) == {ident} else ident

    def shown_unit_or_post(self, ident: Any) -> Any:
        if ident in self.idx.posts:
            name = self.posts.shown.get(ident)
            return name if name is not None and self.posts.find(name) == {ident} and not self.units.find(name) else ident
        return self.shown("unit", ident)
