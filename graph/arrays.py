"""The citation graph's integer arrays, computed from columns: node kinds, entities, districts and
dates; edges sorted for in- and out-slices; citation counts per entity and relation. Also the
resolver's table rows (ref skeletons, document numbers, names) of a graph's nodes. Used by the
builder (``graph.build`` via ``CitationGraph.from_nx``), the store (``graph.store``) and the
incremental update (``graph.update``), so the three compute one thing one way."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

import networkx as nx
import numpy as np

from indexer.refs import fold_ref, ref_parts
from indexer.terms import ALL_RELATIONS

REL_CODE = {r: i for i, r in enumerate(ALL_RELATIONS)}
F_BODY_IMPLEMENTS, F_UNRESOLVED = 1, 2

# name -> dtype of the arrays a saved graph holds (``graph.store`` writes and maps them).
NODE_ARRAYS = {"is_doc": np.bool_, "ent": np.int32, "district": np.int16, "date": np.int32,
               "missing": np.bool_, "id_rank": np.int32, "cite_count": np.int32, "cite_rel": np.int32}
EDGE_ARRAYS = {"e_src": np.int32, "e_dst": np.int32, "e_rel": np.int8, "e_flags": np.int8,
               "e_line": np.int32, "e_row": np.int32, "in_ptr": np.int64, "out_idx": np.int32,
               "out_ptr": np.int64}
ARRAYS = {**NODE_ARRAYS, **EDGE_ARRAYS}


class MemTables:
    """The resolver's tables of a graph built in memory (``graph.store`` writes the same rows)."""

    def __init__(self, g: nx.MultiDiGraph, ids: list[str]) -> None:
        self._skel: dict[str, list] = defaultdict(list)
        self._numbers: dict[str, list[str]] = defaultdict(list)
        self._names: list[tuple[str, str]] = []
        for kind, a, b, c, d in table_rows(g._node, ids):
            if kind == "skeleton":
                self._skel[a].append((b, c, frozenset(d)))
            elif kind == "number":
                self._numbers[a].append(b)
            else:
                self._names.append((a, b))

    def skeletons(self, number: str) -> list:
        return self._skel.get(number, [])

    def numbers(self, number: str) -> list[str]:
        return list(self._numbers.get(number, []))

    def names(self) -> list[tuple[str, str]]:
        return self._names


def table_rows(nodes: Mapping[str, dict], ids: Iterable[str]) -> Iterator[tuple]:
    """Rows of the resolver's tables: ``("skeleton", number, entity, year, letters)`` for every
    ref of an instrument or document number, ``("number", number, document, None, None)``,
    ``("name", folded name, instrument, None, None)``. ``nodes``: node id → attributes (every
    instrument a document of ``ids`` is must be there)."""
    ids = list(ids)
    seen: set[tuple] = set()

    def skeleton(ref: str, ent: str):
        number, year, letters = ref_parts(ref)
        item = (number, ent, year, tuple(sorted(set(letters))))
        if number and item not in seen:
            seen.add(item)
            yield ("skeleton", *item)

    for n in ids:
        a = nodes[n]
        if a["kind"] != "document":
            if a.get("ref"):
                yield from skeleton(a["ref"], n)
            if a.get("name"):  # a numbered law's name too (``Luật Đất đai`` of 31/2024/QH15)
                yield ("name", " ".join(fold_ref(a["name"]).split()), n, None, None)
    for n in ids:
        a = nodes[n]
        if a["kind"] != "document":
            continue
        if a.get("number"):
            yield ("number", a["number"], n, None, None)
        ent = a.get("instrument") or n
        own = nodes[ent].get("ref") if ent != n else None
        for ref in [a.get("number")] + list(a.get("number_variants") or []):
            if ref and ref != own:  # the twin instrument's ref is indexed already
                yield from skeleton(ref, ent)


def arrays_from_columns(ids: list[str], is_doc: np.ndarray, ent: np.ndarray, node_district: list[str | None],
                        node_date: list[str | None], missing: np.ndarray, edges: dict[str, np.ndarray],
                        plans: int) -> tuple[dict[str, np.ndarray], dict]:
    """The query arrays and meta of a graph given as columns: per node its kind, entity (integer),
    district, date and missing flag; per edge (any order) ``src``, ``dst`` (integers), ``rel``
    (code), ``flags``, ``line`` and ``row`` (its evidence's row in the store, which also breaks ties).

    In-edges are grouped by target entity, newest citer first (undated last, by source id), then
    by target id and relation; out-edges by source entity, then relation, target id and source id
    (an entity's documents cite alike). The order never depends on rows, which a re-index renumbers."""
    districts = sorted({d for d in node_district if d})
    dates = sorted({d for d in node_date if d})
    a = _node_arrays(ids, is_doc, ent, node_district, node_date, missing, districts, dates)
    order = _in_order(a, edges, len(dates))
    for name, col, dtype in (("e_src", "src", np.int32), ("e_dst", "dst", np.int32), ("e_rel", "rel", np.int8),
                             ("e_flags", "flags", np.int8), ("e_line", "line", np.int32), ("e_row", "row", np.int32)):
        a[name] = np.asarray(edges[col], dtype=np.int64)[order].astype(dtype)
    _slices(a)
    _citation_counts(a)
    n, ndocs = len(ids), int(np.count_nonzero(a["is_doc"]))
    meta = {
        "districts": districts, "dates": dates,
        "districts_seen": sorted({d for d, doc in zip(node_district, a["is_doc"].tolist()) if doc and d}),
        "stats": {"documents": ndocs, "instruments": n - ndocs, "missing": int(a["missing"].sum()),
                  "edges": len(edges["src"]), "plans": plans, "cited": int(np.count_nonzero(a["cite_count"]))},
    }
    return a, meta


def _node_arrays(ids: list[str], is_doc: np.ndarray, ent: np.ndarray, node_district: list[str | None],
                 node_date: list[str | None], missing: np.ndarray, districts: list[str],
                 dates: list[str]) -> dict[str, np.ndarray]:
    """Per node: kind, entity, district and date codes, missing flag, rank of its id."""
    n = len(ids)
    dcode, tcode = {d: i for i, d in enumerate(districts)}, {d: i for i, d in enumerate(dates)}
    id_rank = np.empty(n, dtype=np.int32)
    id_rank[np.array(sorted(range(n), key=ids.__getitem__), dtype=np.int64)] = np.arange(n, dtype=np.int32)
    return {
        "is_doc": np.asarray(is_doc, dtype=np.bool_),
        "ent": np.asarray(ent, dtype=np.int32),
        "district": np.array([dcode.get(x, -1) if x else -1 for x in node_district], dtype=np.int16),
        "date": np.array([tcode.get(x, -1) if x else -1 for x in node_date], dtype=np.int32),
        # missing: an entity's own instrument only (an alias is counted in the one it is)
        "missing": np.asarray(missing, dtype=np.bool_) & ~np.asarray(is_doc, dtype=np.bool_)
        & (np.asarray(ent, dtype=np.int64) == np.arange(n)),
        "id_rank": id_rank,
    }


def _in_order(a: dict[str, np.ndarray], edges: dict[str, np.ndarray], ndates: int) -> np.ndarray:
    """The permutation of the edges into in-order: target entity, dated first, newest first,
    source id (descending when dated), relation."""
    n, id_rank = len(a["ent"]), a["id_rank"]
    src = np.asarray(edges["src"], dtype=np.int64)
    dst = np.asarray(edges["dst"], dtype=np.int64)
    rel = np.asarray(edges["rel"], dtype=np.int64)
    sdate = a["date"][src].astype(np.int64)
    dated = sdate >= 0
    srank = id_rank[src].astype(np.int64)
    # One int64 key where the bits allow (a 7-key lexsort of 3.4M edges took 2 s, one argsort 0.4 s).
    # (source, target, relation) is unique; a source citing two targets of one entity (a short form
    # and the full number it is an alias of) ties on the key: those runs are ordered by target id,
    # so an updated graph lists them as a full build does (not in the order edges were appended).
    nb, db, rb = max(1, n.bit_length()), max(1, ndates.bit_length()), len(ALL_RELATIONS).bit_length()
    k_src = np.where(dated, n - 1 - srank, srank)
    k_date = np.where(dated, ndates - 1 - sdate, 0)
    row = np.asarray(edges["row"], dtype=np.int64)
    if 2 * nb + db + 1 + rb <= 62:
        key = ((((a["ent"][dst].astype(np.int64) << 1 | ~dated) << db | k_date) << nb | k_src) << rb) | rel
        order = np.argsort(key, kind="stable")
        ks = key[order]
        tie = np.flatnonzero(ks[1:] == ks[:-1])
        if len(tie):
            at = np.unique(np.concatenate([tie, tie + 1]))
            sub = order[at]
            order[at] = sub[np.lexsort((row[sub], id_rank[dst[sub]], key[sub]))]
        return order
    return np.lexsort((row, rel, id_rank[dst], k_src, k_date, ~dated, a["ent"][dst]))


def _slices(a: dict[str, np.ndarray]) -> None:
    """``in_ptr`` (each entity's slice of the in-ordered edges), and the out-order permutation
    ``out_idx`` with its slices ``out_ptr``: source entity, relation, target id, source id."""
    n, id_rank = len(a["ent"]), a["id_rank"]
    nb, rb = max(1, n.bit_length()), len(ALL_RELATIONS).bit_length()
    dst_ent = a["ent"][a["e_dst"]]
    a["in_ptr"] = np.concatenate(([0], np.cumsum(np.bincount(dst_ent, minlength=n)))).astype(np.int64)
    src_ent = a["ent"][a["e_src"]]
    if 3 * nb + rb <= 62:
        k_out = (((src_ent.astype(np.int64) << rb | a["e_rel"]) << nb | id_rank[a["e_dst"]]) << nb
                 | id_rank[a["e_src"]])
        a["out_idx"] = np.argsort(k_out, kind="stable").astype(np.int32)
    else:
        a["out_idx"] = np.lexsort((a["e_row"], id_rank[a["e_src"]], id_rank[a["e_dst"]], a["e_rel"],
                                   src_ent)).astype(np.int32)
    a["out_ptr"] = np.concatenate(([0], np.cumsum(np.bincount(src_ent, minlength=n)))).astype(np.int64)


def _citation_counts(a: dict[str, np.ndarray]) -> None:
    """Citations by documents, per target entity (``cite_count``) and per relation (``cite_rel``)."""
    n, nrel = len(a["ent"]), len(ALL_RELATIONS)
    doc_src = a["is_doc"][a["e_src"]]
    targets = a["ent"][a["e_dst"]][doc_src].astype(np.int64)
    a["cite_count"] = np.bincount(targets, minlength=n).astype(np.int32)
    a["cite_rel"] = np.bincount(targets * nrel + a["e_rel"][doc_src], minlength=n * nrel).reshape(n, nrel).astype(np.int32)


def edge_code(data: dict) -> tuple[int, int, int]:
    """``(relation code, flags, first line)`` of an edge's attributes."""
    flags = ((F_BODY_IMPLEMENTS if data.get("body_implements") else 0)
             | (F_UNRESOLVED if "unresolved" in (data.get("flags") or ()) else 0))
    line = data.get("line")
    return REL_CODE[data["relation"]], flags, line if line is not None else -1


def arrays_from_nx(g: nx.MultiDiGraph) -> tuple[dict[str, np.ndarray], list[str], dict]:
    """The arrays, ids and meta of a graph whose nodes and edges carry every attribute."""
    ids = list(g.nodes)
    index = {n: i for i, n in enumerate(ids)}
    attrs = [g._node[n] for n in ids]
    is_doc = [a["kind"] == "document" for a in attrs]
    # a document is the instrument it is; a short instrument is the one it is an alias of (graph.aliases)
    ent = [index[(a.get("instrument") or n) if doc else (a.get("alias_of") or n)] for n, a, doc in zip(ids, attrs, is_doc)]
    cols: dict[str, list] = {"src": [], "dst": [], "rel": [], "flags": [], "line": []}
    for u, v, k, d in g.edges(keys=True, data=True):
        if k != d["relation"]:
            raise ValueError(f"edge {u} → {v} keyed {k!r}, not by its relation {d['relation']!r}")
        cols["src"].append(index[u])
        cols["dst"].append(index[v])
        for name, x in zip(("rel", "flags", "line"), edge_code(d)):
            cols[name].append(x)
    edges = {k: np.array(v, dtype=np.int64) for k, v in cols.items()}
    edges["row"] = np.arange(1, len(cols["src"]) + 1, dtype=np.int64)
    plans = sum(1 for x, doc in zip(attrs, is_doc) if doc and x.get("type") == "Kế hoạch")
    a, meta = arrays_from_columns(ids, np.array(is_doc, dtype=np.bool_), np.array(ent, dtype=np.int32),
                                  [x.get("district") for x in attrs], [x.get("date") for x in attrs],
                                  np.array([bool(x.get("missing")) for x in attrs], dtype=np.bool_), edges, plans)
    return a, ids, meta
