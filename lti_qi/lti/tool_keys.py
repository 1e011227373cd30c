"""The tool's keys as the LTI protocols use them: the current signing key and the public JWKS.

Platforms verify what lti-qi signs (service-token assertions, deep-linking responses) against
the key set published at ``/.well-known/jwks.json``: the current key and the keys retired
within the rotation grace period, so that a platform holding a cached key set, or a token
signed a moment ago, still verifies. Private keys are stored encrypted (Fernet) and decrypted
here. Making and rotating keys is an operator's task (``services.platforms.keys``).
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from jwt.algorithms import RSAAlgorithm
from jwt.exceptions import InvalidKeyError
from sqlalchemy import Select, or_, select

from lti_qi.extensions import cache, db
from lti_qi.models import ToolKey
from lti_qi.models.base import utc_now
from lti_qi.settings import get_settings

JWKS_CACHE_KEY = "tool-jwks"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SigningKey:
    """The current private key, ready to sign: its ``kid`` and PEM text."""

    kid: str
    private_pem: str

    @property
    def private_key(self) -> Any:
        """Return the loaded key object (loading a PEM costs tens of ms, so it is cached)."""
        return load_private_key(self.private_pem)


@lru_cache(maxsize=8)
def load_private_key(private_pem: str) -> Any:
    """Load a private key from PEM once per process."""
    return serialization.load_pem_private_key(private_pem.encode(), password=None)


def key_encryption_secret() -> bytes:
    """Return the Fernet key that encrypts private keys: the configured one, or one from HKDF."""
    settings = get_settings()
    if settings.key_encryption_key:
        return settings.key_encryption_key.encode()
    return _derive_fernet_key(settings.secret_key)


@lru_cache(maxsize=4)
def _derive_fernet_key(secret_key: str) -> bytes:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"lti-qi tool key encryption"
    ).derive(secret_key.encode())
    return base64.urlsafe_b64encode(derived)


def current_signing_key() -> SigningKey:
    """Return the current private key, decrypted, for signing.

    Raises:
        RuntimeError: when no key exists or it cannot be decrypted with the configured secret.
    """
    current = current_key()
    if current is None:
        raise RuntimeError("lti-qi has no signing key yet: run `lti-qi keys rotate`")
    return SigningKey(current.kid, _decrypt(key_encryption_secret(), current.private_pem_encrypted))


def public_jwks(*, now: datetime | None = None) -> dict[str, Any]:
    """Return the public key set: the current key and keys retired within the grace period.

    ``now`` (for tests of the grace period) bypasses the cache.
    """
    cutoff = (now or utc_now()) - timedelta(hours=get_settings().key_rotation_grace_hours)
    recent = or_(ToolKey.retired_at.is_(None), ToolKey.retired_at > cutoff)
    return key_set(JWKS_CACHE_KEY, select(ToolKey).where(recent), cached=now is None)


def key_set(cache_key: str, query: Select[ToolKey], *, cached: bool) -> dict[str, Any]:
    """Return the keys ``query`` selects as a JWKS, newest first, kept five minutes.

    The database is the source: when the shared cache cannot be reached, the key set is
    read from it and served all the same (one log line, not an error page).
    """
    stored = _cached(cache_key) if cached else None
    if stored is not None:
        return dict(stored)
    rows = db.session.scalars(query.order_by(ToolKey.id.desc())).all()
    document = {"keys": [public_jwk(row.public_pem, row.kid) for row in rows]}
    if cached:
        try:
            cache.set(cache_key, document, timeout=300)
        except Exception as error:  # any client error: the cache is only a copy
            logger.warning("key set not cached (%s: %s)", type(error).__name__, error)
    return document


def _cached(cache_key: str) -> Any:
    try:
        return cache.get(cache_key)
    except Exception as error:  # any client error: read the database instead
        logger.warning("key set cache unreachable (%s: %s)", type(error).__name__, error)
        return None


@lru_cache(maxsize=64)
def public_jwk(public_pem: str, kid: str) -> dict[str, Any]:
    """Return one public key as a JWK with ``kid``, ``alg`` and ``use``."""
    public_key = serialization.load_pem_public_key(public_pem.encode())
    if not isinstance(public_key, rsa.RSAPublicKey):
        # services.keys makes only RSA keys; anything else would be a corrupted key table.
        raise InvalidKeyError(f"tool key {kid!r} is not an RSA key")
    jwk = RSAAlgorithm.to_jwk(public_key, as_dict=True)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def current_key() -> ToolKey | None:
    """Return the key lti-qi signs with now (the newest one not retired), if there is one."""
    return db.session.scalar(
        select(ToolKey).where(ToolKey.retired_at.is_(None)).order_by(ToolKey.id.desc()).limit(1)
    )


@lru_cache(maxsize=16)
def _decrypt(fernet_key: bytes, token: bytes) -> str:
    try:
        return Fernet(fernet_key).decrypt(token).decode()
    except InvalidToken as error:
        raise RuntimeError(
            "the tool's private key cannot be decrypted: key_encryption_key (or secret_key, "
            "from which it is derived) changed since the key was made"
        ) from error
