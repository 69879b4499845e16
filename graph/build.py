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

Instrument attributes are sums of what each document contributes (``graph.tally``), so that a
re-index can subtract the changed files' shares and add the new ones (``graph.update``) instead
of building again. The graph is built with the index (``pipeline.index.build_index`` calls
:func:`save_graph`, into ``graph.sqlite`` and ``graph.arrays/``: see ``graph.store``) and its
arrays memory-mapped at start (:func:`load_graph`).
"""
from __future__ import annotations

import gc
import logging
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from indexer.models import Document

from . import store
from .aliases import all_aliases
from .model import CitationGraph
from .names import district_of_issuer  # noqa: F401  (graph.build.district_of_issuer)
from .tally import (
    Tally,
    document_edges,
    document_node,
    document_statements,
    document_tallies,
    instrument_attrs,
    link_target,
    statement_edge,
)

logger = logging.getLogger(__name__)

GRAPH_FILE = store.GRAPH_STORE_FILE


class _Builder:
    """Accumulates nodes, edges and instrument tallies; one instance per :func:`build_graph` call."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()
        self.tallies: dict[str, Tally] = {}
        self.stated: dict[tuple[str, str, str], list[dict]] = {}

    def instrument(self, node: str) -> None:
        if node not in self.g:
            self.g.add_node(node, kind="instrument")
        elif self.g._node[node].get("kind") != "instrument":
            raise ValueError(f"Node id {node!r} is both a document and an instrument id")

    def document(self, doc: Document) -> None:
        if doc.id in self.g:
            raise ValueError(f"Duplicate document id {doc.id!r} ({doc.file}:{doc.line_start})")
        self.g.add_node(doc.id, **document_node(doc))

    def contributions(self, doc: Document) -> None:
        for ent, t in document_tallies(doc).items():
            self.instrument(ent)
            self.tallies.setdefault(ent, Tally()).add(t)
        for target, data in document_edges(doc).items():
            self.g.add_edge(doc.id, target, key=data["relation"], **data)
        for key, evidence in document_statements(doc):
            self.stated.setdefault(key, []).append(evidence)

    def statements(self) -> None:
        for (src, dst, rel), stated in self.stated.items():
            self.g.add_edge(src, dst, key=rel, **statement_edge(rel, stated))

    def link_identities(self, documents: list[Document]) -> None:
        """Point each numbered document at the instrument it is (creating it if nobody cites it)."""
        by_ref_year: dict[tuple, list[tuple[str, str | None]]] = {}
        for node, t in self.tallies.items():
            if t.ref:
                by_ref_year.setdefault((t.ref, t.cited_year), []).append((node, t.cited_district))
        twins: dict[str, list[dict]] = {}
        for doc in documents:
            attrs = self.g._node[doc.id]
            node = link_target(attrs, self.tallies.__contains__,
                               lambda ref, year: by_ref_year.get((ref, year), []))
            if node is None:
                continue
            self.instrument(node)
            attrs["instrument"] = node
            twins.setdefault(node, []).append({"id": doc.id, **attrs})
        for node, a in self.g.nodes(data=True):
            if a["kind"] == "instrument":
                a.update(instrument_attrs(self.tallies.get(node), sorted(twins.get(node, []),
                                                                         key=lambda d: d["id"])))
        instruments = {n: a for n, a in self.g.nodes(data=True) if a["kind"] == "instrument"}
        for short, full in all_aliases(instruments).items():
            instruments[short]["alias_of"] = full


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
            b.contributions(doc)
        b.statements()
        b.link_identities(documents)
        cg = CitationGraph.from_nx(b.g)
        cg.tallies = b.tallies
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
