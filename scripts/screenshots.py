"""Regenerates the README screenshots from the real window.

Run under a real X server or Xvfb, from a source checkout:

    xvfb-run -a -s "-screen 0 1400x900x24" python scripts/screenshots.py

Writes docs/screenshots/{home,procedure,condition}-{light,dark}.png, and 200% zoom
checks into screenshots-tmp/ (not committed) for a person to look at.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from painref import paths  # noqa: E402
from painref.app import create_application  # noqa: E402
from painref.content.library import Library  # noqa: E402
from painref.search.service import SearchService  # noqa: E402
from painref.ui.main_window import MainWindow  # noqa: E402
from painref.ui.palette import dark_palette  # noqa: E402

SHOTS = {
    "home": "home",
    "procedure": "epidural-steroid-injection",
    "condition": "spinal-stenosis",
    "search": "search:steriod shot in back",
    "compare": "compare:epidural-steroid-injection,radiofrequency-ablation,spinal-cord-stimulation",
}


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def shoot(app: QApplication, library: Library, theme: str, out: Path, zoom: int) -> list[Path]:
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue(
            "history/recent",
            ["radiofrequency-ablation", "spinal-stenosis", "epidural-steroid-injection"],
        )
        window = MainWindow(library, SearchService(library), settings)
        window.resize(1280, 800)
        window.show()
        window.set_zoom(zoom)
        for name, location in SHOTS.items():
            if location == "home":
                window.show_home()
            elif location.startswith("search:"):
                window.show_page("epidural-steroid-injection")
                window.search_field.setText(location.removeprefix("search:"))
                window.search_field.flush()
            elif location.startswith("compare:"):
                window.search_field.clear()
                window.search_field.flush()
                window.show_comparison(location.removeprefix("compare:").split(","))
            else:
                window.search_field.clear()
                window.search_field.flush()
                window.show_page(location)
            settle(app)
            suffix = "" if zoom == 100 else f"-{zoom}"
            path = out / f"{name}-{theme}{suffix}.png"
            window.grab().save(str(path))
            written.append(path)
        window.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--check",
        type=Path,
        default=ROOT / "screenshots-tmp",
        help="where the 200%% zoom checks go",
    )
    args = parser.parse_args()
    app = create_application(sys.argv[:1])
    library = Library.open(paths.bundled_db())
    args.out.mkdir(parents=True, exist_ok=True)
    args.check.mkdir(parents=True, exist_ok=True)
    for theme in ("light", "dark"):
        for path in shoot(app, library, theme, args.out, 100):
            print(path.relative_to(ROOT))
        for path in shoot(app, library, theme, args.check, 200):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
