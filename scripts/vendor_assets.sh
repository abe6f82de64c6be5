#!/usr/bin/env bash
# Install Leaflet from the npm registry into static/vendor (git-ignored), so the map needs no CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/npm_install.sh
version="1.9.4"
target="static/vendor/leaflet"
if [ -f "$target/leaflet.js" ] && grep -q "$version" "$target/VERSION" 2>/dev/null; then
  exit 0
fi
work="build/npm"
npm_install "$work" "leaflet@$version" "for offline maps" --prefer-offline
mkdir -p "$target"
cp "$work/node_modules/leaflet/dist/leaflet.js" "$work/node_modules/leaflet/dist/leaflet.css" "$target/"
cp -r "$work/node_modules/leaflet/dist/images" "$target/"
cp "$work/node_modules/leaflet/LICENSE" "$target/LICENSE"
echo "$version" > "$target/VERSION"
echo "Leaflet $version installed in $target"
