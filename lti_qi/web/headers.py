"""Security headers on every response: CSP, framing, caching and HTTPS.

LMSs show lti-qi in a frame, so ``frame-ancestors`` lists the origins of the registered
platforms (their issuers and login URLs) and the configured ``frame_ancestors``; the list is
worked out once per registration snapshot. Pages carry people's work and names, so nothing
is cached unless a view says it may be (static assets, public pages); over HTTPS, browsers
are told to keep to HTTPS.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from flask import Flask, Response, request

from lti_qi.lti import registrations
from lti_qi.settings import get_settings

logger = logging.getLogger(__name__)
HSTS = "max-age=31536000"
_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action *; frame-ancestors {ancestors}; base-uri 'self'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    """Add the security headers to every response of ``app``."""
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """Set the headers a view has not set itself."""
    settings = get_settings()
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if "Content-Security-Policy" not in headers:
        headers["Content-Security-Policy"] = policy(_framing_origins(), settings.frame_ancestors)
    if "Cache-Control" not in headers and request.endpoint != "static":
        response.cache_control.no_store = True
    if settings.is_https:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _framing_origins() -> frozenset[str]:
    """The registered platforms' origins; none while the database or shared cache is down.

    A header must never turn a response (the readiness check's 503, an error page) into a
    500, so any failure to read the registrations leaves only lti-qi and the configured
    origins allowed to frame it.
    """
    try:
        return registrations.framing_origins()
    except Exception:  # the database or the shared cache does not answer
        logger.debug("platform origins unavailable for frame-ancestors", exc_info=True)
        return frozenset()


@lru_cache(maxsize=8)
def policy(platforms: frozenset[str], extras: tuple[str, ...]) -> str:
    """Return the Content-Security-Policy that lets lti-qi, these origins and no other frame it."""
    configured = filter(None, map(registrations.origin_of, extras))
    ancestors = " ".join(["'self'", *sorted(platforms.union(configured))])
    return _POLICY.format(ancestors=ancestors)
