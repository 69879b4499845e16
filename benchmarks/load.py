"""``make load``: a bounded mixed-query load test against a real ``vanban serve`` on loopback.

It starts the server (``--workers`` processes) on an index of a generated corpus, asks every URL of
a mixed query set once, alone, to get the reference answer, then runs ``--clients`` concurrent
clients for ``--seconds`` and checks every response: status 200 and a body identical to the answer
given alone. It prints throughput, p50/p95/p99 per kind, errors by kind and the server's RSS, and
exits 1 on any 5xx, connection error or differing answer.

Traffic goes to 127.0.0.1 only; every loop is bounded in time and count.

    python -m benchmarks.load --docs 1000 --clients 50,200 --seconds 30 --workers 1,2
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Self
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parent.parent
# Hard ceiling on requests per run, whatever --seconds says: the loop can never run away.
MAX_REQUESTS = 200_000

SEARCHES = {
    "citation": ["Chỉ thị 19-CT/TU", "19/CT-TU", "CT 19/TU", "Nghị định 33/NĐ-CP", "chi thi 19 ct tu"],
    "words": ["chuyển đổi số", "cải cách hành chính", "bạo lực gia đình", "Quận 1", "dân vận khéo"],
    "accentless": ["chuyen doi so", "dan van kheo", "cai cach hanh chinh", "phong chong"],
    "phrase": ['"không để ai bị bỏ lại phía sau"', '"kiểm soát hiệu quả"', '"ủy ban nhân dân"'],
    "filters": ["chuyển đổi số district:Quận 1", "year:2022", "type:Kế hoạch", "cites:19-CT/TU"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mixed_urls(base: str, client: httpx.Client) -> list[tuple[str, str]]:
    """(kind, url) pairs: searches of every kind, sorts and pages, document pages, graph queries."""
    urls = []
    for kind, qs in SEARCHES.items():
        for q in qs:
            urls.append((kind, f"/api/search?q={quote(q)}"))
            urls.append((kind, f"/api/search?q={quote(q)}&page=2&size=7&sort=newest"))
    ids = [h["id"] for h in client.get(f"{base}/api/search", params={"q": "", "size": 20}).json()["hits"]]
    urls += [("document", f"/api/documents/{quote(i, safe='')}") for i in ids[:10]]
    urls += [("web", "/?q=" + quote("chuyển đổi số")), ("web", f"/documents/{quote(ids[0], safe='')}")]
    top = client.get(f"{base}/api/graph/most-cited", params={"limit": 5}).json()
    keys = [r["id"] for r in top.get("instruments", top.get("items", []))][:5]
    for k in keys:
        urls.append(("graph", f"/api/instruments/{quote(k, safe='')}/cited-by"))
        urls.append(("graph", f"/api/instruments/{quote(k, safe='')}/coverage"))
        urls.append(("graph", f"/api/graph/chain?id={quote(k, safe='')}&direction=in&depth=2"))
    return urls


def reference_answers(base: str, urls: list[tuple[str, str]]) -> dict[str, tuple[int, bytes]]:
    with httpx.Client(timeout=60) as c:
        return {u: (r.status_code, r.content) for _, u in urls for r in [c.get(base + u)]}


async def _client_loop(base: str, urls, expected, deadline: float, stats: dict, rng: random.Random,
                       http: httpx.AsyncClient) -> None:
    while time.monotonic() < deadline and stats["n"] < MAX_REQUESTS:
        kind, url = rng.choice(urls)
        stats["n"] += 1
        t = time.perf_counter()
        try:
            r = await http.get(base + url)
        except httpx.HTTPError as e:
            stats["errors"][f"connection: {type(e).__name__}"] += 1
            continue
        stats["lat"][kind].append((time.perf_counter() - t) * 1000)
        if r.status_code >= 500:
            stats["errors"][f"http {r.status_code}"] += 1
        elif (r.status_code, r.content) != expected[url]:
            stats["errors"]["differs from the answer alone"] += 1
            stats["examples"].append(url)


async def run_load(base: str, urls, expected, clients: int, seconds: float, seed: int = 1) -> dict:
    """``clients`` concurrent clients for ``seconds``; every response checked against ``expected``."""
    stats = {"n": 0, "lat": defaultdict(list), "errors": Counter(), "examples": []}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    deadline = time.monotonic() + seconds
    t0 = time.perf_counter()
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        await asyncio.gather(*(_client_loop(base, urls, expected, deadline, stats,
                                            random.Random(seed * 1000 + i), http) for i in range(clients)))
    wall = time.perf_counter() - t0
    all_lat = [x for v in stats["lat"].values() for x in v]
    return {
        "clients": clients, "seconds": round(wall, 1), "requests": stats["n"],
        "ok": len(all_lat) - sum(v for k, v in stats["errors"].items() if not k.startswith("connection")),
        "throughput_rps": round(stats["n"] / wall, 1),
        "latency_ms": {k: _percentiles(v) for k, v in sorted(stats["lat"].items())} | {"all": _percentiles(all_lat)},
        "errors": dict(stats["errors"]), "differing_urls": sorted(set(stats["examples"]))[:10],
    }


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    v = sorted(values)
    pick = lambda q: round(v[min(len(v) - 1, int(q * len(v)))], 1)
    return {"n": len(v), "p50": round(statistics.median(v), 1), "p95": pick(0.95), "p99": pick(0.99)}


def rss_mb(pid: int) -> dict:
    """RSS of a process and its children (uvicorn's worker processes), from /proc."""
    out = {}
    pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()] \
        if Path(f"/proc/{pid}").exists() else []
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[p] = round(int(line.split()[1]) / 1024, 1)
        except OSError:
            continue
    return out


class Server:
    """``vanban serve`` in a subprocess on a free loopback port, stopped on exit."""

    def __init__(self, index_dir: Path, workers: int = 1):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "VANBAN_WORKERS": str(workers)}
        exe = shutil.which("vanban", path=str(Path(sys.executable).parent)) or "vanban"
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen([exe, "serve", "--index-dir", str(index_dir), "--port", str(self.port)],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.start_s = self._wait()

    def _wait(self, timeout: float = 180) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return round(time.perf_counter() - self.t0, 2)
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not answer /healthz in time")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def prepare_index(n_docs: int, root: Path) -> Path:
    """A generated corpus of ``n_docs`` plans and its index under ``root`` (reused when present)."""
    from benchmarks.bench_search import make_corpus
    from indexer.layout import INDEX_VERSION, has_manifest, read_manifest
    from pipeline.index import build_index

    corpus, index = root / f"corpus-{n_docs}", root / f"index-{n_docs}"
    current = has_manifest(index) and read_manifest(index).get("index_version") == INDEX_VERSION
    if not current:
        shutil.rmtree(corpus, ignore_errors=True)
        make_corpus(corpus, n_docs)
        print(f"building the index of {n_docs} generated plans in {index} …", file=sys.stderr)
        build_index(corpus, index)
    return index


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="generated plans (default 1000)")
    ap.add_argument("--index-dir", type=Path, help="use this index instead of a generated one")
    ap.add_argument("--clients", default="50,200", help="concurrent clients, comma-separated")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", default="1,2", help="server worker processes, comma-separated")
    ap.add_argument("--root", type=Path, default=REPO / "var" / "load")
    args = ap.parse_args(argv)
    index = args.index_dir or prepare_index(args.docs, args.root)
    failed = False
    for workers in [int(w) for w in args.workers.split(",")]:
        with Server(index, workers) as srv:
            with httpx.Client(timeout=60) as c:
                urls = mixed_urls(srv.base, c)
            expected = reference_answers(srv.base, urls)
            for clients in [int(c) for c in args.clients.split(",")]:
                res = asyncio.run(run_load(srv.base, urls, expected, clients, args.seconds))
                res.update(workers=workers, start_s=srv.start_s, server_rss_mb=rss_mb(srv.proc.pid))
                print(json.dumps(res, ensure_ascii=False))
                failed |= bool(res["errors"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
