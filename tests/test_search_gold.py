"""Every query case of the gold (40 cases) through the real API: expect ⊆ hits, expect_not ∩ hits = ∅."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLD = json.loads((Path(__file__).parent / "gold" / "seeds.json").read_text("utf-8"))


@pytest.mark.parametrize("case", GOLD["queries"], ids=[q["q"] for q in GOLD["queries"]])
def test_gold_query(client, case):
    r = client.get("/api/search", params={"q": case["q"], "size": 100})
    assert r.status_code == 200, r.text
    got = {h["number"] for h in r.json()["hits"]}
    missing = set(case["expect"]) - got
    wrong = set(case["expect_not"]) & got
    assert not missing, f"{case['q']!r}: expected but not returned {sorted(missing)} (why: {case.get('why')})"
    assert not wrong, f"{case['q']!r}: returned but must not be {sorted(wrong)} (why: {case.get('why')})"
