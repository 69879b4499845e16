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

from collections.abc import Iterable, Iterator
from functools import lru_cache

import networkx as nx
import numpy as np

from indexer.terms import ALL_RELATIONS

from .arrays import ARRAYS, F_BODY_IMPLEMENTS, F_UNRESOLVED, REL_CODE, MemTables, arrays_from_nx
from .records import EdgeRec, EntityView, KindSet, Recs, label

TIER1 = frozenset({"basis", "implements"})
TIER1_CODES = tuple(sorted(REL_CODE[r] for r in TIER1))


_EMPTY = np.zeros(0, dtype=np.int64)


class CitationGraph:
    """The citation graph of a corpus: integer arrays for queries, attributes in ``g`` or the store."""

    def __init__(self, arrays: dict[str, np.ndarray], ids: list[str], meta: dict, *,
                 g: nx.MultiDiGraph | None = None, store=None,
                 tables: MemTables | None = None) -> None:
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
        self.entity = EntityView(self)
        self.docs = KindSet(self, True)
        self.instruments = KindSet(self, False)
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
        arrays, ids, meta = arrays_from_nx(g)
        return cls(arrays, ids, meta, g=g, tables=MemTables(g, ids))

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
