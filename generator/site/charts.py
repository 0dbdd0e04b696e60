"""Plotly figures for the pages, as a container and its figure in a JSON data block.

A page carries no chart code: `assets/charts.js`, loaded deferred after plotly.js's basic bundle (scatter
and bar, vendored in `site_src/docs/assets/vendor/`), draws every `<script type="application/json"
data-chart-for=…>` into its container once the page has shown its content, fitting the container's width and
redrawing on resize. Figures are plain JSON built here (plotly.py's figure objects cost ~30 ms each in
validation; tests/test_render.py checks each against plotly.py instead). Every figure has a fixed id
(reproducible builds) and a minimal template. Each chart is shown with its data as a table and a
one-sentence summary, which the templates provide.

Plotly reads every label (titles, axis and tick labels, trace names, hover text, annotations) as markup:
`<a href>`, `<span style>`, `<br>`, `<b>` and entities, and it follows link and style URLs. So a figure
leaves this module only through `_html`, which writes `&`, `<` and `>` of every string in it as entities;
Plotly shows them as the characters typed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
COLORS = {"under_construction": "#3b5bdb", "new_start": "#2b8a3e", "preliminary": "#e8590c", "total": "#495057"}
CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


def _layout(title: str, height: int = 360, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "template": "none",
        "title": {"text": title, "font": {"size": 14}},
        "font": {"family": FONT, "size": 12, "color": "#212529"},
        "height": height,
        "autosize": True,  # the container's width, whatever the screen
        "margin": {"l": 56, "r": 16, "t": 48, "b": 48},
        "legend": {"orientation": "h", "y": -0.18},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {"gridcolor": "#e9ecef"},
        "yaxis": {"gridcolor": "#e9ecef", "tickformat": ",~r"},
    }
    layout.update(extra)
    return layout


# Plotly's own syntax, written here: %{y} placeholders and the <extra></extra> box of a hover label
_TEMPLATE_KEYS = frozenset({"hovertemplate", "texttemplate"})
_TEMPLATE_TAGS = ("<extra>", "</extra>")


def plain(text: str) -> str:
    """Text that Plotly shows as typed, never as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _template(text: str) -> str:
    """A hover or text template: escaped like any text, but its <extra> tags stay Plotly's. The values it
    substitutes (%{y}, %{fullData.name}) come from the figure, which is escaped as a whole."""
    out = plain(text)
    for tag in _TEMPLATE_TAGS:
        out = out.replace(plain(tag), tag)
    return out


def escaped(node: Any, key: str = "") -> Any:
    """A figure's JSON with every string in it made plain: data (category names on an axis), names, titles
    and templates alike. Colours, dash styles and formats hold none of & < >, so they pass unchanged."""
    if isinstance(node, dict):
        return {k: escaped(v, k) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [escaped(v, key) for v in node]
    if isinstance(node, str):
        return _template(node) if key in _TEMPLATE_KEYS else plain(node)
    return node


def _html(figure: dict[str, Any], div_id: str, label: str) -> str:
    """The one way out of this module: the figure with every string escaped, as a container and a JSON data
    block (HTML-safe: no `<`, `>` or `&` survives in it)."""
    safe = escaped({**figure, "config": CONFIG})
    text = json.dumps(safe, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f'<div class="chart-box" id="{div_id}" role="img" aria-label="{plain(label)}"></div>'
            f'<script type="application/json" data-chart-for="{div_id}">{text}</script>')


def _f(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def _scatter(x: list[str], y: list[float | None], name: str, **extra: Any) -> dict[str, Any]:
    return {"type": "scatter", "x": x, "y": y, "name": name, **extra}


def _bar(x: list[Any], y: list[Any], name: str, **extra: Any) -> dict[str, Any]:
    return {"type": "bar", "x": x, "y": y, "name": name, **extra}


def cumulative_by_category(months: list[str], series: dict[str, dict[str, list[Decimal | None]]],
                           names: dict[str, str]) -> str:
    """Solid line: year-to-date completed (亿元); dotted: the plan spread evenly over the months."""
    labels = [f"{int(m[5:7])}月" for m in months]
    traces = []
    for key, data in series.items():
        color = COLORS.get(key, "#495057")
        traces.append(_scatter(labels, [_f(v) for v in data["actual"]], f"{names[key]}·累计完成",
                               mode="lines+markers", line={"color": color, "width": 2.5},
                               hovertemplate="%{x} %{y:,.2f} 亿元<extra>%{fullData.name}</extra>"))
        traces.append(_scatter(labels, [_f(v) for v in data["plan"]], f"{names[key]}·序时计划",
                               mode="lines", line={"color": color, "width": 1.5, "dash": "dot"},
                               hovertemplate="%{x} %{y:,.2f} 亿元<extra>%{fullData.name}</extra>"))
    title = "本年累计完成投资与序时计划（亿元）"
    layout = _layout(title, yaxis={"title": {"text": "亿元"}, "gridcolor": "#e9ecef", "rangemode": "tozero"})
    return _html({"data": traces, "layout": layout}, "chart-cumulative", title)


def completion_by_county(names: list[str], completion: list[Decimal | None], time_progress: Decimal | None) -> str:
    """Horizontal bars of completion by county against the time-progress line."""
    values = [None if v is None else float(v * 100) for v in completion]
    bars = _bar(values, names, "投资完成率", orientation="h", marker={"color": "#3b5bdb"},
                text=["不适用" if v is None else f"{v:.1f}%" for v in values], textposition="outside",
                cliponaxis=False, hovertemplate="%{y}：%{x:.1f}%<extra></extra>")
    shapes = []
    if time_progress is not None:
        tp = float(time_progress * 100)
        shapes.append({"type": "line", "x0": tp, "x1": tp, "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"color": "#c92a2a", "dash": "dash", "width": 2}})
    title = "各县市投资完成率与序时进度（红色虚线）"
    layout = _layout(title, height=max(300, 34 * len(names) + 100), shapes=shapes, showlegend=False,
                     xaxis={"ticksuffix": "%", "gridcolor": "#e9ecef", "rangemode": "tozero"},
                     yaxis={"autorange": "reversed", "automargin": True}, margin={"l": 8, "r": 48, "t": 48, "b": 40})
    return _html({"data": [bars], "layout": layout}, "chart-county", title)


def project_monthly(months: list[str], reported: list[Decimal | None], verified: list[Decimal | None],
                    funds: list[Decimal | None], plan: Decimal | None) -> str:
    """Year-to-date investment reported and verified side by side, funds in place as a line (万元)."""
    labels = [f"{int(m[5:7])}月" for m in months]
    traces = [
        _bar(labels, [_f(v) for v in reported], "累计完成（报送）", marker={"color": "#91a7ff"},
             hovertemplate="%{x} %{y:,.2f} 万元<extra>累计完成（报送）</extra>"),
        _bar(labels, [_f(v) for v in verified], "累计完成（核实）", marker={"color": "#3b5bdb"},
             hovertemplate="%{x} %{y:,.2f} 万元<extra>累计完成（核实）</extra>"),
        _scatter(labels, [_f(v) for v in funds], "资金到位", mode="lines+markers", line={"color": "#2b8a3e"},
                 hovertemplate="%{x} %{y:,.2f} 万元<extra>资金到位</extra>"),
    ]
    shapes = []
    if plan:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": float(plan), "y1": float(plan),
                       "line": {"color": "#c92a2a", "dash": "dash", "width": 1.5}})
    title = "逐月本年累计完成投资与资金到位（万元；红色虚线为年度计划）"
    layout = _layout(title, barmode="group", shapes=shapes)
    return _html({"data": traces, "layout": layout}, "chart-project", title)
