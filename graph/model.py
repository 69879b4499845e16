"""The citation graph as integer arrays: built in memory, saved beside the index, memory-mapped by the server.

Queries must answer in milliseconds at 100,000 plans, where one Party directive is cited by tens of
thousands of plans, and a server must start in seconds. The graph used to be loaded whole into
networkx with one Python record per edge (134 s and 2.2 GB at 100k plans); now its query indexes
are numpy arrays computed once by the indexer and memory-mapped by every server process (the
operating system shares their pages between workers):

* nodes are integers (``ids[i]`` is the node id); a document and the instrument it *is* are one
  entity (``ent[i]``, the instrument), so chains and cited-by pass through a plan's twin;
* edges are rows of parallel columns (source, target, relation code, flags, first line, row of
  the edge's evidence in ``graph.sqlite``), sorted by target entity, newest citer first
  (``in_ptr`` slices them), with a permutation sorted by source entity (``out_idx``/``out_ptr``);
* citation counts per entity and relation are precomputed; per-district counts, tiers of the
  coverage table and cited-by buckets are numpy masks over one entity's slice, per request;
* node attributes (labels, titles, files), an edge's evidence (sentence, lines, surfaces) and the
  resolver's ref skeletons and names are read from ``graph.sqlite`` when a response needs them.

networkx stays the graph library of the builder and of exports (``full_graph``), which stream
every attribute from the store. A graph just built keeps its networkx graph (``g``) and answers
from it; a loaded one has ``g = None`` and a :class:`graph.store.GraphStore`.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

import networkx as nx
import numpy as np

from indexer.refs import fold_ref, ref_parts
from indexer.terms import ALL_RELATIONS

TIER1 = frozenset({"basis", "implements"})
REL_CODE = {r: i for i, r in enumerate(ALL_RELATIONS)}
TIER1_CODES = tuple(sorted(REL_CODE[r] for r in TIER1))
F_BODY_IMPLEMENTS, F_UNRESOLVED = 1, 2

# name -> dtype of the arrays a saved graph holds (``graph.store`` writes and maps them).
NODE_ARRAYS = {"is_doc": np.bool_, "ent": np.int32, "district": np.int16, "date": np.int32,
               "missing": np.bool_, "id_rank": np.int32, "cite_count": np.int32, "cite_rel": np.int32}
EDGE_ARRAYS = {"e_src": np.int32, "e_dst": np.int32, "e_rel": np.int8, "e_flags": np.int8,
               "e_line": np.int32, "e_row": np.int32, "in_ptr": np.int64, "out_idx": np.int32,
               "out_ptr": np.int64}
ARRAYS = {**NODE_ARRAYS, **EDGE_ARRAYS}


class EdgeRec(NamedTuple):
    """One edge seen from the entity level (``src``/``dst`` are graph nodes, ``key`` the edge key)."""

    src: str
    dst: str
    key: str  # the builder keys every edge by its relation
    relation: str
    src_entity: str
    dst_entity: str
    district: str | None  # of the source
    date: str | None  # of the source
    body_implements: bool
    line: int | None  # first line of the evidence
    row: int = -1  # the edge's row in graph.sqlite (its evidence)
    unresolved: bool = False


def label(attrs: dict) -> str:
    """Display name: ``Chỉ thị số 19-CT/TU``, ``Luật Giáo dục``, ``Kế hoạch số 171/KH-UBND``."""
    ref = attrs.get("ref") if attrs["kind"] == "instrument" else attrs.get("number")
    typ = attrs.get("type")
    if ref:
        return f"{typ} số {ref}" if typ else ref
    return attrs.get("name") or attrs.get("title") or "?"


class Recs(Sequence):
    """Edge records selected by positions in the edge columns, made into :class:`EdgeRec` only
    when read (``len`` and a page of a 50,000-citer list cost what the page costs)."""

    __slots__ = ("cg", "idx")

    def __init__(self, cg: CitationGraph, idx: np.ndarray) -> None:
        self.cg, self.idx = cg, idx

    def __len__(self) -> int:
        return len(self.idx)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.cg._recs(self.idx[i])
        return self.cg._recs(self.idx[i:i + 1] if i >= 0 else self.idx[i:][:1])[0]

    def __iter__(self) -> Iterator[EdgeRec]:
        for start in range(0, len(self.idx), 4096):
            yield from self.cg._recs(self.idx[start:start + 4096])

    def __bool__(self) -> bool:
        return len(self.idx) > 0


_EMPTY = np.zeros(0, dtype=np.int64)


class _EntityView:
    """``cg.entity[node]``: the entity (instrument id, or the document's own id) of a node."""

    __slots__ = ("cg",)

    def __init__(self, cg: CitationGraph) -> None:
        self.cg = cg

    def __getitem__(self, n: str) -> str:
        cg = self.cg
        return cg.ids[int(cg.ent[cg.index[n]])]

    def get(self, n: str, default=None):
        return self[n] if n in self.cg.index else default

    def __contains__(self, n: str) -> bool:
        return n in self.cg.index


class _KindSet:
    """``cg.docs`` / ``cg.instruments``: the node ids of one kind, as a read-only set."""

    __slots__ = ("cg", "docs")

    def __init__(self, cg: CitationGraph, docs: bool) -> None:
        self.cg, self.docs = cg, docs

    def __contains__(self, n: str) -> bool:
        i = self.cg.index.get(n)
        return i is not None and bool(self.cg.is_doc[i]) == self.docs

    def __len__(self) -> int:
        n = int(np.count_nonzero(self.cg.is_doc))
        return n if self.docs else len(self.cg.ids) - n

    def __iter__(self) -> Iterator[str]:
        ids = self.cg.ids
        mask = self.cg.is_doc if self.docs else ~np.asarray(self.cg.is_doc)
        return (ids[i] for i in np.flatnonzero(mask).tolist())


class CitationGraph:
    """The citation graph of a corpus: integer arrays for queries, attributes in ``g`` or the store."""

    def __init__(self, arrays: dict[str, np.ndarray], ids: list[str], meta: dict, *,
                 g: nx.MultiDiGraph | None = None, store=None,
                 tables: _MemTables | None = None) -> None:
        for name in ARRAYS:
            setattr(self, name, arrays[name])
        self.ids = ids
        self.index = {n: i for i, n in enumerate(ids)}
        self.g = g  # every attribute, when built in memory; None when loaded from an index
        self.store = store  # graph.store.GraphStore when loaded from an index
        self._tables = tables if tables is not None else store
        self.district_names: list[str] = meta["districts"]
        self.date_strs: list[str] = meta["dates"]
        self.districts_seen: tuple[str, ...] = tuple(meta["districts_seen"])
        self.stats: dict = meta["stats"]
        self.edge_count = len(self.e_src)
        self.entity = _EntityView(self)
        self.docs = _KindSet(self, True)
        self.instruments = _KindSet(self, False)
        self._most_cited_cache: dict[str | None, tuple] = {}
        self._labels: dict[str, str] = {}
        self._ranking_cache: dict[tuple, list[str]] = {}
        self._names: list[tuple[str, str]] | None = None
        self._dst_ent: np.ndarray | None = None
        self._by_entity: np.ndarray | None = None
        self._entity_sorted: np.ndarray | None = None
        if store is not None:
            self._node_attrs = lru_cache(maxsize=50_000)(store.node_attrs)
        self.tallies: dict | None = None  # instrument id → graph.tally.Tally, when built in memory

    @classmethod
    def from_nx(cls, g: nx.MultiDiGraph) -> CitationGraph:
        """Compute the arrays of a graph just built (every attribute on its nodes and edges)."""
        arrays, ids, meta = _arrays_from_nx(g)
        return cls(arrays, ids, meta, g=g, tables=_MemTables(g, ids))

    # -- nodes ------------------------------------------------------------------------------------

    def __contains__(self, n: object) -> bool:
        return n in self.index

    def node(self, n: str) -> dict:
        """Every attribute of a node (read-only: shared with other requests)."""
        if self.g is not None:
            return self.g._node[n]
        if n not in self.index:
            raise KeyError(n)
        return self._node_attrs(n)

    def label(self, n: str) -> str:
        """Display label of a node, cached (the graph never changes once built)."""
        lab = self._labels.get(n)
        if lab is None:
            lab = self._labels[n] = label(self.node(n))
        return lab

    def is_document(self, n: str) -> bool:
        return n in self.docs

    def entity_node(self, ent: str) -> dict:
        """Attributes describing an entity: the instrument node, else the document node."""
        return self.node(ent)

    def members_of(self, ent: str) -> list[str]:
        """The nodes of an entity: the instrument first, then its documents."""
        i = self.index.get(ent)
        if i is None:
            return [ent]
        if self._by_entity is None:  # nodes sorted by entity, built on first use
            self._by_entity = np.argsort(self.ent, kind="stable")
            self._entity_sorted = np.asarray(self.ent)[self._by_entity]
        lo, hi = np.searchsorted(self._entity_sorted, [i, i + 1])
        members = [self.ids[j] for j in self._by_entity[lo:hi].tolist()]
        return sorted(members, key=lambda n: (n in self.docs, n)) or [ent]

    def documents_of(self, ent: str) -> list[str]:
        return [n for n in self.members_of(ent) if n in self.docs]

    def docs_numbered(self, number: str) -> list[str]:
        """Documents whose own number is ``number`` (``171/KH-UBND``)."""
        return self._tables.numbers(number)

    def skeletons(self, number: str) -> list[tuple[str, str | None, frozenset[str]]]:
        """``(entity, year, letter parts)`` of every ref with this number (the resolver's index)."""
        return self._tables.skeletons(number)

    @property
    def names(self) -> list[tuple[str, str]]:
        """``(folded name, entity)`` of instruments cited by name."""
        if self._names is None:
            self._names = self._tables.names()
        return self._names

    @property
    def missing_count(self) -> int:
        return int(np.count_nonzero(self.missing))

    def is_missing(self, ent: str) -> bool:
        i = self.index.get(ent)
        return i is not None and bool(self.missing[i])

    # -- edges ------------------------------------------------------------------------------------

    def _recs(self, idx: np.ndarray) -> list[EdgeRec]:
        idx = np.asarray(idx, dtype=np.int64)
        if not len(idx):
            return []
        src, dst = self.e_src[idx], self.e_dst[idx]
        ids, dn, ds, ent = self.ids, self.district_names, self.date_strs, self.ent
        return [EdgeRec(ids[s], ids[d], ALL_RELATIONS[r], ALL_RELATIONS[r], ids[se], ids[de],
                        dn[dc] if dc >= 0 else None, ds[dt] if dt >= 0 else None, bool(f & F_BODY_IMPLEMENTS),
                        ln if ln >= 0 else None, row, bool(f & F_UNRESOLVED))
                for s, d, r, se, de, dc, dt, f, ln, row in zip(
                    src.tolist(), dst.tolist(), self.e_rel[idx].tolist(), ent[src].tolist(), ent[dst].tolist(),
                    self.district[src].tolist(), self.date[src].tolist(), self.e_flags[idx].tolist(),
                    self.e_line[idx].tolist(), self.e_row[idx].tolist())]

    def _in_slice(self, ent: str) -> np.ndarray:
        i = self.index.get(ent)
        if i is None:
            return _EMPTY
        return np.arange(int(self.in_ptr[i]), int(self.in_ptr[i + 1]), dtype=np.int64)

    def in_recs(self, ent: str) -> Recs:
        """Who cites the entity, newest citer first (undated last)."""
        return Recs(self, self._in_slice(ent))

    def out_recs(self, ent: str) -> Recs:
        """What the entity cites, by relation then target."""
        i = self.index.get(ent)
        if i is None:
            return Recs(self, _EMPTY)
        return Recs(self, np.asarray(self.out_idx[int(self.out_ptr[i]):int(self.out_ptr[i + 1])], dtype=np.int64))

    def _district_code(self, district: str | None) -> int | None:
        if district is None:
            return None
        try:
            return self.district_names.index(district)
        except ValueError:
            return -2  # matches no node

    def cited_by_recs(self, ent: str, relation: str | None = None, district: str | None = None) -> Recs:
        """Citers of the entity with that relation and/or in that district, newest first."""
        idx = self._in_slice(ent)
        if relation is not None:
            idx = idx[np.asarray(self.e_rel[idx]) == REL_CODE[relation]]
        code = self._district_code(district)
        if code is not None:
            idx = idx[np.asarray(self.district[self.e_src[idx]]) == code]
        return Recs(self, idx)

    def cited_by_counts(self, ent: str, district: str | None = None) -> dict[str, int]:
        """Citers of the entity by relation (in ``district``), relations without citers left out."""
        idx = self._in_slice(ent)
        code = self._district_code(district)
        if code is not None:
            idx = idx[np.asarray(self.district[self.e_src[idx]]) == code]
        counts = np.bincount(self.e_rel[idx], minlength=len(ALL_RELATIONS))
        return {r: int(counts[k]) for k, r in enumerate(ALL_RELATIONS) if counts[k]}

    def tiers(self, ent: str) -> tuple[dict[str, Recs], dict[str, Recs], Recs]:
        """The coverage indexes of an entity: district → tier-1 citers (district documents that
        implement it or are based on it), district → tier-2 citers (documents whose tasks carry it
        out), each earliest first; and the city-level (district-less) tier-1 citers, newest first."""
        idx = self._in_slice(ent)
        src = self.e_src[idx]
        rel = np.asarray(self.e_rel[idx])
        dist = np.asarray(self.district[src])
        doc = np.asarray(self.is_doc[src])
        tier1 = np.isin(rel, TIER1_CODES)
        body = (np.asarray(self.e_flags[idx]) & F_BODY_IMPLEMENTS) > 0
        with_district = doc & (dist >= 0)
        city = idx[tier1 & (dist < 0)]
        return (self._by_district(idx[tier1 & with_district]),
                self._by_district(idx[~tier1 & body & with_district]), Recs(self, city))

    def _by_district(self, idx: np.ndarray) -> dict[str, Recs]:
        """Records grouped by the citer's district, each group earliest first (undated last, then id)."""
        if not len(idx):
            return {}
        src = self.e_src[idx]
        date = np.asarray(self.date[src])
        order = np.lexsort((np.arange(len(idx)), self.id_rank[src], date, date < 0))
        idx, dist = idx[order], np.asarray(self.district[src])[order]
        return {self.district_names[d]: Recs(self, idx[dist == d]) for d in sorted(set(dist.tolist()))}

    def edge_data(self, rec: EdgeRec) -> dict:
        """Every attribute of an edge (its evidence read from the store when loaded from one)."""
        if self.g is None:
            return self.store.evidence(rec.row)
        return self.g._adj[rec.src][rec.dst][rec.key]

    def edge_recs(self) -> Iterator[EdgeRec]:
        """Every edge record, by source entity."""
        yield from Recs(self, np.asarray(self.out_idx, dtype=np.int64))

    def unresolved_recs(self) -> Recs:
        """Edges whose citation could not be resolved to one instrument, in edge order."""
        return Recs(self, np.flatnonzero((np.asarray(self.e_flags) & F_UNRESOLVED) > 0))

    def full_graph(self, nodes: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The graph (or the subgraph of ``nodes``) with every attribute, for exports; nodes and
        edges in the builder's order."""
        if nodes is None:
            if self.g is not None:
                return self.g
            out = nx.MultiDiGraph()
            out.add_nodes_from(self.store.iter_nodes())
            for u, v, k, a in self.store.iter_edges():
                out.add_edge(u, v, key=k, **a)
            return out
        out = nx.MultiDiGraph()
        keep = set(nodes) & self.index.keys()
        out.add_nodes_from((n, self.node(n)) for n in sorted(keep, key=self.index.__getitem__))
        recs = {r.row: r for e in {self.entity[n] for n in keep} for r in self.out_recs(e)
                if r.src in keep and r.dst in keep}
        for row in sorted(recs):
            r = recs[row]
            out.add_edge(r.src, r.dst, key=r.key, **self.edge_data(r))
        return out

    def iter_nodes(self) -> Iterator[tuple[str, dict]]:
        """Every node with every attribute, in the builder's order (exports)."""
        if self.g is not None:
            yield from self.g.nodes(data=True)
        else:
            yield from self.store.iter_nodes()

    def iter_edges(self) -> Iterator[tuple[str, str, str, dict]]:
        """Every edge with every attribute, in the builder's order (exports)."""
        if self.g is not None:
            yield from self.g.edges(keys=True, data=True)
        else:
            yield from self.store.iter_edges()

    # -- counts -----------------------------------------------------------------------------------

    def cite_count_of(self, ent: str) -> int:
        """Citations of the entity by documents."""
        i = self.index.get(ent)
        return 0 if i is None else int(self.cite_count[i])

    def rel_counts(self, ent: str) -> dict[str, int]:
        """Citations of the entity by documents, by relation (relations without any left out)."""
        i = self.index.get(ent)
        if i is None:
            return {}
        row = self.cite_rel[i].tolist()
        return {r: row[k] for k, r in enumerate(ALL_RELATIONS) if row[k]}

    def _dst_entities(self) -> np.ndarray:
        if self._dst_ent is None:
            self._dst_ent = np.repeat(np.arange(len(self.ids), dtype=np.int32), np.diff(self.in_ptr))
        return self._dst_ent

    def _most_cited(self, district: str | None) -> tuple[list[str], dict[str, tuple[int, int, int]] | None]:
        got = self._most_cited_cache.get(district)
        if got is not None:
            return got
        if district is None:
            count = np.asarray(self.cite_count)
            ents = np.flatnonzero(count > 0)
            per = None
        else:
            src = self.e_src
            mask = np.asarray(self.is_doc[src]) & (np.asarray(self.district[src]) == self._district_code(district))
            dst = self._dst_entities()[mask]
            rel = np.asarray(self.e_rel)[mask]
            n = len(self.ids)
            count = np.bincount(dst, minlength=n)
            impl = np.bincount(dst[rel == REL_CODE["implements"]], minlength=n)
            basis = np.bincount(dst[rel == REL_CODE["basis"]], minlength=n)
            ents = np.flatnonzero(count > 0)
            per = {self.ids[e]: (int(count[e]), int(impl[e]), int(basis[e])) for e in ents.tolist()}
        order = ents[np.lexsort((self.id_rank[ents], -count[ents]))]
        got = self._most_cited_cache[district] = ([self.ids[e] for e in order.tolist()], per)
        return got

    def most_cited_order(self, district: str | None) -> list[str]:
        """Entities sorted by citing documents (overall or in ``district``), then id; cached."""
        return self._most_cited(district)[0]

    def district_counts(self, district: str, ent: str) -> tuple[int, int, int]:
        """(citations, implements, basis) of the entity by documents of ``district``."""
        per = self._most_cited(district)[1] or {}
        return per.get(ent, (0, 0, 0))

    def missing_entities(self) -> list[str]:
        """Cited instruments whose text is not in the corpus: most cited first, then those known
        only from instrument relations, by id."""
        ents = [e for e in self.most_cited_order(None) if self.is_missing(e)]
        cited = set(ents)
        rest = [self.ids[i] for i in np.flatnonzero(np.asarray(self.missing)).tolist()]
        return ents + sorted(e for e in rest if e not in cited)

    def implementation_ranking(self, wanted: set[str], limit: int) -> list[str]:
        """Instruments not issued by a district, with the most district plans in tier 1 + tier 2
        among ``wanted`` districts: most plans, then most tier-1 plans, then most districts
        reached, then label (the overview's coverage matrix)."""
        key = (frozenset(wanted), limit)
        if key in self._ranking_cache:
            return self._ranking_cache[key]
        codes = [self.district_names.index(d) for d in wanted if d in self.district_names]
        src = self.e_src
        dst_ent = self._dst_entities()
        sdist = np.asarray(self.district[src])
        ok = np.asarray(self.is_doc[src]) & np.isin(sdist, codes) & (np.asarray(self.district)[dst_ent] < 0)
        rel = np.asarray(self.e_rel)
        t1 = ok & np.isin(rel, TIER1_CODES)
        t2 = ok & ~np.isin(rel, TIER1_CODES) & ((np.asarray(self.e_flags) & F_BODY_IMPLEMENTS) > 0)
        n = np.int64(len(self.ids))
        pair1 = np.unique(dst_ent[t1].astype(np.int64) * n + src[t1])
        pair2 = np.setdiff1d(np.unique(dst_ent[t2].astype(np.int64) * n + src[t2]), pair1)
        c1 = np.bincount(pair1 // n, minlength=int(n))
        c2 = np.bincount(pair2 // n, minlength=int(n))
        reach = np.unique(dst_ent[t1 | t2].astype(np.int64) * 1024 + sdist[t1 | t2])
        creach = np.bincount(reach // 1024, minlength=int(n))
        ents = np.flatnonzero(c1 + c2 > 0)
        keys = [(-int(c1[e] + c2[e]), -int(c1[e]), -int(creach[e])) for e in ents.tolist()]
        ranked = sorted(zip(keys, ents.tolist()))
        if len(ranked) > limit:  # only the rows shown, and those tied with the last, need a label
            cut = ranked[limit - 1][0] if limit else None
            ranked = [x for x in ranked if x[0] <= cut] if cut is not None else []
        rows = sorted((k, self.label(self.ids[e]), self.ids[e]) for k, e in ranked)
        got = self._ranking_cache[key] = [r[-1] for r in rows[:limit]]
        return got


class _MemTables:
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
            elif a.get("name"):
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
    n = len(ids)
    districts = sorted({d for d in node_district if d})
    dates = sorted({d for d in node_date if d})
    dcode, tcode = {d: i for i, d in enumerate(districts)}, {d: i for i, d in enumerate(dates)}
    id_rank = np.empty(n, dtype=np.int32)
    id_rank[np.array(sorted(range(n), key=ids.__getitem__), dtype=np.int64)] = np.arange(n, dtype=np.int32)
    a: dict[str, np.ndarray] = {
        "is_doc": np.asarray(is_doc, dtype=np.bool_),
        "ent": np.asarray(ent, dtype=np.int32),
        "district": np.array([dcode.get(x, -1) for x in node_district], dtype=np.int16),
        "date": np.array([tcode.get(x, -1) for x in node_date], dtype=np.int32),
        "missing": np.asarray(missing, dtype=np.bool_) & ~np.asarray(is_doc, dtype=np.bool_),
        "id_rank": id_rank,
    }
    src = np.asarray(edges["src"], dtype=np.int64)
    dst = np.asarray(edges["dst"], dtype=np.int64)
    row = np.asarray(edges["row"], dtype=np.int64)
    sdate = a["date"][src].astype(np.int64)
    dated = sdate >= 0
    srank = id_rank[src].astype(np.int64)
    rel = np.asarray(edges["rel"], dtype=np.int64)
    # One int64 key where the bits allow (a 7-key lexsort of 3.4M edges took 2 s, one argsort 0.4 s):
    # target entity, dated first, newest first, source id (descending when dated), relation.
    # (source, target, relation) is unique and a target is its own entity, so nothing else ties.
    nb, db, rb = max(1, n.bit_length()), max(1, len(dates).bit_length()), len(ALL_RELATIONS).bit_length()
    k_src = np.where(dated, n - 1 - srank, srank)
    k_date = np.where(dated, len(dates) - 1 - sdate, 0)
    if 2 * nb + db + 1 + rb <= 62:
        key = ((((a["ent"][dst].astype(np.int64) << 1 | ~dated) << db | k_date) << nb | k_src) << rb) | rel
        order = np.argsort(key, kind="stable")
    else:
        order = np.lexsort((row, rel, id_rank[dst], k_src, k_date, ~dated, a["ent"][dst]))
    a["e_src"] = src[order].astype(np.int32)
    a["e_dst"] = dst[order].astype(np.int32)
    a["e_rel"] = np.asarray(edges["rel"], dtype=np.int8)[order]
    a["e_flags"] = np.asarray(edges["flags"], dtype=np.int8)[order]
    a["e_line"] = np.asarray(edges["line"], dtype=np.int32)[order]
    a["e_row"] = row[order].astype(np.int32)
    dst_ent = a["ent"][a["e_dst"]]
    a["in_ptr"] = np.concatenate(([0], np.cumsum(np.bincount(dst_ent, minlength=n)))).astype(np.int64)
    src_ent = a["ent"][a["e_src"]]
    if 3 * nb + rb <= 62:  # source entity, relation, target id, source id (an entity's documents)
        k_out = (((src_ent.astype(np.int64) << rb | a["e_rel"]) << nb | id_rank[a["e_dst"]]) << nb
                 | id_rank[a["e_src"]])
        a["out_idx"] = np.argsort(k_out, kind="stable").astype(np.int32)
    else:
        a["out_idx"] = np.lexsort((a["e_row"], id_rank[a["e_src"]], id_rank[a["e_dst"]], a["e_rel"],
                                   src_ent)).astype(np.int32)
    a["out_ptr"] = np.concatenate(([0], np.cumsum(np.bincount(src_ent, minlength=n)))).astype(np.int64)
    # Citations by documents, per target entity and relation.
    doc_src = a["is_doc"][a["e_src"]]
    targets = dst_ent[doc_src].astype(np.int64)
    a["cite_count"] = np.bincount(targets, minlength=n).astype(np.int32)
    nrel = len(ALL_RELATIONS)
    a["cite_rel"] = np.bincount(targets * nrel + a["e_rel"][doc_src], minlength=n * nrel).reshape(n, nrel).astype(np.int32)
    ndocs = int(np.count_nonzero(a["is_doc"]))
    meta = {
        "districts": districts, "dates": dates,
        "districts_seen": sorted({d for d, doc in zip(node_district, a["is_doc"].tolist()) if doc and d}),
        "stats": {"documents": ndocs, "instruments": n - ndocs, "missing": int(a["missing"].sum()),
                  "edges": len(src), "plans": plans, "cited": int(np.count_nonzero(a["cite_count"]))},
    }
    return a, meta


def edge_code(data: dict) -> tuple[int, int, int]:
    """``(relation code, flags, first line)`` of an edge's attributes."""
    flags = ((F_BODY_IMPLEMENTS if data.get("body_implements") else 0)
             | (F_UNRESOLVED if "unresolved" in (data.get("flags") or ()) else 0))
    line = data.get("line")
    return REL_CODE[data["relation"]], flags, line if line is not None else -1


def _arrays_from_nx(g: nx.MultiDiGraph) -> tuple[dict[str, np.ndarray], list[str], dict]:
    """The arrays, ids and meta of a graph whose nodes and edges carry every attribute."""
    ids = list(g.nodes)
    index = {n: i for i, n in enumerate(ids)}
    attrs = [g._node[n] for n in ids]
    is_doc = [a["kind"] == "document" for a in attrs]
    ent = [index[(a.get("instrument") or n) if doc else n] for n, a, doc in zip(ids, attrs, is_doc)]
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
