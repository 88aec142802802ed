"""How collsec's errors become HTTP answers: always 4xx with what was wrong, never a 500.

A malformed request (`UsageError`, a bad scenario override) is 400, an unknown id 404; a
request the Treaty or Charter does not allow (`CharterError`) is 422 with its legal basis.
The body says where the problem is and what was expected, as the CLI does on one line.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from collsec.errors import CharterError, CollsecError, Problem, UsageError

__all__ = ["NotFound", "error_body", "install_handlers", "status_for"]


class NotFound(UsageError):
    """A request for something the scenario or catalogue does not hold (answered with 404)."""


def status_for(exc: CollsecError) -> int:
    """The HTTP status of an error.

    404 for an unknown id, 422 for a refusal under the rules, 400 for any other malformed
    request.
    """
    if isinstance(exc, NotFound):
        return 404
    return 422 if isinstance(exc, CharterError) else 400


def _problem(p: Problem) -> dict[str, Any]:
    return {
        "message": p.message,
        "file": p.file,
        "line": p.line,
        "path": p.path,
        "expected": p.expected,
    }


def error_body(exc: CollsecError) -> dict[str, Any]:
    """The JSON body of an error answer: a one-line `detail`, the problems, and any basis."""
    body: dict[str, Any] = {
        "detail": str(exc),
        "problems": [_problem(p) for p in exc.problems],
    }
    if isinstance(exc, CharterError):
        body["basis"] = list(exc.basis)
    return body


async def _collsec_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CollsecError)
    return JSONResponse(error_body(exc), status_code=status_for(exc))


def install_handlers(app: FastAPI) -> None:
    """Answer every CollsecError raised by a route with its 4xx JSON body."""
    app.add_exception_handler(CollsecError, _collsec_error)
