"""The JSON API under `/api/v1`: one router per room the service exposes."""

from __future__ import annotations

from fastapi import APIRouter

from collsec.service.api import charter, exercises, planning, sim, world

__all__ = ["api_router"]


def api_router() -> APIRouter:
    """All `/api/v1` routes."""
    router = APIRouter(prefix="/api/v1")
    router.include_router(world.router)
    router.include_router(charter.router)
    router.include_router(sim.router)
    router.include_router(planning.router)
    router.include_router(exercises.router)
    return router
