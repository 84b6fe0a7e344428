#!/usr/bin/env bash
# Installs the CloudFormation linter, pinned with every dependency (constraints.txt), into the
# git-ignored virtual environment .venv/cfn-lint that the template tests (test/infra/cfn-lint.test.ts)
# run. Idempotent: "installed" means its `cfn-lint` entry point runs and reports the pin; any
# other environment (missing, another version, moved or copied with the checkout) is rebuilt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../python-tools/common.sh
. "$root/scripts/python-tools/common.sh"
version="1.58.0"
venv="$root/.venv/cfn-lint"

found="$(tool_version "$venv/bin/cfn-lint" cfn-lint)"
if [ "$found" = "$version" ]; then
  echo "cfn-lint $version is already installed in .venv/cfn-lint"
  exit 0
fi
if ! python="$(find_python)"; then
  echo "cfn-lint needs Python 3.10 or newer with venv: install python3 (3.10+) and python3-venv, or set LITELLM_PYTHON." >&2
  exit 3
fi

started=$(date +%s)
why="${found:+cfn-lint $found found}"
[ -e "$venv" ] && [ -z "$found" ] && why="the environment there does not run (moved or copied?)"
echo "Installing cfn-lint $version into .venv/cfn-lint (${why:-first time}; under a minute)..."
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet "cfn-lint==$version" -c "$here/constraints.txt"
installed="$(tool_version "$venv/bin/cfn-lint" cfn-lint)"
if [ "$installed" != "$version" ]; then
  echo "Expected cfn-lint $version in .venv/cfn-lint, but it reports '${installed:-nothing}'." >&2
  exit 1
fi
echo "cfn-lint $version installed in $(( $(date +%s) - started )) s"
