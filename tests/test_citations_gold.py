"""Citation extraction against the seed gold (issue #4 'Done when'), through the real pipeline."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.evaluate import evaluate, format_report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report():
    return evaluate(ROOT / "tests/gold/seeds.json", ROOT / "corpus")


def test_precision_recall(report) -> None:
    t = report.total
    assert t.precision >= 0.99, format_report(report)
    assert t.recall >= 0.98, format_report(report)


def test_relation_accuracy(report) -> None:
    assert report.relation_accuracy >= 0.95, format_report(report)


def test_numbered_exact(report) -> None:
    n = report.by_kind["n"]
    assert n.fn == 0 and n.fp == 0, format_report(report)


def test_every_instrument_relation_of_the_gold(report) -> None:
    """All 16 relations between instruments the seed texts state (amends, replaces, guides,
    implements), including a list member after a description and a target described by type."""
    r = report.instrument_relations
    assert r.tp == 16 and r.fn == 0, format_report(report)
    assert r.precision >= 0.95, format_report(report)


def test_named_instruments(report) -> None:
    """Instruments cited by name (issue 12: ≥ 0.97 both)."""
    named = report.by_kind["name"]
    assert named.recall >= 0.97 and named.precision >= 0.97, format_report(report)
