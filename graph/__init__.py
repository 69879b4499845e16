"""The citation graph: documents and the instruments they cite, with typed, evidenced edges.

Build it with :func:`build_graph` from the pipeline's documents, save it beside the index with
:func:`save_graph`, load it once at start with :func:`load_graph`; ask it questions with
``graph.queries`` and export it with ``graph.export``.
"""
from .build import build_graph, district_of_issuer, load_graph, save_graph
from .coverage import coverage
from .export import export, neighbourhood
from .model import CitationGraph
from .queries import chain, cited_by, cites, instrument_detail, locate, missing, most_cited, paths, status
from .resolve import resolve
from .views import Ambiguous, BadParameter, GraphQueryError, NotFound

__all__ = [
                      "Ambiguous",
                      "BadParameter",
                      "CitationGraph",
                      "GraphQueryError",
                      "NotFound",
                      "build_graph",
                      "chain",
                      "cited_by",
                      "cites",
                      "coverage",
                      "district_of_issuer",
                      "export",
                      "instrument_detail",
                      "load_graph",
                      "locate",
                      "missing",
                      "most_cited",
                      "neighbourhood",
                      "paths",
                      "resolve",
                      "save_graph",
                      "status",
]
