# Shared by the install scripts of the pinned Python tools (sourced, not run).

# The interpreter to build a tool's environment with: LITELLM_PYTHON when set (and only it), else
# the first python3 / python3.1x on PATH that is 3.10 or newer and has venv. Prints nothing and
# fails when there is none.
find_python() {
  local candidates=("${LITELLM_PYTHON:-}")
  [ -n "${LITELLM_PYTHON:-}" ] || candidates=(python3 python3.13 python3.12 python3.11 python3.10)
  local candidate
  for candidate in "${candidates[@]}"; do
    if "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# The installed version of PACKAGE as the interpreter of its entry point ENTRY reports it, or
# nothing when that interpreter does not run: a checkout that was moved or copied has entry points
# whose #! names an interpreter that is gone (the ENOENT a stamp file never noticed). This proves
# what running `ENTRY --version` would, without importing the tool (`litellm --version` loads the
# whole proxy: 14 s of CPU on every npm test).
tool_version() {
  local entry="$1" package="$2" interpreter
  [ -x "$entry" ] || return 0
  interpreter="$(sed -n '1s/^#!//p' "$entry")"
  # pip writes a /bin/sh trampoline instead when the interpreter's path is too long for #!.
  if [ "$interpreter" = "/bin/sh" ]; then
    interpreter="$(sed -n "2s/^'''exec' '\([^']*\)'.*/\1/p" "$entry")"
  fi
  if [ -n "$interpreter" ] && [ -x "$interpreter" ]; then
    "$interpreter" -c "import importlib.metadata as m; print(m.version('$package'))" 2>/dev/null || true
  fi
}

# True on CI (CI set and not "false"), where a tool that cannot be installed fails the run.
on_ci() {
  [ -n "${CI:-}" ] && [ "${CI}" != "false" ]
}

# ensure_tool LABEL NAME PACKAGE PIN DURATION PIP-ARGS...
# Makes $root/.venv/NAME hold PACKAGE==PIN, whose entry point is bin/PACKAGE: nothing to do when it
# runs and reports PIN; otherwise the environment is removed and built again with
# `pip install PIP-ARGS`, with a progress line (DURATION says how long to expect) and the time it
# took. Returns 3 when there is no Python to build it with.
ensure_tool() {
  local label="$1" name="$2" package="$3" pin="$4" duration="$5"
  shift 5
  local venv="$root/.venv/$name"
  local entry="$venv/bin/$package" found python started why installed
  found="$(tool_version "$entry" "$package")"
  if [ "$found" = "$pin" ]; then
    echo "$label $pin is already installed in .venv/$name"
    return 0
  fi
  if ! python="$(find_python)"; then
    echo "$label needs Python 3.10 or newer with venv: install python3 (3.10+) and python3-venv, or set LITELLM_PYTHON." >&2
    return 3
  fi
  started=$(date +%s)
  why="${found:+$package $found found}"
  if [ -e "$venv" ] && [ -z "$found" ]; then why="the environment there does not run (moved or copied?)"; fi
  echo "Installing $label $pin into .venv/$name (${why:-first time}; $duration)..."
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet "$@"
  installed="$(tool_version "$entry" "$package")"
  if [ "$installed" != "$pin" ]; then
    echo "Expected $package $pin in .venv/$name, but it reports '${installed:-nothing}'." >&2
    return 1
  fi
  echo "$label $pin installed in $(( $(date +%s) - started )) s"
}
