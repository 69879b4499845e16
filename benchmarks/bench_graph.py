"""Citation-graph query latency on a generated city: 100k documents, a few thousand instruments.

Shape: 24 district-level units (HCMC's 22 plus the former Quận 2 and Quận 9), ~3,000 cited
instruments with Zipf-skewed popularity (a handful of Party directives are cited by tens of
thousands of plans), 5 citations per document (basis / implements / mentions, half of the mentions
flagged ``body_implements``), 500 city-level plans in the corpus that implement city decisions
(so coverage has an indirect tier), a few thousand instrument→instrument relations, and plans
citing earlier plans. Query figures are milliseconds per query and ratios against two baselines
run in the same process: ``dict_lookup`` (1,000 dict lookups) and ``scan`` (a linear pass over
every citation pair to find one instrument's citers — what the graph would cost without its
per-instrument indexes).
"""
from __future__ import annotations

import gc
import random
import statistics
import tempfile
import time
from pathlib import Path

from graph import build_graph, chain, cited_by, coverage, load_graph, most_cited, paths, resolve, save_graph
from indexer.models import (
    Citation,
    Document,
    InstrumentKey,
    InstrumentRelation,
    InstrumentRelationType,
    Mention,
    Relation,
)
from indexer.places import FORMER_HCMC_DISTRICTS, HCMC_DISTRICTS

DISTRICTS = HCMC_DISTRICTS + FORMER_HCMC_DISTRICTS[:2]
CITY = "UBND TP.HCM"


def _date(rng: random.Random, y0: int = 2018, y1: int = 2024) -> str:
    return f"{rng.randint(y0, y1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def make_instruments(rng: random.Random, n: int = 3000) -> list[tuple[InstrumentKey, str, str]]:
    """(key, doc_type, date) of the cited instruments, most popular first."""
    out = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            key, typ = InstrumentKey(f"{i // 4 + 1}-CT/TU", issuer="Thành ủy TP.HCM"), "Chỉ thị"
        elif kind == 1:
            y = rng.randint(2010, 2023)
            key, typ = InstrumentKey(f"{i // 4 + 1}/{y}/NĐ-CP", issuer="Chính phủ", year=y), "Nghị định"
        elif kind == 2:
            y = rng.randint(2016, 2023)
            key, typ = InstrumentKey(f"{i // 4 + 1}/QĐ-UBND", issuer=CITY, year=y), "Quyết định"
        else:
            y = rng.randint(2016, 2023)
            key, typ = InstrumentKey(f"{i // 4 + 1}/KH-UBND", issuer=CITY, year=y), "Kế hoạch"
        out.append((key, typ, _date(rng, key.year or 2015, key.year or 2020)))
    return out


def make_documents(n_docs: int = 100_000, n_instruments: int = 3000, per_doc: int = 5,
                   seed: int = 11) -> list[Document]:
    rng = random.Random(seed)
    insts = make_instruments(rng, n_instruments)
    cum, acc = [], 0.0
    for r in range(len(insts)):  # Zipf, s = 1; cumulative so each draw is a bisection
        acc += 1 / (r + 1)
        cum.append(acc)
    rels = [Relation.BASIS, Relation.IMPLEMENTS, Relation.MENTIONS]
    docs: list[Document] = []
    # City plans in the corpus, each implementing a city decision or a directive.
    n_city = 500
    city_keys = []
    for i in range(n_city):
        target, typ, d = rng.choices(insts, cum_weights=cum)[0]
        date = _date(rng, 2019, 2023)
        number = f"{9000 + i}/KH-UBND"
        city_keys.append(InstrumentKey(number, issuer=CITY, year=int(date[:4])))
        docs.append(Document(
            id=f"city-{i}", file=f"city_{i}.txt", line_start=1, line_end=200, text="", number=number,
            doc_type="Kế hoạch", issuer=CITY, district=None, date=date,
            citations=(Citation(target, typ, Relation.IMPLEMENTS, (Mention(f"{typ} số {target.ref}", 12),),
                                date=d, sentence=f"Thực hiện {typ} số {target.ref}"),)))
    for i in range(n_docs - n_city):
        district = rng.choice(DISTRICTS)
        date = _date(rng)
        cits: dict[str, Citation] = {}
        while len(cits) < per_doc:
            if rng.random() < 0.05:
                key, typ, d = rng.choice(city_keys), "Kế hoạch", None
            elif rng.random() < 0.03 and docs[-1].district == district:
                prev = docs[-1]
                key, typ, d = prev.key(), "Kế hoạch", prev.date
            else:
                key, typ, d = rng.choices(insts, cum_weights=cum)[0]
            rel = rng.choices(rels, cum_weights=[0.2, 0.35, 1.0])[0]
            flags = frozenset({"body_implements"}) if rel is Relation.MENTIONS and rng.random() < 0.5 else frozenset()
            line = rng.randint(5, 150)
            cits.setdefault(key.id, Citation(key, typ, rel, (Mention(f"{typ} số {key.ref}", line),), date=d,
                                             sentence=f"Căn cứ {typ} số {key.ref} …", flags=flags))
        docs.append(Document(
            id=f"d{i}", file=f"plan_{i}.txt", line_start=1, line_end=150, text="", number=f"{i + 1}/KH-UBND",
            doc_type="Kế hoạch", issuer=f"UBND {district}", district=district, date=date,
            citations=tuple(cits.values())))
    # Relations between instruments, stated in some document's text.
    types = list(InstrumentRelationType)
    for j in range(3000):
        (a, _, _), (b, _, _) = rng.sample(insts, 2)
        doc = docs[rng.randrange(len(docs))]
        doc.relations = doc.relations + (InstrumentRelation(a, b, rng.choice(types), "…", 10, doc.file),)
    return docs


def _ms(fn, args_list: list[tuple], repeat: int = 3) -> dict:
    per = []
    for _ in range(repeat):
        for args in args_list:
            t = time.perf_counter()
            fn(*args)
            per.append((time.perf_counter() - t) * 1000)
    per.sort()
    return {"mean_ms": round(statistics.mean(per), 3), "p50_ms": round(per[len(per) // 2], 3),
            "p95_ms": round(per[min(len(per) - 1, int(0.95 * len(per)))], 3), "n": len(per)}


def _time_queries(cg, n_docs: int, rng: random.Random, popular: list[str]) -> dict:
    """Each query kind timed over its sample of instruments, plans and typed numbers."""
    mid = cg.most_cited_order(None)[200:220]
    decisions = [e for e in cg.most_cited_order(None) if "/QĐ-UBND|" in e][:10]
    district_docs = [f"d{rng.randrange(n_docs - 600)}" for _ in range(20)]
    # Path: from a plan to what one of its cited instruments implements (a 2-3 step chain).
    pairs = []
    for d in district_docs:
        for r in cg.out_recs(cg.entity[d]):
            nxt = cg.out_recs(r.dst_entity)
            if nxt:
                pairs.append((d, nxt[0].dst_entity))
                break
        else:
            pairs.append((d, popular[0]))
    texts = ["Chỉ thị 1-CT/TU", "CT 2/TU", "NĐ 1", "Quyết định 3/QĐ-UBND", "Kế hoạch 9001/KH-UBND",
             "12-CT/TU", "chi thi 5 ct tu", "Nghị định 7/2015/NĐ-CP", "Kế hoạch 171/KH-UBND",
             "Quyết định 99999/QĐ-UBND"]
    return {
        "cited_by_top20": _ms(lambda k: cited_by(cg, k, limit=50), [(k,) for k in popular]),
        "cited_by_district_relation": _ms(lambda k: cited_by(cg, k, relation="implements", district="Quận 1",
                                                             limit=50), [(k,) for k in popular]),
        "cited_by_mid": _ms(lambda k: cited_by(cg, k, limit=50), [(k,) for k in mid]),
        "coverage_top_decisions": _ms(lambda k: coverage(cg, k), [(k,) for k in decisions]),
        "coverage_top20": _ms(lambda k: coverage(cg, k), [(k,) for k in popular]),
        "chain_out_depth3": _ms(lambda k: chain(cg, k, "out", 3), [(k,) for k in district_docs]),
        "chain_in_depth3_capped": _ms(lambda k: chain(cg, k, "in", 3, max_children=20, max_nodes=500),
                                      [(k,) for k in mid[:10]]),
        "path": _ms(lambda s, t: paths(cg, s, t), pairs),
        "resolve": _ms(lambda q: resolve(cg, q), [(q,) for q in texts]),
        "most_cited_district": _ms(lambda d: most_cited(cg, district=d), [(d,) for d in DISTRICTS[:10]]),
    }


def _baselines(cg, rng: random.Random, top: str) -> tuple[dict, dict]:
    """Baselines in this process: 1000 dict lookups, and a scan of every citation for one target."""
    lookup = {f"k{i}": i for i in range(10_000)}
    keys = [f"k{rng.randrange(10_000)}" for _ in range(1000)]
    pairs_flat = [(r.src, r.dst) for r in cg.edge_recs()]

    def dict_loop():
        s = 0
        for k in keys:
            s += lookup[k]
        return s

    def scan(target):
        return [u for u, v in pairs_flat if v == target]

    base_dict = _ms(dict_loop, [()] * 20)
    base_scan = _ms(scan, [(top,)], repeat=3)
    return base_dict, base_scan


def run(n_docs: int = 100_000, n_instruments: int = 3000) -> dict:
    """Generate, build, save/load, then time each query kind. Returns the figures."""
    t0 = time.perf_counter()
    docs = make_documents(n_docs, n_instruments)
    t1 = time.perf_counter()
    cg = build_graph(docs)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        save_graph(cg, Path(tmp))
        t3 = time.perf_counter()
        del cg
        gc.collect()
        t3b = time.perf_counter()
        cg = load_graph(Path(tmp))
        t4 = time.perf_counter()
    rng = random.Random(5)
    popular = cg.most_cited_order(None)[:20]
    queries = _time_queries(cg, n_docs, rng, popular)
    base_dict, base_scan = _baselines(cg, rng, popular[0])
    for q in queries.values():
        q["x_dict_lookup"] = round(q["mean_ms"] / base_dict["mean_ms"], 1)
        q["x_scan"] = round(q["mean_ms"] / base_scan["mean_ms"], 4)
    top = popular[0]
    return {
        "documents": len(cg.docs), "instruments": len(cg.instruments), "edges": cg.edge_count,
        "top_instrument": top, "top_instrument_citers": cg.cite_count_of(top),
        "seconds": {"generate": round(t1 - t0, 1), "build": round(t2 - t1, 1), "save": round(t3 - t2, 1),
                    "load_with_indexes": round(t4 - t3b, 1)},
        "baseline_dict_lookup_1000": base_dict, "baseline_scan_all_citations": base_scan,
        "queries": queries,
        "target": "< 5 ms per query (mean) at 100k documents",
    }


if __name__ == "__main__":
    import json
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(json.dumps(run(n), ensure_ascii=False, indent=1))
