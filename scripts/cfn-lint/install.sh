#!/usr/bin/env bash
# Installs the CloudFormation linter, pinned with every dependency (constraints.txt), into the
# git-ignored virtual environment .venv/cfn-lint that the template tests (test/infra/cfn-lint.test.ts)
# run. Idempotent: "installed" means its `cfn-lint` entry point runs and reports the pin; any other
# environment (missing, another version, moved or copied with the checkout) is rebuilt. Exits 3
# when there is no Python 3.10+.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../python-tools/common.sh
. "$root/scripts/python-tools/common.sh"
version="1.58.0"
ensure_tool "cfn-lint" cfn-lint cfn-lint "$version" "under a minute" "cfn-lint==$version" -c "$here/constraints.txt"
