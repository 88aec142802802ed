"""API keys: generation, argon2 hashing, verification with a short cache, and rate limiting.

A key reads `csk_<key id>_<secret>`; only its argon2 hash is stored (MISP hashes keys with a
random salt since a92c63dc6). An argon2 check costs about 0.1 s with the default parameters,
so a key that verified is remembered in memory for `cache_ttl_s` (60 s by default) under a
keyed BLAKE2b digest of the key, never the key itself. The cache only saves the argon2 work:
each request still reads the key's row, so a revocation (even one made by the CLI in another
process) takes effect at once, and `KeyVerifier.forget` drops the entry too.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from collsec.errors import UsageError

__all__ = [
    "KeyVerifier",
    "RateLimiter",
    "hasher_for",
    "ip_allowed",
    "new_key",
    "parse_allowed_ips",
    "parse_key",
]

_PREFIX = "csk_"


def hasher_for(profile: str) -> PasswordHasher:
    """The argon2 hasher: `default` (argon2-cffi's RFC 9106 low-memory profile) or `fast`.

    `fast` (1 pass, 8 MiB) exists so that tests which create hundreds of keys stay quick; a
    hash records its own parameters, so keys made either way verify with either hasher.
    """
    if profile == "fast":
        return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    if profile == "default":
        return PasswordHasher()
    raise UsageError(f"argon2 profile {profile!r} is unknown (expected default or fast)")


def new_key() -> tuple[str, str]:
    """A fresh key id and the full key string to show once."""
    key_id = str(uuid.uuid4())
    return key_id, f"{_PREFIX}{uuid.UUID(key_id).hex}_{secrets.token_urlsafe(32)}"


def parse_key(key: str) -> str | None:
    """The key id a presented key claims, or None when it is not shaped like one of ours."""
    if not key.startswith(_PREFIX) or len(key) > 200:
        return None
    hex_id, sep, secret = key[len(_PREFIX) :].partition("_")
    if not sep or not secret:
        return None
    try:
        return str(uuid.UUID(hex=hex_id))
    except ValueError:
        return None


def parse_allowed_ips(values: list[str]) -> str:
    """Validate an IP allowlist (addresses or CIDR networks) and store it comma-separated."""
    nets = []
    for value in values:
        try:
            nets.append(str(ipaddress.ip_network(value.strip(), strict=False)))
        except ValueError as exc:
            raise UsageError(f"--allow-ip: {value!r} is not an IP address or network") from exc
    return ",".join(nets)


def ip_allowed(allowlist: str, ip: str) -> bool:
    """Whether a client address is allowed; an empty allowlist allows every address."""
    if not allowlist:
        return True
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(net) for net in allowlist.split(","))


@dataclass
class _Entry:
    key_id: str
    until: float


class KeyVerifier:
    """Checks presented keys against stored argon2 hashes, with the short cache above."""

    def __init__(self, hasher: PasswordHasher, cache_ttl_s: float = 60.0) -> None:
        self._hasher = hasher
        self._ttl = cache_ttl_s
        self._secret = secrets.token_bytes(32)
        self._cache: dict[bytes, _Entry] = {}
        self._lock = threading.Lock()

    def hash(self, key: str) -> str:
        """The argon2 hash to store for a new key."""
        return self._hasher.hash(key)

    def _digest(self, key: str) -> bytes:
        return hashlib.blake2b(key.encode(), key=self._secret, digest_size=32).digest()

    def verify(self, key: str, key_id: str, stored_hash: str) -> bool:
        """Whether `key` matches the stored hash of key `key_id` (cached for a short time)."""
        digest = self._digest(key)
        now = time.monotonic()
        with self._lock:
            entry = self._cache.get(digest)
        if entry is not None and entry.until > now and hmac.compare_digest(entry.key_id, key_id):
            return True
        try:
            self._hasher.verify(stored_hash, key)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache = {d: e for d, e in self._cache.items() if e.until > now}
            self._cache[digest] = _Entry(key_id, now + self._ttl)
        return True

    def is_cached(self, key: str, key_id: str) -> bool:
        """Whether `verify` would answer from the cache, without the argon2 check."""
        digest = self._digest(key)
        with self._lock:
            entry = self._cache.get(digest)
        return (
            entry is not None
            and entry.until > time.monotonic()
            and hmac.compare_digest(entry.key_id, key_id)
        )

    def forget(self, key_id: str) -> None:
        """Drop every cached verification of a key (called on revocation)."""
        with self._lock:
            self._cache = {d: e for d, e in self._cache.items() if e.key_id != key_id}


class RateLimiter:
    """A token bucket per key: `rate` requests per second, bursts of `burst`.

    It fails closed: if the bucket cannot be read or updated, the request is refused (MISP's
    Redis-backed limiter fails open, research section 1.7).
    """

    def __init__(self, rate: float, burst: int) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key_id: str) -> bool:
        """Take one token from the key's bucket; False when it is empty."""
        try:
            now = time.monotonic()
            with self._lock:
                tokens, last = self._buckets.get(key_id, (self._burst, now))
                tokens = min(self._burst, tokens + (now - last) * self._rate)
                if tokens < 1.0:
                    self._buckets[key_id] = (tokens, now)
                    return False
                self._buckets[key_id] = (tokens - 1.0, now)
                return True
        except Exception:
            return False
