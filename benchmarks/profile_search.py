"""Where a search's time goes, by phase, on a built index (issue 10: the profile behind the latency table).

    python -m benchmarks.profile_search var/bench/index-100000 [--repeat 5]

Runs the query kinds of ``benchmarks.bench_scale`` in-process (no HTTP) on a real ``Searcher`` and
times its phases: matching (every matching document, unscored, from Whoosh), ranking (Whoosh's
scored top *n*, or the sort by date), the relation sets of a citation query, facets, reading the
page's documents from the store, and building the hits (snippets). Prints mean milliseconds per
phase and kind, and the share of the whole.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.bench_scale import KINDS

PHASES = ("_run", "_matching", "_ranked", "_relation_sets", "_facets", "_hit")


def _timed(obj, name: str, spent: dict[str, float]) -> None:
    """Wrap ``obj.name`` so that its calls add their seconds to ``spent[name]``."""
    inner = getattr(obj, name)

    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t

    setattr(obj, name, wrapper)


def profile(index_dir: Path, repeat: int) -> dict:
    from search_api.search import Searcher, SearchRequest

    s = Searcher(index_dir)
    spent: dict[str, float] = defaultdict(float)
    for name in PHASES:
        _timed(s, name, spent)
    docs = s.store
    real_documents = docs.documents

    def documents(ids):
        t = time.perf_counter()
        try:
            return real_documents(ids)
        finally:
            spent["store.documents"] += time.perf_counter() - t

    docs.documents = documents
    out = {}
    for kind, queries in KINDS.items():
        queries = [q.replace("{ref}", "3235/QĐ-UBND") for q in queries]
        per: dict[str, list[float]] = defaultdict(list)
        totals = []
        for q in queries:
            text, _, extra = q.partition("&")
            kw = dict(p.split("=", 1) for p in extra.split("&") if p)
            req = SearchRequest(q=text, **kw)
            s.search(req)  # warm
            for _ in range(repeat):
                spent.clear()
                t = time.perf_counter()
                res = s.search(req)
                per["total"].append((time.perf_counter() - t) * 1000)
                for k, v in spent.items():
                    per[k].append(v * 1000)
                totals.append(res["total"])
        out[kind] = {k: round(statistics.mean(v), 1) for k, v in per.items()}
        out[kind]["hits_median"] = statistics.median(totals)
    s.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("index_dir", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    print(json.dumps(profile(a.index_dir, a.repeat), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
