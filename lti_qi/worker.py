"""The background worker: delivers queued scores and emails, and refreshes course rosters.

Production runs it as ``lti-qi worker`` processes, as many as needed, beside the web server;
the demo runs one in a thread of its own process. Each round claims what is due, delivers
it and sleeps only when there was nothing to do. A database or network failure is logged and
the round is tried again later: the outboxes keep everything until it is delivered.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from lti_qi.extensions import db
from lti_qi.services import email_outbox, passback_worker, roster_sync
from lti_qi.settings import get_settings

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
        done = passback_worker.dispatch_once(name, limit=batch)
        done += email_outbox.send_due_emails(limit=batch)
        refresh = timedelta(hours=get_settings().roster_refresh_hours)
        return done + (1 if roster_sync.sync_due_course(refresh=refresh) else 0)
    except SQLAlchemyError:
        logger.exception("worker %s: database error; trying again shortly", name)
        db.session.rollback()
        return 0


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
