"""Arbitrary text in every input field of the window: nothing raises, the window stays usable."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painref.ui.main_window import MainWindow

TEXT = st.text(max_size=200) | st.sampled_from(
    ['"', "NOT", "(", "*", "-", "a:b", "\x00", "💉", "javascript:alert(1)", "<b>x</b>", "a" * 5000]
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(search=TEXT, sidebar=TEXT, find=TEXT)
def test_any_text_in_every_field(window: MainWindow, search: str, sidebar: str, find: str) -> None:
    window.search_field.setText(search)
    window.search_field.flush()
    window.sidebar.filter.setText(sidebar)
    window.find_bar.open()
    window.find_bar.field.setText(find)
    window.find_bar.find_next()
    window.search_field.clear()
    window.search_field.flush()
    window.sidebar.filter.clear()
    window.show_page("alpha-injection")
    assert "Alpha injection" in window.view.toPlainText()
