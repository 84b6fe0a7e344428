#!/usr/bin/env bash
# The first step of `npm test`: the pinned Python tools the tests run (the real LiteLLM proxy and
# cfn-lint), installed into the git-ignored .venv/ the first time and rebuilt when broken, both at
# once. Without Python 3.10 or newer, their tests are skipped locally (one line says so); on CI
# (CI set and not "false") a tool that cannot be installed fails the run.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=common.sh
. "$root/scripts/python-tools/common.sh"

if ! find_python >/dev/null; then
  if on_ci; then
    echo "CI needs Python 3.10 or newer with venv for the LiteLLM proxy and cfn-lint tests: install python3 and python3-venv." >&2
    exit 1
  fi
  echo "Skipping the real LiteLLM proxy and cfn-lint tests: no Python 3.10 or newer (install python3 and python3-venv to run them)."
  exit 0
fi

bash "$root/scripts/litellm-proxy/install.sh" & litellm=$!
bash "$root/scripts/cfn-lint/install.sh" & cfnlint=$!
status=0
wait "$litellm" || status=1
wait "$cfnlint" || status=1
if [ "$status" -ne 0 ]; then
  if on_ci; then exit 1; fi
  echo "A Python tool could not be installed (the reason is above): the tests that need it are skipped."
fi
exit 0
