"""Answers do not change when storage changes: every recorded request on the seed corpus (288
searches of every kind, sort and page, CSV downloads, document pages, graph queries and exports)
is answered exactly as it was recorded (issue 17: documents moved from a pickle to SQLite).

Re-record only for an intended change of answers, and say so in the commit:
``python -m benchmarks.responses record corpus tests/fixtures/seed_responses.json``.
"""
from __future__ import annotations

import json
from pathlib import Path

from conftest import CORPUS

from benchmarks.responses import answers, differences

FIXTURE = Path(__file__).parent / "fixtures" / "seed_responses.json"


def test_every_recorded_answer_is_unchanged():
    recorded = json.loads(FIXTURE.read_text("utf-8"))
    got = answers(CORPUS)
    assert len(recorded) > 300
    assert differences(recorded, got) == []
