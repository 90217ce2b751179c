#!/usr/bin/env bash
# Lists the functions no binary reaches (golang.org/x/tools/cmd/deadcode over ./cmd/...)
# and fails on any that docs/architecture.md does not name, under "Kept on purpose", as
# API kept for tests or peers. Names there are written `dir.Func` or `dir.Type.Method`,
# dir being the package's folder in this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
allowed=$(sed -n '/^## Kept on purpose/,/^## /p' docs/architecture.md | grep -o '`[a-z][a-z0-9_/]*\.[A-Za-z_][A-Za-z0-9_.]*`' | tr -d '`' | grep -Ev '\.(go|sh|md)$' | sort -u)
out=$("$GO" tool deadcode ./cmd/...)
bad=()
while IFS= read -r line; do
  [ -z "$line" ] && continue
  file=${line%%:*}
  name=${line##*unreachable func: }
  key="$(dirname "$file").$name"
  if ! grep -qxF "$key" <<<"$allowed"; then
    bad+=("$line")
  fi
done <<<"$out"
# An entry kept on purpose that is reached again (or gone) is stale: say so.
for key in $allowed; do
  dir=${key%%.*}; name=${key#*.}
  if ! grep -q "^$dir/[^/]*\.go:[0-9]*:[0-9]*: unreachable func: $name\$" <<<"$out"; then
    echo "deadcode: docs/architecture.md keeps $key on purpose, but deadcode no longer lists it: remove it from the list" >&2
    bad+=("stale: $key")
  fi
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "deadcode: no binary reaches these; wire them, delete them, or name them in docs/architecture.md under \"Kept on purpose\":" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "deadcode: every function is reached by a binary or kept on purpose ($(grep -c . <<<"$allowed") named)"
