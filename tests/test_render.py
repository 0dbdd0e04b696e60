"""Rendering: escaping of data text, the code page, page roots and formats."""

from __future__ import annotations

from decimal import Decimal

from generator.core.chinese import cdate, wan, yi
from generator.core.codes import CODES
from generator.site.templating import pct, root_of, safe_title, text
from generator.site.views.reference import codes_page


def test_code_page_lists_every_code() -> None:
    page = codes_page()
    for code, entry in CODES.items():
        assert f"<code>{code}</code>" in page
        assert entry.title in page


def test_formats() -> None:
    assert wan(Decimal("1234567.5")) == "1,234,567.5"
    assert wan(Decimal("1200")) == "1,200"
    assert wan(None) == "—"
    assert yi(Decimal("1234567")) == "123.46"
    assert pct(Decimal("0.3751")) == "37.5%"
    assert pct(None) == "不适用"
    assert cdate("2015-03-08") == "2015年3月8日"


def test_text_is_escaped_and_never_breaks_the_html_block() -> None:
    assert str(text('<script>alert(1)</script>\n\n[x](javascript:alert(1))')) == \
        "&lt;script&gt;alert(1)&lt;/script&gt;<br><br>[x](javascript:alert(1))"


def test_titles_carry_no_markup() -> None:
    assert safe_title('<img src=x onerror=alert(1)> {{ x }} **粗**') == "img src=x onerror=alert(1) x 粗"


def test_root_of() -> None:
    assert root_of("index.md") == ""
    assert root_of("projects/index.md") == "../"
    assert root_of("projects/2015-zj-01.md") == "../../"
    assert root_of("deadlines.md") == "../"
