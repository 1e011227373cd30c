"""The background worker: delivers queued scores and emails, and refreshes course rosters.

Production runs it as ``lti-qi worker`` processes, as many as needed, beside the web server;
the demo runs one in a thread of its own process. Each round claims what is due, delivers
it and sleeps only when there was nothing to do. A database or network failure is logged and
the round is tried again later: the outboxes keep everything until it is delivered.

Every job is one transaction, committed here (services never commit): claiming a batch of
scores, delivering it, sending one email, claiming a course roster, storing it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from lti_qi.extensions import db
from lti_qi.models.base import utc_now
from lti_qi.services.collaboration import email_outbox
from lti_qi.services.passback import score_delivery
from lti_qi.services.rosters import roster_sync
from lti_qi.settings import get_settings
from lti_qi.transaction import unit_of_work

logger = logging.getLogger(__name__)

BATCH = 50


def default_name() -> str:
    """Name a worker after its host and process, as the delivery log shows it."""
    return f"{socket.gethostname()}-{os.getpid()}"


def run_round(name: str, *, batch: int = BATCH) -> int:
    """Deliver one batch of due scores and emails, and refresh one due roster.

    Returns:
        How many items were attempted (0 when there was nothing to do).
    """
    try:
        done = dispatch_scores(name, limit=batch)
        done += send_due_emails(limit=batch)
        refresh = timedelta(hours=get_settings().roster_refresh_hours)
        return done + (1 if sync_due_course(refresh=refresh) else 0)
    except SQLAlchemyError:
        logger.exception("worker %s: database error; trying again shortly", name)
        db.session.rollback()
        return 0


def dispatch_scores(name: str, *, limit: int = BATCH, now: datetime | None = None) -> int:
    """Claim one batch of due scores (one job) and deliver it (another); how many were tried."""
    with unit_of_work():
        claimed = score_delivery.claim_batch(name, limit=limit, now=now)
    if claimed:
        with unit_of_work():
            score_delivery.deliver_batch(claimed, name)
    return len(claimed)


def send_due_emails(*, now: datetime | None = None, limit: int = BATCH) -> int:
    """Send up to ``limit`` due emails, one job each; return how many were sent.

    Does nothing while ``smtp_host`` is empty; stops early when the server cannot be reached.
    """
    mailer = email_outbox.open_mailer()
    if mailer is None:
        return 0
    now, sent = now or utc_now(), 0
    try:
        for _ in range(limit):
            with unit_of_work():
                outcome = email_outbox.send_next_due(mailer, now)
            if outcome is None:
                break
            sent += outcome
            if not mailer.is_reachable:
                break
    finally:
        mailer.close()
    return sent


def sync_due_course(
    *, refresh: timedelta, now: datetime | None = None
) -> roster_sync.RosterSync | None:
    """Sync one course whose roster is older than ``refresh``; ``None`` if none is due or it failed.

    Claiming the course, storing its roster and recording a failure are each one job.
    """
    now = now or utc_now()
    with unit_of_work():
        context_id = roster_sync.claim_due_course(refresh=refresh, now=now)
    if context_id is None:
        return None
    try:
        with unit_of_work():
            return roster_sync.sync_roster(context_id, now=now)
    except roster_sync.SYNC_ERRORS as error:
        with unit_of_work():
            roster_sync.record_failure(context_id, error)
        return None


def run(app: Flask, stop: threading.Event, *, name: str, interval: float = 2.0) -> None:
    """Work until ``stop`` is set, waiting ``interval`` seconds whenever nothing was due."""
    logger.info("worker %s started", name)
    while not stop.is_set():
        with app.app_context():
            done = run_round(name)
        if not done:
            stop.wait(interval)
    logger.info("worker %s stopped", name)


def start_in_thread(app: Flask, *, interval: float = 2.0) -> threading.Event:
    """Run a worker in a daemon thread of this process (the demo); returns its stop switch."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run,
        args=(app, stop),
        kwargs={"name": f"{default_name()}-demo", "interval": interval},
        name="lti-qi-worker",
        daemon=True,
    )
    thread.start()
    return stop
