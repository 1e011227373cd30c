"""Email delivery through a real SMTP server on 127.0.0.1, up and down, with several workers.

The server is ``smtp_server.MailServer``, keeping what it receives. The tool is built with
SMTP settings pointing at it, through the factory's overrides, so nothing of lti-qi is patched.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from lti_qi import create_app, demo, worker
from lti_qi.extensions import db
from lti_qi.models import EmailMessage, Project
from lti_qi.models.base import utc_now
from lti_qi.services.collaboration import email_outbox
from lti_qi.transaction import unit_of_work

from launching import LaunchDriver, route_in_process
from smtp_server import PASSWORD, MailServer

BASE_URL = "http://tool.test"


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer()
    yield server
    server.stop()


def _mail_app(app: Flask, database_url: str, port: int, **settings: Any) -> Flask:
    """The tool again, on the same database, with email switched on."""
    mailer = create_app(
        {
            "env": "test",
            "database_url": database_url,
            "instance_path": app.instance_path,
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_use_tls": False,
            "email_from": "lti-qi <no-reply@lti-qi.test>",
            **settings,
        }
    )
    mailer.testing = True
    demo.mount_sandbox(mailer)
    route_in_process(mailer, BASE_URL)
    return mailer


@pytest.fixture
def mail_app(app: Flask, database_url: str, mail_server: MailServer) -> Iterator[Flask]:
    mailer = _mail_app(app, database_url, mail_server.port)
    yield mailer
    with mailer.app_context(), unit_of_work():
        db.engine.dispose()


def _queue(mail_app: Flask, count: int = 1, **fields: Any) -> list[int]:
    with mail_app.app_context(), unit_of_work():
        messages = [
            EmailMessage(
                to_address=f"learner{number}@example.org",
                subject=fields.get("subject", f"Message {number}"),
                body=fields.get("body", "Your mentor reviewed “Aim”."),
            )
            for number in range(count)
        ]
        db.session.add_all(messages)
        db.session.commit()
        return [message.id for message in messages]


def _rows(mail_app: Flask) -> list[EmailMessage]:
    with mail_app.app_context(), unit_of_work():
        rows = list(db.session.scalars(select(EmailMessage).order_by(EmailMessage.id)))
        db.session.expunge_all()
        return rows


def _send(mail_app: Flask, **kwargs: Any) -> int:
    with mail_app.app_context(), unit_of_work():
        return worker.send_due_emails(**kwargs)


def test_due_messages_are_delivered_once_with_a_stable_message_id(
    mail_app: Flask, mail_server: MailServer
) -> None:
    mail_server.start()
    ids = _queue(mail_app, 3, subject="Review:\r\nBcc: everyone@example.org")
    assert _send(mail_app) == 3
    assert _send(mail_app) == 0
    assert len(mail_server.received) == 3
    recipients, first = mail_server.received[0]
    assert recipients == ["learner0@example.org"]
    assert first["From"] == "lti-qi <no-reply@lti-qi.test>"
    assert first["Subject"] == "Review: Bcc: everyone@example.org"
    assert first["Bcc"] is None
    assert first["Message-ID"] == f"<lti-qi-email-{ids[0]}@lti-qi.test>"
    assert first.get_content().strip() == "Your mentor reviewed “Aim”."
    assert all(row.sent_at and row.last_error is None for row in _rows(mail_app))


def test_nothing_is_sent_while_email_is_off(app: Flask) -> None:
    with app.app_context(), unit_of_work():
        db.session.add(EmailMessage(to_address="a@example.org", subject="s", body="b"))
        db.session.commit()
        assert worker.send_due_emails() == 0
        assert email_outbox.email_status_counts() == email_outbox.EmailStatusCounts(1, 0, 0, 0)


def test_failure_is_recorded_and_retried_later_with_backoff(
    mail_app: Flask, mail_server: MailServer
) -> None:
    _queue(mail_app, 2)
    now = utc_now()
    assert _send(mail_app, now=now) == 0
    first, second = _rows(mail_app)
    assert first.attempts == 1
    assert "ConnectionRefusedError" in first.last_error
    assert timedelta(seconds=47) <= first.next_attempt_at - now <= timedelta(seconds=73)
    assert second.attempts == 0  # the run stopped: the server could not be reached at all

    assert _send(mail_app, now=now + timedelta(seconds=30)) == 0
    assert _rows(mail_app)[0].attempts == 1  # not due yet, so not tried again
    mail_server.start()
    assert _send(mail_app, now=now + timedelta(minutes=2)) == 2
    assert len(mail_server.received) == 2
    with mail_app.app_context(), unit_of_work():
        counts = email_outbox.email_status_counts()
    assert counts == email_outbox.EmailStatusCounts(waiting=0, retrying=0, sent=2, failed=0)


def test_backoff_doubles_is_capped_at_six_hours_and_spreads_by_a_fifth() -> None:
    assert email_outbox.retry_delay(1, spread=0) == timedelta(minutes=1)
    assert email_outbox.retry_delay(4, spread=0) == timedelta(minutes=8)
    assert email_outbox.retry_delay(9, spread=0) == timedelta(hours=4, minutes=16)
    assert email_outbox.retry_delay(12, spread=0) == timedelta(hours=6)
    assert email_outbox.retry_delay(1, spread=1) == timedelta(minutes=1.2)
    assert email_outbox.retry_delay(1, spread=-1) == timedelta(minutes=0.8)
    for _ in range(50):
        delay = email_outbox.retry_delay(3)
        assert timedelta(minutes=3.2) <= delay <= timedelta(minutes=4.8)


def test_message_is_given_up_after_ten_attempts_and_kept(
    mail_app: Flask, mail_server: MailServer
) -> None:
    [message_id] = _queue(mail_app)
    now = utc_now()
    for attempt in range(1, 11):
        assert _send(mail_app, now=now) == 0
        row = _rows(mail_app)[0]
        assert row.attempts == attempt
        now = row.next_attempt_at + timedelta(seconds=1)
    mail_server.start()
    assert _send(mail_app, now=now + timedelta(days=1)) == 0
    row = _rows(mail_app)[0]
    assert (row.id, row.sent_at, row.attempts) == (message_id, None, 10)
    assert row.last_error.startswith("Gave up after 10 attempts.")
    with mail_app.app_context(), unit_of_work():
        assert email_outbox.email_status_counts().failed == 1
        assert [failing.id for failing in email_outbox.failing_emails()] == [message_id]
    assert mail_server.received == []


def test_login_is_used_and_a_rejected_password_never_reaches_the_error(
    app: Flask, database_url: str, mail_server: MailServer
) -> None:
    mail_server.start()
    wrong = _mail_app(
        app, database_url, mail_server.port, smtp_username="mailer", smtp_password=PASSWORD + "-old"
    )
    right = _mail_app(
        app, database_url, mail_server.port, smtp_username="mailer", smtp_password=PASSWORD
    )
    try:
        _queue(wrong)
        assert _send(wrong) == 0
        error = _rows(wrong)[0].last_error
        assert "SMTPAuthenticationError" in error
        assert PASSWORD not in error
        assert "mailer/***" in error
        assert _send(right, now=utc_now() + timedelta(minutes=5)) == 1
    finally:
        for mailer in (wrong, right):
            with mailer.app_context(), unit_of_work():
                db.engine.dispose()


def test_action_succeeds_while_the_server_is_down_and_its_email_goes_later(
    mail_app: Flask, mail_server: MailServer, sandbox: Any
) -> None:
    launcher = LaunchDriver(mail_app, BASE_URL)
    aisha = launcher.launch(sub="learner-aisha", course="QI-101")
    aisha.get()
    ben = launcher.launch(sub="learner-ben", course="QI-101")
    page = ben.get("project").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    with mail_app.app_context(), unit_of_work():
        project_id = db.session.scalar(select(Project.id).order_by(Project.id))

    asked = ben.client.post(
        ben.url(f"community/projects/{project_id}/join"), data={"csrf_token": token}
    )
    assert asked.status_code == 302
    assert _send(mail_app) == 0
    [queued] = _rows(mail_app)
    assert queued.to_address == "aisha.khan@example.org"
    assert queued.attempts == 1
    assert queued.last_error

    mail_server.start()
    assert _send(mail_app, now=queued.next_attempt_at) == 1
    [(recipients, delivered)] = mail_server.received
    assert recipients == ["aisha.khan@example.org"]
    assert delivered["Subject"] == "Request to join"
    assert "Ben Carter asked to join your project" in delivered.get_content()


def test_two_workers_never_send_the_same_message(
    mail_app: Flask, mail_server: MailServer, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SKIP LOCKED claims need PostgreSQL; SQLite runs a single worker")
    mail_server.start(data_delay=0.05)
    ids = _queue(mail_app, 20)
    sent: list[int] = []
    workers = [
        threading.Thread(target=lambda: sent.append(_send(mail_app, limit=20))) for _ in range(2)
    ]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=30)
    message_ids = [received["Message-ID"] for _, received in mail_server.received]
    assert sorted(message_ids) == sorted({f"<lti-qi-email-{i}@lti-qi.test>" for i in ids})
    assert sum(sent) == 20
    assert min(sent) > 0  # both workers really worked side by side
    assert all(row.sent_at for row in _rows(mail_app))
