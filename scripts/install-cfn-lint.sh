#!/usr/bin/env bash
# Installs the CloudFormation linter, pinned, into a git-ignored virtual environment that the
# template tests (test/infra/cfn-lint.test.ts) look for. Safe to re-run: it reinstalls only when the
# pinned version is not the one already there.
set -euo pipefail
cd "$(dirname "$0")/.."
CFN_LINT_VERSION="1.58.0"
VENV=".venv/cfn-lint"
if [ -x "$VENV/bin/cfn-lint" ] && [ "$("$VENV/bin/cfn-lint" --version | awk '{print $2}')" = "$CFN_LINT_VERSION" ]; then
  echo "cfn-lint $CFN_LINT_VERSION already installed in $VENV"
  exit 0
fi
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
"$VENV/bin/cfn-lint" --version
