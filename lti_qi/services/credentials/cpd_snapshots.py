"""What a CPD record is made from: a learner's progress, project, sign-offs and reflections.

``load`` reads all about one learner in one course in a fixed number of queries (however
long the pathway); ``pending_completions`` says which modules (and whether the pathway) earn
a record not issued yet; ``new_record`` snapshots one into a ``CpdRecord`` and signs its Open
Badges credential. Nothing here adds to the session or commits: ``certificates`` does that.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt
from sqlalchemy import ScalarSelect, Select, select

from lti_qi.domain.course import (
    Module,
    ModuleSummary,
    Pathway,
    PathwaySummary,
    SignoffStatus,
    Stage,
    course_cpd_hours,
    cpd,
    summarise,
)
from lti_qi.extensions import db
from lti_qi.lti.tool_keys import SigningKey
from lti_qi.models import (
    ActivityProgress,
    Context,
    CourseSetting,
    CpdKind,
    CpdRecord,
    Project,
    ProjectMember,
    Reflection,
    StageSignoff,
    User,
)
from lti_qi.services.base import records
from lti_qi.services.content import pathways
from lti_qi.settings import get_settings

ANONYMOUS_MENTOR = "a course mentor"


@dataclass(frozen=True)
class Completion:
    """A completion that earns a record, before it is snapshotted and signed."""

    kind: CpdKind
    module_item_id: int | None
    title: str
    achievement_path: str
    hours: float
    learning_outcomes: tuple[str, ...]
    modules: tuple[Module, ...]
    score: float | None

    @property
    def stages(self) -> tuple[Stage, ...]:
        """Return the stages of every module the completion covers."""
        return tuple(stage for module in self.modules for stage in module.stages)


@dataclass(frozen=True)
class LearnerSnapshot:
    """Everything a learner's records in one course are made from."""

    user_id: int
    context_id: int
    pathway: Pathway
    summary: PathwaySummary
    progress: Mapping[int, ActivityProgress]
    signoffs: Mapping[int, tuple[StageSignoff, str]]
    reflections: Mapping[int, str]
    existing: Sequence[CpdRecord]
    holder_name: str
    organiser: str
    project_title: str
    accreditation: str


def shared_name(user: User) -> str:
    """Return the name the LMS shared for someone ('' when it shared none)."""
    return user.name or " ".join(part for part in (user.given_name, user.family_name) if part)


def learner_records_query(user_id: int, context_id: int) -> Select[CpdRecord]:
    """Return the query of a learner's records in one course."""
    return select(CpdRecord).where(CpdRecord.user_id == user_id, CpdRecord.context_id == context_id)


def load(user_id: int, context_id: int) -> LearnerSnapshot | None:
    """Read a learner's progress, sign-offs, reflections and records (None: no course content)."""
    setting = db.session.get(CourseSetting, context_id)
    if setting is None:
        return None
    course = pathways.pathway_for(setting)
    rows = db.session.scalars(
        select(ActivityProgress).where(
            ActivityProgress.user_id == user_id, ActivityProgress.context_id == context_id
        )
    ).all()
    project = _project_id(user_id, context_id)
    signoffs = _signoffs(project)
    statuses = {item_id: SignoffStatus(row.status) for item_id, (row, _) in signoffs.items()}
    user, context = db.session.get_one(User, user_id), db.session.get_one(Context, context_id)
    existing = db.session.scalars(learner_records_query(user_id, context_id)).all()
    return LearnerSnapshot(
        user_id=user_id,
        context_id=context_id,
        pathway=course,
        summary=summarise(course, records.record_from(rows, statuses), setting.pass_marks),
        progress={row.item_id: row for row in rows},
        signoffs=signoffs,
        reflections=_reflections(user_id, context_id),
        existing=existing,
        holder_name=shared_name(user)
        or next((r.holder_name for r in existing if r.holder_name), ""),
        organiser=cpd.organiser_line(context.display_title),
        project_title=db.session.scalar(select(Project.title).where(Project.id == project)) or "",
        accreditation=setting.accreditation,
    )


def pending_completions(learner: LearnerSnapshot) -> list[Completion]:
    """Return the completed modules without a record, and the pathway once all are complete."""
    recorded = {record.module_item_id for record in learner.existing}
    pending = [
        _module_completion(learner.pathway, summary)
        for summary in learner.summary.modules
        if summary.is_complete and summary.module.id not in recorded
    ]
    has_pathway = any(record.kind == CpdKind.PATHWAY for record in learner.existing)
    modules = learner.summary.modules
    if modules and not has_pathway and all(summary.is_complete for summary in modules):
        pending.append(_pathway_completion(learner.pathway, modules))
    return pending


def new_record(
    learner: LearnerSnapshot, completion: Completion, signing_key: SigningKey, now: datetime
) -> CpdRecord:
    """Snapshot a completion into a new (unsaved) record and sign its badge."""
    started_at, completed_at = _dates(learner, completion.stages, now)
    record = CpdRecord(
        serial=str(uuid.uuid4()),
        user_id=learner.user_id,
        context_id=learner.context_id,
        module_item_id=completion.module_item_id,
        kind=completion.kind,
        title=completion.title,
        organiser=learner.organiser,
        project_title=learner.project_title,
        accreditation=learner.accreditation,
        hours=completion.hours,
        learning_outcomes=list(completion.learning_outcomes),
        started_at=started_at,
        completed_at=completed_at,
        reflection=_reflection_text(learner, completion.modules),
        signoffs=_signoff_entries(learner, completion.modules, now),
        holder_name=learner.holder_name,
        score=completion.score,
        issued_at=now,
    )
    credential = cpd.open_badge_credential(_facts(record, completion), get_settings().base_url)
    record.badge_jwt = sign(credential, signing_key)
    return record


def sign(credential: Mapping[str, Any], signing_key: SigningKey) -> str:
    """Sign a credential as a VC-JWT (RS256, with the key's ``kid``)."""
    return jwt.encode(
        cpd.vc_jwt_claims(credential),
        signing_key.private_key,
        algorithm="RS256",
        headers={"kid": signing_key.kid, "typ": "JWT"},
    )


def _project_id(user_id: int, context_id: int) -> ScalarSelect[int]:
    return (
        select(ProjectMember.project_id)
        .where(ProjectMember.user_id == user_id, ProjectMember.context_id == context_id)
        .scalar_subquery()
    )


def _signoffs(project_id: ScalarSelect[int]) -> dict[int, tuple[StageSignoff, str]]:
    """Return the learner's project's stage sign-offs, with the deciding mentor's name."""
    rows = db.session.execute(
        select(StageSignoff, User)
        .outerjoin(User, User.id == StageSignoff.decided_by)
        .where(StageSignoff.project_id == project_id)
    ).all()
    return {
        signoff.item_id: (signoff, (shared_name(mentor) if mentor else "") or ANONYMOUS_MENTOR)
        for signoff, mentor in rows
    }


def _reflections(user_id: int, context_id: int) -> dict[int, str]:
    rows = db.session.execute(
        select(Reflection.item_id, Reflection.text).where(
            Reflection.user_id == user_id, Reflection.context_id == context_id
        )
    )
    return {item_id: text for item_id, text in rows}


def _module_completion(course: Pathway, summary: ModuleSummary) -> Completion:
    module = summary.module
    return Completion(
        kind=CpdKind.MODULE,
        module_item_id=module.id,
        title=module.title,
        achievement_path=f"{course.pack_slug}/{module.slug}",
        hours=cpd.round_hours(module.cpd_hours),
        learning_outcomes=module.learning_outcomes,
        modules=(module,),
        score=summary.score,
    )


def _pathway_completion(course: Pathway, modules: Sequence[ModuleSummary]) -> Completion:
    return Completion(
        kind=CpdKind.PATHWAY,
        module_item_id=None,
        title=course.title,
        achievement_path=f"{course.pack_slug}/{course.slug}",
        hours=course_cpd_hours(course.modules),
        learning_outcomes=course.learning_outcomes,
        modules=course.modules,
        score=round(sum(summary.score for summary in modules) / len(modules), 1),
    )


def _dates(
    learner: LearnerSnapshot, stages: Sequence[Stage], now: datetime
) -> tuple[datetime, datetime]:
    """Return when the learner started the stages' work and when the last of it was done."""
    rows = [
        learner.progress[a.id] for s in stages for a in s.activities if a.id in learner.progress
    ]
    decided = [learner.signoffs[s.id][0].decided_at for s in stages if s.id in learner.signoffs]
    ends = [row.completed_at or row.updated_at for row in rows] + [d for d in decided if d]
    return min((row.started_at for row in rows), default=now), max(ends, default=now)


def _reflection_text(learner: LearnerSnapshot, modules: Sequence[Module]) -> str:
    """Join the learner's reflections, each under its title (and its module's, for several)."""
    parts = [
        f"{_heading(module, activity.title, len(modules))}\n{text}"
        for module in modules
        for activity in module.activities()
        if activity.kind == "reflection"
        and (text := learner.reflections.get(activity.id, "").strip())
    ]
    return "\n\n".join(parts)


def _heading(module: Module, title: str, module_count: int) -> str:
    return f"{module.title}: {title}" if module_count > 1 else title


def _signoff_entries(
    learner: LearnerSnapshot, modules: Sequence[Module], now: datetime
) -> list[dict[str, str]]:
    """List the mentors' sign-offs: module, stage, mentor's name and date."""
    entries = []
    for module in modules:
        for stage in module.stages:
            signoff, mentor = learner.signoffs.get(stage.id, (None, ""))
            if signoff is not None and signoff.status == SignoffStatus.SIGNED_OFF:
                decided = (signoff.decided_at or now).date().isoformat()
                entry = {"module": module.title, "stage": stage.title, "mentor": mentor}
                entries.append(entry | {"date": decided})
    return entries


def _facts(record: CpdRecord, completion: Completion) -> cpd.BadgeFacts:
    return cpd.BadgeFacts(
        serial=record.serial,
        kind=completion.kind.value,
        title=record.title,
        organiser=record.organiser,
        achievement_path=completion.achievement_path,
        learning_outcomes=completion.learning_outcomes,
        hours=record.hours,
        started_at=record.started_at,
        completed_at=record.completed_at,
        issued_at=record.issued_at,
        holder_name=record.holder_name,
    )
