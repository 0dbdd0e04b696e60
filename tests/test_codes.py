"""The catalogue is the single source of finding codes, and every code has a stage or rule that declares it."""

from __future__ import annotations

import importlib
import pkgutil
import re

import generator
from generator.core.codes import CODES, EMITTERS
from generator.rules import RULES, cross_file
from generator.site.views.reference import codes_page


def _import_everything() -> None:
    for info in pkgutil.walk_packages(generator.__path__, "generator."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)


def test_every_catalogued_code_is_declared_by_an_emitter() -> None:
    _import_everything()
    declared = {code for e in EMITTERS.values() for code in e.codes}
    assert sorted(set(CODES) - declared) == []


def test_every_rule_is_an_emitter_with_a_docstring() -> None:
    _import_everything()
    assert RULES, "no rule registered"
    for name, r in RULES.items():
        assert EMITTERS[f"rules.{name}"].codes == r.codes
        assert r.codes and r.doc, name


def test_every_code_is_documented_on_the_code_page() -> None:
    page = codes_page()
    for code, entry in CODES.items():
        assert f"<code>{code}</code>" in page, code
        assert entry.title in page, code


def test_an_undeclared_code_fails_loudly() -> None:
    from generator.core.codes import Emitter

    try:
        Emitter("test", ("yaml-syntax",))("yaml-bom", "data/x.yaml", 1, "…")
    except AssertionError as exc:
        assert "yaml-bom" in str(exc)
    else:
        raise AssertionError("an undeclared code was accepted")


def test_rules_run_over_an_empty_repository(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from generator.core.paths import RepoPaths
    from generator.loading.files import load

    (tmp_path / "data").mkdir()
    assert [f.code for f in cross_file(load(RepoPaths(tmp_path), jobs=1))] == []


def test_codes_are_kebab_case_with_chinese_text() -> None:
    for code, entry in CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", code), code
        assert entry.severity in ("error", "warning")
        assert re.search(r"[\u4e00-\u9fff]", entry.title), code
        assert re.search(r"[\u4e00-\u9fff]", entry.description), code
