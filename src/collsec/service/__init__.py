"""The web service: JSON API under `/api/v1`, the dashboard pages and the interactive API docs.

`create_app()` builds it for a scenario; `collsec serve` runs it with uvicorn.
"""

from collsec.service.app import create_app

__all__ = ["create_app"]
