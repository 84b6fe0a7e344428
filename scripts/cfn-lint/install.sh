#!/usr/bin/env bash
# Installs the CloudFormation linter, pinned with every dependency (constraints.txt), into the
# git-ignored virtual environment .venv/cfn-lint that the template tests (test/infra/cfn-lint.test.ts)
# look for. Idempotent: does nothing when that environment already holds exactly these pins.
#   npm run setup:python
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="1.58.0"
venv="$root/.venv/cfn-lint"
stamp="$venv/.installed-pins"
wanted="$(echo "$version" | cat - "$here/constraints.txt" | sha256sum | cut -d' ' -f1)"

if [ -x "$venv/bin/cfn-lint" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  echo "cfn-lint $version is already installed in .venv/cfn-lint"
  exit 0
fi
rm -f "$stamp"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet "cfn-lint==$version" -c "$here/constraints.txt"
"$venv/bin/cfn-lint" --version
echo "$wanted" > "$stamp"
