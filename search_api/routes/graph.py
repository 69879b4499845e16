"""JSON API of the citation graph (``request.app.state.graph``, loaded once by ``create_app``).

Instrument keys contain slashes (``19-CT/TU``, ``84/KH-UBND|UBND TP.HCM|2022``), so routes take
them as ``{key:path}``; the suffixed routes (``…/cited-by``, ``…/coverage``) are declared before
the bare one so they win. A key may also be typed loosely (``Chỉ thị 19/CT-TU``, ``CT 19/TU``):

* exactly one match → that instrument;
* several (two districts' ``171/KH-UBND``) → **409** with ``candidates`` in the error body;
* none → **404** with a Vietnamese message saying why it may be missing.

Bad parameters are 422 with a Vietnamese message; no graph loaded is 503.
"""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse

from graph import queries
from graph.coverage import coverage_csv_rows, coverage_matrix_csv_rows
from graph.export import FORMATS, MEDIA_EXT, iter_export
from graph.kinds import KIND_LABELS
from graph.views import Ambiguous, GraphQueryError
from search_api import schemas_graph as G
from search_api.csvout import csv_response, with_bom
from search_api.schemas import documented

KIND_HELP = "Cấp ban hành: " + ", ".join(f"{k} ({v})" for k, v in KIND_LABELS.items())

router = APIRouter(tags=["graph"])

RELATION_HELP = "basis | implements | mentions | guides | amends | replaces"


def _graph(request: Request):
    g = getattr(request.app.state, "graph", None)
    if g is None:
        raise HTTPException(503, "Chưa có đồ thị trích dẫn: hãy xây dựng chỉ mục trước (vanban index).")
    return g


def _call(fn, *args, **kwargs):
    """Run a graph query, mapping its errors to HTTP statuses with Vietnamese messages."""
    try:
        return fn(*args, **kwargs)
    except Ambiguous as e:
        raise HTTPException(409, {"message": e.message, "candidates": e.candidates}) from e
    except GraphQueryError as e:
        raise HTTPException(e.status, e.message) from e


def _districts(request: Request, districts: str | None) -> tuple[str, ...] | None:
    if districts:
        return tuple(d.strip() for d in districts.split(",") if d.strip())
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "districts", None)


@router.get("/api/instruments/{key:path}/cited-by", summary="Được trích dẫn bởi", **documented(G.CitedBy, 404, 409))
def instrument_cited_by(
    request: Request, key: str,
    relation: str | None = Query(None, description=RELATION_HELP),
    district: str | None = Query(None, description="Quận/huyện, vd. Quận 1"),
    limit: int = Query(100, ge=0, le=1000), offset: int = Query(0, ge=0),
) -> dict:
    """Documents (and instruments) citing ``key``, newest first, with the citing sentence and line."""
    return _call(queries.cited_by, _graph(request), key, relation=relation, district=district,
                 limit=limit, offset=offset)


@router.get("/api/instruments/{key:path}/coverage", summary="Thực hiện theo quận/huyện",
            **documented(G.Coverage, 404, 409, also={"text/csv": "format=csv: bảng theo quận/huyện (UTF-8, BOM)"}))
def instrument_coverage(
    request: Request, key: str,
    districts: str | None = Query(None, description="Danh sách quận/huyện, cách nhau bởi dấu phẩy "
                                                    "(mặc định: cấu hình VANBAN_DISTRICTS)"),
    per_district: int = Query(20, ge=0, le=1000),
    format: str = Query("json", description="json | csv"),
):
    """Two-tier coverage table: plans implementing ``key`` per district, and districts with none."""
    if format not in ("json", "csv"):
        raise HTTPException(422, f"Định dạng «{format}» không hợp lệ; chọn json hoặc csv.")
    table = _call(queries.coverage, _graph(request), key, districts=_districts(request, districts),
                  per_district=per_district)
    if format == "json":
        return table
    return csv_response(coverage_csv_rows(table), "coverage")


@router.get("/api/instruments/{key:path}", summary="Văn bản được trích dẫn", **documented(G.InstrumentOut, 404, 409))
def instrument(request: Request, key: str) -> dict:
    """Identity, text availability, surface variants ("Các cách viết đã gặp"), status and counts."""
    return _call(queries.instrument_detail, _graph(request), key)


@router.get("/api/documents/{doc_id:path}/cites", summary="Văn bản này trích dẫn", **documented(G.Cites, 404))
def document_cites(request: Request, doc_id: str,
                   relation: str | None = Query(None, description=RELATION_HELP)) -> dict:
    """What a document cites, with relation, sentence, line and flags."""
    return _call(queries.cites, _graph(request), doc_id, relation=relation)


@router.get("/api/graph/chain", summary="Chuỗi trích dẫn", **documented(G.Chain, 404, 409))
def chain(request: Request, id: str = Query(..., description="Văn bản hoặc số ký hiệu"),
          direction: str = Query("out", description="out: văn bản này trích dẫn · in: được trích dẫn bởi"),
          depth: int = Query(2, description="Độ sâu 1–5"),
          max_children: int = Query(100, ge=1, le=1000),
          max_nodes: int = Query(2000, ge=1, le=100_000)) -> dict:
    return _call(queries.chain, _graph(request), id, direction=direction, depth=depth,
                 max_children=max_children, max_nodes=max_nodes)


@router.get("/api/graph/coverage-matrix", summary="Ma trận thực hiện theo quận/huyện",
            **documented(G.CoverageMatrix, also={"text/csv": "format=csv: một dòng mỗi văn bản (UTF-8, BOM)"}))
def coverage_matrix(
    request: Request,
    districts: str | None = Query(None, description="Danh sách quận/huyện, cách nhau bởi dấu phẩy "
                                                    "(mặc định: cấu hình VANBAN_DISTRICTS)"),
    limit: int = Query(15, ge=1, le=100, description="Số văn bản (dòng), nhiều kế hoạch thực hiện nhất trước"),
    format: str = Query("json", description="json | csv"),
):
    """The instruments most implemented by district plans, each with its state in every district
    (the «Tổng quan» page's matrix)."""
    if format not in ("json", "csv"):
        raise HTTPException(422, f"Định dạng «{format}» không hợp lệ; chọn json hoặc csv.")
    matrix = _call(queries.coverage_matrix, _graph(request), _districts(request, districts), limit=limit)
    if format == "json":
        return matrix
    return csv_response(coverage_matrix_csv_rows(matrix), "ma-tran-thuc-hien")


@router.get("/api/graph/path", summary="Đường trích dẫn giữa hai văn bản", **documented(G.GraphPath, 404, 409))
def path(request: Request, source: str = Query(...), target: str = Query(...),
         max_depth: int = Query(6), limit: int = Query(10)) -> dict:
    return _call(queries.paths, _graph(request), source, target, max_depth=max_depth, limit=limit)


@router.get("/api/graph/most-cited", summary="Văn bản được trích dẫn nhiều nhất", **documented(G.MostCited))
def most_cited(request: Request, district: str | None = Query(None),
               limit: int = Query(20, ge=1, le=1000), offset: int = Query(0, ge=0),
               kind: str | None = Query(None, description=KIND_HELP)) -> dict:
    return _call(queries.most_cited, _graph(request), district=district, limit=limit, offset=offset, kind=kind)


@router.get("/api/graph/missing", summary="Văn bản được trích dẫn nhưng chưa có trong kho",
            **documented(G.Missing))
def missing(request: Request, limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0),
            kind: str | None = Query(None, description=KIND_HELP)) -> dict:
    return _call(queries.missing, _graph(request), limit=limit, offset=offset, kind=kind)


@router.get("/api/resolve", summary="Tra số ký hiệu", **documented(G.Resolved))
def resolve(request: Request, q: str = Query(..., description="vd. Chỉ thị 19/CT-TU, NĐ 33, 19-CT/TU")) -> dict:
    """``{"status": "found"|"ambiguous"|"not_found", "candidates": [...]}`` (always 200)."""
    return _call(queries.resolve, _graph(request), q)


@router.get("/api/graph/export", summary="Tải xuống đồ thị: GraphML · JSON · CSV",
            **documented(G.GraphExport, 404, 409, also={"application/xml": "format=graphml", "text/csv": "format=csv (UTF-8, BOM)"}))
def export_graph(request: Request, format: str = Query("graphml", description="graphml | json | csv"),
                 id: str | None = Query(None, description="Tâm của vùng lân cận (bỏ trống: cả đồ thị)"),
                 depth: int = Query(1, description="Độ sâu 0–5 quanh id")) -> Response:
    cg = _graph(request)
    node = _call(queries.locate, cg, id) if id else None
    chunks = _call(iter_export, cg, format, node=node, depth=depth)
    if format == "csv":
        chunks = with_bom(chunks)
    name = "vanban-graph" if node is None else "vanban-" + "".join(c if c.isascii() and c.isalnum() else "_" for c in node)
    # Streamed: the whole graph of an archive is millions of edges, never held in memory.
    return StreamingResponse(chunks, media_type=f"{FORMATS[format]}; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.{MEDIA_EXT[format]}"'})
