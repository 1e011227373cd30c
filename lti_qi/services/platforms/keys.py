"""The tool's signing keys as an operator manages them: the first key, rotation, the list.

Rotation creates a new key under a new ``kid`` and keeps the previous public key in the LTI
key set for a grace period (``lti.tool_keys``, which also signs with the current key and
decrypts it). Credentials (badges) last for years, so every key that ever signed one stays
in ``credential_jwks``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from datetime import datetime
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from lti_qi import after_commit
from lti_qi.extensions import cache, db
from lti_qi.lti import tool_keys
from lti_qi.lti.tool_keys import JWKS_CACHE_KEY
from lti_qi.models import ToolKey
from lti_qi.models.base import utc_now

logger = logging.getLogger(__name__)

KEY_SIZE = 2048
CREDENTIAL_JWKS_CACHE_KEY = "tool-credential-jwks"


def create_key() -> ToolKey:
    """Generate a new RSA key pair and return it as an unsaved ``ToolKey``."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return ToolKey(
        kid=_thumbprint(public_pem.decode()),
        public_pem=public_pem.decode(),
        private_pem_encrypted=Fernet(tool_keys.key_encryption_secret()).encrypt(private_pem),
    )


def ensure_signing_key() -> ToolKey:
    """Return the current key, creating the first one if the tool has none yet."""
    current = tool_keys.current_key()
    if current is None:
        current = create_key()
        db.session.add(current)
        db.session.flush()
        _forget_key_sets()
        logger.info("generated the first tool key %s", current.kid)
    return current


def rotate_keys(*, now: datetime | None = None) -> ToolKey:
    """Retire the current key and make a new one current; returns the new key."""
    now = now or utc_now()
    previous = tool_keys.current_key()
    if previous is not None:
        previous.retired_at = now
    new_key = create_key()
    db.session.add(new_key)
    db.session.flush()
    _forget_key_sets()
    logger.info("rotated tool keys: %s -> %s", previous and previous.kid, new_key.kid)
    return new_key


def credential_jwks() -> dict[str, Any]:
    """Return every public key lti-qi has ever signed with, for checking credentials.

    LMSs get only the current keys (``lti.tool_keys.public_jwks``); badges last for years, so
    the keys that signed them stay published here after they retire from LTI use.
    """
    return tool_keys.key_set(CREDENTIAL_JWKS_CACHE_KEY, select(ToolKey), cached=True)


def list_keys() -> list[ToolKey]:
    """Return every key, newest first."""
    return list(db.session.scalars(select(ToolKey).order_by(ToolKey.id.desc())))


def _thumbprint(public_pem: str) -> str:
    """Return the RFC 7638 JWK thumbprint of a public key, used as its ``kid``."""
    jwk = tool_keys.public_jwk.__wrapped__(public_pem, "")
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _forget_key_sets() -> None:
    """Drop the cached key sets once the key change commits."""
    after_commit.call(
        JWKS_CACHE_KEY, lambda: cache.delete_many(JWKS_CACHE_KEY, CREDENTIAL_JWKS_CACHE_KEY)
    )
