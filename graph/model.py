"""The citation graph wrapper: a networkx MultiDiGraph plus in-memory query indexes.

Queries must answer in a few milliseconds at 100k documents, where one Party directive can be
cited by tens of thousands of plans. Walking networkx adjacency per request is fine for chains but
not for "cited-by of 19-CT/TU in Quận 1, relation implements" or a 22-row coverage table, so the
indexes below are computed once when the graph is built or loaded (never per request):

* entities: a document and the instrument it *is* are one entity (the instrument id), so chains
  and cited-by pass through a plan's twin without a special case;
* per-entity in/out edge records, sorted, and bucketed by (relation, district) for cited-by;
* per-entity tier-1 / tier-2 implementers by district for the coverage table;
* citation counts overall and per district for most-cited;
* ref skeletons for free-text resolution.

A graph loaded from the index holds each edge's light attributes only (``graph.store``): an
edge's evidence, and exports, come from the store (``edge_data``, ``full_graph``).
"""
from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import networkx as nx

from indexer.models import RELATION_LABELS  # noqa: F401  (graph.model.RELATION_LABELS: one vocabulary)
from indexer.refs import fold_ref, ref_parts

TIER1 = frozenset({"basis", "implements"})
DOC_RELATIONS = ("basis", "implements", "mentions")
INSTRUMENT_RELATIONS = ("implements", "guides", "amends", "replaces")
ALL_RELATIONS = ("basis", "implements", "mentions", "guides", "amends", "replaces")



class EdgeRec(NamedTuple):
    """One edge seen from the entity level (``src``/``dst`` are graph nodes, ``key`` the edge key)."""

    src: str
    dst: str
    key: str
    relation: str
    src_entity: str
    dst_entity: str
    district: str | None  # of the source
    date: str | None  # of the source
    body_implements: bool
    line: int | None  # first line of the evidence
    row: int = -1  # the edge's row in graph.sqlite (its evidence), -1 for a graph built in memory
    unresolved: bool = False


def label(attrs: dict) -> str:
    """Display name: ``Chỉ thị số 19-CT/TU``, ``Luật Giáo dục``, ``Kế hoạch số 171/KH-UBND``."""
    ref = attrs.get("ref") if attrs["kind"] == "instrument" else attrs.get("number")
    typ = attrs.get("type")
    if ref:
        return f"{typ} số {ref}" if typ else ref
    return attrs.get("name") or attrs.get("title") or "?"


def _newest_first(recs: list[EdgeRec]) -> list[EdgeRec]:
    """Newest first, undated last ("Mới nhất"); ties by source id."""
    dated = sorted((r for r in recs if r.date), key=lambda r: (r.date, r.src), reverse=True)
    return dated + sorted((r for r in recs if not r.date), key=lambda r: r.src)


def _date_asc(rec: EdgeRec) -> tuple:
    return (rec.date is None, rec.date or "", rec.src)


class CitationGraph:
    """The citation graph of a corpus, with query indexes.

    ``g`` is the networkx graph (export it, walk it); the other attributes are derived.
    """

    def __init__(self, g: nx.MultiDiGraph, store=None, edges=None):
        """``g`` with its edges (a graph just built), or ``g`` holding the nodes only and ``edges``
        the light edge rows of the store (a graph loaded from an index: no per-edge dict in
        networkx; the edge records below are the only in-memory form of an edge)."""
        self.g = g
        self.store = store  # graph.store.GraphStore when loaded from an index, else None
        self._index(g.edges(keys=True, data=True) if edges is None else edges)

    # -- index construction -------------------------------------------------------------------

    def _index(self, edges) -> None:
        g = self.g
        nodes = g.nodes
        self.docs: set[str] = set()
        self.instruments: set[str] = set()
        self.entity: dict[str, str] = {}
        self.members: dict[str, list[str]] = defaultdict(list)
        self.missing_flags: dict[str, bool] = {}
        self.doc_by_number: dict[str, list[str]] = defaultdict(list)
        for n, a in nodes(data=True):
            if a["kind"] == "document":
                self.docs.add(n)
                self.entity[n] = a.get("instrument") or n
                if a.get("number"):
                    self.doc_by_number[a["number"]].append(n)
            else:
                self.instruments.add(n)
                self.entity[n] = n
                self.missing_flags[n] = bool(a.get("missing"))
        for n, e in self.entity.items():
            self.members[e].append(n)
        for e in self.members:
            self.members[e].sort(key=lambda n: (n in self.docs, n))  # instrument first

        self.out: dict[str, list[EdgeRec]] = defaultdict(list)
        self.inn: dict[str, list[EdgeRec]] = defaultdict(list)
        attrs, entity, out, inn = g._node, self.entity, self.out, self.inn  # the hot loop at 3M edges
        n_edges = 0
        for u, v, k, d in edges:
            ua = attrs[u]
            rec = EdgeRec(u, v, k, d["relation"], entity[u], entity[v],
                          ua.get("district"), ua.get("date"), bool(d.get("body_implements")), d.get("line"),
                          d.get("_row", -1), "unresolved" in (d.get("flags") or ()))
            out[rec.src_entity].append(rec)
            inn[rec.dst_entity].append(rec)
            n_edges += 1
        self.edge_count = n_edges

        # cited-by buckets: (relation or None, district or None) -> records, newest first.
        self.in_by: dict[str, dict[tuple, list[EdgeRec]]] = {}
        self.tier1: dict[str, dict[str, list[EdgeRec]]] = {}
        self.tier2: dict[str, dict[str, list[EdgeRec]]] = {}
        self.city_impl: dict[str, list[EdgeRec]] = {}
        self.tier1_srcs: dict[str, frozenset[str]] = {}
        self.cite_count: dict[str, int] = {}
        self.cite_rel_count: dict[str, dict[str, int]] = {}
        by_district_count: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for ent in list(self.inn):
            recs = self.inn[ent] = _newest_first(self.inn[ent])
            buckets: dict[tuple, list[EdgeRec]] = defaultdict(list)
            t1: dict[str, list[EdgeRec]] = defaultdict(list)
            t2: dict[str, list[EdgeRec]] = defaultdict(list)
            city: list[EdgeRec] = []
            rel_count: dict[str, int] = defaultdict(int)
            citing_docs = 0
            buckets[(None, None)] = recs  # every record, newest first: the list itself
            for r in recs:
                buckets[(r.relation, None)].append(r)
                if r.district:
                    buckets[(None, r.district)].append(r)
                    buckets[(r.relation, r.district)].append(r)
                is_doc = r.src in self.docs
                if r.relation in TIER1:
                    if is_doc and r.district:
                        t1[r.district].append(r)
                    elif not r.district:
                        city.append(r)
                elif r.body_implements and is_doc and r.district:
                    t2[r.district].append(r)
                if is_doc:
                    citing_docs += 1
                    rel_count[r.relation] += 1
                    if r.district:
                        c = by_district_count[r.district].setdefault(ent, [0, 0, 0])
                        c[0] += 1
                        if r.relation == "implements":
                            c[1] += 1
                        elif r.relation == "basis":
                            c[2] += 1
            self.in_by[ent] = dict(buckets)
            for d in (t1, t2):
                for lst in d.values():
                    lst.sort(key=_date_asc)
            self.tier1[ent] = dict(t1)
            if city:  # only needed to tell indirect implementers from direct ones
                self.tier1_srcs[ent] = frozenset(r.src for lst in t1.values() for r in lst)
            self.tier2[ent] = dict(t2)
            self.city_impl[ent] = city
            self.cite_count[ent] = citing_docs
            self.cite_rel_count[ent] = dict(rel_count)
        for recs in self.out.values():
            recs.sort(key=lambda r: (ALL_RELATIONS.index(r.relation), r.dst))
        self.cite_count_by_district = dict(by_district_count)
        self.districts_seen: tuple[str, ...] = tuple(sorted(
            {nodes[n].get("district") for n in self.docs} - {None}))
        self._most_cited_cache: dict[str | None, list[str]] = {}
        self._labels: dict[str, str] = {}
        for district in (None, *self.cite_count_by_district):
            self.most_cited_order(district)
        self._index_resolve()

    def _index_resolve(self) -> None:
        """Skeleton index: number → [(entity, year, letter parts)], and folded names."""
        self.by_number: dict[str, list[tuple[str, str | None, frozenset[str]]]] = defaultdict(list)
        self.names: list[tuple[str, str]] = []
        seen: set[tuple] = set()

        def add(ref: str, ent: str) -> None:
            number, year, letters = ref_parts(ref)
            if not number:
                return
            item = (ent, year, frozenset(letters))
            if (number, item) not in seen:
                seen.add((number, item))
                self.by_number[number].append(item)

        for n in self.instruments:
            a = self.g.nodes[n]
            if a.get("ref"):
                add(a["ref"], n)
            elif a.get("name"):
                self.names.append((" ".join(fold_ref(a["name"]).split()), n))
        for n in self.docs:
            a = self.g.nodes[n]
            ent = self.entity[n]
            own = self.g.nodes[ent].get("ref") if ent != n else None
            for ref in [a.get("number")] + list(a.get("number_variants") or []):
                if ref and ref != own:  # the twin instrument's ref is indexed already
                    add(ref, ent)

    # -- small accessors -----------------------------------------------------------------------

    def node(self, n: str) -> dict:
        return self.g.nodes[n]

    def label(self, n: str) -> str:
        """Display label of a node, cached (the graph never changes once built)."""
        lab = self._labels.get(n)
        if lab is None:
            lab = self._labels[n] = label(self.g._node[n])
        return lab

    def is_document(self, n: str) -> bool:
        return n in self.docs

    def entity_node(self, ent: str) -> dict:
        """Attributes describing an entity: the instrument node, else the document node."""
        return self.g.nodes[ent]

    def documents_of(self, ent: str) -> list[str]:
        return [n for n in self.members.get(ent, ()) if n in self.docs]

    def edge_data(self, rec: EdgeRec) -> dict:
        """Every attribute of an edge (its evidence read from the store when loaded from one)."""
        if self.store is not None and rec.row >= 0:
            return self.store.evidence(rec.row)
        return self.g._adj[rec.src][rec.dst][rec.key]

    def edge_recs(self):
        """Every edge record, by source entity."""
        for recs in self.out.values():
            yield from recs

    def full_graph(self, nodes=None) -> nx.MultiDiGraph:
        """The graph (or the subgraph of ``nodes``) with every attribute, for exports."""
        if self.store is None:
            return self.g if nodes is None else self.g.subgraph(nodes).copy()
        out = nx.MultiDiGraph()
        keep = None if nodes is None else set(nodes)
        out.add_nodes_from((n, a) for n, a in self.g.nodes(data=True) if keep is None or n in keep)
        if keep is None:
            for u, v, k, a in self.store.iter_edges():
                out.add_edge(u, v, key=k, **a)
            return out
        recs = [r for e in {self.entity[n] for n in keep if n in self.entity} for r in self.out.get(e, ())
                if r.src in keep and r.dst in keep]
        for r in sorted(recs, key=lambda r: r.row):  # the builder's order, as a whole export has it
            out.add_edge(r.src, r.dst, key=r.key, **self.edge_data(r))
        return out

    def most_cited_order(self, district: str | None) -> list[str]:
        """Entities sorted by citing documents (overall or in ``district``); cached, graph is immutable."""
        if district not in self._most_cited_cache:
            if district is None:
                counts = {e: c for e, c in self.cite_count.items() if c}
            else:
                counts = {e: c[0] for e, c in self.cite_count_by_district.get(district, {}).items()}
            self._most_cited_cache[district] = sorted(counts, key=lambda e: (-counts[e], e))
        return self._most_cited_cache[district]
