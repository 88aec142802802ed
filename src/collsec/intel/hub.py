"""The running hub: settings, authentication, rate limiting and the audit of every request.

`Hub` is what the routes share. `auditing_route(hub)` is the route class of every intel
route: it turns errors into TAXII error messages with 4xx codes and appends one audit entry
per request (who, what, allowed or not, object ids, IP, request id), so that the audit covers
refusals as well as successes, and survives the router being mounted in another app.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
import queue
import random
import threading
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import Connection
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from collsec.errors import CollsecError
from collsec.intel import audit
from collsec.intel.auth import KeyVerifier, RateLimiter, hasher_for, ip_allowed, parse_key
from collsec.intel.directory import key_facts, readable_collections
from collsec.intel.models import Collection, HubHead
from collsec.intel.policy import Reader, in_good_standing
from collsec.intel.store import Store
from collsec.scenario.models import Status

__all__ = [
    "TAXII_MEDIA_TYPE",
    "ApiError",
    "AuditNote",
    "AuditWriter",
    "Hub",
    "HubSettings",
    "MemberSource",
    "Principal",
    "auditing_route",
    "error_response",
    "media_json",
]

TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1"
T = TypeVar("T")
_log = logging.getLogger("collsec.intel")


@dataclass(frozen=True)
class HubSettings:
    """Service limits; each default is documented in docs/intel.md."""

    max_content_length: int = 10 * 1024 * 1024
    default_page: int = 100
    max_page: int = 1000
    rate_per_s: float = 200.0
    rate_burst: int = 1000
    key_cache_ttl_s: float = 60.0
    cursor_ttl_s: float = 3600.0
    correlation_cap: int = 20
    argon2_profile: str = "default"


class ApiError(Exception):
    """A 4xx answer with a TAXII error message."""

    def __init__(self, status: int, title: str, description: str = "") -> None:
        super().__init__(title)
        self.status = status
        self.title = title
        self.description = description


@dataclass(frozen=True)
class Principal:
    """An authenticated key: its id, its reader facts and the collections it can reach.

    `standing` is the member list its collections were computed with; a request decides
    everything with this one snapshot even if the list changes while it runs.
    """

    key_id: str
    reader: Reader
    collections: tuple[Collection, ...]
    standing: Mapping[str, Status]

    @property
    def readable(self) -> list[str]:
        """Ids of the collections whose audience holds the key's organisation."""
        return [c.id for c in self.collections]


@dataclass
class AuditNote:
    """What a route tells the audit about its request."""

    key_id: str = ""
    org_id: str = ""
    object_ids: list[str] = field(default_factory=list)
    audited: bool = False


class AuditWriter:
    """Commits queued audit entries in batches, one transaction per batch, in a thread.

    A request waits for its entry on an asyncio future, so waiting holds no worker thread;
    the writer thread completes the futures of a batch once the batch has committed. The
    entries a loop submits within one turn go to the writer together, at the end of that
    turn: handed over one by one, the writer woke for each and committed batches of fewer
    than two entries under 20 concurrent readers (benchmarks/intel.py, docs/intel.md).
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._queue: queue.SimpleQueue[list[tuple[dict[str, Any], _Pending]]] = queue.SimpleQueue()
        self._gathering: dict[asyncio.AbstractEventLoop, list[tuple[dict[str, Any], _Pending]]]
        self._gathering = {}
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    async def submit(self, fields: dict[str, Any], timeout_s: float = 30.0) -> None:
        """Queue one entry and wait until it is committed; raise if it could not be."""
        loop = asyncio.get_running_loop()
        pending = _Pending(loop, loop.create_future())
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="collsec-audit", daemon=True)
                self._thread.start()
            turn = self._gathering.get(loop)
            if turn is None:
                turn = self._gathering[loop] = []
                loop.call_soon(self._hand_over, loop)
            turn.append((fields, pending))
        await asyncio.wait_for(pending.future, timeout_s)

    def _hand_over(self, loop: asyncio.AbstractEventLoop) -> None:
        """Give the writer what this loop submitted during the turn that just ended."""
        with self._lock:
            turn = self._gathering.pop(loop)
        self._queue.put(turn)

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            while len(batch) < 500:
                try:
                    batch += self._queue.get_nowait()
                except queue.Empty:
                    break
            error: Exception | None = None
            try:
                with self._store.appending() as (conn, head):
                    audit.append_many(conn, head, [fields for fields, _ in batch])
            except Exception as exc:
                error = exc
            for _, pending in batch:
                with contextlib.suppress(RuntimeError):  # that loop has closed meanwhile
                    pending.loop.call_soon_threadsafe(_finish, pending.future, error)


def _finish(future: asyncio.Future[None], error: Exception | None) -> None:
    if future.done():  # the request stopped waiting (timeout)
        return
    if error is None:
        future.set_result(None)
    else:
        future.set_exception(error)


@dataclass
class _Pending:
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[None]


class MemberSource(Protocol):
    """Where the member list comes from when it can change while the hub runs."""

    def current(self) -> Mapping[str, Status]:
        """Each member state's status now."""
        ...


class Hub:
    """Everything the intel routes share: store, member standing, settings, keys, limits."""

    def __init__(
        self,
        store: Store,
        standing: Mapping[str, Status] | MemberSource,
        settings: HubSettings | None = None,
    ) -> None:
        self.store = store
        self._fixed: dict[str, Status] | None = None
        self._members: MemberSource | None = None
        if isinstance(standing, Mapping):
            self._fixed = dict(standing)
        else:
            self._members = standing
        self.settings = settings or HubSettings()
        self.verifier = KeyVerifier(
            hasher_for(self.settings.argon2_profile), self.settings.key_cache_ttl_s
        )
        self.limiter = RateLimiter(self.settings.rate_per_s, self.settings.rate_burst)
        self._cursor_secret: str | None = None
        self._audit_writer = AuditWriter(store)
        self._readable: dict[tuple[str, str, frozenset[str], bool], tuple[Collection, ...]] = {}
        self._readable_lock = threading.Lock()

    @property
    def standing(self) -> Mapping[str, Status]:
        """The member list now: fixed, or re-read from its source when that changed."""
        if self._members is not None:
            return self._members.current()
        assert self._fixed is not None
        return self._fixed

    @property
    def cursor_secret(self) -> str:
        """The secret that signs pagination cursors (stored in the database)."""
        if self._cursor_secret is None:
            with self.store.read() as session:
                head = session.get(HubHead, 1)
                if head is None:
                    raise ApiError(503, "the intel database is not initialised")
                self._cursor_secret = head.cursor_secret
        return self._cursor_secret

    def authenticate(
        self, request: Request, session: Session | Connection | None = None
    ) -> Principal:
        """The key behind `Authorization: Bearer KEY` (or HTTP Basic, the key as password).

        With `session`, the key is read in that read transaction (see `reading`).
        """
        if session is None:
            with self.store.snapshot() as own:
                return self.authenticate(request, own)
        note: AuditNote = request.state.audit
        presented = _presented_key(request.headers.get("authorization", ""))
        key_id = parse_key(presented) if presented else None
        if key_id is None:
            raise ApiError(401, "missing or invalid key", "send Authorization: Bearer KEY")
        ip = request.client.host if request.client else ""
        now_us = self.store.clock()
        facts = key_facts(session, key_id)
        if (
            facts is None
            or facts.revoked
            or (facts.expires_us is not None and facts.expires_us <= now_us)
            or not ip_allowed(facts.allowed_ips, ip)
            or not self.verifier.verify(presented, key_id, facts.hash)
        ):
            if facts is not None and facts.revoked:
                self.verifier.forget(key_id)
            raise ApiError(
                401,
                "missing or invalid key",
                "the key is unknown, revoked, expired or not allowed from this address",
            )
        reader = facts.reader
        note.key_id = key_id
        note.org_id = reader.org_id
        if not self.limiter.allow(key_id):
            raise ApiError(429, "rate limit exceeded", "slow down and retry")
        standing = self.standing
        colls = self._collections_of(session, reader, standing)
        return Principal(key_id=key_id, reader=reader, collections=colls, standing=standing)

    @contextlib.contextmanager
    def reading(self, request: Request) -> Iterator[tuple[Connection, Principal]]:
        """One read transaction in which the key is checked and the request's reads run.

        A read then costs one transaction (one `BEGIN`, one snapshot, one pooled connection)
        instead of one for the key and one for the rows, and the key's facts and the rows
        come from the same snapshot.
        """
        with self.store.snapshot() as conn:
            yield conn, self.authenticate(request, conn)

    async def on_loop(self, request: Request, work: Callable[[], T]) -> T:
        """Run a read's `work` on the event loop, or in a worker thread if it may hash a key.

        A read whose key was verified within the cache's lifetime costs a few milliseconds
        of Python and SQLite at most, and running it on the loop saves the two thread hops
        of a synchronous route, which on a busy 2-core host each wait for the GIL
        (benchmarks/intel.py, docs/intel.md). A key not in the cache needs the argon2
        check (about 0.1 s), which must not stall every other request, so that read goes to
        a worker thread, as does every read on PostgreSQL, whose queries cross a socket.
        """
        presented = _presented_key(request.headers.get("authorization", ""))
        key_id = parse_key(presented) if presented else None
        if (
            self.store.dialect == "sqlite"
            and key_id is not None
            and self.verifier.is_cached(presented, key_id)
        ):
            return work()
        return await run_in_threadpool(work)

    def _collections_of(
        self, session: Session | Connection, reader: Reader, standing: Mapping[str, Status]
    ) -> tuple[Collection, ...]:
        """The collections whose audience holds the reader, remembered per audience position.

        `in_audience` depends only on the reader's organisation, state and groups and on
        whether its state is in good standing, all read afresh on every request; collections
        are never removed or changed, and each one is created in the same transaction as
        what puts a reader in its audience (its organisation, group membership or, for the
        alliance, `init`). So the list for one position never goes stale, and a changed
        membership or standing is a new position, decided on the next request.
        """
        position = (
            reader.org_id,
            reader.state,
            reader.group_ids,
            in_good_standing(reader.state, standing),
        )
        found = self._readable.get(position)
        if found is None:
            found = tuple(readable_collections(session, reader, standing))
            with self._readable_lock:
                if len(self._readable) > 10_000:
                    self._readable.clear()
                self._readable[position] = found
        return found

    async def record(self, request: Request, status_code: int) -> None:
        """Append the audit entry of one request (unless its route already did, atomically).

        The entry is committed before the answer leaves: the request waits for the audit
        writer, which commits every entry queued meanwhile in one transaction (group
        commit), so concurrent readers share one fsync instead of queueing for one each.
        """
        note: AuditNote = request.state.audit
        if note.audited:
            return
        fields = {
            "at_us": self.store.clock(),
            "key_id": note.key_id,
            "org_id": note.org_id,
            "action": f"{request.method} {request.url.path}".replace("\x00", "\\0"),
            "allowed": status_code < 400,
            "status_code": status_code,
            "object_ids": note.object_ids,
            "ip": request.client.host if request.client else "",
            "request_id": request.state.request_id,
        }
        await self._audit_writer.submit(fields)


def _has_nul(request: Request) -> bool:
    """PostgreSQL cannot store or compare text holding NUL; such requests are refused early.

    The query string is checked as sent: a NUL in a decoded name or value is `%00` there
    (or a raw NUL byte), so nothing needs decoding on this path that every request takes.
    """
    query: bytes = request.scope.get("query_string", b"")
    return "\x00" in request.scope["path"] or b"%00" in query or b"\x00" in query


def _request_id(request: Request) -> str:
    """The client's `X-Request-Id`, or a random UUID4 drawn from the process's PRNG.

    Request ids name requests in the audit; they are not secrets, so they need not cost a
    `getrandom` system call (and a GIL hand-over) on every request as `uuid.uuid4` does.
    """
    given = request.headers.get("x-request-id", "")[:100]
    return given or str(uuid.UUID(int=random.getrandbits(128), version=4))


def _presented_key(header: str) -> str:
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return decoded.partition(":")[2]
    return ""


def error_response(
    status: int, title: str, description: str = "", headers: dict[str, str] | None = None
) -> JSONResponse:
    """A TAXII 2.1 error message."""
    body = {"title": title, "description": description, "http_status": str(status)}
    return JSONResponse(body, status_code=status, media_type=TAXII_MEDIA_TYPE, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def auditing_route(hub: Hub) -> type[APIRoute]:
    """The route class for the hub's routes: 4xx errors as TAXII messages, and the audit."""

    class AuditingRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            original = super().get_route_handler()

            async def handler(request: Request) -> Response:
                request.state.audit = AuditNote()
                request.state.request_id = _request_id(request)
                started = time.perf_counter()
                try:
                    if _has_nul(request):
                        raise ApiError(400, "invalid request", "NUL characters are not allowed")
                    response = await original(request)
                except ApiError as exc:
                    headers = (
                        {"WWW-Authenticate": 'Bearer, Basic realm="collsec"'}
                        if exc.status == 401
                        else None
                    )
                    response = error_response(exc.status, exc.title, exc.description, headers)
                except RequestValidationError as exc:
                    response = error_response(422, "invalid request", _validation_message(exc))
                except HTTPException as exc:
                    response = error_response(exc.status_code, str(exc.detail))
                except CollsecError as exc:
                    response = error_response(400, "invalid request", str(exc))
                try:
                    await hub.record(request, response.status_code)
                except Exception:
                    _log.exception("audit write failed; refusing the request")
                    response = error_response(
                        503, "audit unavailable", "the request was not recorded"
                    )
                response.headers["X-Request-Id"] = request.state.request_id
                _log.debug(
                    "%s %s %d %.1f ms",
                    request.method,
                    request.url.path,
                    response.status_code,
                    (time.perf_counter() - started) * 1000,
                )
                return response

            return handler

    return AuditingRoute


def media_json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON answer with the TAXII media type."""
    return JSONResponse(body, status_code=status, media_type=TAXII_MEDIA_TYPE, headers=headers)
