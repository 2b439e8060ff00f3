#!/usr/bin/env bash
# Installs what Crossvault needs on Debian 12 (only what is missing), then configures and
# builds it incrementally in ./build. Sourced by scripts/run.sh and scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CROSSVAULT_BUILD_DIR:-$root/build}"

# Debian packages: the toolchain, Qt 6 (Widgets, Charts, Network, Sql/SQLite, Test, Linguist),
# zstd, OpenSSL, libsodium, QtKeychain; fonts so offscreen screenshots have glyphs;
# Node.js + npm for the S3 test server (s3rver) and its signature-checking proxy.
packages=(
  build-essential cmake ninja-build pkg-config ccache
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev libqt6sql6-sqlite
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev qt6-translations-l10n libgl1-mesa-dev
  libzstd-dev libssl-dev libsodium-dev qtkeychain-qt6-dev
  fonts-dejavu-core fonts-noto-cjk
)
if [ "${CROSSVAULT_WITH_NODE:-1}" = 1 ]; then
  # Tests only: a private D-Bus session with gnome-keyring for the keyring secret store test.
  packages+=(dbus gnome-keyring libsecret-1-0)
  command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "crossvault setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
fi

# The S3 test fixture's npm packages (pinned by package-lock.json).
if [ "${CROSSVAULT_WITH_NODE:-1}" = 1 ] && [ -f "$root/tests/fixtures/s3/package.json" ] \
   && [ ! -d "$root/tests/fixtures/s3/node_modules" ]; then
  echo "crossvault setup: installing the S3 test server (npm)"
  (cd "$root/tests/fixtures/s3" && npm ci --no-audit --no-fund --loglevel=error)
fi

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "$@"
fi
cmake --build "$build" -j "$(nproc)"
