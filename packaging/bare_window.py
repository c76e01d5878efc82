"""The size and start-up floor: a bare PySide6 window with the widget kinds PainRef uses.

It opens at PainRef's first-run size and shows a few paragraphs in its text browser, so it
lays out and paints text as PainRef's page view does. With --quit (the start-up benchmark's
probe) it prints `first_paint` when the text browser's viewport first paints, quits, and
prints `peak_rss_kb N`, as PainRef does with PAINREF_EXIT_AFTER_START=1.
"""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QWidget,
)

# PainRef's first-run size (painref/ui/main_window.py: DEFAULT_SIZE, FRAME_ALLOWANCE,
# TITLE_ALLOWANCE, MainWindow._fit_to_screen), copied so this script needs nothing of PainRef.
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1180, 780
FRAME_ALLOWANCE = 8
TITLE_ALLOWANCE = 48
MIN_WIDTH, MIN_HEIGHT = 640, 480

TEXT = """<h1>A bare window</h1>
<p>This window is the floor that PainRef's start-up, memory and package size are measured
against: the same Qt widgets (a main window with a tool bar, a splitter, a tree and a text
browser) with nothing of PainRef behind them.</p>
<p>Its text browser shows a few paragraphs, so that its first frame lays out and paints text
as PainRef's first page does. The font, the palette and the style are Qt's defaults.</p>
<h2>How it is used</h2>
<p>The benchmark starts it with <i>--quit</i>. It then says <code>first_paint</code> when the
text browser first paints, quits, and says its peak memory, so each of its runs can be set
beside one of PainRef's, round after round.</p>
<p>The packaged build of this script is the size floor: PainRef's one-folder package is
compared with this one, built by the same rules.</p>
"""


def fit_to_screen(window: QMainWindow) -> None:
    """PainRef's first-run size and place: at most 1180x780, inside the screen's available
    area less room for a window manager's frame, at least 640x480, centred."""
    available = window.screen().availableGeometry()
    width = min(DEFAULT_WIDTH, available.width() - 2 * FRAME_ALLOWANCE)
    height = min(DEFAULT_HEIGHT, available.height() - TITLE_ALLOWANCE)
    window.resize(max(width, MIN_WIDTH), max(height, MIN_HEIGHT))
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(max(frame.left(), available.left()), max(frame.top(), available.top()))


class FirstPaintProbe(QObject):
    """Says `first_paint` on stdout when the viewport first paints, then quits the app."""

    def __init__(self, viewport: QWidget) -> None:
        super().__init__(viewport)
        self._viewport = viewport
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._viewport.removeEventFilter(self)
            # print, not sys.stdout.write: a windowed Windows build has no stdout (None).
            print("first_paint", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def peak_rss_kb() -> int:
    """VmHWM, as painref.app.peak_rss_kb measures it (ru_maxrss survives exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as proc:
            return next(int(line.split()[1]) for line in proc if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    splitter = QSplitter(window)
    splitter.addWidget(QTreeView())
    browser = QTextBrowser()
    browser.setHtml(TEXT)
    splitter.addWidget(browser)
    window.setCentralWidget(splitter)
    window.addToolBar("Navigation").addWidget(QLineEdit())
    fit_to_screen(window)
    if "--quit" in sys.argv:
        FirstPaintProbe(browser.viewport())
    window.show()
    status = app.exec()
    if "--quit" in sys.argv:
        print(f"peak_rss_kb {peak_rss_kb()}", flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
