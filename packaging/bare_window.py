"""The size and start-up floor: a bare PySide6 window with the widget kinds PainRef uses."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QTreeView,
)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    splitter = QSplitter(window)
    splitter.addWidget(QTreeView())
    splitter.addWidget(QTextBrowser())
    window.setCentralWidget(splitter)
    window.addToolBar("Navigation").addWidget(QLineEdit())
    window.show()
    if "--quit" in sys.argv:
        QTimer.singleShot(0, app.quit)
        status = app.exec()
        # VmHWM, as painref.app.peak_rss_kb measures it (ru_maxrss survives exec).
        with open("/proc/self/status", encoding="ascii") as proc:
            peak = next(int(line.split()[1]) for line in proc if line.startswith("VmHWM:"))
        print(f"peak_rss_kb {peak}")
        return status
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
