#!/usr/bin/env bash
# Quick start, command 1: set up, build, and start the console on the embedded default
# (a SQLite catalog and two local-folder regions in the default workspace).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CROSSVAULT_WITH_NODE=0 bash "$root/scripts/setup.sh"
exec "${CROSSVAULT_BUILD_DIR:-$root/build}/app/crossvault" "$@"
