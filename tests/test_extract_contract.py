"""``vanban extract --json`` scored by the independent scorer beside the clone (../shared/hooks).

The scorer flattens the documents of every file, so each document must carry its file; this test
caught that once. Skips when ../shared is absent.
"""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import CORPUS, GOLD_PATH, SHARED

SCORER = SHARED / "hooks" / "score.py"
CMD = f"{sys.executable} -m search_api.cli extract --json"


def _score(*args: str) -> subprocess.CompletedProcess:
    if not SCORER.exists():
        pytest.skip(f"independent scorer absent ({SCORER})")
    return subprocess.run([sys.executable, str(SCORER), *args, "--cmd", CMD, str(GOLD_PATH), str(CORPUS)],
                          capture_output=True, text=True, timeout=600, check=False)


def test_independent_scorer_citations():
    r = _score("--min-p", "0.99", "--min-r", "0.98", "--min-rel", "0.95")
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert "P=" in r.stdout.splitlines()[-1]


def test_independent_scorer_metadata():
    r = _score("--meta")
    assert r.returncode == 0, r.stdout[-2000:]
    assert "metadata fields right: 30/30" in r.stdout
