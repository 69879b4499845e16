"""Bounded queries (issue #9): every limit answers a clear Vietnamese 4xx, never a 500 or a hang."""
from __future__ import annotations

import pytest

from search_api.query import MAX_PHRASES, MAX_QUERY_CHARS, MAX_REFS, MAX_SYLLABLES
from search_api.search import QueryTimeout, Searcher, SearchRequest

CASES = [
    # query longer than the character limit
    ({"q": "a" * (MAX_QUERY_CHARS + 1)}, "giới hạn"),
    # too many quoted phrases
    ({"q": " ".join(f'"cụm {i}"' for i in range(MAX_PHRASES + 1))}, "cụm từ"),
    # too many citations
    ({"q": " ".join(f"{i}-CT/TU" for i in range(1, MAX_REFS + 2))}, "số ký hiệu"),
    # too many syllables
    ({"q": " ".join(["dân"] * (MAX_SYLLABLES + 1))}, "tiếng"),
    # a page past the deepest offset
    ({"q": "kế hoạch", "page": 20_000, "size": 10}, "quá sâu"),
    # page size past the configured maximum
    ({"q": "kế hoạch", "size": 1000}, "từ 1 đến"),
]


@pytest.mark.parametrize("params, words", CASES)
def test_limits_answer_4xx_with_a_message(client, params, words):
    r = client.get("/api/search", params=params)
    assert r.status_code == 400, r.text
    assert words in r.json()["error"]["message"]
    page = client.get("/", params=params)
    assert page.status_code == 400 and words in page.text


def test_limits_leave_normal_queries_alone(client):
    q = " ".join(f'"cụm {i}"' for i in range(MAX_PHRASES))
    assert client.get("/api/search", params={"q": q}).status_code == 200


def test_time_budget_cuts_a_slow_search(index_dir):
    s = Searcher(index_dir, budget_s=0.0)
    try:
        with pytest.raises(QueryTimeout, match="giây"):
            s.search(SearchRequest(q='"ủy ban nhân dân quận"'))
        with pytest.raises(QueryTimeout):
            s.search(SearchRequest(q='"uy ban nhan dan"'))
        assert s.search(SearchRequest(q="19-CT/TU"))["total"] >= 4  # no phrase to verify: no budget used
    finally:
        s.close()
