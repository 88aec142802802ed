"""The self-contained HTML report of `collsec analyze`: Plotly figures with plotly.js inline.

It shows, for the chosen target, how each parameter moves it across the design points; the
Sobol' indices with their confidence intervals (sobol designs); and, for each event, PRIM's
peeling trajectory (coverage against density) with the chosen box as peeled and as pasted,
the CART tree's leaves on the same axes, and tables of the box's limits and of the leaves. The page
carries plotly.js inline, so it opens offline.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import plotly.graph_objects as go  # type: ignore[import-untyped]
from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]
from plotly.subplots import make_subplots  # type: ignore[import-untyped]

__all__ = ["write_report"]


def _effects(result: dict[str, Any]) -> go.Figure:
    """The target at each point against each parameter's value."""
    params, target = result["params"], result["target"]
    fig = make_subplots(rows=1, cols=len(params), subplot_titles=params, shared_yaxes=True)
    for i, name in enumerate(params, start=1):
        fig.add_trace(
            go.Scatter(
                x=[row[name] for row in result["table"]],
                y=[row[target] for row in result["table"]],
                mode="markers",
                name=name,
                text=[f"point {row['point']}" for row in result["table"]],
            ),
            row=1,
            col=i,
        )
    fig.update_layout(title=f"{target} at each design point", showlegend=False, height=360)
    fig.update_yaxes(title_text=target, row=1, col=1)
    return fig


def _indices(sobol: dict[str, Any], target: str) -> go.Figure:
    names = list(sobol["indices"])
    fig = go.Figure()
    for key in ("S1", "ST"):
        fig.add_trace(
            go.Bar(
                name=key,
                x=names,
                y=[sobol["indices"][n][key] or 0.0 for n in names],
                error_y={"type": "data",
                         "array": [sobol["indices"][n][f"{key}_conf"] or 0.0 for n in names]},
            )
        )  # fmt: skip
    fig.update_layout(
        barmode="group", title=f"Sobol' indices of {target} (95% bootstrap intervals)", height=360
    )
    return fig


def _trajectory(event: str, found: dict[str, Any]) -> go.Figure:
    steps = found["trajectory"]
    fig = go.Figure(
        go.Scatter(
            x=[b["coverage"] for b in steps],
            y=[b["density"] for b in steps],
            mode="lines+markers",
            marker={"color": [b["mass"] for b in steps], "colorscale": "Viridis",
                    "colorbar": {"title": "mass"}},
            text=[json.dumps(b["limits"]) for b in steps],
            name="peeling trajectory",
        )
    )  # fmt: skip
    for key, symbol, size, name in (
        ("peeled_box", "star-open", 12, "chosen box, peeled"),
        ("box", "star", 14, "chosen box, pasted"),
    ):
        if found[key] is not None:
            box = found[key]
            fig.add_trace(
                go.Scatter(x=[box["coverage"]], y=[box["density"]], mode="markers",
                           marker={"size": size, "symbol": symbol, "color": "red"}, name=name)
            )  # fmt: skip
    leaves = found["cart"]
    if leaves:
        fig.add_trace(
            go.Scatter(x=[leaf["coverage"] for leaf in leaves],
                       y=[leaf["density"] for leaf in leaves], mode="markers",
                       marker={"size": 10, "symbol": "square",
                               "color": ["black" if leaf["event"] else "grey" for leaf in leaves]},
                       text=[" and ".join(leaf["rule"]) or "anywhere" for leaf in leaves],
                       name="CART leaves (black: the event's)")
        )  # fmt: skip
    fig.update_layout(
        title=f"PRIM and CART for {event.replace('_', ' ')}: coverage and density",
        xaxis_title="coverage",
        yaxis_title="density",
        height=360,
    )
    return fig


def _box_table(found: dict[str, Any]) -> str:
    box = found["box"]
    if box is None:
        return "<p>No box reaches the minimum coverage.</p>"
    rows = (
        "".join(
            f"<tr><td>{html.escape(name)}</td><td>{html.escape(json.dumps(lim))}</td></tr>"
            for name, lim in box["limits"].items()
        )
        or "<tr><td colspan='2'>the whole design space (no restriction)</td></tr>"
    )
    return (
        f"<p>coverage {box['coverage']:.3f}, density {box['density']:.3f}, "
        f"mass {box['mass']:.3f} ({box['points']} points)</p>"
        f"<table border='1'><tr><th>parameter</th><th>limits</th></tr>{rows}</table>"
    )


def _leaf_table(found: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(' and '.join(leaf['rule']) or 'anywhere')}</td>"
        f"<td>{leaf['coverage']:.3f}</td><td>{leaf['density']:.3f}</td>"
        f"<td>{leaf['mass']:.3f}</td><td>{leaf['points']}</td>"
        f"<td>{'yes' if leaf['event'] else 'no'}</td></tr>"
        for leaf in found["cart"]
    )
    return (
        "<h3>CART leaves</h3><table border='1'><tr><th>box (splits from the root)</th>"
        "<th>coverage</th><th>density</th><th>mass</th><th>points</th>"
        f"<th>leads to the event</th></tr>{rows}</table>"
    )


def write_report(path: Path, result: dict[str, Any]) -> Path:
    """Write the analysis (from `analyze`) as one self-contained HTML page."""
    parts = [
        f"<p>{result['design']} design: {result['points']} points of "
        f"{result['runs_per_point']} episodes; folder {html.escape(result['folder'])}</p>",
        _effects(result).to_html(full_html=False, include_plotlyjs=False),
    ]
    sobol = result["sobol"]
    if sobol is None:
        parts.append("<p>Sobol' indices need a sobol design (collsec sweep --design sobol).</p>")
    elif sobol["note"]:
        parts.append(f"<p>Sobol' indices: {html.escape(sobol['note'])}</p>")
    else:
        parts.append(_indices(sobol, result["target"]).to_html(full_html=False,
                                                               include_plotlyjs=False))  # fmt: skip
    for event, found in result["discovery"].items():
        parts.append(f"<h2>Scenario discovery: {html.escape(event.replace('_', ' '))}</h2>")
        if not found["occurred"]:
            parts.append("<p>The event never happened in this sweep.</p>")
            continue
        parts.append("<h3>PRIM box (pasted)</h3>" + _box_table(found))
        parts.append(_leaf_table(found))
        parts.append(_trajectory(event, found).to_html(full_html=False, include_plotlyjs=False))
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>collsec sweep analysis</title>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>"
        "<h1>collsec sweep analysis</h1>" + "\n".join(parts) + "</body></html>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
