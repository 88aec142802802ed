// Plan page: the plan's sorties on the map (an arc from each home airfield to its destination,
// thicker for more sorties), the arrival curve and the sortie Gantt chart. The shipped example's
// plan comes with the page; an uploaded requirements file is planned by POST /api/v1/plan.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { esc } from "../lib/api.js";
import { plot } from "../lib/charts.js";

const root = document.getElementById("plan-map");
const form = document.getElementById("plan-form");
const status = document.getElementById("plan-status");
const facts = document.getElementById("plan-facts");
const title = document.getElementById("plan-title");
const COLOURS = ["#1f5fbf", "#b3261e", "#2a7f62", "#d18f1f", "#7b3fa0", "#0b7a8a", "#8a5a0b", "#555"];

const map = L.map(root, { center: [48, 60], zoom: 3, minZoom: 2, maxZoom: 8, zoomSnap: 0.5 });
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution("Boundaries: Natural Earth (world-atlas 1:110m)");
const overlay = L.layerGroup().addTo(map);

/** Points on a gentle arc between two airfields, so opposite flights stay apart. */
function arc(a, b) {
  const [lat1, lon1, lat2, lon2] = [a.lat, a.lon, b.lat, b.lon];
  const mid = [(lat1 + lat2) / 2 + (lon2 - lon1) * 0.12, (lon1 + lon2) / 2 - (lat2 - lat1) * 0.12];
  const points = [];
  for (let i = 0; i <= 20; i += 1) {
    const t = i / 20;
    const u = 1 - t;
    points.push([u * u * lat1 + 2 * u * t * mid[0] + t * t * lat2, u * u * lon1 + 2 * u * t * mid[1] + t * t * lon2]);
  }
  return points;
}

function colourOf(states) {
  const order = [...states].sort();
  return (s) => COLOURS[order.indexOf(s) % COLOURS.length];
}

function drawMap(plan) {
  overlay.clearLayers();
  const colour = colourOf(new Set(plan.sorties.map((s) => s.state)));
  const legs = new Map();
  for (const s of plan.sorties) {
    const key = `${s.from}|${s.to}|${s.state}`;
    const leg = legs.get(key) ?? { from: s.from, to: s.to, state: s.state, n: 0, personnel: 0 };
    leg.n += 1;
    leg.personnel += s.load.personnel;
    legs.set(key, leg);
  }
  for (const leg of legs.values()) {
    const a = plan.airfields[leg.from];
    const b = plan.airfields[leg.to];
    if (!a || !b) continue;
    L.polyline(arc(a, b), { color: colour(leg.state), weight: 1.5 + Math.min(6, leg.n / 2), opacity: 0.8, className: "sortie-arc" })
      .bindTooltip(`${leg.state}: ${leg.from} → ${leg.to}, ${leg.n} sorties, ${leg.personnel} personnel`)
      .addTo(overlay);
  }
  const destinations = new Set(plan.requirements.map((r) => r.destination));
  for (const [id, a] of Object.entries(plan.airfields)) {
    const dest = destinations.has(id);
    L.circleMarker([a.lat, a.lon], { radius: dest ? 7 : 5, color: dest ? "#b3261e" : "#14213d", fillColor: "#fff", fillOpacity: 1, weight: 2 })
      .bindTooltip(`${id} (${a.state})${dest ? ": destination" : ": home airfield"}`)
      .addTo(overlay);
  }
  const pts = Object.values(plan.airfields).map((a) => [a.lat, a.lon]);
  if (pts.length) map.fitBounds(pts, { padding: [30, 30], maxZoom: 5 });
}

function drawCharts(plan) {
  const curve = plan.arrival_curve;
  const dues = plan.requirements.map((r) => ({ type: "scatter", mode: "lines", x: [r.due_h, r.due_h], y: [0, Math.max(1, ...curve.map((c) => c[1]))], name: `${r.id} due`, line: { dash: "dot", width: 1 } }));
  plot(document.getElementById("arrival-chart"), [{ type: "scatter", mode: "lines", line: { shape: "hv" }, x: [0, ...curve.map((c) => c[0])], y: [0, ...curve.map((c) => c[1])], name: "personnel landed" }, ...dues], { xaxis: { title: { text: "hours after the order" } }, yaxis: { title: { text: "personnel on the ground" } } });
  const colour = colourOf(new Set(plan.sorties.map((s) => s.state)));
  const tails = [...new Set(plan.sorties.map((s) => s.tail))].sort();
  const byState = new Map();
  for (const s of plan.sorties) {
    const t = byState.get(s.state) ?? { type: "bar", orientation: "h", name: s.state, x: [], y: [], base: [], text: [], hoverinfo: "text", marker: { color: colour(s.state) } };
    t.x.push(s.arrival - s.departure);
    t.base.push(s.departure);
    t.y.push(s.tail);
    t.text.push(`${s.tail}: ${s.from} → ${s.to}, ${s.departure.toFixed(1)}–${s.arrival.toFixed(1)} h, ${s.load.personnel} personnel`);
    byState.set(s.state, t);
  }
  plot(document.getElementById("gantt-chart"), [...byState.values()], { barmode: "overlay", height: Math.max(300, 14 * tails.length + 80), xaxis: { title: { text: "hours after the order" } }, yaxis: { categoryorder: "array", categoryarray: tails, automargin: true } });
}

function drawFacts(plan) {
  const late = plan.lateness_hours === null ? "a requirement is never met" : `${plan.lateness_hours.toFixed(1)} h`;
  facts.innerHTML = `<dl class="facts">
    <dt>Planner</dt><dd>${esc(plan.solver)} (${esc(plan.status)})</dd>
    <dt>Sorties</dt><dd id="sortie-count">${plan.sortie_count}</dd>
    <dt>First landing</dt><dd>${plan.first_landing_h ?? "—"} h</dd>
    <dt>Closure</dt><dd>${plan.closure_h ?? "—"} h</dd>
    <dt>Hours late in all</dt><dd>${esc(late)}</dd>
    <dt>Burden share</dt><dd>${Object.entries(plan.burden_share).map(([s, v]) => `${esc(s)} ${(100 * v).toFixed(1)}%`).join(", ") || "none"}</dd>
  </dl>`;
}

function show(plan) {
  title.textContent = plan.description || "uploaded requirements";
  drawMap(plan);
  drawCharts(plan);
  drawFacts(plan);
  root.dataset.sorties = String(plan.sortie_count);
}

try {
  const world = await fetch(root.dataset.countries).then((r) => r.json());
  L.geoJSON(world, { style: { color: "#777", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false }).addTo(map);
  overlay.bringToFront?.();
  const plan = JSON.parse(document.getElementById("plan-data").textContent);
  if (plan) show(plan);
} catch (error) {
  root.insertAdjacentHTML("afterend", `<p class="error" role="alert">Plan failed to load: ${esc(error.message)}</p>`);
  throw error;
}

form.addEventListener("submit", async (event) => {
  const file = form.requirements.files[0];
  if (!file) return; // no upload: the form asks the server for the example with this planner
  event.preventDefault();
  status.textContent = `planning ${file.name}…`;
  const query = new URLSearchParams({ solver: form.solver.value, name: file.name });
  const response = await fetch(`/api/v1/plan?${query}`, { method: "POST", headers: { "Content-Type": "application/yaml", Accept: "application/json" }, body: await file.text() });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    status.innerHTML = `<span class="error" role="alert">${esc(data.detail || response.statusText)}</span>`;
    return;
  }
  show(data);
  status.textContent = `${file.name}: ${data.sortie_count} sorties`;
});
root.dataset.ready = "true";
window.__planReady = true;
