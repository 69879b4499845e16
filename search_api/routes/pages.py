"""What every web page of the graph does the same way: render a template, answer an error as a
Vietnamese page (with the resolver box and a way back), read and check its URL parameters, find
the graph and the instrument a URL names (redirecting to its canonical URL)."""
from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graph import queries
from graph.views import Ambiguous, BadParameter, GraphQueryError
from indexer.places import HCMC_DISTRICTS
from search_api.templating import templates, vb_url


def render(request: Request, name: str, ctx: dict, status: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def error(request: Request, status: int, message: str, q: str = "", title: str | None = None,
           candidates: list[dict] | None = None, back: str | None = None) -> HTMLResponse:
    """An error page: the message, the resolver box, and a way back."""
    return render(request, "resolve.html", {
        "q": q, "state": "error", "message": message, "candidates": candidates or [],
        "title": title or ("Không tìm thấy" if status == 404 else "Yêu cầu không hợp lệ"),
        "back": back, "missing_count": None}, status=status)


def query_error(request: Request, e: GraphQueryError, q: str = "", back: str | None = None) -> HTMLResponse:
    if isinstance(e, Ambiguous):
        return error(request, 409, e.message, q=q, title="Nhiều văn bản khớp", candidates=e.candidates,
                      back=back)
    return error(request, e.status if 400 <= e.status < 500 else 400, e.message, q=q, back=back)


def graph_of(request: Request):
    return getattr(request.app.state, "graph", None)


def no_graph(request: Request) -> HTMLResponse:
    return error(request, 503, "Chưa có đồ thị trích dẫn: hãy xây dựng chỉ mục trước (vanban index).",
                  title="Chưa có dữ liệu")


def int_param(name_vi: str, value: str | None, default: int, low: int, high: int) -> int:
    """A query parameter as an int in [low, high], or :class:`BadParameter` in Vietnamese."""
    if value in (None, ""):
        return default
    try:
        n = int(value)
    except ValueError:
        raise BadParameter(f"{name_vi} «{value}» không phải là số; chọn từ {low} đến {high}.") from None
    if not low <= n <= high:
        raise BadParameter(f"{name_vi} {n} không hợp lệ; chọn từ {low} đến {high}.")
    return n


def choice(name_vi: str, value: str | None, allowed: dict | tuple, default: str) -> str:
    if value in (None, ""):
        return default
    if value not in allowed:
        raise BadParameter(f"{name_vi} «{value}» không hợp lệ; giá trị hợp lệ: {', '.join(allowed)}.")
    return value


def configured_districts(request: Request) -> tuple[str, ...]:
    return tuple(getattr(request.app.state.settings, "districts", None) or HCMC_DISTRICTS)


def district_options(request: Request, cg) -> list[str]:
    configured = list(configured_districts(request))
    return configured + [d for d in cg.districts_seen if d not in configured]


def locate_entity(cg, key: str) -> str:
    return cg.entity[queries.locate(cg, key)]


def canonical(request: Request, key: str, suffix: str = "", **params) -> tuple[Any, str] | Response:
    """The graph and the entity an instrument URL names, or the response to send instead.

    Without a graph: the 503 page. When ``key`` is not the entity's canonical id (a loose number,
    a document id): a 303 to ``vb_url(entity, suffix, **params)``, the query string kept, so a
    page has one URL. Lookup errors (:class:`GraphQueryError`) propagate to the caller's handler.
    """
    cg = graph_of(request)
    if cg is None:
        return no_graph(request)
    ent = locate_entity(cg, key)
    if ent != key:
        return RedirectResponse(vb_url(ent, suffix, **params), status_code=303)
    return cg, ent
