"""The hub's own read paths beside TAXII: search, correlations, sightings, exports, audit, keys.

Each one filters with `policy.visible_filter` in SQL; the audit view is for hub-admins and
answers 404 to anyone else, like every other thing a key may not see.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import and_, select

from collsec.errors import UsageError
from collsec.intel import audit
from collsec.intel.cursor import decode_cursor, encode_cursor, fingerprint
from collsec.intel.directory import add_group, add_org, create_key, parse_role, revoke_key
from collsec.intel.hub import ApiError, Hub, Principal, auditing_route, media_json
from collsec.intel.models import AuditEntry, ObjectRef, ObjectValue, Org, StoredObject
from collsec.intel.policy import (
    ShareBound,
    can_manage_directory,
    can_read_audit,
    export_bound,
    visible_filter,
)
from collsec.intel.reads import Filters, ObjectRow, page, version_condition
from collsec.intel.tlp import TLP

__all__ = ["hub_router"]

_SCOPES = {
    "partner": ShareBound.ANYWHERE,
    "alliance": ShareBound.ALLIANCE,
    "state": ShareBound.STATE,
    "org": ShareBound.ORG,
}


class KeyRequest(BaseModel):
    """A key to create over HTTP (org-admins for their own org, hub-admins for any)."""

    org: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    role: str = "reader"
    expires: dt.date | None = None
    read_only: bool = False
    allowed_ips: list[str] = Field(default_factory=list, max_length=50)


OrgName = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]


class OrgRequest(BaseModel):
    """An organisation to add over HTTP (hub-admins only)."""

    name: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    state: str = Field(min_length=1, max_length=16, pattern=r"^[^\x00]*$")


class GroupRequest(BaseModel):
    """A sharing group to add over HTTP (hub-admins only); members by organisation name."""

    name: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    orgs: list[OrgName] = Field(min_length=1, max_length=500)


def _directory_error(exc: UsageError) -> ApiError:
    """A directory refusal as an HTTP answer: unknown names 404, taken names 409."""
    text = str(exc)
    if "does not exist" in text:
        return ApiError(404, "organisation not found", text)
    if "already exists" in text:
        return ApiError(409, "already exists", text)
    return ApiError(400, "invalid request", text)


def hub_router(hub: Hub) -> APIRouter:
    """Routes under `/intel/`."""
    router = APIRouter(route_class=auditing_route(hub), prefix="/intel", tags=["intel"])

    def cursor_after(
        principal: Principal, next_: str | None, parts: tuple[Any, ...]
    ) -> tuple[int, str]:
        fp = fingerprint(principal.key_id, *parts)
        if not next_:
            return 0, fp
        try:
            return decode_cursor(
                hub.cursor_secret, next_, fp, hub.store.clock(), hub.settings.cursor_ttl_s
            ), fp
        except UsageError as exc:
            raise ApiError(400, "invalid next", str(exc)) from exc

    def listing(
        request: Request,
        principal: Principal,
        where: list[Any],
        filters: Filters,
        limit: int | None,
        next_: str | None,
        parts: tuple[Any, ...],
        key: str = "objects",
    ) -> JSONResponse:
        after, fp = cursor_after(principal, next_, parts)
        size = min(limit or hub.settings.default_page, hub.settings.max_page)
        with hub.store.read() as session:
            rows, more = page(
                session, principal.reader, principal.readable, where, filters, size, after
            )
        request.state.audit.object_ids = [r.stix_id for r in rows]
        body: dict[str, Any] = {"more": more, key: [_row_json(r) for r in rows]}
        if more and rows:
            body["next"] = encode_cursor(hub.cursor_secret, rows[-1].seq, fp, hub.store.clock())
        return media_json(body)

    @router.get("/search", summary="Search objects the key may read")
    def search(
        request: Request,
        value: str | None = None,
        type: str | None = None,
        id: str | None = None,
        limit: int | None = Query(None, ge=1, le=2**31),
        next: str | None = None,
    ) -> JSONResponse:
        principal = hub.authenticate(request)
        where: list[Any] = []
        if value is not None:
            where.append(
                StoredObject.seq.in_(select(ObjectValue.seq).where(ObjectValue.value == value))
            )
        filters = Filters(ids=(id,) if id else (), types=(type,) if type else ())
        return listing(request, principal, where, filters, limit, next, ("search", value, type, id))

    @router.get("/sightings/{object_id}", summary="Sightings of an object the key may read")
    def sightings(
        request: Request,
        object_id: str,
        limit: int | None = Query(None, ge=1, le=2**31),
        next: str | None = None,
    ) -> JSONResponse:
        principal = hub.authenticate(request)
        _require_visible(hub, principal, object_id)
        where = [
            StoredObject.seq.in_(
                select(ObjectRef.seq).where(
                    ObjectRef.target_id == object_id, ObjectRef.prop == "sighting_of_ref"
                )
            )
        ]
        return listing(
            request,
            principal,
            where,
            Filters(types=("sighting",)),
            limit,
            next,
            ("sightings", object_id),
        )

    @router.get(
        "/correlations/{object_id}", summary="Correlations of an object, among readable objects"
    )
    def correlations(request: Request, object_id: str) -> JSONResponse:
        principal = hub.authenticate(request)
        cap = hub.settings.correlation_cap
        visible = visible_filter(principal.reader, principal.readable)
        last = version_condition(principal.reader, principal.readable, ["last"])
        with hub.store.read() as session:
            mine = _require_visible(hub, principal, object_id)
            owners = {r.owner_org_id for r in mine}
            values = sorted(
                set(
                    session.scalars(
                        select(ObjectValue.value).where(ObjectValue.seq.in_([r.seq for r in mine]))
                    )
                )
            )
            result = []
            for value in values:
                rows = session.execute(
                    select(StoredObject, Org.name)
                    .join(ObjectValue, ObjectValue.seq == StoredObject.seq)
                    .join(Org, Org.id == StoredObject.owner_org_id)
                    .where(
                        and_(
                            ObjectValue.value == value,
                            visible,
                            last,
                            StoredObject.owner_org_id.not_in(sorted(owners)),
                        )
                    )
                    .order_by(StoredObject.seq)
                    .limit(cap + 1)
                ).all()
                matches = [
                    {"id": r.stix_id, "collection": r.collection_id, "organisation": name}
                    for r, name in rows[:cap]
                ]
                if matches:
                    result.append(
                        {"value": value, "matches": matches, "truncated": len(rows) > cap}
                    )
        request.state.audit.object_ids = [object_id] + [
            m["id"]
            for c in result
            for m in c["matches"]  # type: ignore[attr-defined]
        ]
        return media_json({"id": object_id, "cap": cap, "correlations": result})

    @router.get("/export", summary="Objects the key may read and pass on to a scope")
    def export(
        request: Request,
        scope: str = "partner",
        limit: int | None = Query(None, ge=1, le=2**31),
        next: str | None = None,
    ) -> JSONResponse:
        principal = hub.authenticate(request)
        if scope not in _SCOPES:
            raise ApiError(
                422, "invalid scope", f"scope: {scope!r} (expected one of {', '.join(_SCOPES)})"
            )
        bound = _SCOPES[scope]
        owner_ok = [int(t) for t in TLP if export_bound(bound, t, True)]
        other_ok = [int(t) for t in TLP if export_bound(bound, t, False)]
        where = [
            (
                (StoredObject.owner_org_id == principal.reader.org_id)
                & StoredObject.tlp.in_(owner_ok)
            )
            | StoredObject.tlp.in_(other_ok)
        ]
        return listing(request, principal, where, Filters(), limit, next, ("export", scope))

    @router.get("/audit", summary="The audit log (hub-admins only)")
    def audit_view(
        request: Request,
        after: int = Query(0, ge=0, le=2**62),
        limit: int = Query(100, ge=1, le=1000),
    ) -> JSONResponse:
        principal = hub.authenticate(request)
        if not can_read_audit(principal.reader):
            raise ApiError(404, "not found")
        with hub.store.read() as session:
            rows = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.seq > after)
                .order_by(AuditEntry.seq)
                .limit(limit)
            ).all()
        return media_json({"entries": [audit.entry_json(e) for e in rows]})

    @router.post("/keys", status_code=201, summary="Create a key")
    def post_key(request: Request, body: KeyRequest) -> JSONResponse:
        principal = hub.authenticate(request)
        role = parse_role(body.role)
        try:
            made = create_key(
                hub.store,
                hub.verifier,
                principal.reader,
                body.org,
                role,
                expires=body.expires,
                read_only=body.read_only,
                allowed_ips=body.allowed_ips,
            )
        except PermissionError as exc:
            raise ApiError(403, "not allowed", str(exc)) from exc
        except UsageError as exc:
            if "does not exist" in str(exc):
                raise ApiError(404, "organisation not found", str(exc)) from exc
            raise
        request.state.audit.object_ids = [made.id]
        return media_json(
            {"id": made.id, "key": made.key, "org": made.org, "role": made.role.value}, status=201
        )

    @router.post("/orgs", status_code=201, summary="Add an organisation (hub-admins)")
    def post_org(request: Request, body: OrgRequest) -> JSONResponse:
        principal = hub.authenticate(request)
        if not can_manage_directory(principal.reader):
            raise ApiError(403, "not allowed", "only hub-admin keys add organisations")
        try:
            org = add_org(hub.store, body.name, body.state, principal.standing, over_http=True)
        except UsageError as exc:
            raise _directory_error(exc) from exc
        request.state.audit.object_ids = [org.id]
        return media_json({"id": org.id, "name": org.name, "state": org.state}, status=201)

    @router.post("/groups", status_code=201, summary="Add a sharing group (hub-admins)")
    def post_group(request: Request, body: GroupRequest) -> JSONResponse:
        principal = hub.authenticate(request)
        if not can_manage_directory(principal.reader):
            raise ApiError(403, "not allowed", "only hub-admin keys add sharing groups")
        try:
            group = add_group(hub.store, body.name, body.orgs, over_http=True)
        except UsageError as exc:
            raise _directory_error(exc) from exc
        request.state.audit.object_ids = [group.id]
        return media_json(
            {"id": group.id, "name": group.name, "orgs": list(dict.fromkeys(body.orgs))},
            status=201,
        )

    @router.delete("/keys/{key_id}", summary="Revoke a key")
    def delete_key(request: Request, key_id: str) -> JSONResponse:
        principal = hub.authenticate(request)
        try:
            revoke_key(hub.store, hub.verifier, principal.reader, key_id)
        except LookupError as exc:
            raise ApiError(404, "key not found", str(exc)) from exc
        request.state.audit.object_ids = [key_id]
        return media_json({"id": key_id, "revoked": True})

    return router


def _row_json(row: ObjectRow | StoredObject) -> dict[str, Any]:
    obj: dict[str, Any] = json.loads(row.body)
    return obj


def _require_visible(hub: Hub, principal: Principal, object_id: str) -> list[StoredObject]:
    with hub.store.read() as session:
        rows = session.scalars(
            select(StoredObject).where(
                StoredObject.stix_id == object_id,
                visible_filter(principal.reader, principal.readable),
            )
        ).all()
    if not rows:
        raise ApiError(404, "object not found", f"no object {object_id} for this key")
    return list(rows)
