#!/usr/bin/env bash
# Install Leaflet from the npm registry into static/vendor (git-ignored), so the map needs no CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
version="1.9.4"
target="static/vendor/leaflet"
if [ -f "$target/leaflet.js" ] && grep -q "$version" "$target/VERSION" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to install Leaflet $version for offline maps (apt-get install npm)" >&2
  exit 1
fi
work="build/npm"
mkdir -p "$work" "$target"
npm install --silent --prefer-offline --no-audit --no-fund --prefix "$work" "leaflet@$version" >/dev/null
cp "$work/node_modules/leaflet/dist/leaflet.js" "$work/node_modules/leaflet/dist/leaflet.css" "$target/"
cp -r "$work/node_modules/leaflet/dist/images" "$target/"
cp "$work/node_modules/leaflet/LICENSE" "$target/LICENSE"
echo "$version" > "$target/VERSION"
echo "Leaflet $version installed in $target"
