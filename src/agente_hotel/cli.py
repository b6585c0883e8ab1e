"""`agente`: serve, work, talk, evaluate and operate the front desk from one command."""

from __future__ import annotations

import asyncio
import signal
import uuid
from datetime import UTC, datetime
from typing import Annotated

import typer
import uvicorn
from prometheus_client import start_http_server
from rich.console import Console
from rich.markup import escape

from agente_hotel import evaluation
from agente_hotel.agent.nlu import cli as nlu_cli
from agente_hotel.bootstrap import build_services
from agente_hotel.domain import Channel, InboundMessage
from agente_hotel.logging_setup import configure_logging
from agente_hotel.ops import cli as ops_cli
from agente_hotel.pms.cli import pms_app
from agente_hotel.settings import Settings
from agente_hotel.store import cli as store_cli

app = typer.Typer(
    name="agente",
    help="Agente Hotel: the AI front desk for independent hotels.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
console = Console()


def _settings() -> Settings:
    try:
        settings = Settings()
    except ValueError as exc:
        console.print(f"[red]Configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    configure_logging(level=settings.log_level, json=settings.json_logs)
    return settings


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (PORT)")] = None,
) -> None:
    """Serve the API, the WhatsApp webhook and the web chat (and the worker, by default)."""
    from agente_hotel.app import create_app

    settings = _settings()
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=host or settings.host)
    bind_host, bind_port = host or settings.host, port or settings.port
    console.print(
        f"Agente Hotel on [bold]http://{bind_host}:{bind_port}[/bold] "
        f"({settings.environment.value}, PMS {settings.pms_type.value})"
    )
    uvicorn.run(
        create_app(settings),
        host=bind_host,
        port=bind_port,
        log_config=None,
        proxy_headers=True,
        server_header=False,
    )


@app.command()
def worker() -> None:
    """Process the inbox and deliver the outbox in this process (WORKER_IN_PROCESS=false)."""
    settings = _settings()
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=settings.host)
    asyncio.run(_run_worker(settings))


async def _run_worker(settings: Settings) -> None:
    services = build_services(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await services.warm_up()
        console.print("Worker running; Ctrl+C stops it after the current step.")
        await services.run_background(stop)
    finally:
        await services.aclose()


@app.command()
def chat() -> None:
    """Talk to the hotel as a guest, in the terminal, through the whole pipeline."""
    settings = _settings()
    asyncio.run(_chat(settings))


async def _chat(settings: Settings) -> None:
    services = build_services(settings)
    worker = services.worker()
    session = f"terminal-{uuid.uuid4().hex[:12]}"
    last_id = 0
    console.print(
        f"[bold]{services.hotel.name}[/bold] · escribe / type / escreva (Ctrl+D to leave)"
    )
    try:
        while True:
            try:
                text = await asyncio.to_thread(console.input, "[green]you>[/green] ")
            except EOFError:
                break
            if not text.strip():
                continue
            await services.inbox.accept(
                InboundMessage(
                    channel=Channel.WEBCHAT,
                    provider_id=f"{session}:{uuid.uuid4().hex}",
                    hotel_id=services.hotel.id,
                    sender=session,
                    text=text.strip(),
                    received_at=datetime.now(UTC),
                )
            )
            await worker.run_once()
            await worker.deliver_pending()
            rows = await services.inbox.conversation_messages(
                services.hotel.id, Channel.WEBCHAT, session, last_id
            )
            for row in rows:
                last_id = max(last_id, row.id)
                if row.direction == "out":
                    console.print(f"[cyan]hotel>[/cyan] {row.text}")
    finally:
        await services.aclose()


@app.command()
def migrate(database_url: store_cli.DatabaseUrl = None) -> None:
    """Bring the database schema to the latest version (DATABASE_URL by default)."""
    asyncio.run(store_cli.migrate_command(store_cli.resolve_url(database_url)))


@app.command()
def handback(
    conversation: Annotated[str, typer.Argument(help="The conversation's id")],
    database_url: store_cli.DatabaseUrl = None,
) -> None:
    """Give a conversation back to the agent after staff handled it."""
    asyncio.run(store_cli.handback_command(store_cli.resolve_url(database_url), conversation))


app.command("eval", help="Run conversation cases (*.yaml) against a fresh demo hotel each.")(
    evaluation.eval_cli
)
app.command("nlu", help="Print what the agent understands of one message, as JSON.")(
    nlu_cli.nlu_command
)
app.add_typer(store_cli.dlq_app, name="dlq")
app.add_typer(pms_app, name="pms")
ops_cli.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
