#!/usr/bin/env bash
# Installs the pinned LiteLLM proxy (requirements.txt, every dependency pinned by constraints.txt)
# into the git-ignored virtual environment .venv/litellm that the tests and `npm run demo` start it
# from. Idempotent: "installed" means its `litellm` entry point runs and reports the pin; any other
# environment (missing, another version, moved or copied with the checkout) is rebuilt. Exits 3
# when there is no Python 3.10+.
#   LITELLM_PYTHON=python3.11 chooses the interpreter (default: the first Python >= 3.10 on PATH)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/scripts/litellm-proxy"
# shellcheck source=../python-tools/common.sh
. "$root/scripts/python-tools/common.sh"
pinned="$(sed -n 's/^litellm\[proxy\]==//p' "$here/requirements.txt")"
ensure_tool "LiteLLM proxy" litellm litellm "$pinned" "a few minutes" -r "$here/requirements.txt" -c "$here/constraints.txt"
