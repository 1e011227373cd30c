"""Who is asking: the launch session in the URL, checked against the browser's signed cookie.

Tool pages live under ``/s/<launch>/...``. The launch token names the session a valid
launch opened; it is honoured only if this browser's signed session cookie lists it, so a
copied URL is useless elsewhere, and two tabs launched from two courses stay apart.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import Flask, current_app, g, session

from lti_qi.domain.course import Role
from lti_qi.errors import Forbidden
from lti_qi.services.base.actors import Actor
from lti_qi.services.launches import sessions

SESSION_KEY = "launches"
MAX_REMEMBERED_LAUNCHES = 8

P = ParamSpec("P")
R = TypeVar("R")


def init_app(app: Flask) -> None:
    """Move the ``launch`` URL value into ``g`` and put it back into every generated URL."""
    app.url_value_preprocessor(_pop_launch_token)
    app.url_defaults(_add_launch_token)


def remember_launch(token: str) -> None:
    """Let this browser use the launch session ``token`` (keeps the latest few)."""
    tokens = [t for t in session.get(SESSION_KEY, []) if t != token]
    session[SESSION_KEY] = [*tokens, token][-MAX_REMEMBERED_LAUNCHES:]
    session.permanent = True


def current_actor() -> Actor:
    """Return the actor of this request (only inside views guarded by ``launch_required``)."""
    actor: Actor = g.actor
    return actor


def launch_required(view: Callable[P, R]) -> Callable[P, R]:
    """Refuse the request unless it carries a launch session this browser owns."""

    @wraps(view)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        token = g.get("launch_token")
        if not token or token not in session.get(SESSION_KEY, []):
            raise Forbidden(
                "lti-qi does not know this browser for that course.",
                hint="Open lti-qi from your course in the LMS; if your browser blocks cookies "
                "inside the LMS, open it in a new window.",
            )
        g.actor = sessions.resolve_session(token)
        return view(*args, **kwargs)

    return guarded


def role_required(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Refuse the request unless the actor holds one of ``roles`` in this course."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @launch_required
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_actor().has_role(*roles):
                needed = " or ".join(role.value for role in roles)
                raise Forbidden(
                    f"This page is for the {needed} role in this course.",
                    hint="If you should have access, ask your course team to check your role "
                    "in the LMS, then launch lti-qi again.",
                )
            return view(*args, **kwargs)

        return guarded

    return decorate


def _pop_launch_token(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values and "launch" in values:
        g.launch_token = values.pop("launch")


def _add_launch_token(endpoint: str, values: dict[str, Any]) -> None:
    token = g.get("launch_token")
    if (
        token
        and "launch" not in values
        and current_app.url_map.is_endpoint_expecting(endpoint, "launch")
    ):
        values["launch"] = token
