"""Citation extraction throughput on one core over the seed corpus repeated.

Reports MB/s of ``extract_citations`` per document (the seed documents, split by gold line ranges
so the figure measures extraction alone) and the ratio against a baseline measured in the same
process: one ``re.findall(r"\\w+")`` pass over the same text (a floor for "touching every
character once in C"). Target from issue #4: ≥ 5 MB/s.
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path

from indexer.citations import CiteContext, extract_citations

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"\w+")


def _documents() -> list[tuple[str, CiteContext]]:
    gold = json.loads((ROOT / "tests/gold/seeds.json").read_text(encoding="utf-8"))
    out = []
    for d in gold["documents"]:
        lines = (ROOT / "corpus" / d["file"]).read_text(encoding="utf-8").split("\n")
        text = unicodedata.normalize("NFC", "\n".join(lines[d["line_start"] - 1:d["line_end"]]))
        out.append((text, CiteContext(number=d["number"], district=d["district"], date=d["date"])))
    return out


def run(repeat: int = 20) -> dict:
    """Measure extraction and the baseline; returns the figures as a dict."""
    docs = _documents()
    mb = sum(len(t.encode("utf-8")) for t, _ in docs) * repeat / 1e6
    t0 = time.perf_counter()
    n = 0
    for _ in range(repeat):
        for text, ctx in docs:
            n += len(extract_citations(text, context=ctx)[0])
    extract_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for text, _ in docs:
            _WORD.findall(text)
    base_s = time.perf_counter() - t0
    return {
        "mb": round(mb, 2),
        "citations": n,
        "extract_mb_s": round(mb / extract_s, 2),
        "baseline_findall_mb_s": round(mb / base_s, 2),
        "extract_vs_baseline": round(base_s / extract_s, 3),
        "target_mb_s": 5.0,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
