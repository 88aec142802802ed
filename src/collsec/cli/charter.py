"""Commands that apply the Treaty and Charter: chair, rules, decide, procedure."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from collsec.charter import (
    RULES,
    Question,
    ThreatKind,
    chair_on,
    parse_positions,
    secretary_general_on,
    walk,
)
from collsec.charter import (
    decide as charter_decide,
)
from collsec.cli.options import (
    AtDate,
    JsonFlag,
    ScenarioPaths,
    Sets,
    emit_json,
    load,
    out_console,
    parse_date,
    parse_datetime,
)
from collsec.errors import Problem, UsageError

__all__ = ["register"]

PositionsOption = Annotated[
    str,
    typer.Option(
        "--positions",
        help="Comma-separated STATE=POSITION (support, object, not_joining, "
        "absent_no_objection, absent_silent); states not listed support.",
    ),
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command()(chair)
    app.command(name="secretary-general")(secretary_general)
    app.command()(rules)
    app.command()(decide)
    app.command()(procedure)


def chair(
    at: AtDate = None, scenario: ScenarioPaths = None, set_: Sets = None, json_: JsonFlag = False
) -> None:
    """Who chairs the Collective Security Council on a date (recorded or computed)."""
    s = load(scenario, set_)
    holder = chair_on(s, parse_date(at, s.as_of))
    if json_:
        emit_json(holder.to_dict())
        return
    out_console.print(_holder_line("CSC chair", holder))


def secretary_general(
    at: AtDate = None, scenario: ScenarioPaths = None, set_: Sets = None, json_: JsonFlag = False
) -> None:
    """Who is Secretary General on a date (recorded or computed)."""
    s = load(scenario, set_)
    holder = secretary_general_on(s, parse_date(at, s.as_of))
    if json_:
        emit_json(holder.to_dict())
        return
    out_console.print(_holder_line("Secretary General", holder))


def _holder_line(office: str, holder: object) -> str:
    d = holder.to_dict()  # type: ignore[attr-defined]
    how = "computed by the rotation rule" if d.get("computed") else "recorded"
    person = f" {d['person']}" if d.get("person") else ""
    return (
        f"{office}: [bold]{d['state']}[/]{person}, {d['start']} – {d.get('end') or '…'} "
        f"({how}; basis: {'; '.join(d.get('basis', []))})"
    )


def rules(
    rule_id: Annotated[str | None, typer.Argument(help="A rule id to explain.")] = None,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """List the rules the engine applies, or explain one with its basis and sources."""
    s = load(scenario, set_)
    if rule_id is not None:
        if rule_id not in RULES:
            raise UsageError(
                [Problem(f"no rule {rule_id!r}", expected=f"one of {', '.join(sorted(RULES))}")]
            )
        rule = RULES[rule_id]
        data = rule.to_dict(s.rules)
        if json_:
            emit_json(data)
            return
        out_console.rule(f"[bold]{rule.id}[/]: {rule.title}")
        for key, value in data.items():
            if key not in ("id", "title") and value not in (None, [], ""):
                shown = "; ".join(map(str, value)) if isinstance(value, list) else value
                out_console.print(f"[bold]{key}[/]: {shown}")
        return
    if json_:
        emit_json([r.to_dict(s.rules) for r in RULES.values()])
        return
    table = Table("id", "rule", "articles", "conf.", "configured by", title="Rules")
    for r in RULES.values():
        knobs = [f"rules.{n}={getattr(s.rules, n)}" for n in r.settings]
        knobs += [f"assumptions.{n}" for n in r.assumptions]
        table.add_row(r.id, r.title, "; ".join(r.articles), r.confidence.value, ", ".join(knobs))
    out_console.print(table)


def decide(
    body: Annotated[str, typer.Option("--body", help="Body id, e.g. CSC.")] = "CSC",
    question: Annotated[
        Question, typer.Option("--question", help="substantive or procedural.")
    ] = Question.SUBSTANTIVE,
    positions: PositionsOption = "",
    at: AtDate = None,
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Apply a body's decision rule to members' positions; print the outcome and its basis."""
    s = load(scenario, set_)
    decision = charter_decide(
        s, body, question, parse_positions(positions), parse_date(at, s.as_of)
    )
    if json_:
        emit_json(decision.to_dict())
        return
    verdict = "[green]ADOPTED[/]" if decision.adopted else "[red]NOT ADOPTED[/]"
    out_console.print(f"{body} ({question.value}): {verdict}")
    out_console.print(escape(decision.explanation), highlight=False)
    if decision.blocked_by:
        out_console.print(f"blocked by: {', '.join(decision.blocked_by)}")
    out_console.print(f"bound: {', '.join(decision.bound) or 'none'}")
    out_console.print("basis: " + escape("; ".join(decision.basis)), highlight=False)


def procedure(
    victim: Annotated[str, typer.Option("--victim", help="The member under threat, e.g. KAZ.")],
    threat: Annotated[ThreatKind, typer.Option("--threat", help="The kind of threat.")],
    at: Annotated[
        str, typer.Option("--at", help="When the threat arises, ISO 8601 (UTC without offset).")
    ],
    characterised: Annotated[
        bool | None,
        typer.Option(
            "--characterised-as-aggression/--not-characterised-as-aggression",
            help="The Council's characterisation of the threat as aggression (Art. 4); "
            "default depends on the threat kind.",
            show_default=False,
        ),
    ] = None,
    requested: Annotated[
        bool,
        typer.Option("--requested/--no-requested", help="Whether the victim's head of state asks."),
    ] = True,
    positions: PositionsOption = "",
    scenario: ScenarioPaths = None,
    set_: Sets = None,
    json_: JsonFlag = False,
) -> None:
    """Walk the Article 2 / Article 4 procedure step by step, each step with its basis."""
    s = load(scenario, set_)
    result = walk(
        s,
        victim=victim,
        threat=threat,
        at=parse_datetime(at),
        requested=requested,
        characterised_as_aggression=characterised,
        positions=parse_positions(positions) if positions else None,
    )
    if json_:
        emit_json(result.to_dict())
        return
    out_console.rule(f"[bold]Procedure[/]: {threat.value} against {victim}")
    start = parse_datetime(at)
    for i, step in enumerate(result.steps, start=1):
        when = step.at.astimezone(start.tzinfo).isoformat(timespec="minutes")
        out_console.print(f"[bold]{i:>2}. {when}  {step.stage.value.upper()}[/]")
        out_console.print(f"    {escape(step.explanation)}", highlight=False)
        out_console.print(f"    [dim]basis: {escape('; '.join(step.basis))}[/]", highlight=False)
    for refused in result.ruled_out:
        out_console.print(f"ruled out: {refused.measure.value}: {refused.reason}")
    out_console.print(f"outcome: [bold]{result.outcome}[/]")
