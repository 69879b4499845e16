"""Errors answered one way: every exception a request can raise is mapped here to a status and a
Vietnamese message. API routes answer one JSON shape,
``{"error": {"status": 400, "code": "bad_query", "message": "<Vietnamese message>"}}``; web pages
answer with an HTML page in Vietnamese carrying the same status and message."""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from search_api.backend import BackendUnavailable
from search_api.query import QueryError

logger = logging.getLogger(__name__)

CODES = {400: "bad_request", 404: "not_found", 409: "ambiguous", 422: "invalid_parameter",
         500: "internal_error", 503: "search_unavailable"}


def error_body(status: int, message: str, **extra) -> dict:
    return {"error": {"status": status, "code": CODES.get(status, "error"), "message": message, **extra}}


# pydantic's error types, said in Vietnamese (anything else keeps pydantic's English message).
VALIDATION_MESSAGES = {
    "int_parsing": "phải là một số nguyên", "int_type": "phải là một số nguyên",
    "float_parsing": "phải là một số", "bool_parsing": "phải là true hoặc false",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}", "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "greater_than": "phải lớn hơn {gt}", "less_than": "phải nhỏ hơn {lt}", "missing": "thiếu tham số bắt buộc",
    "string_too_long": "dài quá {max_length} ký tự",
}

# Paths that answer JSON errors; every other path is a web page and gets an HTML error page.
JSON_PREFIXES = ("/api/", "/healthz", "/openapi.json", "/static/")

def error_response(request: Request, status: int, message: str, **extra):
    """The error answer for ``request``: JSON for the API, an HTML page for the web UI."""
    path = request.url.path
    if path.startswith(JSON_PREFIXES) or path == "/api":
        return JSONResponse(error_body(status, message, **extra), status_code=status)
    from search_api.templating import templates

    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message, **extra},
                                      status_code=status)


async def _query_error(request: Request, exc: QueryError):
    return error_response(request, 400, str(exc))

async def _unavailable(request: Request, exc: BackendUnavailable):
    logger.warning("search engine unavailable on %s: %s", request.url.path, exc)
    return error_response(request, 503, str(exc))

async def _http_error(request: Request, exc: StarletteHTTPException):
    detail = exc.detail
    extra: dict[str, object]
    if isinstance(detail, dict):
        msg = detail.get("message", "")
        extra = {k: v for k, v in detail.items() if k != "message"}
    else:
        msg, extra = str(detail), {}
    if exc.status_code == 404 and msg == "Not Found":
        msg = f"Không tìm thấy trang «{request.url.path}»."
    return error_response(request, exc.status_code, msg, **extra)

async def _validation_error(request: Request, exc: RequestValidationError):
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        msg = VALIDATION_MESSAGES.get(e.get("type", ""), e.get("msg", "")).format(**(e.get("ctx") or {}))
        parts.append(f"«{where}»: {msg} (giá trị: {e.get('input')!r})")
    return error_response(request, 422, "Tham số không hợp lệ: " + "; ".join(parts))

async def _unexpected(request: Request, exc: Exception):
    logger.exception("unhandled error on %s", request.url.path)
    return error_response(request, 500, "Lỗi hệ thống ngoài dự kiến; vui lòng báo cho quản trị viên.")



def add_error_handlers(app: FastAPI) -> None:
    """Map every error of ``app`` to its JSON or HTML answer."""
    app.add_exception_handler(QueryError, _query_error)  # type: ignore[arg-type]
    app.add_exception_handler(BackendUnavailable, _unavailable)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)
