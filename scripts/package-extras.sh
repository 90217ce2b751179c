#!/usr/bin/env bash
# Adds to a Linux release archive made by the fyne tool (make package) what the tool does
# not pack: the udev rule for Wacom STU signature pads (assets/udev), at
# usr/lib/udev/rules.d/ inside the archive, and an "install-udev" target in the archive's
# Makefile that installs it; the systemd user unit (assets/systemd, docs/fleet.md) at
# usr/local/lib/systemd/user/, with an "install-systemd" target.
# Usage: scripts/package-extras.sh dist/ARCHIVE.tar.xz...
set -euo pipefail
cd "$(dirname "$0")/.."
rule=assets/udev/60-enrolkiosk-stu.rules
unit=assets/systemd/enrolkiosk.service
for archive in "$@"; do
  work=$(mktemp -d)
  tar -xJf "$archive" -C "$work"
  install -Dm0644 "$rule" "$work/usr/lib/udev/rules.d/$(basename "$rule")"
  install -Dm0644 "$unit" "$work/usr/local/lib/systemd/user/$(basename "$unit")"
  if ! grep -q '^install-udev:' "$work/Makefile" 2>/dev/null; then
    {
      echo
      echo '# Wacom STU signature pads: give the kiosk user their /dev/hidrawN (docs/signature.md).'
      echo 'install-udev:'
      printf '\tinstall -Dm00644 usr/lib/udev/rules.d/%s $(DESTDIR)/etc/udev/rules.d/%s\n' "$(basename "$rule")" "$(basename "$rule")"
      printf '\t-udevadm control --reload-rules && udevadm trigger --subsystem-match=hidraw\n'
    } >> "$work/Makefile"
  fi
  if ! grep -q '^install-systemd:' "$work/Makefile" 2>/dev/null; then
    {
      echo
      echo '# The systemd user unit: Type=notify with a watchdog, restarted when it hangs (docs/fleet.md).'
      echo 'install-systemd:'
      printf '\tinstall -Dm00644 usr/local/lib/systemd/user/%s $(DESTDIR)/etc/systemd/user/%s\n' "$(basename "$unit")" "$(basename "$unit")"
    } >> "$work/Makefile"
  fi
  tar -cJf "$archive.tmp" -C "$work" .
  mv "$archive.tmp" "$archive"
  rm -rf "$work"
  echo "package: added $(basename "$rule"), $(basename "$unit"), make install-udev and make install-systemd to $archive"
done
