#!/usr/bin/env bash
# Signs a Windows exe in place with osslsigncode (Authenticode, SHA-256) and verifies the
# signature. The certificate and its key come from a PKCS#12 file:
#   WINDOWS_SIGN_PKCS12        path of the .p12/.pfx file
#   WINDOWS_SIGN_PASSWORD_ENV  name of the environment variable holding its password
#                              (the password itself is never on a command line)
#   WINDOWS_SIGN_CAFILE        optional: the CA certificate(s) verify trusts (PEM); needed
#                              for a private or self-signed certificate
#   WINDOWS_SIGN_TIMESTAMP     optional: an RFC 3161 time-stamp server URL
set -euo pipefail
exe=${1:?usage: windows-sign.sh file.exe}
p12=${WINDOWS_SIGN_PKCS12:?set WINDOWS_SIGN_PKCS12 to the PKCS#12 file}
[ -r "$p12" ] || { echo "windows-sign: cannot read $p12" >&2; exit 1; }
pwvar=${WINDOWS_SIGN_PASSWORD_ENV:-}
args=(sign -pkcs12 "$p12" -h sha256 -n "Enrol Kiosk" -i "https://github.com/enrolkiosk/enrolkiosk")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 700 "$tmp"
if [ -n "$pwvar" ]; then
  [ -n "${!pwvar:-}" ] || { echo "windows-sign: $pwvar (WINDOWS_SIGN_PASSWORD_ENV) is not set" >&2; exit 1; }
  (umask 077 && printf '%s' "${!pwvar}" >"$tmp/pass")
  args+=(-readpass "$tmp/pass")
fi
if [ -n "${WINDOWS_SIGN_TIMESTAMP:-}" ]; then
  args+=(-ts "$WINDOWS_SIGN_TIMESTAMP")
fi
osslsigncode "${args[@]}" -in "$exe" -out "$tmp/signed.exe" >/dev/null
verify=(verify -in "$tmp/signed.exe")
if [ -n "${WINDOWS_SIGN_CAFILE:-}" ]; then
  verify+=(-CAfile "$WINDOWS_SIGN_CAFILE")
fi
if ! osslsigncode "${verify[@]}" >"$tmp/verify.log" 2>&1; then
  cat "$tmp/verify.log" >&2
  echo "windows-sign: the signature of $exe does not verify" >&2
  exit 1
fi
mv "$tmp/signed.exe" "$exe"
echo "windows-sign: $exe signed and verified ($(grep -m1 -i 'subject' "$tmp/verify.log" | sed 's/^[[:space:]]*//'))"
