"""Reading a revision: the `data/` folder of a commit, for the pull-request check and `diff`."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_REV_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/~^@{}-]{0,254}$")


class RevisionError(Exception):
    """A revision that git cannot read (the CLI turns it into a usage error)."""


# ---------------------------------------------------------------- reading a revision


def export(root: Path, rev: str, dest: Path) -> None:
    """Write the `data/` folder of revision `rev` of the git repository at `root` under `dest`."""
    if not _REV_RE.match(rev):
        raise RevisionError(f"版本号“{rev}”不合规。请填写提交的哈希值、分支名或标签。")
    check = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                           capture_output=True, text=True, check=False, timeout=60)
    if check.returncode != 0:
        raise RevisionError(f"在仓库 {root} 里找不到版本“{rev}”。请确认已经取回（git fetch）这个提交。")
    commit = check.stdout.strip()
    listing = subprocess.run(["git", "-C", str(root), "ls-tree", "--name-only", commit, "data"],
                             capture_output=True, text=True, check=False, timeout=60)
    (dest / "data").mkdir(parents=True, exist_ok=True)
    if not listing.stdout.strip():
        return  # the base had no data yet: every file of the head is new
    done = subprocess.run(["git", "-C", str(root), "archive", "--format=tar", commit, "data"],
                          capture_output=True, check=False, timeout=300)
    if done.returncode != 0:
        raise RevisionError(f"无法读取版本“{rev}”的数据：{done.stderr.decode('utf-8', 'replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(dest, filter="data")


@contextmanager
def revision(root: Path, rev: str | None) -> Iterator[Path]:
    """The root of a repository holding revision `rev`'s data (the working tree itself when rev is None)."""
    if rev is None:
        yield root
        return
    tmp = Path(tempfile.mkdtemp(prefix="sunshine-rev-"))
    try:
        export(root, rev, tmp)
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
