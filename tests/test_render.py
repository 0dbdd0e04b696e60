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


def _figure_strings(fragment: str) -> list[str]:
    """Every string in the JSON of a chart's Plotly.newPlot call."""
    import json
    import re

    call = fragment.split("Plotly.newPlot(", 1)[1].rsplit(")", 1)[0]
    return [json.loads(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', call)]


def test_every_string_a_chart_hands_to_plotly_is_escaped() -> None:
    """Plotly reads labels as markup; each chart function's output has no < > or & except as entities and
    the <extra> tags of its own hover templates, whatever the names it is given."""
    import re

    from generator.site import charts

    bad = '<a href="https://evil.example/x">县</a><span style="background:url(https://evil.example/y)">&amp;</span><br>'
    made = [
        charts.completion_by_county([bad, "楚雄市"], [Decimal("0.5"), None], Decimal("0.6")),
        charts.cumulative_by_category(["2015-02", "2015-03"], {"x": {"actual": [Decimal(1), None],
                                                                     "plan": [Decimal(1), Decimal(2)]}}, {"x": bad}),
        charts.project_monthly(["2015-02"], [Decimal(1)], [Decimal(1)], [None], Decimal(5)),
    ]
    for fragment in made:
        strings = _figure_strings(fragment)
        for s in strings:
            rest = s.replace("<extra>", "").replace("</extra>", "")
            assert "<" not in rest and ">" not in rest and not re.search(r"&(?!amp;|lt;|gt;)", rest), s
    county = _figure_strings(made[0])
    assert charts.plain(bad) in county and bad not in county
    assert any(s.startswith(charts.plain(bad)) for s in _figure_strings(made[1]))  # the trace names
