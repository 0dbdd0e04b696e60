"""The JSON Schemas in schemas/: valid 2020-12, closed, bounded, annotated in Chinese, and right on sample data.

Instances are shaped as the strict loader delivers them: dates are plain strings, decimals are `Decimal`,
whole numbers are `int`. `x-max-decimals` is our own keyword, implemented by generator/schema.py; plain
jsonschema ignores it here.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schemas"
KINDS = ("config", "year", "counties", "units", "posts", "project", "report", "briefing", "dispatch")
SCHEMAS: dict[str, dict[str, Any]] = {
    path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(SCHEMA_DIR.glob("*.json"))
}

CJK = re.compile(r"[\u3400-\u9fff]")
# Keywords that mean the same in draft-07 and 2020-12 (plus $defs), and our own annotations.
KEYWORDS = {
    "$schema", "$defs", "$ref", "$comment", "title", "description", "default",
    "type", "enum", "const", "properties", "required", "additionalProperties", "items",
    "minimum", "maximum", "minLength", "maxLength", "pattern", "format", "minItems", "maxItems", "minProperties",
    "anyOf", "oneOf", "allOf", "not", "if", "then", "else",
    "x-code", "x-enum-titles", "x-internal", "x-max-decimals",
}
BESIDE_REF = {"$ref", "$comment", "title", "description", "default", "x-internal"}
INTERNAL = {
    ("project.schema.json", "/properties/team"),
    ("project.schema.json", "/properties/internal_notes"),
    ("project.schema.json", "/$defs/team_member/properties/name"),
    ("project.schema.json", "/$defs/team_member/properties/phone"),
}


@dataclass(frozen=True)
class Node:
    file: str
    pointer: str
    schema: dict[str, Any]
    role: str  # root, property, def, items, branch, condition
    in_condition: bool  # inside if/then/else/not: partial schemas, not field definitions

    @property
    def where(self) -> str:
        return f"{self.file}#{self.pointer}"

    @property
    def types(self) -> set[str]:
        kinds = self.schema.get("type", [])
        return {kinds} if isinstance(kinds, str) else set(kinds)


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _walk(file: str, schema: dict[str, Any], pointer: str, role: str, in_condition: bool) -> Iterator[Node]:
    yield Node(file, pointer, schema, role, in_condition)
    for key, role_of in (("properties", "property"), ("$defs", "def")):
        for name, sub in schema.get(key, {}).items():
            yield from _walk(file, sub, f"{pointer}/{key}/{_escape(name)}", role_of, in_condition)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _walk(file, schema[key], f"{pointer}/{key}", "items", in_condition)
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from _walk(file, sub, f"{pointer}/{key}/{i}", "branch", in_condition)
    for key in ("if", "then", "else", "not"):
        if isinstance(schema.get(key), dict):
            yield from _walk(file, schema[key], f"{pointer}/{key}", "condition", True)


NODES = [node for file, schema in SCHEMAS.items() for node in _walk(file, schema, "", "root", False)]
FIELDS = [n for n in NODES if n.role in ("root", "property", "def", "items") and not n.in_condition]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in SCHEMAS.items()
    )


def _validator(kind: str, registry: Registry) -> Draft202012Validator:
    return Draft202012Validator(
        SCHEMAS[f"{kind}.schema.json"], registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _errors(kind: str, instance: Any, registry: Registry) -> list[tuple[list[Any], str]]:
    return [(list(e.absolute_path), str(e.validator)) for e in _validator(kind, registry).iter_errors(instance)]


# -- the schema files themselves --------------------------------------------------------------------------


def test_one_schema_per_kind_plus_common() -> None:
    assert set(SCHEMAS) == {f"{kind}.schema.json" for kind in (*KINDS, "common")}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_2020_12_without_id(name: str) -> None:
    schema = SCHEMAS[name]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert not [n.where for n in NODES if n.file == name and "$id" in n.schema]


def test_only_portable_keywords() -> None:
    odd = [(n.where, sorted(set(n.schema) - KEYWORDS)) for n in NODES if set(n.schema) - KEYWORDS]
    assert not odd


def test_nothing_but_annotations_beside_ref() -> None:
    odd = [(n.where, sorted(set(n.schema) - BESIDE_REF)) for n in NODES if "$ref" in n.schema
           and set(n.schema) - BESIDE_REF]
    assert not odd


def _shared(node: dict[str, Any]) -> bool:
    """A field that is another file's field (a year file's settings are config's): it is described there."""
    return set(node) == {"$ref"} and re.match(r"[a-z]+\.schema\.json#/properties/", node["$ref"]) is not None


def test_every_field_has_chinese_title_and_description() -> None:
    missing = [
        (n.where, key)
        for n in FIELDS
        for key in ("title", "description")
        if not _shared(n.schema) and (not isinstance(n.schema.get(key), str) or not CJK.search(n.schema[key]))
    ]
    assert not missing


def _every_subschema(node: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object in a schema document, conditions and output schemas included."""
    if isinstance(node, dict):
        yield pointer, node
        for key, sub in node.items():
            yield from _every_subschema(sub, f"{pointer}/{_escape(key)}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _every_subschema(sub, f"{pointer}/{i}")


ALL_SCHEMAS = {str(path.relative_to(SCHEMA_DIR)): json.loads(path.read_text(encoding="utf-8"))
               for path in sorted(SCHEMA_DIR.rglob("*.schema.json"))}


def test_every_enum_and_const_in_every_schema_has_titles() -> None:
    """Labels shown to users come from `x-enum-titles`: one Chinese title for exactly the values allowed."""
    assert "output/metrics.schema.json" in ALL_SCHEMAS
    bad = []
    for name, schema in ALL_SCHEMAS.items():
        for pointer, node in _every_subschema(schema):
            if pointer.rsplit("/", 1)[-1] in ("properties", "$defs", "x-enum-titles"):
                continue  # a map of names, not a schema
            if not {"enum", "const", "x-enum-titles"} & set(node):
                continue
            values = node["enum"] if "enum" in node else [node["const"]] if "const" in node else []
            titles = node.get("x-enum-titles")
            exact = isinstance(titles, dict) and len(titles) == len(values) > 0 and set(titles) == set(values)
            if not exact or not all(isinstance(t, str) and CJK.search(t) for t in titles.values()):
                bad.append(f"{name}#{pointer}")
    assert not bad


def test_every_x_code_names_a_message_for_its_pattern() -> None:
    from generator.loading.schema import BY_CODE, CODED_KEYWORDS

    coded = [(n.where, n.schema) for n in NODES if "x-code" in n.schema]
    assert {s["x-code"] for _, s in coded} == set(BY_CODE)
    assert not [where for where, s in coded if not set(CODED_KEYWORDS) & set(s)]  # beside a pattern or format


def test_internal_fields_are_marked_and_nothing_else() -> None:
    marked = {(n.file, n.pointer) for n in NODES if "x-internal" in n.schema}
    assert marked == INTERNAL
    assert all(n.schema["x-internal"] is True for n in NODES if "x-internal" in n.schema)
    named = {(n.file, n.pointer) for n in NODES if n.pointer.rsplit("/", 1)[-1] in ("team", "internal_notes")}
    assert named <= INTERNAL


def test_every_object_is_closed_and_its_required_names_exist() -> None:
    bad: list[tuple[str, Any]] = []
    for n in NODES:
        if n.in_condition:
            continue
        if "object" in n.types or "properties" in n.schema:
            if n.schema.get("additionalProperties") is not False or "object" not in n.types:
                bad.append((n.where, "open"))
            names = set(n.schema.get("properties", {}))
            required = set(n.schema.get("required", []))
            for key in ("then", "else"):
                required |= set(n.schema.get(key, {}).get("required", []))
            for sub in n.schema.get("allOf", []):
                required |= set(sub.get("then", {}).get("required", []))
            if required - names:
                bad.append((n.where, sorted(required - names)))
    assert not bad


def test_strings_and_lists_are_bounded() -> None:
    bad = [n.where for n in NODES if not n.in_condition and (
        ("string" in n.types and "maxLength" not in n.schema)
        or ("array" in n.types and "maxItems" not in n.schema))]
    assert not bad


def test_money_is_exact_and_never_multiple_of() -> None:
    money = SCHEMAS["common.schema.json"]["$defs"]["money"]
    assert money["x-max-decimals"] == 2
    assert money["minimum"] == 0
    assert not [n.where for n in NODES if "multipleOf" in n.schema]


def test_nullable_date_has_the_same_rules_as_date() -> None:
    defs = SCHEMAS["common.schema.json"]["$defs"]
    for key in ("pattern", "format", "maxLength"):
        assert defs["date_or_null"][key] == defs["date"][key]


def test_every_ref_resolves(registry: Registry) -> None:
    for n in NODES:
        if "$ref" in n.schema:
            registry.resolver(base_uri=n.file).lookup(n.schema["$ref"])  # raises when unresolvable


def test_every_default_is_valid(registry: Registry) -> None:
    for n in NODES:
        if "default" in n.schema:
            here = Draft202012Validator(
                {"$ref": n.where}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
            assert not list(here.iter_errors(n.schema["default"])), n.where


def _defaults(schema: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, sub in schema.get("properties", {}).items():
        if "default" in sub:
            out[name] = sub["default"]
        elif sub.get("type") == "object":
            out[name] = _defaults(sub)
    return out


def _design_config() -> dict[str, Any]:
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    block = re.search(r"## Config keys.*?```yaml\n(.*?)```", text, re.S)
    assert block, "docs/design.md lost its config block"
    return yaml.safe_load(block.group(1))


def _keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [_keys(value[0])]
    return None


def _schema_keys(schema: dict[str, Any]) -> Any:
    if "properties" in schema:
        return {k: _schema_keys(v) for k, v in schema["properties"].items()}
    if isinstance(schema.get("items"), dict) and "properties" in schema["items"]:
        return [_schema_keys(schema["items"])]
    return None


def test_config_keys_and_defaults_follow_the_design() -> None:
    design = _design_config()
    schema = SCHEMAS["config.schema.json"]
    assert _schema_keys(schema) == _keys(design)
    assert "required" not in schema  # as_of is required only in demo mode: checked in code
    expected = {k: v for k, v in design.items() if k not in ("demo", "as_of", "calendar", "public_contact", "open_data")}
    expected |= {"demo": False, "calendar": [], "public_contact": {}, "open_data": {}}
    assert _defaults(schema) == expected


# -- sample instances -------------------------------------------------------------------------------------

PROJECT: dict[str, Any] = {
    "id": "2015-zj-01",
    "name": "某某至某某二级公路",
    "category": "under_construction",
    "year": 2015,
    "county": "shuangbai",
    "owner": "双柏县交通运输局",
    "content": "新建二级公路 45 公里。",
    "total_investment": 125000,
    "funding_sources": [{"kind": "bank_loan", "amount": Decimal("50000.5")}],
    "annual": {
        "investment": Decimal("30000.00"),
        "progress_target": "路基完成 60%。",
        "milestones": [
            {"name": "取得环评批复", "kind": "eia", "due": "2015-05-31", "done_on": "2015-05-20"},
            {"name": "完成征地拆迁", "due": "2015-08-31", "done_on": None},
        ],
    },
    "dates": {
        "start": {"planned": "2014-10-01", "actual": "2014-10-18"},
        "completion": {"planned": "2017-12-31", "actual": None},
        "production": {"planned": None, "actual": None},
    },
    "leader_post": "vice-governor-1",
    "lead_unit": "zhou-jtj",
    "co_units": ["zhou-gtj", "shuangbai-gov"],
    "county_leader": {"name": "张某某", "title": "双柏县人民政府副县长"},
    "responsible_person": {"name": "李某某", "title": "州交通运输局副局长"},
    "team": [{"name": "王某某", "role": "联络员", "phone": "0878-0000000"}, {"name": "赵某某", "role": "组员",
                                                                        "phone": 13800000000}],
    "action_plan": {"submitted_on": "2015-02-15"},
    "entered_on": "2015-01-01",
    "listed_supervision": {"on": "2015-06-01", "by": "zhou-jcb", "lifted_on": None},
    "location": {"lat": Decimal("25.04"), "lon": Decimal("101.55")},
    "internal_notes": "内部备注。",
}
MINIMAL_PROJECT: dict[str, Any] = {
    k: v for k, v in PROJECT.items()
    if k in ("id", "name", "category", "year", "county", "owner", "content", "total_investment", "dates",
             "leader_post", "lead_unit", "responsible_person")
} | {"annual": {"investment": 0, "progress_target": "完成可研批复。"}, "county_leader": None,
     "county_leader_note": "跨县市项目，由州直部门统筹推进。", "exited": {"on": "2015-07-01", "reason": "调整出列。"}}

REPORT: dict[str, Any] = {
    "project": "2015-zj-01",
    "period": "2015-03",
    "submitted_on": "2015-04-07",
    "received": {"by": "zhou-jcb", "channel": "email"},
    "investment": {"month": Decimal("850.5"), "year_to_date": 2400, "since_start": Decimal("40000.25")},
    "funds": {"year_to_date": 3000},
    "progress": {"summary": "路基完成 35 公里。", "percent": 35},
    "relocation": "已完成 80%。",
    "next_steps": "加快桥梁施工。",
    "problems": [
        {
            "id": "p1",
            "category": "land",
            "summary": "用地指标不足。",
            "measures": "积极协调。",
            "escalated_to": "zhou-gtj",
            "escalated_on": "2015-03-02",
            "answer": {"on": "2015-03-05", "by": "zhou-gtj", "content": "调剂指标。", "promised_by": "2015-05-31"},
            "escalations": [{"level": "coordination_meeting", "to": "vice-governor-1", "on": "2015-03-20"}],
            "public": False,
        },
        {"id": "p2", "category": "other", "summary": "阴雨天气。", "measures": "调整工序。",
         "closed": {"by": "zhou-dcs", "on": "2015-03-31"}},
    ],
    "site_visits": [{"on": "2015-03-18", "by": "zhou-jtj"}],
    "verified": {
        "by": "zhou-jcb",
        "on": "2015-04-10",
        "method": "site",
        "result": "adjusted",
        "adjusted": {"investment": {"month": Decimal("800")}, "funds": {"year_to_date": 2900}},
        "note": "现场核减。",
    },
    "corrections": [{"on": "2015-04-11", "by": "zhou-jtj", "field": "/progress/percent", "from": 40, "to": 35,
                     "why": "按核实数更正。"}],
}

DISPATCH: dict[str, Any] = {
    "date": "2015-06-10",
    "kind": "inspection",
    "chaired_by": "zhou-dcs",
    "projects": ["2015-zj-01", "2015-xkg-02"],
    "summary": "联合督查组现场督查。",
    "decisions": [{"id": "d1", "content": "月底前完成征地。", "unit": "shuangbai-gov", "due": "2015-06-30",
                   "done_on": None}],
    "findings": [{"id": "f1", "project": "2015-zj-01", "dimension": "safety", "summary": "临边防护不到位。",
                  "rectify_by": "2015-06-20", "rectified_on": "2015-06-18",
                  "closed": {"by": "zhou-dcs", "on": "2015-06-25"}, "public": True}],
}

VALID: list[tuple[str, Any]] = [
    ("config", {}),
    ("config", {
        "demo": True, "as_of": "2015-10-20", "year": 2015, "first_report_period": "2015-02",
        "deadlines": {"report_day": 8, "briefings": {"FY": "01-10"}},
        "status": {"yellow_gap": Decimal("12.5")},
        "calendar": [{"year": 2027, "holidays": ["2027-10-01"], "workdays": ["2027-10-09"]}],
        "public_contact": {"name": "某某州人民政府督查室", "phone": "0878-0000000", "email": "duchashi@example.org",
                           "address": "某某中心某室"},
        "open_data": {"license": "CC-BY-4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/"},
        "publish": {"scores": False, "unit_red_list": True},
    }),
    ("counties", [{"id": "chuxiong-shi", "name": "楚雄市"}, {"id": "kaifaqu", "name": "楚雄开发区"}]),
    ("units", [
        {"id": "zhou-jcb", "name": "州重点项目稽察办", "short_name": "稽察办", "kind": "inspection_office"},
        {"id": "shuangbai-gov", "name": "双柏县人民政府", "short_name": "双柏县", "kind": "county_gov",
         "county": "shuangbai", "github_team": "chuxiong-gov/shuangbai"},
    ]),
    ("posts", [{"id": "vice-governor-1", "title": "州人民政府副州长", "holders": [
        {"name": "张某某", "from": "2013-01-01", "to": "2015-06-30"},
        {"name": "李某某", "from": "2015-07-10", "to": None},
    ]}, {"id": "vice-governor-2", "title": "州人民政府副州长", "holders": []}]),
    ("project", PROJECT),
    ("project", MINIMAL_PROJECT),
    ("report", REPORT),
    ("report", {k: REPORT[k] for k in ("project", "period", "submitted_on", "funds", "progress")}
     | {"investment": {"month": 0, "year_to_date": 0}}),
    ("briefing", {"unit": "zhou-jtj", "period": "2015-FY", "submitted_on": "2016-01-08",
                  "title": "关于2015年重点项目工作目标任务完成情况的报告"}),
    ("dispatch", DISPATCH),
    ("dispatch", {"date": "2015-03-02", "kind": "urging", "chaired_by": "shuangbai-gov", "projects": ["2015-xkg-02"],
                  "covers": {"from": "2015-03-02", "to": "2015-03-08"}, "summary": "逐日督促。"}),
]


@pytest.mark.parametrize(("kind", "instance"), VALID, ids=[f"{k}-{i}" for i, (k, _) in enumerate(VALID)])
def test_valid_instances_pass(kind: str, instance: Any, registry: Registry) -> None:
    assert _errors(kind, instance, registry) == []


REMOVE = object()


def _with(base: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    """A deep copy of `base` with the value at `path` replaced, or removed when `value` is REMOVE."""
    changed = copy.deepcopy(base)
    target = changed
    for key in path[:-1]:
        target = target[key]
    if value is REMOVE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


INVALID: list[tuple[str, Any, list[Any], str]] = [
    ("config", {"deadline": {"report_day": 8}}, [], "additionalProperties"),
    ("config", {"deadlines": {"report_day": 31}}, ["deadlines", "report_day"], "maximum"),
    ("config", {"deadlines": {"briefings": {"Q1": "4-15"}}}, ["deadlines", "briefings", "Q1"], "pattern"),
    ("config", {"scoring": {"base": Decimal("99.5")}}, ["scoring", "base"], "type"),
    ("config", {"publish": {"map_link": "javascript:alert({lat},{lon})"}}, ["publish", "map_link"], "pattern"),
    ("config", {"publish": {"map_link": "http://map.example/?{lat},{lon}"}}, ["publish", "map_link"], "pattern"),
    ("config", {"publish": {"map_link": "https://map.example/?ll={lat}"}}, ["publish", "map_link"], "pattern"),
    ("config", {"publish": {"map_link": 'https://map.example/?{lat},{lon}"onclick="x'}}, ["publish", "map_link"],
     "pattern"),
    ("counties", [{"id": "Chuxiong", "name": "楚雄市"}], [0, "id"], "pattern"),
    ("counties", [], [], "minItems"),
    ("units", [{"id": "shuangbai-gov", "name": "双柏县人民政府", "short_name": "双柏县", "kind": "county_gov"}],
     [0], "required"),
    ("units", [{"id": "x-unit", "name": "某单位", "short_name": "某单位", "kind": "bureau"}], [0, "kind"], "enum"),
    ("posts", [{"id": "vice-governor-1", "title": "副州长", "holders": [
        {"name": "张某某", "from": "2015-01-01", "to": "2015-02-30"}]}], [0, "holders", 0, "to"], "format"),
    ("project", _with(PROJECT, ["total_investment"], -1), ["total_investment"], "minimum"),
    ("project", _with(PROJECT, ["team", 0, "phnoe"], "0878-0000000"), ["team", 0], "additionalProperties"),
    ("project", _with(MINIMAL_PROJECT, ["county_leader_note"], REMOVE), [], "required"),
    ("project", _with(PROJECT, ["dates", "start", "actual"], REMOVE), ["dates", "start"], "required"),
    ("project", _with(PROJECT, ["location", "lat"], 91), ["location", "lat"], "maximum"),
    ("project", _with(PROJECT, ["year"], "2015"), ["year"], "type"),
    ("report", _with(REPORT, ["period"], "2015-13"), ["period"], "pattern"),
    ("report", _with(REPORT, ["submitted_on"], datetime.date(2015, 4, 7)), ["submitted_on"], "type"),
    ("report", _with(REPORT, ["verified", "adjusted"], REMOVE), ["verified"], "required"),
    ("report", _with(REPORT, ["problems", 0, "escalated_on"], REMOVE), ["problems", 0], "required"),
    ("report", _with(REPORT, ["problems", 1, "category"], "weather"), ["problems", 1, "category"], "enum"),
    ("report", _with(REPORT, ["progress", "percent"], 120), ["progress", "percent"], "maximum"),
    ("report", _with(REPORT, ["corrections", 0, "field"], "progress.percent"), ["corrections", 0, "field"],
     "pattern"),
    ("briefing", {"unit": "zhou-jtj", "period": "2015-Q4", "submitted_on": "2016-01-08", "title": "报告"},
     ["period"], "pattern"),
    ("dispatch", _with(DISPATCH, ["kind"], "meeting"), ["kind"], "enum"),
    ("dispatch", _with(DISPATCH, ["findings", 0, "dimension"], "quality-safety"), ["findings", 0, "dimension"],
     "enum"),
    ("dispatch", _with(DISPATCH, ["summary"], "  "), ["summary"], "pattern"),
]


@pytest.mark.parametrize(("kind", "instance", "path", "keyword"), INVALID,
                         ids=[f"{k}-{i}" for i, (k, *_) in enumerate(INVALID)])
def test_invalid_instances_fail_at_the_right_place(
    kind: str, instance: Any, path: list[Any], keyword: str, registry: Registry
) -> None:
    assert _errors(kind, instance, registry) == [(path, keyword)]
