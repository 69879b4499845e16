"""Concurrent requests get the same answers as requests made one at a time (issue #9).

FastAPI runs sync endpoints in a thread pool, so one ``Searcher`` is used by many threads at once.
Whoosh's readers seek and read shared file objects: shared between threads they interleave and
return corrupt postings (500s) or, worse, silently different answers. These tests run a mixed
query load from many threads against one real Searcher and one real app and compare every answer
with the answer to the same request made alone.
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from search_api.search import Searcher, SearchRequest

QUERIES = [
    SearchRequest(q="Chỉ thị 19-CT/TU"),
    SearchRequest(q="chuyển đổi số"),
    SearchRequest(q="chuyen doi so"),
    SearchRequest(q='"cải cách hành chính"'),
    SearchRequest(q="dân vận khéo", sort="newest"),
    SearchRequest(q="Quận 1", size=5),
    SearchRequest(q="kế hoạch district:Tân Phú"),
    SearchRequest(q="phòng chống bạo lực gia đình", page=2, size=3),
    SearchRequest(q="Nghị định 33/NĐ-CP"),
    SearchRequest(q="", sort="oldest"),
]


def _answer(searcher: Searcher, req: SearchRequest) -> str:
    return json.dumps(searcher.search(req), ensure_ascii=False, sort_keys=True)


@pytest.fixture(scope="module")
def searcher(index_dir):
    s = Searcher(index_dir)
    yield s
    s.close()


def test_searcher_shared_by_threads_answers_as_alone(searcher):
    alone = {i: _answer(searcher, q) for i, q in enumerate(QUERIES)}
    jobs = [i % len(QUERIES) for i in range(1200)]
    with ThreadPoolExecutor(max_workers=24) as pool:
        got = list(pool.map(lambda i: (i, _answer(searcher, QUERIES[i])), jobs))
    wrong = [i for i, a in got if a != alone[i]]
    assert not wrong, f"{len(wrong)} of {len(got)} concurrent answers differ from the same query alone"


def test_app_under_concurrent_clients_answers_as_alone(client, number_to_id):
    urls = ["/api/search?q=" + q for q in ("19-CT/TU", "chuyen doi so", "dân vận khéo", '"Quận 1"',
                                              "year:2022", "cải cách hành chính&sort=newest")]
    urls += [f"/api/documents/{i}" for i in list(number_to_id.values())[:3]]
    urls += ["/api/instruments/19-CT%2FTU/cited-by", "/api/graph/most-cited"]
    alone = {u: client.get(u) for u in urls}
    assert all(r.status_code == 200 for r in alone.values()), {u: r.status_code for u, r in alone.items()}
    jobs = [urls[i % len(urls)] for i in range(600)]
    with ThreadPoolExecutor(max_workers=24) as pool:
        got = list(pool.map(lambda u: (u, client.get(u)), jobs))
    bad = [(u, r.status_code) for u, r in got if r.status_code != 200 or r.json() != alone[u].json()]
    assert not bad, f"{len(bad)} of {len(got)} concurrent responses differ: {bad[:5]}"
