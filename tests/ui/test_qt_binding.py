"""Guards against a broken Qt binding: PySide6 6.12.0's Signal.emit loses a reference to True."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from PySide6.QtCore import QObject, Signal

class Emitter(QObject):
    fired = Signal(str)

emitter = Emitter()
before = sys.getrefcount(True)
for _ in range(200):
    emitter.fired.emit("x")
print(before - sys.getrefcount(True))
"""


def test_signal_emit_keeps_reference_counts() -> None:
    # In a child process: with a broken binding the interpreter aborts at exit.
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert int(result.stdout.strip()) < 50, "Signal.emit drops references to True"
