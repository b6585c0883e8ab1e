"""Command-line tools the deployment checks run (promtool, amtool, hadolint ...)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent


def require_tool(name: str, install_hint: str) -> str:
    """The tool's path; skips the test when absent, or fails when services are required."""
    path = shutil.which(name) or shutil.which(name, path=str(VENV_BIN))
    if path:
        return path
    message = f"{name} is not installed ({install_hint})"
    if os.environ.get("AGENTE_TEST_REQUIRE_SERVICES") == "1":
        pytest.fail(message + " (AGENTE_TEST_REQUIRE_SERVICES=1)")
    pytest.skip(message)


def run(
    *command: str, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
