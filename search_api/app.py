"""The FastAPI application: ``create_app(settings)`` opens the index and graph once and serves
the JSON API (documented at ``/docs``) and the Vietnamese web pages.

Errors are mapped to statuses in one place (``search_api.errors``). API routes answer in one JSON shape,
``{"error": {"status": 400, "code": "bad_query", "message": "<Vietnamese message>"}}``; web pages
answer with an HTML page in Vietnamese carrying the same status and message.

``/docs`` serves Swagger UI from the ``fastapi-offline`` package, not from a CDN: an office
network without internet still gets its API documentation.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from graph.build import load_graph
from graph.store import GraphStoreError
from indexer.settings import Settings
from indexer.tokenize import segment
from search_api.errors import add_error_handlers
from search_api.query import QueryError
from search_api.search import IndexVersionError, Searcher, SearchRequest, check_index
from search_api.typesense_backend import backend_for

logger = logging.getLogger(__name__)

SWAGGER_STATIC = "/static/swagger"
# Swagger UI 5 (renders OpenAPI 3.1, which FastAPI writes; swagger-ui-bundle's 4.15 showed
# "Unable to render this definition"), as shipped inside the fastapi-offline package.
SWAGGER_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"


def _load_graph(index_dir: Path):
    """The citation graph of the generation the searcher opened, or ``None`` (graph pages then
    answer 503)."""
    try:
        return load_graph(index_dir)
    except GraphStoreError as e:  # corrupt or of another version: the index must be rebuilt
        raise IndexVersionError(str(e)) from e
    except FileNotFoundError:
        logger.warning("no graph in %s", index_dir)
        return None


# Queries run once at start so the first user does not pay for opening Whoosh's term files and
# the folded vocabulary (issue 14: the first query after start took 1 s).
WARM_QUERIES = ("kế hoạch thực hiện", "ke hoach", "19-CT/TU")


def _warm(searcher: Searcher) -> None:
    for q in WARM_QUERIES:
        try:
            searcher.search(SearchRequest(q=q, size=1))
        except QueryError:  # an index too small to hold them is still a good index
            continue


def validate_index(index_dir: Path) -> None:
    """Check an index can be opened (manifest, Whoosh, store, graph) without loading it; one-line
    ``FileNotFoundError`` (or ``IndexVersionError``) otherwise. ``vanban serve --workers N`` runs it
    once before starting N processes, so a bad index is one line, not a traceback per worker."""
    from graph.store import GraphStore
    from indexer.store import Store, StoreError

    check_index(index_dir)
    try:
        Store(index_dir).close()
        gs = GraphStore(index_dir)
        try:
            gs.arrays(gs.meta())  # memory-mapped: checks every array's header, reads no data
        finally:
            gs.close()
    except (StoreError, GraphStoreError) as e:
        raise IndexVersionError(str(e)) from e


def _add_docs(app: FastAPI) -> None:
    """``/docs``: Swagger UI served from the package's own assets (no CDN)."""
    app.mount(SWAGGER_STATIC, StaticFiles(directory=str(SWAGGER_ASSETS)), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="vanban · API",
                                   swagger_js_url=f"{SWAGGER_STATIC}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{SWAGGER_STATIC}/swagger-ui.css",
                                   swagger_favicon_url=f"{SWAGGER_STATIC}/favicon.png")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app. The index is opened here, once, not per request."""
    settings = settings or Settings.from_env()
    searcher = Searcher(settings.index_dir, max_page_size=settings.max_page_size, backend=backend_for(settings))
    graph = _load_graph(searcher.index_dir)
    segment("khởi động")  # load pyvi's CRF model now (~1 s), not on the first user's query
    _warm(searcher)

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
        docs_url=None,
        redoc_url=None,
    )
    _add_docs(app)
    if settings.cors_origins:  # off unless configured: the API is read-only but not for any site
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET"])
    app.state.settings = settings
    app.state.searcher = searcher
    app.state.graph = graph

    add_error_handlers(app)

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
