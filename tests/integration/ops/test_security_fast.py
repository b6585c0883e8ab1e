"""`make security-fast` (scripts/security_fast.py): bandit is clean, and pip-audit's outcome
is stated plainly, whether its vulnerability service answered or could not be reached."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "security_fast.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("security_fast", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bandit_finds_nothing_and_an_unreachable_audit_service_is_reported_as_incomplete(
    tmp_path: Path,
) -> None:
    dead_proxy = "http://127.0.0.1:9"  # nothing listens: every request fails at once
    env = {
        **os.environ,
        "HTTPS_PROXY": dead_proxy,
        "HTTP_PROXY": dead_proxy,
        "NO_PROXY": "",
        "XDG_CACHE_HOME": str(tmp_path),  # no cached answers from an earlier run
    }
    result = subprocess.run(
        [sys.executable, str(SCRIPT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert "bandit: no issues" in result.stdout, result.stdout + result.stderr
    assert "pip-audit: INCOMPLETE - the pypi vulnerability service cannot be reached." in (
        result.stdout
    )
    assert "Nothing was audited" in result.stdout
    assert "no known vulnerabilities" not in result.stdout.lower()
    assert result.returncode == 2


def audit_answer(*dependencies: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    report = {"dependencies": list(dependencies), "fixes": []}
    return subprocess.CompletedProcess([], 0, stdout=json.dumps(report), stderr="")


CLEAN = {"name": "httpx", "version": "0.28.1", "vulns": []}
VULNERABLE = {
    "name": "jinja2",
    "version": "3.1.2",
    "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}],
}
UNKNOWN = {"name": "aioimaplib", "version": "2.0.3", "skip_reason": "Dependency not found on PyPI"}


@pytest.mark.parametrize(
    ("answer", "status", "said"),
    [
        (
            audit_answer(CLEAN, CLEAN),
            0,
            "pip-audit: no known vulnerabilities in 2 audited packages",
        ),
        (
            audit_answer(CLEAN, VULNERABLE),
            1,
            "jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)\n"
            "pip-audit: 1 of 2 audited packages are vulnerable",
        ),
        (
            audit_answer(CLEAN, UNKNOWN),
            2,
            "pip-audit: INCOMPLETE - the pypi vulnerability service answered for 1 of 2 "
            "packages; it did not know 1 (e.g. aioimaplib), so they were not audited.",
        ),
    ],
)
def test_an_answering_audit_service_gets_a_plain_verdict(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: subprocess.CompletedProcess[str],
    status: int,
    said: str,
) -> None:
    script = load_script()
    monkeypatch.setattr(script, "run", lambda command: answer)

    assert script.pip_audit() == status
    assert said in capsys.readouterr().out
