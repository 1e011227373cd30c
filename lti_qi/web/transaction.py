"""The request boundary: a request commits once, after its view, and only if it succeeded.

The response is made first; then the session commits when the status is below 400 and no
error was raised, and rolls back otherwise, unless the view called :func:`keep_changes` (a
refusal that must still keep what was written, such as a draft saved with its problems).
A commit that fails goes through the error handlers like any other error, so the person
sees the 500 page and nothing is half-saved.
A request served inside another one's application context (an in-process call to the
sandbox LMS) shares that context's session and leaves it to the outer boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, current_app, has_app_context, request

from lti_qi.extensions import db

OWNS_SESSION = "lti_qi.owns_session"
_FAILED = "lti_qi.request_failed"
_KEEP = "lti_qi.keep_changes"


def keep_changes() -> None:
    """Commit this request's writes even though its response is an error (status >= 400)."""
    request.environ[_KEEP] = True


class TransactionalFlask(Flask):
    """A Flask application whose every request is one database transaction."""

    def wsgi_app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Serve a request, noting whether it owns its session or shares an outer one."""
        shared = has_app_context() and current_app._get_current_object() is self  # type: ignore[attr-defined]
        environ[OWNS_SESSION] = not shared
        response: Iterable[bytes] = super().wsgi_app(environ, start_response)
        return response

    def handle_user_exception(self, e: Exception) -> Any:
        """Remember that the request failed, then let the error handlers answer."""
        request.environ[_FAILED] = True
        return super().handle_user_exception(e)

    def finalize_request(self, rv: Any, from_error_handler: bool = False) -> Response:
        """Make the response, end the transaction, then run the ``after_request`` hooks."""
        response = self.make_response(rv)
        if request.environ.get(OWNS_SESSION, True):
            if _succeeded(response, from_error_handler) and db.session().in_transaction():
                response = self._commit(response)
            else:
                db.session.rollback()
        return super().finalize_request(response, from_error_handler)

    def _commit(self, response: Response) -> Response:
        try:
            db.session.commit()
        except Exception as error:  # the commit itself failed: answer as for any error
            db.session.rollback()
            return self.make_response(self.handle_user_exception(error))
        return response


def _succeeded(response: Response, from_error_handler: bool) -> bool:
    """Whether the request's writes are kept: it succeeded, or its view chose to keep them."""
    if from_error_handler or response.status_code >= 500:
        return False
    refused = request.environ.get(_FAILED, False) or response.status_code >= 400
    return not refused or bool(request.environ.get(_KEEP, False))
