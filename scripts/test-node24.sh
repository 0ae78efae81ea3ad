#!/usr/bin/env bash
# Runs the vitest unit and integration projects a second time, under Node 24 LTS.
# The binary comes from the npm package node-linux-<arch> (the registry is the only place
# these machines download from), unpacked into the git-ignored .node24/ and reused while
# its version matches. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE24_VERSION=24.22.3
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "test-node24: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
dir=.node24
node24="$dir/package/bin/node"

if [ ! -x "$node24" ] || [ "$("$node24" --version 2>/dev/null)" != "v$NODE24_VERSION" ]; then
  echo "test-node24: fetching node-linux-$arch@$NODE24_VERSION from the npm registry"
  rm -rf "$dir"
  mkdir -p "$dir"
  tarball=$(npm pack "node-linux-$arch@$NODE24_VERSION" --pack-destination "$dir" --silent | tail -n 1)
  tar -xzf "$dir/$tarball" -C "$dir"
  rm -f "$dir/$tarball"
fi

echo "test-node24: vitest (unit + integration) on Node $("$node24" --version)"
# On PATH too, so that anything a test spawns as `node` runs on the same version.
PATH="$PWD/$dir/package/bin:$PATH" exec "$node24" node_modules/vitest/vitest.mjs run --project unit --project integration "$@"
