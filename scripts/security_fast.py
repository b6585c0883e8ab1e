"""`make security-fast`: bandit over src/ and pip-audit over the installed packages.

pip-audit reports "No known vulnerabilities found" even when it could audit nothing (the
vulnerability service was unreachable or knew none of the packages). This script counts
what was really audited and says plainly when the audit is incomplete.

Exit status: 0 clean; 1 findings; 2 the audit could not be completed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
UNREACHABLE_MARKERS = (
    "ConnectionError",
    "NameResolutionError",
    "Max retries exceeded",
    "Failed to resolve",
    "Connection refused",
    "ProxyError",
    "timed out",
)
NOT_FOUND = "Dependency not found on PyPI"


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def bandit() -> int:
    print("== bandit: src/ (medium severity and confidence and above)")
    result = run(
        [str(BIN / "bandit"), "-r", "src", "-q", "--severity-level", "medium",
         "--confidence-level", "medium", "--format", "txt"]
    )  # fmt: skip
    output = (result.stdout + result.stderr).strip()
    if result.returncode == 0:
        print("bandit: no issues")
        return 0
    print(output)
    print("bandit: issues found (above)")
    return 1


def pip_audit() -> int:
    service = os.environ.get("PIP_AUDIT_SERVICE", "pypi")
    print(f"== pip-audit: installed packages against the {service} vulnerability service")
    result = run(
        [str(BIN / "pip-audit"), "--skip-editable", "--progress-spinner", "off",
         "--vulnerability-service", service, "--format", "json"]
    )  # fmt: skip
    if any(marker in result.stderr for marker in UNREACHABLE_MARKERS):
        last_line = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
        print(f"pip-audit: INCOMPLETE - the {service} vulnerability service cannot be reached.")
        print(f"  {last_line}")
        print("  Nothing was audited. Run `make security-fast` where that service is reachable.")
        return 2
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr)
        print(f"pip-audit: failed (exit {result.returncode}) without a report")
        return 2
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    unknown = [d for d in dependencies if NOT_FOUND in d.get("skip_reason", "")]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(
                f"  {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})"
            )
    if vulnerable:
        print(f"pip-audit: {len(vulnerable)} of {len(audited)} audited packages are vulnerable")
        return 1
    if unknown:
        print(
            f"pip-audit: INCOMPLETE - the {service} vulnerability service answered for "
            f"{len(audited)} of {len(audited) + len(unknown)} packages; it did not know "
            f"{len(unknown)} (e.g. {unknown[0]['name']}), so they were not audited."
        )
        print("  The package index this machine reaches may be a mirror without that service.")
        return 2
    print(f"pip-audit: no known vulnerabilities in {len(audited)} audited packages")
    return 0


def main() -> int:
    return max(bandit(), pip_audit())


if __name__ == "__main__":
    sys.exit(main())
