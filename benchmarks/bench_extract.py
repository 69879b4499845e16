"""Citation extraction throughput on one core over the seed corpus repeated.

Reports MB/s of ``extract_citations`` per document (the seed documents, split by gold line ranges
so the figure measures extraction alone) and the ratio against a baseline measured in the same
process: one ``re.findall(r"\\w+")`` pass over the same text (a floor for "touching every
character once in C"). Target from issue #4: ≥ 5 MB/s.

The machine is shared: each figure is the median of ``rounds`` rounds, extraction and baseline
timed back to back in every round, and the load average is reported beside them. ``cold`` is one
pass with the extractor's memo caches emptied (only repeats inside a document help); the warm
figure repeats the documents, as a real corpus repeats issuers and symbols across documents.
When ../shared/realdocs (beside the clone) is present, its texts (read in place) are measured too.
"""
from __future__ import annotations

import json
import os
import platform
import re
import statistics
import time
import unicodedata
from pathlib import Path

from indexer import citations, issuers
from indexer.citations import CiteContext, extract_citations
from indexer.cite import find as cite_find
from indexer.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
_SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"  # ../shared beside the clone
REALDOCS = [_SHARED / "docs", _SHARED / "office" / "text"]
_WORD = re.compile(r"\w+")

# The memoized pure helpers of the extractor (functools.lru_cache), emptied for the cold figure;
# looked up by name so that the benchmark also runs against versions without them.
_CACHED = [f for mod, names in ((cite_find, ("_norm_ref", "fold")), (citations, ("_norm_ref", "_suffix", "_number")),
                                (issuers, ("canonical_issuer", "issuer_from_symbol")))
           for name in names if hasattr(f := getattr(mod, name, None), "cache_clear")]


def _documents() -> list[tuple[str, CiteContext]]:
    gold = json.loads((ROOT / "tests/gold/seeds.json").read_text(encoding="utf-8"))
    out = []
    for d in gold["documents"]:
        lines = (ROOT / "corpus" / d["file"]).read_text(encoding="utf-8").split("\n")
        text = unicodedata.normalize("NFC", "\n".join(lines[d["line_start"] - 1:d["line_end"]]))
        out.append((text, CiteContext(number=d["number"], district=d["district"], date=d["date"])))
    return out


def _realdocs() -> list[str]:
    paths = sorted(p for d in REALDOCS if d.is_dir() for p in d.iterdir() if p.is_file())
    return [normalize_text(p.read_text(encoding="utf-8", errors="replace")) for p in paths]


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _mb(texts) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def run(repeat: int = 20, rounds: int = 5) -> dict:
    """Measure extraction and the baseline; returns the figures (medians over ``rounds``) as a dict."""
    docs = _documents()
    texts = [t for t, _ in docs]
    mb = _mb(texts) * repeat

    def extract(items=docs, times=repeat) -> int:
        n = 0
        for _ in range(times):
            for text, ctx in items:
                n += len(extract_citations(text, context=ctx)[0])
        return n

    def baseline(items=texts, times=repeat) -> None:
        for _ in range(times):
            for text in items:
                _WORD.findall(text)

    n = extract(times=1) * repeat
    ext, base, cold = [], [], []
    for _ in range(rounds):
        for f in _CACHED:
            f.cache_clear()
        cold.append(_time(lambda: extract(times=1)))
        ext.append(_time(extract))
        base.append(_time(baseline))
    ext_s, base_s, cold_s = (statistics.median(x) for x in (ext, base, cold))
    out = {
        "mb": round(mb, 2),
        "citations": n,
        "rounds": rounds,
        "extract_mb_s": round(mb / ext_s, 2),
        "extract_mb_s_range": [round(mb / max(ext), 2), round(mb / min(ext), 2)],
        "extract_cold_mb_s": round(mb / repeat / cold_s, 2),
        "baseline_findall_mb_s": round(mb / base_s, 2),
        "extract_vs_baseline": round(base_s / ext_s, 3),
        "target_mb_s": 5.0,
    }
    real = _realdocs()
    if real:
        rmb = _mb(real)
        rext = [_time(lambda: [extract_citations(t) for t in real]) for _ in range(rounds)]
        rbase = [_time(lambda: baseline(real, 1)) for _ in range(rounds)]
        out["realdocs_mb"] = round(rmb, 2)
        out["realdocs_extract_mb_s"] = round(rmb / statistics.median(rext), 2)
        out["realdocs_extract_vs_baseline"] = round(statistics.median(rbase) / statistics.median(rext), 3)
    out["machine"] = {"nproc": os.cpu_count(), "python": platform.python_version(),
                      "loadavg": [round(x, 2) for x in os.getloadavg()]}
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
