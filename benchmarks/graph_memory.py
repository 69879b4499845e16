"""Graph load time and memory at archive scale, from a real index's documents multiplied.

Building a 100,000-plan Whoosh index takes hours on two cores; the graph's size does not need it.
This reads the documents of an index (e.g. 10,000 generated plans), makes ``copies`` renamed copies
of each (same citations, new ids and numbers: ``copies`` × the edges), builds and saves the graph,
then loads it in a fresh process, as the server does, and reports seconds and RSS.

    python -m benchmarks.graph_memory var/bench/index-10000 10
"""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOAD = """
import json, resource, sys, time
t = time.perf_counter()
from graph.build import load_graph
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t1 = time.perf_counter()
cg = load_graph(sys.argv[1])
t2 = time.perf_counter()
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
from graph.queries import cited_by, coverage
top = cg.most_cited_order(None)[:20]
t3 = time.perf_counter()
for k in top:
    cited_by(cg, k, limit=50)
    coverage(cg, k)
t4 = time.perf_counter()
print(json.dumps({"load_s": round(t2 - t1, 1), "rss_MB": round(rss(), 0), "edges": cg.edge_count,
                  "documents": len(cg.docs), "instruments": len(cg.instruments),
                  "cited_by_plus_coverage_ms_mean": round((t4 - t3) * 1000 / max(1, len(top)), 1)}))
"""


def copies_of(docs, copies: int):
    for k in range(copies):
        for d in docs:
            if k == 0:
                yield d
            else:
                yield dataclasses.replace(d, id=f"{d.id}~{k}", number=f"{k}{d.number}" if d.number else None)


def main(argv: list[str] | None = None) -> int:
    from graph.build import build_graph, save_graph
    from indexer.build import read_documents

    args = argv if argv is not None else sys.argv[1:]
    index, copies = Path(args[0]), int(args[1]) if len(args) > 1 else 10
    docs = read_documents(index)
    t0 = time.perf_counter()
    cg = build_graph(list(copies_of(docs, copies)))
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vanban-graph-") as tmp:
        save_graph(cg, tmp)
        t2 = time.perf_counter()
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
        del cg
        out = subprocess.run([sys.executable, "-c", LOAD, tmp], capture_output=True, text=True, check=True)
    res = {"plans": len(docs) * copies, "build_s": round(t1 - t0, 1), "save_s": round(t2 - t1, 1),
           "graph_sqlite_MB": round(size, 1), **json.loads(out.stdout)}
    print(json.dumps(res, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
