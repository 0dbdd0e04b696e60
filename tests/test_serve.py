"""`python -m generator serve` regenerates the pages when a file under data/ changes, and only once, on each
engine."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import ENGINES, edit

# what each engine logs once per build of the staging folder
BUILT = {"mkdocs": "Building documentation", "zensical": "No issues found"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _builds(log: Path, engine: str) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(BUILT[engine])


@pytest.mark.parametrize("engine", ENGINES)
def test_serve_rebuilds_once_when_data_changes(tmp_path: Path, engine: str) -> None:
    repo = edit(tmp_path)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(repo), "serve", "--address",
                                 f"127.0.0.1:{port}", "--engine", engine], stdout=sink, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/projects/2015-zj-01/"
            assert "<h1>楚雄至禄丰高速公路</h1>" in _get(url)
            first = _builds(log, engine)
            target = repo / "data/projects/2015-zj-01.yaml"
            target.write_text(target.read_text(encoding="utf-8").replace("name: 楚雄至禄丰高速公路",
                                                                          "name: 楚雄至禄丰高速公路二期"),
                              encoding="utf-8")
            deadline = time.monotonic() + 60
            while "<h1>楚雄至禄丰高速公路二期</h1>" not in _get(url):
                assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(1)
            time.sleep(6)  # a rebuild loop would show up as further builds here
            assert _builds(log, engine) == first + 1, log.read_text(encoding="utf-8")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
