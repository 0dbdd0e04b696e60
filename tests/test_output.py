"""Output formats are a contract: text lines, JSON document, GitHub annotations."""

from __future__ import annotations

import io
import json

from generator.core.findings import Finding, Findings
from generator.reporters import annotation, format_github, format_json, format_text, write_json


def sample() -> Findings:
    report = Findings(checked={"project": 2, "report": 3})
    report.extend([
        Finding("data/projects/a.yaml", 3, "ref-unresolved", "找不到单位“x”。", "/lead_unit"),
        Finding("data/reports/2015-03/a.yaml", 9, "report-ytd-sum", "对不上。", "/investment", "warning"),
    ])
    return report


def test_text_is_path_line_code_message() -> None:
    lines = format_text(sample()).splitlines()
    assert lines[0] == "data/projects/a.yaml:3: [ref-unresolved] 找不到单位“x”。"
    assert lines[1] == "data/reports/2015-03/a.yaml:9: [report-ytd-sum] 警告：对不上。"
    assert lines[2] == "已检查 5 个文件（项目 2 个、月报 3 个）：错误 1 个，警告 1 个。"


def test_json_document() -> None:
    doc = json.loads(format_json(sample()))
    assert doc["errors"] == 1 and doc["warnings"] == 1
    assert doc["checked"] == {"project": 2, "report": 3}
    assert [(p["path"], p["line"], p["code"], p["severity"]) for p in doc["problems"]] == [
        ("data/projects/a.yaml", 3, "ref-unresolved", "error"),
        ("data/reports/2015-03/a.yaml", 9, "report-ytd-sum", "warning"),
    ]


def test_github_annotation_escaping() -> None:
    p = Finding("data/a,b:c.yaml", 2, "yaml-syntax", "50% 出错\n第二行")
    assert annotation(p) == "::error file=data/a%2Cb%3Ac.yaml,line=2,title=yaml-syntax::50%25 出错%0A第二行"


def test_github_annotates_only_the_first_ten_of_each_severity() -> None:
    report = Findings(checked={"project": 30})
    report.extend(Finding(f"data/projects/p{i:02d}.yaml", 1, "yaml-empty", "空") for i in range(25))
    lines = format_github(report).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("data/projects/") for line in lines) == 15


def test_check_output_keeps_data_on_one_line() -> None:
    """A milestone or unit name from data holding a line break cannot start a line of its own (a forged
    GitHub workflow command) in any format of `check`."""
    from datetime import date

    from generator.compute.deadlines import Deadline
    from generator.reporters import CHECK_FORMATS

    d = Deadline("milestone", "节点\n::error::forged", "2015-zj-01", "u1", date(2015, 3, 1), None, "missed", 9,
                 "data/projects/2015-zj-01.yaml", 20)
    for name, fmt in CHECK_FORMATS.items():
        text = fmt(date(2015, 3, 10), [d], {"u1": "单位\r\n::error::forged"}, {"2015-zj-01": "项目\n::warning::x"}, 7)
        for line in text.splitlines():
            assert not line.startswith(("::error::forged", "::warning::x")), (name, line)


def test_streamed_json_is_what_json_dumps_writes() -> None:
    """`metrics` writes its document item by item (reporters.write_json): the same text as json.dumps."""
    doc = {"totals": {"b": [1, {"x": None}], "a": "引号\"\n"}, "month": 10, "empty": {}, "none": []}
    items = [{"id": "p-2", "monthly": [{"m": 1}, {"m": 2}], "z": 1.5}, {"id": "p-1", "monthly": []}]
    for streamed in ({"projects": items, "deadlines": []}, {"projects": items[:1]}, {}):
        out = io.StringIO()
        write_json(out, doc, {k: iter(v) for k, v in streamed.items()})
        whole = {**doc, **{k: list(v) for k, v in streamed.items()}}
        assert out.getvalue() == json.dumps(whole, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    out = io.StringIO()
    write_json(out, {}, {})
    assert out.getvalue() == json.dumps({}) + "\n"
