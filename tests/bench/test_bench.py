"""`python -m bench --quick` runs every benchmark end to end and writes every figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_tool

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

FIGURES = {
    "webhook_ack_rps",
    "webhook_ack_p50_ms",
    "webhook_ack_p99_ms",
    "bare_uvicorn_rps",
    "e2e_msgs_per_s",
    "e2e_p95_ms",
    "e2e_database",
    "e2e_postgres_1w_msgs_per_s",
    "e2e_postgres_1w_p95_ms",
    "e2e_postgres_2w_msgs_per_s",
    "e2e_postgres_2w_p95_ms",
    "lost",
    "duplicated",
    "rss_mb_api",
    "rss_mb_worker",
}


def test_the_quick_benchmark_measures_everything_and_loses_nothing(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    require_tool("wrk", "wrk")
    out = tmp_path / "results.json"

    subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )

    results = json.loads(out.read_text())
    assert not FIGURES - set(results), "figures missing"
    assert (results["lost"], results["duplicated"]) == (0, 0)
    assert results["webhook_ack_failed"] == 0
    assert results["webhook_ack_rps"] > 0 and results["e2e_msgs_per_s"] > 0
