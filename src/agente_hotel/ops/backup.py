"""Database backups with a SHA-256 manifest and a retention policy, and their restore.

    backups/<env>/agente_<env>_YYYYMMDD_HHMMSS.sqlite   SQLite online backup (consistent
                                                        while the app writes)
    backups/<env>/agente_<env>_YYYYMMDD_HHMMSS.dump     pg_dump custom format
    ... .sha256                                         `sha256sum -c` compatible manifest

Stamps are UTC. A restore verifies the checksum first and never touches the database when
it does not match.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import URL

from agente_hotel.errors import OperationsError
from agente_hotel.ops.migrations import migration_state
from agente_hotel.store.db import parse_database_url
from agente_hotel.store.migrate import upgrade_to_head

STAMP_FORMAT = "%Y%m%d_%H%M%S"
STAMP = re.compile(r"^\d{8}_\d{6}$")
EXTENSIONS = {"sqlite": "sqlite", "postgresql": "dump"}
PG_TIMEOUT_SECONDS = 3600


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime

    @property
    def manifest(self) -> Path:
        return self.path.with_name(self.path.name + ".sha256")


@dataclass(frozen=True)
class Retention:
    """Backups younger than `keep_days` are kept, and always the newest `keep_last`."""

    keep_days: int = 30
    keep_last: int = 7


def backup_folder(root: Path, environment: str) -> Path:
    return root / environment


def list_backups(root: Path, environment: str) -> list[Backup]:
    """The environment's backups, oldest first."""
    pattern = re.compile(rf"^agente_{re.escape(environment)}_(\d{{8}}_\d{{6}})\.(sqlite|dump)$")
    found = []
    folder = backup_folder(root, environment)
    for path in folder.iterdir() if folder.is_dir() else ():
        match = pattern.match(path.name)
        if match:
            taken_at = datetime.strptime(match.group(1), STAMP_FORMAT).replace(tzinfo=UTC)
            found.append(Backup(path, taken_at))
    return sorted(found, key=lambda backup: backup.taken_at)


def find_backup(root: Path, environment: str, stamp: str) -> Backup:
    if not STAMP.match(stamp):
        raise OperationsError(f"BACKUP_DATE {stamp!r} is not YYYYMMDD_HHMMSS")
    for backup in list_backups(root, environment):
        if backup.taken_at.strftime(STAMP_FORMAT) == stamp:
            return backup
    available = ", ".join(
        b.taken_at.strftime(STAMP_FORMAT) for b in list_backups(root, environment)
    )
    raise OperationsError(
        f"no {environment} backup taken at {stamp} in {backup_folder(root, environment)}"
        + (f"; available: {available}" if available else "; there are none")
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(backup: Backup) -> None:
    """Raises `OperationsError` unless the manifest exists and matches the file."""
    if not backup.manifest.exists():
        raise OperationsError(f"{backup.manifest} is missing: the backup cannot be verified")
    expected = backup.manifest.read_text(encoding="utf-8").split()[0]
    actual = sha256_of(backup.path)
    if actual != expected:
        raise OperationsError(
            f"{backup.path.name} is corrupt: SHA-256 {actual} does not match the manifest's "
            f"{expected}"
        )


def create_backup(
    database_url: str,
    environment: str,
    root: Path,
    *,
    now: datetime | None = None,
    retention: Retention | None = None,
) -> tuple[Backup, list[Path]]:
    """Back the database up; returns the backup and the old files the retention removed."""
    url = parse_database_url(database_url)
    taken_at = (now or datetime.now(UTC)).replace(microsecond=0)
    stamp = taken_at.strftime(STAMP_FORMAT)
    extension = EXTENSIONS[url.get_backend_name()]
    folder = backup_folder(root, environment)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    target = folder / f"agente_{environment}_{stamp}.{extension}"
    if target.exists():
        raise OperationsError(f"{target} already exists")
    partial = target.with_name(target.name + ".partial")
    try:
        if extension == "sqlite":
            _sqlite_copy(_sqlite_path(url), partial)
        else:
            _run_pg("pg_dump", ["--format=custom", "--no-owner", f"--file={partial}"], url)
        partial.chmod(0o600)
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    backup = Backup(target, taken_at)
    backup.manifest.write_text(f"{sha256_of(target)}  {target.name}\n", encoding="utf-8")
    removed = apply_retention(root, environment, retention or Retention(), now=taken_at)
    return backup, removed


def apply_retention(
    root: Path, environment: str, retention: Retention, *, now: datetime
) -> list[Path]:
    backups = list_backups(root, environment)
    newest = backups[-retention.keep_last :] if retention.keep_last > 0 else []
    cutoff = now - timedelta(days=retention.keep_days)
    removed = []
    for backup in backups:
        if backup in newest or backup.taken_at >= cutoff:
            continue
        for path in (backup.path, backup.manifest):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def restore_backup(database_url: str, backup: Backup) -> None:
    """Replace the database's content with the backup's, after verifying its checksum."""
    verify(backup)
    url = parse_database_url(database_url)
    if url.get_backend_name() == "sqlite":
        if backup.path.suffix != ".sqlite":
            raise OperationsError(
                f"{backup.path.name} is a PostgreSQL dump; DATABASE_URL is SQLite"
            )
        _sqlite_copy(backup.path, _sqlite_path(url))
        return
    if backup.path.suffix != ".dump":
        raise OperationsError(f"{backup.path.name} is a SQLite file; DATABASE_URL is PostgreSQL")
    _pg_restore(backup.path, url)


def _pg_restore(dump: Path, url: URL) -> None:
    """Empty the schema and load the dump, in one transaction: all of it or nothing.

    `pg_restore --clean` would only drop the objects the dump has, leaving behind tables
    made after the backup; the dump is turned into SQL first so that a failure to read it
    never reaches the database.
    """
    script = dump.with_name(dump.name + ".sql.partial")
    try:
        _run_pg("pg_restore", ["--no-owner", "--no-privileges", f"--file={script}", str(dump)], url)
        _run_pg(
            "psql",
            [
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                "--command=DROP SCHEMA public CASCADE",
                "--command=CREATE SCHEMA public",
                f"--file={script}",
            ],
            url,
        )
    finally:
        script.unlink(missing_ok=True)


async def bring_to_head(database_url: str) -> str:
    """After a restore: what was done to put the database at this version's migration head.

    A backup taken before an upgrade is migrated forward; one from a newer version (a
    revision this code does not know) is refused, since this code cannot read it.
    """
    state = await migration_state(database_url)
    if state.at_head:
        return f"migrations at head ({state.head})"
    if not state.known:
        raise OperationsError(
            f"the restored database is at revision {state.current}, which this version does "
            f"not know (head {state.head}): deploy the version that took the backup"
        )
    await upgrade_to_head(database_url)
    return f"migrated from {state.current or 'an empty schema'} to head ({state.head})"


def _sqlite_path(url: URL) -> Path:
    database = url.database
    if not database or database == ":memory:":
        raise OperationsError("an in-memory SQLite database cannot be backed up or restored")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while the app writes to `source`."""
    if not source.exists():
        raise OperationsError(f"SQLite database {source} does not exist")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as destination:
        origin.backup(destination)
    # `with` commits but does not close.
    origin.close()
    destination.close()


def _run_pg(program: str, arguments: list[str], url: URL) -> None:
    """Runs pg_dump/pg_restore with the connection in libpq variables (no password in argv)."""
    environment = {
        **os.environ,
        "PGHOST": url.host or "localhost",
        "PGPORT": str(url.port or 5432),
        "PGUSER": url.username or "postgres",
        "PGDATABASE": url.database or "",
    }
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments we built
            [program, *arguments],
            env=environment,
            capture_output=True,
            text=True,
            timeout=PG_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as exc:
        raise OperationsError(
            f"{program} is not installed: install the PostgreSQL client (postgresql-client)"
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise OperationsError(f"{program} did not finish within {PG_TIMEOUT_SECONDS} s") from exc
    if result.returncode != 0:
        raise OperationsError(f"{program} failed ({result.returncode}): {result.stderr.strip()}")
