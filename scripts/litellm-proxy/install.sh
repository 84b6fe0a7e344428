#!/usr/bin/env bash
# Installs the pinned LiteLLM proxy (requirements.txt, every dependency pinned by constraints.txt)
# into the git-ignored virtual environment .venv/litellm that the tests and `npm run demo` start it
# from. Idempotent: "installed" means its `litellm` entry point runs and reports the pin; any
# other environment (missing, another version, moved or copied with the checkout) is rebuilt.
#   LITELLM_PYTHON=python3.11 chooses the interpreter (default: the first Python >= 3.10 on PATH)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/scripts/litellm-proxy"
# shellcheck source=../python-tools/common.sh
. "$root/scripts/python-tools/common.sh"
venv="$root/.venv/litellm"
pinned="$(sed -n 's/^litellm\[proxy\]==//p' "$here/requirements.txt")"

found="$(tool_version "$venv/bin/litellm" litellm)"
if [ "$found" = "$pinned" ]; then
  echo "LiteLLM proxy $pinned is already installed in .venv/litellm"
  exit 0
fi
if ! python="$(find_python)"; then
  echo "The LiteLLM proxy needs Python 3.10 or newer with venv: install python3 (3.10+) and python3-venv, or set LITELLM_PYTHON." >&2
  exit 3
fi

started=$(date +%s)
why="${found:+litellm $found found}"
[ -e "$venv" ] && [ -z "$found" ] && why="the environment there does not run (moved or copied?)"
echo "Installing LiteLLM proxy $pinned into .venv/litellm (${why:-first time}; a few minutes)..."
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
  -r "$here/requirements.txt" -c "$here/constraints.txt"
installed="$(tool_version "$venv/bin/litellm" litellm)"
if [ "$installed" != "$pinned" ]; then
  echo "Expected litellm $pinned in .venv/litellm, but it reports '${installed:-nothing}'." >&2
  exit 1
fi
echo "LiteLLM proxy $pinned installed in $(( $(date +%s) - started )) s"
