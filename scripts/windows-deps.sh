#!/usr/bin/env bash
# Installs what `make windows` and `make test-windows` need, idempotently: the mingw-w64
# cross toolchain, nasm, cmake, Wine, osslsigncode, Xvfb and openssl from Debian, then libvpx
# and libjpeg-turbo cross-built for mingw from Debian's own source packages into
# .cache/windows/libvpx-<version> and .cache/windows/libjpeg-turbo-<version>.
# A warm run (every package present, both stamp files there) does nothing.
#
# `apt-get source` needs a deb-src entry; this script adds one for the machine's own
# suites, uses it for the downloads only, and removes it again (also when it fails).
# libvpx uses Win32 threads (HAVE_PTHREAD_H 0), so the programs need no winpthread DLL.
#
# --print-prefix: print the libvpx prefix; --print-pkg-config-libdir: print the pkgconfig
# folders of both prefixes joined by ':' (for PKG_CONFIG_LIBDIR).
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(mingw-w64 nasm cmake wine64 wine osslsigncode openssl dpkg-dev xvfb imagemagick make)
TOOLS=(x86_64-w64-mingw32-gcc x86_64-w64-mingw32-g++ x86_64-w64-mingw32-windres nasm cmake wine
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

# candidate VAR PKG: the version Debian ships of the binary package PKG for this machine
# (the same the Linux build links).
candidate() { apt-cache policy "$1" | sed -n 's/^ *Candidate: //p'; }
VPX_VERSION=$(candidate libvpx-dev)
JPEG_VERSION=$(candidate libturbojpeg0-dev)
if [ -z "$VPX_VERSION" ] || [ "$VPX_VERSION" = "(none)" ] ||
  [ -z "$JPEG_VERSION" ] || [ "$JPEG_VERSION" = "(none)" ]; then
  $SUDO apt-get update -qq
  VPX_VERSION=$(candidate libvpx-dev)
  JPEG_VERSION=$(candidate libturbojpeg0-dev)
fi
[ -n "$VPX_VERSION" ] && [ "$VPX_VERSION" != "(none)" ] || {
  echo "windows-deps: no libvpx-dev in this machine's apt sources" >&2; exit 1; }
[ -n "$JPEG_VERSION" ] && [ "$JPEG_VERSION" != "(none)" ] || {
  echo "windows-deps: no libturbojpeg0-dev in this machine's apt sources" >&2; exit 1; }
CACHE="$PWD/.cache/windows"
PREFIX="$CACHE/libvpx-$VPX_VERSION"
# The folder name drops the epoch ("1:2.1.5-2"): a ':' would split PKG_CONFIG_LIBDIR.
JPEG_PREFIX="$CACHE/libjpeg-turbo-${JPEG_VERSION#*:}"
# print_result: what --print-prefix / --print-pkg-config-libdir ask for, once both are there.
print_result() {
  case "${1:-}" in
  --print-prefix) echo "$PREFIX" ;;
  --print-pkg-config-libdir) echo "$PREFIX/lib/pkgconfig:$JPEG_PREFIX/lib/pkgconfig" ;;
  esac
}
# relocate PREFIX: when the cache was copied or moved from another folder, point its
# pkg-config files at where it is now (they hold absolute paths).
relocate() {
  local pc was
  for pc in "$1"/lib/pkgconfig/*.pc; do
    [ -f "$pc" ] || continue
    was=$(sed -n 's/^prefix=//p' "$pc" | head -1)
    if [ -n "$was" ] && [ "$was" != "$1" ]; then
      sed -i "s|$was|$1|g" "$pc"
      echo "windows-deps: $pc moved from $was, paths updated" >&2
    fi
  done
}
if [ -f "$PREFIX/.built" ] && [ -f "$JPEG_PREFIX/.built" ]; then
  relocate "$PREFIX"
  relocate "$JPEG_PREFIX"
  print_result "${1:-}"
  exit 0
fi

# fetch SRCPKG VERSION SRCDIR: `apt-get source SRCPKG=VERSION` unpacked into SRCDIR, through
# a deb-src twin of every deb entry on this machine, in a file of our own.
SRCLIST=/etc/apt/sources.list.d/enrolkiosk-windows-deb-src.list
cleanup() { $SUDO rm -f "$SRCLIST"; }
srclist_ready=""
fetch() {
  local pkg=$1 version=$2 dir=$3
  if [ -z "$srclist_ready" ]; then
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
    srclist_ready=1
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$dir" && apt-get source -qq -o Dir::Etc::sourcelist="$SRCLIST" \
    -o Dir::Etc::sourceparts=- "$pkg=$version" >/dev/null 2>&1 ||
    apt-get source -q -o Dir::Etc::sourcelist="$SRCLIST" -o Dir::Etc::sourceparts=- "$pkg=$version")
}

# tree_of SRCPKG SRCDIR: the source tree apt-get source unpacked.
tree_of() {
  local tree
  tree=$(find "$2" -mindepth 1 -maxdepth 1 -type d -name "$1-*" | head -1)
  [ -n "$tree" ] || { echo "windows-deps: apt-get source unpacked no $1 tree in $2" >&2; exit 1; }
  echo "$tree"
}

VPX_SRC="$CACHE/src/libvpx-$VPX_VERSION"
JPEG_SRC="$CACHE/src/libjpeg-turbo-${JPEG_VERSION#*:}"
if [ ! -f "$PREFIX/.built" ]; then
  echo "windows-deps: building libvpx $VPX_VERSION for mingw into $PREFIX" >&2
  rm -rf "$PREFIX"
  fetch libvpx "$VPX_VERSION" "$VPX_SRC"
fi
if [ ! -f "$JPEG_PREFIX/.built" ]; then
  echo "windows-deps: building libjpeg-turbo $JPEG_VERSION for mingw into $JPEG_PREFIX" >&2
  rm -rf "$JPEG_PREFIX"
  fetch libjpeg-turbo "$JPEG_VERSION" "$JPEG_SRC"
fi
if [ -n "$srclist_ready" ]; then
  cleanup
  trap - EXIT
fi

if [ ! -f "$PREFIX/.built" ]; then
  tree=$(tree_of libvpx "$VPX_SRC")
  build="$VPX_SRC/build"
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
  rm -rf "$VPX_SRC"
  touch "$PREFIX/.built"
  echo "windows-deps: libvpx $VPX_VERSION ready in $PREFIX" >&2
fi

# libjpeg-turbo: CMake for mingw, static only, the TurboJPEG API and the libjpeg API
# (jpeglib.h), SIMD through nasm. Absolute install dirs: libjpeg-turbo 2.1 takes a relative
# CMAKE_INSTALL_LIBDIR relative to the working folder, not the prefix.
if [ ! -f "$JPEG_PREFIX/.built" ]; then
  tree=$(tree_of libjpeg-turbo "$JPEG_SRC")
  build="$JPEG_SRC/build"
  mkdir -p "$build"
  if ! {
    cmake -S "$tree" -B "$build" -G "Unix Makefiles" \
      -DCMAKE_SYSTEM_NAME=Windows -DCMAKE_SYSTEM_PROCESSOR=AMD64 \
      -DCMAKE_C_COMPILER=x86_64-w64-mingw32-gcc -DCMAKE_RC_COMPILER=x86_64-w64-mingw32-windres \
      -DCMAKE_ASM_NASM_COMPILER=nasm -DREQUIRE_SIMD=ON \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$JPEG_PREFIX" \
      -DCMAKE_INSTALL_LIBDIR="$JPEG_PREFIX/lib" -DCMAKE_INSTALL_INCLUDEDIR="$JPEG_PREFIX/include" \
      -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_TURBOJPEG=ON -DWITH_JPEG8=OFF &&
      cmake --build "$build" -j"$(nproc)" && cmake --install "$build"
  } >"$build/build.log" 2>&1; then
    tail -40 "$build/build.log" >&2
    echo "windows-deps: the libjpeg-turbo build failed (log: $build/build.log)" >&2
    exit 1
  fi
  for f in lib/pkgconfig/libturbojpeg.pc lib/pkgconfig/libjpeg.pc include/turbojpeg.h \
    include/jpeglib.h lib/libturbojpeg.a lib/libjpeg.a; do
    [ -f "$JPEG_PREFIX/$f" ] || {
      echo "windows-deps: the libjpeg-turbo build installed no $f in $JPEG_PREFIX" >&2; exit 1; }
  done
  rm -rf "$JPEG_SRC"
  touch "$JPEG_PREFIX/.built"
  echo "windows-deps: libjpeg-turbo $JPEG_VERSION ready in $JPEG_PREFIX" >&2
fi
print_result "${1:-}"
