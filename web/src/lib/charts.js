// Plotly (plotly.js-dist-min, vendored under /static/vendor/ by the build; never from a CDN)
// with the dashboard's defaults: no logo link, no calls home, responsive.
const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"] };
const LAYOUT = { margin: { t: 30, r: 10, b: 45, l: 55 }, font: { family: "system-ui, sans-serif", size: 12 } };

/** Draw a chart into `el`; the page's container keeps its accessible name. */
export function plot(el, traces, layout = {}) {
  return window.Plotly.newPlot(el, traces, { ...LAYOUT, ...layout }, CONFIG);
}

/** A histogram given as bin edges and counts, as bars centred on each bin. */
export function histogramTrace(h, name) {
  const x = h.counts.map((_, i) => (h.edges[i] + h.edges[i + 1]) / 2);
  const width = h.edges.length > 1 ? h.edges[1] - h.edges[0] : 1;
  return { type: "bar", x, y: h.counts, width: h.counts.map(() => width), name, opacity: 0.7 };
}
