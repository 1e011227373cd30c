"""What every page of a course needs from its settings, without asking the database each time.

A course's settings (its pack, CPD hours, pass marks, review rules) are read on every learner
page and change only when a designer saves them. Each process keeps a copy per course and
drops all copies when any process commits a change to any course's settings (see
``local_copies``: a change reaches other processes within a second). Code that changes
settings, and whatever it reads in the same transaction, uses ``pathways.course_setting``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from types import MappingProxyType
from typing import Any

from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from lti_qi import after_commit, local_copies
from lti_qi.domain.course import Pathway
from lti_qi.models import CourseSetting
from lti_qi.services.content import pathways

COPIES = "course-settings"


@dataclass(frozen=True)
class CourseSettings:
    """A read-only copy of one course's settings."""

    context_id: int
    pack_slug: str
    pass_marks: Mapping[str, int]
    cpd_hours: Mapping[str, float]
    mentors_may_claim: bool
    peer_review_anonymous: bool
    review_sla_days: int


def current(context_id: int) -> CourseSettings:
    """Return a course's settings (giving it the default pack on first use)."""
    copies: dict[int, CourseSettings] = local_copies.current(COPIES, dict)
    found = copies.get(context_id)
    if found is None:
        found = copies[context_id] = _copy_of(pathways.course_setting(context_id))
    return found


def pathway(context_id: int) -> Pathway:
    """Return the pathway a course teaches: its pack's, with the course's own CPD hours."""
    return pathways.pathway_for(current(context_id))


def _copy_of(setting: CourseSetting) -> CourseSettings:
    return CourseSettings(
        context_id=setting.context_id,
        pack_slug=setting.pack_slug,
        pass_marks=MappingProxyType(dict(setting.pass_marks)),
        cpd_hours=MappingProxyType(dict(setting.cpd_hours)),
        mentors_may_claim=setting.mentors_may_claim,
        peer_review_anonymous=setting.peer_review_anonymous,
        review_sla_days=setting.review_sla_days,
    )


@event.listens_for(Session, "after_flush")
def _drop_copies_on_commit(session: Session, flush_context: Any) -> None:
    """Once a transaction that wrote course settings commits, every process drops its copies."""
    written = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(instance, CourseSetting) for instance in written):
        after_commit.call(COPIES, _announce, session=session)


def _announce() -> None:
    if has_app_context():
        local_copies.announce_change(COPIES)
