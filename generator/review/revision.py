"""Reading a revision: the `data/` folder of a commit, for the pull-request check and `diff`."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.codes import emitter
from generator.core.findings import Finding

emit = emitter("review.revision", codes=("file-unreadable", "file-unexpected"))
_REV_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/~^@{}-]{0,254}$")


class RevisionError(Exception):
    """A revision that git cannot read (the CLI turns it into a usage error)."""


# ---------------------------------------------------------------- reading a revision


@dataclass
class Revision:
    """A revision's data/ written out as plain files, and what in it could not be read as data."""

    root: Path
    findings: list[Finding] = field(default_factory=list)


def _git(root: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, check=False,
                          timeout=300)


def _commit(root: Path, rev: str) -> str:
    if not _REV_RE.match(rev):
        raise RevisionError(f"版本号“{rev}”不合规。请填写提交的哈希值、分支名或标签。")
    done = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0:
        raise RevisionError(f"在仓库 {root} 里找不到版本“{rev}”。请确认已经取回（git fetch）这个提交。")
    return done.stdout.decode().strip()


def export(root: Path, rev: str, dest: Path) -> list[Finding]:
    """Write the `data/` folder of revision `rev` under `dest`, object by object (`git ls-tree` and
    `git cat-file`): no attributes applied, no link followed. `git archive` honoured an `export-ignore` that
    a pull request had planted, and a `data` symlink made the base look empty. Links, submodules,
    `.gitattributes` and anything else that is not a plain file are findings, never written."""
    commit = _commit(root, rev)
    (dest / "data").mkdir(parents=True, exist_ok=True)
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", "data")
    if listing.returncode != 0:
        raise RevisionError(f"无法读取版本“{rev}”的数据：{listing.stderr.decode('utf-8', 'replace').strip()}")
    findings: list[Finding] = []
    blobs: list[tuple[str, str]] = []
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, obj = meta.decode().split(" ")
        path = raw_path.decode("utf-8", "replace")
        problem = _not_data(path, mode, kind)
        if problem:
            findings.append(problem)
        else:
            blobs.append((obj, path))
    _write_blobs(root, blobs, dest)
    return findings


def _not_data(path: str, mode: str, kind: str) -> Finding | None:
    if path == "data" or not path.startswith("data/") or ".." in path.split("/"):
        return emit("file-unreadable", path, 1, "data 本身必须是一个普通目录，不能是链接或子模块。")
    if kind == "commit":
        return emit("file-unreadable", path, 1, "这是一个子模块（submodule），不是数据文件。请直接提交文件。")
    if mode == "120000":
        return emit("file-unreadable", path, 1, "这是一个链接（symlink），不是普通文件。请直接提交文件本身。")
    if path.rsplit("/", 1)[-1] == ".gitattributes":
        return emit("file-unexpected", path, 1, ".gitattributes 会改变检查程序读到的内容，data/ 下不允许有这个文件。请删除。")
    if kind != "blob" or mode not in ("100644", "100755"):
        return emit("file-unreadable", path, 1, "这不是普通文件。请提交普通文本文件。")
    return None


def _write_blobs(root: Path, blobs: list[tuple[str, str]], dest: Path) -> None:
    """Each blob's bytes from one `git cat-file --batch`, written as a plain file under `dest`."""
    if not blobs:
        return
    done = _git(root, "cat-file", "--batch", data="".join(f"{obj}\n" for obj, _ in blobs).encode())
    if done.returncode != 0:
        raise RevisionError(f"无法读取数据文件：{done.stderr.decode('utf-8', 'replace').strip()}")
    stream, at = done.stdout, 0
    for obj, path in blobs:
        header_end = stream.index(b"\n", at)
        header = stream[at:header_end].decode().split(" ")
        if len(header) != 3 or header[0] != obj:
            raise RevisionError(f"读取 {path} 时 git 的输出不对：{' '.join(header)}")
        size = int(header[2])
        content = stream[header_end + 1:header_end + 1 + size]
        at = header_end + 1 + size + 1
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


@contextmanager
def revision(root: Path, rev: str | None) -> Iterator[Revision]:
    """Revision `rev`'s data, as a repository root (the working tree itself when rev is None)."""
    if rev is None:
        yield Revision(root)
        return
    tmp = Path(tempfile.mkdtemp(prefix="sunshine-rev-"))
    try:
        yield Revision(tmp, export(root, rev, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
