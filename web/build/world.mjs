// Natural Earth country shapes and land borders (world-atlas, 1:110m), keyed by ISO alpha-3.
//
// Usage: node build/world.mjs COUNTRIES.geojson BORDERS.geojson
// world-atlas ships TopoJSON whose ids are ISO numeric codes; the scenario names states by their
// alpha-3 code, so the code is added here once. Country geometry is spherical (meant for d3-geo):
// scripts/fix_antimeridian.py then splits the shapes that cross 180 degrees for Leaflet. Each
// land border between two countries becomes one line feature (from the shared TopoJSON arcs), so
// the map can draw the borders between members and non-members.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature, mesh, neighbors } from "topojson-client";
import countries from "i18n-iso-countries";

const require = createRequire(import.meta.url);
const [countriesOut, bordersOut] = process.argv.slice(2);
if (!countriesOut || !bordersOut) {
  console.error("usage: node build/world.mjs COUNTRIES.geojson BORDERS.geojson");
  process.exit(2);
}
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8"));
const object = topology.objects.countries;
const iso3 = (g) => (g.id ? countries.numericToAlpha3(g.id) ?? null : null);

const collection = feature(topology, object);
for (const f of collection.features) {
  f.properties = { iso3: iso3(f), name: f.properties.name };
  delete f.id;
}
writeFileSync(countriesOut, JSON.stringify(collection));

const round = (coords) => coords.map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
const borders = [];
const adjacency = neighbors(object.geometries);
object.geometries.forEach((a, i) => {
  for (const j of adjacency[i]) {
    if (j <= i) continue;
    const b = object.geometries[j];
    const line = mesh(topology, object, (p, q) => (p === a && q === b) || (p === b && q === a));
    const lines = line.coordinates.map(round);
    for (const l of lines) {
      for (let k = 1; k < l.length; k++) {
        if (Math.abs(l[k][0] - l[k - 1][0]) > 180) throw new Error(`border ${a.properties.name}-${b.properties.name} crosses 180`);
      }
    }
    borders.push({
      type: "Feature",
      properties: { a: iso3(a), b: iso3(b), a_name: a.properties.name, b_name: b.properties.name },
      geometry: { type: "MultiLineString", coordinates: lines },
    });
  }
});
writeFileSync(bordersOut, JSON.stringify({ type: "FeatureCollection", features: borders }));
console.log(`world.mjs: ${collection.features.length} countries, ${borders.length} land borders`);
