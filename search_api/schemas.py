"""The shapes of every JSON response, as pydantic models, so ``/openapi.json`` documents them.

The routes build their answers as plain dicts (``search_api.serialize``, ``graph.views``): one
serialisation per response, no copy through pydantic on the hot path. These models are the
contract: each route names its model in ``responses`` (so OpenAPI shows it), and
``tests/test_schemas.py`` validates every recorded seed response against its route's model with
unknown keys forbidden, while schemathesis checks generated requests against the same schema — a
key added to a response and not here fails the tests.

Shared pieces: :class:`DocumentMeta` (a document's header, as in lists, search hits and graph
nodes), :class:`NodeSummary` (any graph node), :class:`EdgeItem` (a node with the evidence of the
edge that led to it).
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- documents -------------------------------------------------------------------------------
class DocumentHeader(_Shape):
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


class Mention(_Shape):
    line: int
    text: str = Field(description="Nguyên văn như trong tệp")


class CitationOut(_Shape):
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


class RelationOut(_Shape):
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


class DocumentList(_Shape):
    total: int
    page: int
    size: int
    pages: int
    documents: list[DocumentHeader]


class Health(_Shape):
    status: str
    documents: int
    files: int | None
    citations: int | None
    unreadable_files: int
    built_at: str | None
    graph: bool


# ---- search ----------------------------------------------------------------------------------
class HitCitation(_Shape):
    """How a hit cites the instrument searched for."""

    ref: str
    relation: str
    line: int
    sentence: str
    flags: list[str]
    mentions: int = Field(description="Số lần văn bản nhắc đến")


class Passage(_Shape):
    line: int
    html: str = Field(description="Đoạn văn, từ khớp trong <mark>")
    relation: str | None = None


class SearchHit(_Shape):
    id: str
    file: str
    number: str | None
    type: str | None
    issuer: str | None
    district: str | None
    date: str | None
    title: str | None
    signer: str | None
    line_start: int
    score: float
    cited_by_count: int
    snippet: str
    passages: list[Passage]
    citation: HitCitation | None = None


class FacetValue(_Shape):
    value: str | int
    count: int


class UnderstoodRef(_Shape):
    typed: str
    skeleton: str


class Understood(_Shape):
    """How the query was read: citations, phrases, words, filters."""

    refs: list[UnderstoodRef]
    phrases: list[str]
    words: str
    filters: dict[str, str]
    match: str | None
    relaxed: bool


class SearchResponse(_Shape):
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


# ---- graph -----------------------------------------------------------------------------------
class NodeSummary(_Shape):
    """A graph node: a document of the corpus (number, title, file…) or an instrument it cites
    (ref or name, year, whether it is missing from the corpus, the documents that are it)."""

    id: str
    kind: str = Field(description="document | instrument")
    label: str
    type: str | None
    issuer: str | None
    district: str | None
    date: str | None
    number: str | None = None
    title: str | None = None
    file: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    instrument: str | None = None
    ref: str | None = None
    name: str | None = None
    year: int | None = None
    missing: bool | None = None
    documents: list[str] | None = None


class EdgeItem(NodeSummary):
    """A node reached by one edge, with the edge's evidence."""

    relation: str
    relation_label: str
    edge_kind: str = Field(description="cites | states")
    sentence: str
    line: int | None
    lines: list[int | None]
    file: str | None
    flags: list[str]
    body_implements: bool
    surfaces: list[str]
    stated_in: str | None = None


class CitedBy(_Shape):
    id: str
    node: NodeSummary
    total: int
    counts: dict[str, int]
    relation: str | None
    district: str | None = None
    items: list[EdgeItem]


class Cites(_Shape):
    id: str
    node: NodeSummary
    total: int
    counts: dict[str, int]
    relation: str | None
    items: list[EdgeItem]


class Variant(_Shape):
    text: str
    count: int
    flags: list[str]


class InstrumentStatus(_Shape):
    state: str
    label: str
    by: list[EdgeItem]
    guided_by: list[EdgeItem]


class InstrumentOut(_Shape):
    id: str
    node: NodeSummary
    cited_by_count: int
    cited_by_relations: dict[str, int]
    cites_count: int
    documents: list[NodeSummary]
    variants: list[Variant]
    variants_label: str
    dates_stated: dict[str, int]
    missing_label: str
    status: InstrumentStatus


class CoveragePlan(_Shape):
    id: str
    kind: str
    label: str
    number: str | None
    date: str | None
    relation: str
    line: int | None
    body_implements: bool
    via: dict[str, Any] | None = None


class DistrictCoverage(_Shape):
    district: str
    state: str
    plan_count: int
    task_count: int
    indirect_count: int
    first_plan: str | None
    first_date: str | None
    lag_days: int | None
    plans: list[CoveragePlan]
    tasks: list[CoveragePlan]
    indirect: list[CoveragePlan]


class CoverageSummary(_Shape):
    total: int
    with_plan: int
    tasks_only: int
    none: int
    none_districts: list[str]
    text: str


class Coverage(_Shape):
    id: str
    node: NodeSummary
    date: str | None
    districts: list[DistrictCoverage]
    outside: list[DistrictCoverage]
    summary: CoverageSummary


class MatrixRow(_Shape):
    id: str
    node: NodeSummary
    summary: CoverageSummary
    cells: list[tuple[str, str]] = Field(description="[quận/huyện, tình trạng] mỗi cột")


class CoverageMatrix(_Shape):
    columns: list[str]
    rows: list[MatrixRow]


class ChainNode(_Shape):
    node: NodeSummary
    relation: str | None = None
    relation_label: str | None = None
    sentence: str | None = None
    line: int | None = None
    file: str | None = None
    flags: list[str] | None = None
    repeat: bool | None = None
    more: int | None = Field(None, description="Số nhánh không hiển thị (vượt max_children)")
    children: list[ChainNode] = []


class Chain(_Shape):
    id: str
    direction: str
    depth: int
    nodes: int
    truncated: bool
    tree: ChainNode


class CountedNode(NodeSummary):
    count: int
    basis: int | None = None
    implements: int | None = None
    mentions: int | None = None


class MostCited(_Shape):
    district: str | None
    kind: str | None
    total: int
    items: list[CountedNode]


class Missing(_Shape):
    label: str
    total: int
    items: list[CountedNode]


class PathStep(_Shape):
    """One step of a path: the node reached and, after the first, the edge that reached it."""

    node: NodeSummary
    relation: str | None = None
    relation_label: str | None = None
    direction: str | None = None
    sentence: str | None = None
    line: int | None = None
    file: str | None = None


class GraphPath(_Shape):
    source: NodeSummary
    target: NodeSummary
    mode: str = Field(description="out (theo trích dẫn) | in (ngược lại) | any")
    length: int | None
    paths: list[list[PathStep]]
    truncated: bool


class ResolvedNode(NodeSummary):
    cited_by: int


class Resolved(_Shape):
    query: str
    status: str = Field(description="found | ambiguous | not_found")
    normalized: str
    candidates: list[ResolvedNode]
    total: int
    message: str | None = None


class ErrorBody(_Shape):
    status: int
    code: str
    message: str = Field(description="Thông báo tiếng Việt")
    candidates: list[NodeSummary] | None = None


class Error(_Shape):
    """Every 4xx/5xx answer of the API; a 409 (several instruments match) adds the candidates."""

    error: ErrorBody


class ExportNode(_Shape):
    """A node of the exported graph with every stored attribute (``format=json``)."""

    model_config = ConfigDict(extra="allow")
    id: str
    kind: str


class ExportEdge(_Shape):
    model_config = ConfigDict(extra="allow")
    source: str
    target: str
    relation: str
    kind: str


class GraphExport(_Shape):
    """networkx node-link JSON of the whole graph or a neighbourhood."""

    directed: bool
    multigraph: bool
    graph: dict[str, Any]
    nodes: list[ExportNode]
    edges: list[ExportEdge]


def documented(model: type[BaseModel], *errors: int, also: dict[str, str] | None = None) -> dict:
    """Keyword arguments of a route that answers ``model`` as JSON (documented; the route's dict
    is sent as it is) and the given error statuses with :class:`Error`. ``also`` adds other media
    types of the 200 answer (``{"text/csv": "…"}``), served as text."""
    ok: dict[str, Any] = {"model": model}
    if also:
        ok["content"] = {media: {"schema": {"type": "string", "description": what}} for media, what in also.items()}
    return {"responses": {200: ok, **{e: {"model": Error} for e in (*errors, 422)}}}
