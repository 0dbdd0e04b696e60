"""The docs live with the code: every command and option is in the README, every path the docs name exists."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
import yaml

from generator.cli import build_parser
from generator.core.codes import CODES
from generator.labels import pointer_title

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "site_src/docs/guide").glob("*.md"))
DOCS = {name: (ROOT / name).read_text(encoding="utf-8")
        for name in ("README.md", "docs/design.md", "SECURITY.md", *GUIDE)}


def _commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _rows(command: str) -> str:
    """The README table rows of a command (a command may have several, e.g. validate and validate --base)."""
    return "\n".join(line for line in README.splitlines() if line.startswith(f"| `python -m generator {command} ")
                     or line.startswith(f"| `python -m generator {command}`"))


def _nested(name: str, parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    """A command and each of its subcommands (`import projects`), with their parsers."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(name, parser)]
    return [pair for a in subs for sub, p in a.choices.items() for pair in _nested(f"{name} {sub}", p)]


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_and_option_is_in_the_readme_table(command: str) -> None:
    assert _rows(command), f"README 的命令表里没有 python -m generator {command}"
    for name, parser in _nested(command, _commands()[command]):
        rows = _rows(name)
        assert rows, f"README 的命令表里没有 python -m generator {name}"
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in rows, f"{name} {option} 不在 README 的命令表里"


def test_global_options_are_described() -> None:
    for action in build_parser()._actions:
        for option in action.option_strings:
            if option.startswith("--") and option != "--help":
                assert f"`{option}" in README, option


_PATH = re.compile(r"(?<![\w./-])((?:\.github|\.ci|data|schemas|generator|site_src|tests|docs|scripts)/[\w./-]*[\w/])")


@pytest.mark.parametrize("name", sorted(DOCS))
def test_every_path_the_docs_name_exists(name: str) -> None:
    missing = []
    for match in _PATH.finditer(DOCS[name]):
        path = match.group(1)
        end = match.end()
        if DOCS[name][end:end + 1] in "<*{":  # a pattern such as data/reports/<YYYY-MM>/…
            continue
        if not (ROOT / path).exists():
            missing.append(path)
    assert missing == []


def test_every_test_security_md_cites_exists() -> None:
    """SECURITY.md proves each promise by naming tests: each name must be a test that exists."""
    missing = []
    for line in DOCS["SECURITY.md"].splitlines():
        module = None
        for match in re.finditer(r"`(tests/(\w+)\.py)?::(\w+)(\*?)`|`tests/(\w+)\.py::(\w+)(\*?)", line):
            if match.group(1):
                module = ROOT / match.group(1)
            name, wildcard = match.group(3), match.group(4)
            if module is None or not name:
                continue
            source = module.read_text(encoding="utf-8")
            pattern = rf"def {re.escape(name)}" + ("" if wildcard else r"\b")
            if not re.search(pattern, source):
                missing.append(f"{module.name}::{name}")
    assert missing == []


_ID_KEYS = ("by", "unit", "lead_unit", "escalated_to", "county", "leader_post", "chaired_by")


def _yaml_blocks(text: str) -> list[object]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def _values(node: object, key: str = "") -> list[tuple[str, object]]:
    if isinstance(node, dict):
        return [pair for k, v in node.items() for pair in _values(v, str(k))]
    if isinstance(node, list):
        return [pair for v in node for pair in _values(v, key)]
    return [(key, node)]


@pytest.mark.parametrize("name", GUIDE)
def test_the_guides_examples_name_what_exists(name: str) -> None:
    """A staff member copies the guide's examples: each unit, county or post it names is one in data/org/, each
    field a correction points at is a field of a report, each problem code is in the catalogue."""
    org = {kind: {e["id"] for e in yaml.safe_load((ROOT / f"data/org/{kind}.yaml").read_text(encoding="utf-8"))}
           for kind in ("units", "counties", "posts")}
    known = set().union(*org.values())
    wrong = []
    for block in _yaml_blocks(DOCS[name]):
        for key, value in _values(block):
            if key in _ID_KEYS and value not in known:
                wrong.append(f"{key}: {value}")
            if key == "field" and pointer_title("report", str(value)).split(" · ")[-1] == str(value).rsplit("/", 1)[-1]:
                wrong.append(f"field: {value}")
    for code in re.findall(r"`([a-z]+(?:-[a-z0-9]+)+)`", DOCS[name]):
        if code not in CODES and code not in _commands() and not (ROOT / code).exists() and not code[0].isdigit():
            wrong.append(f"code: {code}")
    assert wrong == []
