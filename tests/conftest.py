"""Shared fixtures: one real index built from corpus/ per test run, and the real HTTP app.

Nothing of our own stack is mocked: the index is built by ``pipeline.index.build_index`` from the
shipped seed files, and requests go through ``create_app`` with FastAPI's TestClient.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from indexer.citations import CiteContext

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
GOLD_PATH = REPO / "tests" / "gold" / "seeds.json"
# ../shared beside the clone (CI lays it there); tests that read it skip when it is absent.
SHARED = Path(os.environ.get("VANBAN_SHARED", REPO.parent / "shared"))
REALDOCS = SHARED / "realdocs"
# The citing plan extraction tests read in: a Tân Phú district plan of 2022.
CTX_HCM = CiteContext(number="51/KH-UBND", district="Quận Tân Phú", issuer="UBND Quận Tân Phú", date="2022-03-01")


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text("utf-8"))


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    from pipeline.index import build_index

    out = tmp_path_factory.mktemp("vanban") / "index"
    report = build_index(CORPUS, out)
    assert report.documents >= 6, report
    return out


@pytest.fixture(scope="session")
def settings(index_dir):
    from indexer.settings import Settings

    return Settings(index_dir=index_dir, corpus=CORPUS)


@pytest.fixture(scope="session")
def client(settings):
    from fastapi.testclient import TestClient

    from search_api.app import create_app

    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="session")
def number_to_id(client) -> dict[str, str]:
    docs = client.get("/api/documents").json()["documents"]
    return {d["number"]: d["id"] for d in docs}


def realdocs_or_skip() -> Path:
    if not REALDOCS.is_dir():
        pytest.skip(f"realdocs absent ({REALDOCS}): robustness tests need ../shared/realdocs beside the clone")
    return REALDOCS


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (benchmarks.browser) for the tests of one module that
    need a real browser; skips, saying why, where Playwright or Chromium is missing. Per module, not
    per session: while Playwright's sync API is open it holds an event loop, and other tests
    (benchmarks.load) run asyncio themselves."""
    pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (make install)")
    from benchmarks.browser import NOT_INSTALLED, chromium, chromium_path

    if not chromium_path():
        pytest.skip(NOT_INSTALLED)
    with chromium() as b:
        yield b


def citations_by_document(path) -> dict:
    """Document number → {instrument id: Citation} of one file, read as the indexer reads it (the
    format tests compare a file written another way with its text original)."""
    from indexer.citations import annotate
    from indexer.documents import split_documents
    from indexer.ingest import read_file

    return {d.number: {c.key.id: c for c in annotate(d).citations} for d in split_documents(read_file(path))}


@pytest.fixture(scope="module")
def web(client):
    """The session's real app (JSON API and web pages), with its citation graph."""
    assert client.app.state.graph is not None, "the index built from corpus/ has no citation graph"
    return client


@pytest.fixture(scope="session")
def id_84(client) -> str:
    """The graph id of the city's plan 84/KH-UBND (administrative numbers carry issuer and year)."""
    from graph import queries

    return queries.locate(client.app.state.graph, "84/KH-UBND")


@pytest.fixture(scope="session")
def ts_cluster(tmp_path_factory):
    """A real 3-node Typesense cluster on free loopback ports (skips if its server cannot run)."""
    from tests.typesense_fixtures import start_cluster, stop_cluster

    cluster = start_cluster(tmp_path_factory.mktemp("typesense"))
    yield cluster
    stop_cluster(cluster)


@pytest.fixture(scope="session")
def ts_settings(ts_cluster, tmp_path_factory):
    """The seed corpus indexed into its own directory and the cluster (alias ``seeds``)."""
    from indexer.settings import Settings
    from pipeline.index import build_index

    out = tmp_path_factory.mktemp("vanban-ts") / "index"
    cfg = ts_cluster.config("seeds")
    report = build_index(CORPUS, out, engine=cfg)
    assert report.engine == "rebuilt", report
    return Settings(index_dir=out, corpus=CORPUS, backend="typesense", typesense_nodes=cfg.nodes,
                    typesense_api_key=cfg.api_key, typesense_collection=cfg.alias)


@pytest.fixture(scope="session")
def ts_client(ts_settings):
    from fastapi.testclient import TestClient

    from search_api.app import create_app

    with TestClient(create_app(ts_settings)) as c:
        yield c
