#!/usr/bin/env bash
# Build the dashboard's front-end assets into src/collsec/service/static/ (idempotent).
#
# Rebuilds only when the bundle is missing or anything it is made from changed (web/, this
# script, the antimeridian fix): a hash of those inputs is kept in static/.build-hash.
# Steps: `npm ci` (exact versions from web/package-lock.json, install scripts off), world-atlas
# countries and land borders as GeoJSON keyed by ISO alpha-3, the antimeridian fix (PyPI `antimeridian`, run
# with the project's .venv), then esbuild bundles the page scripts and copies vendored files.
set -euo pipefail
cd "$(dirname "$0")/.."

STATIC=src/collsec/service/static
HASH_FILE=$STATIC/.build-hash
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3

inputs_hash() {
  {
    find web -path web/node_modules -prune -o -name .build-assets.lock -prune -o -type f -print
    echo scripts/build-assets.sh
    echo scripts/fix_antimeridian.py
  } | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1
}

# One build at a time (parallel test workers may all ask); the others then find it fresh.
exec 9>web/.build-assets.lock
flock 9

HASH=$(inputs_hash)
if [ -f "$HASH_FILE" ] && [ "$(cat "$HASH_FILE")" = "$HASH" ]; then
  exit 0
fi

command -v npm >/dev/null || { echo "build-assets: npm is needed (Node.js 20 or later)" >&2; exit 1; }
"$PY" -c "import antimeridian" 2>/dev/null || {
  echo "build-assets: $PY lacks the 'antimeridian' package; run 'make install' (uv sync) first" >&2
  exit 1
}

export SCARF_ANALYTICS=false   # swagger-ui-dist's analytics hook; install scripts are off anyway
(cd web && npm ci --silent)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
NEW=$WORK/static
mkdir -p "$NEW/geo"
(cd web && node build/world.mjs "$WORK/world.geojson" "$NEW/geo/borders.geojson" >/dev/null)
"$PY" scripts/fix_antimeridian.py "$WORK/world.geojson" "$NEW/geo/countries.geojson"
(cd web && node build/bundle.mjs "$NEW")
echo "$HASH" > "$NEW/.build-hash"

rm -rf "$STATIC"
mv "$NEW" "$STATIC"
echo "build-assets: $(du -sh "$STATIC" | cut -f1) in $STATIC"
