"""The tool's signing keys: generation, rotation, encryption at rest, and the public JWKS.

Platforms verify what lti-qi signs (service-token assertions, deep-linking responses,
badges) against the key set published at ``/.well-known/jwks.json``. Rotation creates a new
key under a new ``kid`` and keeps the previous public key in the key set for a grace period,
so that a platform holding a cached key set, or a token signed a moment ago, still verifies.
"""

from __future__ import annotations

import base64
import hashlib
import json
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
from lti_qi.services import after_commit
from lti_qi.settings import get_settings

logger = logging.getLogger(__name__)

KEY_SIZE = 2048
JWKS_CACHE_KEY = "tool-jwks"
CREDENTIAL_JWKS_CACHE_KEY = "tool-credential-jwks"


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
        private_pem_encrypted=Fernet(key_encryption_secret()).encrypt(private_pem),
    )


def ensure_signing_key() -> ToolKey:
    """Return the current key, creating the first one if the tool has none yet."""
    current = _current_key()
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
    previous = _current_key()
    if previous is not None:
        previous.retired_at = now
    new_key = create_key()
    db.session.add(new_key)
    db.session.flush()
    _forget_key_sets()
    logger.info("rotated tool keys: %s -> %s", previous and previous.kid, new_key.kid)
    return new_key


def current_signing_key() -> SigningKey:
    """Return the current private key, decrypted, for signing.

    Raises:
        RuntimeError: when no key exists or it cannot be decrypted with the configured secret.
    """
    current = _current_key()
    if current is None:
        raise RuntimeError("lti-qi has no signing key yet: run `lti-qi keys rotate`")
    return SigningKey(current.kid, _decrypt(key_encryption_secret(), current.private_pem_encrypted))


def public_jwks(*, now: datetime | None = None) -> dict[str, Any]:
    """Return the public key set: the current key and keys retired within the grace period.

    ``now`` (for tests of the grace period) bypasses the cache.
    """
    cutoff = (now or utc_now()) - timedelta(hours=get_settings().key_rotation_grace_hours)
    recent = or_(ToolKey.retired_at.is_(None), ToolKey.retired_at > cutoff)
    return _key_set(JWKS_CACHE_KEY, select(ToolKey).where(recent), cached=now is None)


def credential_jwks() -> dict[str, Any]:
    """Return every public key lti-qi has ever signed with, for checking credentials.

    LMSs get only the current keys (``public_jwks``); badges last for years, so the keys that
    signed them stay published here after they retire from LTI use.
    """
    return _key_set(CREDENTIAL_JWKS_CACHE_KEY, select(ToolKey), cached=True)


def _key_set(cache_key: str, query: Select[ToolKey], *, cached: bool) -> dict[str, Any]:
    """Return the keys ``query`` selects as a JWKS, newest first, kept five minutes."""
    stored = cache.get(cache_key) if cached else None
    if stored is not None:
        return dict(stored)
    rows = db.session.scalars(query.order_by(ToolKey.id.desc())).all()
    key_set = {"keys": [public_jwk(row.public_pem, row.kid) for row in rows]}
    if cached:
        cache.set(cache_key, key_set, timeout=300)
    return key_set


def list_keys() -> list[ToolKey]:
    """Return every key, newest first."""
    return list(db.session.scalars(select(ToolKey).order_by(ToolKey.id.desc())))


@lru_cache(maxsize=64)
def public_jwk(public_pem: str, kid: str) -> dict[str, Any]:
    """Return one public key as a JWK with ``kid``, ``alg`` and ``use``."""
    public_key = serialization.load_pem_public_key(public_pem.encode())
    if not isinstance(public_key, rsa.RSAPublicKey):
        # create_key makes only RSA keys; anything else would be a corrupted key table.
        raise InvalidKeyError(f"tool key {kid!r} is not an RSA key")
    jwk = RSAAlgorithm.to_jwk(public_key, as_dict=True)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def _current_key() -> ToolKey | None:
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


def _thumbprint(public_pem: str) -> str:
    """Return the RFC 7638 JWK thumbprint of a public key, used as its ``kid``."""
    jwk = public_jwk.__wrapped__(public_pem, "")
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _forget_key_sets() -> None:
    """Drop the cached key sets once the key change commits."""
    after_commit.call(
        JWKS_CACHE_KEY, lambda: cache.delete_many(JWKS_CACHE_KEY, CREDENTIAL_JWKS_CACHE_KEY)
    )
