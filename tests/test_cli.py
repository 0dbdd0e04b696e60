"""The command line: exit codes, formats, and the as-of rule (the only place the clock is read)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from generator.cli import UsageError, main, resolve_as_of

TZ = "Asia/Shanghai"


def test_as_of_prefers_the_argument() -> None:
    assert resolve_as_of(date(2015, 7, 20), "2015-10-20", {"SOURCE_DATE_EPOCH": "0"}, TZ) == date(2015, 7, 20)


def test_as_of_then_config() -> None:
    assert resolve_as_of(None, "2015-10-20", {"SOURCE_DATE_EPOCH": "0"}, TZ) == date(2015, 10, 20)


def test_as_of_then_source_date_epoch_in_shanghai() -> None:
    # 2015-10-19 16:30 UTC is already 2015-10-20 00:30 in Asia/Shanghai
    epoch = str(int(datetime(2015, 10, 19, 16, 30, tzinfo=UTC).timestamp()))
    assert resolve_as_of(None, None, {"SOURCE_DATE_EPOCH": epoch}, TZ) == date(2015, 10, 20)


def test_as_of_then_today_in_shanghai() -> None:
    now = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    assert resolve_as_of(None, None, {}, TZ, now=now) == date(2026, 11, 26)


@pytest.mark.parametrize(("config", "env"), [("2015-02-30", {}), (None, {"SOURCE_DATE_EPOCH": "soon"})])
def test_bad_as_of_sources_are_usage_errors(config: str | None, env: dict[str, str]) -> None:
    with pytest.raises(UsageError):
        resolve_as_of(None, config, env, TZ)


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "xml"]) == 2
    assert main(["no-such-command"]) == 2


def test_path_outside_repo_is_usage_error(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "data").mkdir()
    assert main(["--root", str(tmp_path), "validate", "/"]) == 2
    assert "不在仓库" in capsys.readouterr().err
