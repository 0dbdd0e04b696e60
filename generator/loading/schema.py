"""JSON Schema checks with Chinese messages that point at the line.

Validators are built once per kind (building is the expensive part). Our own keywords, which jsonschema and
fastjsonschema ignore: `x-max-decimals` (jsonschema's `multipleOf` is wrong for decimals stored as binary
floats, and money is exact here), `x-enum-titles` (the Chinese name of every enum value) and `x-code` (the
finding a failing `pattern` or `format` of that subschema means: a date, an id, a month). Each failing
keyword has its own small message function (MESSAGES, BY_CODE).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.core.codes import emitter
from generator.core.findings import Finding, pointer_of
from generator.core.paths import PACKAGE_ROOT
from generator.loading.yamlstrict import Doc

emit = emitter("loading.schema", codes=("field-missing", "field-unknown", "type-mismatch", "value-not-allowed", "date-invalid", "id-invalid", "month-invalid", "number-out-of-range", "money-precision", "text-too-long", "text-empty", "list-too-long", "schema-invalid"))


KINDS = ("config", "year", "counties", "units", "posts", "project", "report", "briefing", "dispatch")

_TYPE_NAMES = {
    "string": "文字", "number": "数字", "integer": "整数", "boolean": "true 或 false",
    "object": "若干字段（键: 值）", "array": "列表（每项以“- ”开头）", "null": "空（null）",
}


def _max_decimals(validator: Any, limit: int, instance: Any, schema: dict[str, Any]) -> Any:
    if isinstance(instance, Decimal) and instance.is_finite():
        exponent = instance.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > limit:
            yield ValidationError(f"more than {limit} decimals")


_DOLLAR = re.compile(r"(?<!\\)\$")


def python_pattern(pattern: str) -> str:
    """A schema pattern as Python must read it: JSON Schema (ECMA-262) `$` is the end of the text, Python's
    also matches before a final line break, which let `id: "2015-qq-01\\n"` pass."""
    return _DOLLAR.sub(r"\\Z", pattern)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(python_pattern(pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Any:
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"x-max-decimals": _max_decimals, "pattern": _pattern})


def schema_dir() -> Path:
    return PACKAGE_ROOT / "schemas"


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(schema_dir().glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def _common() -> dict[str, Any]:
    return _schema("common")


@cache
def _schema(kind: str) -> dict[str, Any]:
    return dict(json.loads((schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8")))


@cache
def validator(kind: str) -> Any:
    return _Validator(_schema(kind), registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def schema_nodes(kind: str) -> tuple[tuple[tuple[str, ...], dict[str, Any]], ...]:
    """Every subschema of a kind with the data path it applies to ("*" for list items), following $ref;
    a subschema beside a $ref comes before the shared one behind it (so the field's own title wins)."""
    out: list[tuple[tuple[str, ...], dict[str, Any]]] = []

    def walk(node: Any, at: tuple[str, ...], base: Any, depth: int) -> None:
        if not isinstance(node, dict) or depth > 40:
            return
        out.append((at, node))
        ref = node.get("$ref")
        if isinstance(ref, str):
            resolved = base.lookup(ref)
            walk(resolved.contents, at, resolved.resolver, depth + 1)
        for key, sub in node.get("properties", {}).items():
            walk(sub, (*at, key), base, depth + 1)
        if "items" in node:
            walk(node["items"], (*at, "*"), base, depth + 1)
        for keyword in ("anyOf", "oneOf", "allOf"):
            for sub in node.get(keyword, []):
                walk(sub, at, base, depth + 1)
        for keyword in ("then", "else"):
            walk(node.get(keyword), at, base, depth + 1)

    walk(_schema(kind), (), _registry().resolver(base_uri=f"{kind}.schema.json"), 0)
    return tuple(out)


@cache
def titles(kind: str) -> dict[tuple[str, ...], str]:
    """Chinese title of every field, by path with "*" for list items. The title written beside a `$ref`
    (the field's own) wins over the shared type's title behind it."""
    out: dict[tuple[str, ...], str] = {}
    for at, node in schema_nodes(kind):
        if isinstance(node.get("title"), str):
            out.setdefault(at, node["title"])
    return out


def title_of(kind: str, at: tuple[Any, ...]) -> str | None:
    return titles(kind).get(tuple("*" if isinstance(p, int) else str(p) for p in at))


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:40] + "…"
        return f"“{text}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "若干字段"
    if isinstance(value, list):
        return f"一个 {len(value)} 项的列表"
    return str(value)


def where(path: tuple[Any, ...]) -> str:
    """A path as staff read it: problems › 第 1 项 › answer."""
    return " › ".join(f"第 {p + 1} 项" if isinstance(p, int) else str(p) for p in path)


def _field(kind: str, path: tuple[Any, ...]) -> str:
    title = title_of(kind, path)
    if not path:
        return "文件内容"
    shown = where(path)
    return f"“{shown}”（{title}）" if title else f"“{shown}”"


def _describe_type(expected: Any) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    return "或".join(_TYPE_NAMES.get(str(k), str(k)) for k in kinds)


def _leaf(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf (nullable fields), the most relevant branch's error."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        non_null = [e for e in error.context if e.validator != "type" or e.validator_value != "null"]
        chosen = best_match(non_null or error.context)
        if chosen is None:
            break
        error = chosen
    return error


# ---------------------------------------------------------------- suggestions: what to write instead

_DATE_FORMS = re.compile(r"^\s*([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?\s*$")
_MONTH_FORMS = re.compile(r"^\s*([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*月?(?:份)?\s*$")
_NUMBER_FORMS = re.compile(r"^\s*([-+]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*(亿元|亿|万元|万|元|%)?\s*$")
_YES = {"是", "对", "有", "公开", "已完成", "完成"}
_NO = {"否", "不", "错", "无", "不公开", "未完成"}


def _plain_text(value: str) -> str:
    """Full-width digits, letters and punctuation as their ASCII forms (１２ → 12, ／ → /, ： → :)."""
    return unicodedata.normalize("NFKC", value).replace("\u3000", " ")


def suggest_date(value: Any) -> str | None:
    """2015/3/8, 2015年3月8日, 2015.3.8, ２０１５-３-８ → 2015-03-08, when that day exists."""
    m = _DATE_FORMS.match(_plain_text(value)) if isinstance(value, str) else None
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def suggest_month(value: Any) -> str | None:
    m = _MONTH_FORMS.match(_plain_text(value)) if isinstance(value, str) else None
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{m.group(1)}-{int(m.group(2)):02d}"


def suggest_number(value: Any) -> tuple[str, str] | None:
    """(the number to write, why) for text that is a number in disguise: quoted, full-width, with thousands
    separators or a unit. 亿元 becomes 万元."""
    if not isinstance(value, str):
        return None
    m = _NUMBER_FORMS.match(_plain_text(value))
    if not m:
        return None
    try:
        number = Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    unit = m.group(2) or ""
    if unit.startswith("亿"):
        number *= 10000
        return format(number.normalize(), "f"), f"金额单位是万元：{value.strip()}要换算成万元"
    if value != value.strip() or unit or "," in m.group(1):
        return format(number, "f"), "只写数字，不带单位、逗号或空格"
    if _plain_text(value) != value:
        return format(number, "f"), "数字要用半角（英文输入法）数字"
    return format(number, "f"), "数字不要加引号"


def _type_hint(expected: Any, value: Any) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    if ("number" in kinds or "integer" in kinds) and (found := suggest_number(value)):
        return f"{found[1]}，请改成 {found[0]}。"
    if "boolean" in kinds and isinstance(value, str) and value.strip() in _YES | _NO:
        word = "true" if value.strip() in _YES else "false"
        return f"是/否只能写 true（是）或 false（否），请改成 {word}。"
    if "object" in kinds and isinstance(value, str) and re.match(r"^[A-Za-z_]+:[^ ]", value):
        key, rest = value.split(":", 1)
        return f"冒号后面要加一个空格，并另起一行缩进两格：{key}: {rest}。"
    if "string" in kinds and isinstance(value, int | Decimal) and not isinstance(value, bool):
        return "如果这是编号或文字，请加引号。"
    return ""


def _enum_hint(options: list[Any], titles: dict[str, str], value: Any) -> str:
    if not isinstance(value, str):
        return ""
    text = _plain_text(value).strip()
    for option in options:
        if text == titles.get(option) or (isinstance(option, str) and text.lower() == option.lower()):
            return f"“{value}”请写成 {option}。"
    return ""


def suggest_id(value: Any) -> str | None:
    """An id with spaces around it, upper-case letters or full-width characters, written as it should be."""
    if not isinstance(value, str):
        return None
    fixed = _plain_text(value).strip().lower().replace("_", "-").replace(" ", "-")
    return fixed if fixed != value and re.match(_common()["$defs"]["id"]["pattern"], fixed) else None


# ---------------------------------------------------------------- messages: one small function per failure

@dataclass(frozen=True)
class _Failure:
    """One schema error (for anyOf/oneOf, its most relevant branch) as the message functions need it."""

    kind: str  # the file's kind, for field titles
    path: str
    doc: Doc
    at: tuple[Any, ...]  # where the value is; walks up through anyOf parents
    validator: Any  # the failing keyword
    expected: Any  # the keyword's value in the schema
    value: Any
    schema: dict[str, Any]  # the failing subschema

    @property
    def field(self) -> str:
        return _field(self.kind, self.at)

    def emit(self, code: str, message: str) -> Finding:
        return emit(code, self.path, self.doc.line_of(self.at), message, pointer_of(self.at))


def _failure(kind: str, path: str, doc: Doc, error: ValidationError) -> _Failure:
    error = _leaf(error)
    schema = error.schema if isinstance(error.schema, dict) else {}
    return _Failure(kind, path, doc, tuple(error.absolute_path), error.validator, error.validator_value,
                    error.instance, schema)


def _required(f: _Failure) -> Finding:
    missing = [name for name in f.expected if isinstance(f.value, dict) and name not in f.value]
    name = missing[0] if missing else ""
    sub_title = title_of(f.kind, (*f.at, name))
    title = f"（{sub_title}）" if sub_title else ""
    under = f"在{f.field}下" if f.at else ""
    return emit("field-missing", f.path, f.doc.line_of(f.at),
                f"{under}缺少必填字段“{name}”{title}。请补上这一项。", pointer_of((*f.at, name)))


def _unknown_field(f: _Failure) -> Finding:
    allowed = set(f.schema.get("properties", {}))
    extra = [k for k in f.value if k not in allowed] if isinstance(f.value, dict) else []
    key = str(extra[0]) if extra else ""
    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    hint = f"是不是想写“{close[0]}”？" if close else f"这一层可用的字段有：{'、'.join(sorted(allowed)[:15])}。"
    return emit("field-unknown", f.path, f.doc.line_of((*f.at, key)),
                f"数据规范里没有字段“{key}”，多半是拼写错误。{hint}", pointer_of((*f.at, key)))


def _wrong_type(f: _Failure) -> Finding:
    return f.emit("type-mismatch", f"{f.field}应填{_describe_type(f.expected)}，实际填的是{_show(f.value)}。"
                                   f"{_type_hint(f.expected, f.value)}")


def _not_allowed(f: _Failure) -> Finding:
    options = f.expected if f.validator == "enum" else [f.expected]
    titles = f.schema.get("x-enum-titles", {})
    shown = "、".join(f"{o}（{titles[o]}）" if o in titles else str(o) for o in options)
    return f.emit("value-not-allowed", f"{f.field}不能填{_show(f.value)}，只能填以下之一："
                                       f"{shown}。{_enum_hint(options, titles, f.value)}")


def _bad_date(f: _Failure) -> Finding:
    fixed = suggest_date(f.value)
    if fixed:
        return f.emit("date-invalid", f"{f.field}填的是{_show(f.value)}。日期要写成 YYYY-MM-DD（月、日不足两位前面补 0，"
                                      f"半角数字），请改成 {fixed}。")
    return f.emit("date-invalid", f"{f.field}填的是{_show(f.value)}，不是有效日期。请写成 YYYY-MM-DD，例如 2015-03-08，"
                                  "并确认这一天真实存在。")


def _bad_id(f: _Failure) -> Finding:
    fixed = suggest_id(f.value)
    return f.emit("id-invalid", f"{f.field}填的是{_show(f.value)}。编号只能用小写英文字母、数字和“-”，2 到 64 个字符，"
                                "不能有空格、斜杠或中文。" + (f"请改成 {fixed}。" if fixed else ""))


def _bad_month(f: _Failure) -> Finding:
    fixed = suggest_month(f.value)
    return f.emit("month-invalid", f"{f.field}填的是{_show(f.value)}。月份请写成 YYYY-MM，例如 2015-03。"
                                   + (f"请改成 {fixed}。" if fixed else ""))


_RELATIONS = {"minimum": "不能小于", "exclusiveMinimum": "必须大于", "maximum": "不能大于", "exclusiveMaximum": "必须小于"}


def _out_of_range(f: _Failure) -> Finding:
    relation = f"{_RELATIONS[f.validator]} {f.expected}"
    return f.emit("number-out-of-range", f"{f.field}填的是 {_show(f.value)}，{relation}。")


def _too_many_decimals(f: _Failure) -> Finding:
    places = int(f.expected)
    rounded = f.value.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP") \
        if isinstance(f.value, Decimal) else f.value
    return f.emit("money-precision", f"{f.field}填的是 {_show(f.value)}，最多保留 {f.expected} 位小数（单位：万元）。"
                                     f"请四舍五入为 {rounded}；如果是按元填写的，请换算成万元。")


def _text_too_long(f: _Failure) -> Finding:
    return f.emit("text-too-long", f"{f.field}有 {len(f.value)} 个字，超过上限 {f.expected} 个字。请精简。")


def _text_empty(f: _Failure) -> Finding:
    return f.emit("text-empty", f"{f.field}不能是空文字。")


def _list_too_long(f: _Failure) -> Finding:
    return f.emit("list-too-long", f"{f.field}有 {len(f.value)} 项，超过上限 {f.expected} 项。")


def _other(f: _Failure) -> Finding:
    described = str(f.schema.get("description") or "")
    return f.emit("schema-invalid", f"{f.field}填的是{_show(f.value)}，不符合要求。"
                                    + (f"说明：{described}" if described else "请对照数据规范检查这一项。"))


_Message = Callable[[_Failure], Finding]

# By failing keyword.
MESSAGES: dict[str, _Message] = {
    "required": _required, "additionalProperties": _unknown_field, "unevaluatedProperties": _unknown_field,
    "type": _wrong_type, "enum": _not_allowed, "const": _not_allowed,
    "minimum": _out_of_range, "exclusiveMinimum": _out_of_range, "maximum": _out_of_range,
    "exclusiveMaximum": _out_of_range, "x-max-decimals": _too_many_decimals,
    "maxLength": _text_too_long, "minLength": _text_empty,
    "maxItems": _list_too_long, "maxProperties": _list_too_long,
}
# A failing `pattern` or `format` means what the subschema's `x-code` says (a date, an id, a month);
# without one it is a plain schema-invalid with the field's description.
CODED_KEYWORDS = ("pattern", "format")
BY_CODE: dict[str, _Message] = {"date-invalid": _bad_date, "id-invalid": _bad_id, "month-invalid": _bad_month}


def _to_problem(kind_of_file: str, path: str, doc: Doc, error: ValidationError) -> Finding:
    f = _failure(kind_of_file, path, doc, error)
    code = f.schema.get("x-code") if f.validator in CODED_KEYWORDS else None
    message = BY_CODE.get(code) if isinstance(code, str) else MESSAGES.get(str(f.validator))
    return (message or _other)(f)


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _bundle(kind: str) -> dict[str, Any]:
    """The kind's schema as one draft-07 document: every subschema a `$ref` names in another file
    (common.schema.json's formats, config.schema.json's settings for a year file) copied into `$defs`."""
    defs: dict[str, Any] = {}

    def target(source: str, pointer: str) -> Any:
        node: Any = _schema(source)
        for part in filter(None, pointer.split("/")):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def rewrite(node: Any, source: str) -> Any:
        if isinstance(node, dict):
            out = {k: rewrite(v, source) for k, v in node.items()}
            if isinstance(out.get("pattern"), str):
                out["pattern"] = python_pattern(out["pattern"])  # fastjsonschema uses Python's re too
            ref = out.get("$ref")
            if isinstance(ref, str):
                name, _, pointer = ref.partition("#")
                file = name.removesuffix(".schema.json") if name else source
                if file != kind:
                    rest = pointer.removeprefix("/$defs/").strip("/").replace("/", "__")
                    local = f"{file}__{rest}"
                    if local not in defs:
                        defs[local] = {}  # taken before rewriting, so a definition may refer to itself
                        defs[local] = rewrite(target(file, pointer), file)
                    out["$ref"] = "#/$defs/" + local
            return out
        if isinstance(node, list):
            return [rewrite(v, source) for v in node]
        return node

    bundle = rewrite(_schema(kind), kind)
    bundle["$schema"] = "http://json-schema.org/draft-07/schema#"
    own = bundle.setdefault("$defs", {})
    own.update(defs)
    bundle["definitions"] = own  # draft-07's home for definitions; refs point at $defs, kept too
    return bundle


@cache
def fast_validator(kind: str) -> Any:
    """A compiled validator (fastjsonschema) for the common case, a valid file: about 20 times faster than
    jsonschema's interpreter. It only says yes or no; on no, jsonschema finds every error with its path.
    Our own keyword x-max-decimals is checked separately (fastjsonschema ignores unknown keywords)."""
    import fastjsonschema

    return fastjsonschema.compile(_bundle(kind), formats={"date": _is_date}, use_default=False)


@cache
def decimal_paths(kind: str) -> frozenset[tuple[str, ...]]:
    """Paths (with "*" for list items) whose schema limits decimals (x-max-decimals)."""
    return frozenset(at for at, node in schema_nodes(kind) if "x-max-decimals" in node)


def _decimals_ok(kind: str, doc: Doc) -> bool:
    """No number with more than two decimal places where the schema limits decimals (money)."""
    limited = decimal_paths(kind)
    return not any(tuple("*" if isinstance(p, int) else p for p in at) in limited for at in doc.wide_decimals)


HUGE_LIST = 10_000  # far above every maxItems of the schemas (the largest is 1,000)


def _huge_lists(path: str, doc: Doc) -> list[Finding]:
    """Lists so long that no data file can mean them (a pasted column, a generated file)."""
    out: list[Finding] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), doc.data)]
    while stack:
        at, value = stack.pop()
        if isinstance(value, list):
            if len(value) > HUGE_LIST:
                out.append(emit("list-too-long", path, doc.line_of(at),
                                   f"{_field_plain(at)}有 {len(value):,} 项，远超数据规范允许的项数。"
                                   "请检查是否误粘贴了整列数据；每个文件只写一个项目或一份报表。", pointer_of(at)))
                continue
            stack.extend(((*at, i), v) for i, v in enumerate(value))
        elif isinstance(value, dict):
            stack.extend(((*at, k), v) for k, v in value.items())
    return sorted(out, key=lambda p: p.line)


def _field_plain(at: tuple[Any, ...]) -> str:
    return f"“{where(at)}”" if at else "文件内容"


def validate_doc(kind: str, path: str, doc: Doc) -> list[Finding]:
    """All schema problems of one loaded file, each at its line."""
    import fastjsonschema

    try:
        fast_validator(kind)(doc.data)
        if _decimals_ok(kind, doc):
            return []
    except fastjsonschema.JsonSchemaException:
        pass
    huge = _huge_lists(path, doc)
    if huge:
        return huge  # jsonschema would check every item first: seconds per hundred thousand
    errors = validator(kind).iter_errors(doc.data)
    out = [_to_problem(kind, path, doc, e) for e in errors]
    return sorted(set(out), key=lambda p: (p.line, p.code, p.pointer))
