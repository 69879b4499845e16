"""Export the citation graph, whole or a neighbourhood: GraphML, JSON node-link, CSV edge list.

GraphML holds only scalars (str, int, float, bool), so attributes are flattened on the way out:
``None`` is dropped, lists/dicts/sets become JSON strings. Node and edge counts survive a
round trip through ``networkx.read_graphml(..., force_multigraph=True)``.
"""
from __future__ import annotations

import csv
import io
import json

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


def export(cg: CitationGraph, fmt: str = "graphml", node: str | None = None, depth: int = 1) -> str:
    """Serialise the whole graph, or the neighbourhood of ``node`` (a graph node id).

    Args:
        fmt: ``graphml``, ``json`` (node-link) or ``csv`` (edge list: source, target, relation,
            kind, line, file, flags, sentence).
        node: centre of the neighbourhood; ``None`` exports everything.
        depth: steps around ``node``.

    Returns:
        The serialised text.
    """
    if fmt not in FORMATS:
        raise BadParameter(f"Định dạng «{fmt}» không hợp lệ; chọn một trong: {', '.join(FORMATS)}.")
    g = cg.full_graph() if node is None else neighbourhood(cg, node, depth)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(graphml_ready(g)))
    if fmt == "json":
        return json.dumps(_json_ready(g), ensure_ascii=False)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for u, v, k, a in g.edges(keys=True, data=True):
        w.writerow([u, v, k, a.get("kind"), a.get("line"), a.get("file"),
                    ";".join(a.get("flags") or []), a.get("sentence", "")])
    return buf.getvalue()
