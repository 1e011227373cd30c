"""Gradebook columns created at the same moment: one row in lti-qi, one column in the LMS.

Forced on PostgreSQL: several learners' first progress on a new link passes its look-ups
before any of them inserts (``races.at_once``), and two workers both look for a new column in
the LMS before either creates it (they meet at a barrier, or the second one waits for the
first one's lock).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from lti_qi.demo import mounted_sandbox
from lti_qi.extensions import db
from lti_qi.lti import ags
from lti_qi.models import LineItemRecord, ScoreOutbox
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxLineItem
from lti_qi.services.content import pathways
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.services.passback import score_delivery
from lti_qi.transaction import unit_of_work

from journeys import finish_readings
from launching import LaunchDriver, Launched
from passback_helpers import READINGS
from races import at_once

LEARNERS = ("learner-aisha", "learner-ben", "learner-chloe")
AIM = "qi-pathway:aim"


def test_several_learners_first_progress_at_once_makes_each_row_once(
    postgres: None, app: Flask, launcher: LaunchDriver
) -> None:
    learners = [launcher.launch(sub=sub) for sub in LEARNERS]
    with app.app_context(), unit_of_work():  # the course is in use already; the link is new
        pathways.course_setting(resolve_session(learners[0].token).context_id)

    def progress(learner: Launched) -> Callable[[], object]:
        return lambda: finish_readings(learner, READINGS[0])

    outcomes = at_once(app, "ags_line_items", [progress(learner) for learner in learners])
    assert outcomes == ["done"] * len(LEARNERS)
    with app.app_context(), unit_of_work():
        rows = db.session.scalar(
            select(func.count())
            .select_from(LineItemRecord)
            .where(LineItemRecord.resource_id == AIM)
        )
        queued = db.session.scalar(
            select(func.count()).select_from(ScoreOutbox).where(ScoreOutbox.state == "pending")
        )
    assert rows == 1
    assert queued == 14 * len(LEARNERS)  # every learner's scores, on the shared columns


def test_two_workers_delivering_a_new_columns_first_scores_make_one_column(
    postgres: None, app: Flask, launcher: LaunchDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    for sub in LEARNERS[:2]:
        finish_readings(launcher.launch(sub=sub), READINGS[0])
    with app.app_context(), unit_of_work():
        firsts = list(
            db.session.scalars(
                select(ScoreOutbox.id)
                .join(LineItemRecord)
                .where(LineItemRecord.resource_id == AIM, ScoreOutbox.state == "pending")
                .order_by(ScoreOutbox.id)
            )
        )
    assert len(firsts) == 2
    _meet_after_looking(monkeypatch)
    errors: list[BaseException] = []

    def work(outbox_id: int, name: str) -> None:
        try:
            with app.app_context(), unit_of_work():
                assert score_delivery.deliver(outbox_id, name).state == "sent"
        except BaseException as error:  # a thread's boundary: the assertion shows it
            errors.append(error)

    threads = [
        threading.Thread(target=work, args=(outbox_id, f"w{n}"))
        for n, outbox_id in enumerate(firsts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    with mounted_sandbox(app).app_context():
        columns = sandbox_db.session.scalar(
            select(func.count())
            .select_from(SandboxLineItem)
            .where(SandboxLineItem.resource_id == AIM)
        )
    assert columns == 1


def _meet_after_looking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold each worker that looked for a column until the other has looked too (or 3 s)."""
    barrier = threading.Barrier(2)
    find = ags.find_line_item

    def find_then_meet(*args: Any, **kwargs: Any) -> str | None:
        found = find(*args, **kwargs)
        # Broken after 3 s: the other worker waits for this one's lock, so never looks meanwhile.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=3)
        return found

    monkeypatch.setattr(ags, "find_line_item", find_then_meet)
