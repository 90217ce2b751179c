#!/usr/bin/env bash
# Cross-builds enrolkiosk.exe, enrolctl.exe and sandbox.exe for 64-bit Windows into the
# folder given (default bin/windows), linked statically (system DLLs only), with mingw-w64
# and the static libvpx and libjpeg-turbo from scripts/windows-deps.sh. The kiosk is a GUI program (no console window)
# with the app icon and a version resource, made with mingw's windres into a temporary
# folder and handed to the linker, so that the working tree is left as it was. When
# WINDOWS_SIGN_PKCS12 is set, the kiosk is signed and verified (scripts/windows-sign.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bin/windows}
GO=${GO:-go}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

PCDIRS=$(./scripts/windows-deps.sh --print-pkg-config-libdir)
export GOOS=windows GOARCH=amd64 CGO_ENABLED=1
export CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++
# Only the mingw prefixes: never the Linux .pc files under /usr/lib.
export PKG_CONFIG_LIBDIR="$PCDIRS" PKG_CONFIG_PATH=
for pc in vpx libturbojpeg libjpeg; do
  pkg-config --exists "$pc" || {
    echo "windows: no $pc.pc in $PKG_CONFIG_LIBDIR (run scripts/windows-deps.sh)" >&2; exit 1; }
done
LDFLAGS=(-s -w)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "windows: enrolctl.exe sandbox.exe"
$GO build -trimpath -ldflags "${LDFLAGS[*]} -extldflags -static" -o "$OUT/" ./cmd/enrolctl ./cmd/sandbox

# The version resource: the numbers from FyneApp.toml (read, never rewritten), the commit.
toml=FyneApp.toml
field() { sed -n "s/^$1 *= *\"\{0,1\}\([^\"]*\)\"\{0,1\} *$/\1/p" "$toml" | head -1; }
version=$(field Version); build=$(field Build); name=$(field Name)
IFS=. read -r v1 v2 v3 <<<"$version"
rev=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
convert assets/icon.png -background none -define icon:auto-resize=256,64,48,32,16 "$tmp/app.ico"
cat >"$tmp/app.rc" <<RC
#include <winver.h>
1 ICON "app.ico"
1 VERSIONINFO
FILEVERSION ${v1:-0},${v2:-0},${v3:-0},${build:-0}
PRODUCTVERSION ${v1:-0},${v2:-0},${v3:-0},${build:-0}
FILEOS VOS_NT_WINDOWS32
FILETYPE VFT_APP
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "CompanyName", "Enrol Kiosk"
      VALUE "FileDescription", "${name}"
      VALUE "FileVersion", "${version}.${build}"
      VALUE "InternalName", "enrolkiosk"
      VALUE "OriginalFilename", "enrolkiosk.exe"
      VALUE "ProductName", "${name}"
      VALUE "ProductVersion", "${version} (${rev})"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
RC
(cd "$tmp" && x86_64-w64-mingw32-windres -O coff -o app.res.o app.rc)

echo "windows: enrolkiosk.exe (GUI, icon, version $version.$build)"
$GO build -trimpath -ldflags "${LDFLAGS[*]} -H windowsgui -extldflags '-static $tmp/app.res.o'" \
  -o "$OUT/enrolkiosk.exe" ./cmd/enrolkiosk

# Only system DLLs: no libstdc++, libgcc or winpthread beside the programs.
for exe in "$OUT"/enrolkiosk.exe "$OUT"/enrolctl.exe "$OUT"/sandbox.exe; do
  bad=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' |
    grep -viE '^(kernel32|user32|gdi32|advapi32|ws2_32|winmm|ntdll|shell32|ole32|oleaut32|opengl32|imm32|msvcrt|bcrypt|crypt32|secur32|iphlpapi|dnsapi|mswsock|userenv|powrprof|shlwapi|uuid|dwmapi|setupapi|version|comdlg32|strmiids|mfplat|mf|mfreadwrite|mfuuid|winspool|uxtheme|quartz|netapi32|api-ms-win-[a-z0-9-]*)\.dll$' || true)
  if [ -n "$bad" ]; then
    echo "windows: $exe needs DLLs that Windows does not ship: $bad" >&2
    exit 1
  fi
done

if [ -n "${WINDOWS_SIGN_PKCS12:-}" ]; then
  ./scripts/windows-sign.sh "$OUT/enrolkiosk.exe"
fi
ls -l "$OUT"
