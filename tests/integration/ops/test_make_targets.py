"""The operations make targets do what they say and fail when it fails (make/ops.mk)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from agente_hotel.store.db import create_engine
from agente_hotel.store.migrate import upgrade_to_head
from tests.support.ops_cli import write_agente
from tests.support.tools import require_tool

ROOT = Path(__file__).resolve().parents[3]
VENV = Path(sys.executable).parent.parent
OPS_FILES = [ROOT / "make/ops.mk", *sorted((ROOT / "scripts").glob("*.sh"))]


def make_project(folder: Path) -> Path:
    """A project folder whose Makefile includes the real make/ops.mk, like the root one."""
    folder.mkdir(exist_ok=True)
    agente = write_agente(folder.parent / f"{folder.name}-agente")
    (folder / "Makefile").write_text(
        "SHELL := /bin/bash\n"
        f"VENV := {VENV}\n"
        "PYTHON := $(VENV)/bin/python\n"
        f"AGENTE := {agente}\n"
        "ENVIRONMENT ?= development\n"
        "install:\n"
        f"include {ROOT / 'make/ops.mk'}\n",
        encoding="utf-8",
    )
    (folder / "scripts").mkdir(exist_ok=True)
    for script in (ROOT / "scripts").glob("*.sh"):
        shutil.copy(script, folder / "scripts" / script.name)
    return folder


def make(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    require_tool("make", "apt-get install make")
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(folder), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("MAKE")},
    )


async def rows(url: str) -> list[tuple[str, str]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(sa.text("SELECT id, name FROM hotels ORDER BY id"))
            return [(row.id, row.name) for row in result]
    finally:
        await engine.dispose()


async def add_hotel(url: str, hotel_id: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                sa.text(
                    "INSERT INTO hotels (id, name, created_at) VALUES (:id, :id, '2026-05-01')"
                ),
                {"id": hotel_id},
            )
    finally:
        await engine.dispose()


@pytest.fixture
async def project(tmp_path: Path) -> tuple[Path, str]:
    folder = make_project(tmp_path / "project")
    url = f"sqlite+aiosqlite:///{folder / 'data/agente.db'}"
    await upgrade_to_head(url)
    await add_hotel(url, "before-backup")
    (folder / ".env").write_text(f"DATABASE_URL={url}\n", encoding="utf-8")
    return folder, url


async def test_backup_then_restore_round_trips_through_make(project: tuple[Path, str]) -> None:
    folder, url = project
    result = make(folder, "backup", "ENVIRONMENT=development")
    assert result.returncode == 0, result.stderr
    (backup,) = (folder / "backups/development").glob("agente_development_*.sqlite")
    assert (backup.parent / f"{backup.name}.sha256").read_text().endswith(f"  {backup.name}\n")
    stamp = re.search(r"(\d{8}_\d{6})", backup.name)
    assert stamp is not None
    await add_hotel(url, "after-backup")

    refused = make(folder, "restore", "ENVIRONMENT=development", f"BACKUP_DATE={stamp[1]}")
    assert refused.returncode != 0  # no terminal to confirm on: nothing is restored
    assert await rows(url) == [("after-backup", "after-backup"), ("before-backup", "before-backup")]

    restored = make(
        folder, "restore", "ENVIRONMENT=development", f"BACKUP_DATE={stamp[1]}", "YES=1"
    )
    assert restored.returncode == 0, restored.stderr
    assert "Checksum verified" in restored.stdout and "migrations at head" in restored.stdout
    assert await rows(url) == [("before-backup", "before-backup")]


def test_restore_without_a_date_fails_and_says_what_is_needed(tmp_path: Path) -> None:
    result = make(make_project(tmp_path / "project"), "restore", "ENVIRONMENT=production")
    assert result.returncode != 0
    assert "BACKUP_DATE=YYYYMMDD_HHMMSS is required" in result.stderr


def test_backup_of_a_missing_database_fails(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "project")
    (folder / ".env").write_text(
        f"DATABASE_URL=sqlite+aiosqlite:///{folder / 'nothing.db'}\n", encoding="utf-8"
    )
    result = make(folder, "backup")
    assert result.returncode != 0
    assert "does not exist" in result.stderr
    assert not list((folder / "backups").rglob("agente_*"))


def test_preflight_fails_on_a_blocker(tmp_path: Path) -> None:
    result = make(make_project(tmp_path / "project"), "preflight", "ENVIRONMENT=production")
    assert result.returncode != 0
    assert "NO-GO" in result.stdout


@pytest.mark.parametrize("path", OPS_FILES, ids=lambda p: p.name)
def test_no_ops_command_swallows_a_failure(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\|\|\s*(true|:)\b", text), f"{path.name} ignores a failure"
    if path.suffix == ".mk":  # a recipe line starting with "-" ignores its error
        assert not re.search(r"^\t-", text, re.MULTILINE), f"{path.name} ignores a recipe error"


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *arguments],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".git" not in p.parts and ".ruff_cache" not in p.parts
    }


@pytest.fixture
def lint_project(tmp_path: Path) -> Path:
    folder = make_project(tmp_path / "project")
    for name in ("src", "tests", "bench"):
        (folder / name).mkdir()
    (folder / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n", encoding="utf-8")
    (folder / "src/app.py").write_text(
        '"""An app."""\n\nAPI_KEY = "sk_live_51HqLyjWDarjtT1zdp7dcXoOv"  # test value\n',
        encoding="utf-8",
    )
    git(folder, "init", "-q")
    git(folder, "add", ".")
    baseline = subprocess.run(
        [str(VENV / "bin/detect-secrets"), "scan"], cwd=folder, capture_output=True, check=True
    ).stdout
    (folder / ".secrets.baseline").write_bytes(baseline)
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "init")
    return folder


def test_lint_passes_a_clean_tree_and_changes_no_file(lint_project: Path) -> None:
    # Moving the known secret down a line makes detect-secrets-hook rewrite its baseline.
    app = lint_project / "src/app.py"
    app.write_text(
        '"""An app."""\n\n'
        + app.read_text().split("\n\n", 1)[1].replace("API_KEY", 'NAME = "x"\nAPI_KEY')
    )
    before = snapshot(lint_project)
    result = make(lint_project, "lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(lint_project) == before


def test_lint_fails_on_a_new_secret_without_touching_the_baseline(lint_project: Path) -> None:
    (lint_project / "src/other.py").write_text(
        'TOKEN = "ghp_4bX9qLmN2vR7tY0wZ3cK8pJ5hG1fD6sA9eU2"\n', encoding="utf-8"
    )
    git(lint_project, "add", "src/other.py")
    before = snapshot(lint_project)
    result = make(lint_project, "lint")
    assert result.returncode != 0
    assert "not in .secrets.baseline" in result.stderr
    assert snapshot(lint_project) == before


def test_lint_fails_on_unformatted_code_without_reformatting_it(lint_project: Path) -> None:
    (lint_project / "src/ugly.py").write_text("x = {  'a':1 }\n", encoding="utf-8")
    before = snapshot(lint_project)
    result = make(lint_project, "lint")
    assert result.returncode != 0
    assert snapshot(lint_project) == before
