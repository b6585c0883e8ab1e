"""The load generator: wrk (C, one thread) replaying signed webhook deliveries."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.payloads import guest_number, signature, webhook_body

SCRIPT = Path(__file__).with_name("webhooks.lua")


@dataclass(frozen=True)
class LoadResult:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    failed: int  # connection errors and non-2xx answers


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("the benchmarks need wrk: apt-get install wrk")
    return path


def write_deliveries(path: Path, count: int, guests: int) -> None:
    """`count` distinct signed deliveries from `guests` guests, one per line for wrk."""
    with path.open("wb") as out:
        for index in range(count):
            body = webhook_body(f"wamid.BENCH{index:010d}", guest_number(index % guests))
            out.write(signature(body).encode() + b"\t" + body + b"\n")


def run_wrk(url: str, deliveries: Path, *, seconds: int, connections: int) -> LoadResult:
    completed = subprocess.run(
        [
            require_wrk(),
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(SCRIPT),
            f"{url}/webhooks/whatsapp",
        ],
        env={"WRK_DELIVERIES": str(deliveries), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(completed.stdout.strip().splitlines()[-1])
    return LoadResult(
        requests=summary["requests"],
        rps=round(summary["requests"] / (summary["duration_us"] / 1e6), 1),
        p50_ms=round(summary["p50_us"] / 1000, 2),
        p99_ms=round(summary["p99_us"] / 1000, 2),
        failed=summary["errors"] + summary["non2xx"],
    )
