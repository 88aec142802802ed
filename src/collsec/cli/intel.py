"""`collsec intel`: run and administer the intelligence-sharing hub.

Every command takes `--db URL` (default `sqlite:///collsec-intel.db` in the working
directory). Keys are printed once and never stored in clear. Errors print one line and exit 2.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from collsec.errors import CollsecError, UsageError
from collsec.scenario.models import Status

# The hub (SQLAlchemy, stix2, FastAPI) is imported by the commands that use it, so that
# every other `collsec` command starts without paying for it.
if TYPE_CHECKING:
    from collsec.intel import audit
    from collsec.intel.auth import KeyVerifier
    from collsec.intel.directory import NewKey
    from collsec.intel.store import Store

__all__ = ["app", "main"]

DEFAULT_DB = "sqlite:///collsec-intel.db"
T = TypeVar("T")

app = typer.Typer(
    name="intel",
    help="The intelligence-sharing hub (STIX 2.1 / TAXII 2.1).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
org_app = typer.Typer(help="Organisations (one agency of one member state).", no_args_is_help=True)
key_app = typer.Typer(help="API keys (shown once, stored argon2-hashed).", no_args_is_help=True)
group_app = typer.Typer(
    help="Sharing groups (explicit lists of organisations).", no_args_is_help=True
)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
app.add_typer(org_app, name="org")
app.add_typer(key_app, name="key")
app.add_typer(group_app, name="group")
app.add_typer(audit_app, name="audit")

Db = Annotated[
    str, typer.Option("--db", help="Database URL: sqlite:///FILE or postgresql+psycopg://...")
]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
Scenario = Annotated[
    list[Path] | None, typer.Option("--scenario", help="Scenario file or overlay (repeatable).")
]
Members = Annotated[
    list[str] | None,
    typer.Option(
        "--member",
        help="STATE=STATUS (repeatable): use this member list instead of the scenario's.",
    ),
]
OnDate = Annotated[
    str | None,
    typer.Option("--on", help="Date whose member statuses apply (YYYY-MM-DD; default today)."),
]


def _guard(action: Callable[[], T]) -> T:
    try:
        return action()
    except CollsecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


def _date(text: str | None, field: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{field}: {text!r} is not a date (expected YYYY-MM-DD)") from None


def _standing(
    scenario: list[Path] | None, on: str | None, members: list[str] | None
) -> dict[str, Status]:
    if members:
        standing: dict[str, Status] = {}
        for item in members:
            state, _, status = item.partition("=")
            try:
                standing[state.strip()] = Status(status.strip())
            except ValueError:
                valid = ", ".join(s.value for s in Status)
                raise UsageError(
                    f"--member: {item!r} (expected STATE=STATUS, STATUS one of {valid})"
                ) from None
        return standing
    from collsec.intel.members import standing_on

    day = _date(on, "--on") or dt.datetime.now(dt.UTC).date()
    return standing_on(day, scenario or [])


def _store(db: str) -> Store:
    from collsec.intel.store import Store

    return Store(db)


def _verifier() -> KeyVerifier:
    from collsec.intel.auth import KeyVerifier, hasher_for

    return KeyVerifier(hasher_for("default"))


def _print_key(made: NewKey, as_json: bool) -> None:
    if as_json:
        print(
            json.dumps({"id": made.id, "key": made.key, "org": made.org, "role": made.role.value})
        )
    else:
        print(f"key id: {made.id}\norganisation: {made.org}\nrole: {made.role.value}")
        print(f"key (shown once, store it now): {made.key}")


@app.command()
def init(db: Db = DEFAULT_DB, as_json: Json = False) -> None:
    """Create the schema and print the first hub-admin key, once."""
    from collsec.intel.directory import init_hub

    made = _guard(lambda: init_hub(_store(db), _verifier()))
    _print_key(made, as_json)


@app.command()
def serve(
    db: Db = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8021,
    scenario: Scenario = None,
    on: OnDate = None,
    member: Members = None,
    rate: Annotated[float, typer.Option(help="Requests per second allowed per key.")] = 200.0,
    burst: Annotated[int, typer.Option(help="Burst size of the per-key rate limit.")] = 1000,
    max_content_length: Annotated[int, typer.Option(help="Largest POST body in bytes.")] = 10
    * 1024
    * 1024,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (one database; see docs/intel.md).")
    ] = 1,
) -> None:
    """Serve TAXII 2.1 at /taxii2/ and the hub API at /intel/."""
    import uvicorn

    from collsec.intel.service import SERVE_ENV, ServeConfig, app_from_environment

    def configure() -> ServeConfig:
        fixed = None
        if member:
            fixed = {state: status.value for state, status in _standing(None, None, member).items()}
        _date(on, "--on")
        return ServeConfig(
            db=db,
            members=fixed,
            scenario=[str(p) for p in scenario or []],
            on=on,
            rate_per_s=rate,
            rate_burst=burst,
            max_content_length=max_content_length,
            workers=workers,
        )

    os.environ[SERVE_ENV] = _guard(configure).to_json()
    # Built here even with several workers: a bad database or scenario exits 2 at once.
    application = _guard(app_from_environment)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning")
        return
    uvicorn.run(
        "collsec.intel.service:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


@org_app.command("add")
def org_add(
    name: Annotated[str, typer.Option("--name", help="Organisation name, e.g. KAZ-KNB.")],
    state: Annotated[str, typer.Option("--state", help="Member state id, e.g. KAZ.")],
    db: Db = DEFAULT_DB,
    scenario: Scenario = None,
    on: OnDate = None,
    member: Members = None,
    as_json: Json = False,
) -> None:
    """Add an organisation of a member state (and its collections)."""
    from collsec.intel.directory import add_org

    org = _guard(lambda: add_org(_store(db), name, state, _standing(scenario, on, member)))
    print(
        json.dumps({"id": org.id, "name": org.name, "state": org.state})
        if as_json
        else f"organisation {org.name} ({org.state}) id {org.id}"
    )


@key_app.command("create")
def key_create(
    org: Annotated[str, typer.Option("--org", help="Organisation name.")],
    role: Annotated[
        str, typer.Option("--role", help="reader, contributor, org-admin or hub-admin.")
    ] = "reader",
    expires: Annotated[
        str | None, typer.Option("--expires", help="Expiry date YYYY-MM-DD (UTC midnight).")
    ] = None,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Never write, whatever the role.")
    ] = False,
    allow_ip: Annotated[
        list[str] | None,
        typer.Option("--allow-ip", help="Allowed address or network (repeatable)."),
    ] = None,
    db: Db = DEFAULT_DB,
    as_json: Json = False,
) -> None:
    """Create a key for an organisation and print it once."""
    from collsec.intel.directory import create_key, parse_role

    def run() -> NewKey:
        return create_key(
            _store(db),
            _verifier(),
            None,
            org,
            parse_role(role),
            expires=_date(expires, "--expires"),
            read_only=read_only,
            allowed_ips=allow_ip or [],
        )

    _print_key(_guard(run), as_json)


@key_app.command("revoke")
def key_revoke(
    key_id: Annotated[str, typer.Argument(help="The key id.")], db: Db = DEFAULT_DB
) -> None:
    """Revoke a key at once (the service re-reads keys on every request)."""
    from collsec.intel.directory import revoke_key

    def run() -> None:
        try:
            revoke_key(_store(db), _verifier(), None, key_id)
        except LookupError as exc:
            raise UsageError(f"ID: {exc}") from None

    _guard(run)
    print(f"key {key_id} revoked")


@group_app.command("add")
def group_add(
    name: Annotated[str, typer.Option("--name", help="Group name (its collection's title).")],
    org: Annotated[list[str], typer.Option("--org", help="Member organisation name (repeatable).")],
    db: Db = DEFAULT_DB,
    as_json: Json = False,
) -> None:
    """Add a sharing group of organisations (and its collection)."""
    from collsec.intel.directory import add_group

    group = _guard(lambda: add_group(_store(db), name, org))
    print(
        json.dumps({"id": group.id, "name": group.name, "orgs": org})
        if as_json
        else f"group {group.name} id {group.id}"
    )


@audit_app.command("verify")
def audit_verify(db: Db = DEFAULT_DB, as_json: Json = False) -> None:
    """Recompute the audit hash chain; exit 1 if it was tampered with."""
    from collsec.intel import audit

    def run() -> audit.ChainReport:
        store = _store(db)
        if not store.is_initialised():
            raise UsageError(f"--db: {db} is not initialised")
        with store.read() as session:
            return audit.verify(session)

    report = _guard(run)
    if as_json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "entries": report.entries,
                    "broken_at": report.broken_at,
                    "message": report.message,
                }
            )
        )
    else:
        print(report.message)
    if not report.ok:
        raise typer.Exit(1)


def main() -> None:
    """Run `collsec intel` on its own (`python -m collsec.cli.intel`)."""
    app()


if __name__ == "__main__":
    main()
