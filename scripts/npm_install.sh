# Sourced by test_assets.sh and vendor_assets.sh: `npm_install WORK SPEC WHAT [NPM OPTION...]` installs the npm
# package SPEC (name@version) under WORK/node_modules, or stops, saying that npm is needed for WHAT.
npm_install() {
  local work=$1 spec=$2 what=$3
  shift 3
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is needed to install $spec $what (apt-get install npm)" >&2
    exit 1
  fi
  mkdir -p "$work"
  npm install --silent --no-audit --no-fund "$@" --prefix "$work" "$spec" >/dev/null
}
