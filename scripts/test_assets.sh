#!/usr/bin/env bash
# Install axe-core (the accessibility audit the browser tests run) from the npm registry into git-ignored build/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/npm_install.sh
version="4.14.1"
target="build/test-tools/axe-core"
if [ -f "$target/axe.min.js" ] && grep -qx "$version" "$target/VERSION" 2>/dev/null; then
  exit 0
fi
work="build/npm-test"
npm_install "$work" "axe-core@$version" "for the accessibility tests"
mkdir -p "$target"
cp "$work/node_modules/axe-core/axe.min.js" "$work/node_modules/axe-core/LICENSE" "$target/"
echo "$version" > "$target/VERSION"
echo "axe-core $version installed in $target"
