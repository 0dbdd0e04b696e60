"""A strict YAML loader for staff-edited files.

PyYAML's defaults are YAML 1.1: `no` is False, `2015-02-16` is a date, `0755` is 493, duplicate keys
silently keep the last value. Staff data must never change meaning on the way in, so this loader composes
the node graph with libyaml (C) under its own resolver table, then builds plain Python values itself:
dicts, lists, str, int, Decimal, bool, None. Every node's line is kept, keyed by its path, so that any
later problem can name `file:line`. See docs/design.md "Scalars" for the table.
"""

from __future__ import annotations

import dataclasses
import re
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from sys import intern
from typing import Any, ClassVar

import yaml
import yaml.cyaml

from generator.core.codes import emitter
from generator.core.findings import Finding, pointer_of

emit = emitter("loading.yamlstrict", codes=("yaml-empty", "yaml-bom", "yaml-binary", "yaml-encoding", "yaml-fullwidth-colon", "yaml-fullwidth-space", "yaml-tab-indent", "text-control-char", "yaml-alias", "yaml-anchor", "yaml-tag", "yaml-multi-document", "yaml-too-deep", "yaml-syntax", "yaml-key", "yaml-merge-key", "yaml-duplicate-key", "yaml-ambiguous-bool", "number-not-finite", "file-too-large"))


if not getattr(yaml, "__with_libyaml__", False):  # pragma: no cover - depends on the install
    raise ImportError(
        "PyYAML 缺少 libyaml（C 扩展）。请安装带 libyaml 的 PyYAML（pip 的二进制包自带）。"
        " PyYAML was built without libyaml; install a wheel that includes it."
    )

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_AMBIGUOUS_BOOL = "tag:sunshine,2026:ambiguous-bool"
_NON_FINITE = "tag:sunshine,2026:non-finite"

MAX_DEPTH = 64
MAX_DIGITS = 30  # digits of an integer; a decimal's exponent has the same bound
MAX_PIECES = 1_000_000  # commas plus lines; a 1 MiB file (the default limit) has at most about 520,000

_INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")


_RESOLVED: dict[str, str] = {}  # plain scalar → tag, of those an implicit type may start with; they repeat


class _Resolver(yaml.resolver.BaseResolver):
    """YAML-1.2-like implicit types; YAML 1.1 surprises get tags of their own so they can be refused.
    No path resolvers, so the per-node bookkeeping of BaseResolver is skipped."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is _ScalarNode:
            if implicit[0]:
                candidates = self.yaml_implicit_resolvers.get(value[:1])
                if candidates is None:
                    return _STR  # no implicit type starts so: most field names and all Chinese text
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = _STR
                    for candidate, regexp in candidates:
                        if regexp.match(value):
                            tag = candidate
                            break
                    if len(_RESOLVED) > 100_000:  # keys and common values repeat; keep the memo bounded
                        _RESOLVED.clear()
                    _RESOLVED[value] = tag
                return tag
            return _STR
        return _SEQ if kind is _SequenceNode else _MAP


    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012  # our own table, not YAML 1.1's


def _add(tag: str, regexp: str, first: str) -> None:
    _Resolver.add_implicit_resolver(tag, re.compile(regexp), list(first))


_add(_BOOL, r"^(?:true|false)$", "tf")
_add(_AMBIGUOUS_BOOL, r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|True|TRUE|False|FALSE)$",
     "yYnNoOtTfF")
_add(_NULL, r"^(?:~|null|Null|NULL)$", "~nN")
_Resolver.yaml_implicit_resolvers.setdefault("", []).append((_NULL, re.compile(r"^$")))
_add(_INT, r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789")
_add(_FLOAT, r"^[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", "-+0123456789.")
_add(_NON_FINITE, r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.")


_CParser: Any = yaml.cyaml.CParser  # type: ignore[attr-defined]
_ScalarNode, _SequenceNode = yaml.ScalarNode, yaml.SequenceNode


class _Composer(_CParser, _Resolver):
    def __init__(self, stream: str) -> None:
        _CParser.__init__(self, stream)


class Lines(Mapping[Path, int]):
    """The line of every node of a file, keyed by path, stored compactly: the paths of a file are its *shape*,
    shared by every file of the same shape (most reports have one of a few dozen), and the lines an array.
    A repository of 130,000 files kept a dict with a tuple per node for each: about 4 KB a file."""

    __slots__ = ("_lines", "_shape")

    def __init__(self, shape: _Shape, lines: array[int]) -> None:
        self._shape, self._lines = shape, lines

    @classmethod
    def of(cls, lines: dict[Path, int]) -> Lines:
        return cls(_Shape.of(tuple(lines)), array("I", lines.values()))

    def __getitem__(self, path: Path) -> int:
        return self._lines[self._shape.index[path]]

    def get(self, path: Path, default: Any = None) -> Any:  # the hot path of Doc.line_of
        i = self._shape.index.get(path)
        return default if i is None else self._lines[i]

    def __iter__(self) -> Iterator[Path]:
        return iter(self._shape.paths)

    def __len__(self) -> int:
        return len(self._lines)

    def __reduce__(self) -> tuple[Any, ...]:  # worker processes send lines back: shapes are shared again here
        return _lines_of, (self._shape.paths, self._lines)


def _lines_of(paths: tuple[Path, ...], lines: array[int]) -> Lines:
    return Lines(_Shape.of(paths), lines)


class _Shape:
    """The paths of a file in order, and the position of each; one object per distinct shape."""

    __slots__ = ("index", "paths")
    known: ClassVar[dict[tuple[Path, ...], _Shape]] = {}
    LIMIT = 100_000  # distinct shapes kept; beyond (a hostile repository of unique files) each file has its own

    def __init__(self, paths: tuple[Path, ...]) -> None:
        self.paths = paths
        self.index = {p: i for i, p in enumerate(paths)}

    @classmethod
    def of(cls, paths: tuple[Path, ...]) -> _Shape:
        shape = cls.known.get(paths)
        if shape is None:
            shape = cls(paths)
            if len(cls.known) < cls.LIMIT:
                cls.known[paths] = shape
        return shape


@dataclass(frozen=True)
class Doc:
    """A loaded file: its value and the line of every node, keyed by path."""

    data: Any
    lines: Mapping[Path, int]
    wide_decimals: tuple[Path, ...] = ()  # paths of numbers with more than two decimal places

    def line_of(self, path: Path) -> int:
        """Line of the node at `path`, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            line = self.lines.get(p)
            if line is not None:
                return line
            p = p[:-1]
        return self.lines.get((), 1)


# Text checks that the YAML parser reports badly or not at all.
_TEXT_RE = re.compile(
    r"(?P<fwcolon>^[ \t\u3000]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_-]*[ \t\u3000]*：)"
    r"|(?P<ideo>^ *\u3000)"
    r"|(?P<tab>^ *\t)",
    re.M,
)
# C0 controls, DEL, NEL and the Unicode line/paragraph separators (YAML counts them as line breaks, editors
# do not, so every later line number would be off), zero-width space, a BOM inside the text, and the
# bidirectional marks and overrides ("Trojan Source").
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u061c\u200b\u200e\u200f\u2028\u2029"
                         "\u202a-\u202e\u2066-\u2069\ufeff]")


def _suspect(text: str) -> bool:
    """Whether the text may hold an anchor, alias, tag or merge key (&, *, ! or <<): four substring searches
    cost a fifth of one regular expression over the text, which runs for every file."""
    return "&" in text or "*" in text or "!" in text or "<<" in text


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def decode(path: str, raw: bytes) -> tuple[str | None, list[Finding]]:
    """Bytes to text, refusing what is not plain UTF-8 text."""
    if not raw.strip():
        return None, [emit("yaml-empty", path, 1, "文件是空的。请按数据规范填写内容，或删除这个文件。")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [emit("yaml-bom", path, 1,
                              "文件开头有 BOM 标记（UTF-8 with BOM）。请另存为“UTF-8（无 BOM）”编码。")]
    if b"\x00" in raw:
        return None, [emit("yaml-binary", path, 1,
                              "这不是文本文件（含有二进制内容）。请确认上传的是 .yaml 文本文件。")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "看起来是 GBK/GB18030 编码（常见于记事本或 WPS 默认保存）。"
        except UnicodeDecodeError:
            pass
        return None, [emit("yaml-encoding", path, line,
                              f"文件不是 UTF-8 编码。{hint}请用 UTF-8 编码另存后再提交。")]
    return text, []


def text_problems(path: str, text: str) -> list[Finding]:
    """Mistakes typical of Chinese keyboards and word processors, named as such."""
    out: list[Finding] = []
    suspects = "：" in text or "\u3000" in text or "\t" in text
    for m in _TEXT_RE.finditer(text) if suspects else ():
        line = _line_at(text, m.start())
        if m.lastgroup == "fwcolon":
            out.append(emit("yaml-fullwidth-colon", path, line,
                               "字段名后面用了中文全角冒号“：”。请改成英文半角冒号“:”，并在冒号后加一个空格。"))
        elif m.lastgroup == "ideo":
            out.append(emit("yaml-fullwidth-space", path, line,
                               "行首缩进用了中文全角空格。请删除后改用英文半角空格缩进（每层两个空格）。"))
        else:
            out.append(emit("yaml-tab-indent", path, line,
                               "行首缩进用了 Tab 制表符。YAML 只能用空格缩进，请改成空格（每层两个空格）。"))
    out.extend(control_problems(path, text))
    return out


def control_problems(path: str, text: str) -> list[Finding]:
    """The first invisible control or direction character, for YAML and Markdown alike."""
    control = _CONTROL_RE.search(text)
    if not control:
        return []
    return [emit("text-control-char", path, _line_at(text, control.start()),
                    f"含有不可见的控制字符或文字方向控制符（U+{ord(control.group()):04X}）。"
                    "请删除它（常见于从网页或 Word 复制的文字）。")]


def _events_problems(path: str, text: str) -> list[Finding]:
    """Precise check for anchors, aliases and tags, run only when the text contains &, *, ! or <<."""
    out: list[Finding] = []
    try:
        events: Any = yaml.parse(text, Loader=yaml.CSafeLoader)
        for ev in events:
            line = ev.start_mark.line + 1
            if isinstance(ev, yaml.AliasEvent):
                out.append(emit("yaml-alias", path, line,
                                   f"不允许使用别名引用“*{ev.anchor}”。请把要重复的内容直接写出来。"))
            elif getattr(ev, "anchor", None):
                out.append(emit("yaml-anchor", path, line,
                                   f"不允许使用锚点“&{ev.anchor}”。请删除它，需要重复的内容直接写出来。"))
            tag = getattr(ev, "tag", None)
            if tag and isinstance(ev, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent):
                implicit = ev.implicit if isinstance(ev, yaml.ScalarEvent) else (ev.implicit,)
                if not any(implicit) and tag not in (_STR, "!"):
                    out.append(emit("yaml-tag", path, line,
                                       f"不允许使用类型标签“{tag}”。请删除它，直接写值；文字可以加引号。"))
    except yaml.YAMLError:
        pass  # the composer reports syntax errors
    return out


def _mark_line(exc: yaml.MarkedYAMLError) -> int:
    mark: Any = exc.problem_mark or exc.context_mark
    return int(mark.line) + 1 if mark is not None else 1


def _syntax_problem(path: str, exc: yaml.YAMLError) -> Finding:
    line = _mark_line(exc) if isinstance(exc, yaml.MarkedYAMLError) else 1
    what = str(getattr(exc, "problem", "") or "")
    if "expected a single document" in what or "but found another document" in what:
        return emit("yaml-multi-document", path, line,
                       "一个文件里只能有一份数据，但这里出现了第二份（“---” 分隔）。请删除多余部分或拆成两个文件。")
    if "maximum nesting depth" in what:
        return emit("yaml-too-deep", path, line, "嵌套层数太深。数据规范里最多只有几层，请检查缩进。")
    if "cannot start any token" in what and "\\t" in what:
        return emit("yaml-tab-indent", path, line,
                       "这里用了 Tab 制表符。YAML 只能用空格缩进，请改成空格（每层两个空格）。")
    if "special characters are not allowed" in what or "unacceptable character" in what:
        return emit("text-control-char", path, line, "含有不允许的控制字符。请删除它（常见于从网页或 Word 复制的文字）。")
    return emit("yaml-syntax", path, line,
                   "YAML 格式错误（常见原因：缩进不齐、冒号后缺空格、引号没有配对、列表项前缺“- ”）。"
                   "请对照上一条正确的记录检查这一行及上一行。")


class _Builder:
    """Builds plain values from the composed node graph, recording each node's line by path.

    Hot path: most nodes are plain strings in mappings, handled inline."""

    def __init__(self, path: str, check_aliases: bool) -> None:
        self.path = path
        self.lines: dict[Path, int] = {}
        self.findings: list[Finding] = []
        self.seen: set[int] | None = set() if check_aliases else None  # no "*" in the text: no alias possible
        self.wide: list[Path] = []  # decimals with more than two places, for the money check

    def bad(self, code: str, node: yaml.Node, message: str, at: Path) -> None:
        self.findings.append(emit(code, self.path, node.start_mark.line + 1, message, pointer_of(at)))

    def build(self, node: yaml.Node, at: Path, depth: int) -> Any:
        if self.seen is not None:
            if id(node) in self.seen:
                self.bad("yaml-alias", node, "不允许使用别名引用（*）。请把要重复的内容直接写出来。", at)
                return None
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.bad("yaml-too-deep", node, f"嵌套超过 {MAX_DEPTH} 层。数据规范里最多只有几层，请检查缩进。", at)
            return None
        cls = type(node)
        if cls is _ScalarNode:
            return self.scalar(node, at)  # type: ignore[arg-type]
        lines = self.lines
        if cls is _SequenceNode:
            if node.tag != _SEQ:
                self.bad("yaml-tag", node, f"不允许使用类型标签“{node.tag}”。请删除它。", at)
            items = []
            for i, item in enumerate(node.value):
                sub = (*at, i)
                lines[sub] = item.start_mark.line + 1
                items.append(self.build(item, sub, depth + 1))
            return items
        if node.tag != _MAP:
            self.bad("yaml-tag", node, f"不允许使用类型标签“{node.tag}”。请删除它。", at)
        out: dict[str, Any] = {}
        # most values are scalars, built here rather than by a call to build(), when no alias can reach them
        # (build() would check that) and, but for plain text, when they are not too deep (it checks that too)
        unseen = self.seen is None
        shallow = unseen and depth < MAX_DEPTH
        for key_node, value_node in node.value:
            if type(key_node) is not _ScalarNode:
                self.bad("yaml-key", key_node, "字段名必须是简单的文字，不能是列表或嵌套内容。", at)
                continue
            key = intern(key_node.value)  # the same few dozen field names in every file: one string each
            style = key_node.style
            if style == '"' and _CONTROL_RE.search(key):
                self.bad("text-control-char", key_node, "字段名的引号里有转义得到的不可见控制字符。请删除它。", at)
                continue
            if key_node.tag not in _KEY_TAGS:
                self.bad("yaml-tag", key_node, f"字段名不允许带类型标签“{key_node.tag}”。", at)
                continue
            if key == "<<" and not style:
                self.bad("yaml-merge-key", key_node, "不允许使用合并键“<<”。请把要合并的字段直接写出来。", at)
                continue
            sub = (*at, key)
            if key in out:
                self.bad("yaml-duplicate-key", key_node,
                         f"字段“{key}”重复出现（第一次在第 {lines.get(sub, 0)} 行）。同一层里每个字段只能写一次，"
                         "请删除或合并其中一处。", sub)
                continue
            lines[sub] = key_node.start_mark.line + 1
            if unseen and type(value_node) is _ScalarNode and value_node.tag == _STR and value_node.style != '"':
                # (double quotes may hide escapes: scalar() checks the decoded text)
                value = value_node.value  # short values (ids, dates, enums) repeat across files: one string each
                out[key] = intern(value) if len(value) <= 16 else value
            elif shallow and type(value_node) is _ScalarNode:
                out[key] = self.scalar(value_node, sub)
            else:
                out[key] = self.build(value_node, sub, depth + 1)
        return out

    def scalar(self, node: yaml.ScalarNode, at: Path) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            if node.style == '"' and _CONTROL_RE.search(value):
                # "\u202E", "\x01", "\e" pass the raw-text scan as escapes and decode to the real thing
                char = _CONTROL_RE.search(value).group()  # type: ignore[union-attr]
                self.bad("text-control-char", node, f"引号里的转义写法（如 \\u202E、\\x01）得到了不可见的控制字符或"
                         f"文字方向控制符（U+{ord(char):04X}）。请删除它。", at)
            return intern(value) if len(value) <= 16 else value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value == "true"
        if tag == _AMBIGUOUS_BOOL:
            self.bad("yaml-ambiguous-bool", node,
                     f"“{value}”含义不明确。是/否请写 true 或 false（小写）；如果是文字，请加引号，例如 \"{value}\"。", at)
            return value
        if tag == _NON_FINITE:
            self.bad("number-not-finite", node, f"“{value}”不是有效数字。请填写具体数值。", at)
            return None
        if tag == _INT and _INT_RE.match(value):
            if len(value.lstrip("+-")) > MAX_DIGITS:  # int() refuses over 4,300 digits; no figure needs 30
                self.bad("number-not-finite", node, f"数字有 {len(value.lstrip('+-')):,} 位，超出可用数值范围。"
                         "请填写具体数值（以万元计）。", at)
                return None
            return int(value)
        if tag in (_FLOAT, _INT) and _FLOAT_RE.match(value):
            if len(value) <= 20 and "e" not in value and "E" not in value:
                # too few digits to be rounded or out of range: the places are those the text shows
                if len(value.partition(".")[2].rstrip("0")) > 2:
                    self.wide.append(at)
                return Decimal(value)
            try:
                number = Decimal(value)
            except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
                number = None
            if number is not None and number.is_finite() and abs(number.adjusted()) <= 30:
                exponent = number.normalize().as_tuple().exponent
                if isinstance(exponent, int) and exponent < -2:
                    self.wide.append(at)
                return number
            self.bad("number-not-finite", node, f"“{value}”超出可用数值范围。请填写具体数值（以万元计）。", at)
            return None
        self.bad("yaml-tag", node, f"不允许使用类型标签“{tag}”，或值“{value}”与标签不符。请删除标签，直接写值。", at)
        return value


_KEY_TAGS = frozenset({_STR, _INT, _NULL, _BOOL, _FLOAT, _AMBIGUOUS_BOOL, _NON_FINITE})


_YAML_ONLY_BREAKS_RE = re.compile("[\x85\u2028\u2029]")


def load_text(path: str, text: str) -> tuple[Doc | None, list[Finding]]:
    """Parse one document strictly. Returns (Doc or None, problems)."""
    if "\r" in text:
        # YAML reads CRLF and a lone CR as line breaks (and folds them to LF in values): normalise first, so
        # that the text checks below count lines as the parser and every editor do
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = text_problems(path, text)
    # the three are control characters to text_problems too: a text it found none in has none of them
    if any(p.code == "text-control-char" for p in out) and _YAML_ONLY_BREAKS_RE.search(text):
        # NEL, LS and PS are line breaks to YAML but not to editors: once reported (text-control-char above),
        # parse them as spaces so every later line number is still the one an editor shows
        text = _YAML_ONLY_BREAKS_RE.sub(" ", text)
    pieces = text.count(",") + text.count("\n")  # every node after the first follows a comma or a line break
    if pieces > MAX_PIECES:
        # each node costs a few hundred bytes while composing: refuse before parsing, not by running out of memory
        out.append(emit("file-too-large", path, 1,
                           f"文件里有约 {pieces:,} 个数据项或行，远超任何数据文件的需要（上限 {MAX_PIECES:,}）。"
                           "请检查是否误粘贴了大量内容；每个文件只写一个项目或一份报表。"))
        return None, out
    if _suspect(text):
        out.extend(_events_problems(path, text))
    try:
        loader = _Composer(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except MemoryError:
        out.append(emit("file-too-large", path, 1, "文件内容太多，超出了可以处理的范围。请检查是否误粘贴了大量内容。"))
        return None, out
    except yaml.YAMLError as exc:
        # a full-width colon, tab or stray character found above is the likely cause and says it better
        if not out:
            found = _syntax_problem(path, exc)
            last = text.count("\n") + (not text.endswith("\n"))  # the end of the text, as an editor numbers it
            out.append(dataclasses.replace(found, line=max(min(found.line, last), 1)))
        return None, out
    except RecursionError:
        out.append(emit("yaml-too-deep", path, 1, "嵌套层数太深。数据规范里最多只有几层，请检查缩进。"))
        return None, out
    if node is None:
        out.append(emit("yaml-empty", path, 1, "文件里没有数据（只有注释或空行）。请按数据规范填写内容。"))
        return None, out
    builder = _Builder(path, check_aliases="*" in text)
    builder.lines[()] = node.start_mark.line + 1
    data = builder.build(node, (), 0)
    # anchors, aliases and control characters found in the text are reported once, not again by the builder
    reported = {p.code for p in out} & {"yaml-alias", "yaml-tag", "text-control-char"}
    out.extend(p for p in builder.findings if p.code not in reported)
    if any(p.severity == "error" for p in out):
        # the structure cannot be trusted: later stages would only add confusing follow-up problems
        return None, out
    return Doc(data, Lines.of(builder.lines), tuple(builder.wide)), out


def load_bytes(path: str, raw: bytes) -> tuple[Doc | None, list[Finding]]:
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    return load_text(path, text)


# ---------------------------------------------------------------- writing


_PLAIN_RESOLVER = _Resolver()


def reads_as_text(value: str) -> bool:
    """Whether `value` written as a plain scalar resolves to a string under this loader's table (not a
    number, boolean, null or an ambiguous word): the test a writer needs before leaving it unquoted."""
    return _PLAIN_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR



class _DumpResolver(_Resolver):
    """Decides quoting when writing: a string is written plain exactly when this loader reads it back as
    that string. `on` is the one field name of the data model that YAML 1.1 calls a boolean; as a key it
    is read back as text, so it is written plain too (a value of exactly "on" is caught by the check in
    dump_yaml)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value == "on":
            return _STR
        return _Resolver.resolve(self, kind, value, implicit)


class _Dumper(yaml.CSafeDumper):
    yaml_implicit_resolvers = _Resolver.yaml_implicit_resolvers
    resolve = _DumpResolver.resolve
    descend_resolver = _Resolver.descend_resolver
    ascend_resolver = _Resolver.ascend_resolver

    def ignore_aliases(self, data: Any) -> bool:  # the loader refuses anchors and aliases
        return True


class _QuotingDumper(_Dumper):
    """The fallback when a value is exactly "on": quote every "on", keys included."""

    resolve = _Resolver.resolve


def _represent_decimal(dumper: Any, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = _FLOAT if "." in text else _INT
    return dumper.represent_scalar(tag, text)


def _represent_date(dumper: Any, value: Any) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR, value.isoformat())


for _cls in (_Dumper, _QuotingDumper):
    _cls.add_representer(Decimal, _represent_decimal)
    _cls.add_representer(__import__("datetime").date, _represent_date)


def dump_yaml(data: Any, header: str = "") -> str:
    """YAML text that this loader reads back to the same value: dates plain (2015-03-08), numbers exact.
    Raises ValueError rather than write anything it could not read back."""
    expected = _normalised(data)
    for dumper in (_Dumper, _QuotingDumper):
        text = header + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000,
                                  default_flow_style=False)
        doc, problems = load_text("<dump>", text)
        if doc is not None and not problems and doc.data == expected:
            return text
    raise ValueError(f"refusing to write YAML that does not read back the same: {problems}")


def _normalised(value: Any) -> Any:
    import datetime

    if isinstance(value, dict):
        return {str(k): _normalised(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalised(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return Decimal(repr(value))
    return value
