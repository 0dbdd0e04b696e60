"""Stage 1 — load: find every data file, parse it strictly, check it against its schema.

Per-file work is independent, so a large repository is spread over worker processes; the result is the
same in any order. A file that cannot be loaded is a problem, never an exception.
"""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.codes import emitter
from generator.core.findings import Finding
from generator.core.paths import RepoPaths, classify
from generator.loading import schema
from generator.loading.configcheck import check_config
from generator.loading.yamlstrict import Doc, control_problems, load_bytes

emit = emitter("loading.files", codes=("file-unreadable", "file-unexpected", "file-too-large", "yaml-encoding", "field-missing"))


DEFAULT_MAX_FILE_BYTES = 1 << 20
PARALLEL_THRESHOLD = 400  # below this, worker start-up costs more than it saves



@dataclass(frozen=True)
class DataFile:
    path: str  # repository-relative posix path
    kind: str  # one of schema.KINDS, or "circular"
    doc: Doc | None  # None when the file could not be loaded or is not YAML

    @property
    def data(self) -> Any:
        return self.doc.data if self.doc is not None else None

    def line(self, *at: str | int) -> int:
        return self.doc.line_of(tuple(at)) if self.doc is not None else 1


@dataclass
class Loaded:
    paths: RepoPaths
    files: list[DataFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[DataFile]:
        return [f for f in self.files if f.kind == kind]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.kind] = out.get(f.kind, 0) + 1
        return out


def discover(paths: RepoPaths) -> tuple[list[tuple[str, str]], list[Finding]]:
    """Every file under data/, classified. Dotfiles (.gitkeep) are ignored."""
    found: list[tuple[str, str]] = []
    findings: list[Finding] = []
    if paths.data.is_symlink():  # os.walk would list the target's files as if they were the data
        return found, [emit("file-unreadable", "data", 1, "data 是一个链接，不是普通目录。请直接提交 data 目录和其中的文件。")]
    if not paths.data.is_dir():
        return found, [emit("file-unreadable", "data", 1, "找不到 data/ 目录。请在仓库根目录运行，或用 --root 指定仓库。")]
    root = str(paths.root)
    for dirpath, dirnames, filenames in os.walk(paths.data, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        prefix = os.path.relpath(dirpath, root).replace(os.sep, "/") + "/"  # one path computation per folder
        if ".gitattributes" in filenames:  # it changes what git hands the check (export-ignore, filters)
            findings.append(emit("file-unexpected", paths.rel(base / ".gitattributes"), 1,
                                 ".gitattributes 会改变检查程序读到的内容，data/ 下不允许有这个文件。请删除。"))
        for d in list(dirnames):
            if (base / d / ".git").exists():
                dirnames.remove(d)
                findings.append(emit("file-unreadable", paths.rel(base / d), 1,
                                     "这是一个子模块（submodule）或另一个 git 仓库，不是数据目录。请直接提交文件。"))
            elif (base / d).is_symlink():
                dirnames.remove(d)
                findings.append(emit("file-unreadable", paths.rel(base / d), 1,
                                        "这是一个链接，不是普通目录。请直接提交目录和文件。"))
            elif d.endswith((".yaml", ".yml", ".md")):
                # a folder where a data file belongs (even an empty one) would otherwise pass unnoticed
                dirnames.remove(d)
                findings.append(emit("file-unreadable", paths.rel(base / d), 1,
                                        "这是一个文件夹，不是数据文件。请删除这个文件夹，把数据写成同名的 .yaml 文本文件。"))
        # in a folder other than data/ and data/org/ only a name's extension decides its kind: classify once
        named = prefix in ("data/", "data/org/")
        kinds: dict[str, str | None] = {}
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            rel = prefix + name
            if named:
                kind = classify(rel)
            else:
                ext = name[name.rfind("."):] if "." in name else ""
                if ext not in kinds:
                    kinds[ext] = classify(rel)
                kind = kinds[ext]
            if _CONTROL_NAME.search(name):  # a line break in a name would forge output lines
                findings.append(emit("file-unexpected", rel, 1,
                                        "文件名里有换行符或其他控制字符。请改用数据规范要求的文件名。"))
            elif kind is None:
                findings.append(emit("file-unexpected", rel, 1, _unexpected_message(rel)))
            else:
                found.append((rel, kind))
    return found, findings


_CONTROL_NAME = re.compile("[\x00-\x1f\x7f]")


def _unexpected_message(rel: str) -> str:
    if rel.endswith(".yml"):
        return "扩展名请用 .yaml（不是 .yml），否则这个文件不会被读取。"
    return ("这个位置不应有这个文件。项目放 data/projects/，月报放 data/reports/YYYY-MM/，季度和年度报告放 "
            "data/briefings/期次/，调度记录放 data/dispatches/，通报前言放 data/circulars/（.md）。")


def load_file(root: str, rel: str, kind: str, max_bytes: int) -> tuple[DataFile, list[Finding]]:
    """Read, parse and schema-check one file. Never raises."""
    full = os.path.join(root, rel)  # plain strings and one lstat: this runs for every file
    try:
        info = os.lstat(full)
        if not stat.S_ISREG(info.st_mode):
            return DataFile(rel, kind, None), [emit("file-unreadable", rel, 1,
                                                       "这不是普通文件（可能是目录或链接）。请提交普通文本文件。")]
        if info.st_size > max_bytes:
            return DataFile(rel, kind, None), [emit(
                "file-too-large", rel, 1,
                f"文件有 {info.st_size:,} 字节，超过上限 {max_bytes:,} 字节（config.max_file_bytes）。"
                "请检查是否误粘贴了大量内容。")]
        raw = read_regular(full, info.st_size, max_bytes + 1)
    except OSError as exc:
        return DataFile(rel, kind, None), [emit("file-unreadable", rel, 1, f"无法读取这个文件（{exc.strerror}）。")]
    return load_raw(rel, kind, raw)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def read_regular(full: str, size: int, limit: int) -> bytes:
    """The bytes of a regular file that stat found `size` bytes long, at most `limit` of them. Raises OSError."""
    fd = os.open(full, _OPEN_FLAGS)  # a file swapped for a link since stat is not followed
    try:
        return read_open(fd, size, limit)
    finally:
        os.close(fd)


def read_open(fd: int, size: int, limit: int) -> bytes:
    """At most `limit` bytes of an open file that stat found `size` bytes long. The first read asks for
    size + 1 bytes (the extra one sees a file that grew): a read of `limit` makes a buffer of the size limit
    (1 MiB) for every file, which cost more than all the rest of reading it."""
    chunks: list[bytes] = []
    left, step = limit, size + 1
    while left > 0:
        chunk = os.read(fd, min(left, step))
        if not chunk:
            break
        chunks.append(chunk)
        left, step = left - len(chunk), 1 << 16  # read short, or grown: on in larger steps
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def load_raw(rel: str, kind: str, raw: bytes) -> tuple[DataFile, list[Finding]]:
    """Parse and schema-check the bytes of a regular file within the size limit (load_file has checked
    both). Never raises."""
    if kind == "circular":
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return DataFile(rel, kind, None), [emit("yaml-encoding", rel, 1, "通报前言必须用 UTF-8 编码保存。")]
        return DataFile(rel, kind, None), control_problems(rel, text.replace("\r\n", "\n").replace("\r", "\n"))
    doc, findings = load_bytes(rel, raw)
    if doc is None:
        return DataFile(rel, kind, None), findings
    findings.extend(schema.validate_doc(kind, rel, doc))
    if kind in ("config", "year") and not any(f.severity == "error" for f in findings):
        findings.extend(check_config(rel, doc))  # meaning, once the shape is right
    if withheld(kind, findings):
        return DataFile(rel, kind, None), findings
    return DataFile(rel, kind, doc), findings


# Schema findings after which the file's data is not used by cross-file rules.
def withheld(kind: str, findings: list[Finding]) -> bool:
    """Whether a loaded file's data is kept from later stages: when its shape is wrong (cross-file rules
    would read garbage), and for the config and a year file on any error (every rule takes its numbers from
    them: a wrong one such as year 0 is not used, the defaults are)."""
    errors = [p for p in findings if p.severity == "error"]
    return any(p.code in _STRUCTURAL for p in errors) or (kind in ("config", "year") and bool(errors))


_STRUCTURAL = frozenset({"type-mismatch", "field-missing", "schema-invalid", "list-too-long"})


def _load_chunk(args: tuple[str, list[tuple[str, str]], int]) -> list[tuple[DataFile, list[Finding]]]:
    root, items, max_bytes = args
    return [load_file(root, rel, kind, max_bytes) for rel, kind in items]


def load_many(paths: RepoPaths, items: list[tuple[str, str]], max_bytes: int, jobs: int) -> \
        list[tuple[DataFile, list[Finding]]]:
    """Load files, spreading them over `jobs` processes: this one and jobs − 1 forked workers, so only the
    workers' share is pickled back. The order of the result is the order of `items`."""
    root = str(paths.root)
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        return _load_chunk((root, items, max_bytes))
    import multiprocessing

    for kind in {kind for _, kind in items if kind in schema.KINDS}:
        schema.fast_validator(kind)  # compiled once, before the fork, not again in every worker
    # interleave so every process gets a like mix of small and large files
    shares = [items[i::jobs] for i in range(jobs)]
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=ctx) as pool:
        futures = [pool.submit(_load_chunk, (root, share, max_bytes)) for share in shares[1:]]
        results = [_load_chunk((root, shares[0], max_bytes)), *(f.result() for f in futures)]
    ordered: list[tuple[DataFile, list[Finding]]] = []
    for i in range(len(items)):
        ordered.append(results[i % jobs][i // jobs])
    return ordered


@contextmanager
def long_lived() -> Iterator[None]:
    """Around making what lasts the whole run. A loaded repository is about ten small containers a file (a
    million at 10,000 projects), all kept, none in a cycle; the cycle collector scanned them again at each of
    its full collections while they were made (two dozen at that size: a tenth of `validate`) and at every
    full collection of the later stages. So it is paused while they are made, and what is alive then is
    frozen out of its sight (gc.freeze; reference counting still frees it). An earlier call's freeze is
    undone first, so a process that loads again and again (`serve`, the tests) keeps at most one load's
    worth from the collector."""
    enabled = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load(paths: RepoPaths, jobs: int | None = None) -> Loaded:
    """Load the whole repository: config first (it sets the size limit), then everything else."""
    with long_lived():
        return _load(paths, jobs)


def _load(paths: RepoPaths, jobs: int | None) -> Loaded:
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    out = Loaded(paths)
    items, findings = discover(paths)
    out.findings.extend(findings)
    max_bytes = DEFAULT_MAX_FILE_BYTES
    config_items = [it for it in items if it[1] == "config"]
    if config_items:
        config_file, config_problems = load_file(str(paths.root), *config_items[0], DEFAULT_MAX_FILE_BYTES)
        out.files.append(config_file)
        out.findings.extend(config_problems)
        value = config_file.data.get("max_file_bytes") if isinstance(config_file.data, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            max_bytes = value
    else:
        out.findings.append(emit("field-missing", "data/config.yaml", 1,
                                    "缺少配置文件 data/config.yaml。请从示例数据复制一份再修改。"))
    rest = [it for it in items if it[1] != "config"]
    for data_file, file_problems in load_many(paths, rest, max_bytes, jobs):
        out.files.append(data_file)
        out.findings.extend(file_problems)
    return out


def read_config(paths: RepoPaths) -> dict[str, Any]:
    """data/config.yaml as loaded strictly, or {} when it is missing or broken (validate says why)."""
    if not paths.config.is_file():
        return {}
    data_file, _ = load_file(str(paths.root), paths.rel(paths.config), "config", DEFAULT_MAX_FILE_BYTES)
    return data_file.data if isinstance(data_file.data, dict) else {}
