#!/usr/bin/env bash
# Installs the pinned LiteLLM proxy (requirements.txt, every dependency pinned by constraints.txt)
# into the git-ignored virtual environment .venv/litellm that test/litellm-proxy/ starts it from.
# Idempotent: does nothing when that environment already holds exactly these pins.
#   npm run setup:python              (LITELLM_PYTHON=python3.11 to choose the interpreter)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/scripts/litellm-proxy"
venv="$root/.venv/litellm"
python="${LITELLM_PYTHON:-python3}"
stamp="$venv/.installed-pins"
pinned="$(sed -n 's/^litellm\[proxy\]==//p' "$here/requirements.txt")"
wanted="$(cat "$here/requirements.txt" "$here/constraints.txt" | sha256sum | cut -d' ' -f1)"

if [ -x "$venv/bin/litellm" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  echo "LiteLLM proxy $pinned is already installed in .venv/litellm"
  exit 0
fi

if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
  echo "The LiteLLM proxy needs Python 3.10 or newer with venv and pip: '$python' is not. Set LITELLM_PYTHON." >&2
  exit 1
fi

started=$(date +%s)
echo "Installing LiteLLM proxy $pinned into .venv/litellm (a few minutes the first time)..."
rm -f "$stamp"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
  -r "$here/requirements.txt" -c "$here/constraints.txt"
installed="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))')"
if [ "$installed" != "$pinned" ]; then
  echo "Expected litellm $pinned in .venv/litellm, found $installed." >&2
  exit 1
fi
echo "$wanted" > "$stamp"
echo "LiteLLM proxy $pinned installed in $(( $(date +%s) - started )) s"
