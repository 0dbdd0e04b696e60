"""Errors that teach: the mistakes a new member of staff most likely makes, each found at its line with a
Chinese message that says what to write instead.

Each case is tried as a new user would type it into a copy of the base repository (tests/fixtures/base). The
test asserts the exact (path, line, code) set and, for the problem the case is about, the words of the message
that tell the user what to write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.core.paths import RepoPaths
from generator.rules import validate
from helpers import BASE, edit

R2 = "data/reports/2015-02/2015-zj-01.yaml"
R3 = "data/reports/2015-03/2015-zj-01.yaml"
R4 = "data/reports/2015-04/2015-zj-01.yaml"
Z = "data/projects/2015-zj-01.yaml"
D = "data/dispatches/2015-03-20-01.yaml"


def _april(month: str = "10000", ytd: str = "34000.25") -> dict[str, str]:
    """A third report for 2015-zj-01, so that a month has neighbours to be compared with."""
    text = (BASE / R3).read_text(encoding="utf-8")
    for old, new in (("period: 2015-03", "period: 2015-04"), ("submitted_on: 2015-04-07", "submitted_on: 2015-05-07"),
                     ("month: 10000.25", f"month: {month}"), ("year_to_date: 24000.25", f"year_to_date: {ytd}"),
                     ("year_to_date: 30000", "year_to_date: 40000"), ("on: 2015-03-12", "on: 2015-04-12"),
                     ("on: 2015-04-10", "on: 2015-05-10")):
        text = text.replace(old, new)
    return {R4: text}


@dataclass
class Mistake:
    edits: list[tuple[str, str, str]]
    expected: set[tuple[str, int, str]]
    says: list[str]  # words of the message of the first expected problem (by line, then code)
    remove: tuple[str, ...] = ()
    write: dict[str, str] = field(default_factory=dict)


MISTAKES: dict[str, Mistake] = {
    "date-with-slashes": Mistake([(R3, "submitted_on: 2015-04-07", "submitted_on: 2015/4/7")],
                                 {(R3, 4, "date-invalid")}, ["YYYY-MM-DD", "请改成 2015-04-07"]),
    "date-in-chinese": Mistake([(R3, "submitted_on: 2015-04-07", "submitted_on: 2015年4月7日")],
                               {(R3, 4, "date-invalid")}, ["请改成 2015-04-07"]),
    "date-without-zeros": Mistake([(R3, "submitted_on: 2015-04-07", "submitted_on: 2015-4-7")],
                                  {(R3, 4, "date-invalid")}, ["补 0", "请改成 2015-04-07"]),
    "date-full-width": Mistake([(R3, "submitted_on: 2015-04-07", "submitted_on: ２０１５－０４－０７")],
                               {(R3, 4, "date-invalid")}, ["半角", "请改成 2015-04-07"]),
    "date-that-does-not-exist": Mistake([(R3, "on: 2015-03-12", "on: 2015-02-30")], {(R3, 26, "date-invalid")},
                                        ["真实存在"]),
    "yi-yuan-for-wan-yuan-in-a-month": Mistake(
        [(R3, "month: 10000.25", "month: 1")], {(R3, 6, "money-unit-suspect"), (R3, 7, "report-ytd-sum")},
        ["亿元", "1 亿元应写成 10000"], write=_april()),
    "yi-yuan-for-wan-yuan-in-total": Mistake([(Z, "total_investment: 800000", "total_investment: 80")],
                                             {(Z, 9, "money-unit-suspect")}, ["亿元", "80 亿元应写成 800000"]),
    "three-decimals": Mistake([(R3, "month: 10000.25", "month: 10000.255")],
                              {(R3, 6, "money-precision")}, ["请四舍五入为 10000.26"]),
    "yuan-for-wan-yuan": Mistake(
        [(R3, "month: 10000.25", "month: 50000000")],
        {(R3, 6, "money-unit-suspect"), (R3, 6, "report-month-exceeds-ytd"), (R3, 7, "report-ytd-sum")},
        ["按元填写", "50000000 元应写成 5000"], write=_april()),
    "yi-yuan-typed-as-text": Mistake([(Z, "total_investment: 800000", "total_investment: 80亿元")],
                                     {(Z, 9, "type-mismatch")}, ["万元", "请改成 800000"]),
    "unit-name-for-its-id": Mistake([(R3, "    by: lufeng-gov", "    by: 禄丰县人民政府")], {(R3, 27, "ref-unresolved")},
                                    ["编号，不是名称", "请改成 lufeng-gov"]),
    "unit-short-name-for-its-id": Mistake([(D, "    unit: fgw", "    unit: 州发改委")], {(D, 11, "ref-unresolved")},
                                          ["请改成 fgw"]),
    "post-title-for-its-id": Mistake([(D, "chaired_by: fzz-jt", "chaired_by: 分管交通的副州长")], {(D, 4, "ref-unresolved")},
                                     ["请改成 fzz-jt"]),
    "missing-field": Mistake([(R3, "submitted_on: 2015-04-07\n", "")], {(R3, 2, "field-missing")},
                             ["submitted_on", "报送日期", "请补上"]),
    "misspelt-field": Mistake([(R3, "submitted_on: 2015-04-07", "submited_on: 2015-04-07")],
                              {(R3, 2, "field-missing"), (R3, 4, "field-unknown")}, ["submitted_on"]),
    "report-in-wrong-month-folder": Mistake([], {(R4, 3, "file-name-mismatch")},
                                            ["2015-03", "请移到 data/reports/2015-03/"], remove=(R3,),
                                            write={R4: (BASE / R3).read_text(encoding="utf-8")}),
    "full-width-digits": Mistake([(R3, "month: 10000.25", "month: １００００.２５")], {(R3, 6, "type-mismatch")},
                                 ["半角", "请改成 10000.25"]),
    "full-width-colon": Mistake([(R3, "submitted_on: 2015-04-07", "submitted_on：2015-04-07")],
                                {(R3, 4, "yaml-fullwidth-colon")}, ["半角冒号“:”"]),
    "full-width-space-indent": Mistake([(R3, "  month: 10000.25", "\u3000month: 10000.25")],
                                       {(R3, 6, "yaml-fullwidth-space")}, ["半角空格"]),
    "tab-indent": Mistake([(R3, "  month: 10000.25", "\tmonth: 10000.25")], {(R3, 6, "yaml-tab-indent")},
                          ["改成空格"]),
    "trailing-space-in-a-reference": Mistake([(D, "    unit: fgw", '    unit: "fgw "')], {(D, 11, "ref-unresolved")},
                                             ["空格", "请改成 fgw"]),
    "trailing-full-width-space-in-a-reference": Mistake([(D, "    unit: fgw", "    unit: fgw\u3000")],
                                                        {(D, 11, "ref-unresolved")}, ["请改成 fgw"]),
    "upper-case-reference": Mistake([(D, "    unit: fgw", "    unit: FGW")], {(D, 11, "ref-unresolved")},
                                    ["大写", "请改成 fgw"]),
    "trailing-space-in-own-id": Mistake([(Z, "id: 2015-zj-01", 'id: "2015-zj-01 "')],
                                        {(Z, 2, "id-invalid")}, ["请改成 2015-zj-01"]),
    "ytd-equals-month": Mistake([(R3, "year_to_date: 24000.25", "year_to_date: 10000.25")],
                                {(R3, 7, "report-ytd-equals-month")}, ["1 月至本月的合计", "14000 + 10000.25 = 24000.25"]),
    "category-in-chinese": Mistake([(Z, "category: under_construction", "category: 在建")], {(Z, 4, "value-not-allowed")},
                                   ["“在建”请写成 under_construction"]),
    "yes-in-chinese": Mistake([(R3, "    public: true", "    public: 是")], {(R3, 24, "type-mismatch")},
                              ["请改成 true"]),
    "yes-for-true": Mistake([(R3, "    public: true", "    public: yes")], {(R3, 24, "yaml-ambiguous-bool")},
                            ["true 或 false"]),
    "thousands-separator": Mistake([(R3, "  year_to_date: 30000", '  year_to_date: "30,000"')],
                                   {(R3, 9, "type-mismatch")}, ["不带单位、逗号", "请改成 30000"]),
    "percent-sign": Mistake([(R2, "  percent: 12", "  percent: 12%")], {(R2, 12, "type-mismatch")}, ["请改成 12"]),
    "quoted-number": Mistake([(R3, "month: 10000.25", 'month: "10000.25"')], {(R3, 6, "type-mismatch")},
                             ["不要加引号", "请改成 10000.25"]),
    "no-space-after-colon": Mistake([(R3, "funds:\n  year_to_date: 30000", "funds:\n  year_to_date:30000")],
                                    {(R3, 8, "type-mismatch")}, ["冒号后面要加一个空格", "year_to_date: 30000"]),
    "month-in-chinese": Mistake([(R3, "period: 2015-03", "period: 2015年3月")],
                                {(R3, 3, "month-invalid")}, ["请改成 2015-03"]),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_mistake_is_found_and_explained(name: str, tmp_path: Path) -> None:
    m = MISTAKES[name]
    repo = edit(tmp_path, *m.edits, remove=m.remove, write=m.write)
    problems = validate(RepoPaths(repo), jobs=1).findings
    assert {(p.path, p.line, p.code) for p in problems} == m.expected
    first = min(m.expected, key=lambda e: (e[1], e[2]))
    messages = [p.message for p in problems if (p.path, p.line, p.code) == first]
    for words in m.says:
        assert any(words in message for message in messages), (words, messages)


def test_at_least_twenty_mistakes() -> None:
    assert len(MISTAKES) >= 20


def test_every_message_is_chinese_and_says_what_to_do(tmp_path: Path) -> None:
    """No raw Python or jsonschema English leaks into what staff read."""
    for name, m in MISTAKES.items():
        repo = edit(tmp_path / name, *m.edits, remove=m.remove, write=m.write)
        for p in validate(RepoPaths(repo), jobs=1).findings:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in p.message), p
            assert "Traceback" not in p.message and "is not of type" not in p.message, p
            assert any(word in p.message for word in ("请", "应", "是不是", "只能", "要")), p
