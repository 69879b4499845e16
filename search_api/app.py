"""The FastAPI application: ``create_app(settings)`` opens the index and graph once and serves
the JSON API (documented at ``/docs``) and the Vietnamese web pages.

Errors are mapped to statuses in one place and returned in one JSON shape:
``{"error": {"status": 400, "code": "bad_query", "message": "<Vietnamese message>"}}``.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.build import load_graph
from indexer.tokenize import segment
from search_api.query import QueryError
from search_api.search import Searcher
from search_api.settings import Settings

logger = logging.getLogger(__name__)

CODES = {400: "bad_request", 404: "not_found", 409: "ambiguous", 422: "invalid_parameter",
         500: "internal_error"}


def error_body(status: int, message: str, **extra) -> dict:
    return {"error": {"status": status, "code": CODES.get(status, "error"), "message": message, **extra}}


def _load_graph(settings: Settings):
    """The citation graph saved beside the index, or ``None`` (graph pages then answer 503)."""
    try:
        return load_graph(settings.index_dir)
    except FileNotFoundError:
        logger.warning("no graph in %s", settings.index_dir)
        return None


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app. The index is opened here, once, not per request."""
    settings = settings or Settings.from_env()
    searcher = Searcher(settings.index_dir, max_page_size=settings.max_page_size)
    graph = _load_graph(settings)
    segment("khởi động")  # load pyvi's CRF model now (~1 s), not on the first user's query

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        searcher.close()

    app = FastAPI(
        title="vanban",
        description="Tìm kiếm và đồ thị trích dẫn văn bản kế hoạch của UBND quận, huyện "
                    "(search and citation graph over Vietnamese district plans).",
        version="0.1.0",
        lifespan=lifespan,
    )
    if settings.cors_origins:  # off unless configured: the API is read-only but not for any site
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET"])
    app.state.settings = settings
    app.state.searcher = searcher
    app.state.graph = graph

    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError):
        return JSONResponse(error_body(400, str(exc)), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if isinstance(detail, dict):
            msg = detail.get("message", "")
            extra = {k: v for k, v in detail.items() if k != "message"}
        else:
            msg, extra = str(detail), {}
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"Không tìm thấy trang «{request.url.path}»."
        return JSONResponse(error_body(exc.status_code, msg, **extra), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"«{where}»: {e.get('msg')} (giá trị: {e.get('input')!r})")
        return JSONResponse(error_body(422, "Tham số không hợp lệ: " + "; ".join(parts)), status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        logger.exception("unhandled error on %s", request.url.path)
        return JSONResponse(error_body(500, "Lỗi hệ thống ngoài dự kiến; vui lòng báo cho quản trị viên."),
                            status_code=500)

    from search_api.routes import api, web, web_graph
    from search_api.routes import graph as graph_routes

    app.include_router(api.router)
    app.include_router(graph_routes.router)
    app.include_router(web.router)
    app.include_router(web_graph.router)
    return app


def create_app_from_env() -> FastAPI:
    """The app factory uvicorn's worker processes call (``vanban serve`` with several workers):
    each worker reads the settings its parent put in the environment and opens the index itself."""
    return create_app(Settings.from_env())
