"""Rendering: Jinja2 page templates to HTML, for the window, the CLI and exports."""
