"""TAXII 2.1 routes: discovery, API root, collections, objects, manifest, versions, status.

Every collection outside the key's audience, and every object the key may not read, answers
404 (never 403), so existence does not leak (issue 5, section 5). Reads go through
`reads.collection_page`, which filters with `policy.bound_visible_filter` in SQL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import Connection, select
from starlette.concurrency import run_in_threadpool

from collsec.errors import UsageError
from collsec.intel.cursor import decode_cursor, encode_cursor, fingerprint
from collsec.intel.directory import audience_of_light
from collsec.intel.hub import TAXII_MEDIA_TYPE, ApiError, Hub, Principal, auditing_route, media_json
from collsec.intel.ingest import PostContext, format_timestamp, ingest
from collsec.intel.models import Collection, StatusRecord
from collsec.intel.policy import can_write
from collsec.intel.reads import Filters, ObjectRow, collection_page
from collsec.intel.stix import normalise_timestamp

__all__ = ["API_ROOT", "taxii_router"]

API_ROOT = "alliance"
_ENVELOPE_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["objects"],
                "properties": {"objects": {"type": "array", "items": {"type": "object"}}},
            }
        }
    },
}
_ACCEPTABLE = ("application/taxii+json", "application/json", "*/*", "application/*")


def _check_accept(request: Request) -> None:
    accept = request.headers.get("accept", "")
    if accept and not any(a in accept for a in _ACCEPTABLE):
        raise ApiError(406, "not acceptable", f"Accept must allow {TAXII_MEDIA_TYPE}")


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else ()


#: The query parameters of the TAXII read routes (TAXII 2.1, section 3.4) and their schemas.
_QUERY_SCHEMAS: dict[str, dict[str, Any]] = {
    "added_after": {"type": "string"},
    "limit": {"type": "integer", "minimum": 1, "maximum": 2**31},
    "next": {"type": "string"},
    "match[id]": {"type": "string"},
    "match[type]": {"type": "string"},
    "match[version]": {"type": "string"},
    "match[spec_version]": {"type": "string"},
}


def _query_doc(*names: str) -> dict[str, Any]:
    """The OpenAPI parameters of a read route that takes the query parameters `names`.

    The read routes parse their query themselves (`_Query`): FastAPI's per-request parameter
    validation was a quarter of a first-page read's CPU (cProfile, docs/intel.md). The
    schema still declares every parameter, so clients and schemathesis see them.
    """
    return {
        "parameters": [
            {"name": n, "in": "query", "required": False, "schema": _QUERY_SCHEMAS[n]}
            for n in names
        ]
    }


@dataclass(frozen=True)
class _Query:
    """A read route's query parameters, as TAXII names them (the last value of a repeat)."""

    values: Mapping[str, str]
    limit: int | None

    @classmethod
    def of(cls, request: Request) -> _Query:
        """Parse the query; a `limit` that is not an integer from 1 to 2**31 answers 422."""
        values = request.query_params
        limit = None
        if (text := values.get("limit")) is not None:
            try:
                limit = int(text)
            except ValueError:
                limit = 0
            if not 1 <= limit <= 2**31:
                raise ApiError(
                    422, "invalid request", "limit: expected an integer from 1 to 2147483648"
                )
        return cls(values=values, limit=limit)

    def get(self, name: str) -> str | None:
        """One parameter's value, or None if absent."""
        return self.values.get(name)

    def filters(self, object_id: str | None = None, versions: str | None = None) -> Filters:
        """The listing filters; a route's own object id or versions replace the query's."""
        return _filters(
            self.get("added_after"),
            object_id if object_id is not None else self.get("match[id]"),
            None if object_id is not None else self.get("match[type]"),
            versions if versions is not None else self.get("match[version]"),
            self.get("match[spec_version]"),
        )


def _filters(
    added_after: str | None,
    match_id: str | None,
    match_type: str | None,
    match_version: str | None,
    match_spec_version: str | None,
    versions_default: str = "last",
) -> Filters:
    after_us = None
    if added_after is not None:
        norm = normalise_timestamp(added_after)
        if norm is None:
            raise ApiError(
                400,
                "invalid added_after",
                "added_after: expected a timestamp such as 2024-01-01T00:00:00.000Z",
            )
        stamp = dt.datetime.strptime(norm, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
        after_us = int(stamp.timestamp()) * 1_000_000 + stamp.microsecond
    versions = []
    for v in _split(match_version) or (versions_default,):
        if v in ("last", "first", "all"):
            versions.append(v)
        else:
            norm = normalise_timestamp(v)
            if norm is None:
                raise ApiError(
                    400,
                    "invalid match[version]",
                    "match[version]: expected last, first, all or a timestamp",
                )
            versions.append(norm)
    return Filters(
        added_after_us=after_us,
        ids=_split(match_id),
        types=_split(match_type),
        versions=tuple(versions),
        spec_versions=_split(match_spec_version),
    )


def _collection(principal: Principal, collection_id: str) -> Collection:
    for coll in principal.collections:
        if coll.id == collection_id:
            return coll
    raise ApiError(404, "collection not found", f"no collection {collection_id} for this key")


def _collection_json(principal: Principal, coll: Collection) -> dict[str, Any]:
    return {
        "id": coll.id,
        "title": coll.title,
        "description": f"audience: {coll.kind}",
        "can_read": True,
        "can_write": can_write(principal.reader, audience_of_light(coll), principal.standing),
        "media_types": [TAXII_MEDIA_TYPE],
    }


def taxii_router(hub: Hub) -> APIRouter:
    """The TAXII 2.1 router with one API root, `alliance`."""
    router = APIRouter(route_class=auditing_route(hub), tags=["taxii"])
    root = f"/taxii2/{API_ROOT}"

    def paged(
        request: Request,
        conn: Connection,
        principal: Principal,
        coll: Collection,
        filters: Filters,
        query: _Query,
        route: str,
    ) -> tuple[list[ObjectRow], bool, str | None]:
        size = min(query.limit or hub.settings.default_page, hub.settings.max_page)
        next_ = query.get("next")
        fp = fingerprint(principal.key_id, coll.id, route, filters)
        now = hub.store.clock()
        after = 0
        if next_:
            try:
                after = decode_cursor(hub.cursor_secret, next_, fp, now, hub.settings.cursor_ttl_s)
            except UsageError as exc:
                raise ApiError(400, "invalid next", str(exc)) from exc
        rows, more = collection_page(conn, principal.reader, coll.id, filters, size, after)
        token = encode_cursor(hub.cursor_secret, rows[-1].seq, fp, now) if more and rows else None
        request.state.audit.object_ids = [r.stix_id for r in rows]
        return rows, more, token

    def added_headers(rows: list[ObjectRow]) -> dict[str, str]:
        if not rows:
            return {}
        return {
            "X-TAXII-Date-Added-First": format_timestamp(rows[0].date_added_us),
            "X-TAXII-Date-Added-Last": format_timestamp(rows[-1].date_added_us),
        }

    @router.get("/taxii2/", summary="TAXII discovery")
    def discovery(request: Request) -> Response:
        _check_accept(request)
        hub.authenticate(request)
        base = str(request.base_url).rstrip("/")
        return media_json(
            {
                "title": "collsec intelligence hub",
                "description": "STIX 2.1 sharing with need-to-know access",
                "default": f"{base}{root}/",
                "api_roots": [f"{base}{root}/"],
            }
        )

    @router.get(f"{root}/", summary="API root information")
    def api_root(request: Request) -> Response:
        _check_accept(request)
        hub.authenticate(request)
        return media_json(
            {
                "title": "collsec alliance",
                "versions": [TAXII_MEDIA_TYPE],
                "max_content_length": hub.settings.max_content_length,
            }
        )

    @router.get(f"{root}/collections/", summary="Collections this key may read")
    def collections(request: Request) -> Response:
        _check_accept(request)
        principal = hub.authenticate(request)
        return media_json(
            {"collections": [_collection_json(principal, c) for c in principal.collections]}
        )

    @router.get(f"{root}/collections/{{collection_id}}/", summary="One collection")
    def collection(request: Request, collection_id: str) -> Response:
        _check_accept(request)
        principal = hub.authenticate(request)
        return media_json(_collection_json(principal, _collection(principal, collection_id)))

    @router.get(
        f"{root}/collections/{{collection_id}}/objects/",
        summary="Objects (envelope)",
        openapi_extra=_query_doc(*_QUERY_SCHEMAS),
    )
    async def get_objects(request: Request, collection_id: str) -> Response:
        _check_accept(request)
        query = _Query.of(request)

        def read() -> Response:
            with hub.reading(request) as (conn, principal):
                coll = _collection(principal, collection_id)
                filters = query.filters()
                rows, more, token = paged(request, conn, principal, coll, filters, query, "objects")
            return _envelope(rows, more, token, added_headers(rows))

        return await hub.on_loop(request, read)

    @router.post(
        f"{root}/collections/{{collection_id}}/objects/",
        status_code=202,
        summary="Add objects",
        openapi_extra={"requestBody": _ENVELOPE_BODY},
    )
    async def post_objects(request: Request, collection_id: str) -> Response:
        _check_accept(request)
        # The body is read on the event loop; everything else runs in one worker-thread call,
        # since each hop between the loop and a worker thread waits for a CPU on a busy host.
        # A body problem is raised only after the key and collection checks, as before.
        body = await _read_body(hub, request)

        def post() -> dict[str, Any]:
            principal = hub.authenticate(request)
            coll = _collection(principal, collection_id)
            if not can_write(principal.reader, audience_of_light(coll), principal.standing):
                raise ApiError(
                    403,
                    "this key may not write to this collection",
                    "posting needs a writable contributor key of an organisation in the audience",
                )
            envelope = _parse_envelope(body)
            ctx = PostContext(
                reader=principal.reader,
                key_id=principal.key_id,
                collection=coll,
                standing=principal.standing,
                readable=principal.readable,
                ip=request.client.host if request.client else "",
                request_id=request.state.request_id,
                action=f"POST {request.url.path}",
            )
            return ingest(hub.store, ctx, envelope["objects"])

        status = await run_in_threadpool(post)
        request.state.audit.audited = True
        return media_json(status, status=202)

    @router.get(
        f"{root}/collections/{{collection_id}}/objects/{{object_id}}/",
        summary="One object",
        openapi_extra=_query_doc(
            "added_after", "limit", "next", "match[version]", "match[spec_version]"
        ),
    )
    async def get_object(request: Request, collection_id: str, object_id: str) -> Response:
        _check_accept(request)
        query = _Query.of(request)

        def read() -> Response:
            with hub.reading(request) as (conn, principal):
                coll = _collection(principal, collection_id)
                filters = query.filters(object_id)
                rows, more, token = paged(request, conn, principal, coll, filters, query, "object")
            if not rows and not query.get("next"):
                raise ApiError(404, "object not found", f"no object {object_id} for this key")
            return _envelope(rows, more, token, added_headers(rows))

        return await hub.on_loop(request, read)

    @router.get(
        f"{root}/collections/{{collection_id}}/objects/{{object_id}}/versions/",
        summary="Versions of an object",
        openapi_extra=_query_doc("added_after", "limit", "next", "match[spec_version]"),
    )
    async def get_versions(request: Request, collection_id: str, object_id: str) -> Response:
        _check_accept(request)
        query = _Query.of(request)

        def read() -> Response:
            with hub.reading(request) as (conn, principal):
                coll = _collection(principal, collection_id)
                filters = query.filters(object_id, "all")
                rows, more, token = paged(
                    request, conn, principal, coll, filters, query, "versions"
                )
            if not rows and not query.get("next"):
                raise ApiError(404, "object not found", f"no object {object_id} for this key")
            body: dict[str, Any] = {"more": more, "versions": [_stamp_of(r) for r in rows]}
            if token:
                body["next"] = token
            return media_json(body, headers=added_headers(rows))

        return await hub.on_loop(request, read)

    @router.get(
        f"{root}/collections/{{collection_id}}/manifest/",
        summary="Manifest",
        openapi_extra=_query_doc(*_QUERY_SCHEMAS),
    )
    async def get_manifest(request: Request, collection_id: str) -> Response:
        _check_accept(request)
        query = _Query.of(request)

        def read() -> Response:
            with hub.reading(request) as (conn, principal):
                coll = _collection(principal, collection_id)
                filters = query.filters()
                rows, more, token = paged(
                    request, conn, principal, coll, filters, query, "manifest"
                )
            objects = []
            for r in rows:
                obj = json.loads(r.body)
                objects.append(
                    {
                        "id": r.stix_id,
                        "date_added": format_timestamp(r.date_added_us),
                        "version": obj.get("modified") or obj.get("created"),
                        "media_type": TAXII_MEDIA_TYPE,
                    }
                )
            body: dict[str, Any] = {"more": more, "objects": objects}
            if token:
                body["next"] = token
            return media_json(body, headers=added_headers(rows))

        return await hub.on_loop(request, read)

    @router.get(f"{root}/status/{{status_id}}/", summary="Status of a POST")
    def get_status(request: Request, status_id: str) -> Response:
        _check_accept(request)
        with hub.reading(request) as (conn, principal):
            record = conn.execute(
                select(StatusRecord.org_id, StatusRecord.body).where(StatusRecord.id == status_id)
            ).first()
        if record is None or record.org_id != principal.reader.org_id:
            raise ApiError(404, "status not found", f"no status {status_id} for this key")
        return media_json(json.loads(record.body))

    return router


def _stamp_of(row: ObjectRow) -> str:
    """The object's own `modified` (or `created`) as posted: the TAXII version string."""
    obj = json.loads(row.body)
    return str(obj.get("modified") or obj.get("created"))


def _envelope(
    rows: list[ObjectRow], more: bool, token: str | None, headers: dict[str, str]
) -> Response:
    """A TAXII envelope built from the stored bodies as they are (they are canonical JSON)."""
    parts = [f'{{"more":{"true" if more else "false"}']
    if rows:
        parts.append(',"objects":[' + ",".join(r.body for r in rows) + "]")
    if token:
        parts.append(',"next":' + json.dumps(token))
    parts.append("}")
    return Response("".join(parts), media_type=TAXII_MEDIA_TYPE, headers=headers)


async def _read_body(hub: Hub, request: Request) -> bytes | ApiError:
    """The raw body within the size limit, or the error to answer once the key is checked."""
    ctype = request.headers.get("content-type", "")
    if not (ctype.startswith("application/taxii+json") or ctype.startswith("application/json")):
        return ApiError(415, "unsupported media type", f"Content-Type must be {TAXII_MEDIA_TYPE}")
    limit = hub.settings.max_content_length
    too_large = ApiError(
        413, "request too large", f"the body exceeds max_content_length ({limit} bytes)"
    )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _parse_envelope(body: bytes | ApiError) -> dict[str, Any]:
    """A TAXII envelope from the body, or the ApiError that names the problem."""
    if isinstance(body, ApiError):
        raise body
    try:
        envelope = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "body is not JSON", f"body: {exc}") from exc
    if not isinstance(envelope, dict):
        raise ApiError(
            422, "not a TAXII envelope", "body: expected an object with an `objects` list"
        )
    if not isinstance(envelope.get("objects"), list):
        raise ApiError(422, "not a TAXII envelope", "objects: expected a list of STIX objects")
    return envelope
