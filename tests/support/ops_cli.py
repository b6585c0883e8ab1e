"""An `agente` executable with the operations commands, for tests of scripts and make targets.

It mounts `agente_hotel.ops.cli` the way the `agente` CLI does, so that the scripts and
make targets are exercised through a real process boundary.
"""

from __future__ import annotations

import sys
from pathlib import Path


def write_agente(path: Path) -> Path:
    path.write_text(
        f"#!{sys.executable}\n"
        "import typer\n"
        "from agente_hotel.ops.cli import register\n"
        "app = typer.Typer()\n"
        "register(app)\n"
        "app()\n",
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path
