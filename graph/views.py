"""JSON-ready views of graph nodes and edges, and the errors graph queries raise.

Every query answers with plain JSON-serialisable dicts built here, so the API, the CLI's
``--json`` and the web pages show one shape. Labels and messages are Vietnamese (user-facing).
"""
from __future__ import annotations

from indexer.places import canonical_district
from indexer.terms import ALL_RELATIONS, RELATION_LABELS

from .model import CitationGraph
from .records import EdgeRec, label


class GraphQueryError(Exception):
    """Base of query errors; ``message`` is Vietnamese and safe to show to a user."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(GraphQueryError):
    status = 404


class Ambiguous(GraphQueryError):
    """Several instruments match a loose key; ``candidates`` lists them (node summaries)."""

    status = 409

    def __init__(self, message: str, candidates: list[dict]):
        super().__init__(message)
        self.candidates = candidates


class BadParameter(GraphQueryError):
    status = 422


def fmt_date(date: str | None) -> str | None:
    """``2022-05-30`` → ``30/05/2022`` (Vietnamese format)."""
    if not date or len(date) < 10:
        return date
    return f"{date[8:10]}/{date[5:7]}/{date[:4]}"


def summary(cg: CitationGraph, node: str) -> dict:
    """A node as shown in lists: identity, type, issuer, district, date, text availability."""
    a = cg.node(node)
    out = {"id": node, "kind": a["kind"], "label": label(a), "type": a.get("type"),
           "issuer": a.get("issuer"), "district": a.get("district"), "date": a.get("date")}
    if a["kind"] == "document":
        out.update(number=a.get("number"), title=a.get("title"), file=a.get("file"),
                   line_start=a.get("line_start"), line_end=a.get("line_end"),
                   instrument=a.get("instrument"))
    else:
        out.update(ref=a.get("ref"), name=a.get("name"), year=a.get("year"),
                   missing=bool(a.get("missing")), documents=list(a.get("documents") or []))
    return out


def edge_item(cg: CitationGraph, rec: EdgeRec, side: str) -> dict:
    """An edge with its evidence, described from ``side`` ("src": the citer, "dst": the cited)."""
    d = cg.edge_data(rec)
    item = summary(cg, rec.src if side == "src" else rec.dst)
    item.update(
        relation=rec.relation, relation_label=RELATION_LABELS[rec.relation], edge_kind=d["kind"],
        sentence=d.get("sentence", ""), line=d.get("line"), lines=d.get("lines") or [d.get("line")],
        file=d.get("file"), flags=list(d.get("flags") or []),
        body_implements=bool(d.get("body_implements")), surfaces=list(d.get("surfaces") or []),
    )
    if d["kind"] == "states":
        item["stated_in"] = d.get("document")
    return item


def check_relation(relation: str | None, allowed: tuple[str, ...] = ALL_RELATIONS) -> str | None:
    """``None``/``""`` pass; anything else must be one of ``allowed``."""
    if not relation:
        return None
    r = relation.strip().lower()
    if r not in allowed:
        raise BadParameter(f"Quan hệ «{relation}» không hợp lệ; giá trị hợp lệ: {', '.join(allowed)}.")
    return r


def check_district(cg: CitationGraph, district: str | None, known: tuple[str, ...] = ()) -> str | None:
    """Canonical district name for a filter (``Tân Phú`` → ``Quận Tân Phú``)."""
    if not district:
        return None
    d = district.strip()
    canon = canonical_district(d)
    if canon:
        return canon
    if d in known or d in cg.districts_seen:
        return d
    raise BadParameter(f"Quận/huyện «{district}» không có trong danh sách; ví dụ hợp lệ: Quận 1, Quận Tân Phú.")


def check_int(name_vi: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadParameter(f"{name_vi} {value} không hợp lệ; chọn từ {low} đến {high}.")
    return value
