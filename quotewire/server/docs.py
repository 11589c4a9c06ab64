"""The API docs (/docs: Swagger UI, /redoc: ReDoc) served with no network.

FastAPI's own pages load their scripts from a CDN and are blank offline; these load the same
viewers from the files the ``fastapi-offline`` package ships (Swagger UI 5, which reads OpenAPI
3.1, and ReDoc; MIT, the viewers Apache-2.0 and MIT), mounted under /static/docs.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/static/docs"


def _assets_dir() -> Path:
    return Path(str(resources.files("fastapi_offline") / "static"))


def add_docs(app: FastAPI) -> None:
    """Mount the viewers' files and add /docs and /redoc (kept out of the OpenAPI schema)."""
    app.mount(ASSETS, StaticFiles(directory=_assets_dir()), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger(request: Request) -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API",
                                   swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS}/favicon.png",
                                   swagger_ui_parameters={"validatorUrl": None})

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API",
                              redoc_js_url=f"{ASSETS}/redoc.standalone.js", redoc_favicon_url=f"{ASSETS}/favicon.png",
                              with_google_fonts=False)
