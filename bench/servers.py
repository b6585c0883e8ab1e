"""Start and stop the processes a benchmark measures, each on a free 127.0.0.1 port."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.payloads import APP_SECRET, PHONE_NUMBER_ID

STARTUP_SECONDS = 60.0
LOGS = Path(tempfile.gettempdir()) / "agente-bench-logs"


@dataclass(frozen=True)
class Process:
    popen: subprocess.Popen[bytes]
    url: str  # empty for processes that serve nothing

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.popen.pid}/status").read_text()
        kilobytes = next(
            line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")
        )
        return round(int(kilobytes) / 1024, 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def agente_env(database_url: str, graph_url: str, **extra: str) -> dict[str, str]:
    """The service's settings for a benchmark run: signed webhooks, the sink as Graph API."""
    return {
        **os.environ,
        "ENVIRONMENT": "development",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "WHATSAPP_ACCESS_TOKEN": "bench-token",
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_APP_SECRET": APP_SECRET,
        "WHATSAPP_VERIFY_TOKEN": "bench-verify",
        "WHATSAPP_API_BASE_URL": f"{graph_url}/v21.0",
        "WHATSAPP_SEND_INTERVAL_SECONDS": "0",
        "RATE_LIMIT_WEBHOOK_PER_IP": "100000000",
        "WORKER_POLL_SECONDS": "0.02",
        "DEBOUNCE_SECONDS": "0",
        **extra,
    }


@contextmanager
def running(command: list[str], env: Mapping[str, str], *, port: int | None) -> Iterator[Process]:
    """Run `command` until the block ends; when it serves `port`, wait until it answers.

    Its output goes to a log file under `LOGS` (kept when a run goes wrong).
    """
    LOGS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"\W+", "-", " ".join(command[2:4]))
    log = (LOGS / f"{name}-{time.monotonic_ns()}.log").open("wb")
    popen = subprocess.Popen(command, env=dict(env), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}" if port else ""
    try:
        if port:
            _wait_until_serving(popen, url)
        yield Process(popen, url)
    finally:
        popen.send_signal(signal.SIGTERM)
        try:
            popen.wait(15)
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait()
        log.close()


def uvicorn_command(app: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]


def serve_command(port: int) -> list[str]:
    return [sys.executable, "-m", "agente_hotel.cli", "serve", "--port", str(port)]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "agente_hotel.cli", "worker"]


def _wait_until_serving(popen: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise RuntimeError(f"{popen.args!r} exited with {popen.returncode}")
        try:
            httpx.get(f"{url}/health/live", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{popen.args!r} did not start in {STARTUP_SECONDS:.0f} s")
