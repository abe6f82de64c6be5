#!/usr/bin/env bash
# Install axe-core (the accessibility audit the browser tests run) from the npm registry into git-ignored build/.
set -euo pipefail
cd "$(dirname "$0")/.."
version="4.14.1"
target="build/test-tools/axe-core"
if [ -f "$target/axe.min.js" ] && grep -qx "$version" "$target/VERSION" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to install axe-core $version for the accessibility tests (apt-get install npm)" >&2
  exit 1
fi
work="build/npm-test"
mkdir -p "$work" "$target"
npm install --silent --no-audit --no-fund --prefix "$work" "axe-core@$version" >/dev/null
cp "$work/node_modules/axe-core/axe.min.js" "$work/node_modules/axe-core/LICENSE" "$target/"
echo "$version" > "$target/VERSION"
echo "axe-core $version installed in $target"
