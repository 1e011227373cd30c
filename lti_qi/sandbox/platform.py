"""The sandbox platform's keys and its signing of id_tokens, plus verifying what tools sign.

The sandbox is a real LTI 1.3 platform: it signs with its own RSA key (published at
``/sandbox/jwks``) and verifies tools' client assertions and deep-linking responses against
the tool's published JWKS, fetched over HTTP like any remote LMS would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import select

from lti_qi.sandbox import config
from lti_qi.sandbox.database import db
from lti_qi.sandbox.models import SandboxKey

SIGNING_MODES = ("platform", "foreign-key", "none", "hs256-public-key")
HTTP_TIMEOUT_SECONDS = 10


def ensure_key() -> SandboxKey:
    """Return the platform's newest key, generating the first on first use."""
    key = db.session.scalar(select(SandboxKey).order_by(SandboxKey.id.desc()).limit(1))
    return key if key is not None else rotate_key()


def rotate_key() -> SandboxKey:
    """Start signing with a new key under a new ``kid`` (older keys stay published)."""
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    key = SandboxKey(kid="sandbox-" + _fingerprint(pem), private_pem=pem)
    db.session.add(key)
    db.session.commit()
    return key


def jwks() -> dict[str, Any]:
    """Return the platform's public key set, newest key first."""
    ensure_key()
    rows = db.session.scalars(select(SandboxKey).order_by(SandboxKey.id.desc()))
    return {"keys": [_public_jwk(row.private_pem, row.kid) for row in rows]}


def sign(
    claims: dict[str, Any], *, mode: str = "platform", header: dict[str, Any] | None = None
) -> str:
    """Sign claims as the platform would, or in one of the broken ways a test needs.

    Args:
        claims: the JWT body.
        mode: ``platform`` (RS256 with the platform key), ``foreign-key`` (RS256 with a key
            the platform never published), ``none`` (unsigned) or ``hs256-public-key``
            (HMAC keyed with the platform's public key, the classic algorithm-confusion attack).
        header: header fields to set or, with a ``None`` value, to remove.
    """
    key = ensure_key()
    fields = {"typ": "JWT", "alg": "RS256", "kid": key.kid, **(header or {})}
    fields = {name: value for name, value in fields.items() if value is not None}
    if mode == "platform":
        return jwt.encode(claims, _private_key(key.private_pem), algorithm="RS256", headers=fields)
    if mode == "foreign-key":
        return jwt.encode(
            claims, _private_key(_foreign_key_pem()), algorithm="RS256", headers=fields
        )
    if mode == "none":
        return _compact({**fields, "alg": "none"}, claims, b"")
    if mode == "hs256-public-key":
        public_pem = _public_pem(key.private_pem).encode()
        signing_input = _signing_input({**fields, "alg": "HS256"}, claims)
        return (
            signing_input
            + "."
            + _b64(hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest())
        )
    raise ValueError(f"unknown signing mode {mode!r}; use one of {SIGNING_MODES}")


def verify_tool_jwt(token: str, jwks_url: str, *, audience: str, issuer: str) -> dict[str, Any]:
    """Verify a JWT a tool signed, with the tool's key set fetched from its JWKS URL.

    Raises:
        jwt.InvalidTokenError: when the token is not validly signed for this platform.
    """
    header = jwt.get_unverified_header(token)
    response = config().http.get(jwks_url, timeout=HTTP_TIMEOUT_SECONDS)
    response.raise_for_status()
    matching = [k for k in response.json().get("keys", []) if k.get("kid") == header.get("kid")]
    if not matching:
        raise jwt.InvalidTokenError(f"kid {header.get('kid')!r} is not in the tool's key set")
    public_key = jwt.PyJWK(matching[0], algorithm="RS256").key
    claims: dict[str, Any] = jwt.decode(
        token, public_key, algorithms=["RS256"], audience=audience, issuer=issuer, leeway=30
    )
    return claims


@lru_cache(maxsize=8)
def _private_key(private_pem: str) -> rsa.RSAPrivateKey:
    """Load a PEM key once: loading validates the key and costs tens of milliseconds."""
    private_key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise TypeError(f"sandbox keys are RSA keys, not {type(private_key).__name__}")
    return private_key


def _public_jwk(private_pem: str, kid: str) -> dict[str, Any]:
    jwk = RSAAlgorithm.to_jwk(_private_key(private_pem).public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@lru_cache(maxsize=4)
def _public_pem(private_pem: str) -> str:
    private_key = _private_key(private_pem)
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@lru_cache(maxsize=1)
def _foreign_key_pem() -> str:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _fingerprint(pem: str) -> str:
    return hashlib.sha256(_public_pem(pem).encode()).hexdigest()[:16]


def _signing_input(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())


def _compact(header: dict[str, Any], claims: dict[str, Any], signature: bytes) -> str:
    return _signing_input(header, claims) + "." + _b64(signature)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
