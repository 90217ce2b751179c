#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the benchmarks need, idempotently:
# nothing happens when they are all present; `apt-get update` runs only when one is missing.
set -euo pipefail

PKGS=(
  # build: Fyne (GL, X11), the VP8 encoder, libjpeg-turbo (TurboJPEG and libjpeg APIs)
  build-essential pkg-config libgl1-mesa-dev xorg-dev libvpx-dev libturbojpeg0-dev libjpeg62-turbo-dev
  # make package: the udev rule is added to the fyne tool's .tar.xz (scripts/package-extras.sh)
  xz-utils
  # tests: a virtual display, window automation, screenshots, media probes, peers
  xvfb xdotool x11-utils openbox wmctrl imagemagick ffmpeg libvips-tools curl gpsd gpsd-clients time
  # tests: the exported evidence manifest is checked with the standard tools
  openssl
  # tests: a software TPM 2.0 for the device key sealed to the TPM
  swtpm swtpm-tools
  # tests: the fleet metrics are pushed to a real Pushgateway (fleet/pushgw)
  prometheus-pushgateway
  # the MRZ reader renders its OCR-B templates from this font at run time
  fonts-ocr-b
  # only for the Tesseract comparison benchmark (go test -tags tesseract ./capture/document/mrz/)
  tesseract-ocr tesseract-ocr-eng libtesseract-dev libleptonica-dev
)

# Commands the tests run; some tests skip when one is absent, so their absence after
# installing is an error here rather than a silent skip later.
TOOLS=(pkg-config xz Xvfb xdpyinfo xdotool openbox wmctrl import convert ffmpeg ffprobe vipsthumbnail curl gpsd gpsfake openssl sha256sum swtpm swtpm_setup prometheus-pushgateway)

check_tools() {
  local absent=()
  [ -f /usr/share/fonts/opentype/ocr-b/OCRBS.otf ] || absent+=("OCR-B font (fonts-ocr-b)")
  for t in "${TOOLS[@]}"; do
    command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || absent+=("$t")
  done
  if [ ${#absent[@]} -gt 0 ]; then
    echo "deps: still missing after install: ${absent[*]}" >&2
    return 1
  fi
}

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  check_tools
  exit
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# gpsd and the Pushgateway are only test peers (the tests start their own): never leave a
# system daemon running because of us.
if command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now gpsd.socket gpsd.service prometheus-pushgateway.service >/dev/null 2>&1 || true
fi
check_tools
