"""The strict loader: values never change meaning, refusals are named, every node keeps its line."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from generator.loading import yamlstrict
from generator.loading.yamlstrict import load_bytes, load_text


def codes(raw: bytes | str) -> list[tuple[int, str]]:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    _, problems = load_bytes("f.yaml", data)
    return sorted((p.line, p.code) for p in problems)


def value(text: str) -> object:
    doc, problems = load_text("f.yaml", text)
    assert problems == [], problems
    assert doc is not None
    return doc.data


def test_scalars_are_yaml_1_2_like() -> None:
    data = value(
        "a: 2015-02-16\nb: 0755\nc: 1:30\nd: 1.50\ne: 12\nf: -3\ng: true\nh: ~\ni:\nj: １２\nk: 1e3\n"
        "l: 0\nm: '2015'\nn: 08783369136\n"
    )
    assert data == {
        "a": "2015-02-16", "b": "0755", "c": "1:30", "d": Decimal("1.50"), "e": 12, "f": -3, "g": True,
        "h": None, "i": None, "j": "１２", "k": Decimal("1E+3"), "l": 0, "m": "2015", "n": "08783369136",
    }


def test_decimals_are_exact() -> None:
    data = value("x: 0.1\ny: 0.2\n")
    assert isinstance(data, dict)
    assert data["x"] + data["y"] == Decimal("0.3")


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Y", "N", "NO", "True", "FALSE"])
def test_yaml_1_1_booleans_are_refused(word: str) -> None:
    assert codes(f"a: 1\nb: {word}\n") == [(2, "yaml-ambiguous-bool")]


def test_quoted_yes_is_text() -> None:
    assert value('a: "no"\n') == {"a": "no"}


@pytest.mark.parametrize("text", [".inf", "-.Inf", ".NaN", "1e400"])
def test_non_finite_numbers_are_refused(text: str) -> None:
    assert codes(f"a: 1\nb: {text}\n") == [(2, "number-not-finite")]


def test_duplicate_key_names_the_second_line() -> None:
    doc, problems = load_text("f.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n")
    assert doc is None
    assert [(p.line, p.code, p.pointer) for p in problems] == [(4, "yaml-duplicate-key", "/b/c")]
    assert "第 3 行" in problems[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x 1\nb: *x\n", [(1, "yaml-anchor"), (2, "yaml-alias")]),
        ("a: &x {k: 1}\n", [(1, "yaml-anchor")]),
        ("a: {x: 1}\nb:\n  <<: {y: 2}\n", [(3, "yaml-merge-key")]),
        ("a: !!python/object:os.system 1\n", [(1, "yaml-tag")]),
        ("a: !custom x\n", [(1, "yaml-tag")]),
        ("a: !!timestamp 2015-01-01\n", [(1, "yaml-tag")]),
        ("a: 1\n---\nb: 2\n", [(2, "yaml-multi-document")]),
        ("a: [1, 2\nb: 3\n", [(2, "yaml-syntax")]),
        ("a: 1\nname：x\n", [(2, "yaml-fullwidth-colon")]),
        ("a:\n  b: 1\n  c：2\n", [(3, "yaml-fullwidth-colon")]),
        ("a:\n\u3000b: 1\n", [(2, "yaml-fullwidth-space")]),
        ("a:\n\tb: 1\n", [(2, "yaml-tab-indent")]),
        ('a: "x\u202ey"\n', [(1, "text-control-char")]),
        ("a: 1\nb: \x07\n", [(2, "text-control-char")]),
        ("# only a comment\n", [(1, "yaml-empty")]),
        ("[1, 2]: x\n", [(1, "yaml-key")]),
    ],
)
def test_refusals_are_named_with_their_line(text: str, expected: list[tuple[int, str]]) -> None:
    assert codes(text) == expected


def test_explicit_str_tag_is_allowed() -> None:
    assert value("a: !!str 2015\n") == {"a": "2015"}


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "yaml-empty"),
        (b"   \n\n", "yaml-empty"),
        (b"\xef\xbb\xbfa: 1\n", "yaml-bom"),
        (b"\x00\x01\x02binary", "yaml-binary"),
        ("名称: 楚雄\n".encode("gbk"), "yaml-encoding"),
        (b"a: \xff\xfe\n", "yaml-encoding"),
    ],
)
def test_bytes_that_are_not_utf8_text(raw: bytes, code: str) -> None:
    assert codes(raw) == [(1, code)]


def test_gbk_is_named() -> None:
    _, problems = load_bytes("f.yaml", "a: 1\n名称: 楚雄\n".encode("gbk"))
    assert [(p.line, p.code) for p in problems] == [(2, "yaml-encoding")]
    assert "GBK" in problems[0].message


def test_deep_nesting_is_refused_without_crash() -> None:
    deep = "[" * 5000 + "]" * 5000
    assert codes("a: " + deep + "\n") == [(1, "yaml-too-deep")]
    nested = "".join("  " * i + "k:\n" for i in range(80))
    assert [c for _, c in codes(nested)] == ["yaml-too-deep"]


def test_every_node_keeps_its_line() -> None:
    doc, _ = load_text("f.yaml", "id: x\nproblems:\n  - id: p1\n    answer:\n      on: 2015-02-25\n")
    assert doc is not None
    assert doc.line_of(("problems", 0, "answer", "on")) == 5
    assert doc.line_of(("problems", 0, "id")) == 3
    assert doc.line_of(("problems", 0, "missing", "deeper")) == 3  # nearest ancestor
    assert doc.line_of(()) == 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_data_or_problems(raw: bytes) -> None:
    doc, problems = load_bytes("f.yaml", raw)
    assert (doc is None) == any(p.severity == "error" for p in problems)
    for p in problems:
        assert p.line >= 1 and p.code and p.message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!<>\"'#|\n\t\u3000：0123.e~")), max_size=120))
def test_any_yamlish_text_gives_data_or_problems(text: str) -> None:
    doc, problems = load_text("f.yaml", text)
    assert doc is not None or problems


def test_yaml_only_line_breaks_do_not_move_later_lines() -> None:
    """NEL, LS and PS are line breaks to YAML, not to editors: after the control-character finding, every
    line number is still an editor's (found by the property test: a tag after NEL was put on line 2)."""
    for sep in ("\x85", "\u2028", "\u2029"):
        _, found = load_text("f.yaml", f"a: 1{sep}!0\n")
        assert found and all(p.line == 1 for p in found), (repr(sep), found)


def test_lines_are_a_compact_mapping_shared_by_files_of_one_shape() -> None:
    import pickle

    one, _ = load_text("a.yaml", "a: 1\nb:\n  - x: 2\n    y: 3\n")
    two, _ = load_text("b.yaml", "\n\na: 5\nb:\n  - x: 6\n    y: 7\n")
    assert one is not None and two is not None
    assert dict(one.lines) == {(): 1, ("a",): 1, ("b",): 2, ("b", 0): 3, ("b", 0, "x"): 3, ("b", 0, "y"): 4}
    assert two.lines[("b", 0, "y")] == 6 and two.line_of(("b", 0, "y", "deeper")) == 6
    assert one.lines.get(("nope",)) is None and len(two.lines) == 6 and ("a",) in one.lines
    assert one.lines._shape is two.lines._shape  # type: ignore[attr-defined]
    back = pickle.loads(pickle.dumps(two))
    assert dict(back.lines) == dict(two.lines) and back.lines._shape is one.lines._shape


# ---------------------------------------------------------------- shortcuts taken for speed change nothing


def _built(text: str, general: bool) -> str:
    """What the builder makes of a text (value, lines, wide decimals, problems) as one comparable string.
    `general` is the path a text with a "*" takes: every node through build(), alias checks on; otherwise
    scalars in mappings are built inline."""
    try:
        loader = yamlstrict._Composer(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return "syntax"
    builder = yamlstrict._Builder("f.yaml", check_aliases=general)
    data = builder.build(node, (), 0) if node is not None else None
    return repr((data, builder.lines, builder.wide, builder.findings))


def _nested(depth: int) -> str:
    return "{a: " * depth + '{s: x, n: 1.505, i: 3, q: "y\\x01", t: true, y: yes, l: [1]}' + "}" * depth


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}\"'#|>\n0123.5e~&!\\x\x07\u202e楚yn")), max_size=150))
@example(_nested(yamlstrict.MAX_DEPTH - 1)).via("the deepest mapping whose scalars are built inline")
@example(_nested(yamlstrict.MAX_DEPTH + 1))
def test_scalars_built_inline_are_built_as_the_general_path_builds_them(text: str) -> None:
    """(One difference is older than the shortcut and kept: a mapping at the greatest depth keeps its plain
    text inline, where the general path finds it one level too deep.)"""
    assert _built(text, general=False) == _built(text, general=True)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[-+]?(0|[1-9][0-9]{0,31})(\.[0-9]{0,32})?([eE][-+]?[0-9]{1,2})?", fullmatch=True))
def test_decimal_places_are_read_off_the_text_as_decimal_counts_them(number: str) -> None:
    """More than two decimal places (money-precision) is decided from the text for short numbers; the rule
    is Decimal's: trailing zeros do not count, rounding to 28 digits and exponents do."""
    doc, _ = load_text("f.yaml", f"x: {number}\n")
    assume(doc is not None and isinstance(doc.data["x"], Decimal))
    exponent = Decimal(number).normalize().as_tuple().exponent
    assert (("x",) in doc.wide_decimals) == (isinstance(exponent, int) and exponent < -2)


@given(st.text(alphabet=st.sampled_from(list("&*!<a \n楚")), max_size=30))
def test_anchor_alias_tag_and_merge_suspects_are_those_the_expression_finds(text: str) -> None:
    assert yamlstrict._suspect(text) == bool(re.search(r"[&*!]|<<", text))
