"""Registration links: an operator's single-use, expiring permission to use Dynamic Registration.

``/lti/register`` makes requests to whatever address the LMS names, so it only runs for a
request that carries a token the operator issued (``lti-qi platform invite``). Only the
token's SHA-256 digest is stored, in the database rather than the shared cache: the command
runs in another process, and without Redis the cache is per process. Redeeming is one
conditional UPDATE, so two requests racing with one token cannot both win; a request that
fails commits nothing, so its token stays usable.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy import update

from lti_qi.extensions import db
from lti_qi.models import RegistrationInvite
from lti_qi.models.base import utc_now

INVITE_PARAMETER = "invite"
REGISTER_PATH = "/lti/register"


def issue(hours: int) -> str:
    """Record a new invite valid for ``hours`` and return its token (shown once, never stored)."""
    token = secrets.token_urlsafe(32)
    invite = RegistrationInvite(
        token_digest=_digest(token), expires_at=utc_now() + timedelta(hours=hours)
    )
    db.session.add(invite)
    db.session.flush()
    return token


def registration_url(base_url: str, token: str) -> str:
    """Return the registration URL an LMS administrator pastes into the LMS."""
    return f"{base_url}{REGISTER_PATH}?{urlencode({INVITE_PARAMETER: token})}"


def redeem(token: str) -> bool:
    """Use up an unexpired, unused invite; True only for the one request that did."""
    if not token:
        return False
    now = utc_now()
    used = db.session.execute(
        update(RegistrationInvite)
        .where(
            RegistrationInvite.token_digest == _digest(token),
            RegistrationInvite.used_at.is_(None),
            RegistrationInvite.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(used.rowcount == 1)  # type: ignore[attr-defined]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
