"""Entry point of the packaged app: the same command line as `painref`.

When Qt's system libraries are missing, `painref` and `painref --self-test` say so in one
line (painref/launch.py) instead of a traceback and PyInstaller's "Failed to execute
script"; this catches the ImportError here too, whichever command loaded Qt.
"""

import sys

from painref import launch
from painref.cli import main

try:
    status = main()
except ImportError as exc:
    status = launch.report_import_error(exc, self_test="--self-test" in sys.argv[1:])
raise SystemExit(status)
