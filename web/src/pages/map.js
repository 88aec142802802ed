// Map page: members coloured by status, their borders with non-members, capitals, airfields and
// the states hosting Russian bases (outlined; bases are dated ties in the scenario's `relations`); selecting a state (click, or the keyboard list beside the map) shows its data
// and sources. No tile server: the only layers are the bundled Natural Earth shapes.
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { api, esc, sourceLinks } from "../lib/api.js";

const COLOURS = {
  active: "#2a7f62",
  frozen_self_declared: "#d18f1f",
  suspended: "#b784c9",
  withdrawn: "#9aa1ad",
  expelled: "#9aa1ad",
};
const root = document.getElementById("map");
const panel = document.getElementById("state-panel");
const at = root.dataset.at;

function fmt(n, digits = 0) {
  return typeof n === "number" ? n.toLocaleString("en-GB", { maximumFractionDigits: digits }) : "—";
}

function fact(label, f, suffix = "") {
  if (!f) return "";
  return `<dt>${esc(label)}</dt><dd>${esc(fmt(f.value))}${esc(suffix)} <span class="sources">[${sourceLinks(f.source) || "assumption " + esc(f.assumption)}]</span></dd>`;
}

function renderState(s, data) {
  const airfields = data.airfields.filter((a) => a.state === s.id);
  panel.innerHTML = `
    <h2 id="state-title" tabindex="-1">${esc(s.name)} <span class="status-${esc(s.status)}">(${esc(s.status.replaceAll("_", " "))})</span></h2>
    <dl class="facts">
      <dt>Capital</dt><dd>${esc(s.capital.name)} <span class="sources">[${sourceLinks(s.capital.source)}]</span></dd>
      ${fact(`Population (${s.population_year})`, s.population)}
      ${fact(`GDP, USD (${s.gdp_year})`, s.gdp_usd)}
      ${fact("Active personnel", s.active_personnel)}
    </dl>
    <h3>Borders</h3>
    <ul>${s.borders.map((b) => `<li>${esc(b.neighbour_name)}${b.member ? "" : " <em>(non-member)</em>"}: ${esc(fmt(b.length_km.value))} km <span class="sources">[${sourceLinks(b.length_km.source)}]</span></li>`).join("") || "<li>none</li>"}</ul>
    <h3>Membership</h3>
    <ul>${s.membership.map((m) => `<li><strong>${esc(m.date)}</strong> ${esc(m.status.replaceAll("_", " "))}: ${esc(m.event)} <span class="sources">[${sourceLinks(m.source)}]</span></li>`).join("")}</ul>
    ${s.bases.length ? `<h3>Russian bases</h3><ul>${s.bases.map((b) => `<li>${esc(b.title)} (since ${esc(b.since)}) <span class="sources">[${sourceLinks(b.source)}]</span></li>`).join("")}</ul>` : ""}
    ${airfields.length ? `<h3>Airfields and bases</h3><ul>${airfields.map((a) => `<li>${esc(a.name)}${a.icao ? ` (${esc(a.icao)})` : ""}: ${esc(a.role)} <span class="sources">[${sourceLinks(a.source)}]</span></li>`).join("")}</ul>` : ""}`;
}

function renderOther(name, neighbour) {
  const with_ = neighbour ? `<p>Borders ${neighbour.borders_with.map(esc).join(", ")}.</p>` : "";
  panel.innerHTML = `<h2 id="state-title" tabindex="-1">${esc(name)}</h2><p class="muted">Not a party to the alliance in this scenario.</p>${with_}`;
}

try {
  const [world, borders, data] = await Promise.all([
    fetch(root.dataset.countries).then((r) => r.json()),
    fetch(root.dataset.borders).then((r) => r.json()),
    api(`/api/v1/map?at=${encodeURIComponent(at)}`),
  ]);
  const states = new Map(data.states.map((s) => [s.id, s]));
  const members = new Set(data.states.filter((s) => s.member).map((s) => s.id));
  const neighbours = new Map(data.neighbours.map((n) => [n.id, n]));

  const map = L.map(root, { center: [50, 65], zoom: 3, minZoom: 2, maxZoom: 8, zoomSnap: 0.5, maxBounds: [[-88, -200], [88, 200]], worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth (world-atlas 1:110m)");

  const shapes = new Map();
  const hostsBase = (id) => (states.get(id)?.bases.length ?? 0) > 0;
  const baseWeight = (id) => (hostsBase(id) ? 2.5 : 0.6);
  const select = (id, name) => {
    const s = states.get(id);
    if (s) renderState(s, data);
    else renderOther(name, neighbours.get(id));
    for (const [key, layer] of shapes) layer.setStyle({ weight: key === id ? 3 : baseWeight(key) });
  };

  L.geoJSON(world, {
    style: (f) => {
      const s = states.get(f.properties.iso3);
      const fill = s ? COLOURS[s.status] ?? "#ccc" : neighbours.has(f.properties.iso3) ? "#f1e1e1" : "#f4f1ea";
      const id = f.properties.iso3;
      return { color: hostsBase(id) ? "#7a1010" : "#555", weight: baseWeight(id), fillColor: fill, fillOpacity: s ? 0.85 : 1 };
    },
    onEachFeature: (f, layer) => {
      if (f.properties.iso3) shapes.set(f.properties.iso3, layer);
      const bases = states.get(f.properties.iso3)?.bases ?? [];
      const note = bases.length ? ` — ${bases.map((b) => b.title).join("; ")}` : "";
      layer.bindTooltip(`${f.properties.name}${note}`, { sticky: true });
      layer.on("click", () => select(f.properties.iso3, f.properties.name));
    },
  }).addTo(map);

  // Borders between a member and a non-member: the alliance's outer frontier.
  L.geoJSON(borders, {
    filter: (f) => members.has(f.properties.a) !== members.has(f.properties.b),
    style: { color: "#b3261e", weight: 2.5, dashArray: "6 3" },
    interactive: false,
  }).addTo(map);

  for (const s of data.states.filter((x) => x.member)) {
    L.circleMarker([s.capital.lat, s.capital.lon], { radius: 4, color: "#14213d", fillColor: "#fff", fillOpacity: 1, weight: 2 })
      .bindTooltip(`${s.capital.name} (capital of ${s.name})`)
      .addTo(map);
  }
  for (const a of data.airfields) {
    L.circleMarker([a.lat, a.lon], { radius: 5, color: "#1f5fbf", fillColor: "#6fa8ff", fillOpacity: 0.9, weight: 2 })
      .bindTooltip(`${a.name}${a.icao ? ` (${a.icao})` : ""}: ${a.role}`)
      .on("click", () => select(a.state, a.state))
      .addTo(map);
  }
  map.fitBounds([[36, 22], [70, 110]]);
  // Chromium makes every clickable SVG shape a tab stop (180 of them); keyboard users choose a
  // state from the list beside the map instead, and pan or zoom the focused map with the keys.
  root.querySelectorAll("path.leaflet-interactive").forEach((el) => el.setAttribute("tabindex", "-1"));

  document.querySelectorAll("[data-state]").forEach((button) => {
    button.addEventListener("click", () => {
      const id = button.dataset.state;
      select(id, button.textContent);
      const layer = shapes.get(id);
      if (layer) map.fitBounds(layer.getBounds(), { maxZoom: 5 });
      document.getElementById("state-title")?.focus();
    });
  });
  root.dataset.ready = "true";
  window.__mapReady = true;
} catch (error) {
  root.insertAdjacentHTML("afterend", `<p class="error" role="alert">Map failed to load: ${esc(error.message)}</p>`);
  throw error;
}
