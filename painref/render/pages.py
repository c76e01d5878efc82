"""Page functions: a context dataclass in, a string out (HTML for the window, text for the CLI)."""

from __future__ import annotations

from painref.render.contexts import HomePage, TopicPage, topic_url
from painref.render.env import environment


def render_topic(page: TopicPage) -> str:
    """A topic or condition page as HTML in Qt's rich-text subset."""
    template = "condition.html" if page.detail.summary.is_condition else "topic.html"
    return (
        environment()
        .get_template(template)
        .render(page=page, d=page.detail, t=page.theme, url=topic_url)
    )


def render_topic_text(page: TopicPage) -> str:
    """A topic or condition page as plain text for a terminal."""
    return environment().get_template("topic.txt").render(page=page, d=page.detail)


def render_home(page: HomePage) -> str:
    """The home page as HTML."""
    return environment().get_template("home.html").render(page=page, t=page.theme, url=topic_url)
