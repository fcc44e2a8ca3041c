# shellcheck shell=bash
# npm_ci_cached <dir>: `npm ci` in <dir> unless its node_modules was installed from the same
# package-lock.json already (a stamp holds the lock's hash). With CI=true it always installs
# afresh, so CI proves the lock file installs from the registry.
npm_ci_cached() {
  local dir=$1 stamp want
  stamp="$dir/node_modules/.lock-sha256"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "${CI:-}" = true ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "   npm ci in ${dir}" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" >"$stamp"
  fi
}
