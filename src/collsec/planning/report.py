"""An HTML report of a plan: summary, sortie Gantt chart, arrival curve, requirements.

Plotly figures with plotly.js embedded inline from the installed package, so the file opens
offline and fetches nothing.
"""

from __future__ import annotations

import html
from pathlib import Path

import plotly.graph_objects as go  # type: ignore[import-untyped]
from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]

from collsec.planning.model import PlanningProblem
from collsec.planning.plan import Plan

__all__ = ["arrival_figure", "gantt_figure", "render_report", "write_report"]


def gantt_figure(problem: PlanningProblem, plan: Plan) -> go.Figure:
    """One row per airframe: loading, flight out, unloading and the flight back."""
    fig = go.Figure()
    phases = {"load": "#9e9e9e", "out": "#1f77b4", "unload": "#ff7f0e", "back": "#aec7e8"}
    rows: dict[str, list[tuple[str, float, float, str]]] = {k: [] for k in phases}
    for s in plan.sorties:
        turn = problem.aircraft_types[s.aircraft_type].turnaround_h
        flight = s.arrival_h - s.departure_h
        text = f"{s.origin}→{s.destination}: {s.personnel} pers, {s.tonnage_t:.1f} t"
        rows["load"].append((s.tail, s.departure_h - turn, turn, text))
        rows["out"].append((s.tail, s.departure_h, flight, text))
        rows["unload"].append((s.tail, s.arrival_h, turn, text))
        rows["back"].append((s.tail, s.arrival_h + turn, flight, text))
    for phase, colour in phases.items():
        data = rows[phase]
        fig.add_trace(
            go.Bar(
                name=phase,
                orientation="h",
                y=[d[0] for d in data],
                base=[d[1] for d in data],
                x=[d[2] for d in data],
                hovertext=[d[3] for d in data],
                marker_color=colour,
            )
        )
    fig.update_layout(
        barmode="overlay",
        title="Sorties by airframe (hours after the order)",
        xaxis_title="hours after the order",
        height=max(300, 18 * len({s.tail for s in plan.sorties}) + 120),
    )
    return fig


def arrival_figure(problem: PlanningProblem, plan: Plan) -> go.Figure:
    """Personnel on the ground over time, with each requirement's due time."""
    curve = plan.arrival_curve()
    fig = go.Figure(
        go.Scatter(
            x=[0.0] + [t for t, _ in curve],
            y=[0] + [n for _, n in curve],
            mode="lines",
            line_shape="hv",
            name="personnel landed",
        )
    )
    for req in problem.requirements:
        fig.add_vline(x=req.due_h, line_dash="dot", annotation_text=f"{req.id} due")
    fig.update_layout(
        title="Arrival curve",
        xaxis_title="hours after the order",
        yaxis_title="personnel on the ground",
    )
    return fig


def render_report(problem: PlanningProblem, plan: Plan, title: str = "Deployment plan") -> str:
    """The report as one self-contained HTML page."""
    esc = html.escape
    lateness = plan.lateness_hours
    summary = [
        ("solver", plan.solver),
        ("status", plan.status.value),
        ("objective / bound / gap", f"{plan.objective} / {plan.bound} / {plan.gap}"),
        ("bound from", plan.bound_origin or "-"),
        ("solve seconds", f"{plan.solve_seconds:.2f}"),
        ("lateness (hours)", "never met" if lateness is None else f"{lateness:.2f}"),
        ("sorties", str(len(plan.sorties))),
        ("flying hours", f"{plan.flying_hours:.1f}"),
        ("aircraft used", ", ".join(f"{a}: {n}" for a, n in plan.aircraft_used().items())),
        ("burden share", ", ".join(f"{s} {v:.0%}" for s, v in plan.burden_share.items())),
    ]
    req_rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{esc(str(v))}</td>"
            for v in (
                r.id,
                r.capability,
                r.destination,
                r.due_h,
                "-" if r.met_h is None else f"{r.met_h:.2f}",
                "-" if r.lateness_h is None else f"{r.lateness_h:.2f}",
                r.personnel_delivered,
                ", ".join(r.contingents),
            )
        )
        + "</tr>"
        for r in plan.requirements
    )
    why = "".join(f"<li>{esc(str(e))}</li>" for e in plan.explanations)
    charts = "".join(
        fig.to_html(full_html=False, include_plotlyjs=False)
        for fig in (gantt_figure(problem, plan), arrival_figure(problem, plan))
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;"
        "border-bottom:1px solid #ddd;text-align:left}</style>"
        f"<script>{get_plotlyjs()}</script></head><body>"
        f"<h1>{esc(title)}</h1><table>"
        + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in summary)
        + "</table>"
        + (f"<h2>Why it cannot be met</h2><ul>{why}</ul>" if why else "")
        + "<h2>Requirements</h2><table><tr><th>id</th><th>capability</th><th>destination</th>"
        "<th>due h</th><th>met h</th><th>late h</th><th>personnel</th><th>contingents</th></tr>"
        + req_rows
        + "</table>"
        + charts
        + "</body></html>"
    )


def write_report(
    problem: PlanningProblem, plan: Plan, path: Path, title: str = "Deployment plan"
) -> None:
    """Write the report to `path`."""
    path.write_text(render_report(problem, plan, title), encoding="utf-8")
