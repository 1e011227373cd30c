"""Queue every score and CPD change for the learner's LMS, in the same unit of work.

Call ``queue_progress`` after changing a learner's progress and before committing: the score
rows it writes to the outbox commit (or roll back) together with the change, so a score can
never be lost between the two. Workers (``score_delivery``) deliver them.

Columns per resource link the learner launched through (with AGS available):

- a link for one module (``lti_qi.domain.course.link_targets``) posts the module's score to the
  link's own line item when the platform made one (declarative AGS, as Open edX and deep
  linking do), otherwise to a line item lti-qi creates; and the module's CPD hours to a CPD
  column (tag ``cpd``) where the platform lets tools create columns, else in the comment;
- a link for one stage posts the share of the stage done, the same way;
- a link for the whole pathway posts completion to its own line item, if any, and, where
  it may create columns, a score and a CPD column per module.

Scores are out of the link's maximum (100 unless its designer chose otherwise).

An unchanged score is not queued again; a newer score supersedes older unsent ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select, update

from lti_qi.domain.course import (
    SCORE_MAXIMUM,
    Activity,
    LearnerRecord,
    LinkChoice,
    LinkTarget,
    Module,
    Pathway,
    PathwaySummary,
    Stage,
    TargetKind,
    link_targets,
    summarise,
)
from lti_qi.domain.course import passback as documents
from lti_qi.extensions import db
from lti_qi.lti import registrations, scopes
from lti_qi.models import LineItemRecord, LinkLaunch, LinkSetting, ResourceLink, ScoreOutbox, User
from lti_qi.models.base import utc_now
from lti_qi.services.base import projects, records, upserts
from lti_qi.services.content import pathways


@dataclass(frozen=True)
class Column:
    """A gradebook column lti-qi posts to, before it is stored as a ``LineItemRecord``."""

    kind: str  # pathway | score | stage | cpd
    resource_id: str
    tag: str
    label: str
    score_maximum: float
    module: Module | None
    stage: Stage | None = None
    url: str | None = None
    carries_cpd: bool = False  # no CPD column beside it: the score's comment says the hours


def queue_progress(user_id: int, context_id: int, *, now: datetime | None = None) -> int:
    """Queue the learner's current scores for every link they used; returns rows queued."""
    links = _links_with_ags(user_id, context_id)
    if not links:
        return 0
    now = now or utc_now()
    setting = pathways.course_setting(context_id)
    pathway = pathways.pathway_for(setting)
    project = projects.project_for(user_id, context_id)
    record = records.learner_record(user_id, context_id, project.id)
    learner = _Learner(
        record=record,
        summary=summarise(pathway, record, setting.pass_marks),
        sub=db.session.scalar(select(User.sub).where(User.id == user_id)) or "",
        started=frozenset(
            activity.id for activity in pathway.activities() if activity.id in record.statuses
        ),
    )
    queued = 0
    for link, link_setting in links:
        choice = link_targets.choice(
            link.custom,
            link_setting.target if link_setting else None,
            link_setting.score_maximum if link_setting else None,
        )
        registration = registrations.find_by_id(link.platform_id or 0)
        one_column = registration is not None and registration.profile.grades_one_column_per_link
        for column in columns_for(link, choice, pathway, one_column=one_column):
            queued += _queue_column(link, column, learner, user_id, now)
    return queued


def columns_for(
    link: ResourceLink, choice: LinkChoice, pathway: Pathway, *, one_column: bool = False
) -> Iterator[Column]:
    """Yield the gradebook columns a link's scores go to.

    ``one_column``: the LMS grades a link by any of its columns (Open edX), so only the
    link's own column gets scores, and CPD hours travel in its comment.
    """
    can_create = scopes.LINEITEM in (link.ags_scopes or [])
    # A module or stage the course's pack no longer has falls back to the whole pathway.
    located = link_targets.locate(pathway, choice.opens) or link_targets.Located(
        link_targets.PATHWAY, None, None
    )
    with_cpd = can_create and not one_column and located.stage is None
    own = _own_column(located, pathway, choice.score_maximum, link.ags_lineitem_url)
    if one_column or located.module is not None:
        if own.url or can_create:
            yield replace(own, carries_cpd=not with_cpd)
        if with_cpd and located.module is not None:
            yield _cpd_column(pathway, located.module)
        return
    if own.url:
        yield own
    if can_create:
        for module in pathway.modules:
            module_id = LinkTarget(TargetKind.MODULE, module.slug).resource_id(pathway.pack_slug)
            yield Column("score", module_id, "qi-module", module.title, SCORE_MAXIMUM, module)
            yield _cpd_column(pathway, module)


def _own_column(
    located: link_targets.Located, pathway: Pathway, maximum: float, url: str | None
) -> Column:
    """The column for what the link itself opens (its own line item, where it has one)."""
    target, module, stage = located.target, located.module, located.stage
    resource_id = target.resource_id(pathway.pack_slug)
    if module is None:
        return Column("pathway", resource_id, target.tag, pathway.title, maximum, None, url=url)
    if stage is None:
        return Column("score", resource_id, target.tag, module.title, maximum, module, url=url)
    label = f"{module.title}: {stage.title}"
    return Column("stage", resource_id, target.tag, label, maximum, module, stage, url)


def _cpd_column(pathway: Pathway, module: Module) -> Column:
    resource_id = link_targets.cpd_resource_id(pathway.pack_slug, module.slug)
    return Column("cpd", resource_id, "cpd", f"CPD hours: {module.title}", module.cpd_hours, module)


@dataclass(frozen=True)
class _Learner:
    record: LearnerRecord
    summary: PathwaySummary
    sub: str
    started: frozenset[int]

    def has_started(self, activities: Iterable[Activity]) -> bool:
        return any(activity.id in self.started for activity in activities)


def _queue_column(
    link: ResourceLink, column: Column, learner: _Learner, user_id: int, now: datetime
) -> int:
    item = _line_item(link, column)
    last = _last_queued(item.id, user_id)
    timestamp = documents.next_timestamp(now, _parse(last.payload["timestamp"]) if last else None)
    payload = _document(column, learner, timestamp)
    if last is not None and last.state != "parked" and documents.same_score(last.payload, payload):
        return 0
    # A score replacing one that is waiting to retry keeps its wait: the LMS asked for it.
    waiting = last is not None and last.state == "pending"
    db.session.execute(
        update(ScoreOutbox)
        .where(
            ScoreOutbox.line_item_id == item.id,
            ScoreOutbox.user_id == user_id,
            ScoreOutbox.state == "pending",
        )
        .values(state="superseded")
    )
    db.session.add(
        ScoreOutbox(
            line_item_id=item.id,
            user_id=user_id,
            payload=payload,
            state="pending",
            attempts=last.attempts if waiting and last else 0,
            next_attempt_at=max(now, last.next_attempt_at) if waiting and last else now,
        )
    )
    return 1


def _document(column: Column, learner: _Learner, timestamp: datetime) -> dict[str, object]:
    summary, sub = learner.summary, learner.sub
    if column.module is None:
        started = bool(learner.started)
        return documents.pathway_document(
            summary, user_id=sub, started=started, timestamp=timestamp, maximum=column.score_maximum
        )
    module_summary = next(m for m in summary.modules if m.module.id == column.module.id)
    if column.stage is not None:
        stage_summary = next(s for s in module_summary.stages if s.stage.id == column.stage.id)
        return documents.stage_document(
            stage_summary,
            user_id=sub,
            started=learner.has_started(column.stage.activities),
            timestamp=timestamp,
            maximum=column.score_maximum,
        )
    started = learner.has_started(column.module.activities())
    if column.kind == "cpd":
        return documents.cpd_document(
            module_summary, user_id=sub, started=started, timestamp=timestamp
        )
    return documents.score_document(
        module_summary,
        user_id=sub,
        started=started,
        timestamp=timestamp,
        carry_cpd=column.carries_cpd,
        submission=documents.submission_times(column.module.activities(), learner.record),
        maximum=column.score_maximum,
    )


def _line_item(link: ResourceLink, column: Column) -> LineItemRecord:
    """Return the link's row for the column, creating it (learners' first progress may race)."""
    key = {"resource_link_id": link.id, "resource_id": column.resource_id}
    defaults = {
        "module_item_id": column.module.id if column.module else None,
        "kind": column.kind,
        "tag": column.tag,
        "label": column.label,
        "score_maximum": column.score_maximum,
        "url": column.url,
        "is_declarative": column.url is not None,
    }
    return upserts.row_for(LineItemRecord, key, defaults)


def _last_queued(line_item_id: int, user_id: int) -> ScoreOutbox | None:
    query = (
        select(ScoreOutbox)
        .where(
            ScoreOutbox.line_item_id == line_item_id,
            ScoreOutbox.user_id == user_id,
            ScoreOutbox.state != "superseded",
        )
        .order_by(ScoreOutbox.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def _links_with_ags(user_id: int, context_id: int) -> list[tuple[ResourceLink, LinkSetting | None]]:
    query = (
        select(ResourceLink, LinkSetting)
        .join(LinkLaunch, LinkLaunch.resource_link_id == ResourceLink.id)
        .outerjoin(LinkSetting, LinkSetting.resource_link_id == ResourceLink.id)
        .where(LinkLaunch.user_id == user_id, ResourceLink.context_id == context_id)
        .where(
            (ResourceLink.ags_lineitems_url.is_not(None))
            | (ResourceLink.ags_lineitem_url.is_not(None))
        )
    )
    return [
        (link, setting)
        for link, setting in db.session.execute(query)
        if scopes.SCORE in (link.ags_scopes or [])
    ]


def _parse(value: object) -> datetime:
    return datetime.fromisoformat(str(value))
