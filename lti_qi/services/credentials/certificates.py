"""CPD records, certificates and badges: issuing, reading, naming and revoking.

When a learner completes a module (and, at the end, the whole pathway) they get a CPD
record: a snapshot of the activity, its learning outcomes, hours, dates, their reflection and
the mentors' sign-offs (``cpd_snapshots``), with an Open Badges 3.0 credential signed by the
tool's key. From the record come an A4 PDF certificate (``certificate_pdf``) and the badge
downloads; ``verification`` tells anyone whether a certificate or badge stands. The CPD
conventions (1 credit = 1 hour, quarter-hour rounding) are in ``lti_qi.domain.course.cpd``.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import datetime
from typing import Any

import jwt
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lti_qi import transaction
from lti_qi.domain.course import cpd
from lti_qi.errors import Conflict, Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.lti import tool_keys
from lti_qi.models import Context, CpdRecord, User
from lti_qi.models.base import utc_now
from lti_qi.services.credentials import certificate_pdf as pdf_rendering
from lti_qi.services.credentials import cpd_snapshots
from lti_qi.settings import get_settings

logger = logging.getLogger(__name__)

NAME_MAX_LENGTH = 300
REASON_MAX_LENGTH = 500


def issue_completions(user_id: int, context_id: int) -> list[CpdRecord]:
    """Create the records a learner has earned and has not got yet; never commits.

    Idempotent: a module already recorded is skipped, and the pathway record comes once,
    when every module is complete. Reads a fixed number of rows whatever the pathway's size
    (and fetches the signing key only when there is something to sign), so callers may run it
    in their own unit of work right after progress changes.

    Returns:
        The new records, added to the session but not committed.
    """
    learner = cpd_snapshots.load(user_id, context_id)
    if learner is None:
        return []
    completions = cpd_snapshots.pending_completions(learner)
    if not completions:
        return []
    signing_key, now = tool_keys.current_signing_key(), utc_now()
    records = [
        cpd_snapshots.new_record(learner, completion, signing_key, now)
        for completion in completions
    ]
    db.session.add_all(records)
    logger.info("issued %d CPD records to user %s in course %s", len(records), user_id, context_id)
    return records


def ensure_records(user_id: int, context_id: int) -> list[CpdRecord]:
    """Issue any record the learner has earned but lacks, and return all their records.

    When another request issues the same records a moment earlier, its records are kept.
    """
    with suppress(IntegrityError), transaction.savepoint():
        issue_completions(user_id, context_id)
    return records_for(user_id, context_id)


def records_for(user_id: int, context_id: int) -> list[CpdRecord]:
    """Return a learner's records in one course: modules in completion order, then the pathway."""
    query = cpd_snapshots.learner_records_query(user_id, context_id)
    return list(db.session.scalars(query.order_by(CpdRecord.kind, CpdRecord.completed_at)))


def record_for(user_id: int, context_id: int, serial: str) -> CpdRecord:
    """Return one of the learner's own records.

    Raises:
        NotFound: when the serial is not one of this learner's records in this course.
    """
    query = cpd_snapshots.learner_records_query(user_id, context_id)
    record = db.session.scalar(query.where(CpdRecord.serial == serial))
    if record is None:
        raise NotFound("That CPD record is not one of yours in this course.")
    return record


def get_by_serial(serial: str) -> CpdRecord | None:
    """Return the record with this public serial, if there is one."""
    return db.session.scalar(select(CpdRecord).where(CpdRecord.serial == serial))


def search_records(
    *,
    user_id: int | None = None,
    context_id: int | None = None,
    platform_id: int | None = None,
    completed_from: datetime | None = None,
    completed_before: datetime | None = None,
) -> list[CpdRecord]:
    """Return records by learner, course, platform and completion dates (for administrators).

    Args:
        user_id: only this learner's records.
        context_id: only records from this course.
        platform_id: only records from courses on this platform.
        completed_from: only records completed at or after this moment.
        completed_before: only records completed before this moment.
    """
    query = select(CpdRecord).join(Context, Context.id == CpdRecord.context_id)
    equal_to = {
        CpdRecord.user_id: user_id,
        CpdRecord.context_id: context_id,
        Context.platform_id: platform_id,
    }
    for column, value in equal_to.items():
        if value is not None:
            query = query.where(column == value)
    if completed_from is not None:
        query = query.where(CpdRecord.completed_at >= completed_from)
    if completed_before is not None:
        query = query.where(CpdRecord.completed_at < completed_before)
    return list(db.session.scalars(query.order_by(CpdRecord.completed_at, CpdRecord.id)))


def certificate_pdf(record: CpdRecord) -> bytes:
    """Render the record's A4 certificate, with its verification URL and QR code.

    Raises:
        InvalidInput: when there is no name to print yet (the learner can set one).
        Conflict: when the record was revoked.
    """
    _require_standing(record)
    if not record.holder_name:
        raise InvalidInput(
            "Your LMS does not share your name with lti-qi, so there is no name to print yet.",
            hint="Enter the name to print on your certificates on the My CPD page.",
        )
    url = cpd.verification_url(get_settings().base_url, record.serial)
    return pdf_rendering.render(record, url)


def badge_jwt(record: CpdRecord) -> str:
    """Return the record's signed badge (a VC-JWT) for download.

    Raises:
        Conflict: when the record was revoked.
    """
    _require_standing(record)
    return record.badge_jwt


def badge_credential(record: CpdRecord) -> dict[str, Any]:
    """Return the Open Badges credential the record's badge signs, as JSON-ready data.

    Raises:
        Conflict: when the record was revoked.
    """
    _require_standing(record)
    return _credential_of(record)


def revoke(serial: str, reason: str, *, revoked_by: int | None = None) -> CpdRecord:
    """Withdraw a record: its certificate and badge show as revoked from now on.

    ``revoked_by`` is the administrator's user id (None for an operator at the command line).

    Raises:
        NotFound: when no record has this serial.
        InvalidInput: when no reason is given.
        Conflict: when it is revoked already.
    """
    record = get_by_serial(serial)
    if record is None:
        raise NotFound("No CPD record has that serial.")
    if not reason.strip():
        raise InvalidInput("Give the reason for revoking, for the record.")
    if record.is_revoked:
        raise Conflict("That CPD record was revoked already.")
    record.revoked_at, record.revoked_reason = utc_now(), reason.strip()[:REASON_MAX_LENGTH]
    record.revoked_by = revoked_by
    db.session.flush()
    logger.info("revoked CPD record %s (by user %s)", record.id, revoked_by)
    return record


def can_set_name(user_id: int) -> bool:
    """Whether the learner may set the name printed on certificates (their LMS shares none)."""
    return not cpd_snapshots.shared_name(db.session.get_one(User, user_id))


def set_certificate_name(user_id: int, context_id: int, name: str) -> list[CpdRecord]:
    """Set the name printed on a learner's certificates, and sign their badges again with it.

    Raises:
        Forbidden: when the LMS shares the learner's name (that name is printed).
        InvalidInput: when the name is empty or too long, or there is no record to name yet.
    """
    name = " ".join(name.split())
    if not 0 < len(name) <= NAME_MAX_LENGTH:
        raise InvalidInput(
            f"Enter your name as it should be printed (up to {NAME_MAX_LENGTH} characters)."
        )
    if not can_set_name(user_id):
        raise Forbidden(
            "Your certificates show the name your LMS shares with lti-qi.",
            hint="To change it, change your name in the LMS, then open lti-qi again.",
        )
    records = [record for record in records_for(user_id, context_id) if not record.is_revoked]
    if not records:
        raise InvalidInput("You have no CPD record to put a name on yet: finish a module first.")
    signing_key = tool_keys.current_signing_key()
    for record in records:
        credential = cpd.with_holder_name(_credential_of(record), name)
        record.holder_name, record.badge_jwt = name, cpd_snapshots.sign(credential, signing_key)
    db.session.flush()
    logger.info("user %s set the name on %d CPD records", user_id, len(records))
    return records


def _credential_of(record: CpdRecord) -> dict[str, Any]:
    claims = jwt.decode(record.badge_jwt, options={"verify_signature": False})
    return cpd.credential_from_claims(claims)


def _require_standing(record: CpdRecord) -> None:
    if record.is_revoked:
        raise Conflict(
            "This CPD record was revoked, so its certificate and badge are withdrawn.",
            hint="Ask your course team if you think this is a mistake.",
        )
