"""Build the citation graph from documents, and save/load it beside the search index.

The graph is a ``networkx.MultiDiGraph`` with two kinds of nodes:

* documents of the corpus (id = ``Document.id``, ``kind="document"``);
* instruments, anything cited (id = ``InstrumentKey.id``, ``kind="instrument"``), including the
  ones whose text is not in the corpus (``missing=True``).

A document whose own identity (number, issuer, year) equals a cited key *is* that instrument:
the document node carries ``instrument=<id>`` and the instrument node lists it in ``documents``
with ``missing=False``. Every numbered document gets such an instrument twin, so that citations
of it, and free-text lookups of its number, meet it.

Edges (key = relation):

* document → instrument, ``kind="cites"``, relation ``basis`` / ``implements`` / ``mentions``,
  with sentence, line, lines, file, flags (``body_implements``, ``typo_fixed`` …) and surfaces;
* instrument → instrument, ``kind="states"``, relation ``implements`` / ``guides`` / ``amends`` /
  ``replaces``, with the sentence, line and file that state it.

The graph is built once with the index (``indexer.build.build_index`` calls :func:`save_graph`,
into ``graph.sqlite``: see ``graph.store``) and loaded once at start (:func:`load_graph`); query
indexes are rebuilt in memory at load.
"""
from __future__ import annotations

import gc
import logging
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import networkx as nx

from indexer.models import Citation, Document, InstrumentKey, InstrumentRelation
from indexer.places import canonical_district
from indexer.refs import normalize_ref

from . import store
from .model import CitationGraph

logger = logging.getLogger(__name__)

GRAPH_FILE = store.GRAPH_STORE_FILE


# The part of a written citation that is the number itself, for "Các cách viết đã gặp":
# "Chỉ thị số 23-CT/QU ngày 25 tháng 7 năm 2019 của Ban Thường vụ Thành ủy" → "23-CT/QU".
_TYPE_PREFIX = re.compile(
    r"^(?:(?:Bộ luật|Luật|Nghị định|Nghị quyết|Quyết định|Chỉ thị|Kế hoạch|Thông tư|Thông tri|Kết luận|"
    r"Chương trình hành động|Chương trình|Công văn|Hướng dẫn|Đề án|Thông báo|Văn bản)\s+)?(?:số\s*:?\s*)?",
    re.IGNORECASE)
_TAIL = re.compile(r"[,;]?\s+(?:ngày|của|về|năm|tại|do|ban hành|sửa đổi|thực hiện)\b.*$", re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=65536)
def surface_form(text: str, numbered: bool) -> str:
    """The written number of a mention (type word, "số", date and issuer cut), or the whole surface."""
    s = " ".join(text.split())
    if not numbered:
        return s
    return _TAIL.sub("", _TYPE_PREFIX.sub("", s, count=1)).strip(" .,;:") or s


@lru_cache(maxsize=4096)
@lru_cache(maxsize=4096)
def district_of_issuer(issuer: str | None) -> str | None:
    """The district an issuing body belongs to, or ``None`` for city and central bodies.

    ``UBND Quận 1`` → ``Quận 1``; ``Quận ủy Tân Phú`` → ``Quận Tân Phú``;
    ``Phòng GD&ĐT Quận 1`` → ``Quận 1``; ``UBND TP.HCM`` → ``None``.
    Only suffixes of two words or more are tried, so a stray trailing digit never reads as ``Quận 1``.
    """
    if not issuer:
        return None
    words = issuer.split()
    for i in range(len(words) - 1):
        found = canonical_district(" ".join(words[i:]))
        if found:
            return found
    return None


_FIX_FLAGS = frozenset({"typo_fixed", "short_form"})


def _instrument_attrs(key: InstrumentKey) -> dict:
    return {
        "kind": "instrument", "ref": key.ref, "name": key.name, "type": None,
        "issuer": key.issuer, "year": key.year, "date": None,
        "district": district_of_issuer(key.issuer), "missing": True, "documents": [],
        "variants": {}, "variant_flags": {}, "dates_stated": {},
    }


class _Builder:
    """Accumulates nodes and edges; one instance per :func:`build_graph` call."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()
        self.types: dict[str, Counter] = defaultdict(Counter)

    def instrument(self, key: InstrumentKey) -> str:
        node = key.id
        if node not in self.g:
            self.g.add_node(node, **_instrument_attrs(key))
        else:
            attrs = self.g.nodes[node]
            if attrs.get("kind") != "instrument":
                raise ValueError(f"Node id {node!r} is both a document and an instrument id")
            # A later citation may know what an earlier one did not (issuer, year, name).
            for field in ("issuer", "year", "name"):
                if attrs.get(field) is None and getattr(key, field) is not None:
                    attrs[field] = getattr(key, field)
            if attrs.get("district") is None:
                attrs["district"] = district_of_issuer(attrs.get("issuer"))
        return node

    def document(self, doc: Document) -> None:
        if doc.id in self.g:
            raise ValueError(f"Duplicate document id {doc.id!r} ({doc.file}:{doc.line_start})")
        self.g.add_node(
            doc.id, kind="document", number=doc.number, type=doc.doc_type, issuer=doc.issuer,
            district=canonical_district(doc.district) or doc.district, date=doc.date,
            title=doc.title, file=doc.file, line_start=doc.line_start, line_end=doc.line_end,
            number_variants=list(doc.number_variants), instrument=None,
        )

    def citation(self, doc: Document, cit: Citation) -> None:
        target = self.instrument(cit.key)
        attrs = self.g.nodes[target]
        if cit.doc_type:
            self.types[target][cit.doc_type] += 1
        for m in cit.mentions:
            surface = surface_form(m.text, bool(cit.key.ref))
            if surface:
                attrs["variants"][surface] = attrs["variants"].get(surface, 0) + 1
                fixes = cit.flags & _FIX_FLAGS
                # A citation's correction flags belong to the spellings that differ from the ref.
                if fixes and cit.key.ref is not None and normalize_ref(surface) != cit.key.ref:
                    fl = attrs["variant_flags"].setdefault(surface, [])
                    fl.extend(f for f in sorted(fixes) if f not in fl)
        if cit.date:
            attrs["dates_stated"][cit.date] = attrs["dates_stated"].get(cit.date, 0) + 1
        flags = sorted(cit.flags)
        data = {
            "kind": "cites", "relation": cit.relation.value, "sentence": cit.sentence,
            "line": cit.line, "lines": sorted({m.line for m in cit.mentions}), "file": doc.file,
            "flags": flags, "body_implements": "body_implements" in cit.flags,
            "surfaces": list(dict.fromkeys(" ".join(m.text.split()) for m in cit.mentions)),
            "date": cit.date, "doc_type": cit.doc_type,
        }
        existing = self.g.get_edge_data(doc.id, target) or {}
        if existing:
            # Two citations of one document resolved to the same instrument: keep one edge, the
            # strongest relation (basis > implements > mentions), with every line.
            (old_key, old), = existing.items()
            merged_lines = sorted(set(old["lines"]) | set(data["lines"]))
            strength = {"basis": 3, "implements": 2, "mentions": 1}
            keep = data if strength[data["relation"]] > strength[old["relation"]] else old
            keep = dict(keep, lines=merged_lines, flags=sorted(set(old["flags"]) | set(flags)),
                        surfaces=list(dict.fromkeys(old["surfaces"] + data["surfaces"])))
            keep["body_implements"] = "body_implements" in keep["flags"]
            self.g.remove_edge(doc.id, target, key=old_key)
            data = keep
        self.g.add_edge(doc.id, target, key=data["relation"], **data)

    def relation(self, doc: Document, rel: InstrumentRelation) -> None:
        source, target = self.instrument(rel.source), self.instrument(rel.target)
        if source == target:
            logger.warning("%s:%d: instrument relation of %s to itself skipped",
                           rel.file or doc.file, rel.line, source)
            return
        key = rel.relation.value
        if self.g.has_edge(source, target, key=key):
            self.g.edges[source, target, key]["also_stated_in"].append(doc.id)
            return
        self.g.add_edge(source, target, key=key, kind="states", relation=key, sentence=rel.sentence,
                        line=rel.line, file=rel.file or doc.file, document=doc.id, also_stated_in=[])

    def link_identities(self, documents: list[Document]) -> None:
        """Point each numbered document at the instrument it is (creating it if nobody cites it)."""
        by_ref_year: dict[tuple, list[str]] = {}
        for node, a in self.g.nodes(data=True):
            if a["kind"] == "instrument" and a["ref"]:
                by_ref_year.setdefault((a["ref"], a["year"]), []).append(node)
        for doc in documents:
            key = doc.key()
            if key is None:
                continue
            node = key.id
            if node not in self.g and key.administrative:
                # The citing text may spell the issuer differently ("UBND Quận 1" vs
                # "Ủy ban nhân dân Quận 1"): accept a single same-ref, same-year candidate whose
                # issuer belongs to the document's district.
                district = canonical_district(doc.district) or district_of_issuer(doc.issuer)
                cands = [n for n in by_ref_year.get((key.ref, key.year), [])
                         if self.g.nodes[n]["district"] == district]
                if len(cands) == 1:
                    node = cands[0]
            node = self.instrument(key) if node not in self.g else node
            attrs = self.g.nodes[node]
            attrs["missing"] = False
            attrs["documents"].append(doc.id)
            self.g.nodes[doc.id]["instrument"] = node
            if doc.doc_type:
                self.types[node][doc.doc_type] += 100  # own header wins
            if doc.date and not attrs["date"]:
                attrs["date"] = doc.date
            for f in ("issuer", "year"):
                if attrs[f] is None:
                    attrs[f] = getattr(doc, f) if f == "issuer" else doc.year
            if attrs["district"] is None:
                attrs["district"] = canonical_district(doc.district) or district_of_issuer(doc.issuer)

    def finish(self) -> None:
        for node, a in self.g.nodes(data=True):
            if a["kind"] != "instrument":
                continue
            if node in self.types:
                a["type"] = self.types[node].most_common(1)[0][0]
            if not a["date"] and a["dates_stated"]:
                # The date most citing texts state; ties go to the earliest.
                a["date"] = min(a["dates_stated"].items(), key=lambda kv: (-kv[1], kv[0]))[0]


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector while building millions of small objects.

    Every gen-2 collection walks the whole heap; during a bulk build (500k edges) that is most
    of the time spent, and nothing built here is garbage.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_graph(documents: list[Document]) -> CitationGraph:
    """Build the citation graph of a corpus.

    Args:
        documents: every document of the corpus, with ``citations`` and ``relations`` filled.

    Returns:
        A :class:`CitationGraph` with its query indexes ready.
    """
    with no_gc():
        b = _Builder()
        for doc in documents:
            b.document(doc)
        for doc in documents:
            for cit in doc.citations:
                b.citation(doc, cit)
        for doc in documents:
            for rel in doc.relations:
                b.relation(doc, rel)
        b.link_identities(documents)
        b.finish()
        cg = CitationGraph.from_nx(b.g)
    logger.info("graph: %d documents, %d instruments (%d missing), %d edges",
                len(cg.docs), len(cg.instruments), cg.missing_count, cg.edge_count)
    return cg


def save_graph(graph: CitationGraph, index_dir: str | Path) -> Path:
    """Write the graph into ``index_dir/graph.sqlite`` (see ``graph.store``).

    Returns:
        The path written.
    """
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    return store.save(graph, Path(index_dir))


def load_graph(index_dir: str | Path) -> CitationGraph:
    """Load the graph saved by :func:`save_graph`: its query arrays memory-mapped, node ids read,
    every other attribute left in the store until a response needs it (see ``graph.model``).

    Raises:
        FileNotFoundError: no graph in ``index_dir`` (the index was not built).
        GraphStoreError: (a ValueError) another format version, or a corrupt file.
    """
    return store.load(Path(index_dir))
