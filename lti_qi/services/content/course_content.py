"""What a course uses: its pack, each module's pass mark and CPD hours, its accreditation.

A course's designers choose which installed pack their course teaches and set a pass mark
per module (the module score a learner needs, see ``lti_qi.domain.course.progress``). Packs are
installed for the whole installation (``packs.install_pack``, or an upload through
``pack_upload``); these settings are per course, kept in ``CourseSetting``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update

from lti_qi.domain.course import Module, Pathway, cpd, link_targets, with_cpd_hours
from lti_qi.errors import InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import ContentPack, CourseSetting, LineItemRecord, ResourceLink
from lti_qi.services.content import packs, pathways

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModulePassMark:
    """A module's pass mark and CPD hours in a course (the module is the pack's own)."""

    module: Module
    pass_mark: int
    is_default: bool
    cpd_hours: float


@dataclass(frozen=True)
class CourseContent:
    """A course's content settings, and the packs it could use."""

    pack_slug: str
    pathway: Pathway
    pass_marks: tuple[ModulePassMark, ...]
    packs: tuple[ContentPack, ...]
    accreditation: str

    @property
    def current_packs(self) -> tuple[ContentPack, ...]:
        """Return the current version of each installed pack (the ones a course can use)."""
        return tuple(pack for pack in self.packs if pack.is_current)


def course_content(context_id: int) -> CourseContent:
    """Return the course's pack, its modules' pass marks, and the packs its organisation sees."""
    setting = pathways.course_setting(context_id)
    pathway = pathways.pathway(setting.pack_slug)
    marks = tuple(
        ModulePassMark(
            module,
            setting.pass_marks.get(module.slug, module.pass_mark),
            module.slug not in setting.pass_marks,
            setting.cpd_hours.get(module.slug, module.cpd_hours),
        )
        for module in pathway.modules
    )
    installed = tuple(packs.list_packs(packs.course_platform(context_id)))
    return CourseContent(setting.pack_slug, pathway, marks, installed, setting.accreditation)


def choose_pack(context_id: int, pack_slug: str) -> CourseSetting:
    """Make the course teach an installed pack; pass marks and CPD hours restart from its own.

    Learners keep their progress: it is stored per activity, and a pack's activities are
    its own, so switching back later finds it again.

    Raises:
        NotFound: when no pack with this id is installed for the course's organisation.
    """
    visible = packs.list_packs(packs.course_platform(context_id))
    available = {pack.slug for pack in visible if pack.is_current}
    if pack_slug not in available:
        raise NotFound(f"No pack {pack_slug!r} is installed.", hint="Upload it first.")
    setting = pathways.course_setting(context_id)
    if setting.pack_slug != pack_slug:
        setting.pack_slug, setting.pass_marks, setting.cpd_hours = pack_slug, {}, {}
        db.session.flush()
        logger.info("course %s now uses pack %s", context_id, pack_slug)
    return setting


def set_accreditation(context_id: int, statement: str) -> CourseSetting:
    """Set the accreditation statement the course's certificates print from now on.

    Whitespace is tidied; '' goes back to the default line (``cpd.ACCREDITATION_LINE``).
    Records already issued keep the statement they were issued with.

    Raises:
        InvalidInput: when the statement is longer than ``cpd.MAX_ACCREDITATION`` characters.
    """
    tidy = " ".join(statement.split())
    if len(tidy) > cpd.MAX_ACCREDITATION:
        raise InvalidInput(
            f"The accreditation statement is {len(tidy)} characters long: "
            f"keep it to {cpd.MAX_ACCREDITATION}."
        )
    setting = pathways.course_setting(context_id)
    setting.accreditation = tidy
    db.session.flush()
    return setting


MAX_CPD_HOURS = 100.0


def set_cpd_hours(context_id: int, hours: Mapping[str, float]) -> CourseSetting:
    """Set the CPD hours the course gives each module named in ``hours``.

    Hours are rounded to the nearest quarter hour (the CPD convention, see
    ``lti_qi.domain.course.cpd``); a module given its pack's own hours goes back to following the
    pack. Records already issued keep the hours they were issued with.

    Raises:
        NotFound: when a module is not part of the course's pathway.
        InvalidInput: when hours are negative or more than 100.
    """
    setting = pathways.course_setting(context_id)
    pathway = pathways.pathway(setting.pack_slug)
    before = pathways.pathway_for(setting)
    chosen = dict(setting.cpd_hours)
    for module_slug, value in hours.items():
        module = pathway.find_module(module_slug)
        if module is None:
            raise NotFound(f"The module {module_slug!r} is not part of this course's pathway.")
        if not 0 <= value <= MAX_CPD_HOURS:
            raise InvalidInput(f"CPD hours are from 0 to {MAX_CPD_HOURS:g} for a module.")
        rounded = cpd.round_hours(value)
        if rounded == module.cpd_hours:
            chosen.pop(module_slug, None)
        else:
            chosen[module_slug] = rounded
    setting.cpd_hours = chosen
    changed = [
        module
        for module, old in zip(with_cpd_hours(pathway, chosen).modules, before.modules, strict=True)
        if module.cpd_hours != old.cpd_hours
    ]
    _cpd_columns_follow(context_id, pathway.pack_slug, changed)
    db.session.flush()
    return setting


def _cpd_columns_follow(context_id: int, pack_slug: str, changed: Sequence[Module]) -> None:
    """Give the changed modules' CPD columns their new maximum (the worker updates the LMS).

    Learners' CPD scores carry the new hours from their next change of progress.
    """
    links = select(ResourceLink.id).where(ResourceLink.context_id == context_id)
    for module in changed:
        db.session.execute(
            update(LineItemRecord)
            .where(
                LineItemRecord.resource_link_id.in_(links),
                LineItemRecord.resource_id == link_targets.cpd_resource_id(pack_slug, module.slug),
            )
            .values(score_maximum=module.cpd_hours, needs_update=LineItemRecord.url.is_not(None))
        )


def set_pass_marks(context_id: int, marks: Mapping[str, int]) -> CourseSetting:
    """Set the course's pass mark (0-100) for each module named in ``marks``.

    Raises:
        NotFound: when a module is not part of the course's pathway.
        InvalidInput: when a pass mark is not a whole percentage from 0 to 100.
    """
    setting = pathways.course_setting(context_id)
    pathway = pathways.pathway(setting.pack_slug)
    for module_slug, pass_mark in marks.items():
        if pathway.find_module(module_slug) is None:
            raise NotFound(f"The module {module_slug!r} is not part of this course's pathway.")
        if not isinstance(pass_mark, int) or not 0 <= pass_mark <= 100:
            raise InvalidInput("A pass mark is a whole percentage from 0 to 100.")
    setting.pass_marks = {**setting.pass_marks, **marks}
    db.session.flush()
    return setting


@dataclass(frozen=True)
class ReviewSettings:
    """How reviews work in a course (see docs/mentoring.md)."""

    review_sla_days: int
    mentors_may_claim: bool
    peer_review_anonymous: bool


REVIEW_DAYS_RANGE = (1, 60)


def review_settings(context_id: int) -> ReviewSettings:
    """Return the course's review settings."""
    setting = pathways.course_setting(context_id)
    return ReviewSettings(
        setting.review_sla_days, setting.mentors_may_claim, setting.peer_review_anonymous
    )


def set_review_settings(context_id: int, wanted: ReviewSettings) -> ReviewSettings:
    """Set how long reviews may take, whether mentors claim projects, and peer anonymity.

    Raises:
        InvalidInput: when the review time is outside 1 to 60 days.
    """
    low, high = REVIEW_DAYS_RANGE
    if not low <= wanted.review_sla_days <= high:
        raise InvalidInput(f"Give the review time as a whole number of days from {low} to {high}.")
    setting = pathways.course_setting(context_id)
    setting.review_sla_days = wanted.review_sla_days
    setting.mentors_may_claim = wanted.mentors_may_claim
    setting.peer_review_anonymous = wanted.peer_review_anonymous
    db.session.flush()
    return wanted
