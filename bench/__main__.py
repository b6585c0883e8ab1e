"""`python -m bench` (or `make bench`): measure the service and write bench/results.json.

    webhook acknowledgements   wrk, one thread, fixed connections, signed deliveries
    bare uvicorn               the same wrk run against an ASGI app that only answers 200
    end to end                 guests at a fixed rate -> webhook -> worker -> Graph API sink,
                               on SQLite (worker in the API process; at the target load
                               and at a lighter one, `e2e_light_*`), then on PostgreSQL
                               and Redis with one and two `agente worker` processes

Needs wrk (`apt-get install wrk`), and PostgreSQL and Redis for the last two runs
(AGENTE_BENCH_POSTGRES_URL / AGENTE_BENCH_REDIS_URL, or the test variables). `--quick`
runs a smaller load, for CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import tempfile
import time
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import e2e, load, servers
from bench.databases import migrate, postgres_database

RESULTS = Path(__file__).with_name("results.json")
WARM_UP_GUESTS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the service; write results.json")
    parser.add_argument("--quick", action="store_true", help="a small load (CI)")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rate", type=float, default=250.0, help="guest messages per second")
    parser.add_argument(
        "--light-rate", type=float, default=100.0, help="a second, lighter load (latency)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.rate, args.light_rate = 3, 100.0, 50.0
    load.require_wrk()
    shutil.rmtree(servers.LOGS, ignore_errors=True)
    started = time.monotonic()
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "settings": {
            "wrk_connections": args.connections,
            "wrk_seconds": args.seconds,
            "e2e_offered_rate": args.rate,
            "e2e_light_offered_rate": args.light_rate,
            "e2e_seconds": args.seconds,
        },
    }
    with tempfile.TemporaryDirectory(prefix="agente-bench-") as folder:
        work = Path(folder)
        deliveries = work / "deliveries.txt"
        load.write_deliveries(deliveries, count=max(20_000, args.seconds * 10_000), guests=1000)
        results.update(ack_benchmarks(work, deliveries, args))
        e2e_runs = e2e_benchmarks(work, args)
        results.update(e2e_runs)
    results["lost"] = sum(v for k, v in results.items() if k.endswith("_lost"))
    results["duplicated"] = sum(v for k, v in results.items() if k.endswith("_duplicated"))
    results["targets"] = targets(results)
    results["seconds"] = round(time.monotonic() - started, 1)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    if results["lost"] or results["duplicated"]:
        print(f"messages lost or duplicated: the services' logs are in {servers.LOGS}")


def ack_benchmarks(work: Path, deliveries: Path, args: argparse.Namespace) -> dict[str, Any]:
    port = servers.free_port()
    with servers.running(
        servers.uvicorn_command("bench.bare_app:app", port), os.environ, port=port
    ):
        bare = load.run_wrk(
            f"http://127.0.0.1:{port}",
            deliveries,
            seconds=args.seconds,
            connections=args.connections,
        )
    database = f"sqlite+aiosqlite:///{work / 'ack.db'}"
    migrate(database)
    # Acknowledgements of guests who write often: the per-sender limit would answer 429.
    env = servers.agente_env(
        database,
        "http://127.0.0.1:9",
        WORKER_IN_PROCESS="false",
        RATE_LIMIT_PER_SENDER="100000000",
    )
    port = servers.free_port()
    with servers.running(servers.serve_command(port), env, port=port) as api:
        load.run_wrk(api.url, deliveries, seconds=1, connections=args.connections)  # warm
        ack = load.run_wrk(api.url, deliveries, seconds=args.seconds, connections=args.connections)
        rss = api.rss_mb()
    return {
        "bare_uvicorn_rps": bare.rps,
        "bare_uvicorn_p99_ms": bare.p99_ms,
        "webhook_ack_rps": ack.rps,
        "webhook_ack_p50_ms": ack.p50_ms,
        "webhook_ack_p99_ms": ack.p99_ms,
        "webhook_ack_failed": ack.failed,
        "webhook_ack_database": "sqlite",
        "rss_mb_api_ack_run": rss,
    }


def e2e_benchmarks(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {"e2e_database": "sqlite"}
    sqlite = f"sqlite+aiosqlite:///{work / 'e2e.db'}"
    migrate(sqlite)
    run = e2e_run(sqlite, args, workers=0, redis_url=None)
    results.update(_prefixed("e2e", run, main=True))
    # The latency of a load the service keeps up with, beside the one of the target load.
    light = argparse.Namespace(**{**vars(args), "rate": args.light_rate})
    sqlite_light = f"sqlite+aiosqlite:///{work / 'e2e-light.db'}"
    migrate(sqlite_light)
    light_run = e2e_run(sqlite_light, light, workers=0, redis_url=None)
    results.update(_prefixed("e2e_light", light_run, rss=False))
    postgres_url = os.environ.get("AGENTE_BENCH_POSTGRES_URL") or os.environ.get(
        "AGENTE_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )
    redis_url = os.environ.get("AGENTE_BENCH_REDIS_URL") or os.environ.get(
        "AGENTE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"
    )
    for workers in (1, 2):
        with postgres_database(postgres_url) as database:
            run = e2e_run(database, args, workers=workers, redis_url=redis_url)
        results.update(_prefixed(f"e2e_postgres_{workers}w", run))
    return results


def e2e_run(
    database: str, args: argparse.Namespace, *, workers: int, redis_url: str | None
) -> dict[str, Any]:
    """Serve the API (with its worker in process when `workers` is 0) and drive guests."""
    count = int(args.rate * args.seconds)
    sink_port, api_port = servers.free_port(), servers.free_port()
    extra = {"WORKER_IN_PROCESS": "false" if workers else "true"}
    if redis_url:
        extra["REDIS_URL"] = redis_url
    with ExitStack() as stack:
        sink = stack.enter_context(
            servers.running(
                servers.uvicorn_command("bench.graph_sink:app", sink_port),
                os.environ,
                port=sink_port,
            )
        )
        env = servers.agente_env(database, sink.url, **extra)
        api = stack.enter_context(
            servers.running(servers.serve_command(api_port), env, port=api_port)
        )
        worker_processes = [
            stack.enter_context(servers.running(servers.worker_command(), env, port=None))
            for _ in range(workers)
        ]
        tag = f"E2E{workers}W{time.monotonic_ns() % 10**6}"
        asyncio.run(
            e2e.drive(
                api.url,
                sink.url,
                first=10_000_000,
                count=WARM_UP_GUESTS,
                rate=WARM_UP_GUESTS,
                tag=tag + "WARM",
            )
        )
        result = asyncio.run(
            e2e.drive(api.url, sink.url, first=0, count=count, rate=args.rate, tag=tag)
        )
        rss = {"rss_mb_api": api.rss_mb()}
        if worker_processes:
            rss["rss_mb_worker"] = max(p.rss_mb() for p in worker_processes)
    return {**asdict(result), **rss}


def _prefixed(
    prefix: str, run: dict[str, Any], *, main: bool = False, rss: bool = True
) -> dict[str, Any]:
    out = {f"{prefix}_{key}": value for key, value in run.items() if not key.startswith("rss")}
    for key, value in run.items() if rss else ():
        if key.startswith("rss"):
            out[key if not main else f"{key}_with_worker"] = value
    return out


def targets(results: dict[str, Any]) -> dict[str, bool]:
    return {
        "webhook_ack_rps >= 0.5 x bare_uvicorn_rps": results["webhook_ack_rps"]
        >= 0.5 * results["bare_uvicorn_rps"],
        "webhook_ack_p99_ms < 50": results["webhook_ack_p99_ms"] < 50,
        "e2e_msgs_per_s >= 200": results["e2e_msgs_per_s"] >= 200,
        "e2e_p95_ms < 250": results["e2e_p95_ms"] < 250,
        "webhook_ack_failed == 0": results["webhook_ack_failed"] == 0,
        "lost == 0 and duplicated == 0": results["lost"] == 0 and results["duplicated"] == 0,
    }


if __name__ == "__main__":
    main()
