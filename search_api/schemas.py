"""The shapes of every JSON response, as pydantic models, so ``/openapi.json`` documents them.

The routes build their answers as plain dicts (``search_api.serialize``, ``graph.views``): one
serialisation per response, no copy through pydantic on the hot path. These models are the
contract: each route names its model in ``responses`` (so OpenAPI shows it), and
``tests/test_schemas.py`` validates every recorded seed response against its route's model with
unknown keys forbidden, while schemathesis checks generated requests against the same schema — a
key added to a response and not here fails the tests.

Here: documents, search, health and the one error shape; the graph's views are in
``search_api.schemas_graph``. Shared pieces: :class:`DocumentMeta` (a document's header, as in
lists and search hits), ``NodeSummary`` (any graph node), ``EdgeItem`` (a node with the evidence
of the edge that led to it).
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from search_api.schemas_graph import Candidate, Shape


# ---- documents -------------------------------------------------------------------------------
class DocumentHeader(Shape):
    """A document's header, as listed (``/api/documents``)."""

    id: str = Field(description="Mã văn bản trong kho (tệp + thứ tự)")
    file: str = Field(description="Tệp nguồn, đường dẫn trong kho")
    number: str | None = Field(description="Số ký hiệu, vd. 43/KH-UBND")
    type: str | None = Field(description="Loại văn bản")
    issuer: str | None = Field(description="Cơ quan ban hành")
    district: str | None = Field(description="Quận/huyện")
    date: str | None = Field(description="Ngày ban hành (YYYY-MM-DD)")
    title: str | None = Field(description="Trích yếu")
    signer: str | None = Field(description="Người ký")
    line_start: int = Field(description="Dòng đầu của văn bản trong tệp (từ 1)")
    line_end: int = Field(description="Dòng cuối")


class DocumentMeta(DocumentHeader):
    """A document's header with the spellings of its number and whether it was read by OCR."""

    number_variants: list[str] = Field(description="Các cách ghi số ký hiệu gặp trong kho")
    ocr: bool = Field(description="Đọc bằng OCR từ bản quét: số và ngày có thể sai")


class Mention(Shape):
    line: int
    text: str = Field(description="Nguyên văn như trong tệp")


class CitationOut(Shape):
    """A citation of a document (the ``vanban extract --json`` contract + instrument id, sentence)."""

    type: str = Field(description="Loại văn bản được trích dẫn")
    number: str | None
    name: str | None
    issuer: str | None
    date: str | None
    year: int | None
    relation: str = Field(description="basis | implements | mentions")
    flags: list[str]
    mentions: list[Mention]
    instrument: str = Field(description="Mã văn bản được trích dẫn (nút của đồ thị)")
    sentence: str


class RelationOut(Shape):
    """A relation between two instruments that the text states (amends, replaces, guides…)."""

    source: str
    target: str
    relation: str
    sentence: str
    line: int
    file: str


class DocumentOut(DocumentMeta):
    text: str | None = Field(None, description="Toàn văn (bỏ khi text=false)")
    citations: list[CitationOut]
    relations: list[RelationOut]


class DocumentList(Shape):
    total: int
    page: int
    size: int
    pages: int
    documents: list[DocumentHeader]


class Health(Shape):
    status: str
    documents: int
    files: int | None
    citations: int | None
    unreadable_files: int
    built_at: str | None
    graph: bool


# ---- search ----------------------------------------------------------------------------------
class HitCitation(Shape):
    """How a hit cites the instrument searched for."""

    ref: str
    relation: str
    line: int
    sentence: str
    flags: list[str]
    mentions: int = Field(description="Số lần văn bản nhắc đến")


class Passage(Shape):
    line: int
    html: str = Field(description="Đoạn văn, từ khớp trong <mark>")
    relation: str | None = None


class SearchHit(DocumentHeader):
    """A document found: its header (as listed), score, passages and how it cites what was asked."""

    score: float
    cited_by_count: int
    snippet: str
    passages: list[Passage]
    citation: HitCitation | None = None


class FacetValue(Shape):
    value: str | int
    count: int


class UnderstoodRef(Shape):
    typed: str
    skeleton: str


class Understood(Shape):
    """How the query was read: citations, phrases, words, filters."""

    refs: list[UnderstoodRef]
    phrases: list[str]
    words: str
    filters: dict[str, str]
    match: str | None
    relaxed: bool


class SearchResponse(Shape):
    query: str
    total: int
    total_is_estimate: bool | None = Field(None, description="Cụm từ rất phổ biến: tổng là ước tính (tối đa)")
    page: int
    size: int
    pages: int
    sort: str
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    understood: Understood


class ErrorBody(Shape):
    status: int
    code: str
    message: str = Field(description="Thông báo tiếng Việt")
    candidates: list[Candidate] | None = None


class Error(Shape):
    """Every 4xx/5xx answer of the API; a 409 (several instruments match) adds the candidates."""

    error: ErrorBody


def documented(model: type[BaseModel], *errors: int, also: dict[str, str] | None = None) -> dict:
    """Keyword arguments of a route that answers ``model`` as JSON (documented; the route's dict
    is sent as it is) and the given error statuses with :class:`Error`. ``also`` adds other media
    types of the 200 answer (``{"text/csv": "…"}``), served as text."""
    ok: dict[str, Any] = {"model": model}
    if also:
        ok["content"] = {media: {"schema": {"type": "string", "description": what}} for media, what in also.items()}
    return {"responses": {200: ok, **{e: {"model": Error} for e in (*errors, 422)}}}
