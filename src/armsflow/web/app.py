"""The FastAPI application: API under /api/v1, pages everywhere else, assets served locally."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from armsflow import __version__
from armsflow.db.session import make_engine, make_sessionmaker
from armsflow.errors import ArmsFlowError, InvalidInput, NotAuthenticated, NotFound
from armsflow.settings import Settings, get_settings
from armsflow.types.errors import InvalidValue
from armsflow.web.deps import LANG_COOKIE
from armsflow.web.i18n import pick_language
from armsflow.web.render import page

STATIC = Path(__file__).resolve().parent / "static"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


def _has_control_characters(request: Request) -> bool:
    """NUL and other C0 controls are never valid in a path or a query value."""
    text = request.url.path + "".join(k + v for k, v in request.query_params.multi_items())
    return any(ord(ch) < 32 for ch in text)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ArmsFlowError)
    async def domain_error(request: Request, exc: ArmsFlowError) -> Response:
        if _wants_json(request):
            body = {"error": {"message": exc.message, "field": exc.field}}
            return JSONResponse(body, status_code=exc.status_code)
        if isinstance(exc, NotAuthenticated):
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        return page(request, "error.html", status_code=exc.status_code, error=exc)

    @app.exception_handler(InvalidValue)
    async def invalid_value(request: Request, exc: InvalidValue) -> Response:
        return await domain_error(request, InvalidInput(str(exc), field=exc.field))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        # FastAPI's documented shape (loc, msg, type) plus the plain field name.
        problems = [
            {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"],
             "field": ".".join(str(p) for p in e["loc"] if p not in ("body", "query", "path"))}
            for e in exc.errors()
        ]
        if _wants_json(request):
            return JSONResponse({"detail": problems}, status_code=422)
        msg = "; ".join(f"{p['field']}: {p['msg']}" for p in problems)
        return page(request, "error.html", status_code=422, error=ArmsFlowError(msg))


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the application. Tests pass their own settings and engine."""
    settings = settings or get_settings()
    engine = engine or make_engine(settings.resolved_database_url())
    app = FastAPI(
        title="ArmsFlow API", version=__version__, docs_url=None, redoc_url=None,
        openapi_url="/api/openapi.json",
        description="Trace crime guns, walk the records registry, import records. "
        "Authenticate with `Authorization: Bearer <token>` (create a token on your account "
        "page or with `armsflow users token`).",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    # plotly.js (4.8 MB) is served from the pinned plotly package rather than kept in the
    # repository: same file, still local (air-gapped), before the /static mount matches it.
    app.add_api_route(PLOTLY_URL, _plotly_js, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_error_handlers(app)

    @app.middleware("http")
    async def language_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.lang = pick_language(
            request.cookies.get(LANG_COOKIE), None, settings.default_language
        )
        if _has_control_characters(request):
            body = {"error": {"message": "the address contains control characters (such as "
                              "NUL) that no field accepts", "field": None}}
            return JSONResponse(body, status_code=400)
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/api/docs"):
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
            )
        return response

    @app.get("/api/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json", title="ArmsFlow API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    _include_routers(app)
    return app


PLOTLY_URL = "/static/vendor/plotly/plotly.min.js"


def _plotly_js() -> FileResponse:
    spec = find_spec("plotly")
    if spec is None or spec.origin is None:  # plotly is a pinned dependency
        raise NotFound("plotly.js is not installed")
    path = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    return FileResponse(path, media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})


FEATURES = ("analytics", "entities", "leads", "graph", "cases", "operations", "monitoring")


def _include_routers(app: FastAPI) -> None:
    from armsflow.audit import endpoints as audit_api
    from armsflow.audit import pages as audit_pages
    from armsflow.auth import endpoints as auth_api
    from armsflow.auth import pages as auth_pages
    from armsflow.imports import endpoints as import_api
    from armsflow.imports import pages as import_pages
    from armsflow.registry import endpoints as registry_api
    from armsflow.registry import pages as registry_pages
    from armsflow.tracing import endpoints as tracing_api
    from armsflow.tracing import pages as tracing_pages

    for module in (auth_api, registry_api, import_api, audit_api, tracing_api,
                   auth_pages, registry_pages, import_pages, audit_pages, tracing_pages):
        app.include_router(module.router)
    for feature in FEATURES:  # one package per capability, each with its API and pages
        for part in ("endpoints", "pages"):
            app.include_router(import_module(f"armsflow.{feature}.{part}").router)
