"""`python scripts/setup_qloapps.py connection`: the same check as `agente pms check`."""

from __future__ import annotations

import typer

from agente_hotel.pms.cli import check

app = typer.Typer(help="QloApps setup helpers.", no_args_is_help=True)
app.command("connection", help="Check the connection to QloApps (as `agente pms check`).")(check)


@app.callback()
def main() -> None:
    """Keep `connection` a named sub-command even though it is the only one."""


if __name__ == "__main__":
    app()
