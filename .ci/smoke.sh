#!/usr/bin/env bash
# The window smoke test (scripts/smoke_window.py) on a virtual X display: the real app,
# real key presses, no crash, no traceback or Qt warning, no network socket (strace).
# Screenshots of every step go to $SMOKE_ARTIFACTS (default .ci-build/smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=${SMOKE_ARTIFACTS:-.ci-build/smoke}
rm -rf "$artifacts"
exec xvfb-run -a -s "-screen 0 1280x720x24" python scripts/smoke_window.py --artifacts "$artifacts"
