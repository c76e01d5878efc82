"""Regenerates the README screenshots from the real window.

Run under a real X server or Xvfb, from a source checkout:

    xvfb-run -a -s "-screen 0 1400x900x24" python scripts/screenshots.py

Writes docs/screenshots/{home,procedure,condition}-{light,dark}.png, the tools
(tool-{planner,dose,last}.png), teaching slides (slide-{light,dark,high-contrast}.png and
slide-keypoints.png, from scripts/screenshot_slides.py), reading views
(read-{diagram,outline,sticky}.png), the local layer beside the published content
(local-{glance,home,drug}.png; the 1024x768 forms of both in the check folder), and 200% zoom
checks into screenshots-tmp/ (not committed) for a person to look at.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
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
from painref.store.user import UserData  # noqa: E402
from painref.ui import appearance  # noqa: E402
from painref.ui.main_window import MainWindow  # noqa: E402
from painref.ui.palette import dark_palette  # noqa: E402
from painref.ui.tool_dialogs import DoseDialog, LastDialog, PlannerDialog  # noqa: E402

SHOTS = {
    "home": "home",
    "procedure": "epidural-steroid-injection",
    "condition": "spinal-stenosis",
    "search": "search:steriod shot in back",
    # Three whose sources report both axes, so the chart is drawn.
    "compare": "compare:spinal-cord-stimulation,intrathecal-drug-delivery,"
    "basivertebral-nerve-ablation",
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
        user = UserData.open(Path(tmp) / "user.db")
        for page_id in (
            "epidural-steroid-injection",
            "spinal-stenosis",
            "radiofrequency-ablation",
        ):  # a few recently viewed pages
            assert user.history is not None
            user.history.visit(page_id, library.summary(page_id).title)
        window = MainWindow(library, SearchService(library), settings, user=user)
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
        user.close()
    return written


def shoot_reading(app: QApplication, library: Library, out: Path, check: Path) -> list[Path]:
    """Reading a long page: a diagram, the outline following the reader, a comparison's
    column titles kept in view; at a projector's 1280x720 (out) and a laptop's 1024x768
    (check, for a person to look at)."""
    app.setStyle("Fusion")
    app.setPalette(app.style().standardPalette())
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        user = UserData.open(Path(tmp) / "user.db")
        window = MainWindow(library, SearchService(library), settings, user=user)
        window.show()
        for size, folder, suffix in (((1280, 720), out, ""), ((1024, 768), check, "-1024")):
            window.resize(*size)
            settle(app)
            scenes = (
                ("diagram", "transforaminal-epidural-steroid-injection", "diagram-"),
                ("outline", "epidural-steroid-injection", "Technique"),
                (
                    "sticky",
                    "compare:epidural-steroid-injection,radiofrequency-ablation,"
                    "spinal-cord-stimulation",
                    "compare-table",
                ),
            )
            for name, location, where in scenes:
                window.show_location(location)
                settle(app)
                view = window.view
                if where == "compare-table":
                    view.scrollToAnchor(where)
                    bar = view.verticalScrollBar()
                    bar.setValue(bar.value() + view.viewport().height() // 2)
                elif where.startswith("diagram-"):
                    first = library.topic(location).diagrams[0]
                    view.scrollToAnchor(f"diagram-{first.id}")
                else:
                    titles = window.navigation.outline.titles()
                    window.navigation.outline.jump_requested.emit(f"sec-{titles.index(where) + 1}")
                settle(app)
                path = folder / f"read-{name}{suffix}.png"
                window.grab().save(str(path))
                written.append(path)
        window.close()
        user.close()
    return written


def shoot_tools(app: QApplication, library: Library, out: Path) -> list[Path]:
    """The procedure-day tools: the planner for an epidural, the dose calculator, LAST."""
    app.setStyle("Fusion")
    app.setPalette(app.style().standardPalette())
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        user = UserData.open(Path(tmp) / "user.db")
        window = MainWindow(library, SearchService(library), settings, user=user)
        window.resize(1280, 800)
        window.show()
        window.show_page("epidural-steroid-injection")
        planner = window.tools.planner("epidural-steroid-injection")
        assert isinstance(planner, PlannerDialog)
        planner.resize(1200, 760)
        planner.use_date.setChecked(True)
        for drug in ("warfarin", "rivaroxaban", "aspirin-primary-prevention", "apixaban"):
            planner.check(drug)
        dose = window.tools.dose("lidocaine")
        assert isinstance(dose, DoseDialog)
        dose.weight.setText("70")
        dose.concentration.setEditText("1")
        dose.given_agent.setCurrentIndex(dose.given_agent.findData("bupivacaine"))
        dose.given_mg.setText("50")
        last = window.tools.last()
        assert isinstance(last, LastDialog)
        last.weight.setText("62")
        for name, dialog in (("planner", planner), ("dose", dose), ("last", last)):
            dialog.show()
            settle(app)
            path = out / f"tool-{name}.png"
            dialog.grab().save(str(path))
            written.append(path)
            dialog.close()
        # The emergency view in high contrast at the largest text size, as on a projector.
        settings.setValue("appearance/theme", "high-contrast")
        settings.setValue("appearance/base_font_pt", 20.0)
        contrast = MainWindow(library, SearchService(library), settings, user=user)
        appearance.apply(app, contrast.view_settings.appearance)
        last = contrast.tools.last()
        assert isinstance(last, LastDialog)
        last.resize(1280, 800)
        last.weight.setText("62")
        settle(app)
        path = out / "tool-last-high-contrast.png"
        last.grab().save(str(path))
        written.append(path)
        last.close()
        contrast.close()
        appearance.apply(app, appearance.Appearance())
        window.close()
        user.close()
    return written


def shoot_handout(library: Library, out: Path) -> list[Path]:
    """Pages of a lecture-set handout, drawn by pdftoppm (poppler-utils) when it is there."""
    from painref.ui.handout import export_handout_pdf

    pdftoppm, gs = shutil.which("pdftoppm"), shutil.which("gs")
    if pdftoppm is None and gs is None:
        print("neither pdftoppm (poppler-utils) nor gs (ghostscript): no handout images")
        return []
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "handout.pdf"
        export_handout_pdf(
            library,
            [
                "epidural-steroid-injection",
                "compare:epidural-steroid-injection,radiofrequency-ablation",
                "spinal-stenosis",
            ],
            pdf,
            "Spine injections",
        )
        for page, name in ((1, "handout-cover"), (2, "handout-page")):
            if pdftoppm is not None:
                command = [pdftoppm, "-r", "70", "-png", "-singlefile", "-f", str(page)]
                command += ["-l", str(page), str(pdf), str(out / name)]
            else:
                command = [str(gs), "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=png16m", "-r70"]
                command += [f"-dFirstPage={page}", f"-dLastPage={page}"]
                command += [f"-sOutputFile={out / name}.png", str(pdf)]
            subprocess.run(command, check=True)
    return [out / "handout-cover.png", out / "handout-page.png"]


def shoot_local(app: QApplication, library: Library, out: Path, check: Path) -> list[Path]:
    """The department's local layer (the fictional docs/local-example/) beside the published
    content: a note under an at-a-glance row, home with the layer's pages, a note under a
    drug's row; at 1280x720 (out) and 1024x768 (check)."""
    from painref.content.local_builder import build_local_layer
    from painref.content.local_layer import LocalLayer

    app.setStyle("Fusion")
    app.setPalette(app.style().standardPalette())
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "local.db"
        build_local_layer(ROOT / "docs" / "local-example", library, db)
        layer = LocalLayer.open(db)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        user = UserData.open(Path(tmp) / "user.db")
        assert user.notes is not None
        user.notes.set(
            "epidural-steroid-injection",
            "Epidural steroid injection",
            "Dr Lee prefers dexamethasone for all cervical levels; check the list on Tuesday.",
        )
        window = MainWindow(
            library,
            SearchService(library, local=layer, notes=user.notes),
            settings,
            user=user,
            local=layer,
        )
        window.show()
        for size, folder, suffix in (((1280, 720), out, ""), ((1024, 768), check, "-1024")):
            window.resize(*size)
            settle(app)
            for name, location, anchor in (
                ("glance", "epidural-steroid-injection", "Sedation"),
                ("home", "home", None),
                ("drug", "direct-oral-anticoagulants", "Apixaban - Eliquis"),
            ):
                window.show_location(location)
                settle(app)
                if anchor:
                    view = window.view
                    view.find(anchor)
                    cursor = view.textCursor()
                    view.verticalScrollBar().setValue(
                        view.verticalScrollBar().value() + view.cursorRect(cursor).top() - 60
                    )
                    cursor.clearSelection()
                    view.setTextCursor(cursor)
                settle(app)
                path = folder / f"local-{name}{suffix}.png"
                window.grab().save(str(path))
                written.append(path)
        window.close()
        user.close()
        layer.close()
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
    from screenshot_slides import slide_screens

    shots = slide_screens(app, library, args.out) + shoot_handout(library, args.out)
    shots += shoot_reading(app, library, args.out, args.check)
    shots += shoot_local(app, library, args.out, args.check)
    for path in shots + shoot_tools(app, library, args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    for theme in ("light", "dark"):
        for path in shoot(app, library, theme, args.out, 100):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        for path in shoot(app, library, theme, args.check, 200):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
