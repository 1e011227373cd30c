"""LTI Client Side postMessages and Platform Storage: logins where the LMS frame has no cookies.

When the platform passes ``lti_storage_target`` in the login, lti-qi answers with a small
page instead of a redirect: it stores a one-time verifier for the login's ``state`` in the
platform's storage frame (``lti.put_data``, addressed to the platform's OIDC origin, never
``*``), then continues to the platform. If the id_token then arrives without lti-qi's state
cookie (third-party cookies blocked), lti-qi answers with a page that reads the verifier back
(``lti.get_data``) and posts it with the id_token. Only a browser that ran this login can
read it, so the state stays bound to the browser without cookies. The server-side record is
single-use and the nonce is still consumed server-side.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from lti_qi.errors import LaunchError
from lti_qi.extensions import cache

PENDING_PREFIX = "lti-storage-state:"
VERIFIER_FIELD = "lti_storage_verifier"
STATE_COOKIE_PREFIX = "lti1p3-"


@dataclass(frozen=True)
class StorageLogin:
    """What the login page needs to store the verifier in the platform's frame."""

    auth_url: str
    target: str
    platform_origin: str
    key: str
    verifier: str


class StorageCheckRequired(Exception):
    """The id_token came without the state cookie: read the verifier from platform storage."""

    def __init__(self, fields: dict[str, str], target: str, platform_origin: str, key: str):
        super().__init__("platform storage check required")
        self.fields = fields
        self.target = target
        self.platform_origin = platform_origin
        self.key = key


def begin(auth_url: str, target: str, ttl_seconds: int) -> StorageLogin:
    """Record a one-time verifier for the state in ``auth_url`` and describe the login page."""
    state = parse_qs(urlsplit(auth_url).query)["state"][0]
    parts = urlsplit(auth_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    verifier = secrets.token_urlsafe(24)
    pending = {"digest": _digest(verifier), "target": target, "origin": origin}
    cache.set(PENDING_PREFIX + state, pending, timeout=ttl_seconds)
    return StorageLogin(
        auth_url=auth_url, target=target, platform_origin=origin, key=_key(state), verifier=verifier
    )


def verified_state(form: Any, cookies: Any) -> str | None:
    """Return the state if platform storage proved it belongs to this browser, else None.

    Raises:
        StorageCheckRequired: when the state cookie is missing and no verifier was posted yet.
        LaunchError: when the posted verifier does not match.
    """
    state = form.get("state") or ""
    if not state or cookies.get(STATE_COOKIE_PREFIX + state):
        return None
    pending = cache.get(PENDING_PREFIX + state)
    if pending is None:
        return None
    verifier = form.get(VERIFIER_FIELD)
    if not verifier:
        fields = {name: form[name] for name in ("id_token", "state") if name in form}
        raise StorageCheckRequired(fields, pending["target"], pending["origin"], _key(state))
    if not hmac.compare_digest(_digest(verifier), pending["digest"]) or not cache.delete(
        PENDING_PREFIX + state
    ):
        raise LaunchError(
            "state",
            "The login could not be matched to this browser through the LMS's storage.",
            hint="Launch lti-qi again from your course.",
            status=403,
        )
    return str(state)


def _key(state: str) -> str:
    return f"lti-qi-{state}"


def _digest(verifier: str) -> str:
    return hashlib.sha256(verifier.encode()).hexdigest()
