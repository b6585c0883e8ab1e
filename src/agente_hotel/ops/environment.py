"""Settings of a named environment, read from its `.env` files for the operations commands.

The app refuses to start a staging or production deployment with missing or placeholder
settings. Operations commands must still run there (a backup needs only the database URL;
preflight must list every problem), so they load the settings leniently and get the
problems as a list.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from agente_hotel.errors import ConfigurationError
from agente_hotel.settings import Environment, Settings, env_file_for


def env_files(environment: Environment, root: Path = Path()) -> list[Path]:
    """The files the environment reads, in order (later ones win); only those that exist."""
    return [root / name for name in env_file_for(environment.value) if (root / name).exists()]


def environment_file(environment: Environment, root: Path = Path()) -> Path:
    """The file holding the environment's own settings and secrets."""
    name = ".env" if environment is Environment.DEVELOPMENT else f".env.{environment.value}"
    return root / name


def load_environment(environment: Environment, root: Path = Path()) -> tuple[Settings, list[str]]:
    """The environment's settings and what would stop it from starting.

    Raises `ConfigurationError` when a setting cannot be read at all (a malformed number,
    an unknown PMS type).
    """
    files = tuple(str(path) for path in env_files(environment, root))
    try:
        # Validated as development so that deployment problems are listed, not raised.
        lenient = Settings(
            _env_file=files or None,
            environment=Environment.DEVELOPMENT,
        )
    except ValidationError as exc:
        raise ConfigurationError(f"the {environment.value} settings are invalid: {exc}") from exc
    settings = lenient.model_copy(update={"environment": environment})
    return settings, settings.deployment_problems()
