#!/usr/bin/env bash
# Fails when a tracked file holds a secret that .secrets.baseline does not list.
# Changes no file: detect-secrets-hook rewrites the baseline it is given whenever line
# numbers move, so it is given a copy.
set -euo pipefail
cd "$(dirname "$0")/.."

HOOK="${DETECT_SECRETS_HOOK:-.venv/bin/detect-secrets-hook}"
baseline="$(mktemp)"
report="$(mktemp)"
trap 'rm -f "$baseline" "$report"' EXIT
cp .secrets.baseline "$baseline"

# The baseline holds hashes of the known secrets; it is the reference, not a subject.
mapfile -d '' files < <(git ls-files -z -- . ':!:.secrets.baseline')
status=0
"$HOOK" --baseline "$baseline" --json "${files[@]}" >"$report" 2>&1 || status=$?

case "$status" in
  0 | 3) # 3: only the copy's line numbers were refreshed
    echo "detect-secrets: no secrets beyond .secrets.baseline in ${#files[@]} tracked files"
    ;;
  1)
    cat "$report"
    echo "detect-secrets: the secrets above are not in .secrets.baseline." >&2
    echo "Remove them; if they are test values, run 'make secrets-baseline' and review the diff." >&2
    exit 1
    ;;
  *)
    cat "$report" >&2
    echo "detect-secrets-hook failed (exit $status)" >&2
    exit "$status"
    ;;
esac
