"""The sandbox LMS's errors and its small error pages (HTML, or JSON by ``Accept``)."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lti_qi.sandbox.database import db

logger = logging.getLogger(__name__)


class SandboxError(Exception):
    """An error the sandbox answers with a status and a message for the caller."""

    status = 400
    title = "The sandbox LMS refused this"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(SandboxError):
    """The request's data is invalid (HTTP 400)."""


class Forbidden(SandboxError):
    """The caller may not do this (HTTP 403)."""

    status = 403


class NotFound(SandboxError):
    """The thing asked for does not exist in the sandbox (HTTP 404)."""

    status = 404
    title = "Not found"


class Conflict(SandboxError):
    """The request clashes with what the sandbox holds (HTTP 409)."""

    status = 409


def register_error_handlers(app: Flask) -> None:
    """Answer sandbox and HTTP errors with the shared error page or JSON."""
    app.register_error_handler(SandboxError, _handle_sandbox_error)
    app.register_error_handler(CSRFError, _handle_csrf_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)


def _handle_sandbox_error(error: SandboxError) -> tuple[Response | str, int]:
    return _render(error.status, error.title, error.message)


def _handle_csrf_error(error: CSRFError) -> tuple[Response | str, int]:
    message = "This form has expired or came from elsewhere: go back, reload the page and retry."
    return _render(400, "This form has expired", message)


def _handle_http_exception(error: HTTPException) -> tuple[Response | str, int]:
    status = error.code or 500
    return _render(status, error.name, error.description or error.name)


def _handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    db.session.rollback()
    logger.exception("unexpected error in the sandbox LMS")
    return _render(500, "The sandbox LMS failed", "The sandbox LMS hit an unexpected problem.")


def _render(status: int, title: str, message: str) -> tuple[Response | str, int]:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if best == "application/json":
        payload = {"error": title, "message": message, "status": status}
        return jsonify(payload), status
    page = render_template("errors/error.html", status=status, title=title, message=message)
    return page, status
