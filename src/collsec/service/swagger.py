"""Interactive API docs at `/docs`, served from the bundled `swagger-ui-dist` files.

FastAPI's default docs page loads Swagger UI from a CDN (and its favicon from fastapi's site);
this one loads everything from `/static/swagger/`, and turns off the online validator badge
that would otherwise send the schema's address to validator.swagger.io.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/docs", name="swagger_ui", response_class=HTMLResponse)
def swagger_ui() -> HTMLResponse:
    """The Swagger UI page for `/openapi.json`."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="collsec API",
        swagger_js_url="/static/swagger/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger/swagger-ui.css",
        swagger_favicon_url="/static/swagger/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": True},
    )
