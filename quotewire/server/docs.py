"""The API docs (/docs, Swagger UI) served with no network.

FastAPI's own page loads its scripts from a CDN and is blank offline; this one loads Swagger UI 5
(which reads OpenAPI 3.1) from the files the ``fastapi-offline`` package ships (the package MIT,
Swagger UI Apache-2.0), mounted under /static/docs. There is no /redoc: ReDoc fetches its logo from
its CDN even when its script is local.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/static/docs"


def _assets_dir() -> Path:
    return Path(str(resources.files("fastapi_offline") / "static"))


def add_docs(app: FastAPI) -> None:
    """Mount Swagger UI's files and add /docs (kept out of the OpenAPI schema)."""
    app.mount(ASSETS, StaticFiles(directory=_assets_dir()), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API",
                                   swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{ASSETS}/favicon.png",
                                   swagger_ui_parameters={"validatorUrl": None})

