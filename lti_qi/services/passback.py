"""Queue every score and CPD change for the learner's LMS, in the same unit of work.

Call ``queue_progress`` after changing a learner's progress and before committing: the score
rows it writes to the outbox commit (or roll back) together with the change, so a score can
never be lost between the two. Workers (``passback_worker``) deliver them.

Columns per resource link the learner launched through (with AGS available):

- a link for one module (custom parameter ``qi_module``) posts the module's score to the
  link's own line item when the platform made one (declarative AGS, as Open edX and deep
  linking do), otherwise to a line item lti-qi creates; and the module's CPD hours to a CPD
  column (tag ``cpd``) where the platform lets tools create columns, else in the comment;
- a link for the whole pathway posts completion to its own line item, if any, and, where
  it may create columns, a score and a CPD column per module.

An unchanged score is not queued again; a newer score supersedes older unsent ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from lti_qi.domain import passback as documents
from lti_qi.domain.pathway import Module, Pathway
from lti_qi.domain.progress import PathwaySummary, summarise
from lti_qi.extensions import db
from lti_qi.lti import scopes
from lti_qi.models import LineItemRecord, LinkLaunch, ResourceLink, ScoreOutbox, User
from lti_qi.models.base import utc_now
from lti_qi.services import content, projects, records

MODULE_PARAMETER = "qi_module"


@dataclass(frozen=True)
class Column:
    """A gradebook column lti-qi posts to, before it is stored as a ``LineItemRecord``."""

    kind: str
    resource_id: str
    tag: str
    label: str
    score_maximum: float
    module: Module | None
    url: str | None = None


def queue_progress(user_id: int, context_id: int, *, now: datetime | None = None) -> int:
    """Queue the learner's current scores for every link they used; returns rows queued."""
    links = _links_with_ags(user_id, context_id)
    if not links:
        return 0
    now = now or utc_now()
    setting = content.course_setting(context_id)
    pathway = content.pathway(setting.pack_slug)
    project = projects.project_for(user_id, context_id)
    record = records.learner_record(user_id, context_id, project.id)
    summary = summarise(pathway, record, setting.pass_marks)
    sub = db.session.scalar(select(User.sub).where(User.id == user_id)) or ""
    started = {
        module.id
        for module in pathway.modules
        if any(a.id in record.statuses for a in module.activities())
    }
    queued = 0
    for link in links:
        for column in columns_for(link, pathway):
            queued += _queue_column(link, column, summary, user_id, sub, started, now)
    return queued


def columns_for(link: ResourceLink, pathway: Pathway) -> Iterator[Column]:
    """Yield the gradebook columns a link's scores go to."""
    can_create = scopes.LINEITEM in (link.ags_scopes or [])
    slug = (link.custom or {}).get(MODULE_PARAMETER)
    module = pathway.find_module(slug) if slug else None
    if module is not None:
        yield _score_column(pathway, module, link.ags_lineitem_url)
        if can_create:
            yield _cpd_column(pathway, module)
        return
    if link.ags_lineitem_url:
        yield Column(
            "pathway",
            f"{pathway.pack_slug}:pathway",
            "qi-pathway",
            pathway.title,
            100.0,
            None,
            link.ags_lineitem_url,
        )
    if can_create:
        for each in pathway.modules:
            yield _score_column(pathway, each, None)
            yield _cpd_column(pathway, each)


def _score_column(pathway: Pathway, module: Module, declarative_url: str | None) -> Column:
    resource_id = f"{pathway.pack_slug}:{module.slug}"
    return Column("score", resource_id, "qi-module", module.title, 100.0, module, declarative_url)


def _cpd_column(pathway: Pathway, module: Module) -> Column:
    resource_id = f"{pathway.pack_slug}:{module.slug}:cpd"
    return Column("cpd", resource_id, "cpd", f"CPD hours: {module.title}", module.cpd_hours, module)


def _queue_column(
    link: ResourceLink,
    column: Column,
    summary: PathwaySummary,
    user_id: int,
    sub: str,
    started: set[int],
    now: datetime,
) -> int:
    item = _line_item(link, column)
    last = _last_queued(item.id, user_id)
    timestamp = documents.next_timestamp(now, _parse(last.payload["timestamp"]) if last else None)
    payload = _document(column, link, summary, sub, started, timestamp)
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


def _document(
    column: Column,
    link: ResourceLink,
    summary: PathwaySummary,
    sub: str,
    started: set[int],
    timestamp: datetime,
) -> dict[str, object]:
    if column.module is None:
        return documents.pathway_document(
            summary, user_id=sub, started=bool(started), timestamp=timestamp
        )
    module_summary = next(m for m in summary.modules if m.module.id == column.module.id)
    is_started = column.module.id in started
    if column.kind == "cpd":
        return documents.cpd_document(
            module_summary, user_id=sub, started=is_started, timestamp=timestamp
        )
    carry_cpd = scopes.LINEITEM not in (link.ags_scopes or [])
    return documents.score_document(
        module_summary, user_id=sub, started=is_started, timestamp=timestamp, carry_cpd=carry_cpd
    )


def _line_item(link: ResourceLink, column: Column) -> LineItemRecord:
    query = select(LineItemRecord).where(
        LineItemRecord.resource_link_id == link.id, LineItemRecord.resource_id == column.resource_id
    )
    item = db.session.scalar(query)
    if item is None:
        item = LineItemRecord(
            resource_link_id=link.id,
            module_item_id=column.module.id if column.module else None,
            kind=column.kind,
            resource_id=column.resource_id,
            tag=column.tag,
            label=column.label,
            score_maximum=column.score_maximum,
            url=column.url,
            is_declarative=column.url is not None,
        )
        db.session.add(item)
        db.session.flush()
    return item


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


def _links_with_ags(user_id: int, context_id: int) -> list[ResourceLink]:
    query = (
        select(ResourceLink)
        .join(LinkLaunch, LinkLaunch.resource_link_id == ResourceLink.id)
        .where(LinkLaunch.user_id == user_id, ResourceLink.context_id == context_id)
        .where(
            (ResourceLink.ags_lineitems_url.is_not(None))
            | (ResourceLink.ags_lineitem_url.is_not(None))
        )
    )
    return [link for link in db.session.scalars(query) if scopes.SCORE in (link.ags_scopes or [])]


def _parse(value: object) -> datetime:
    return datetime.fromisoformat(str(value))
