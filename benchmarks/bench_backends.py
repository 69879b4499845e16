"""Whoosh and Typesense side by side on one generated archive (issue 15).

Reuses the corpus and index of ``benchmarks.bench_scale`` (``var/bench/corpus-N``, ``index-N``;
built first when absent), starts a local Typesense cluster under ``var/bench/cluster-N``, publishes
the index's documents to it (timed: the Typesense share of an index build), then runs the same
queries per kind through a ``Searcher`` on each backend, in this process (the HTTP layer is the
same for both), and checks both answer the same totals. A baseline in the same process (an ``in``
scan of 1,000 texts) makes the figures comparable across machines.

    python -m benchmarks.bench_backends --size 10000
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from benchmarks.bench_scale import QUERIES_PER_KIND, _pct, baseline_scan_ms, drawn_queries
from benchmarks.gencorpus import generate, truth_path
from indexer.store import Store
from pipeline.cluster import Cluster
from pipeline.engine import Engine, sync
from pipeline.index import build_index
from search_api.search import QueryTimeout, Searcher, SearchRequest
from search_api.typesense_backend import typesense_backend

REPO = Path(__file__).resolve().parent.parent


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def requests(truth: dict, per_kind: int = QUERIES_PER_KIND) -> dict[str, list[SearchRequest]]:
    """The queries of ``bench_scale`` per kind, as search requests."""
    return {kind: [SearchRequest(q=q, sort=extra.partition("=")[2] or "relevance") for q, extra in qs]
            for kind, qs in drawn_queries(truth, per_kind).items()}


def timed(searcher: Searcher, reqs: list[SearchRequest]) -> tuple[dict, list[int]]:
    """p50/p95 over ``reqs`` after a warm-up; a query past the search's time budget counts as
    answered at the budget (the user gets the 400 asking to narrow it) and is counted apart."""
    for r in reqs[:2]:  # warm
        _search(searcher, r)
    times, totals, timeouts = [], [], 0
    for r in reqs:
        t = time.perf_counter()
        total = _search(searcher, r)
        times.append((time.perf_counter() - t) * 1000)
        totals.append(total)
        timeouts += total < 0
    return {"p50_ms": _pct(times, 0.5), "p95_ms": _pct(times, 0.95), "timeouts": timeouts}, totals


def _search(searcher: Searcher, r: SearchRequest) -> int:
    try:
        return searcher.search(r)["total"]
    except QueryTimeout:
        return -1


def publish(index: Path, cluster: Cluster, reuse: bool = False) -> dict:
    """Every document of the index's generation into a new collection of the cluster (with
    ``reuse``, nothing when the cluster holds as many documents already)."""
    store = Store(index.resolve())
    n = store.count()
    cfg = cluster.config("bench")
    t = time.perf_counter()
    mode = sync(cfg, n, store.iter_documents, changed=([], []) if reuse else None, previous=n,
                cited=store.cited_counts())
    seconds = time.perf_counter() - t
    store.close()
    nodes = {n_.address: rss_mb(int(n_.pidfile.read_text())) for n_ in cluster.nodes}
    return {"documents": n, "mode": mode, "seconds": round(seconds, 1), "docs_per_s": round(n / seconds),
            "node_rss_MB": nodes, "count": Engine(cfg).settled_count(n)}


def run(size: int, root: Path, nodes: int, port: int, reuse: bool = False, per_kind: int = QUERIES_PER_KIND,
        keep: bool = False) -> dict:
    corpus, index = root / f"corpus-{size}", root / f"index-{size}"
    if not corpus.exists():
        generate(corpus, size, seed=7, tied=size // 10)
    if not index.exists():
        build_index(corpus, index)
    truth = json.loads(truth_path(corpus).read_text("utf-8"))
    cluster = Cluster(root / f"cluster-{size}", size=nodes, port=port)
    t = time.perf_counter()
    cluster.start()
    res: dict = {"size": size, "nodes": nodes, "cluster_start_s": round(time.perf_counter() - t, 1),
                 "date": time.strftime("%Y-%m-%d %H:%M")}
    try:
        res["publish"] = publish(index, cluster, reuse)
        if per_kind:
            res.update(compare(index, cluster, truth, corpus, per_kind))
    finally:
        if not keep:
            cluster.stop()
    (root / f"backends-{size}{'' if per_kind else '-publish'}.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), "utf-8")
    return res


def compare(index: Path, cluster: Cluster, truth: dict, corpus: Path, per_kind: int) -> dict:
    me = __import__("os").getpid()
    before = rss_mb(me)
    wh = Searcher(index)
    after_wh = rss_mb(me)
    ts = Searcher(index, backend=typesense_backend(cluster.config("bench")))
    after_ts = rss_mb(me)
    out: dict = {"baseline_scan_1000_texts_ms": baseline_scan_ms(corpus),
                 "searcher_rss_MB": {"whoosh": round(after_wh - before, 1), "typesense": round(after_ts - after_wh, 1)},
                 "latency": {}, "total_mismatches": []}
    for kind, reqs in requests(truth, per_kind).items():
        w, wt = timed(wh, reqs)
        s, st = timed(ts, reqs)
        out["latency"][kind] = {"whoosh": w, "typesense": s, "total_p50": sorted(wt)[len(wt) // 2]}
        out["total_mismatches"] += [r.q for r, a, b in zip(reqs, wt, st) if a != b and min(a, b) >= 0]
        print(kind, out["latency"][kind], flush=True)
    out["node_rss_after_queries_MB"] = {n.address: rss_mb(int(n.pidfile.read_text())) for n in cluster.nodes}
    wh.close()
    ts.close()
    return out


def table(res: dict) -> str:
    b = res["baseline_scan_1000_texts_ms"]
    rows = ["| kind | Whoosh p50 / p95 ms | Typesense p50 / p95 ms | Typesense p50 ÷ Whoosh p50 | total (p50) |",
            "|---|---|---|---|---|"]
    for kind, v in res["latency"].items():
        w, s = v["whoosh"], v["typesense"]
        ratio = s["p50_ms"] / w["p50_ms"] if w["p50_ms"] else 0
        late = f" ({s['timeouts']} past the budget)" if s["timeouts"] else ""
        rows.append(f"| {kind} | {w['p50_ms']} / {w['p95_ms']} | {s['p50_ms']} / {s['p95_ms']}{late} | {ratio:.2f} | "
                    f"{v['total_p50']} |")
    rows.append(f"| baseline: `in` scan of 1,000 texts | {b} ms | | | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--root", type=Path, default=REPO / "var" / "bench")
    ap.add_argument("--nodes", type=int, default=3)
    ap.add_argument("--port", type=int, default=8208)
    ap.add_argument("--queries", type=int, default=QUERIES_PER_KIND, help="queries per kind")
    ap.add_argument("--reuse", action="store_true", help="keep the cluster's collection when it holds the index")
    ap.add_argument("--keep", action="store_true", help="leave the cluster running (a later --reuse run queries it)")
    a = ap.parse_args(argv)
    res = run(a.size, a.root, a.nodes, a.port, a.reuse, a.queries, a.keep)
    if not a.queries:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print(json.dumps({k: v for k, v in res.items() if k != "latency"}, ensure_ascii=False, indent=1))
    print(table(res))
    return 0 if not res["total_mismatches"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
