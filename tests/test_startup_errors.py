"""A missing, empty, old or damaged index gives one clear line and a non-zero exit, never a
traceback (issue 9), for ``vanban serve`` with one or several workers and ``vanban search``."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import REPO

from benchmarks.load import free_port


def _damage(kind: str, index_dir, tmp_path):
    target = tmp_path / "ix"
    if kind == "missing":
        return target
    if kind == "empty":
        target.mkdir()
        return target
    shutil.copytree(index_dir.resolve(), target)
    if kind == "old version":
        m = json.loads((target / "manifest.json").read_text("utf-8"))
        (target / "manifest.json").write_text(json.dumps({**m, "index_version": 1}), "utf-8")
    elif kind == "corrupt store":
        (target / "store.sqlite").write_bytes(b"this is not a database" * 100)
    elif kind == "corrupt graph":
        (target / "graph.sqlite").write_bytes(b"\x00garbage" * 100)
    elif kind == "no store":
        (target / "store.sqlite").unlink()
    elif kind == "corrupt graph arrays":
        (target / "graph.arrays" / "e_src.npy").write_bytes(b"\x93NUMPY garbage")
    elif kind == "no graph arrays":
        shutil.rmtree(target / "graph.arrays")
    return target


KINDS = ["missing", "empty", "old version", "corrupt store", "corrupt graph", "no store", "corrupt graph arrays",
         "no graph arrays"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", [["serve", "--workers", "1"], ["serve", "--workers", "2"],
                                     ["search", "19-CT/TU"]])
def test_a_bad_index_is_one_clear_line(index_dir, tmp_path, kind, command):
    if "graph" in kind and command[0] == "search":
        pytest.skip("vanban search does not open the graph")
    target = _damage(kind, index_dir, tmp_path)
    args = [sys.executable, "-m", "search_api.cli", *command, "--index-dir", str(target)]
    if command[0] == "serve":
        args += ["--port", str(free_port())]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("Lỗi:")]
    assert len(errors) == 1, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "vanban index" in errors[0], errors[0]
