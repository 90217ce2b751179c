#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the benchmarks need, idempotently:
# nothing happens when they are all present; `apt-get update` runs only when one is missing.
set -euo pipefail

PKGS=(
  # build: Fyne (GL, X11) and the VP8 encoder
  build-essential pkg-config libgl1-mesa-dev xorg-dev libvpx-dev
  # tests: a virtual display, window automation, screenshots, media probes, peers
  xvfb xdotool x11-utils openbox wmctrl imagemagick ffmpeg libvips-tools curl gpsd gpsd-clients
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# gpsd is only a test peer: never leave a system daemon running because of us.
if command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now gpsd.socket gpsd.service >/dev/null 2>&1 || true
fi
