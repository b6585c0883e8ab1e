#!/usr/bin/env bash
# Deploy to staging: preflight, backup, build, restart, wait until ready, smoke tests.
#   bash scripts/deploy-staging.sh            deploy
#   bash scripts/deploy-staging.sh --dry-run  print every step without running it
# The image is built before the old containers stop, so staging is down only while the new
# containers start. The health check uses the port docker-compose.staging.yml publishes
# (API_PORT in .env.staging, 8000 by default).
set -euo pipefail
cd "$(dirname "$0")/.."

DRY_RUN=0
case "${1:-}" in
  --dry-run) DRY_RUN=1 ;;
  "") ;;
  *) echo "usage: $0 [--dry-run]" >&2; exit 2 ;;
esac

ENV_FILE=.env.staging
COMPOSE_FILE=docker-compose.staging.yml
AGENTE="${AGENTE:-.venv/bin/agente}"
READY_TIMEOUT_SECONDS="${READY_TIMEOUT_SECONDS:-180}"

if [ ! -f "$ENV_FILE" ]; then
  echo "$ENV_FILE is missing: cp $ENV_FILE.template $ENV_FILE and fill it in" >&2
  exit 1
fi
setting() { # the value of a setting in the env file, or a default
  local value
  value="$(grep -E "^$1=" "$ENV_FILE" | tail -n 1 | cut -d= -f2-)"
  echo "${value:-$2}"
}
API_PORT="$(setting API_PORT 8000)"
READY_URL="http://127.0.0.1:${API_PORT}/health/ready"
SMOKE_URL="$(setting PUBLIC_BASE_URL "http://127.0.0.1:${API_PORT}")"
COMPOSE=(docker-compose -f "$COMPOSE_FILE" --env-file "$ENV_FILE")

step() {
  echo "+ $*"
  if [ "$DRY_RUN" -eq 0 ]; then
    "$@"
  fi
}

wait_until_ready() {
  echo "+ wait for $READY_URL (up to ${READY_TIMEOUT_SECONDS} s)"
  if [ "$DRY_RUN" -eq 1 ]; then
    return 0
  fi
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until curl --silent --fail --max-time 5 --output /dev/null "$READY_URL"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "staging did not become ready within ${READY_TIMEOUT_SECONDS} s:" >&2
      curl --silent --max-time 5 "$READY_URL" >&2 || echo "(no answer on $READY_URL)" >&2
      "${COMPOSE[@]}" ps >&2
      return 1
    fi
    sleep 3
  done
  echo "ready: $READY_URL"
}

step "$AGENTE" preflight --env staging
step "$AGENTE" backup --env staging
step "${COMPOSE[@]}" build
step "${COMPOSE[@]}" down
step "${COMPOSE[@]}" up -d
wait_until_ready
step "$AGENTE" smoke --env staging --url "$SMOKE_URL"
echo "staging deployed; next: bash scripts/canary-monitor.sh after 15-30 minutes"
