// Crisis page: start a run on the server (the CLI's runner, in a background thread), follow its
// progress over server-sent events, then draw what it found; any two finished runs side by side.
import { api, esc } from "../lib/api.js";
import { histogramTrace, plot } from "../lib/charts.js";

const form = document.getElementById("run-form");
const crisis = document.getElementById("run-crisis");
const victim = document.getElementById("run-victim");
const bar = document.getElementById("run-progress");
const status = document.getElementById("run-status");
const results = document.getElementById("results");
const compareForm = document.getElementById("compare-form");
const comparison = document.getElementById("comparison");
const comparisonBody = document.getElementById("comparison-body");
const PROBS = [["p_request", "victim requests"], ["p_decision", "Council adopts a measure"], ["p_deploy", "forces deploy"], ["p_stabilised", "stabilised"], ["p_stabilised_given_deploy", "stabilised if deployed"]];
const TIMES = [["hours_to_decision", "to decision"], ["hours_to_first_arrival", "to first arrival"], ["hours_to_full_deployment", "to full deployment"]];

const pct = (p) => (p === null || p === undefined ? "—" : `${(100 * p).toFixed(1)}%`);
const hours = (h) => (h === null || h === undefined ? "—" : `${h.toFixed(1)} h`);
const label = (r) => `${r.id}: ${r.crisis ?? "default crisis"} on ${r.victim ?? "its victim"}, N=${r.runs}, seed ${r.seed}${r.overrides.length ? `, ${r.overrides.length} override(s)` : ""}`;
const shares = (obj) => Object.entries(obj).map(([k, v]) => `<tr><th scope="row">${esc(k.replaceAll("_", " "))}</th><td>${pct(v)}</td></tr>`).join("") || `<tr><td colspan="2">none</td></tr>`;

function summaryTables(r, prefix) {
  const s = r.summary;
  return `
    <table class="probabilities" id="${prefix}-probabilities"><caption>Outcome probabilities (95% interval), ${r.episodes} episodes</caption>
      <tbody>${PROBS.map(([k, l]) => `<tr><th scope="row">${l}</th><td>${pct(s[k].p)}</td><td class="muted">${pct(s[k].ci_low)}–${pct(s[k].ci_high)}</td></tr>`).join("")}</tbody></table>
    <table><caption>Hours from the crisis start (median, 10th–90th percentile)</caption>
      <tbody>${TIMES.map(([k, l]) => `<tr><th scope="row">${l}</th><td>${hours(s[k].median)}</td><td class="muted">${hours(s[k].p10)}–${hours(s[k].p90)}</td></tr>`).join("")}</tbody></table>
    <table><caption>Measure adopted</caption><tbody>${shares(r.measures)}</tbody></table>
    <table><caption>How it ended</caption><tbody>${shares(r.outcomes)}</tbody></table>
    <table id="${prefix}-burden"><caption>Burden share (troops sent)</caption><tbody>${shares(r.burden_share)}</tbody></table>`;
}

function timeline(m) {
  if (!m) return "";
  return `<h3>Median episode (#${m.episode}): ${esc(m.measure.replaceAll("_", " "))}, ${esc(m.outcome.replaceAll("_", " "))}</h3>
    <ol class="timeline" id="median-timeline">${m.timeline.map((t) => `<li><strong>${hours(t.hour)}</strong> ${esc(t.step.replaceAll("_", " "))}</li>`).join("")}</ol>
    <details><summary>Basis of each stage</summary><ul>${m.basis.map((b) => `<li>${esc(b)}</li>`).join("")}</ul></details>`;
}

function render(r) {
  results.innerHTML = `<h2 id="results-heading">Results of ${esc(label(r))}</h2>
    <div class="compare"><div>${summaryTables(r, "current")}</div>
    <div><div id="chart-decision" class="chart" role="img" aria-label="Distribution of hours to decision"></div>
         <div id="chart-arrival" class="chart" role="img" aria-label="Distribution of hours to first arrival"></div>
         ${timeline(r.median_episode)}</div></div>`;
  for (const [id, col] of [["chart-decision", "t_decision_h"], ["chart-arrival", "t_first_arrival_h"]]) {
    const h = r.distributions[col];
    plot(document.getElementById(id), [histogramTrace(h, r.id)], { title: { text: `${h.label} (n=${h.n})` }, xaxis: { title: { text: "hours" } }, yaxis: { title: { text: "episodes" } } });
  }
  results.dataset.run = r.id;
}

async function refreshRuns() {
  const runs = (await api("/api/v1/runs")).filter((r) => r.state === "done");
  for (const [select, pick] of [[compareForm.a, runs.length - 2], [compareForm.b, runs.length - 1]]) {
    select.innerHTML = runs.map((r, i) => `<option value="${esc(r.id)}"${i === Math.max(0, pick) ? " selected" : ""}>${esc(label(r))}</option>`).join("");
  }
}

function follow(id) {
  return new Promise((resolve, reject) => {
    const events = new EventSource(`/api/v1/runs/${encodeURIComponent(id)}/events`);
    const show = (d) => {
      bar.max = d.total;
      bar.value = d.done;
      status.textContent = `${id}: ${d.done} of ${d.total} episodes (${d.state})`;
    };
    events.addEventListener("progress", (e) => show(JSON.parse(e.data)));
    events.addEventListener("end", (e) => {
      events.close();
      const d = JSON.parse(e.data);
      show(d);
      if (d.state === "done") resolve(d);
      else reject(new Error(d.error || `${id} failed`));
    });
  });
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const payload = {
    crisis: data.get("crisis"),
    victim: data.get("victim"),
    runs: Number(data.get("runs")),
    seed: Number(data.get("seed")),
    overrides: String(data.get("overrides") || "").split("\n").map((s) => s.trim()).filter(Boolean),
  };
  form.setAttribute("aria-busy", "true");
  try {
    const job = await api("/api/v1/runs", payload);
    status.textContent = `${job.id} queued`;
    await follow(job.id);
    render(await api(`/api/v1/runs/${encodeURIComponent(job.id)}`));
    await refreshRuns();
  } catch (error) {
    status.innerHTML = `<span class="error" role="alert">${esc(error.message)}</span>`;
  } finally {
    form.setAttribute("aria-busy", "false");
  }
});

crisis.addEventListener("change", () => {
  victim.value = crisis.selectedOptions[0].dataset.victim;
});

compareForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const ids = [compareForm.a.value, compareForm.b.value].filter(Boolean);
  if (ids.length < 2) return;
  const [a, b] = await Promise.all(ids.map((id) => api(`/api/v1/runs/${encodeURIComponent(id)}`)));
  comparison.hidden = false;
  comparisonBody.innerHTML = `
    <div><h3>${esc(label(a))}</h3>${summaryTables(a, "a")}</div>
    <div><h3>${esc(label(b))}</h3>${summaryTables(b, "b")}</div>
    <div id="compare-decision" class="chart" role="img" aria-label="Hours to decision in both runs"></div>
    <div id="compare-arrival" class="chart" role="img" aria-label="Hours to first arrival in both runs"></div>`;
  for (const [id, col] of [["compare-decision", "t_decision_h"], ["compare-arrival", "t_first_arrival_h"]]) {
    plot(document.getElementById(id), [histogramTrace(a.distributions[col], a.id), histogramTrace(b.distributions[col], b.id)], { barmode: "overlay", title: { text: a.distributions[col].label }, xaxis: { title: { text: "hours" } } });
  }
  comparison.dataset.compared = `${a.id},${b.id}`;
});

await refreshRuns();
form.dataset.ready = "true";
