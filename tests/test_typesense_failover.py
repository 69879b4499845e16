"""Kill the Typesense leader while queries and indexing run: queries keep answering, no document
is lost, and the cluster's count equals the corpus's afterwards (on every node, the restarted one
too). A cluster of its own: killing a node must not disturb the other backend tests."""
from __future__ import annotations

import threading
import time
from typing import Self

import pytest

from benchmarks.gencorpus import generate
from pipeline.engine import Engine, decode
from pipeline.index import build_index
from search_api.search import Searcher, SearchRequest
from search_api.typesense_backend import typesense_backend
from tests.typesense_fixtures import start_cluster, stop_cluster

QUERIES = ["kế hoạch", "chi thi", "3235/QĐ-UBND", '"phòng chống dịch"', "thi đua khen thưởng"]


@pytest.fixture
def cluster(tmp_path):
    c = start_cluster(tmp_path / "cluster")
    yield c
    stop_cluster(c)


class Readers:
    """Threads that search without pause, counting answers and keeping every error."""

    def __init__(self, searcher: Searcher, n: int = 3):
        self.searcher, self.stop, self.answers, self.errors = searcher, threading.Event(), 0, []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(n)]

    def _run(self, i: int) -> None:
        k = i
        while not self.stop.is_set():
            try:
                r = self.searcher.search(SearchRequest(q=QUERIES[k % len(QUERIES)], size=10))
                assert r["total"] >= 0
                with self.lock:
                    self.answers += 1
            except Exception as e:  # noqa: BLE001 - every failure is the finding
                self.errors.append(f"{QUERIES[k % len(QUERIES)]}: {type(e).__name__}: {e}")
            k += 1

    def __enter__(self) -> Self:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)


def _answers_after(readers: Readers, seconds: float) -> int:
    before = readers.answers
    time.sleep(seconds)
    return readers.answers - before


def test_leader_killed_during_queries_and_indexing(cluster, tmp_path):
    corpus = tmp_path / "corpus"
    generate(corpus, 200, seed=11, sentences_per_plan=8)
    cfg = cluster.config("failover")
    first = build_index(corpus, tmp_path / "ix", engine=cfg)
    searcher = Searcher(tmp_path / "ix", backend=typesense_backend(cfg))
    generate(tmp_path / "more", 700, seed=12, sentences_per_plan=8)  # a day's new files
    for i, f in enumerate(sorted((tmp_path / "more").glob("*.txt"))):
        f.rename(corpus / f"new_{i:05d}.txt")
    killed: dict = {}

    def progress(stage: str, done: int, total: int) -> None:
        # the leader dies between two batches of the import: what came before must stay, what
        # follows must go to the new leader
        if stage == "typesense" and done < total and not killed:
            killed["node"] = cluster.leader()
            cluster.kill(killed["node"])
            killed["answers"] = readers.answers

    with Readers(searcher) as readers:
        assert _answers_after(readers, 1.0) > 0
        report = build_index(corpus, tmp_path / "ix", engine=cfg, progress=progress)
        assert killed, "the import finished before the leader could be killed"
        assert readers.answers > killed["answers"], "no query answered after the leader was killed"
        new = cluster.wait(30)
        assert new.index != killed["node"].index
        assert _answers_after(readers, 1.0) > 0
    searcher.close()
    assert not readers.errors, readers.errors[:5]
    assert report.documents == first.documents + 700 and report.engine == "updated"
    assert Engine(cfg).settled_count(report.documents) == report.documents
    cluster.start_node(killed["node"])  # the killed node comes back and catches up
    cluster.wait(60)
    _counts_agree_everywhere(cluster, cfg, report.documents, tmp_path / "ix")


def _counts_agree_everywhere(cluster, cfg, expected: int, index_dir) -> None:
    """Every node holds every document of the index (ids compared, not only counts)."""
    from dataclasses import replace

    from indexer.store import Store

    store = Store(index_dir.resolve())
    ids = set(store.docnums().values())
    store.close()
    for node in cluster.nodes:
        one = Engine(replace(cfg, nodes=(node.address,)))
        end = time.monotonic() + 60
        while one.count() != expected and time.monotonic() < end:
            time.sleep(0.25)
        out = one.client.collections[cfg.alias].documents.export({"include_fields": "id"})
        got = {decode(line.split('"id":"')[1].split('"')[0]) for line in out.splitlines() if line}
        assert got == ids, f"node {node.address}: {len(ids - got)} missing, {len(got - ids)} extra"
