"""The shapes of the graph API's answers (see ``search_api.schemas`` for how they are used):
:class:`NodeSummary` (any node), :class:`EdgeItem` (a node with the evidence of the edge that led
to it), and the cited-by, cites, instrument, coverage, chain, path, resolver and export views."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    """A response shape: unknown keys are an error (the tests validate answers with it)."""

    model_config = ConfigDict(extra="forbid")

class NodeSummary(Shape):
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


class CitedBy(Shape):
    id: str
    node: NodeSummary
    total: int
    counts: dict[str, int]
    relation: str | None
    district: str | None = None
    items: list[EdgeItem]


class Cites(Shape):
    id: str
    node: NodeSummary
    total: int
    counts: dict[str, int]
    relation: str | None
    items: list[EdgeItem]


class Variant(Shape):
    text: str
    count: int
    flags: list[str]


class InstrumentStatus(Shape):
    state: str
    label: str
    by: list[EdgeItem]
    guided_by: list[EdgeItem]


class InstrumentOut(Shape):
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


class CoveragePlan(Shape):
    id: str
    kind: str
    label: str
    number: str | None
    date: str | None
    relation: str
    line: int | None
    body_implements: bool
    via: dict[str, Any] | None = None


class DistrictCoverage(Shape):
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


class CoverageSummary(Shape):
    total: int
    with_plan: int
    tasks_only: int
    none: int
    none_districts: list[str]
    text: str


class Coverage(Shape):
    id: str
    node: NodeSummary
    date: str | None
    districts: list[DistrictCoverage]
    outside: list[DistrictCoverage]
    summary: CoverageSummary


class MatrixRow(Shape):
    id: str
    node: NodeSummary
    summary: CoverageSummary
    cells: list[tuple[str, str]] = Field(description="[quận/huyện, tình trạng] mỗi cột")


class CoverageMatrix(Shape):
    columns: list[str]
    rows: list[MatrixRow]


class ChainNode(Shape):
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


class Chain(Shape):
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


class MostCited(Shape):
    district: str | None
    kind: str | None
    total: int
    items: list[CountedNode]


class Missing(Shape):
    label: str
    total: int
    items: list[CountedNode]


class PathStep(Shape):
    """One step of a path: the node reached and, after the first, the edge that reached it."""

    node: NodeSummary
    relation: str | None = None
    relation_label: str | None = None
    direction: str | None = None
    sentence: str | None = None
    line: int | None = None
    file: str | None = None


class GraphPath(Shape):
    source: NodeSummary
    target: NodeSummary
    mode: str = Field(description="out (theo trích dẫn) | in (ngược lại) | any")
    length: int | None
    paths: list[list[PathStep]]
    truncated: bool


class ResolvedNode(NodeSummary):
    cited_by: int


class Candidate(NodeSummary):
    """One of several instruments a loose key matches (a 409's ``candidates``)."""

    cited_by: int | None = None


class Resolved(Shape):
    query: str
    status: str = Field(description="found | ambiguous | not_found")
    normalized: str
    candidates: list[ResolvedNode]
    total: int
    message: str | None = None


class ExportNode(Shape):
    """A node of the exported graph with every stored attribute (``format=json``)."""

    model_config = ConfigDict(extra="allow")
    id: str
    kind: str


class ExportEdge(Shape):
    model_config = ConfigDict(extra="allow")
    source: str
    target: str
    relation: str
    kind: str


class GraphExport(Shape):
    """networkx node-link JSON of the whole graph or a neighbourhood."""

    directed: bool
    multigraph: bool
    graph: dict[str, Any]
    nodes: list[ExportNode]
    edges: list[ExportEdge]
