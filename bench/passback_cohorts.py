"""The passback benchmark's learners: seeded in-process, their scores queued by the real code.

`Cohorts` holds lti-qi's app (with the sandbox LMS mounted beside it) against the benchmark's
database: it makes the course once the served sandbox has registered lti-qi, seeds learners
who each finish a reading (``passback.queue_progress`` queues their scores), holds or
releases the backlog, and reads the outbox's figures.
"""

from __future__ import annotations

import os
from datetime import timedelta

import sqlalchemy as sa

FAR_FUTURE = timedelta(days=3650)


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
            from lti_qi.services.platforms import setup
            from lti_qi.transaction import unit_of_work

            with unit_of_work():
                setup.prepare_installation()
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
                self.progress(self.learner())
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

    def learner(self) -> int:
        """Seed one learner of the course with a launch of its link; return their user id."""
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
