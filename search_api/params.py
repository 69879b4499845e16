"""The search parameters, declared once: the JSON search, its CSV export and the web search page
take the same filters through these FastAPI dependencies (they had drifted: the CSV export once
ignored three filters, the web page four)."""
from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import Depends, Query

from search_api.query import SearchRequest

QUERY_HELP = ("Số ký hiệu (vd. 19-CT/TU), tên văn bản, cụm từ trong ngoặc kép, bộ lọc dạng field:value "
              "(type, issuer, district, year, signer, cites, relation, from, to)")
SORT_HELP = "relevance | newest | oldest | cited"
# SearchRequest field → URL parameter, where they differ.
URL_NAMES = {"doc_type": "type"}


def search_filters(
    type: str | None = Query(None, description="Loại văn bản, vd. Kế hoạch"),
    issuer: str | None = Query(None, description="Cơ quan ban hành"),
    district: str | None = Query(None, description="Quận/huyện, vd. Quận 1"),
    year: int | None = Query(None, description="Năm ban hành"),
    signer: str | None = Query(None, description="Người ký"),
    date_from: str | None = Query(None, description="Từ ngày (YYYY-MM-DD)"),
    date_to: str | None = Query(None, description="Đến ngày (YYYY-MM-DD)"),
    cites: str | None = Query(None, description="Chỉ văn bản trích dẫn văn bản này, vd. 19-CT/TU"),
    relation: str | None = Query(None, description="basis | implements | mentions"),
) -> SearchRequest:
    """The filters of a search (no query, page or sort yet)."""
    return SearchRequest(doc_type=type, issuer=issuer, district=district, year=year, signer=signer,
                         date_from=date_from, date_to=date_to, cites=cites, relation=relation)


Filters = Annotated[SearchRequest, Depends(search_filters)]


def search_request(
    filters: Filters,
    q: str = Query("", description=QUERY_HELP),
    page: int = Query(1, description="Trang, từ 1"),
    size: int = Query(10, description="Số kết quả mỗi trang (1–100)"),
    sort: str = Query("relevance", description=SORT_HELP),
) -> SearchRequest:
    """A page of a search: query, page, size, sort and the filters."""
    return SearchRequest(**{**asdict(filters), "q": q, "page": page, "size": size, "sort": sort})


def export_request(
    filters: Filters,
    q: str = Query("", description="Câu tìm kiếm, như /api/search"),
    sort: str = Query("relevance", description=SORT_HELP),
) -> SearchRequest:
    """Every page of a search (the CSV export): query, sort and the filters."""
    return SearchRequest(**{**asdict(filters), "q": q, "sort": sort})


# What a route declares to take a search: ``req: SearchParams`` (a page) or ``ExportParams`` (all).
SearchParams = Annotated[SearchRequest, Depends(search_request)]
ExportParams = Annotated[SearchRequest, Depends(export_request)]
