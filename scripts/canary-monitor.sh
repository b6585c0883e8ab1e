#!/usr/bin/env bash
# Canary analysis: compares the canary with the baseline through Prometheus and writes
# .playbook/canary_diff_report.json. Exit 0 PASS, 1 WARNING, 2 FAIL, 3 no verdict
# (Prometheus unreachable, bad option).
#
# Settings come from the environment (or the same-named --options of `agente canary`):
#   PROMETHEUS_URL           http://127.0.0.1:9090
#   CANARY_SELECTOR          job=~"agente-api|agente-worker"
#   BASELINE_SELECTOR        job=~"agente-api|agente-worker"
#   BASELINE_OFFSET          1h   (compare with the same series an hour ago; 0 for now)
#   CANARY_WINDOW            10m
#   LATENCY_THRESHOLD        1.2  (canary p95 / baseline p95)
#   LATENCY_FLOOR_SECONDS    0.1
#   ERROR_RATE_THRESHOLD     0.02
#   PMS_ERROR_RATE_THRESHOLD 0.05
#   CACHE_HIT_RATIO_THRESHOLD 0.8
#   MESSAGE_FAILURE_THRESHOLD 0.05
#   CANARY_REPORT            .playbook/canary_diff_report.json
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${AGENTE:-.venv/bin/agente}" canary "$@"
