"""Database engines, sessions and schema migration for the hub.

SQLite runs in WAL mode with `synchronous=FULL`, so a committed POST survives a crash or power
loss (SQLite docs, "PRAGMA synchronous", retrieved 2026-11-29), and writers open their
transactions with `BEGIN IMMEDIATE` so that two writers queue on the lock instead of failing
on a stale snapshot. WAL mode is safe for several processes on one host (SQLite docs, "Write-
Ahead Logging", section 2.2): `collsec intel serve --workers N` runs N processes on one file,
whose writers first take an advisory lock (`flock`) on `<db>.writer-lock`, so that a writer
waiting for another process is woken when the lock is free instead of polling in SQLite's busy
handler (which sleeps up to 100 ms between tries). On PostgreSQL writers serialise on the
single `intel_head` row (`SELECT ... FOR UPDATE`). Either way `seq` is assigned under that
lock, so `seq` order is commit order: a keyset cursor never skips a row that committed late.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from collsec.errors import UsageError
from collsec.intel.models import HubHead, table

__all__ = ["ChainHead", "Store", "WriterLock", "connection_of", "make_engine", "now_us"]


def now_us() -> int:
    """Wall-clock time in microseconds since the Unix epoch."""
    return time.time_ns() // 1000


def make_engine(url: str) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL, with the durability settings above."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UsageError(
            f"--db: {url!r} is not a database URL (expected sqlite:///FILE or postgresql+psycopg://...)"
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        # The pool holds a connection for every thread that can be in a request at once
        # (anyio's 40 worker threads, the audit writer, the event loop): an overflow
        # connection is closed when returned, and reopening one (with its PRAGMAs) on
        # every request was the largest single cost of a read under 20 concurrent clients.
        engine = create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=48,
            max_overflow=16,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            # Sent on the driver's connection: through `exec_driver_sql` this one statement
            # cost a tenth of a first-page read's CPU (cProfile, docs/intel.md).
            write = conn.get_execution_options().get("collsec_write", False)
            conn.connection.driver_connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_size=10, max_overflow=20, pool_pre_ping=True)
    raise UsageError(f"--db: backend {backend!r} is not supported (expected sqlite or postgresql)")


@dataclass
class ChainHead:
    """The audit chain's head as `Store.appending` read it, moved on by `audit.append_many`."""

    audit_seq: int
    audit_hash: str


def connection_of(source: Session | Connection) -> Connection:
    """The Core connection of a session (in its transaction), or the connection itself."""
    return source.connection() if isinstance(source, Session) else source


class WriterLock:
    """This process's writers queue on a mutex; every process's on an advisory file lock.

    The file is opened on first use, so a lock made before a fork is never shared by two
    processes (an `flock` belongs to an open file description).
    """

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._mutex = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    def __enter__(self) -> None:
        self._mutex.acquire()
        if self._path is None:
            return
        try:
            if self._fd is None or self._pid != os.getpid():
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                self._pid = os.getpid()
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._mutex.release()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._fd is not None and self._path is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._mutex.release()


class Store:
    """The hub's database: one engine, read and write sessions, and the schema version."""

    def __init__(self, url: str, clock: Callable[[], int] = now_us) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._write_engine = self.engine.execution_options(collsec_write=True)
        self.clock = clock
        # SQLite's busy handler polls with sleeps of up to 100 ms; writers queue on a lock
        # instead, which hands over at once (see the module docstring).
        self._writers: AbstractContextManager[object] = nullcontext()
        if self.dialect == "sqlite":
            database = self.engine.url.database
            on_disk = bool(database) and database != ":memory:" and "mode=memory" not in url
            self._writers = WriterLock(Path(f"{database}.writer-lock") if on_disk else None)

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def upgrade(self) -> None:
        """Bring the schema to the newest Alembic revision (idempotent)."""
        config = Config()
        config.set_main_option(
            "script_location", str(resources.files("collsec.intel") / "migrations")
        )
        with self._write_engine.connect() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()

    def is_initialised(self) -> bool:
        """Whether `collsec intel init` has run on this database."""
        if not inspect(self.engine).has_table("intel_head"):
            return False
        with self.read() as session:
            return session.get(HubHead, 1) is not None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; SQLite readers do not block the writer in WAL mode."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """One read transaction on a pooled connection, without an ORM session.

        The TAXII reads run here: they execute prepared Core statements only, and a session's
        bookkeeping around its connection cost about a tenth of a read's CPU.
        """
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[tuple[Session, HubHead]]:
        """A write transaction holding the hub's head row; commits on success.

        The commit happens before the caller answers, so an acknowledged write is durable.
        """
        with (
            self._writers,
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            head = session.get(HubHead, 1, with_for_update=True)
            if head is None:
                raise UsageError("the intel database is not initialised (run `collsec intel init`)")
            yield session, head

    @contextmanager
    def appending(self) -> Iterator[tuple[Connection, ChainHead]]:
        """A write transaction for audit entries alone, in Core statements (no ORM session).

        The audit writer commits the entries of every request (a group commit per batch); as
        an ORM session, with its identity map and flush, a batch cost the writer thread as
        much CPU as the first-page reads it recorded (docs/intel.md). The head row is read
        and written under the same writer lock as `write`, so the chain stays one chain.
        """
        head_table = table(HubHead)
        with self._writers, self._write_engine.begin() as conn:
            row = conn.execute(
                select(head_table.c.audit_seq, head_table.c.audit_hash)
                .where(head_table.c.id == 1)
                .with_for_update()
            ).first()
            if row is None:
                raise UsageError("the intel database is not initialised (run `collsec intel init`)")
            head = ChainHead(audit_seq=row.audit_seq, audit_hash=row.audit_hash)
            yield conn, head
            conn.execute(
                update(head_table)
                .where(head_table.c.id == 1)
                .values(audit_seq=head.audit_seq, audit_hash=head.audit_hash)
            )

    @contextmanager
    def bootstrap(self) -> Iterator[Session]:
        """A write transaction that does not need the head row (only `init` uses it)."""
        with (
            self._writers,
            Session(self._write_engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
