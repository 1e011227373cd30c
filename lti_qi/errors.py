"""Errors people can act on, and the one place that turns them into responses.

Services raise :class:`UserError` subclasses with a message that says what to do next; views
never build error responses themselves. Anything else becomes a 500 page that shows a
request id and no trace, after the database session is rolled back.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, g, jsonify, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)


class LtiQiError(Exception):
    """Base of every error lti-qi raises on purpose."""


class UserError(LtiQiError):
    """An error caused by the request, shown to the person with what to do next."""

    status = 400
    title = "Something needs fixing"

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidInput(UserError):
    """The request's data is invalid (a 400 or, for forms, a 422)."""

    status = 400
    title = "Please check what you entered"


class Unprocessable(InvalidInput):
    """Well-formed data that cannot be accepted as it is (HTTP 422)."""

    status = 422


class Forbidden(UserError):
    """The person may not do this in this course (HTTP 403)."""

    status = 403
    title = "You don't have access to this"


class NotFound(UserError):
    """The thing asked for does not exist, or not for this person (HTTP 404)."""

    status = 404
    title = "Not found"


class Conflict(UserError):
    """The request clashes with the current state, e.g. a stale edit (HTTP 409)."""

    status = 409
    title = "This changed while you were working"


class TooManyRequests(UserError):
    """The person tried too often in a short time (HTTP 429)."""

    status = 429
    title = "Too many tries"


class LaunchError(UserError):
    """An LTI launch or login failed a check; names the check and who can fix it."""

    title = "lti-qi could not start from your course"

    def __init__(self, check: str, message: str, *, hint: str, status: int = 400):
        super().__init__(message, hint=hint)
        self.check = check
        self.status = status


def register_error_handlers(app: Flask) -> None:
    """Render every error as ``templates/errors/<status>.html`` or as JSON by ``Accept``."""
    app.register_error_handler(UserError, _handle_user_error)
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)


def _handle_user_error(error: UserError) -> tuple[Response | str, int]:
    extra = {"check": error.check} if isinstance(error, LaunchError) else {}
    if isinstance(error, LaunchError):
        logger.warning("launch refused at %s: %s", error.check, error.message)
    return _render(error.status, error.title, error.message, error.hint, **extra)


def _handle_csrf_error(error: CSRFError) -> tuple[Response | str, int]:
    return _render(
        400,
        "This form has expired",
        "The page was open too long or was submitted from somewhere else, so it was not saved.",
        "Go back, reload the page and submit again. Nothing else was changed.",
    )


def _handle_http_exception(error: HTTPException) -> tuple[Response | str, int]:
    status = error.code or 500
    return _render(status, error.name, error.description or error.name, _http_hint(status))


def _handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    from lti_qi.extensions import db

    db.session.rollback()
    request_id = getattr(g, "request_id", None) or uuid.uuid4().hex[:12]
    logger.exception("unexpected error (request %s)", request_id)
    return _render(
        500,
        "Something went wrong on our side",
        f"lti-qi hit an unexpected problem. Reference: {request_id}.",
        "Try again in a minute. If it keeps happening, send the reference to your lti-qi "
        "administrator. Nothing you saved earlier has been lost.",
    )


def _http_hint(status: int) -> str:
    hints = {
        404: "Check the address, or go back to your course and open lti-qi from there.",
        405: "Open this page from lti-qi's own links rather than typing its address.",
        413: "The file is too large. Make it smaller, or share a link to it instead.",
    }
    return hints.get(status, "Go back to your course and open lti-qi again.")


def _render(
    status: int, title: str, message: str, hint: str | None, **extra: Any
) -> tuple[Response | str, int]:
    if _wants_json():
        payload = {"error": title, "message": message, "hint": hint, "status": status, **extra}
        return jsonify(payload), status
    context = {"status": status, "title": title, "message": message, "hint": hint, **extra}
    # The tool's own header (its navigation) needs the person; a 500 may have lost the database.
    in_session = status < 500 and g.get("actor") is not None
    back = _way_back(in_session)
    page = render_template("errors/error.html", **context, in_session=in_session, back=back)
    return page, status


def _way_back(in_session: bool) -> str | None:
    """Return the page the person came from (on this site), else their pathway, if any."""
    came_from = request.referrer
    if came_from and urlsplit(came_from).netloc == request.host and came_from != request.url:
        return came_from
    return url_for("curriculum.pathway") if in_session else None


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"
