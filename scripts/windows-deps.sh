#!/usr/bin/env bash
# Installs what `make windows` and `make test-windows` need, idempotently: the mingw-w64
# cross toolchain, nasm, Wine, osslsigncode, Xvfb and openssl from Debian, then libvpx
# cross-built for mingw from Debian's own source package into .cache/windows/libvpx-<version>.
# A warm run (every package present, the libvpx stamp file there) does nothing.
#
# libvpx: `apt-get source` needs a deb-src entry; this script adds one for the machine's
# own suites, uses it for the download only, and removes it again (also when it fails).
# The build uses Win32 threads (HAVE_PTHREAD_H 0), so the programs need no winpthread DLL.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(mingw-w64 nasm wine64 wine osslsigncode openssl dpkg-dev xvfb imagemagick make)
TOOLS=(x86_64-w64-mingw32-gcc x86_64-w64-mingw32-g++ x86_64-w64-mingw32-windres nasm wine
  osslsigncode openssl dpkg-source Xvfb convert)

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "windows-deps: need root or sudo" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "windows-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
absent=()
for t in "${TOOLS[@]}"; do command -v "$t" >/dev/null 2>&1 || absent+=("$t"); done
if [ ${#absent[@]} -gt 0 ]; then
  echo "windows-deps: still missing after install: ${absent[*]}" >&2
  exit 1
fi

# libvpx: the version Debian ships for this machine (the same the Linux build links).
VPX_VERSION=$(apt-cache policy libvpx-dev | sed -n 's/^ *Candidate: //p')
if [ -z "$VPX_VERSION" ] || [ "$VPX_VERSION" = "(none)" ]; then
  $SUDO apt-get update -qq
  VPX_VERSION=$(apt-cache policy libvpx-dev | sed -n 's/^ *Candidate: //p')
fi
[ -n "$VPX_VERSION" ] && [ "$VPX_VERSION" != "(none)" ] || {
  echo "windows-deps: no libvpx-dev in this machine's apt sources" >&2; exit 1; }
CACHE="$PWD/.cache/windows"
PREFIX="$CACHE/libvpx-$VPX_VERSION"
# --print-prefix: say where libvpx for mingw is (after making sure it is there).
print_prefix() { if [ "${1:-}" = --print-prefix ]; then echo "$PREFIX"; fi; }
if [ -f "$PREFIX/.built" ]; then
  print_prefix "${1:-}"
  exit 0
fi

echo "windows-deps: building libvpx $VPX_VERSION for mingw into $PREFIX" >&2
SRCDIR="$CACHE/src/libvpx-$VPX_VERSION"
rm -rf "$SRCDIR" "$PREFIX"
mkdir -p "$SRCDIR"

# A deb-src twin of every deb entry on this machine, in a file of our own.
SRCLIST=/etc/apt/sources.list.d/enrolkiosk-windows-deb-src.list
cleanup() { $SUDO rm -f "$SRCLIST"; }
trap cleanup EXIT
{
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822: one stanza per blank-line-separated block; keep Types: deb ones.
    awk 'BEGIN{RS=""; FS="\n"}
      {types=""; uris=""; suites=""; comps=""; signed=""
       for (i=1;i<=NF;i++) {
         if ($i ~ /^Types:/) types=$i; else if ($i ~ /^URIs:/) uris=substr($i,6)
         else if ($i ~ /^Suites:/) suites=substr($i,8); else if ($i ~ /^Components:/) comps=substr($i,12)
         else if ($i ~ /^Signed-By:/) signed=substr($i,11)}
       if (types ~ /(^|[ :])deb( |$)/ && uris != "") {
         n=split(uris,u," "); m=split(suites,s," ")
         for (a=1;a<=n;a++) for (b=1;b<=m;b++) {
           opt=""; gsub(/^ +/,"",signed); if (signed!="") opt="[signed-by=" signed "] "
           gsub(/^ +/,"",comps); print "deb-src " opt u[a] " " s[b] " " comps}}}' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && [ "$f" != "$SRCLIST" ] || continue
    sed -n 's/^deb \(.*\)$/deb-src \1/p' "$f"
  done
} | sort -u | $SUDO tee "$SRCLIST" >/dev/null
$SUDO apt-get update -qq -o Dir::Etc::sourcelist="$SRCLIST" -o Dir::Etc::sourceparts=- \
  -o APT::Get::List-Cleanup=0
(cd "$SRCDIR" && apt-get source -qq -o Dir::Etc::sourcelist="$SRCLIST" \
  -o Dir::Etc::sourceparts=- "libvpx=$VPX_VERSION" >/dev/null 2>&1 ||
  apt-get source -q -o Dir::Etc::sourcelist="$SRCLIST" -o Dir::Etc::sourceparts=- "libvpx=$VPX_VERSION")
cleanup
trap - EXIT

tree=$(find "$SRCDIR" -mindepth 1 -maxdepth 1 -type d -name 'libvpx-*' | head -1)
[ -n "$tree" ] || { echo "windows-deps: apt-get source unpacked no libvpx tree in $SRCDIR" >&2; exit 1; }
build="$SRCDIR/build"
mkdir -p "$build"
(
  cd "$build"
  CROSS=x86_64-w64-mingw32- "$tree/configure" --target=x86_64-win64-gcc --prefix="$PREFIX" \
    --enable-static --disable-shared --enable-vp8 --enable-vp9 --disable-examples --disable-tools \
    --disable-docs --disable-unit-tests --enable-pic >/dev/null
  # Win32 threads: mingw has a pthread.h (winpthreads), which would need its DLL at run time.
  sed -i 's/^#define HAVE_PTHREAD_H 1$/#define HAVE_PTHREAD_H 0/' vpx_config.h
  grep -q '^#define HAVE_PTHREAD_H 0$' vpx_config.h
  if ! { make -j"$(nproc)" && make install; } >"$build/make.log" 2>&1; then
    tail -40 "$build/make.log" >&2
    echo "windows-deps: the libvpx build failed (log: $build/make.log)" >&2
    exit 1
  fi
)
rm -rf "$SRCDIR"
touch "$PREFIX/.built"
echo "windows-deps: libvpx $VPX_VERSION ready in $PREFIX" >&2
print_prefix "${1:-}"
