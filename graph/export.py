"""Export the citation graph, whole or a neighbourhood: GraphML, JSON node-link, CSV edge list.

GraphML holds only scalars (str, int, float, bool), so attributes are flattened on the way out:
``None`` is dropped, lists/dicts/sets become JSON strings. Node and edge counts survive a
round trip through ``networkx.read_graphml(..., force_multigraph=True)``.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from .model import CitationGraph
from .views import BadParameter, check_int

FORMATS = {"graphml": "application/graphml+xml", "json": "application/json", "csv": "text/csv"}
MEDIA_EXT = {"graphml": "graphml", "json": "json", "csv": "csv"}
CSV_COLUMNS = ["source", "target", "relation", "kind", "line", "file", "flags", "sentence"]
MAX_NODES = 20_000


def neighbourhood(cg: CitationGraph, node: str, depth: int = 1, max_nodes: int = MAX_NODES) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` citation steps of ``node``, either direction.

    A document and its instrument twin always come together. Stops adding nodes at ``max_nodes``
    (the subgraph's ``truncated`` graph attribute says so).
    """
    check_int("Độ sâu", depth, 0, 5)
    ent0 = cg.entity[node]
    seen, frontier = {ent0}, [ent0]
    truncated = False
    for _ in range(depth):
        nxt = []
        for e in frontier:
            for r in list(cg.out_recs(e)) + list(cg.in_recs(e)):
                other = r.dst_entity if r.src_entity == e else r.src_entity
                if other not in seen:
                    if len(seen) >= max_nodes:
                        truncated = True
                        break
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    nodes = {n for e in seen for n in cg.members_of(e)}
    sub = cg.full_graph(nodes)
    sub.graph["truncated"] = truncated
    sub.graph["center"] = node
    return sub


def _scalar(v):
    if isinstance(v, (set, frozenset)):
        v = sorted(v)
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def graphml_ready(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes GraphML can hold (None dropped, containers as JSON text)."""
    out = nx.MultiDiGraph()
    out.graph.update({k: _scalar(v) for k, v in g.graph.items() if v is not None})
    for n, a in g.nodes(data=True):
        out.add_node(n, **{k: _scalar(v) for k, v in a.items() if v is not None})
    for u, v, k, a in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **{kk: _scalar(vv) for kk, vv in a.items() if vv is not None})
    return out


def _json_ready(g: nx.MultiDiGraph) -> dict:
    def clean(v):
        if isinstance(v, (set, frozenset)):
            return sorted(v)
        return v
    data = nx.node_link_data(g, edges="edges")
    for item in data["nodes"] + data["edges"]:
        for k, v in list(item.items()):
            item[k] = clean(v)
    return data


def _graphml_type(v) -> str:
    return "boolean" if isinstance(v, bool) else "long" if isinstance(v, int) else \
        "double" if isinstance(v, float) else "string"


def _graphml_value(v, typ: str) -> str:
    if typ == "boolean":
        return "true" if v else "false"
    return escape(str(v))


def _iter_graphml(cg: CitationGraph) -> Iterator[str]:
    """The whole graph as GraphML, written element by element (two passes over the store: the
    attribute keys first, as GraphML declares them before the graph)."""
    keys: dict[tuple[str, str], str] = {}
    for what, items in (("node", (a for _, a in cg.iter_nodes())), ("edge", (a for *_, a in cg.iter_edges()))):
        for a in items:
            for k, v in a.items():
                v = _scalar(v)
                if v is None:
                    continue
                t = _graphml_type(v)
                old = keys.get((what, k))
                keys[(what, k)] = t if old in (None, t) else "string"
    ids = {wk: f"d{i}" for i, wk in enumerate(keys)}
    yield ("<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/"
           "xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
    for (what, k), t in keys.items():
        yield f'<key id="{ids[(what, k)]}" for="{what}" attr.name={quoteattr(k)} attr.type="{t}" />\n'
    yield '<graph edgedefault="directed">\n'

    def data(what: str, a: dict) -> str:
        out = []
        for k, v in a.items():
            v = _scalar(v)
            if v is not None:
                t = keys[(what, k)]
                out.append(f'<data key="{ids[(what, k)]}">{_graphml_value(v, t)}</data>')
        return "".join(out)

    for n, a in cg.iter_nodes():
        yield f"<node id={quoteattr(n)}>{data('node', a)}</node>\n"
    for u, v, k, a in cg.iter_edges():
        yield f"<edge source={quoteattr(u)} target={quoteattr(v)} id={quoteattr(k)}>{data('edge', a)}</edge>\n"
    yield "</graph></graphml>\n"


def _iter_json(cg: CitationGraph) -> Iterator[str]:
    """The whole graph as node-link JSON (``networkx.node_link_data`` shape), node by node."""
    yield '{"directed": true, "multigraph": true, "graph": {}, "nodes": ['
    for i, (n, a) in enumerate(cg.iter_nodes()):
        yield ("," if i else "") + json.dumps({**_json_clean(a), "id": n}, ensure_ascii=False)
    yield '], "edges": ['
    for i, (u, v, k, a) in enumerate(cg.iter_edges()):
        yield ("," if i else "") + json.dumps({**_json_clean(a), "source": u, "target": v, "key": k},
                                              ensure_ascii=False)
    yield "]}"


def _json_clean(a: dict) -> dict:
    return {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in a.items()}


def _csv_rows(edges) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for i, (u, v, k, a) in enumerate(edges):
        w.writerow([u, v, k, a.get("kind"), a.get("line"), a.get("file"),
                    ";".join(a.get("flags") or []), a.get("sentence", "")])
        if i % 1000 == 999:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def iter_export(cg: CitationGraph, fmt: str = "graphml", node: str | None = None, depth: int = 1) -> Iterator[str]:
    """Serialise the whole graph, or the neighbourhood of ``node`` (a graph node id), in chunks.

    The whole graph is streamed from the store (at 100,000 plans it is millions of edges: never
    built in memory); a neighbourhood is built as a networkx subgraph and written by networkx.

    Args:
        fmt: ``graphml``, ``json`` (node-link) or ``csv`` (edge list: source, target, relation,
            kind, line, file, flags, sentence).
        node: centre of the neighbourhood; ``None`` exports everything.
        depth: steps around ``node``.
    """
    if fmt not in FORMATS:
        raise BadParameter(f"Định dạng «{fmt}» không hợp lệ; chọn một trong: {', '.join(FORMATS)}.")
    if node is None:
        if fmt == "graphml":
            return _iter_graphml(cg)
        if fmt == "json":
            return _iter_json(cg)
        return _csv_rows(cg.iter_edges())
    g = neighbourhood(cg, node, depth)
    if fmt == "graphml":
        return iter(["\n".join(nx.generate_graphml(graphml_ready(g)))])
    if fmt == "json":
        return iter([json.dumps(_json_ready(g), ensure_ascii=False)])
    return _csv_rows(g.edges(keys=True, data=True))


def export(cg: CitationGraph, fmt: str = "graphml", node: str | None = None, depth: int = 1) -> str:
    """:func:`iter_export` as one string (the CLI, tests)."""
    return "".join(iter_export(cg, fmt, node, depth))
