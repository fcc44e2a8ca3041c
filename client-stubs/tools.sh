# Sourced by the generate and check scripts: pinned generator versions and how to install them
# into .tools/ at the repository root (git ignores it). Every tool comes from a package registry.
# shellcheck shell=bash

TOOLS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools"
TOOLS_BIN="$TOOLS_ROOT/bin"
mkdir -p "$TOOLS_BIN"

BUF_VERSION=v1.75.0

# install_go_tool <module/path/cmd/name> <version>: `go install` into .tools/bin, once per version.
install_go_tool() {
  local pkg=$1 version=$2 name stamp
  name=$(basename "$pkg")
  stamp="$TOOLS_ROOT/stamps/$name@$version"
  if [ ! -x "$TOOLS_BIN/$name" ] || [ ! -f "$stamp" ]; then
    echo "   installing $name $version (go install)" >&2
    GOBIN="$TOOLS_BIN" go install "$pkg@$version"
    mkdir -p "$(dirname "$stamp")" && rm -f "$TOOLS_ROOT/stamps/$name"@* && touch "$stamp"
  fi
}

# buf_tool: prints the path of the pinned buf, installing it first when needed.
buf_tool() {
  install_go_tool github.com/bufbuild/buf/cmd/buf "$BUF_VERSION"
  echo "$TOOLS_BIN/buf"
}
