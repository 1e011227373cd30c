"""What the passback tests share: running the worker, the outbox's states, the sandbox's scores."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from lti_qi.demo import mounted_sandbox
from lti_qi.extensions import db
from lti_qi.models import LineItemRecord, ScoreOutbox, User
from lti_qi.models.base import utc_now
from lti_qi.sandbox import grades
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxLineItem, SandboxScore
from lti_qi.transaction import unit_of_work
from lti_qi.worker import dispatch_scores

LATER = timedelta(hours=3)

READINGS = ("aim-read-orientation", "aim-read-model", "aim-read-focus", "aim-read-smart")


def drain(app: Flask, worker: str = "test-worker", *, later: timedelta = LATER) -> int:
    """Run the worker until nothing is due ``later`` from now; returns attempts made."""
    attempts = 0
    with app.app_context(), unit_of_work():
        while made := dispatch_scores(worker, now=utc_now() + later):
            attempts += made
    return attempts


def states(app: Flask) -> Counter[str]:
    """Count outbox rows by state, leaving out those a newer score replaced before sending."""
    with app.app_context(), unit_of_work():
        rows = db.session.execute(
            select(ScoreOutbox.state, func.count())
            .where(ScoreOutbox.state != "superseded")
            .group_by(ScoreOutbox.state)
        )
        return Counter({state: count for state, count in rows})


def sandbox_score(app: Flask, resource_id: str, sub: str = "learner-aisha") -> SandboxScore:
    with mounted_sandbox(app).app_context():
        item = sandbox_db.session.scalar(
            select(SandboxLineItem).where(SandboxLineItem.resource_id == resource_id)
        )
        assert item is not None, f"the LMS has no column {resource_id}"
        [score] = grades.latest_scores(item, sub)
        sandbox_db.session.expunge(score)
        return score


def queued_aim_score(app: Flask, sub: str = "learner-aisha") -> float:
    """The module-1 score last queued for a learner: what their gradebook should end with."""
    with app.app_context(), unit_of_work():
        payload = db.session.scalar(
            select(ScoreOutbox.payload)
            .join(LineItemRecord)
            .join(User, User.id == ScoreOutbox.user_id)
            .where(LineItemRecord.resource_id == "qi-pathway:aim", User.sub == sub)
            .order_by(ScoreOutbox.id.desc())
            .limit(1)
        )
        assert payload is not None
        return float(payload["scoreGiven"])  # type: ignore[arg-type]
