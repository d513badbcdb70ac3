#!/usr/bin/env bash
# The project's test command (README): static checks, then every `bun test` suite.
# Prints one "check <name>: pass|fail" line per static check; bun test prints its own summary.
set -u
cd "$(dirname "$0")/.."
status=0

check() {
  local name=$1; shift
  if "$@" > ".test-check-$name.log" 2>&1; then
    echo "check $name: pass"
  else
    echo "check $name: fail"; cat ".test-check-$name.log"; status=1
  fi
  rm -f ".test-check-$name.log"
}

check assets bun scripts/build.ts --assets
check typecheck bunx tsc --noEmit
check imports bun scripts/check-imports.ts
check xss-scan bunx xss-scan -s

bun test "$@" || status=1
exit $status
