"""The background worker: ``lti-qi worker --once`` and the worker loop the demo runs in a thread."""

from __future__ import annotations

import threading
import time

from flask import Flask
from sqlalchemy import func, select

from lti_qi import worker
from lti_qi.demo import mounted_sandbox
from lti_qi.extensions import db
from lti_qi.models import ScoreOutbox
from lti_qi.sandbox.database import db as sandbox_db
from lti_qi.sandbox.models import SandboxScore
from lti_qi.transaction import unit_of_work

from journeys import finish_readings
from launching import LaunchDriver


def _count(app: Flask, model: type, *conditions: object) -> int:
    with app.app_context(), unit_of_work():
        query = select(func.count()).select_from(model).where(*conditions)  # type: ignore[arg-type]
        return int(db.session.scalar(query) or 0)


def test_worker_once_delivers_everything_due_and_says_how_much(
    app: Flask, launcher: LaunchDriver
) -> None:
    finish_readings(launcher.launch(), "aim-read-orientation")
    result = app.test_cli_runner().invoke(args=["worker", "--once", "--name", "cli-test"])
    assert result.exit_code == 0, result.output
    # 14 scores (a score and a CPD column per module) and the course roster, read once.
    assert "Worked through 15 item(s)" in result.output
    assert _count(app, ScoreOutbox, ScoreOutbox.state == "sent") == 14
    with mounted_sandbox(app).app_context():
        assert sandbox_db.session.scalar(select(func.count()).select_from(SandboxScore)) == 14


def test_worker_loop_delivers_new_work_and_stops_when_told(
    app: Flask, launcher: LaunchDriver
) -> None:
    stop = threading.Event()
    thread = threading.Thread(
        target=worker.run, args=(app, stop), kwargs={"name": "loop-test", "interval": 0.05}
    )
    thread.start()
    try:
        finish_readings(launcher.launch(), "aim-read-orientation")
        deadline = time.monotonic() + 30
        while _unsent(app) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert _unsent(app) == 0
    # Every column got a score (some twice: the worker may send "Started" before "InProgress").
    with mounted_sandbox(app).app_context():
        columns = sandbox_db.session.scalar(
            select(func.count(func.distinct(SandboxScore.line_item_id)))
        )
    assert columns == 14


def _unsent(app: Flask) -> int:
    return _count(app, ScoreOutbox, ScoreOutbox.state.in_(("pending", "sending")))
