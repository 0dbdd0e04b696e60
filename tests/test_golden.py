"""Golden outputs: the demonstration site, metrics and check output, byte for byte.

A refactoring must not change a single byte of what the public or staff see; an intended change is made
visible by regenerating the manifest (one documented command) and committing it with the change:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

The build pins SOURCE_DATE_EPOCH and the data version shown in the footer, so the manifest does not depend on
the commit it is built from.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tests" / "fixtures" / "golden.sha256"
EPOCH = "1445356800"  # 2015-10-20 16:00 UTC


def _digest(data: bytes, commit: bytes) -> str:
    return hashlib.sha256(data.replace(commit, b"COMMIT") if commit else data).hexdigest()


def _content(path: Path) -> bytes:
    """A file's bytes; a .gz copy's decompressed bytes (the commit id inside is masked like the page's)."""
    import gzip

    data = path.read_bytes()
    return gzip.decompress(data) + b"\n(gzip)" if path.suffix == ".gz" else data


def _run(argv: list[str], capfd: pytest.CaptureFixture[str]) -> bytes:
    main(argv)
    return capfd.readouterr().out.encode("utf-8")


def _golden(tmp: Path, capfd: pytest.CaptureFixture[str]) -> dict[str, str]:
    from generator.cli import _git

    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        site = tmp / "site"
        assert main(["--root", str(ROOT), "build", "--out", str(site)]) == 0
        capfd.readouterr()
        commit = (_git(ROOT, "rev-parse", "--short=12", "HEAD") or "").encode()
        out = {f"site/{p.relative_to(site).as_posix()}": _digest(_content(p), commit)
               for p in sorted(site.rglob("*")) if p.is_file()}
        for as_of in ("2015-07-20", "2015-10-20"):
            out[f"metrics {as_of}"] = _digest(_run(["--root", str(ROOT), "metrics", "--as-of", as_of], capfd), b"")
            out[f"check {as_of}"] = _digest(_run(["--root", str(ROOT), "check", "--as-of", as_of, "--fail-on", "none"],
                                                 capfd), b"")
        out["validate"] = _digest(_run(["--root", str(ROOT), "validate", "--format", "json"], capfd), b"")
        return out
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def test_outputs_match_the_golden_manifest(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    found = _golden(tmp_path, capfd)
    text = "".join(f"{digest}  {name}\n" for name, digest in sorted(found.items()))
    if os.environ.get("UPDATE_GOLDEN"):
        MANIFEST.write_text(text, encoding="utf-8")
    expected = dict(reversed(line.split("  ", 1)) for line in MANIFEST.read_text(encoding="utf-8").splitlines())
    changed = sorted(name for name in set(found) | set(expected) if found.get(name) != expected.get(name))
    assert changed == [], ("这些输出与 tests/fixtures/golden.sha256 不同。若是有意的修改，请运行 "
                           "UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py 并提交清单。")
