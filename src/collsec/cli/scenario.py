"""Commands that show the world: summary, members, bodies, timeline, show, validate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from collsec.charter import chair_on, members_on, secretary_general_on
from collsec.cli.options import (
    AtDate,
    JsonFlag,
    ScenarioPaths,
    Sets,
    emit_json,
    load,
    out_console,
    parse_date,
)
from collsec.errors import CollsecError, Problem, UsageError
from collsec.scenario import Scenario, load_scenario

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command()(summary)
    app.command()(members)
    app.command()(bodies)
    app.command()(timeline)
    app.command()(show)
    app.command()(validate)


def summary(scenario: ScenarioPaths = None, set_: Sets = None, json_: JsonFlag = False) -> None:
    """Summarise the scenario: members, bodies, forces, office holders and provenance."""
    s = load(scenario, set_)
    chair = chair_on(s, s.as_of)
    sg = secretary_general_on(s, s.as_of)
    data: dict[str, Any] = {
        "name": s.name,
        "as_of": s.as_of,
        "members": [m.to_dict() for m in members_on(s, s.as_of)],
        "chair": chair.to_dict(),
        "secretary_general": sg.to_dict(),
        "bodies": sorted(s.bodies),
        "forces": {
            fid: {"name": f.name, "size": f.size.value if f.size else None}
            for fid, f in s.forces.items()
        },
        "instruments": len(s.instruments),
        "airfields": len(s.airfields),
        "aircraft_types": len(s.aircraft),
        "history_events": len(s.history),
        "sources": len(s.sources),
        "assumptions": len(s.assumptions),
    }
    if json_:
        emit_json(data)
        return
    out_console.rule(f"[bold]{s.name}[/] — the world as of {s.as_of}")
    out_console.print(s.description)
    table = Table("state", "name", "status", "capacity", title="Members")
    for m in members_on(s, s.as_of):
        table.add_row(m.id, m.name, m.status.value, m.capacity)
    out_console.print(table)
    out_console.print(
        f"CSC chair: [bold]{chair.state}[/] ({chair.start}–{chair.end or '…'})"
        f"{' [computed by the rotation rule]' if chair.computed else ''}"
    )
    out_console.print(
        f"Secretary General: [bold]{sg.state}[/] {sg.person or ''} ({sg.start}–{sg.end or '…'})"
        f"{' [computed by the rotation rule]' if sg.computed else ''}"
    )
    forces = Table("force", "name", "size", "contingents", title="Collective forces")
    for fid, f in s.forces.items():
        forces.add_row(fid, f.name, f"{f.size.value:,}" if f.size else "—", str(len(f.contingents)))
    out_console.print(forces)
    out_console.print(
        f"{len(s.bodies)} bodies, {len(s.instruments)} instruments, {len(s.airfields)} airfields, "
        f"{len(s.aircraft)} aircraft types, {len(s.history)} history events; "
        f"{len(s.sources)} sources, {len(s.assumptions)} assumptions "
        "(see `collsec show assumptions`)."
    )


def members(
    at: AtDate = None,
    all_: Annotated[bool, typer.Option("--all", help="Add suspended and former members.")] = False,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """List the member states on a date (active or self-declared frozen, unless --all)."""
    s = load(scenario, set_)
    day = parse_date(at, s.as_of)
    rows = members_on(s, day, include_all=all_)
    if json_:
        emit_json([m.to_dict() for m in rows])
        return
    table = Table("id", "name", "status", "capacity", title=f"Members on {day}")
    for m in rows:
        table.add_row(m.id, m.name, m.status.value, m.capacity)
    out_console.print(table)


def bodies(scenario: ScenarioPaths = None, set_: Sets = None, json_: JsonFlag = False) -> None:
    """List the bodies: composition, decision rule and chair rule, with their basis."""
    s = load(scenario, set_)
    if json_:
        emit_json({bid: b.model_dump(mode="json") for bid, b in s.bodies.items()})
        return
    table = Table("id", "name", "kind", "composition", "decides by", "basis", title="Bodies")
    for bid, b in s.bodies.items():
        rule = b.decision_rule
        decides = (
            f"{rule.substantive or '—'} / procedural: {rule.procedural or '—'}"
            if rule.votes
            else "takes no votes"
        )
        table.add_row(bid, b.name, b.kind.value, b.composition, decides, "; ".join(b.basis))
    out_console.print(table)


def timeline(
    since: Annotated[str | None, typer.Option("--from", help="First date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last date (YYYY-MM-DD).")] = None,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """The dated history of the alliance, oldest first, each event with its source."""
    s = load(scenario, set_)
    first = parse_date(since, s.history[0].date if s.history else s.as_of, "--from")
    last = parse_date(until, s.as_of, "--to")
    events = sorted((e for e in s.history if first <= e.date <= last), key=lambda e: e.date)
    if json_:
        emit_json([e.model_dump(mode="json") for e in events])
        return
    table = Table("date", "kind", "event", "states", "conf.", title="Timeline")
    for e in events:
        table.add_row(str(e.date), e.kind, e.title, ", ".join(e.states), e.confidence.value)
    out_console.print(table)


def show(
    path: Annotated[
        str, typer.Argument(help="Dotted scenario path, e.g. states.KAZ.borders.")
    ] = "",
    scenario: ScenarioPaths = None,
    set_: Sets = None,
) -> None:
    """Print any part of the scenario tree as JSON (the paths that --set addresses)."""
    s = load(scenario, set_)
    emit_json(_at_path(s, path))


def validate(
    paths: Annotated[list[Path], typer.Argument(help="Scenario files or folders.")],
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Check scenario files: exit 0 when valid, 2 with every problem otherwise."""
    try:
        s = load_scenario(paths, set_ or [])
    except CollsecError as exc:
        if json_:
            emit_json({"valid": False, "problems": [_problem(p) for p in exc.problems]})
            raise typer.Exit(2) from None
        raise
    if json_:
        emit_json({"valid": True, "name": s.name, "as_of": s.as_of})
    else:
        out_console.print(f"valid: {', '.join(map(str, paths))} ({s.name}, as of {s.as_of})")


def _problem(p: Problem) -> dict[str, Any]:
    return {
        "file": p.file,
        "line": p.line,
        "path": p.path,
        "message": p.message,
        "expected": p.expected,
    }


def _at_path(s: Scenario, path: str) -> Any:
    node: Any = s.model_dump(mode="json")
    for part in [p for p in path.split(".") if p]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            keys = ", ".join(sorted(node)[:15]) if isinstance(node, dict) else "a list index"
            raise UsageError(
                [Problem(f"no `{part}` in the scenario", path=path, expected=f"one of {keys}")]
            )
    return node
