"""JSON API: search, documents, health. Graph endpoints live in ``routes/graph.py``."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request, Response

from indexer.terms import DOC_RELATION_LABELS
from search_api import schemas as S
from search_api.csvout import csv_response
from search_api.params import ExportParams, SearchParams
from search_api.schemas import documented
from search_api.serialize import document_json, header_json

router = APIRouter(prefix="", tags=["api"])


@router.get("/api/search", summary="Tìm kiếm văn bản", **documented(S.SearchResponse, 400))
def search(request: Request, req: SearchParams) -> dict:
    """Search documents. Returns ``{"total", "hits": [...], "facets", ...}``; 400 for a bad query."""
    return request.app.state.searcher.search(req)


EXPORT_MAX_ROWS = 10_000
CSV_COLUMNS = [("number", "Số ký hiệu"), ("type", "Loại văn bản"), ("issuer", "Cơ quan ban hành"),
               ("district", "Quận/huyện"), ("date", "Ngày ban hành"), ("title", "Trích yếu"),
               ("signer", "Người ký"), ("relation", "Quan hệ trích dẫn"), ("file", "Tệp nguồn"), ("id", "Mã")]


@router.get("/api/search.csv", summary="Tải kết quả tìm kiếm (CSV)", response_class=Response,
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}, 400: {"model": S.Error},
                       422: {"model": S.Error}})
def search_csv(request: Request, req: ExportParams) -> Response:
    """Every hit of a search (up to 10,000), in the order of its pages, as CSV (UTF-8 with BOM).
    ``X-Total-Count`` gives the search's total; ``X-Truncated: 1`` says the file stops at the cap."""
    total, rows = request.app.state.searcher.export(req, EXPORT_MAX_ROWS)
    out = [[label for _, label in CSV_COLUMNS]]
    for r in rows:
        r = {**r, "relation": DOC_RELATION_LABELS.get(r["relation"], "")}
        out.append([r.get(k) or "" for k, _ in CSV_COLUMNS])
    return csv_response(out, "ket-qua-tim-kiem", headers={
        "X-Total-Count": str(total), "X-Truncated": "1" if total > len(rows) else "0"})


@router.get("/api/documents/{doc_id}", summary="Một văn bản: thuộc tính, toàn văn, trích dẫn",
            **documented(S.DocumentOut, 404))
def document(request: Request, doc_id: str, text: bool = True) -> dict:
    doc = request.app.state.searcher.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"Không tìm thấy văn bản có mã «{doc_id}».")
    return document_json(doc, text=text)


@router.get("/api/documents", summary="Danh sách văn bản trong kho", **documented(S.DocumentList))
def documents(request: Request, page: int = Query(1, ge=1, description="Trang, từ 1"),
              size: int = Query(100, ge=1, le=1000, description="Số văn bản mỗi trang (1–1000)")) -> dict:
    """The documents of the index in index order, a page at a time."""
    s = request.app.state.searcher
    items = s.iter_headers((page - 1) * size, size)
    return {"total": s.document_count, "page": page, "size": size,
            "pages": (s.document_count + size - 1) // size, "documents": [header_json(h) for h in items]}


@router.get("/healthz", summary="Tình trạng dịch vụ", **documented(S.Health))
def healthz(request: Request) -> dict:
    s = request.app.state.searcher
    m = s.manifest
    return {"status": "ok", "documents": s.document_count, "files": m.get("files"),
            "citations": m.get("citations"), "unreadable_files": len(m.get("errors", [])),
            "built_at": m.get("built_at"), "graph": request.app.state.graph is not None}
