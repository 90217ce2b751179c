#!/usr/bin/env bash
# Adds to a Linux release archive made by the fyne tool (make package) what the tool does
# not pack: the udev rule for Wacom STU signature pads (assets/udev), at
# usr/lib/udev/rules.d/ inside the archive, and an "install-udev" target in the archive's
# Makefile that installs it. Usage: scripts/package-extras.sh dist/ARCHIVE.tar.xz...
set -euo pipefail
cd "$(dirname "$0")/.."
rule=assets/udev/60-enrolkiosk-stu.rules
for archive in "$@"; do
  work=$(mktemp -d)
  tar -xJf "$archive" -C "$work"
  install -Dm0644 "$rule" "$work/usr/lib/udev/rules.d/$(basename "$rule")"
  if ! grep -q '^install-udev:' "$work/Makefile" 2>/dev/null; then
    {
      echo
      echo '# Wacom STU signature pads: give the kiosk user their /dev/hidrawN (docs/signature.md).'
      echo 'install-udev:'
      printf '\tinstall -Dm00644 usr/lib/udev/rules.d/%s $(DESTDIR)/etc/udev/rules.d/%s\n' "$(basename "$rule")" "$(basename "$rule")"
      printf '\t-udevadm control --reload-rules && udevadm trigger --subsystem-match=hidraw\n'
    } >> "$work/Makefile"
  fi
  tar -cJf "$archive.tmp" -C "$work" .
  mv "$archive.tmp" "$archive"
  rm -rf "$work"
  echo "package: added $(basename "$rule") and make install-udev to $archive"
done
