"""Self-contained HTML reports of a run, or of two runs side by side (Plotly, bundled).

The report embeds plotly.js inline (no CDN), so the file opens offline. It shows the step
timeline of the median episode, the distributions of time to decision and to first boots on
the ground, outcome probabilities, burden share by member and, for two runs, a what-if
comparison; given the summaries of `collsec.sim.whatif`, the effect of contingency plans and
of a year of exercises.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import plotly.graph_objects as go  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]

from collsec.errors import Problem, UsageError
from collsec.sim.records import TIME_FIELDS

__all__ = ["RunData", "read_run", "write_report"]

_LABELS = {
    "t_request_h": "request",
    "t_convened_h": "consultations convened",
    "t_decision_h": "Council decision",
    "t_order_h": "order to the Joint Staff",
    "t_first_arrival_h": "first arrival",
    "t_full_deployment_h": "full deployment",
    "t_mission_complete_h": "mission complete",
    "t_withdrawal_start_h": "withdrawal starts",
    "t_withdrawal_complete_h": "withdrawal complete",
}


class RunData:
    """A finished run read back from its folder: the summary and the columns reports need."""

    def __init__(
        self, folder: Path, summary: dict[str, Any], columns: dict[str, list[Any]]
    ) -> None:
        self.folder = folder
        self.summary = summary
        self.columns = columns

    @property
    def name(self) -> str:
        """The folder's name, the run's label in reports."""
        return self.folder.name

    def shares(self) -> dict[str, float]:
        """Mean burden share by state over the episodes that deployed."""
        deployed = [i for i, d in enumerate(self.columns["deployed"]) if d]
        out: dict[str, float] = {}
        for key, values in self.columns.items():
            if key.startswith("share_") and deployed:
                out[key.removeprefix("share_")] = sum(values[i] for i in deployed) / len(deployed)
        return {k: v for k, v in out.items() if v > 0}

    def median_episode(self) -> dict[str, float]:
        """Step times of the median episode by decision time.

        The median is taken among the episodes that deployed, or among all when none did.
        """
        n = len(self.columns["episode"])
        pool = [i for i in range(n) if self.columns["deployed"][i]] or list(range(n))
        pool = [i for i in pool if self.columns["t_decision_h"][i] is not None] or pool
        if not pool:
            return {}
        pool.sort(key=lambda i: (self.columns["t_decision_h"][i] or 0.0, i))
        pick = pool[len(pool) // 2]
        return {f: self.columns[f][pick] for f in TIME_FIELDS if self.columns[f][pick] is not None}


def read_run(folder: Path) -> RunData:
    """Read a run folder written by `collsec simulate`.

    Raises:
        UsageError: the folder lacks `episodes.parquet` or `summary.json`.
    """
    summary_path, episodes = folder / "summary.json", folder / "episodes.parquet"
    if not summary_path.is_file() or not episodes.is_file():
        raise UsageError(
            [
                Problem(
                    "not a run folder",
                    file=str(folder),
                    expected="a folder with episodes.parquet and summary.json",
                )
            ]
        )
    summary = json.loads(summary_path.read_text())
    schema = pq.read_schema(str(episodes))
    wanted = ["episode", "deployed", "outcome", *TIME_FIELDS]
    wanted += [n for n in schema.names if n.startswith("share_")]
    table = pq.read_table(str(episodes), columns=wanted)
    return RunData(folder, summary, table.to_pydict())


def _figures(run: RunData) -> list[tuple[str, go.Figure]]:
    figs: list[tuple[str, go.Figure]] = []
    steps = run.median_episode()
    if steps:
        names = [_LABELS[k] for k in steps]
        figs.append(
            (
                "Step timeline of the median episode (hours from the crisis start)",
                go.Figure(go.Scatter(x=list(steps.values()), y=names, mode="markers+lines")),
            )
        )
    for column, title in (
        ("t_decision_h", "Hours to the Council's decision"),
        ("t_first_arrival_h", "Hours to first boots on the ground"),
    ):
        values = [v for v in run.columns[column] if v is not None]
        if values:
            figs.append((title, go.Figure(go.Histogram(x=values, nbinsx=40))))
    outcomes = run.columns["outcome"]
    labels = sorted(set(outcomes))
    figs.append(
        (
            "Outcome probabilities",
            go.Figure(go.Bar(x=labels, y=[outcomes.count(k) / len(outcomes) for k in labels])),
        )
    )
    shares = run.shares()
    if shares:
        figs.append(
            ("Burden share by member (deployed episodes)",
             go.Figure(go.Bar(x=list(shares), y=list(shares.values()))))
        )  # fmt: skip
    return figs


def _compare_figure(a: RunData, b: RunData) -> go.Figure:
    keys = ["p_request", "p_decision", "p_deploy", "p_stabilised"]
    fig = go.Figure()
    for run in (a, b):
        fig.add_trace(go.Bar(name=run.name, x=keys, y=[run.summary[k]["p"] or 0.0 for k in keys]))
    fig.update_layout(barmode="group")
    return fig


def _what_if_parts(variants: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Probabilities and median hours of each what-if variant, side by side."""
    names = list(variants)
    probs = go.Figure()
    for key in ("p_decision", "p_deploy", "p_stabilised"):
        ys = [variants[n][key]["p"] or 0.0 for n in names]
        probs.add_trace(go.Bar(name=key, x=names, y=ys))
    probs.update_layout(barmode="group", height=360, title="Probabilities by preparation")
    hours = go.Figure()
    for key in ("hours_to_decision", "hours_to_first_arrival"):
        ys = [variants[n][key]["median"] for n in names]
        hours.add_trace(go.Bar(name=key, x=names, y=ys))
    hours.update_layout(barmode="group", height=360, title="Median hours from the crisis start")
    rows = "".join(
        f"<tr><td>{html.escape(n)}</td>"
        + "".join(
            f"<td>{_cell(variants[n][k])}</td>"
            for k in ("p_deploy", "p_stabilised", "hours_to_decision", "hours_to_first_arrival")
        )
        + "</tr>"
        for n in names
    )
    return [
        "<h2>What-if: contingency plans and a year of exercises</h2>",
        "<table><tr><th>variant</th><th>p_deploy</th><th>p_stabilised</th>"
        "<th>hours to decision</th><th>hours to first arrival</th></tr>" + rows + "</table>",
        probs.to_html(full_html=False, include_plotlyjs=False),
        hours.to_html(full_html=False, include_plotlyjs=False),
    ]


def _cell(value: Mapping[str, Any]) -> str:
    if "p" in value:
        p = value["p"]
        return "-" if p is None else f"{p:.3f} ({value['ci_low']:.3f}-{value['ci_high']:.3f})"
    med = value["median"]
    return "-" if med is None else f"{med:.1f} ({value['p10']:.1f}-{value['p90']:.1f})"


def write_report(
    path: Path,
    runs: list[RunData],
    what_if: Mapping[str, Mapping[str, Any]] | None = None,
) -> Path:
    """Write one self-contained HTML report for one run, or two runs side by side.

    `what_if` (summaries by variant, `collsec.sim.whatif.what_if`) adds the preparation
    what-if: with and without contingency plans and a year of exercises.
    """
    parts: list[str] = []
    if what_if:
        parts.extend(_what_if_parts(what_if))
    if len(runs) == 2:
        fig = _compare_figure(runs[0], runs[1])
        parts.append("<h2>What-if: probabilities side by side</h2>")
        parts.append(fig.to_html(full_html=False, include_plotlyjs=False))
    for run in runs:
        parts.append(f"<h2>Run {html.escape(run.name)}</h2>")
        parts.append(f"<pre>{html.escape(json.dumps(run.summary, indent=2, sort_keys=True))}</pre>")
        for title, fig in _figures(run):
            fig.update_layout(title=title, height=360)
            parts.append(fig.to_html(full_html=False, include_plotlyjs=False))
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>collsec report</title>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>"
        "<h1>collsec crisis Monte Carlo</h1>" + "\n".join(parts) + "</body></html>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
