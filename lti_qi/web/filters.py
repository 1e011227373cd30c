"""Template filters: Markdown (sanitised), durations, percentages, dates and status words.

Every date shown to a person goes through ``day`` ("8 December 2026"), and every moment
through ``when`` (the same date, then the time in UTC), so pages never mix date formats.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from markupsafe import Markup

from lti_qi.content import render
from lti_qi.domain.values import format_date

STATUS_WORDS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "submitted": "Submitted",
    "awaiting_signoff": "Awaiting sign-off",
    "complete": "Complete",
    "locked": "Locked",
    "open": "Open",
    "changes_requested": "Changes requested",
    "signed_off": "Signed off",
}


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(markdown)
    app.add_template_filter(learner_text)
    app.add_template_filter(status_words)
    app.add_template_filter(percent)
    app.add_template_filter(minutes)
    app.add_template_filter(when)
    app.add_template_filter(day)


def markdown(text: str | None) -> Markup:
    """Render content Markdown (prompts, question text) to sanitised HTML."""
    return Markup(render.render_markdown(text or ""))  # noqa: S704  (sanitised by nh3)


def learner_text(text: str | None) -> Markup:
    """Render what a learner or mentor typed: Markdown without images, sanitised."""
    return Markup(render.render_user_text(text or ""))  # noqa: S704  (sanitised by nh3)


def status_words(status: str | None) -> str:
    """Return a status in plain words."""
    return STATUS_WORDS.get(
        str(status or "not_started"), str(status).replace("_", " ").capitalize()
    )


def percent(fraction: float | None) -> str:
    """Format a 0..1 fraction as a whole percentage."""
    return f"{round((fraction or 0) * 100)}%"


def minutes(value: int | None) -> str:
    """Format minutes as '45 min' or '2 h 15 min'."""
    total = int(value or 0)
    hours, rest = divmod(total, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def when(moment: datetime | None) -> str:
    """Format a UTC timestamp for people: '26 November 2026, 14:05 UTC'."""
    return f"{format_date(moment)}, {moment:%H:%M} UTC" if moment else ""


def day(value: date | str | None) -> str:
    """Format a date (or an ISO date as stored) for people: '8 December 2026'.

    Text that is not an ISO date is shown as it was typed.
    """
    if isinstance(value, str):
        return _typed_day(value)
    return format_date(value) if value else ""


def _typed_day(text: str) -> str:
    try:
        return format_date(date.fromisoformat(text)) if text else ""
    except ValueError:
        return text
