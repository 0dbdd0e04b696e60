"""`validate` over the corpus of broken repositories, each asserting the exact (path, line, code) found.

Each case in tests/fixtures/invalid/<name>/case.yaml edits a copy of tests/fixtures/base (a small, valid,
hand-written repository): `replace` swaps text in a file, `write` adds text files, `remove` deletes files,
and a `files/` folder beside case.yaml is copied over the repository byte for byte (for encodings and junk).
"""

from __future__ import annotations

import gc
import os
import weakref
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.core.codes import CODES
from generator.core.paths import RepoPaths
from generator.loading import files as load
from generator.rules import validate
from helpers import BASE, FIXTURES, make_repo

CASES = sorted(p.parent for p in (FIXTURES / "invalid").glob("*/case.yaml"))


def found(repo: Path) -> list[tuple[str, int, str]]:
    report = validate(RepoPaths(repo), jobs=1)
    return sorted({(p.path, p.line, p.code) for p in report.findings})


def test_base_fixture_is_clean(tmp_path: Path) -> None:
    assert found(make_repo(tmp_path)) == []


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case_dir", CASES, ids=[c.name for c in CASES])
def test_invalid_case(case_dir: Path, tmp_path: Path) -> None:
    case = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))
    repo = make_repo(tmp_path, case, case_dir / "files")
    expected = sorted((str(p), int(line), str(code)) for p, line, code in case["expected"])
    assert found(repo) == expected


def test_paths_only_narrow_what_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path, {"replace": [
        {"file": "data/projects/2015-zj-01.yaml", "old": "  - fgw\n", "new": "  - nobody\n"},
    ]})
    assert main(["--root", str(repo), "validate", str(repo / "data/reports")]) == 0
    assert main(["--root", str(repo), "validate", str(repo / "data/projects")]) == 1
    out = capsys.readouterr().out
    assert "data/projects/2015-zj-01.yaml:" in out and "[ref-unresolved]" in out


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"replace": [
        {"file": "data/reports/2015-03/2015-zj-01.yaml", "old": "year_to_date: 24000.25",
         "new": "year_to_date: 25000.25"},
    ]})
    assert main(["--root", str(repo), "validate"]) == 0
    assert main(["--root", str(repo), "validate", "--strict"]) == 1


def test_parallel_and_serial_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    for i in range(1, 40):
        body = "date: [\n" if i % 3 == 0 else (BASE / "data/dispatches/2015-03-02-01.yaml").read_text("utf-8")
        (repo / f"data/dispatches/2015-03-02-{i + 1:02d}.yaml").write_text(body, encoding="utf-8")
    serial = validate(RepoPaths(repo), jobs=1).sorted()
    monkeypatch.setattr(load, "PARALLEL_THRESHOLD", 5)
    parallel = validate(RepoPaths(repo), jobs=2).sorted()
    assert serial == parallel
    assert len([p for p in serial if p.code == "yaml-syntax"]) == 13


def test_loading_pauses_the_collector_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    """Loaded data is kept from the cycle collector (gc.freeze), yet freed when dropped."""
    repo = make_repo(tmp_path)
    assert gc.isenabled()
    loaded = load.load(RepoPaths(repo), jobs=1)
    assert gc.isenabled() and gc.get_freeze_count() > 0
    kept = weakref.ref(loaded.files[-1])
    del loaded
    assert kept() is None  # reference counting frees what the collector no longer scans
    gc.disable()
    try:
        assert validate(RepoPaths(repo), jobs=1).findings == [] and not gc.isenabled()
    finally:
        gc.enable()


def test_a_file_is_read_whole_and_within_the_limit_whatever_its_size_was(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"0123456789")
    read = load.read_regular
    assert read(str(path), 10, 11) == b"0123456789"
    assert read(str(path), 3, 11) == b"0123456789"  # grown since stat
    assert read(str(path), 40, 11) == b"0123456789"  # shrunk
    assert read(str(path), 3, 6) == b"012345"  # up to the limit (the caller's size limit + 1)
    assert read(str(path), 0, 11) == b"0123456789"
    os.symlink(path, tmp_path / "link.yaml")
    with pytest.raises(OSError):  # swapped for a link since stat: not followed
        read(str(tmp_path / "link.yaml"), 10, 11)


_json_like = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**12) | st.text(max_size=20)
    | st.sampled_from(["2015-02-30", "2015-03-08", "2015-03", "jtj", "fgw", "p1", "2015-zj-01", ""]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "project", "period", "problems", "investment", "month", "year_to_date", "by",
                         "on", "escalated_to", "answer", "closed", "site_visits", "holders", "from", "to"]),
        children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_json_like, target=st.sampled_from([
    "data/reports/2015-03/2015-zj-01.yaml", "data/projects/2015-xkg-01.yaml", "data/org/posts.yaml",
    "data/org/units.yaml", "data/dispatches/2015-03-20-01.yaml", "data/config.yaml",
]))
def test_any_structure_gives_problems_never_an_exception(tmp_path_factory: pytest.TempPathFactory,
                                                         value: object, target: str) -> None:
    repo = make_repo(tmp_path_factory.mktemp("h"))
    (repo / target).write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    report = validate(RepoPaths(repo), jobs=1)
    for p in report.findings:
        assert p.code in CODES and p.line >= 1 and p.message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_any_bytes_in_any_file_give_problems(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    repo = make_repo(tmp_path_factory.mktemp("b"))
    (repo / "data/reports/2015-03/2015-zj-01.yaml").write_bytes(raw)
    validate(RepoPaths(repo), jobs=1)
