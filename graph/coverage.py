"""District coverage of a city instrument: who implements it, district by district, and who does not.

The question a city office asks ("which of our 22 districts have a plan implementing QĐ 1234, and
which do not?") has two tiers, because district plans relate to a city instrument in two ways:

* tier 1 — plans made to implement it: relation ``implements`` or ``basis``, directly, or through a
  city-level document that implements it (a district plan implementing the city's plan
  84/KH-UBND, which implements the decision) — "Thực hiện gián tiếp (qua văn bản của TP)";
* tier 2 — plans whose tasks carry it out: a ``mentions`` citation flagged ``body_implements``
  ("Tiếp tục thực hiện Chỉ thị số 19-CT/TU …").

Each district row gets a state ("Đã có kế hoạch" / "Có nhiệm vụ trong văn bản khác" / "Chưa có"),
its first plan's date and the response lag in days from the instrument's own date.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date as Date
from typing import NamedTuple

from indexer.places import HCMC_DISTRICTS, canonical_district

from .model import CitationGraph
from .records import EdgeRec, Recs
from .resolve import locate
from .views import check_int, summary

STATE_PLAN = "Đã có kế hoạch"
# No plan of its own, but another document of the district gives tasks that carry it out (a yearly
# plan's "Tiếp tục thực hiện Chỉ thị …"): plain words, where an earlier label said "chỉ triển khai
# trong nội dung" (issue 14 item 9).
STATE_TASKS = "Có nhiệm vụ trong văn bản khác"

STATE_NONE = "Chưa có"
STATE_HINTS = {
    STATE_PLAN: "Quận, huyện có văn bản căn cứ vào hoặc thực hiện văn bản này (trực tiếp, hoặc qua văn bản của Thành phố)",
    STATE_TASKS: "Quận, huyện chưa có kế hoạch riêng; một văn bản khác của quận, huyện (vd. kế hoạch năm) giao nhiệm vụ thực hiện văn bản này",
    STATE_NONE: "Kho chưa có văn bản nào của quận, huyện căn cứ, thực hiện hoặc giao nhiệm vụ thực hiện văn bản này",
}
# How many city-level hops "indirect" follows (plan → city plan → city decision → …).
MAX_HOPS = 3


def _days(start: str | None, end: str | None) -> int | None:
    try:
        return (Date.fromisoformat(end[:10]) - Date.fromisoformat(start[:10])).days  # type: ignore[index]
    except (TypeError, ValueError):
        return None


def _indirect(cg: CitationGraph, ent: str, city: Recs) -> dict[str, list[tuple[EdgeRec, str]]]:
    """District tier-1 citers of the city-level documents/instruments that implement ``ent``
    (``city``: its city-level tier-1 citers, as ``cg.tiers`` gave them)."""
    by_district: dict[str, list[tuple[EdgeRec, str]]] = defaultdict(list)
    seen, frontier = {ent}, [city]
    for _ in range(MAX_HOPS):
        nxt = []
        for recs in frontier:
            for r in recs:
                mid = r.src_entity
                if mid in seen:
                    continue
                seen.add(mid)
                mid_tier1, _, mid_city = cg.tiers(mid)
                nxt.append(mid_city)
                for district, drecs in mid_tier1.items():
                    by_district[district].extend((rec, mid) for rec in drecs)
        frontier = nxt
    return by_district


def _plan(cg: CitationGraph, rec: EdgeRec) -> dict:
    """A compact citer for coverage cells (the full evidence is one cited-by call away)."""
    a = cg.node(rec.src)
    return {"id": rec.src, "label": cg.label(rec.src), "number": a.get("number") or a.get("ref"),
            "kind": a["kind"], "date": rec.date, "relation": rec.relation,
            "line": rec.line, "body_implements": rec.body_implements}


def _earliest(recs) -> EdgeRec | None:
    """The earliest dated record (undated only when none is dated)."""
    return min(recs, key=lambda r: (r.date is None, r.date or ""), default=None)


def coverage(cg: CitationGraph, key: str, districts: list[str] | tuple[str, ...] | None = None,
             per_district: int = 10) -> dict:
    """The coverage table of an instrument over a set of districts.

    Args:
        cg: the graph.
        key: the instrument (any form :func:`graph.queries.locate` accepts).
        districts: the district set (default: HCMC's 22 units before July 2025); names are
            canonicalised (``Tân Phú`` → ``Quận Tân Phú``).
        per_district: at most this many plans listed per tier and district, earliest first (counts
            are complete; each listed plan is compact: id, label, number, date, relation, line).

    Returns:
        ``{"id", "node", "date", "districts": [row…], "outside": [row…], "summary": {…}}``; a row is
        ``{"district", "state", "plans", "indirect", "tasks", "plan_count", "indirect_count",
        "task_count", "first_date", "first_plan", "lag_days"}``. ``outside`` holds districts that
        have plans but are not in the set.
    """

    check_int("per_district", per_district, 0, 1000)
    ent = cg.entity[locate(cg, key)]
    inst_date = cg.node(ent).get("date")
    wanted = [canonical_district(d) or d.strip() for d in (districts or HCMC_DISTRICTS)]
    wanted = list(dict.fromkeys(d for d in wanted if d))
    direct, tasks, city = cg.tiers(ent)
    indirect = _indirect(cg, ent, city)
    tiers = _Tiers(direct, tasks, indirect,
                   {r.src for recs in direct.values() for r in recs} if indirect else set())
    rows = [_row(cg, d, tiers, inst_date, per_district) for d in wanted]
    others = sorted((set(direct) | set(tasks) | set(indirect)) - set(wanted))
    return {
        "id": ent, "node": summary(cg, ent), "date": inst_date,
        "districts": rows, "outside": [_row(cg, d, tiers, inst_date, per_district) for d in others],
        "summary": _summary(rows),
    }


class _Tiers(NamedTuple):
    """An instrument's citers by district: tier 1 direct and indirect (through a city document,
    with the one it went through), tier 2 tasks; ``tier1_srcs`` are the direct citers."""

    direct: dict[str, Recs]
    tasks: dict[str, Recs]
    indirect: dict[str, list[tuple[EdgeRec, str]]]
    tier1_srcs: set[str]


def _row(cg: CitationGraph, district: str, tiers: _Tiers, inst_date: str | None, per_district: int) -> dict:
    """One district's row: state, first plan and its lag, and up to ``per_district`` plans per tier."""
    d_recs: Sequence[EdgeRec] = tiers.direct.get(district, [])  # sorted earliest first
    i_recs = [(r, via) for r, via in tiers.indirect.get(district, []) if r.src not in tiers.tier1_srcs]
    t_recs: Sequence[EdgeRec] = tiers.tasks.get(district, [])
    if d_recs or i_recs:
        state = STATE_PLAN
        first = _earliest(([d_recs[0]] if d_recs else []) + [r for r, _ in i_recs])
    elif t_recs:
        state, first = STATE_TASKS, t_recs[0]
    else:
        state, first = STATE_NONE, None
    first_date = first.date if first else None
    i_recs.sort(key=lambda x: (x[0].date is None, x[0].date or "", x[0].src))
    ind_items = []
    for r, via in i_recs[:per_district]:
        item = _plan(cg, r)
        item["via"] = {"id": via, "label": cg.label(via), "ref": cg.node(via).get("ref")}
        ind_items.append(item)
    return {
        "district": district, "state": state,
        "plans": [_plan(cg, r) for r in d_recs[:per_district]],
        "indirect": ind_items,
        "tasks": [_plan(cg, r) for r in t_recs[:per_district]],
        "plan_count": len(d_recs), "indirect_count": len(i_recs), "task_count": len(t_recs),
        "first_date": first_date, "first_plan": first.src if first else None,
        "lag_days": _days(inst_date, first_date),
    }


def _summary(rows: list[dict]) -> dict:
    """How many districts have a plan, tasks only, none (named), and one sentence saying so."""
    n_plan = sum(r["state"] == STATE_PLAN for r in rows)
    n_tasks = sum(r["state"] == STATE_TASKS for r in rows)
    none = [r["district"] for r in rows if r["state"] == STATE_NONE]
    text = (f"{n_plan}/{len(rows)} quận, huyện đã có kế hoạch thực hiện · {n_tasks} có nhiệm vụ "
            f"trong văn bản khác · {len(none)} chưa có" + (f": {', '.join(none)}" if none else ""))
    return {"with_plan": n_plan, "tasks_only": n_tasks, "none": len(none),
            "none_districts": none, "total": len(rows), "text": text}


def coverage_csv_rows(table: dict) -> list[list]:
    """The coverage table as CSV rows (header first), for "Tải CSV"."""
    rows = [["Quận/huyện", "Tình trạng", "Kế hoạch thực hiện", "Thực hiện gián tiếp (qua văn bản của TP)",
             "Nhiệm vụ trong văn bản khác", "Ngày ban hành đầu tiên", "Số ngày sau văn bản gốc"]]
    for r in table["districts"] + table["outside"]:
        rows.append([r["district"], r["state"],
                     "; ".join(p["label"] for p in r["plans"]),
                     "; ".join(p["label"] for p in r["indirect"]),
                     "; ".join(p["label"] for p in r["tasks"]),
                     r["first_date"] or "", "" if r["lag_days"] is None else r["lag_days"]])
    return rows


# The coverage matrix: the instruments most implemented by district plans, one row each.
MATRIX_ROWS = 15


def coverage_matrix(cg: CitationGraph, districts: list[str] | tuple[str, ...] | None = None,
                    limit: int = MATRIX_ROWS) -> dict:
    """The instruments not issued by a district (the city's, and central ones) with the most
    district plans in tier 1 + tier 2 among ``districts`` (most plans, then most plans made to
    implement it, then most districts, then label), each with its state in every district.

    Returns:
        ``{"columns": [district…], "rows": [{"id", "node", "summary", "cells": [[district, state]…]}]}``.
    """
    check_int("limit", limit, 1, 100)
    wanted = list(dict.fromkeys(canonical_district(d) or d.strip() for d in (districts or HCMC_DISTRICTS)))
    rows = []
    for ent in cg.implementation_ranking(set(wanted), limit):
        table = coverage(cg, ent, districts=wanted, per_district=0)
        rows.append({"id": ent, "node": table["node"], "summary": table["summary"],
                     "cells": [[r["district"], r["state"]] for r in table["districts"]]})
    return {"columns": [d for d, _ in rows[0]["cells"]] if rows else wanted, "rows": rows}


def coverage_matrix_csv_rows(matrix: dict) -> list[list]:
    """The coverage matrix as CSV rows: one per instrument, one column per district."""
    out = [["Văn bản", "Mã văn bản", "Cơ quan ban hành", *matrix["columns"]]]
    for r in matrix["rows"]:
        out.append([r["node"]["label"], r["id"], r["node"].get("issuer") or "", *(s for _, s in r["cells"])])
    return out
