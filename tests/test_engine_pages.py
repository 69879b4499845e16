"""Searches answered by the engine (``search_api.engine_pages``): score groups, date bounds, and
what a user gets when the cluster is slow or down (a 400 asking to narrow, a 503 to retry; never
a 500) — on a real one-node cluster, stopped and frozen under a running server."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.settings import Settings
from pipeline.engine import date_number
from pipeline.index import build_index
from search_api import typesense_backend as tsb
from search_api.app import create_app
from search_api.engine_pages import Part, _date_ceiling, groups, negated

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_citation_groups_rank_the_instrument_then_basis_implements_mentions():
    part = Part([("self_skel:=[`a`]", 20.0), ("cite_basis:=[`a`]", 3.0), ("cite_impl:=[`a`]", 2.0),
                 ("cite_ment:=[`a`]", 1.0)])
    ranked, complete = groups([part])
    assert complete and [s for s, _ in ranked] == [20.0, 3.0, 2.0, 1.0, 0.0]
    # a plan that cites as basis and mentions too is in the basis group only: no document twice
    assert ranked[1][1] == "self_skel:!=[`a`] && cite_basis:=[`a`]"
    assert ranked[4][1] == "self_skel:!=[`a`] && cite_basis:!=[`a`] && cite_impl:!=[`a`] && cite_ment:!=[`a`]"


def test_equal_scores_are_one_group_and_too_many_parts_are_said():
    ranked, complete = groups([Part([("x:=[`1`]", 1.0)]), Part([("y:=[`2`]", 1.0)])], constant=0.5)
    assert [s for s, _ in ranked] == [2.5, 1.5, 0.5]
    assert ranked[1][1] == "(x:=[`1`] && y:!=[`2`]) || (x:!=[`1`] && y:=[`2`])"
    many = [Part([(f"t:=[`{i}`]", float(i))]) for i in range(1, 10)]
    ranked, complete = groups(many)
    assert not complete and len(ranked) <= 64
    assert "t:=[`9`]" in ranked[0][1]  # the strongest parts are the ones kept


def test_negation_only_of_a_leaf():
    assert negated("body:=[`61`,`62`]") == "body:!=[`61`,`62`]"
    assert negated("(body:=[`61`] || title_syl:=[`61`])") is None


@pytest.mark.parametrize("date,number,ceiling", [
    ("2022-03-01", 20220301, 20220301), ("2022-03", 20220300, 20220399), ("2022", 20220000, 20229999),
    ("", 0, 99_999_999), (None, 0, 99_999_999)])
def test_dates_as_numbers_keep_the_order_and_precision_of_the_strings(date, number, ceiling):
    assert date_number(date) == number
    if date:
        assert _date_ceiling(date) == ceiling


@pytest.fixture
def served(tmp_path, monkeypatch):
    """The seed corpus on its own one-node cluster, served by the real app."""
    from tests.typesense_fixtures import start_cluster, stop_cluster

    monkeypatch.setattr(tsb, "ENGINE_TIMEOUT_S", 1.0)
    cluster = start_cluster(tmp_path / "cluster", size=1)
    cfg = cluster.config("errors")
    build_index(CORPUS, tmp_path / "index", engine=cfg)
    settings = Settings(index_dir=tmp_path / "index", corpus=CORPUS, backend="typesense",
                        typesense_nodes=cfg.nodes, typesense_api_key=cfg.api_key, typesense_collection=cfg.alias)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, cluster
    stop_cluster(cluster)


def test_a_stopped_cluster_is_a_503_and_a_frozen_one_a_400_never_a_500(served):
    client, cluster = served
    assert client.get("/api/search", params={"q": "kế hoạch"}).status_code == 200
    pid = int(cluster.nodes[0].pidfile.read_text())
    os.kill(pid, signal.SIGSTOP)  # a node that takes connections and never answers: a time-out
    try:
        r = client.get("/api/search", params={"q": "phòng chống dịch"})
    finally:
        os.kill(pid, signal.SIGCONT)
    assert r.status_code == 400, r.text
    assert "hãy thu hẹp" in r.json()["error"]["message"]
    assert client.get("/api/search", params={"q": "phòng chống dịch"}).status_code == 200  # back
    cluster.stop()
    r = client.get("/api/search", params={"q": "19-CT/TU"})
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "search_unavailable"
    assert "không trả lời" in r.json()["error"]["message"]
    page = client.get("/", params={"q": "kế hoạch"})  # the web page says it in Vietnamese too
    assert page.status_code == 503 and "không trả lời" in page.text

