"""CPD conventions, and the Open Badges 3.0 credential a CPD record becomes.

Conventions lti-qi uses (docs/cpd-and-credentials.md):

- **1 credit = 1 hour** of educational activity (AoMRC, Core Principles for CPD, 2016).
- **Hours are rounded to the nearest quarter hour** (0.25), halves rounding up. This follows
  the AMA PRA 15-minute steps and is finer than the Federation of RCPs' whole hours for
  events, which suits self-paced modules whose pack states hours such as 2.25. A pathway's
  hours are the sum of its modules' rounded hours.
- **A learner's CPD total counts module records only** (``learner_cpd_hours``): a pathway
  record restates the hours of its modules, so it never adds to them, and a revoked record's
  hours are withdrawn. Every total shown (the CPD report, My CPD, the CSV) comes from it.
- A certificate names the participant, the activity, the learner's project, its dates, the
  organiser, the hours, and the accrediting body. lti-qi holds no approval from any
  accrediting body: it prints the accreditation statement the course's designers set (their
  approval, in their words), or "CPD approval: see your course" when they set none.

The credential follows Open Badges 3.0 (1EdTech, Final 2024, on the W3C Verifiable
Credentials Data Model 2.0): an ``OpenBadgeCredential`` whose ``credentialSubject`` is an
``AchievementSubject`` with ``creditsEarned`` and activity dates, signed as a VC-JWT
(ob_v3p0 integrity.md): the JWT payload is the credential plus ``iss`` = issuer.id,
``jti`` = id, ``nbf`` = validFrom and ``sub`` = credentialSubject.id.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # pathway.py imports round_hours from here: Module is for annotations only
    from lti_qi.domain.course.pathway import Module

HOURS_STEP = 0.25
CREDITS_PER_HOUR = 1.0
ISSUER_NAME = "lti-qi"
ACCREDITATION_LINE = "CPD approval: see your course"
CONTEXTS = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
CREDENTIAL_TYPES = ("VerifiableCredential", "OpenBadgeCredential")
ACHIEVEMENT_TYPES = {"module": "Course", "pathway": "Certificate"}
# Derives subject ids from serials; fixed forever, or issued subject ids would change.
SUBJECT_NAMESPACE = uuid.UUID("6f1c2f0e-8a7b-5b3e-9a51-4c1d2f3e4a5b")
JWT_CLAIMS = ("iss", "jti", "nbf", "sub", "exp")


class HoursRecord(Protocol):
    """What a CPD total needs of a record: its kind, its hours, and whether it was revoked."""

    @property
    def kind(self) -> str:
        """'module' or 'pathway'."""

    @property
    def hours(self) -> float:
        """The hours the record certifies."""

    @property
    def is_revoked(self) -> bool:
        """Whether the record was withdrawn."""


@dataclass(frozen=True)
class BadgeFacts:
    """What a credential says about one completion."""

    serial: str
    kind: str
    title: str
    organiser: str
    achievement_path: str
    learning_outcomes: Sequence[str]
    hours: float
    started_at: datetime
    completed_at: datetime
    issued_at: datetime
    holder_name: str


def round_hours(hours: float) -> float:
    """Round hours to the nearest quarter hour, halves up; never below zero."""
    return max(0.0, math.floor(hours / HOURS_STEP + 0.5) * HOURS_STEP)


def course_cpd_hours(modules: Iterable[Module]) -> float:
    """Return a course's (a pathway's) CPD hours: the sum of its modules' rounded hours.

    Each module is rounded before summing, so the total always equals the sum of the hours
    on the module certificates (three modules of 1.1 hours give 3.0, not 3.25).
    """
    return sum((round_hours(module.cpd_hours) for module in modules), 0.0)


def counted_hours(record: HoursRecord) -> float:
    """Return the hours a record adds to its learner's CPD total.

    A module record adds its hours; a pathway record adds nothing (its hours are its modules',
    already counted), nor does a revoked record.
    """
    if record.is_revoked or record.kind != "module":
        return 0.0
    return record.hours


def learner_cpd_hours(records: Iterable[HoursRecord]) -> float:
    """Return the CPD hours some records earned: the one total every page, CSV and report shows.

    Module records count, a pathway record never counts on top of its modules, and a revoked
    record counts for nothing (``counted_hours``).
    """
    return sum((counted_hours(record) for record in records), 0.0)


def credits_for(hours: float) -> float:
    """Return the CPD credits for some hours (AoMRC: 1 credit = 1 hour)."""
    return round_hours(hours) * CREDITS_PER_HOUR


MAX_ACCREDITATION = 500


def accreditation_line(statement: str) -> str:
    """Return the accreditation a certificate prints: the course's statement, or the default."""
    return " ".join(statement.split()) or ACCREDITATION_LINE


def organiser_line(course_title: str) -> str:
    """Return the organiser a certificate names: lti-qi on behalf of the course."""
    return f"{ISSUER_NAME} on behalf of {course_title}"


def verification_url(base_url: str, serial: str) -> str:
    """Return the public page that says whether a certificate or badge is valid."""
    return f"{base_url.rstrip('/')}/verify/{serial}"


def credential_id(serial: str) -> str:
    """Return the credential's id (and the VC-JWT ``jti``): the serial as a URN."""
    return f"urn:uuid:{serial}"


def serial_from_credential_id(value: str) -> str | None:
    """Return the serial a credential id names, or None when it is not one of ours."""
    prefix = "urn:uuid:"
    if not value.startswith(prefix):
        return None
    try:
        return str(uuid.UUID(value[len(prefix) :]))
    except ValueError:
        return None


def subject_id(serial: str) -> str:
    """Return the credential subject's id: a URN derived from the serial, naming nobody."""
    return f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, serial)}"


def timestamp(moment: datetime) -> str:
    """Format a moment as the XML Schema dateTime (UTC, 'Z') that credentials use."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def open_badge_credential(facts: BadgeFacts, base_url: str) -> dict[str, Any]:
    """Build the Open Badges 3.0 ``OpenBadgeCredential`` for a completion (unsigned)."""
    base = base_url.rstrip("/")
    return {
        "@context": list(CONTEXTS),
        "id": credential_id(facts.serial),
        "type": list(CREDENTIAL_TYPES),
        "name": facts.title,
        "description": f"Awarded by {facts.organiser}.",
        "issuer": {"id": base, "type": ["Profile"], "name": ISSUER_NAME, "url": base},
        "validFrom": timestamp(facts.issued_at),
        "credentialSubject": _subject(facts, base),
        "credentialStatus": {
            "id": verification_url(base, facts.serial),
            "type": "1EdTechRevocationList",
        },
    }


def _subject(facts: BadgeFacts, base: str) -> dict[str, Any]:
    subject: dict[str, Any] = {
        "id": subject_id(facts.serial),
        "type": ["AchievementSubject"],
        "achievement": _achievement(facts, base),
        "creditsEarned": credits_for(facts.hours),
        "activityStartDate": timestamp(facts.started_at),
        "activityEndDate": timestamp(facts.completed_at),
    }
    if facts.holder_name:
        subject["identifier"] = [name_identity(facts.holder_name)]
    return subject


def name_identity(name: str) -> dict[str, Any]:
    """Return the ``IdentityObject`` naming the holder (in clear: it is printed anyway)."""
    return {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}


def _achievement(facts: BadgeFacts, base: str) -> dict[str, Any]:
    return {
        "id": f"{base}/badges/achievements/{facts.achievement_path}",
        "type": ["Achievement"],
        "name": facts.title,
        "description": f"{facts.title}: a quality improvement {facts.kind} in lti-qi.",
        "criteria": {"narrative": criteria_narrative(facts.kind, facts.learning_outcomes)},
        "achievementType": ACHIEVEMENT_TYPES[facts.kind],
        "creditsAvailable": credits_for(facts.hours),
    }


def criteria_narrative(kind: str, learning_outcomes: Sequence[str]) -> str:
    """Describe (in Markdown) what earning the achievement took, with its learning outcomes."""
    scope = "every module of the pathway" if kind == "pathway" else "every stage of the module"
    lines = [
        f"Complete {scope}: the readings and knowledge check, the project worksheets with a "
        "mentor's sign-off where a stage asks for one, and a written reflection on practice."
    ]
    if learning_outcomes:
        lines += ["", "Learning outcomes:", *(f"- {outcome}" for outcome in learning_outcomes)]
    return "\n".join(lines)


def with_holder_name(credential: Mapping[str, Any], name: str) -> dict[str, Any]:
    """Return a copy of a credential naming its holder (or naming nobody when ``name`` is '')."""
    subject = {k: v for k, v in credential["credentialSubject"].items() if k != "identifier"}
    if name:
        subject["identifier"] = [name_identity(name)]
    return {**credential, "credentialSubject": subject}


def vc_jwt_claims(credential: Mapping[str, Any]) -> dict[str, Any]:
    """Return the VC-JWT payload: the credential plus ``iss``, ``jti``, ``nbf``, ``sub``."""
    claims = {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": int(_parse(credential["validFrom"]).timestamp()),
        "sub": credential["credentialSubject"]["id"],
    }
    if "validUntil" in credential:
        claims["exp"] = int(_parse(credential["validUntil"]).timestamp())
    return claims


def credential_from_claims(claims: Mapping[str, Any]) -> dict[str, Any]:
    """Return the credential a VC-JWT payload carries (the payload less its JWT claims)."""
    return {key: value for key, value in claims.items() if key not in JWT_CLAIMS}


def claims_problems(claims: Mapping[str, Any]) -> list[str]:
    """List how a VC-JWT payload breaks the Open Badges 3.0 mapping (empty when it holds)."""
    try:
        expected = vc_jwt_claims(credential_from_claims(claims))
    except (KeyError, TypeError, ValueError) as error:
        return [f"the credential lacks a required field ({error})"]
    problems = [
        f"claim {name!r} does not match the credential"
        for name in JWT_CLAIMS
        if expected.get(name) != claims.get(name)
    ]
    if not set(CREDENTIAL_TYPES) <= set(claims.get("type") or ()):
        problems.append("the credential is not an OpenBadgeCredential")
    if list(claims.get("@context") or ())[:1] != [CONTEXTS[0]]:
        problems.append("the credential's first @context is not the VC 2.0 context")
    return problems


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)
