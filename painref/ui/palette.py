"""Light and dark palettes for the Fusion style (used when a theme is forced)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def dark_palette() -> QPalette:
    """A calm dark palette with enough contrast for text and links."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202429",
        QPalette.ColorRole.WindowText: "#e6e9ec",
        QPalette.ColorRole.Base: "#16191d",
        QPalette.ColorRole.AlternateBase: "#23282e",
        QPalette.ColorRole.ToolTipBase: "#2b3138",
        QPalette.ColorRole.ToolTipText: "#e6e9ec",
        QPalette.ColorRole.PlaceholderText: "#8b949e",
        QPalette.ColorRole.Text: "#e6e9ec",
        QPalette.ColorRole.Button: "#2b3138",
        QPalette.ColorRole.ButtonText: "#e6e9ec",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d7fc4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8cc4ff",
        QPalette.ColorRole.Mid: "#3a4149",
        QPalette.ColorRole.Dark: "#101316",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#6b737c")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette
