"""Grade passback benchmark: queued scores delivered by `lti-qi worker` to an AGS endpoint.

The LMS is lti-qi's sandbox platform served by gunicorn (`lti-qi serve`, 2 workers) on
127.0.0.1, with PostgreSQL and Redis: its AGS endpoints check bearer tokens, line items and
strictly increasing timestamps, and store every score. Learners' progress changes queue
their scores through the real code path (`passback.queue_progress`), 14 per learner (a score
and a CPD column for each of the default pathway's seven modules).

It prints:
- throughput: scores delivered per second draining a backlog of ``--scores`` with one
  worker process, then (a fresh backlog) with two;
- latency: time from a progress change (its commit) to the score's delivery, for progress
  changes arriving steadily while one worker runs.

Usage: .venv/bin/python bench/bench_passback.py [--scores 10000] [--latency-changes 100]
Needs PostgreSQL on 127.0.0.1:5432 (trust auth) and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import requests
import sqlalchemy as sa

from bench_common import BIN, cpu_seconds, fresh_database

PORT = 8775
BASE_URL = f"http://127.0.0.1:{PORT}"
PG_DATABASE = "ltiqi_bench_passback"
DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/13"
COLUMNS_PER_LEARNER = 14
FAR_FUTURE = timedelta(days=3650)


def environment(instance: Path) -> dict[str, str]:
    """Settings shared by the server, the workers and the seeding (sandbox on, PostgreSQL)."""
    return {
        **os.environ,
        "LTI_QI_ENV": "development",
        "LTI_QI_BASE_URL": BASE_URL,
        "LTI_QI_DATABASE_URL": DATABASE_URL,
        "LTI_QI_REDIS_URL": REDIS_URL,
        "LTI_QI_PORT": str(PORT),
        "LTI_QI_LOG_LEVEL": "WARNING",
        "LTI_QI_INSTANCE_PATH": str(instance),
        "LTI_QI_SECRET_KEY": "bench-passback-secret-key-not-for-production-use-000",
    }


def start(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    """Start an lti-qi command in the background."""
    return subprocess.Popen(
        [str(BIN / "lti-qi"), *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def wait_until_serving(server: subprocess.Popen[bytes]) -> None:
    """Wait until the sandbox answers over HTTP."""
    for _ in range(150):
        try:
            requests.get(f"{BASE_URL}/lti/jwks", timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("lti-qi serve did not start")


class Cohorts:
    """Seeds learners in the sandbox course and queues their scores (in-process, real code)."""

    def __init__(self, env: dict[str, str]) -> None:
        os.environ.update(env)
        from lti_qi import create_app, demo
        from lti_qi.sandbox import services as sandbox

        self.app = create_app()
        self.lms = demo.mount_sandbox(self.app)
        self.next_learner = 0
        with self.app.app_context():
            from lti_qi.services.content import packs
            from lti_qi.services.platforms import keys, setup

            setup.upgrade_database()
            keys.ensure_signing_key()
            packs.install_pack(packs.default_pack_path())
        with self.lms.app_context():
            sandbox.install()

    def register(self) -> None:
        """Have the served sandbox install lti-qi (Dynamic Registration), then make the course."""
        from lti_qi import demo

        with self.app.app_context():
            demo.register_sandbox(self.app)
            self.context_id, self.link_id, self.first_reading = self._course()

    def _course(self) -> tuple[int, int, int]:
        from lti_qi.extensions import db
        from lti_qi.lti import registrations, scopes
        from lti_qi.models import Context, ResourceLink
        from lti_qi.sandbox import services as sandbox
        from lti_qi.services.content import pathways

        issuer = self.lms.extensions["sandbox"].issuer
        with self.lms.app_context():
            tool = sandbox.default_tool()
        assert tool is not None
        record = registrations.find_platform(issuer, tool.client_id)
        assert record is not None
        course = Context(
            platform_id=record.id,
            issuer=issuer,
            deployment_id=tool.deployment_id,
            lti_context_id="QI-101",
            title="Bench course",
        )
        db.session.add(course)
        db.session.flush()
        link = ResourceLink(
            context_id=course.id,
            platform_id=record.id,
            lti_resource_link_id="bench-link",
            title="QI pathway",
            custom={},
            ags_lineitems_url=f"{issuer}/api/courses/QI-101/lineitems",
            ags_scopes=[scopes.LINEITEM, scopes.SCORE],
        )
        db.session.add(link)
        db.session.commit()
        pathway = pathways.pathway(pathways.course_setting(course.id).pack_slug)
        return course.id, link.id, next(pathway.activities()).id

    def queue(self, learners: int) -> None:
        """Seed learners who each finish a reading; their scores wait until ``release``."""
        from lti_qi.extensions import db
        from lti_qi.models import ScoreOutbox

        with self.app.app_context():
            for _ in range(learners):
                self.progress(self._learner())
            rows = sa.update(ScoreOutbox).where(ScoreOutbox.state == "pending")
            db.session.execute(rows.values(next_attempt_at=_now() + FAR_FUTURE))
            db.session.commit()

    def last_outbox_id(self) -> int:
        """The newest outbox row's id (0 when empty)."""
        from lti_qi.extensions import db
        from lti_qi.models import ScoreOutbox

        with self.app.app_context():
            return int(db.session.scalar(sa.select(sa.func.max(ScoreOutbox.id))) or 0)

    def progress(self, user_id: int) -> None:
        """One learner finishes a reading: progress and its scores, in one transaction."""
        from lti_qi.domain.course import ActivityStatus
        from lti_qi.extensions import db
        from lti_qi.models import ActivityProgress
        from lti_qi.services.passback import score_queue

        db.session.add(
            ActivityProgress(
                user_id=user_id,
                context_id=self.context_id,
                item_id=self.first_reading,
                status=ActivityStatus.COMPLETE,
                completed_at=_now(),
            )
        )
        db.session.flush()
        score_queue.queue_progress(user_id, self.context_id)
        db.session.commit()

    def _learner(self) -> int:
        from lti_qi.extensions import db
        from lti_qi.models import LinkLaunch, Membership, User

        self.next_learner += 1
        user = User(issuer="bench", sub=f"bench-learner-{self.next_learner}")
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, context_id=self.context_id, roles=["learner"]))
        db.session.add(LinkLaunch(user_id=user.id, resource_link_id=self.link_id))
        return user.id

    def release(self):  # type: ignore[no-untyped-def]
        """Make every held score due now; return when."""
        from lti_qi.extensions import db
        from lti_qi.models import ScoreOutbox

        with self.app.app_context():
            now = _now()
            rows = sa.update(ScoreOutbox).where(ScoreOutbox.state == "pending")
            db.session.execute(rows.values(next_attempt_at=now))
            db.session.commit()
        return now

    def unsent(self) -> int:
        """How many scores wait or are being sent (read through the outbox's state index)."""
        from lti_qi.extensions import db
        from lti_qi.models import ScoreOutbox

        with self.app.app_context():
            waiting = ScoreOutbox.state.in_(("pending", "sending"))
            return int(db.session.scalar(sa.select(sa.func.count()).where(waiting)) or 0)

    def last_sent_at(self):  # type: ignore[no-untyped-def]
        """When the last score was delivered."""
        from lti_qi.extensions import db
        from lti_qi.models import ScoreOutbox

        with self.app.app_context():
            return db.session.scalar(sa.select(sa.func.max(ScoreOutbox.sent_at)))

    def counts(self) -> dict[str, int]:
        """Count the outbox by state."""
        from lti_qi.extensions import db
        from lti_qi.models import ScoreOutbox

        with self.app.app_context():
            query = sa.select(ScoreOutbox.state, sa.func.count()).group_by(ScoreOutbox.state)
            return {state: count for state, count in db.session.execute(query)}

    def latencies(self, since_id: int) -> list[float]:
        """Seconds from each score's queueing (its commit) to its delivery."""
        from lti_qi.extensions import db
        from lti_qi.models import ScoreOutbox

        with self.app.app_context():
            query = sa.select(ScoreOutbox.created_at, ScoreOutbox.sent_at).where(
                ScoreOutbox.id > since_id, ScoreOutbox.state == "sent"
            )
            return [(sent - made).total_seconds() for made, sent in db.session.execute(query)]


def _now():  # type: ignore[no-untyped-def]
    from lti_qi.models.base import utc_now

    return utc_now()


def drain(cohorts: Cohorts, env: dict[str, str], workers: int, expected: int) -> float:
    """Run ``workers`` worker processes until the backlog is sent; return scores per second.

    The time is from the release of the backlog to the last score's delivery, as the
    database recorded it; the harness looks only twice a second, to stay out of the way.
    """
    released = cohorts.release()
    processes = [
        start(env, "worker", "--name", f"bench-{n}", "--interval", "0.1") for n in range(workers)
    ]
    try:
        while cohorts.unsent():
            time.sleep(0.5)
            if any(process.poll() is not None for process in processes):
                raise SystemExit(processes[0].stderr.read().decode() if processes[0].stderr else "")
        worker_cpu = sum(cpu_seconds(process.pid) for process in processes)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
    rate = expected / (cohorts.last_sent_at() - released).total_seconds()
    print(f"  worker CPU per score: {worker_cpu / expected * 1000:.2f} ms")
    return rate


def latency(cohorts: Cohorts, env: dict[str, str], changes: int) -> list[float]:
    """Progress changes arrive steadily (5 a second, 70 scores) while one worker runs."""
    last_id = cohorts.last_outbox_id()
    worker = start(env, "worker", "--name", "bench-latency", "--interval", "0.05")
    try:
        with cohorts.app.app_context():
            for _ in range(changes):
                cohorts.progress(cohorts._learner())
                time.sleep(0.2)
        deadline = time.monotonic() + 120
        while cohorts.unsent() and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return cohorts.latencies(last_id)


def percentile(values: list[float], share: float) -> float:
    """Return the value below which ``share`` of ``values`` fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    """Seed, serve the sandbox, drain with one then two workers, then measure latency."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=int, default=10_000)
    parser.add_argument("--latency-changes", type=int, default=100)
    options = parser.parse_args()
    learners = -(-options.scores // COLUMNS_PER_LEARNER)
    expected = learners * COLUMNS_PER_LEARNER
    fresh_database(PG_DATABASE, REDIS_URL)
    with tempfile.TemporaryDirectory() as instance:
        env = environment(Path(instance))
        cohorts = Cohorts(env)
        server = start(env, "serve", "--workers", "2")
        wait_until_serving(server)
        try:
            cohorts.register()
            seeded = time.perf_counter()
            cohorts.queue(learners)
            took = time.perf_counter() - seeded
            print(f"queued {expected} scores for {learners} learners in {took:.1f} s")
            one = drain(cohorts, env, 1, expected)
            print(f"1 worker:  {one:7.1f} scores/s")
            cohorts.queue(learners)
            two = drain(cohorts, env, 2, expected)
            print(f"2 workers: {two:7.1f} scores/s ({two / one:.2f}x)")
            waits = latency(cohorts, env, options.latency_changes)
            print(
                f"latency, progress change to delivery ({len(waits)} scores): "
                f"p50 {percentile(waits, 0.5) * 1000:.0f} ms, "
                f"p95 {percentile(waits, 0.95) * 1000:.0f} ms, "
                f"mean {statistics.fmean(waits) * 1000:.0f} ms, max {max(waits) * 1000:.0f} ms"
            )
            print(f"outbox: {cohorts.counts()}")
            print(f"target: >= 200 scores/s with one worker: {'met' if one >= 200 else 'NOT met'}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
