"""The short load test of ``make test``: a real ``vanban serve`` (two worker processes) on
loopback, 20 concurrent clients for a few seconds over the mixed query set of ``benchmarks/load.py``.
Every response must be a 200 identical to the answer the same URL gets alone (issue #9). The long
version, on a generated corpus at 50 and 200 clients, is ``make load``.
"""
from __future__ import annotations

import asyncio

import httpx

from benchmarks.load import Server, mixed_urls, reference_answers, rss_mb, run_load


def test_real_server_under_20_clients_answers_as_alone(index_dir):
    with Server(index_dir, workers=2) as srv:
        with httpx.Client(timeout=60) as c:
            urls = mixed_urls(srv.base, c)
            headers = c.get(srv.base + "/healthz").headers
        expected = reference_answers(srv.base, urls)
        assert {code for code, _ in expected.values()} == {200}, \
            [u for u, (code, _) in expected.items() if code != 200]
        res = asyncio.run(run_load(srv.base, urls, expected, clients=20, seconds=4))
        assert len(rss_mb(srv.proc.pid)) >= 3  # the supervisor and its two workers
    assert res["requests"] > 50, res
    assert res["errors"] == {}, res
    assert res["ok"] == res["requests"]
    assert "server" not in headers  # no version leaks
    assert "access-control-allow-origin" not in headers  # CORS off unless configured
