"""The canary analysis against a real Prometheus scraping real app instances on 127.0.0.1.

Four instances of the app run as separate processes (each has its own metrics registry),
all serving the same real requests: a baseline, a healthy canary, a failing canary (its
database refuses connections, so readiness answers 503) and a slow canary (its Redis takes
0.3 s to answer PING, so readiness takes that long). Prometheus scrapes them every second
with a `track` label per instance.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from agente_hotel.store.migrate import upgrade_to_head
from tests.support.ops_cli import write_agente
from tests.support.tools import require_tool

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
WARM_UP_SECONDS = 8.0
MAX_TRAFFIC_SECONDS = 240.0  # a bound on the background traffic, whatever happens
WINDOW = "10s"
SLOW_PING_SECONDS = 0.3
START_TIMEOUT_SECONDS = 45.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class SlowRedisHandler(socketserver.BaseRequestHandler):
    """Speaks just enough RESP: every command gets +OK, PING gets +PONG after a delay."""

    def handle(self) -> None:
        buffer = b""
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            buffer += data
            while (command := _take_command(buffer)) is not None:
                name, buffer = command
                if name == b"PING":
                    time.sleep(SLOW_PING_SECONDS)
                    self.request.sendall(b"+PONG\r\n")
                else:
                    self.request.sendall(b"+OK\r\n")


def _take_command(buffer: bytes) -> tuple[bytes, bytes] | None:
    """The first command's name and the rest of the buffer, once a whole command arrived."""
    if not buffer.startswith(b"*") or b"\r\n" not in buffer:
        return None
    header, rest = buffer.split(b"\r\n", 1)
    parts = []
    for _ in range(int(header[1:])):
        if b"\r\n" not in rest:
            return None
        length_line, rest = rest.split(b"\r\n", 1)
        length = int(length_line[1:])
        if len(rest) < length + 2:
            return None
        parts.append(rest[:length])
        rest = rest[length + 2 :]
    return parts[0].upper(), rest


@pytest.fixture(scope="module")
def slow_redis() -> Iterator[str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SlowRedisHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.server_address[1]}/0"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Instance:
    track: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_instance(folder: Path, track: str, **settings: str) -> Instance:
    folder.mkdir(parents=True)
    port = free_port()
    environment = {
        **os.environ,
        "ENVIRONMENT": "development",
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'agente.db'}",
        "WORKER_IN_PROCESS": "false",
        "LOG_LEVEL": "WARNING",
        **settings,
    }
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "agente_hotel.cli", "serve", "--host=127.0.0.1", f"--port={port}"],
        cwd=folder,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return Instance(track, port, process)


def wait_until_live(instances: list[Instance]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    pending = list(instances)
    while pending:
        instance = pending[0]
        if instance.process.poll() is not None:
            raise RuntimeError(f"the {instance.track} instance exited")
        try:
            httpx.get(f"{instance.url}/health/live", timeout=1.0).raise_for_status()
            pending.pop(0)
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="module")
def instances(
    tmp_path_factory: pytest.TempPathFactory, slow_redis: str
) -> Iterator[list[Instance]]:
    root = tmp_path_factory.mktemp("canary")
    for name in ("baseline", "healthy", "slow"):
        (root / name).mkdir()
        asyncio.run(upgrade_to_head(f"sqlite+aiosqlite:///{root / name / 'agente.db'}"))
        (root / name / "agente.db").rename(root / f"{name}.db")
        (root / name).rmdir()
    started = [
        start_instance(root / "baseline", "baseline", DATABASE_URL=_sqlite(root, "baseline")),
        start_instance(root / "healthy", "healthy", DATABASE_URL=_sqlite(root, "healthy")),
        start_instance(
            root / "failing",
            "failing",
            DATABASE_URL=f"postgresql+asyncpg://agente@127.0.0.1:{free_port()}/agente",
        ),
        start_instance(
            root / "slow", "slow", DATABASE_URL=_sqlite(root, "slow"), REDIS_URL=slow_redis
        ),
    ]
    try:
        wait_until_live(started)
        yield started
    finally:
        for instance in started:
            instance.process.terminate()
        for instance in started:
            instance.process.wait(timeout=10)


def _sqlite(root: Path, name: str) -> str:
    return f"sqlite+aiosqlite:///{root / f'{name}.db'}"


@pytest.fixture(scope="module")
def prometheus(
    tmp_path_factory: pytest.TempPathFactory, instances: list[Instance]
) -> Iterator[str]:
    binary = require_tool("prometheus", "apt-get install prometheus")
    folder = tmp_path_factory.mktemp("prometheus")
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "scrape_configs": [
            {
                "job_name": "agente-api",
                "static_configs": [
                    {"targets": [f"127.0.0.1:{i.port}"], "labels": {"track": i.track}}
                    for i in instances
                ],
            }
        ],
    }
    (folder / "prometheus.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            f"--config.file={folder / 'prometheus.yml'}",
            f"--storage.tsdb.path={folder / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=(folder / "prometheus.log").open("wb"),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/-/ready", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((folder / "prometheus.log").read_text())
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


async def drive_traffic(instances: list[Instance], stop: threading.Event) -> None:
    """Real readiness requests at every instance until `stop`, for a bounded time."""
    deadline = time.monotonic() + MAX_TRAFFIC_SECONDS

    async def loop(client: httpx.AsyncClient, instance: Instance) -> None:
        while not stop.is_set() and time.monotonic() < deadline:
            await client.get(f"{instance.url}/health/ready")
            await asyncio.sleep(0.02)

    async with httpx.AsyncClient(timeout=5.0) as client:
        await asyncio.gather(*(loop(client, instance) for instance in instances))


@pytest.fixture(scope="module")
def scraped(prometheus: str, instances: list[Instance]) -> Iterator[str]:
    """Traffic keeps flowing while the analyses run, so each window sees live requests
    however long the machine takes to start the canary command."""
    stop = threading.Event()
    traffic = threading.Thread(target=asyncio.run, args=(drive_traffic(instances, stop),))
    traffic.start()
    try:
        time.sleep(WARM_UP_SECONDS)  # a window's worth of requests, scraped
        yield prometheus
    finally:
        stop.set()
        traffic.join(timeout=30)


def canary(prometheus: str, track: str, report: Path) -> tuple[int, dict[str, object], str]:
    agente = write_agente(report.parent / "agente")
    result = subprocess.run(
        ["bash", str(ROOT / "scripts/canary-monitor.sh")],
        env={
            **os.environ,
            "AGENTE": str(agente),
            "PROMETHEUS_URL": prometheus,
            "CANARY_SELECTOR": f'track="{track}"',
            "BASELINE_SELECTOR": 'track="baseline"',
            "BASELINE_OFFSET": "0",
            "CANARY_WINDOW": WINDOW,
            "CANARY_REPORT": str(report),
            "COLUMNS": "200",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    body = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return result.returncode, body, result.stdout + result.stderr


def verdicts(report: dict[str, object]) -> dict[str, str]:
    metrics = report["metrics"]
    assert isinstance(metrics, list)
    return {metric["name"]: metric["verdict"] for metric in metrics}


def test_a_healthy_canary_passes(scraped: str, tmp_path: Path) -> None:
    code, report, output = canary(scraped, "healthy", tmp_path / "report.json")
    assert code == 0, output
    assert report["overall"] == "PASS"
    assert report["rollback"] == {"recommended": False, "reasons": []}
    found = verdicts(report)
    assert found["error_rate"] == "PASS" and found["p95_latency_seconds"] == "PASS"
    for metric in report["metrics"]:  # type: ignore[attr-defined]
        assert {"name", "baseline", "canary", "threshold", "verdict", "detail"} <= metric.keys()


def test_a_failing_canary_fails_and_calls_for_a_rollback(scraped: str, tmp_path: Path) -> None:
    code, report, output = canary(scraped, "failing", tmp_path / "report.json")
    assert code == 2, output
    assert report["overall"] == "FAIL"
    assert verdicts(report)["error_rate"] == "FAIL"
    metrics = {m["name"]: m for m in report["metrics"]}  # type: ignore[attr-defined]
    assert metrics["error_rate"]["canary"] > 0.5  # scrapes of /metrics still succeed
    assert metrics["error_rate"]["baseline"] == 0
    assert "ROLLBACK" in output
    assert any("error rate" in reason for reason in report["rollback"]["reasons"])  # type: ignore[index]


def test_a_slow_canary_fails_on_latency(scraped: str, tmp_path: Path) -> None:
    code, report, output = canary(scraped, "slow", tmp_path / "report.json")
    assert code == 2, output
    assert verdicts(report)["p95_latency_seconds"] == "FAIL", output
    assert verdicts(report)["error_rate"] == "PASS", output
    metrics = {m["name"]: m for m in report["metrics"]}  # type: ignore[attr-defined]
    assert metrics["p95_latency_seconds"]["canary"] > SLOW_PING_SECONDS, output
    assert any("p95" in r for r in report["rollback"]["reasons"]), output  # type: ignore[index]


def test_a_selector_that_matches_nothing_is_never_a_pass(scraped: str, tmp_path: Path) -> None:
    code, report, _ = canary(scraped, "no-such-track", tmp_path / "report.json")
    assert code == 1
    assert report["overall"] == "WARNING"
    assert verdicts(report)["error_rate"] == "NO_DATA"


def test_an_unreachable_prometheus_gives_no_verdict(tmp_path: Path) -> None:
    code, report, output = canary(f"http://127.0.0.1:{free_port()}", "healthy", tmp_path / "r.json")
    assert code == 3
    assert report == {}
    assert "cannot be reached" in output
