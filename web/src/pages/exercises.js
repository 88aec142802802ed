// Exercises page: the interoperability matrix as a heat map, one force type at a time.
import { plot } from "../lib/charts.js";

const data = document.getElementById("interop-data");
const chart = document.getElementById("interop-chart");
const select = document.getElementById("interop-type");

function draw(matrix, forceType) {
  const levels = matrix.levels[forceType];
  const z = matrix.states.map((a) => matrix.states.map((b) => (a === b ? 1 : levels[a]?.[b] ?? null)));
  plot(chart, [{ type: "heatmap", x: matrix.states, y: matrix.states, z, zmin: 0, zmax: 1, colorscale: "Blues", hovertemplate: "%{y} with %{x}: %{z:.2f}<extra></extra>" }], { title: { text: `${forceType.replaceAll("_", " ")} on ${matrix.at}` }, yaxis: { autorange: "reversed" } });
  chart.dataset.forceType = forceType;
}

if (data) {
  const matrix = JSON.parse(data.textContent);
  draw(matrix, select.value);
  select.addEventListener("change", () => draw(matrix, select.value));
}
document.body.dataset.exercisesReady = "true";
