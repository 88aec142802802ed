// Bundle the dashboard's scripts and styles, and copy the vendored files it serves as they are.
//
// Usage: node build/bundle.mjs OUTDIR   (OUTDIR becomes src/collsec/service/static/)
// Everything the pages load comes from OUTDIR: nothing is fetched from a CDN at run time.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const out = process.argv[2];
if (!out) {
  console.error("usage: node build/bundle.mjs OUTDIR");
  process.exit(2);
}

const pages = readdirSync("src/pages").filter((f) => f.endsWith(".js"));
await build({
  entryPoints: [...pages.map((f) => join("src/pages", f)), "src/app.css"],
  outdir: join(out, "assets"),
  entryNames: "[name]",
  assetNames: "img/[name]",
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022", "chrome110", "firefox110", "safari16"],
  loader: { ".png": "file", ".svg": "file" },
  legalComments: "linked",
  logLevel: "warning",
});

// Files served unbundled: Swagger UI (its own page at /docs) and Plotly (plotly.js-dist-min,
// 4.8 MB, loaded as a classic script by the pages that draw charts: Crisis, Plan, Exercises).
const copies = [
  ["swagger-ui-dist/swagger-ui-bundle.js", "swagger/swagger-ui-bundle.js"],
  ["swagger-ui-dist/swagger-ui.css", "swagger/swagger-ui.css"],
  ["swagger-ui-dist/favicon-32x32.png", "swagger/favicon-32x32.png"],
  ["swagger-ui-dist/LICENSE", "swagger/LICENSE"],
  ["plotly.js-dist-min/plotly.min.js", "vendor/plotly.min.js"],
  ["plotly.js-dist-min/LICENSE", "vendor/plotly.LICENSE"],
  ["leaflet/LICENSE", "vendor/leaflet.LICENSE"],
  ["world-atlas/LICENSE", "geo/world-atlas.LICENSE"],
];
for (const [from, to] of copies) {
  const target = join(out, to);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(require.resolve(from), target);
}
console.log(`bundle.mjs: ${pages.length} page scripts and ${copies.length} vendored files -> ${out}`);
