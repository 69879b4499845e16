"""Questions asked of the citation graph: cites, cited-by, chains, paths, status, most-cited, missing.

Every function takes the :class:`~graph.model.CitationGraph` first and any id a user may give —
a document id, an instrument id (``19-CT/TU``, ``84/KH-UBND|UBND TP.HCM|2022``) or loose text
(``Chỉ thị 19/CT-TU``), see :func:`locate` — and returns JSON-ready dicts (see ``graph.views``).
Bad input raises :class:`~graph.views.GraphQueryError` subclasses with a Vietnamese message.

A document and the instrument it is are one *entity* (``cg.entity``): cited-by of a plan is
cited-by of its number, and a chain walks from a plan into what it cites and on through the
instruments those cite, whether their text is in the corpus or not.
"""
from __future__ import annotations

from collections import deque

from indexer.terms import EDGE_WORDS_PASSIVE, FLAG_LABELS, RELATION_LABELS

from .coverage import coverage, coverage_matrix
from .kinds import KIND_LABELS, instrument_kind
from .model import CitationGraph
from .records import EdgeRec
from .resolve import locate, resolve
from .views import (
    BadParameter,
    check_district,
    check_int,
    check_relation,
    edge_item,
    fmt_date,
    label,
    summary,
)

__all__ = [
    "MAX_DEPTH",
    "chain",
    "cited_by",
    "cites",
    "coverage",
    "coverage_matrix",
    "instrument_detail",
    "locate",
    "missing",
    "most_cited",
    "paths",
    "resolve",
    "status",
    "unresolved",
]

MAX_DEPTH = 5
MAX_LIMIT = 1000


def _entity(cg: CitationGraph, text: str) -> str:
    return cg.entity[locate(cg, text)]


def status(cg: CitationGraph, key: str) -> dict:
    """Status as the corpus knows it: amended or replaced by a later instrument, with the sentence.

    Returns:
        ``{"state": "replaced"|"amended"|"unknown", "label", "by": [...], "guided_by": [...]}``.
    """
    ent = _entity(cg, key)
    replaced = [edge_item(cg, r, "src") for r in cg.cited_by_recs(ent, "replaces")]
    amended = [edge_item(cg, r, "src") for r in cg.cited_by_recs(ent, "amends")]
    guided = [edge_item(cg, r, "src") for r in cg.cited_by_recs(ent, "guides")]
    if replaced or amended:
        state = "replaced" if replaced else "amended"
        first = (replaced or amended)[0]
        verb = EDGE_WORDS_PASSIVE["replaces" if replaced else "amends"]
        since = f" từ {fmt_date(first['date'])}" if first.get("date") else ""
        text = f"Theo kho: {verb} {first['label']}{since} — «{first['sentence']}» (Dòng {first['line']})"
    else:
        state, text = "unknown", "Kho chưa ghi nhận văn bản sửa đổi, thay thế"
    return {"state": state, "label": text, "by": replaced + amended, "guided_by": guided}


def _variants(attrs: dict) -> list[dict]:
    flags = attrs.get("variant_flags") or {}
    rows = [{"text": t, "count": c, "flags": list(flags.get(t, []))}
            for t, c in (attrs.get("variants") or {}).items()]
    return sorted(rows, key=lambda r: (-r["count"], r["text"]))


def instrument_detail(cg: CitationGraph, key: str) -> dict:
    """The instrument page: identity, text availability, surface variants, status, counts."""
    node = locate(cg, key)
    ent = cg.entity[node]
    a = cg.node(ent)
    variants = _variants(a) if a["kind"] == "instrument" else []
    fixed = FLAG_LABELS["typo_fixed"]  # plain words, as on every page (issue 14 item 9)
    shown = ", ".join(f"{v['text']} ({v['count']}{', ' + fixed if 'typo_fixed' in v['flags'] else ''})"
                      for v in variants)
    return {
        "id": ent, "node": summary(cg, ent),
        "documents": [summary(cg, d) for d in cg.documents_of(ent)],
        "missing_label": "Chưa có toàn văn trong kho" if a.get("missing") else None,
        "variants": variants,
        "variants_label": f"Các cách viết đã gặp: {shown}" if shown else "",
        "dates_stated": dict(a.get("dates_stated") or {}),
        "status": status(cg, ent),
        "cited_by_count": cg.cite_count_of(ent),
        "cited_by_relations": cg.rel_counts(ent),
        "cites_count": len(cg.out_recs(ent)),
    }


def cited_by(cg: CitationGraph, key: str, relation: str | None = None, district: str | None = None,
             limit: int = 100, offset: int = 0) -> dict:
    """Who cites ``key`` (documents, and instruments stating a relation to it), newest first.

    Args:
        relation: one of basis, implements, mentions, guides, amends, replaces.
        district: only citers of that district (``Quận 1``, ``Tân Phú``).
        limit, offset: page of ``items``; ``total`` and ``counts`` are of the whole filtered set.

    Returns:
        ``{"id", "node", "total", "counts": {relation: n}, "items": [...]}``; each item is the citer
        with relation, sentence, line(s), file and flags.
    """
    rel = check_relation(relation)
    dist = check_district(cg, district)
    check_int("limit", limit, 0, MAX_LIMIT)
    check_int("offset", offset, 0, 10**9)
    ent = _entity(cg, key)
    recs = cg.cited_by_recs(ent, rel, dist)
    counts = cg.cited_by_counts(ent, dist)
    return {"id": ent, "node": summary(cg, ent), "relation": rel, "district": dist,
            "total": len(recs), "counts": counts,
            "items": [edge_item(cg, r, "src") for r in recs[offset:offset + limit]]}


def cites(cg: CitationGraph, key: str, relation: str | None = None) -> dict:
    """What ``key`` cites: a document's citations (and relations its instrument states), by relation."""
    rel = check_relation(relation)
    node = locate(cg, key)
    ent = cg.entity[node]
    every = list(cg.out_recs(ent))
    recs = [r for r in every if rel is None or r.relation == rel]
    counts: dict[str, int] = {}
    for r in every:
        counts[r.relation] = counts.get(r.relation, 0) + 1
    return {"id": node, "node": summary(cg, node), "relation": rel, "total": len(recs),
            "counts": counts, "items": [edge_item(cg, r, "dst") for r in recs]}


def _step(cg: CitationGraph, rec: EdgeRec, out: bool) -> dict:
    d = cg.edge_data(rec)
    return {"relation": rec.relation, "relation_label": RELATION_LABELS[rec.relation],
            "sentence": d.get("sentence", ""), "line": d.get("line"), "file": d.get("file"),
            "flags": list(d.get("flags") or []), "node": summary(cg, rec.dst if out else rec.src)}


def chain(cg: CitationGraph, key: str, direction: str = "out", depth: int = 2,
          max_children: int = 100, max_nodes: int = 2000) -> dict:
    """Follow citations outward (what it cites, and on) or inward (who cites it, and on) as a tree.

    Each node is expanded once, at its shallowest level (breadth first); a later edge to it is a
    leaf with ``"repeat": true``, so every edge within the depth is shown without cycles.
    A node with more than ``max_children`` edges lists the first ones and ``more`` = the rest;
    the whole tree stops growing at ``max_nodes`` (``truncated``: inward chains of a directive
    cited by thousands of plans would otherwise be millions of rows).

    Returns:
        ``{"id", "direction", "depth", "tree": {"node", "children": [{"relation", "sentence",
        "line", "node", "children", ["repeat"]}], ["more"]}, "nodes": n}``.
    """
    if direction not in ("out", "in"):
        raise BadParameter(f"Hướng «{direction}» không hợp lệ; dùng out (văn bản này trích dẫn) "
                           f"hoặc in (được trích dẫn bởi).")
    check_int("Độ sâu", depth, 1, MAX_DEPTH)
    check_int("max_children", max_children, 1, MAX_LIMIT)
    check_int("max_nodes", max_nodes, 1, 100_000)
    out = direction == "out"
    start = locate(cg, key)
    ent0 = cg.entity[start]
    tree = {"node": summary(cg, start), "children": []}
    seen = {ent0}
    frontier = [(ent0, tree)]
    count, truncated = 1, False
    for _ in range(depth):
        nxt = []
        for ent, tnode in frontier:
            recs = cg.out_recs(ent) if out else cg.in_recs(ent)
            room = min(max_children, max_nodes - count)
            if room < len(recs):
                tnode["more"] = len(recs) - max(room, 0)
                truncated = truncated or room < max_children
            for rec in recs[:max(room, 0)]:
                other = rec.dst_entity if out else rec.src_entity
                child = _step(cg, rec, out)
                child["children"] = []
                if other in seen:
                    child["repeat"] = True
                else:
                    seen.add(other)
                    nxt.append((other, child))
                tnode["children"].append(child)
                count += 1
        frontier = nxt
    return {"id": start, "direction": direction, "depth": depth, "tree": tree, "nodes": count,
            "truncated": truncated}


def _neighbours(cg: CitationGraph, ent: str, mode: str):
    if mode in ("out", "any"):
        for r in cg.out_recs(ent):
            yield r.dst_entity, r, "out"
    if mode in ("in", "any"):
        for r in cg.in_recs(ent):
            yield r.src_entity, r, "in"


def _shortest(cg: CitationGraph, s: str, t: str, mode: str, max_depth: int, budget: int):
    """Breadth-first search recording every shortest-path parent; returns (parents, reached, visited)."""
    parents: dict[str, list] = {s: []}
    dist = {s: 0}
    q = deque([s])
    visited = 0
    while q:
        u = q.popleft()
        if dist[u] >= max_depth or (t in dist and dist[u] >= dist[t]):
            continue
        for v, rec, how in _neighbours(cg, u, mode):
            visited += 1
            if visited > budget:
                return parents, t in dist, visited
            if v not in dist:
                dist[v] = dist[u] + 1
                parents[v] = [(u, rec, how)]
                q.append(v)
            elif dist[v] == dist[u] + 1:
                parents[v].append((u, rec, how))
    return parents, t in dist, visited


def paths(cg: CitationGraph, source: str, target: str, max_depth: int = 6, limit: int = 10,
          budget: int = 200_000) -> dict:
    """Shortest path(s) between two documents or instruments.

    Tries, in order: following citations from source to target (``mode="out"``), from target to
    source (``"in"``: the target leads to the source), then ignoring direction (``"any"``).
    The search visits at most ``budget`` edges (``truncated`` says when it stopped early).

    Returns:
        ``{"source", "target", "mode", "length", "paths": [[{"node"}, {"relation", "direction",
        "sentence", "line", "node"}, …]], "truncated"}``; ``paths`` is empty when none was found.
    """
    check_int("Độ sâu", max_depth, 1, 10)
    check_int("limit", limit, 1, 100)
    s_node, t_node = locate(cg, source), locate(cg, target)
    s, t = cg.entity[s_node], cg.entity[t_node]
    base = {"source": summary(cg, s_node), "target": summary(cg, t_node)}
    if s == t:
        return {**base, "mode": "same", "length": 0, "paths": [[{"node": summary(cg, s)}]],
                "truncated": False}
    truncated = False
    for mode in ("out", "in", "any"):
        parents, reached, visited = _shortest(cg, s, t, mode, max_depth, budget)
        truncated = truncated or visited > budget
        if reached:
            found = _enumerate(cg, parents, s, t, limit)
            return {**base, "mode": mode, "length": len(found[0]) - 1, "paths": found,
                    "truncated": truncated}
    return {**base, "mode": None, "length": None, "paths": [], "truncated": truncated,
            "message": f"Không tìm thấy đường trích dẫn nào giữa «{label(cg.node(s))}» và "
                       f"«{label(cg.node(t))}» trong {max_depth} bước."}


def _enumerate(cg: CitationGraph, parents: dict, s: str, t: str, limit: int) -> list[list[dict]]:
    out: list[list[dict]] = []

    def walk(v: str, tail: list[dict]) -> None:
        if len(out) >= limit:
            return
        if v == s:
            out.append([{"node": summary(cg, s)}] + tail)
            return
        for u, rec, how in parents[v]:
            d = cg.edge_data(rec)
            step = {"relation": rec.relation, "relation_label": RELATION_LABELS[rec.relation],
                    "direction": how, "sentence": d.get("sentence", ""), "line": d.get("line"),
                    "file": d.get("file"), "node": summary(cg, v)}
            walk(u, [step] + tail)

    walk(t, [])
    return out


def _of_kind(ents: list[str], kind: str | None) -> list[str]:
    if kind is None:
        return ents
    if kind not in KIND_LABELS:
        raise BadParameter(f"Loại «{kind}» không hợp lệ: {', '.join(KIND_LABELS)}.")
    return [e for e in ents if instrument_kind(e) == kind]


def most_cited(cg: CitationGraph, district: str | None = None, limit: int = 20, offset: int = 0,
               kind: str | None = None) -> dict:
    """Instruments by number of citing documents, overall or among one district's documents, of
    one level (``kind``: ``graph.kinds.KIND_LABELS``) or all.

    Returns:
        ``{"district", "kind", "total", "items": [{…summary, "count", "implements", "basis"}]}``.
    """
    dist = check_district(cg, district)
    check_int("limit", limit, 1, MAX_LIMIT)
    order = _of_kind(cg.most_cited_order(dist), kind)
    items = []
    for ent in order[offset:offset + limit]:
        item = summary(cg, ent)
        if dist is None:
            rc = cg.rel_counts(ent)
            item.update(count=cg.cite_count_of(ent), implements=rc.get("implements", 0),
                        basis=rc.get("basis", 0), mentions=rc.get("mentions", 0))
        else:
            c = cg.district_counts(dist, ent)
            item.update(count=c[0], implements=c[1], basis=c[2], mentions=c[0] - c[1] - c[2])
        items.append(item)
    return {"district": dist, "kind": kind, "total": len(order), "items": items}


def missing(cg: CitationGraph, limit: int = 100, offset: int = 0, kind: str | None = None) -> dict:
    """Instruments cited but whose text is not in the corpus, most cited first (of one level)."""
    check_int("limit", limit, 1, MAX_LIMIT)
    ents = _of_kind(cg.missing_entities(), kind)  # most cited first; known only from relations last
    items = []
    for ent in ents[offset:offset + limit]:
        item = summary(cg, ent)
        item["count"] = cg.cite_count_of(ent)
        items.append(item)
    return {"total": len(ents), "label": f"Văn bản được trích dẫn nhưng chưa có trong kho ({len(ents)})",
            "items": items}


def unresolved(cg: CitationGraph, limit: int = 100) -> tuple[int, list[dict]]:
    """Citations flagged ``unresolved`` (the surface, its sentence and where), in file order."""
    recs = sorted(cg.unresolved_recs(), key=lambda r: (r.src, r.line or 0))
    rows = []
    for rec in recs[:limit]:  # evidence read for the rows shown only
        u, v, d = rec.src, rec.dst, cg.edge_data(rec)
        rows.append({"doc": u, "doc_label": summary(cg, u)["label"] if u in cg.docs else u,
                     "target": v, "surface": ", ".join(d.get("surfaces") or []) or v,
                     "sentence": d.get("sentence", ""), "surfaces": d.get("surfaces") or [],
                     "line": d.get("line"), "is_doc": u in cg.docs})
    return len(recs), rows
