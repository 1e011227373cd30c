"""Public verification of certificates and badges: valid, revoked or unknown, and nothing more.

A certificate's QR code and URL name its serial; the verification page tells anyone whether
it stands, with only what the certificate itself prints (title, holder's name as printed,
project, issue date, hours, organiser and accreditation). A badge (VC-JWT) is checked the
way any verifier can check it offline: its RS256 signature against the key set published at
``/.well-known/jwks.json`` (the current key and keys retired within the rotation grace
period), then the VC-JWT claims against the credential (``lti_qi.domain.course.cpd``), then
the record's revocation status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import jwt

from lti_qi.domain.course import cpd
from lti_qi.models import CpdRecord
from lti_qi.services.credentials import certificates
from lti_qi.services.platforms import keys
from lti_qi.settings import get_settings


class VerificationStatus(StrEnum):
    """What the verification page says about a serial."""

    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verification:
    """The public facts about a certificate: only what the certificate itself prints."""

    status: VerificationStatus
    serial: str = ""
    title: str = ""
    holder_name: str = ""
    issued_at: datetime | None = None
    hours: float = 0.0
    issuer: str = ""
    project_title: str = ""
    accreditation: str = ""
    revoked_at: datetime | None = None

    @property
    def is_valid(self) -> bool:
        """Whether the certificate stands (issued by this lti-qi and not revoked)."""
        return self.status is VerificationStatus.VALID


@dataclass(frozen=True)
class BadgeCheck:
    """The result of checking a badge: the problems found, and its record's status."""

    problems: tuple[str, ...]
    verification: Verification | None = None

    @property
    def is_valid(self) -> bool:
        """Whether the signature, the claims and the record's status all hold."""
        return not self.problems and self.verification is not None and self.verification.is_valid


def verify(serial: str) -> Verification:
    """Say whether a serial names a valid, revoked or unknown certificate (public facts only)."""
    record = certificates.get_by_serial(serial)
    if record is None:
        return Verification(VerificationStatus.UNKNOWN, serial=serial)
    return _verification_of(record)


def verify_badge_jwt(token: str) -> BadgeCheck:
    """Check a badge as a verifier holding only the published key set would, then revocation.

    The record the badge names must also stand: not revoked, and not reissued since (as
    happens when a learner sets the name to print, which signs their badges again).
    """
    token = "".join(token.split())
    claims, problem = _decode(token)
    if claims is None:
        return BadgeCheck((problem,))
    problems = cpd.claims_problems(claims)
    if problems:
        return BadgeCheck(tuple(problems))
    serial = cpd.serial_from_credential_id(str(claims["jti"]))
    record = certificates.get_by_serial(serial) if serial else None
    if record is None:
        return BadgeCheck((), Verification(VerificationStatus.UNKNOWN, serial=serial or ""))
    if record.badge_jwt != token:
        reissued = (
            "This badge was reissued since (for example with a corrected name): "
            "ask its holder for the current one."
        )
        return BadgeCheck((reissued,), _verification_of(record))
    return BadgeCheck((), _verification_of(record))


def revocation_list(result: Verification) -> dict[str, Any]:
    """Return a badge's ``credentialStatus`` document (1EdTech Revocation List shape).

    Lists the credential when it is revoked, without the reason (which may be personal).
    """
    base_url = get_settings().base_url
    revoked = result.status is VerificationStatus.REVOKED
    return {
        "id": cpd.verification_url(base_url, result.serial),
        "issuer": base_url,
        "revokedCredentials": [{"id": cpd.credential_id(result.serial)}] if revoked else [],
    }


def _verification_of(record: CpdRecord) -> Verification:
    status = VerificationStatus.REVOKED if record.is_revoked else VerificationStatus.VALID
    return Verification(
        status=status,
        serial=record.serial,
        title=record.title,
        holder_name=record.holder_name,
        issued_at=record.issued_at,
        hours=record.hours,
        issuer=record.organiser,
        project_title=record.project_title,
        accreditation=record.accreditation_line,
        revoked_at=record.revoked_at,
    )


def _decode(token: str) -> tuple[dict[str, Any] | None, str]:
    """Verify a VC-JWT's signature against the published key set; return its claims."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.InvalidTokenError:
        return None, "This is not a signed badge (VC-JWT): paste the whole text of the .jwt file."
    jwk = next((key for key in keys.credential_jwks()["keys"] if key["kid"] == kid), None)
    if jwk is None:
        return None, "It was not signed by a key lti-qi publishes: it was not issued here."
    settings = get_settings()
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            jwt.PyJWK(jwk, algorithm="RS256"),
            algorithms=["RS256"],
            issuer=settings.base_url,
            leeway=settings.clock_skew_seconds,
            options={"require": ["iss", "jti", "nbf", "sub"]},
        )
    except jwt.InvalidTokenError as error:
        return None, f"Its signature or claims do not check out ({error})."
    return claims, ""
