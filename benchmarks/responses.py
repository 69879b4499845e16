"""Record the JSON answers of many API requests on a corpus, or compare them with a recording.

Refactors of the storage layer must not change a single answer. ``record`` builds an index of a
corpus, asks every kind of question (searches of each kind with facets, filters, sorts and pages,
document pages, the CSV download, graph queries and exports) and writes the answers to a JSON
file; ``compare`` does the same on the current code and prints every difference (exit 1 if any).
``tests/test_identity.py`` runs the comparison on the seed corpus.

    python -m benchmarks.responses record corpus tests/fixtures/seed_responses.json
    python -m benchmarks.responses compare corpus tests/fixtures/seed_responses.json
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

SEARCHES = [
    "19-CT/TU", "chỉ thị 19", "Chỉ thị số 19-CT/TU", "33/2021/NĐ-CP", "NĐ 33", "kế hoạch",
    "chuyển đổi số", "chuyen doi so", "dan van kheo", '"cải cách hành chính"', '"cai cach hanh chinh"',
    "district:Quận 1", "type:Kế hoạch year:2023", "cites:19-CT/TU relation:implements", "phòng cháy chữa cháy",
    "ủy ban nhân dân", "quận 1", "Nghị định 33/2021",
]
SORTS = ["relevance", "newest", "oldest", "cited"]


def requests_for(client) -> list[str]:
    """Every URL asked: searches × sorts × two page sizes, documents, graph."""
    from urllib.parse import urlencode

    urls = []
    for q in SEARCHES:
        for sort in SORTS:
            for size in (3, 10):
                urls.append("/api/search?" + urlencode({"q": q, "sort": sort, "size": size}))
                urls.append("/api/search?" + urlencode({"q": q, "sort": sort, "size": size, "page": 2}))
        urls.append("/api/search.csv?" + urlencode({"q": q}))
    docs = client.get("/api/documents", params={"size": 1000}).json()["documents"]
    for d in docs:
        urls += [f"/api/documents/{d['id']}", f"/api/documents/{d['id']}/cites"]
    top = client.get("/api/graph/most-cited", params={"limit": 10}).json().get("items", [])
    for item in top:
        key = item["id"]
        urls += [f"/api/instruments/{key}", f"/api/instruments/{key}/cited-by",
                 f"/api/instruments/{key}/coverage", "/api/graph/chain?" + urlencode({"id": key, "direction": "in"})]
    urls += ["/api/graph/most-cited", "/api/graph/missing", "/api/graph/export?format=json"]
    return urls


def answers(corpus: Path) -> dict[str, object]:
    from fastapi.testclient import TestClient

    from indexer.settings import Settings
    from pipeline.index import build_index
    from search_api.app import create_app

    with tempfile.TemporaryDirectory(prefix="vanban-responses-") as tmp:
        build_index(corpus, Path(tmp) / "index", workers=1)
        with TestClient(create_app(Settings(index_dir=Path(tmp) / "index", corpus=corpus))) as client:
            out = {}
            for url in requests_for(client):
                r = client.get(url)
                out[url] = {"status": r.status_code,
                            "body": r.json() if "json" in r.headers.get("content-type", "") else r.text}
            return out


def differences(old: dict, new: dict) -> list[str]:
    out = [f"missing: {u}" for u in old if u not in new] + [f"new: {u}" for u in new if u not in old]
    for url, answer in old.items():
        if url in new and answer != new[url]:
            out.append(f"differs: {url}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["record", "compare"])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("file", type=Path)
    a = ap.parse_args(argv)
    got = answers(a.corpus)
    if a.mode == "record":
        a.file.parent.mkdir(parents=True, exist_ok=True)
        a.file.write_text(json.dumps(got, ensure_ascii=False, indent=0, sort_keys=True), "utf-8")
        print(f"recorded {len(got)} answers → {a.file}")
        return 0
    diffs = differences(json.loads(a.file.read_text("utf-8")), got)
    for d in diffs:
        print(d)
    print(f"{len(got)} answers, {len(diffs)} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
