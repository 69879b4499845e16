"""``make bench SIZE=N``: the archive-scale benchmark (issues 10 and 17) on N generated plans.

It generates N plans (``benchmarks.gencorpus``: real legal sentences, 22 districts, Zipf-popular
instruments), then measures, each beside a baseline run in the same process:

- the build: per stage (read + extract, pyvi, Whoosh, store, graph), MB/s, peak RSS, index size;
  baseline: pyvi's single-core rate on a sample of the same text, and a regex syllable pass;
- re-indexing: unchanged corpus, then one file edited, one added, one deleted, one put back
  (``vanban index`` is incremental: the graph is updated, not rebuilt);
- the server (``vanban serve``, one worker): seconds to ``/healthz``, RSS after start and after
  the queries;
- query latency p50/p95/p99 per kind over HTTP, warm: citation, one word, several words,
  accentless words, quoted phrase, filters + facets, sort by date, graph cited-by / coverage /
  chain; baseline: a linear ``in`` scan of 1,000 texts.

The corpus and index are kept under ``var/bench/`` and reused when current. Prints JSON.

    python -m benchmarks.bench_scale --size 100000
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parent.parent
PYVI_SAMPLE_BYTES = 1_500_000
QUERIES_PER_KIND = 40

KINDS = {
    "citation": ["3235/QĐ-UBND", "Chỉ thị 19-CT/TU", "quyết định 3235", "{ref}", "{ref}", "{ref}"],
    "one_word": ["ngân sách", "đấu thầu", "môi trường", "phòng cháy", "thanh tra"],
    "several_words": ["cải cách hành chính", "quản lý nhà nước về đất đai", "chuyển đổi số", "an toàn giao thông"],
    "accentless": ["cai cach hanh chinh", "chuyen doi so", "ngan sach nha nuoc", "phong chay chua chay"],
    "phrase": ['"ủy ban nhân dân thành phố"', '"theo quy định của pháp luật"', '"cải cách hành chính"',
               '"thủ tướng chính phủ"'],
    "filters_facets": ["ngân sách district:Quận 1", "type:Kế hoạch year:2022", "cites:3235/QĐ-UBND relation:basis",
                       "district:Huyện Củ Chi from:2021-01-01 to:2022-12-31"],
    "sort_date": ["ngân sách&sort=newest", "3235/QĐ-UBND&sort=oldest", "môi trường&sort=newest"],
}


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


def _dir_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


def baselines(corpus: Path) -> dict:
    """pyvi on one core and a regex syllable pass, on a sample of the corpus's own text."""
    from indexer.tokenize import segment_lines

    text, size = [], 0
    for p in sorted(corpus.glob("*.txt"))[::7]:
        t = p.read_text("utf-8")
        text.append(t)
        size += len(t.encode())
        if size >= PYVI_SAMPLE_BYTES:
            break
    lines = list(dict.fromkeys(ln.strip() for t in text for ln in t.split("\n") if ln.strip()))
    mb = sum(len(ln.encode()) for ln in lines) / 1e6
    t = time.perf_counter()
    segment_lines(lines)
    pyvi_s = time.perf_counter() - t
    t = time.perf_counter()
    for x in text:
        re.findall(r"\w+", x)
    regex_s = time.perf_counter() - t
    return {"sample_MB": round(mb, 2), "pyvi_1core_MB_s": round(mb / pyvi_s, 3),
            "regex_MB_s": round(size / 1e6 / regex_s, 1)}


def build(corpus: Path, index: Path, nbytes: int) -> dict:
    from pipeline.index import build_index

    t = time.perf_counter()
    report = build_index(corpus, index, full=True)
    total = time.perf_counter() - t
    out = {"seconds": round(total, 1), "MB_s": round(nbytes / 1e6 / total, 3), "stages_s": report.seconds,
           "peak_rss_MB": report.peak_rss_mb, "documents": report.documents, "citations": report.citations,
           "index_MB": _dir_mb(index.resolve()),
           "index_parts_MB": {p.name: _dir_mb(p) if p.is_dir() else round(p.stat().st_size / 1e6, 1)
                              for p in index.resolve().iterdir()}}
    out.update(reindex(corpus, index))
    out["cold_vs_unchanged"] = round(total / max(out["reindex_unchanged_s"], 1e-3), 1)
    return out


def _timed_index(corpus: Path, index: Path) -> tuple[float, object]:
    from pipeline.index import build_index

    t = time.perf_counter()
    report = build_index(corpus, index)
    return round(time.perf_counter() - t, 2), report


def reindex(corpus: Path, index: Path) -> dict:
    """Re-index timings: the unchanged corpus, then one file edited, one added, the added one
    deleted, the edited one put back (each a ``vanban index`` of its own, graph updated in place)."""
    out: dict = {}
    out["reindex_unchanged_s"], again = _timed_index(corpus, index)
    out["reindex_unchanged_mode"] = again.mode
    victim = min(corpus.glob("*.txt"))
    original = victim.read_text("utf-8")
    added = corpus / "zz_bench_added.txt"
    steps = [
        ("one_changed", lambda: victim.write_text(original + "\nThực hiện Chỉ thị số 99-CT/TU của Thành ủy.\n", "utf-8")),
        ("one_added", lambda: added.write_text(original.replace("Căn cứ", "Căn cứ Quyết định số 98/QĐ-UBND;\nCăn cứ", 1),
                                               "utf-8")),
        ("one_removed", lambda: added.unlink()),
        ("one_restored", lambda: victim.write_text(original, "utf-8")),
    ]
    for name, change in steps:
        change()
        out[f"reindex_{name}_s"], report = _timed_index(corpus, index)
        out[f"reindex_{name}_stages_s"] = report.seconds
        out[f"reindex_{name}_graph"] = report.graph
    return out


def popular_refs(truth: dict) -> list[str]:
    """The 50 most cited instruments of a generated corpus."""
    return sorted(truth["cites"], key=lambda r: -len(truth["cites"][r]))[:50]


def drawn_queries(truth: dict, per_kind: int = QUERIES_PER_KIND) -> dict[str, list[tuple[str, str]]]:
    """``per_kind`` queries of each kind as ``(q, extra parameters)``, popular instruments drawn
    with one seed: every benchmark asks the same queries of one corpus."""
    rng = random.Random(3)
    popular = popular_refs(truth)
    out: dict[str, list[tuple[str, str]]] = {}
    for kind, qs in KINDS.items():
        out[kind] = []
        for i in range(per_kind):
            q, _, extra = qs[i % len(qs)].replace("{ref}", rng.choice(popular)).partition("&")
            out[kind].append((q, extra))
    return out


def baseline_scan_ms(corpus: Path) -> float:
    """The baseline of every latency figure: an ``in`` scan of the first 1,000 texts, in ms."""
    texts = [p.read_text("utf-8") for p in sorted(corpus.glob("*.txt"))[:1000]]
    t = time.perf_counter()
    for _ in range(5):
        sum(1 for x in texts if "ngân sách" in x)
    return round((time.perf_counter() - t) * 200, 2)


def latency(base: str, corpus: Path, truth: dict) -> dict:
    popular = popular_refs(truth)
    client = httpx.Client(base_url=base, timeout=120)
    ids = [h["id"] for h in client.get("/api/search", params={"q": "kế hoạch", "size": 50}).json()["hits"]]
    out = {}
    urls = {kind: [f"/api/search?q={quote(q)}" + (f"&{extra}" if extra else "") for q, extra in qs]
            for kind, qs in drawn_queries(truth).items()}
    keys = [client.get("/api/resolve", params={"q": r}).json() for r in popular[:10]]
    keys = [k["candidates"][0]["id"] for k in keys if k.get("candidates")]
    urls["graph_cited_by"] = [f"/api/instruments/{quote(k, safe='')}/cited-by" for k in keys] * 4
    urls["graph_coverage"] = [f"/api/instruments/{quote(k, safe='')}/coverage" for k in keys] * 4
    urls["graph_chain"] = [f"/api/graph/chain?id={quote(i, safe='')}&depth=2" for i in ids[:10]] * 4
    for kind, us in urls.items():
        for u in us[:3]:  # warm
            client.get(u)
        times, totals = [], []
        for u in us:
            t = time.perf_counter()
            r = client.get(u)
            times.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise RuntimeError(f"{u}: {r.status_code} {r.text[:300]}")
            totals.append(r.json().get("total", 0) if kind not in ("graph_chain",) else 0)
        out[kind] = {"p50_ms": _pct(times, 0.5), "p95_ms": _pct(times, 0.95), "p99_ms": _pct(times, 0.99),
                     "total_p50": statistics.median(totals) if totals else 0}
    out["baseline_scan_1000_texts_ms"] = baseline_scan_ms(corpus)
    return out


def _save(root: Path, res: dict) -> None:
    """Write what is measured so far (a 100,000-plan run takes hours: a late failure keeps the rest)."""
    (root / f"scale-{res['size']}.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), "utf-8")


def run(size: int, root: Path, reuse: bool = False) -> dict:
    from benchmarks.gencorpus import generate, truth_path
    from benchmarks.load import Server, rss_mb

    root.mkdir(parents=True, exist_ok=True)
    corpus, index = root / f"corpus-{size}", root / f"index-{size}"
    t = time.perf_counter()
    if not truth_path(corpus).exists():
        generate(corpus, size, seed=7, tied=min(300, size // 10))
    truth = json.loads(truth_path(corpus).read_text("utf-8"))
    out = {"size": size, "MB": round(truth["bytes"] / 1e6, 1), "generate_s": round(time.perf_counter() - t, 1),
           "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
           "date": time.strftime("%Y-%m-%d %H:%M")}
    out["baselines"] = baselines(corpus)
    _save(root, out)
    if reuse and index.exists():  # on the index already built: bring it current, re-index, serve
        upgrade_s, report = _timed_index(corpus, index)
        out["build"] = {"reused": str(index.resolve().name), "index_MB": _dir_mb(index.resolve()),
                        "bring_current_s": upgrade_s, "bring_current_mode": report.mode,
                        "bring_current_graph": report.graph}
        _save(root, out)
        out["build"].update(reindex(corpus, index))
    else:
        out["build"] = build(corpus, index, truth["bytes"])
        out["build"]["vs_pyvi_cores"] = round(out["build"]["MB_s"] / (out["baselines"]["pyvi_1core_MB_s"]
                                                                      * os.cpu_count()), 3)
    _save(root, out)
    with Server(index, workers=1) as srv:
        out["server"] = {"start_s": srv.start_s, "rss_MB_after_start": rss_mb(srv.proc.pid)}
        out["latency"] = latency(srv.base, corpus, truth)
        out["server"]["rss_MB_after_queries"] = rss_mb(srv.proc.pid)
    _save(root, out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--root", type=Path, default=REPO / "var" / "bench")
    ap.add_argument("--reuse", action="store_true", help="measure the server on the index already built")
    a = ap.parse_args(argv)
    res = run(a.size, a.root, reuse=a.reuse)
    print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
