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


def _figure(fragment: str) -> dict:  # type: ignore[type-arg]
    """The figure of a chart fragment: the JSON data block beside its container."""
    import json

    return dict(json.loads(fragment.split('data-chart-for="', 1)[1].split(">", 1)[1].rsplit("</script>", 1)[0]))


def _figure_strings(fragment: str) -> list[str]:
    """Every string in a chart's figure."""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_figure(fragment))
    return out


def test_every_chart_is_a_valid_plotly_figure_in_an_html_safe_block() -> None:
    """The figures are built as plain JSON (fast); plotly.py checks each is a figure plotly.js draws, and no
    < > & can end the data block."""
    import plotly.graph_objects as go

    from generator.site import charts

    made = [
        charts.completion_by_county(["楚雄市", "双柏县"], [Decimal("0.5"), None], Decimal("0.6")),
        charts.cumulative_by_category(["2015-02", "2015-03"], {"new_start": {"actual": [Decimal(1), None],
                                                                             "plan": [Decimal(1), Decimal(2)]}},
                                      {"new_start": "新开工"}),
        charts.project_monthly(["2015-02", "2015-03"], [Decimal(1), None], [Decimal(1), Decimal(2)], [None, Decimal(1)],
                               Decimal(5)),
    ]
    for fragment in made:
        figure = _figure(fragment)
        go.Figure(data=figure["data"], layout=figure["layout"])  # raises on anything plotly.js would not take
        block = fragment.split('data-chart-for="', 1)[1].split(">", 1)[1].rsplit("</script>", 1)[0]
        assert not set(block) & set("<>&"), block


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
