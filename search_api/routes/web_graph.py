"""Vietnamese web pages of the citation graph: instrument, coverage, chain, path, resolver, overview.

Server-rendered from the same ``graph.queries`` calls the JSON API makes (``routes/graph.py``), so a
page and its JSON twin show one count. Every page's state is in its URL; every page works without
JavaScript. Query parameters are taken as strings and checked here, so a bad value is a
Vietnamese HTML page with a 4xx status rather than the API's JSON validation error.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from graph import queries
from graph.coverage import (
    MATRIX_ROWS,
    STATE_HINTS,
    STATE_NONE,
    STATE_PLAN,
    STATE_TASKS,
    coverage_csv_rows,
    coverage_matrix,
    coverage_matrix_csv_rows,
)
from graph.kinds import KIND_LABELS
from graph.views import Ambiguous, GraphQueryError, NotFound, summary
from indexer.places import HCMC_DISTRICTS
from indexer.terms import (
    EDGE_WORDS,
    INSTRUMENT_RELATIONS,
)
from search_api.csvout import csv_response
from search_api.routes.pages import (
    canonical,
    choice,
    configured_districts,
    district_options,
    error,
    graph_of,
    int_param,
    no_graph,
    query_error,
    render,
)
from search_api.svg import chain_svg
from search_api.templating import api_url, node_url, vb_url

router = APIRouter(include_in_schema=False)

# Cited-by groups in the order UX.md lists them ("Thực hiện", "Căn cứ", "Nhắc đến").
GROUP_ORDER = ("implements", "basis", "mentions")
CITED_BY_SORTS = {"newest": "Mới nhất", "oldest": "Cũ nhất", "district": "Theo quận"}
# The UI offers depths 1–3 (the API allows up to 5): beyond 3 a tree stops being readable.
MAX_UI_DEPTH = 3
PAGE_SIZE = 50
# Boxes in the chain drawing: past ~60 a drawing beside the tree stops being readable.
SVG_MAX_NODES = 60
# Cited-by items fetched for sorting and paging in one request (the query's own cap).
FETCH_LIMIT = queries.MAX_LIMIT


# -- instrument page ------------------------------------------------------------------------------

def _sort_items(items: list[dict], sort: str) -> list[dict]:
    if sort == "oldest":
        return sorted(items, key=lambda i: (i.get("date") is None, i.get("date") or "", i["id"]))
    if sort == "district":
        return sorted(items, key=lambda i: (i.get("district") is None, i.get("district") or "",
                                            i.get("date") or "", i["id"]))
    return items  # the query's own order is newest first


@router.get("/vb/{key:path}/coverage", response_class=HTMLResponse)
def coverage_page(request: Request, key: str, sort: str | None = None, format: str | None = None):
    """The «Thực hiện theo quận/huyện» page: two-tier coverage of an instrument over the configured districts."""
    try:
        found = canonical(request, key, "/coverage", sort=sort, format=format)
        if isinstance(found, Response):
            return found
        cg, ent = found
        sort = choice("Sắp xếp", sort, ("lag", "-lag"), "")
        fmt = choice("Định dạng", format, ("html", "csv"), "html")
        districts = configured_districts(request)
        table = queries.coverage(cg, ent, districts=districts)
    except GraphQueryError as e:
        return query_error(request, e, q=key)
    if fmt == "csv":
        name = "coverage-" + "".join(c if c.isascii() and c.isalnum() else "_" for c in ent)
        return csv_response(coverage_csv_rows(table), name)
    rows = list(table["districts"])
    if sort:
        rows.sort(key=lambda r: (r["lag_days"] is None,
                                 (r["lag_days"] or 0) * (-1 if sort == "-lag" else 1)))
    default_set = tuple(districts) == tuple(HCMC_DISTRICTS)
    return render(request, "coverage.html", {
        "key": ent, "table": table, "rows": rows, "sort": sort, "node": table["node"],
        "STATE_PLAN": STATE_PLAN, "STATE_TASKS": STATE_TASKS, "STATE_NONE": STATE_NONE, "STATE_HINTS": STATE_HINTS,
        "note": (f"Danh sách {len(districts)} quận, huyện TP.HCM trước 01/7/2025 (có thể cấu hình)"
                 if default_set else
                 f"Danh sách {len(districts)} quận, huyện theo cấu hình (VANBAN_DISTRICTS)"),
        "csv_url": vb_url(ent, "/coverage", format="csv"),
        "json_url": "/api/instruments/" + quote(ent, safe="/") + "/coverage",
    })


@router.get("/vb/{key:path}", response_class=HTMLResponse)
def instrument_page(request: Request, key: str, district: str | None = None, relation: str | None = None,
                    sort: str | None = None, page: str | None = None):
    """The «Văn bản được trích dẫn» page: identity, status, cited-by grouped by relation with the sentences."""
    try:
        found = canonical(request, key, district=district, relation=relation, sort=sort, page=page)
        if isinstance(found, Response):
            return found
        cg, ent = found
        sort = choice("Sắp xếp", sort, CITED_BY_SORTS, "newest")
        page_n = int_param("Trang", page, 1, 1, 10**6)
        detail = queries.instrument_detail(cg, ent)
        cited = queries.cited_by(cg, ent, relation=relation, district=district, limit=FETCH_LIMIT)
        cites = queries.cites(cg, ent) if detail["cites_count"] else None
    except GraphQueryError as e:
        return query_error(request, e, q=key, back=vb_url(key) if not isinstance(e, NotFound) else None)
    rel, dist = cited["relation"], cited["district"]
    items = _sort_items(cited["items"], sort)
    pages = max(1, -(-len(items) // PAGE_SIZE))
    if page_n > pages:
        return error(request, 422, f"Trang {page_n} không có; văn bản này có {pages} trang kết quả.",
                      back=vb_url(ent, district=dist, relation=rel, sort=sort))
    shown = items[(page_n - 1) * PAGE_SIZE: page_n * PAGE_SIZE]
    # Groups: the three document relations always (greyed at 0), instrument relations when present.
    counts = cited["counts"]
    group_rels = list(GROUP_ORDER) + [r for r in INSTRUMENT_RELATIONS
                                      if r not in GROUP_ORDER and counts.get(r)]
    groups = [(r, counts.get(r, 0), [i for i in shown if i["relation"] == r]) for r in group_rels]
    params = {"district": dist, "relation": rel, "sort": sort if sort != "newest" else None}
    node = detail["node"]
    search_q = node.get("ref") or node.get("name") or ""
    return render(request, "instrument.html", {
        "key": ent, "d": detail, "node": node, "cited": cited, "groups": groups, "counts": counts,
        "total": cited["total"], "relation": rel, "district": dist, "sort": sort, "page": page_n,
        "pages": pages, "truncated": cited["total"] > len(items), "fetch_limit": FETCH_LIMIT,
        "districts": district_options(request, cg), "CITED_BY_SORTS": CITED_BY_SORTS,
        "url": lambda **c: vb_url(ent, **{**params, "page": None, **c}),
        "cites": cites,
        "coverage_url": vb_url(ent, "/coverage"), "chain_url": api_url("/chain", id=ent),
        "search_url": api_url("/", q=search_q) if search_q else None,
        "json_url": "/api/instruments/" + quote(ent, safe="/"),
        "cited_by_json_url": api_url("/api/instruments/" + quote(ent, safe="/") + "/cited-by",
                                     relation=rel, district=dist),
        "exports": [(f, api_url("/api/graph/export", format=f, id=ent, depth=1))
                    for f in ("graphml", "json", "csv")],
    })


# -- chain and path -------------------------------------------------------------------------------

@router.get("/chain", response_class=HTMLResponse)
def chain_page(request: Request, id: str = "", direction: str | None = None, depth: str | None = None):
    """The «Chuỗi trích dẫn» page: what a document cites and on (``out``), or who cites it and on (``in``)."""
    cg = graph_of(request)
    if cg is None:
        return no_graph(request)
    ctx = {"id": id, "direction": direction or "out", "depth": depth or "2", "result": None,
           "error": None, "candidates": [], "json_url": None, "max_depth": MAX_UI_DEPTH, "drawing": None}
    status = 200
    try:
        dirn = choice("Hướng", direction, ("out", "in"), "out")
        dep = int_param("Độ sâu", depth, 2, 1, MAX_UI_DEPTH)
        ctx.update(direction=dirn, depth=dep)
        if id.strip():
            ctx["result"] = queries.chain(cg, id, direction=dirn, depth=dep)
            d = chain_svg(ctx["result"]["tree"], node_url, EDGE_WORDS, direction=dirn, max_nodes=SVG_MAX_NODES)
            ctx["drawing"] = {"svg": Markup(d.svg), "shown": d.shown, "total": d.total, "capped": d.capped}
            ctx["json_url"] = api_url("/api/graph/chain", id=id, direction=dirn, depth=dep)
    except GraphQueryError as e:
        status = _show_error(ctx, e)
    ctx["url"] = lambda **c: api_url("/chain", **{"id": id, "direction": ctx["direction"],
                                                  "depth": ctx["depth"], **c})
    return render(request, "chain.html", ctx, status=status)


def _show_error(ctx: dict, e: GraphQueryError) -> int:
    """Put a query error (with its candidates when ambiguous) on the page; its 4xx status."""
    ctx["error"] = e.message
    if isinstance(e, Ambiguous):
        ctx["candidates"] = e.candidates
        return 409
    return e.status if 400 <= e.status < 500 else 400


@router.get("/path", response_class=HTMLResponse)
def path_page(request: Request, source: str = "", target: str = ""):
    """The «Đường trích dẫn» page: the shortest path(s) between two documents or instruments."""
    cg = graph_of(request)
    if cg is None:
        return no_graph(request)
    ctx = {"source": source, "target": target, "result": None, "error": None, "candidates": [],
           "json_url": None, "path_page": True, "id": source, "direction": "out", "depth": 2,
           "max_depth": MAX_UI_DEPTH, "url": lambda **c: api_url("/chain", id=source, **c)}
    status = 200
    if source.strip() and target.strip():
        try:
            ctx["result"] = queries.paths(cg, source, target)
            ctx["json_url"] = api_url("/api/graph/path", source=source, target=target)
        except GraphQueryError as e:
            status = _show_error(ctx, e)
    elif source.strip() or target.strip():
        ctx["error"] = "Hãy nhập cả văn bản xuất phát và văn bản đích."
        status = 422
    return render(request, "chain.html", ctx, status=status)


# -- resolver -------------------------------------------------------------------------------------

# Longer input than a number with its type word and issuer is read as a pasted passage.
PASTE_MIN_CHARS = 80


def _pasted(cg, text: str) -> list[dict] | None:
    """Every citation found in a pasted passage, each resolved; ``None`` if extraction is unavailable."""
    try:
        from indexer.citations import extract_citations
    except ImportError:
        return None
    try:
        found, _ = extract_citations(text)
    except Exception:  # a passage the extractor cannot read falls back to one lookup
        import logging

        logging.getLogger(__name__).warning("citation extraction failed on pasted text", exc_info=True)
        return None
    rows = []
    for c in found:
        written = c.mentions[0].text if c.mentions else (c.key.ref or c.key.name or "")
        if c.key.id in cg:  # the extractor already knows issuer and year: no need to guess
            ent = cg.entity[c.key.id]
            ans = {"status": "found", "candidates": [summary(cg, ent)]}
        else:
            ans = queries.resolve(cg, c.key.ref or c.key.name or written)
        rows.append({"surface": written, "normalized": c.key.ref or c.key.name or "",
                     "status": ans["status"], "candidates": ans["candidates"],
                     "line": c.mentions[0].line if c.mentions else None})
    return rows


@router.get("/tra-cuu", response_class=HTMLResponse)
def resolve_page(request: Request, q: str = ""):
    """The «Tra số ký hiệu» page: found → the instrument page; ambiguous → candidates; not found → why."""
    cg = graph_of(request)
    if cg is None:
        return no_graph(request)
    q = q.strip()
    missing_count = cg.missing_count
    ctx = {"q": q, "state": "empty", "message": None, "candidates": [], "title": "Tra số ký hiệu",
           "back": None, "missing_count": missing_count, "rows": None,
           "json_url": api_url("/api/resolve", q=q) if q else None}
    if not q:
        return render(request, "resolve.html", ctx)
    if len(q) >= PASTE_MIN_CHARS:
        rows = _pasted(cg, q)
        if rows:
            ctx.update(state="pasted", rows=rows)
            return render(request, "resolve.html", ctx)
    ans = queries.resolve(cg, q)
    if ans["status"] == "found":
        return RedirectResponse(vb_url(ans["candidates"][0]["id"]), status_code=303)
    if ans["status"] == "ambiguous":
        ctx.update(state="ambiguous", candidates=ans["candidates"], total=ans["total"])
        return render(request, "resolve.html", ctx)
    ctx.update(state="not_found")
    return render(request, "resolve.html", ctx, status=404)


# -- overview -------------------------------------------------------------------------------------

# A cell's mark, CSS class and words (legend, tooltip) for each coverage state.
MATRIX_CELLS = {STATE_PLAN: ("●", "plan", "có kế hoạch"),
                STATE_TASKS: ("◐", "tasks", "có nhiệm vụ trong văn bản khác"),
                STATE_NONE: ("○", "none", "chưa có")}


@router.get("/tong-quan/ma-tran.csv")
def coverage_matrix_csv(request: Request):
    """The overview's coverage matrix as CSV: one row per instrument, one column per district."""
    cg = graph_of(request)
    if cg is None:
        return no_graph(request)
    return csv_response(coverage_matrix_csv_rows(coverage_matrix(cg, configured_districts(request))),
                        "ma-tran-thuc-hien")


# Rows per page of the overview's lists (most cited, cited but missing).
OVERVIEW_PAGE = 20


@router.get("/tong-quan", response_class=HTMLResponse)
def overview_page(request: Request, district: str | None = None, trang: str = "1", trang_thieu: str = "1",
                  loai: str | None = None):
    """The «Tổng quan» page: corpus counts, most-cited (overall or per district), coverage matrix,
    cited-but-missing, unresolved. Both lists are paged (``trang``, ``trang_thieu``)."""
    cg = graph_of(request)
    if cg is None:
        return no_graph(request)
    try:
        page = int_param("Trang", trang, 1, 1, 10_000)
        page_missing = int_param("Trang", trang_thieu, 1, 1, 10_000)
        kind = loai or None
        top = queries.most_cited(cg, district=district, limit=OVERVIEW_PAGE, offset=(page - 1) * OVERVIEW_PAGE,
                                 kind=kind)
        miss = queries.missing(cg, limit=OVERVIEW_PAGE, offset=(page_missing - 1) * OVERVIEW_PAGE, kind=kind)
    except GraphQueryError as e:
        return query_error(request, e, back="/tong-quan")
    n_unresolved, unresolved = queries.unresolved(cg)
    searcher = getattr(request.app.state, "searcher", None)
    manifest = getattr(searcher, "manifest", None) or {}
    counts = {"documents": cg.stats["documents"], "plans": cg.stats["plans"], "cited": cg.stats["cited"],
              "edges": cg.edge_count, "built_at": manifest.get("built_at")}
    matrix = coverage_matrix(cg, configured_districts(request))
    return render(request, "overview.html", {
        "matrix": matrix, "matrix_limit": MATRIX_ROWS, "MATRIX_CELLS": MATRIX_CELLS, "matrix_csv": "/tong-quan/ma-tran.csv",
        "counts": counts, "top": top, "district": top["district"], "missing": miss,
        "page": page, "page_missing": page_missing, "page_size": OVERVIEW_PAGE,
        "overview_url": lambda **c: "/tong-quan?" + urlencode({k: v for k, v in {
            "district": top["district"], "loai": kind, "trang": page, "trang_thieu": page_missing, **c}.items() if v}),
        "kind": kind, "KIND_LABELS": KIND_LABELS,
        "n_unresolved": n_unresolved, "unresolved": unresolved,
        "districts": district_options(request, cg),
        "most_cited_json": api_url("/api/graph/most-cited", district=top["district"], kind=kind),
        "missing_json": api_url("/api/graph/missing", kind=kind), "health_json": "/healthz",
    })


__all__ = ["router"]
