"""The sandbox LMS: a small but real LTI 1.3 platform built into lti-qi for demos and tests.

It has its own signing key, tables and blueprint, and talks to the tool only over HTTP and
signed JWTs, exactly as a remote LMS would: OIDC authorisation, Deep Linking return, an AGS
token endpoint that verifies the tool's client assertion, line items, scores and results
with a gradebook page, and Names and Role Provisioning with paging. It is registered only
when ``sandbox_enabled`` is on, which production refuses.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint

from lti_qi.extensions import csrf

bp = Blueprint("sandbox", __name__, url_prefix="/sandbox")

_View = TypeVar("_View", bound=Callable[..., object])


def csrf_exempt(view: _View) -> _View:
    """Exempt a view that tools call cross-site from CSRF checks (``csrf.exempt``, typed)."""
    csrf.exempt(view)
    return view


from lti_qi.sandbox import api, registration, views  # noqa: E402, F401  (registers the routes)
