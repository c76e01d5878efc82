"""Teaching-slide screenshots for the README, in the manner of scripts/screenshots.py.

Run under a real X server or Xvfb, from a source checkout:

    xvfb-run -a -s "-screen 0 1280x720x24" python scripts/screenshot_slides.py

Writes docs/screenshots/slide-{light,dark,high-contrast}.png (a diagram slide of the epidural
steroid injection deck in each theme) and slide-keypoints.png (its key points), each at a
projector's 1280x720. scripts/screenshots.py may call slide_screens() itself.
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
from painref.content.library import Library  # noqa: E402
from painref.search.service import SearchService  # noqa: E402
from painref.store.user import UserData  # noqa: E402
from painref.ui import appearance  # noqa: E402
from painref.ui.application import create_application  # noqa: E402
from painref.ui.main_window import MainWindow  # noqa: E402

PAGE = "epidural-steroid-injection"
SIZE = (1280, 720)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def slide_screens(app: QApplication, library: Library, out: Path) -> list[Path]:
    """The ESI deck's key points, and a figure slide in light, dark and high contrast."""
    written = []
    for theme in ("light", "dark", "high-contrast"):
        with tempfile.TemporaryDirectory() as tmp:
            settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
            look = appearance.Appearance(theme=theme)
            look.save(settings)
            appearance.apply(app, look)
            user = UserData.open(Path(tmp) / "user.db")
            window = MainWindow(library, SearchService(library), settings, user=user)
            window.resize(*SIZE)
            window.show_page(PAGE)
            window.present()
            view = window.presentation
            assert view is not None
            view.resize(*SIZE)
            settle(app)
            titles = [s.title for s in view.slides()]
            if theme == "light":
                view.go_to(titles.index("Key points"))
                settle(app)
                path = out / "slide-keypoints.png"
                view.grab().save(str(path))
                written.append(path)
            figures = [i for i, s in enumerate(view.slides()) if s.kind == "image"]
            view.go_to(figures[0] if figures else titles.index("Key points"))
            settle(app)
            path = out / f"slide-{theme}.png"
            view.grab().save(str(path))
            written.append(path)
            view.leave()
            window.close()
            user.close()
    appearance.apply(app, appearance.Appearance(theme="light"))
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    app = create_application(sys.argv[:1])
    library = Library.open(paths.bundled_db())
    args.out.mkdir(parents=True, exist_ok=True)
    for path in slide_screens(app, library, args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
