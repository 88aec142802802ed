"""Opaque, signed pagination cursors (`next`) for keyset pagination.

A cursor holds the last `seq` returned, a fingerprint of the query it belongs to and when it
was issued, signed with the hub's cursor secret (kept in the database, so cursors survive a
restart). It stays valid for `ttl_s` (one hour by default; TAXII clients need at least ten
minutes, and medallion's 30 s default breaks slow readers: research section 4). A keyset
cursor costs the server nothing to keep, unlike medallion's server-side result lists.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from collsec.errors import UsageError

__all__ = ["decode_cursor", "encode_cursor", "fingerprint"]


def fingerprint(*parts: object) -> str:
    """A short digest of the query a cursor belongs to."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _sign(secret: str, payload: bytes) -> str:
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()[:32]


def encode_cursor(secret: str, seq: int, query: str, issued_us: int) -> str:
    """A cursor that resumes after `seq` for the query with fingerprint `query`."""
    payload = json.dumps([seq, query, issued_us], separators=(",", ":")).encode()
    token = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{token}.{_sign(secret, payload)}"


def decode_cursor(secret: str, cursor: str, query: str, now_us: int, ttl_s: float) -> int:
    """The `seq` to resume after, or a UsageError naming why the cursor is refused."""
    token, _, signature = cursor.partition(".")
    try:
        payload = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        seq, fp, issued = json.loads(payload)
    except (ValueError, TypeError) as exc:
        raise UsageError("next: not a cursor issued by this server") from exc
    if not hmac.compare_digest(_sign(secret, payload), signature):
        raise UsageError("next: not a cursor issued by this server")
    if fp != query:
        raise UsageError("next: the cursor belongs to a different query (same filters expected)")
    if not isinstance(seq, int) or not isinstance(issued, int) or now_us - issued > ttl_s * 1e6:
        raise UsageError(f"next: the cursor has expired (cursors last {int(ttl_s)} s)")
    return seq
