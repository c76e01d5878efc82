#!/usr/bin/env bash
# The project's checks in one command: lint, format, types, import layers, then the tests.
#
#   scripts/check.sh              every gate, then the test suite
#   scripts/check.sh --gates-only every gate, no tests (.ci/run runs the tests last itself)
#
# Run it from the checkout root in the project's virtual environment (README, "Set up").
# Every gate runs even when an earlier one fails; the exit status is 1 if any failed.
# .pre-commit-config.yaml runs the same gate commands on commit.
set -u
cd "$(dirname "$0")/.."

failed=()
gate() {  # gate NAME COMMAND...
  local name=$1 start=$SECONDS
  shift
  echo "::: $name"
  if "$@"; then
    echo "::: $name: passed ($((SECONDS - start)) s)"
  else
    echo "::: $name: FAILED ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
}

gate "ruff check" ruff check .
gate "ruff format" ruff format --check .
gate "mypy" mypy
gate "import layers" lint-imports
if [ "${1:-}" != "--gates-only" ]; then
  gate "tests" env QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" pytest -q
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "::: FAILED: ${failed[*]}"
  exit 1
fi
echo "::: all checks passed"
