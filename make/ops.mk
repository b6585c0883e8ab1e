# Operations targets, included by the root Makefile (which defines VENV, PYTHON, AGENTE and
# ENVIRONMENT). Every target fails when what it runs fails; none ignores an error.

.PHONY: preflight backup restore smoke canary deploy-staging lint secrets-baseline \
	security-fast deploy-check

BACKUP_DATE ?=
YES ?=
URL ?= $(PUBLIC_BASE_URL)
LINT_PATHS := src tests bench scripts

preflight: install ## GO / NO-GO checks for ENVIRONMENT=development|staging|production
	$(AGENTE) preflight --env $(ENVIRONMENT)

backup: install ## Back up ENVIRONMENT's database to backups/<env>/ (SHA-256 + retention)
	$(AGENTE) backup --env $(ENVIRONMENT)

restore: install ## Restore BACKUP_DATE=YYYYMMDD_HHMMSS into ENVIRONMENT's database (YES=1: no prompt)
	@test -n "$(BACKUP_DATE)" || { echo "BACKUP_DATE=YYYYMMDD_HHMMSS is required (ls backups/$(ENVIRONMENT))" >&2; exit 2; }
	$(AGENTE) restore --env $(ENVIRONMENT) --date $(BACKUP_DATE) $(if $(filter 1 yes true,$(YES)),--yes)

smoke: install ## Functional checks against a deployment: make smoke URL=https://...
	@test -n "$(URL)" || { echo "URL=https://... is required" >&2; exit 2; }
	$(AGENTE) smoke --env $(ENVIRONMENT) --url $(URL)

canary: install ## Canary analysis through Prometheus (see scripts/canary-monitor.sh)
	bash scripts/canary-monitor.sh

deploy-staging: install ## Preflight, backup, build, restart and smoke-test staging
	bash scripts/deploy-staging.sh

lint: install ## Check style, formatting and committed secrets (changes no file)
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	DETECT_SECRETS_HOOK=$(VENV)/bin/detect-secrets-hook bash scripts/check-secrets.sh

secrets-baseline: install ## Rewrite .secrets.baseline from the tracked files (review the diff)
	$(VENV)/bin/detect-secrets scan > .secrets.baseline

security-fast: install ## bandit over src/ and pip-audit over the installed packages
	$(PYTHON) scripts/security_fast.py

deploy-check: install ## Validate Dockerfile, compose files, Kubernetes, Prometheus and Alertmanager configs
	$(PYTHON) -m pytest -q tests/integration/ops/test_deploy_configs.py tests/integration/ops/test_monitoring_configs.py tests/unit/ops/test_expressions.py
