"""The operations commands: preflight, smoke, canary, backup, restore, secrets status.

`register(app)` adds them to the `agente` CLI. Each reads the named environment's `.env`
files (this is a composition root) and exits non-zero when it finds a problem.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agente_hotel.channels.email import email_config_from_settings
from agente_hotel.errors import ConfigurationError, OperationsError
from agente_hotel.ops import backup as backups
from agente_hotel.ops.canary import CanaryConfig, CanaryReport, Verdict, analyse
from agente_hotel.ops.console import print_checks
from agente_hotel.ops.environment import load_environment
from agente_hotel.ops.preflight import Preflight, PreflightReport, Status
from agente_hotel.ops.secrets import (
    Rotation,
    read_record,
    record_path,
    record_rotation,
    rotation_status,
)
from agente_hotel.ops.smoke import (
    Outcome,
    SmokeConfig,
    SmokeGuest,
    SmokeResult,
    Timing,
    run_smoke,
)
from agente_hotel.settings import Environment, Settings, secret
from agente_hotel.store.db import parse_database_url

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

EnvOption = Annotated[
    Environment,
    typer.Option("--env", "-e", help="Which .env.<env> file to read.", case_sensitive=False),
]
BackupDirOption = Annotated[
    Path, typer.Option("--dir", help="Root folder of the backups (one folder per environment).")
]


@contextmanager
def reported_failures() -> Iterator[None]:
    """Operations errors end the command with a one-line message and exit code 1."""
    try:
        yield
    except (OperationsError, ConfigurationError) as exc:
        errors.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from exc


def backup(
    env: EnvOption = Environment.DEVELOPMENT,
    directory: BackupDirOption = Path("backups"),
    keep_days: Annotated[int, typer.Option(help="Delete backups older than this ...")] = 30,
    keep_last: Annotated[int, typer.Option(help="... but always keep this many.")] = 7,
) -> None:
    """Back up the environment's database to backups/<env>/ with a SHA-256 manifest."""
    with reported_failures():
        settings, _ = load_environment(env)
        retention = backups.Retention(keep_days=keep_days, keep_last=keep_last)
        made, removed = backups.create_backup(
            settings.database_url, env.value, directory, retention=retention
        )
    size = made.path.stat().st_size
    console.print(f"Backup written: {made.path} ({size:,} bytes)", highlight=False)
    console.print(f"Checksum: {made.manifest}", highlight=False)
    for path in removed:
        console.print(f"Removed by the retention policy: {path}", highlight=False)


def restore(
    date: Annotated[str, typer.Option("--date", help="The backup's stamp, YYYYMMDD_HHMMSS.")],
    env: EnvOption = Environment.DEVELOPMENT,
    directory: BackupDirOption = Path("backups"),
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Verify a backup's checksum, replace the database with it, and check its migrations."""
    with reported_failures():
        settings, _ = load_environment(env)
        chosen = backups.find_backup(directory, env.value, date)
        backups.verify(chosen)
        console.print(f"Checksum verified: {chosen.path}", highlight=False)
        target = parse_database_url(settings.database_url).render_as_string(hide_password=True)
        if not yes:
            typer.confirm(
                f"Replace every row of the {env.value} database {target} with this backup?",
                abort=True,
            )
        backups.restore_backup(settings.database_url, chosen)
        console.print(f"Restored {chosen.path.name} into {target}", highlight=False)
        console.print(asyncio.run(backups.bring_to_head(settings.database_url)), highlight=False)


STATUS_STYLE = {Status.GO: "green", Status.WARN: "yellow", Status.NO_GO: "bold red"}


def preflight(
    env: EnvOption = Environment.DEVELOPMENT,
    directory: BackupDirOption = Path("backups"),
) -> None:
    """Check settings, secrets, database, Redis, PMS, WhatsApp, e-mail, disk and backups."""
    report = asyncio.run(_preflight(Preflight(env, backups_root=directory)))
    print_checks(
        console,
        f"Preflight: {env.value}",
        (
            (check.name, check.status.value, STATUS_STYLE[check.status], check.detail)
            for check in report.checks
        ),
    )
    if not report.go:
        console.print(f"[bold red]NO-GO[/]: {len(report.blockers)} blocker(s) for {env.value}")
        raise typer.Exit(1)
    warnings = sum(check.status is Status.WARN for check in report.checks)
    console.print(
        f"[bold green]GO[/] for {env.value}" + (f" ({warnings} warning(s))" if warnings else "")
    )


async def _preflight(checks: Preflight) -> PreflightReport:
    async with httpx.AsyncClient(timeout=10.0) as http:
        return await checks.run(http)


secrets_app = typer.Typer(
    help="Secret rotation against the guide's schedule.", no_args_is_help=True
)


@secrets_app.command("status")
def secrets_status(env: EnvOption = Environment.DEVELOPMENT) -> None:
    """Each configured secret's last rotation and when the next one is due."""
    with reported_failures():
        settings, _ = load_environment(env)
        path = record_path(env)
        statuses = rotation_status(settings, read_record(path), datetime.now(UTC).date())
    table = Table(title=f"Secrets of {env.value} (record: {path})")
    for column in ("secret", "kind", "schedule", "last rotated", "due", "state", "detail"):
        table.add_column(column)
    for status in statuses:
        policy = status.policy
        schedule = f"every {policy.every.days} days" if policy.every else "before expiry"
        table.add_row(
            policy.name,
            policy.kind,
            schedule,
            status.rotated.isoformat() if status.rotated else "-",
            status.due.isoformat() if status.due else "-",
            f"[{ROTATION_STYLE[status.state]}]{status.state.value}[/]",
            escape(status.detail),
        )
    console.print(table)
    if any(status.state is Rotation.OVERDUE for status in statuses):
        raise typer.Exit(1)


ROTATION_STYLE = {
    Rotation.OK: "green",
    Rotation.DUE_SOON: "yellow",
    Rotation.OVERDUE: "bold red",
    Rotation.UNKNOWN: "yellow",
}


@secrets_app.command("rotated")
def secrets_rotated(
    name: Annotated[str, typer.Argument(help="The secret's setting, e.g. PMS_API_KEY.")],
    env: EnvOption = Environment.DEVELOPMENT,
    on: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Default: today.")
    ] = None,
    expires: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="For tokens that expire.")
    ] = None,
) -> None:
    """Record that a secret was rotated (after updating .env.<env> and restarting)."""
    with reported_failures():
        rotated = on.date() if on else datetime.now(UTC).date()
        path = record_path(env)
        record_rotation(path, name, rotated, expires.date() if expires else None)
    console.print(f"Recorded: {name.upper()} rotated on {rotated.isoformat()} in {path}")


def _float_option(envvar: str, text: str) -> Any:
    return typer.Option(envvar=envvar, help=text)


def canary(
    prometheus_url: Annotated[
        str, typer.Option(envvar="PROMETHEUS_URL", help="Prometheus base URL.")
    ] = "http://127.0.0.1:9090",
    canary_selector: Annotated[
        str, typer.Option(envvar="CANARY_SELECTOR", help="Label matchers of the canary.")
    ] = CanaryConfig.canary_selector,
    baseline_selector: Annotated[
        str, typer.Option(envvar="BASELINE_SELECTOR", help="Label matchers of the baseline.")
    ] = CanaryConfig.baseline_selector,
    baseline_offset: Annotated[
        str,
        typer.Option(
            envvar="BASELINE_OFFSET", help="Read the baseline this long ago ('' for now)."
        ),
    ] = "1h",
    window: Annotated[
        str, typer.Option(envvar="CANARY_WINDOW", help="Rate window of every metric.")
    ] = CanaryConfig.window,
    latency_threshold: Annotated[
        float, _float_option("LATENCY_THRESHOLD", "Highest canary/baseline p95 ratio.")
    ] = CanaryConfig.latency_threshold,
    latency_floor: Annotated[
        float, _float_option("LATENCY_FLOOR_SECONDS", "A canary p95 under this always passes.")
    ] = CanaryConfig.latency_floor_seconds,
    error_rate_threshold: Annotated[
        float, _float_option("ERROR_RATE_THRESHOLD", "Highest share of HTTP 5xx.")
    ] = CanaryConfig.error_rate_threshold,
    pms_error_rate_threshold: Annotated[
        float, _float_option("PMS_ERROR_RATE_THRESHOLD", "Highest share of failed PMS calls.")
    ] = CanaryConfig.pms_error_rate_threshold,
    cache_hit_ratio_threshold: Annotated[
        float, _float_option("CACHE_HIT_RATIO_THRESHOLD", "Lowest canary/baseline hit ratio.")
    ] = CanaryConfig.cache_hit_ratio_threshold,
    message_failure_threshold: Annotated[
        float, _float_option("MESSAGE_FAILURE_THRESHOLD", "Highest share of failed deliveries.")
    ] = CanaryConfig.message_failure_threshold,
    report_path: Annotated[
        Path, typer.Option("--report", envvar="CANARY_REPORT", help="Where the JSON report goes.")
    ] = Path(".playbook/canary_diff_report.json"),
) -> None:
    """Compare the canary with the baseline in Prometheus: exit 0 PASS, 1 WARNING, 2 FAIL."""
    # Exit codes 0-2 are verdicts; 3 means no verdict could be reached.
    try:
        config = CanaryConfig(
            prometheus_url=prometheus_url,
            canary_selector=canary_selector,
            baseline_selector=baseline_selector,
            baseline_offset=None if baseline_offset in {"", "0", "none"} else baseline_offset,
            window=window,
            latency_threshold=latency_threshold,
            latency_floor_seconds=latency_floor,
            error_rate_threshold=error_rate_threshold,
            pms_error_rate_threshold=pms_error_rate_threshold,
            cache_hit_ratio_threshold=cache_hit_ratio_threshold,
            message_failure_threshold=message_failure_threshold,
        )
        report = asyncio.run(_canary(config))
    except OperationsError as exc:
        errors.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(CANARY_UNAVAILABLE) from exc
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
    _print_canary(report)
    console.print(f"Report: {report_path}", highlight=False)
    raise typer.Exit(report.exit_code)


CANARY_UNAVAILABLE = 3
VERDICT_STYLE = {
    Verdict.PASS: "green",
    Verdict.WARNING: "yellow",
    Verdict.FAIL: "bold red",
    Verdict.NO_DATA: "dim",
}


async def _canary(config: CanaryConfig) -> CanaryReport:
    async with httpx.AsyncClient(timeout=15.0) as http:
        return await analyse(config, http)


def _print_canary(report: CanaryReport) -> None:
    config = report.config
    offset = f" offset {config.baseline_offset}" if config.baseline_offset else ""
    table = Table(
        title=f"Canary {{{config.canary_selector}}} vs baseline "
        f"{{{config.baseline_selector}}}{offset}, window {config.window}"
    )
    for column in ("metric", "baseline", "canary", "threshold", "verdict", "detail"):
        table.add_column(column)
    for metric in report.metrics:
        table.add_row(
            metric.name,
            _number(metric.baseline),
            _number(metric.canary),
            _number(metric.threshold),
            f"[{VERDICT_STYLE[metric.verdict]}]{metric.verdict.value}[/]",
            escape(metric.detail),
        )
    console.print(table)
    console.print(f"Overall: [{VERDICT_STYLE[report.overall]}]{report.overall.value}[/]")
    if report.rollback_reasons:
        console.print("[bold red]ROLLBACK[/]: " + "; ".join(report.rollback_reasons))


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


def smoke(
    url: Annotated[str, typer.Option(help="The deployment's base URL.")],
    env: EnvOption = Environment.DEVELOPMENT,
    days_ahead: Annotated[
        int, typer.Option(min=2, help="Check-in of the test booking, this many days ahead.")
    ] = SmokeConfig.days_ahead,
    reply_seconds: Annotated[
        float, typer.Option(min=1, help="The longest wait for one answer.")
    ] = Timing.reply_seconds,
) -> None:
    """Check a deployment as a test guest: service, quotes, a booking, WhatsApp, e-mail."""
    with reported_failures():
        settings, _ = load_environment(env)
        results = asyncio.run(_smoke(settings, url, days_ahead, Timing(reply_seconds)))
    print_checks(
        console,
        f"Smoke checks of {url} ({env.value})",
        (
            (result.name, result.outcome.value, SMOKE_STYLE[result.outcome], result.detail)
            for result in results
        ),
    )
    failed = [result.name for result in results if not result.ok]
    if failed:
        console.print(f"[bold red]FAILED[/]: {', '.join(failed)}")
        raise typer.Exit(1)
    console.print("[bold green]All smoke checks passed[/]")


SMOKE_STYLE = {Outcome.OK: "green", Outcome.FAIL: "bold red", Outcome.SKIP: "yellow"}


async def _smoke(
    settings: Settings, url: str, days_ahead: int, timing: Timing
) -> list[SmokeResult]:
    async with httpx.AsyncClient(timeout=15.0, follow_redirects=True) as http:
        config = SmokeConfig(
            base_url=url,
            guest=SmokeGuest(
                name=settings.smoke_guest_name,
                email=settings.smoke_guest_email,
                room_type=settings.smoke_room_type,
            ),
            days_ahead=days_ahead,
            timing=timing,
            staff_token=secret(settings.staff_api_token),
            whatsapp_app_secret=secret(settings.whatsapp_app_secret),
            whatsapp_phone_number_id=settings.whatsapp_phone_number_id,
            whatsapp_sender=settings.smoke_whatsapp_sender,
            email=email_config_from_settings(settings, http=http),
            email_sender=settings.smoke_email_sender,
        )
        return await run_smoke(config, http)


def register(app: typer.Typer) -> None:
    """Add the operations commands to the `agente` CLI."""
    app.command("preflight")(preflight)
    app.command("canary")(canary)
    app.command("smoke")(smoke)
    app.command("backup")(backup)
    app.command("restore")(restore)
    app.add_typer(secrets_app, name="secrets")
