"""Passback when things fail: LMS outages, refusals, deleted columns, killed or racing workers.

Outages are switched on through the sandbox's own outage API, and a line item is deleted in
the sandbox as a teacher would.
"""

from __future__ import annotations

import socket
import threading
from collections import Counter
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from lti_qi.demo import mounted_sandbox
from lti_qi.extensions import db
from lti_qi.models import LineItemRecord, PassbackAttempt, ResourceLink, ScoreOutbox
from lti_qi.models.base import utc_now
from lti_qi.sandbox import grades
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxLineItem, SandboxScore
from lti_qi.services.passback import score_delivery
from lti_qi.transaction import unit_of_work
from lti_qi.worker import dispatch_scores

from journeys import finish_readings
from launching import LaunchDriver, Launched
from passback_helpers import READINGS, drain, queued_aim_score, sandbox_score, states


def _outage(launched: Launched, **body: object) -> None:
    switched = launched.client.post(f"{launched.base_url}/sandbox/api/outage", json=body)
    assert switched.status_code == 204


def test_an_lms_outage_is_ridden_out_and_every_final_score_arrives(
    app: Flask, launcher: LaunchDriver, aisha: Launched
) -> None:
    ben = launcher.launch(sub="learner-ben")
    finish_readings(aisha, READINGS[0])
    finish_readings(ben, READINGS[0])
    _outage(aisha, status=503, retry_after=120)
    with app.app_context(), unit_of_work():
        assert dispatch_scores("w1", limit=100) == 28
        retrying = db.session.scalars(
            select(ScoreOutbox).where(ScoreOutbox.state != "superseded")
        ).all()
        assert {row.state for row in retrying} == {"pending"}
        assert {row.last_status for row in retrying} == {503}
        # Retry-After (120 s) is honoured over the first backoff step (30 s +-20%).
        assert min(row.next_attempt_at for row in retrying) >= utc_now() + timedelta(seconds=115)
    # More progress while the LMS is down: queued, superseding what was waiting.
    finish_readings(aisha, *READINGS[1:])
    with app.app_context(), unit_of_work():
        assert dispatch_scores("w1", limit=100) == 0  # nothing due yet
    _outage(aisha, status=429, requests=3)
    drain(app)
    assert states(app)["sent"] == 28
    assert states(app)["pending"] == 0
    assert sandbox_score(app, "qi-pathway:aim").score_given == pytest.approx(queued_aim_score(app))
    assert sandbox_score(app, "qi-pathway:aim", "learner-ben").activity_progress == "InProgress"
    with app.app_context(), unit_of_work():
        outcomes = Counter(db.session.scalars(select(PassbackAttempt.status_code)))
    assert outcomes[503] == 28
    # Three requests met a 429; a column's failure is recorded on each score waiting for it.
    assert 3 <= outcomes[429] <= 6


def test_an_unreachable_lms_is_retried_with_growing_backoff(app: Flask, aisha: Launched) -> None:
    finish_readings(aisha, READINGS[0])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with app.app_context(), unit_of_work():
        link = db.session.scalars(select(ResourceLink)).one()
        real_url = link.ags_lineitems_url
        link.ags_lineitems_url = f"http://127.0.0.1:{closed_port}/lineitems"
        db.session.commit()
        delays = []
        for attempt in range(1, 4):
            now = utc_now() + timedelta(days=attempt)
            dispatch_scores("w1", limit=1, now=now)
            row = db.session.scalars(
                select(ScoreOutbox).where(ScoreOutbox.state != "superseded").order_by("id")
            ).first()
            assert row is not None
            assert row.state == "pending"
            assert "ConnectionError" in (row.last_error or "")
            delays.append((row.next_attempt_at - utc_now()).total_seconds())
        assert row.attempts == 3
        link.ags_lineitems_url = real_url
        db.session.commit()
    # 30 s, 60 s, 120 s after each attempt, each with up to 20% jitter either way.
    for delay, base in zip(delays, (30, 60, 120), strict=True):
        assert base * 0.79 <= delay <= base * 1.21
    drain(app, later=timedelta(days=5))
    assert states(app) == Counter(sent=14)


def test_a_refused_score_is_parked_with_the_lms_answer_and_can_be_replayed(
    app: Flask, aisha: Launched
) -> None:
    finish_readings(aisha, READINGS[0])
    _outage(aisha, status=400, requests=1)
    with app.app_context(), unit_of_work():
        dispatch_scores("w1", limit=1)
        parked = db.session.scalars(select(ScoreOutbox).where(ScoreOutbox.state == "parked")).one()
        assert parked.last_status == 400
        assert "sandbox outage" in (parked.last_error or "")
        parked_id = parked.id
    drain(app)
    assert states(app) == Counter(sent=13, parked=1)
    with app.app_context(), unit_of_work():
        replayed = score_delivery.replay(parked_id)
        assert replayed.state == "pending"
    drain(app)
    assert states(app) == Counter(sent=14)


def test_a_column_deleted_in_the_lms_is_recreated(app: Flask, aisha: Launched) -> None:
    finish_readings(aisha, READINGS[0])
    drain(app)
    with mounted_sandbox(app).app_context():
        deleted = sandbox_db.session.scalar(
            select(SandboxLineItem).where(SandboxLineItem.resource_id == "qi-pathway:aim")
        )
        assert deleted is not None
        deleted_id = deleted.id
        grades.delete_line_item(deleted)
    finish_readings(aisha, READINGS[1])
    drain(app)
    assert states(app)["sent"] == 15
    recreated = sandbox_score(app, "qi-pathway:aim")
    assert recreated.line_item_id != deleted_id
    with app.app_context(), unit_of_work():
        item = db.session.scalar(
            select(LineItemRecord).where(LineItemRecord.resource_id == "qi-pathway:aim")
        )
        assert item is not None
        assert item.url is not None
        assert item.url.endswith(f"/{recreated.line_item_id}")
        statuses = list(db.session.scalars(select(PassbackAttempt.status_code)))
    assert statuses.count(404) == 1


def test_a_worker_killed_mid_send_loses_nothing(app: Flask, aisha: Launched) -> None:
    finish_readings(aisha, READINGS[0])
    with app.app_context(), unit_of_work():
        claimed = score_delivery.claim_batch("killed-worker", limit=100)
        assert len(claimed) == 14  # ...and the process dies before sending any of them
        assert dispatch_scores("w2") == 0  # the claims are still leased
        taken_over = dispatch_scores(
            "w2", now=utc_now() + score_delivery.LEASE + timedelta(seconds=1)
        )
        assert taken_over == 14
    assert states(app) == Counter(sent=14)
    assert sandbox_score(app, "qi-pathway:aim").activity_progress == "InProgress"


def test_a_score_is_not_claimed_while_an_older_one_for_the_same_column_is_sending(
    app: Flask, aisha: Launched
) -> None:
    finish_readings(aisha, READINGS[0])
    with app.app_context(), unit_of_work():
        claimed = score_delivery.claim_batch("slow-worker", limit=100)
    finish_readings(aisha, READINGS[1])
    with app.app_context(), unit_of_work():
        assert score_delivery.claim_batch("w2", limit=100) == []
        for outbox_id in claimed:
            score_delivery.deliver(outbox_id, "slow-worker")
    drain(app)
    assert states(app) == Counter(sent=15)
    assert sandbox_score(app, "qi-pathway:aim").score_given == pytest.approx(queued_aim_score(app))


@pytest.fixture
def many_learners_queued(app: Flask, launcher: LaunchDriver) -> int:
    """Four learners' progress queued (56 scores)."""
    for sub in ("learner-aisha", "learner-ben", "learner-chloe", "learner-anonymous"):
        finish_readings(launcher.launch(sub=sub), READINGS[0])
    return 56


def test_two_workers_never_send_a_score_twice(
    app: Flask, database_url: str, many_learners_queued: int
) -> None:
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            with app.app_context(), unit_of_work():
                while dispatch_scores(name, limit=3):
                    pass
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert states(app) == Counter(sent=many_learners_queued)
    with app.app_context(), unit_of_work():
        attempts = Counter(db.session.scalars(select(PassbackAttempt.outbox_id)))
        workers = set(db.session.scalars(select(PassbackAttempt.worker)))
    with mounted_sandbox(app).app_context():
        sandbox_scores = sandbox_db.session.scalar(select(func.count()).select_from(SandboxScore))
    assert set(attempts.values()) == {1}
    assert sandbox_scores == many_learners_queued
    if database_url.startswith("postgresql"):
        assert workers == {"w0", "w1"}  # both really worked, side by side
