"""Deliver queued email through SMTP, retrying failures with backoff, from any number of workers.

``notifications.notify`` writes an :class:`EmailMessage` row in the same transaction as the
action it reports; this module sends the rows that are due. Each message is claimed with
``SELECT ... FOR UPDATE SKIP LOCKED`` (on PostgreSQL; SQLite ignores it and allows one writer,
so run a single worker there), sent, and its outcome committed (the worker commits each
message as one job) before the next is claimed: two workers never send the same message, and
a crash loses at most the one in flight.

A failed send counts an attempt, keeps the error (shortened, passwords removed) and waits
1 minute times 2^(attempts - 1), capped at 6 hours, ±20% so a crowd of retries spreads out.
After ``MAX_ATTEMPTS`` the message is *failed*: it stays in the table, unsent, for an
administrator to see (``email_status_counts``, ``failing_emails``). When the server cannot be
reached at all, the run stops after recording that one failure: the rest wait for the next.
"""

from __future__ import annotations

import email.message
import email.utils
import logging
import random
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, select

from lti_qi.extensions import db
from lti_qi.models import EmailMessage
from lti_qi.models.base import utc_now
from lti_qi.settings import Settings, get_settings

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
JITTER = 0.2
SMTP_TIMEOUT_SECONDS = 20
ERROR_LENGTH = 500


@dataclass(frozen=True)
class EmailStatusCounts:
    """How many emails are waiting, being retried, sent, and given up on."""

    waiting: int
    retrying: int
    sent: int
    failed: int


class Mailer:
    """One SMTP connection, opened for the first message of a run and reused for the rest."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None
        self.is_reachable = True

    def send(self, message: EmailMessage) -> None:
        """Send one queued message (any failure closes the connection and is raised)."""
        try:
            if self.connection is None:
                self.is_reachable = False
                self.connection = _connect(self.settings)
                self.is_reachable = True
            self.connection.send_message(_compose(message, self.settings.email_from))
        except (OSError, ValueError):
            self.close()
            raise

    def close(self) -> None:
        """Say goodbye to the server, if connected (a broken connection is just dropped)."""
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.quit()
            except OSError:
                connection.close()


def open_mailer() -> Mailer | None:
    """Return a mailer for one worker run, or ``None`` while ``smtp_host`` is empty."""
    settings = get_settings()
    return Mailer(settings) if settings.smtp_host else None


def send_next_due(mailer: Mailer, now: datetime) -> int | None:
    """Claim the next due message, send it and record the outcome (one job: the caller commits).

    Safe to call from several processes at once: a claimed message is locked until the job
    commits, so two workers never send the same one.

    Returns:
        1 if a message was sent, 0 if sending it failed, ``None`` when none is due.
    """
    message = _claim_next_due(now)
    if message is None:
        return None
    return _deliver(mailer, message, now)


def email_status_counts() -> EmailStatusCounts:
    """Count the outbox by state, in one query."""
    unsent = EmailMessage.sent_at.is_(None)
    failed = and_(unsent, EmailMessage.attempts >= MAX_ATTEMPTS)
    retrying = and_(unsent, EmailMessage.attempts.between(1, MAX_ATTEMPTS - 1))
    waiting = and_(unsent, EmailMessage.attempts == 0)
    row = db.session.execute(
        select(
            *(
                func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
                for condition in (waiting, retrying, EmailMessage.sent_at.is_not(None), failed)
            )
        )
    ).one()
    return EmailStatusCounts(*(int(value) for value in row))


def failing_emails(limit: int = 20) -> list[EmailMessage]:
    """Return unsent emails that have failed at least once, most attempts first."""
    query = (
        select(EmailMessage)
        .where(EmailMessage.sent_at.is_(None), EmailMessage.attempts > 0)
        .order_by(EmailMessage.attempts.desc(), EmailMessage.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def retry_delay(attempts: int, *, spread: float | None = None) -> timedelta:
    """Return how long to wait after ``attempts`` failures (``spread`` in [-1, 1] scales jitter)."""
    if spread is None:
        spread = random.uniform(-1.0, 1.0)  # noqa: S311  (jitter, not a secret)
    base = min(FIRST_RETRY * int(2 ** max(attempts - 1, 0)), LONGEST_RETRY)
    return base * (1 + JITTER * spread)


def _claim_next_due(now: datetime) -> EmailMessage | None:
    query = (
        select(EmailMessage)
        .where(
            EmailMessage.sent_at.is_(None),
            EmailMessage.attempts < MAX_ATTEMPTS,
            EmailMessage.next_attempt_at <= now,
        )
        .order_by(EmailMessage.next_attempt_at, EmailMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return db.session.scalar(query)


def _deliver(mailer: Mailer, message: EmailMessage, now: datetime) -> int:
    """Send one claimed message and record its outcome; 1 if sent."""
    try:
        mailer.send(message)
    except (OSError, ValueError) as error:
        _record_failure(message, error, now, mailer.settings.smtp_password)
        return 0
    message.sent_at, message.last_error = utc_now(), None
    return 1


def _record_failure(message: EmailMessage, error: Exception, now: datetime, secret: str) -> None:
    message.attempts = (message.attempts or 0) + 1
    text = f"{type(error).__name__}: {error}"
    if secret:
        text = text.replace(secret, "***")
    if message.attempts >= MAX_ATTEMPTS:
        text = f"Gave up after {message.attempts} attempts. {text}"
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)
    message.last_error = text[:ERROR_LENGTH]
    logger.warning(
        "email %s not sent (attempt %s): %s", message.id, message.attempts, type(error).__name__
    )


def _connect(settings: Settings) -> smtplib.SMTP:
    connection = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        if settings.smtp_use_tls:
            connection.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            connection.login(settings.smtp_username, settings.smtp_password)
    except OSError:
        connection.close()
        raise
    return connection


def _compose(message: EmailMessage, sender: str) -> email.message.EmailMessage:
    composed = email.message.EmailMessage()
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2] or "lti-qi.invalid"
    composed["From"] = sender
    composed["To"] = message.to_address
    composed["Subject"] = " ".join(message.subject.split())
    composed["Date"] = email.utils.format_datetime(utc_now())
    # The same id on every attempt lets mail servers drop a copy a retry might repeat.
    composed["Message-ID"] = f"<lti-qi-email-{message.id}@{domain}>"
    composed.set_content(message.body, cte="quoted-printable")  # 7-bit safe for any relay
    return composed
