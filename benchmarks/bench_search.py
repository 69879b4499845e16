"""Index build and search latency on a generated corpus made of the seed documents' real lines.

Figures are printed as ratios against baselines run in the same process, so they compare across
machines: build throughput against a plain regex syllable pass over the same text, query latency
against a linear ``in`` scan of every document's text for the same words.
"""
from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from indexer.tokenize import syllables

REPO = Path(__file__).resolve().parent.parent

QUERIES = {
    "citation": ["Chỉ thị 19-CT/TU", "19/CT-TU", "Nghị định 33/NĐ-CP", "131/2020/QH14"],
    "words": ["chuyển đổi số", "cải cách hành chính", "bạo lực gia đình", "Quận 1"],
    "accentless": ["chuyen doi so", "dan van kheo", "cai cach hanh chinh"],
    "phrase": ['"không để ai bị bỏ lại phía sau"', '"kiểm soát hiệu quả dịch COVID-19"'],
    "filter+facets": ["chuyển đổi số district:Quận 1", "year:2022"],
}


def make_corpus(out: Path, n_docs: int, seed: int = 7) -> int:
    """Write ``n_docs`` generated plans (``benchmarks.gencorpus``: real legal sentences, 22
    districts, Zipf-popular instruments); returns their size in bytes."""
    from benchmarks.gencorpus import generate

    return generate(out, n_docs, seed=seed, tied=n_docs // 10)["bytes"]


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(n_docs: int = 300, repeat: int = 5) -> dict:
    from pipeline.index import build_index, read_documents
    from search_api.search import Searcher, SearchRequest

    tmp = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    try:
        nbytes = make_corpus(tmp / "corpus", n_docs)
        texts = [p.read_text("utf-8") for p in sorted((tmp / "corpus").glob("*.txt"))]
        t = time.perf_counter()
        for tx in texts:
            syllables(tx)
        base_tok = time.perf_counter() - t
        t = time.perf_counter()
        report = build_index(tmp / "corpus", tmp / "index")
        build_s = time.perf_counter() - t
        mb = nbytes / 1e6
        out = {"docs": report.documents, "MB": round(mb, 2), "build_s": round(build_s, 2),
               "build_MB_s": round(mb / build_s, 3), "stages_s": report.seconds,
               "baseline_regex_MB_s": round(mb / base_tok, 1),
               "build_vs_regex": round(base_tok / build_s, 4)}
        s = Searcher(tmp / "index")
        docs = read_documents(tmp / "index")
        for qs in QUERIES.values():  # warm up: pyvi's model and Whoosh's term caches load once
            s.search(SearchRequest(q=qs[0], size=10))
        lat = {}
        for kind, qs in QUERIES.items():
            times, scans = [], []
            for q in qs:
                for _ in range(repeat):
                    t = time.perf_counter()
                    s.search(SearchRequest(q=q, size=10))
                    times.append((time.perf_counter() - t) * 1000)
                    words = q.strip('"').split()[:2]
                    t = time.perf_counter()
                    sum(1 for d in docs if all(w in d.text for w in words))
                    scans.append((time.perf_counter() - t) * 1000)
            lat[kind] = {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(_p(times, 0.95), 2),
                         "scan_p50_ms": round(statistics.median(scans), 2),
                         "vs_scan": round(statistics.median(times) / max(statistics.median(scans), 1e-6), 2)}
        out["search"] = lat
        s.close()
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=1))
