"""What each LMS link opens and its gradebook maximum, and changing them later.

A link's custom parameters win (Deep Linking and careful administrators set them); a link
without them opens what its designer chose in lti-qi on its first launch, and until then
the whole pathway. Changing a link's maximum or target re-queues every learner's score for
it, and marks its gradebook columns for an update, so the LMS follows (``score_delivery``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select, update

from lti_qi import after_commit
from lti_qi.domain.course import LinkChoice, LinkTarget, Role, link_targets
from lti_qi.errors import InvalidInput, NotFound
from lti_qi.extensions import cache, db
from lti_qi.lti import scopes
from lti_qi.models import LineItemRecord, LinkLaunch, LinkSetting, Membership, ResourceLink
from lti_qi.services.base.actors import Actor
from lti_qi.services.content import course_settings
from lti_qi.services.passback import score_queue

SETTING_CACHE_PREFIX = "link-setting:"
SETTING_CACHE_SECONDS = 3600


def choice_for(link: ResourceLink, setting: LinkSetting | None) -> LinkChoice:
    """Combine a link's custom parameters and its designer's setting into one choice."""
    if setting is None:
        return link_targets.choice(link.custom, None, None)
    return link_targets.choice(link.custom, setting.target, setting.score_maximum)


def choice_for_launch(custom: Mapping[str, str], resource_link_id: int | None) -> LinkChoice:
    """Return what a launch opens.

    A link its LMS leaves open needs its designer's setting: that is read from the shared
    cache (kept an hour, dropped when a designer changes it), so a launch reads no table.
    """
    if resource_link_id is None:
        return LinkChoice(link_targets.PATHWAY, "none")
    if link_targets.from_custom(custom) is not None:
        return link_targets.choice(custom, None, None)
    key = SETTING_CACHE_PREFIX + str(resource_link_id)
    stored: tuple[str, float] | tuple[()] | None = cache.get(key)
    if stored is None:
        setting = db.session.get(LinkSetting, resource_link_id)
        stored = (setting.target, setting.score_maximum) if setting else ()
        cache.set(key, stored, timeout=SETTING_CACHE_SECONDS)
    if not stored:
        return link_targets.choice(custom, None, None)
    return link_targets.choice(custom, stored[0], stored[1])


def choice_for_link(resource_link_id: int) -> LinkChoice:
    """Return the choice of a stored link."""
    link = db.session.get_one(ResourceLink, resource_link_id)
    return choice_for(link, db.session.get(LinkSetting, resource_link_id))


def choose(actor: Actor, target_key: str, score_maximum: float) -> LinkChoice:
    """Set what the actor's link opens and its maximum score; re-queue its learners' scores.

    Raises:
        NotFound: when the session has no link.
        InvalidInput: when the target is not in the course's pathway or the maximum is out
            of range.
    """
    if actor.resource_link_id is None:
        raise NotFound("This launch did not come from a link, so there is nothing to set.")
    if not link_targets.is_valid_maximum(score_maximum):
        raise InvalidInput(link_targets.MAXIMUM_RULE)
    link = db.session.get_one(ResourceLink, actor.resource_link_id)
    stored = db.session.get(LinkSetting, link.id)
    current = choice_for(link, stored)
    target = _checked_target(actor.context_id, target_key, current)
    setting = stored or LinkSetting(resource_link_id=link.id)
    setting.target, setting.score_maximum, setting.chosen_by = (
        target.key,
        score_maximum,
        actor.user_id,
    )
    db.session.add(setting)
    if score_maximum != current.score_maximum:
        _columns_follow(link.id, score_maximum)
    db.session.flush()
    _requeue(link)
    key = SETTING_CACHE_PREFIX + str(link.id)
    after_commit.call(key, lambda: cache.delete(key))
    return choice_for(link, setting)


def _checked_target(context_id: int, target_key: str, current: LinkChoice) -> LinkTarget:
    if current.is_fixed_by_lms and current.target is not None:
        return current.target
    pathway = course_settings.pathway(context_id)
    try:
        target = LinkTarget.from_key(target_key)
    except ValueError as error:
        raise InvalidInput("Choose the pathway, a module or a stage for this link.") from error
    if link_targets.locate(pathway, target) is None:
        raise InvalidInput("That module or stage is not part of this course's pathway.")
    return target


def _columns_follow(resource_link_id: int, score_maximum: float) -> None:
    """Give the link's score columns the new maximum; the worker updates them in the LMS."""
    db.session.execute(
        update(LineItemRecord)
        .where(
            LineItemRecord.resource_link_id == resource_link_id,
            LineItemRecord.kind != "cpd",
        )
        .values(score_maximum=score_maximum, needs_update=LineItemRecord.url.is_not(None))
    )


def _requeue(link: ResourceLink) -> None:
    """Queue fresh scores for the learners who launched through the link."""
    launched = db.session.execute(
        select(LinkLaunch.user_id, Membership.roles)
        .join(
            Membership,
            (Membership.user_id == LinkLaunch.user_id) & (Membership.context_id == link.context_id),
        )
        .where(LinkLaunch.resource_link_id == link.id)
    )
    for user_id, roles in launched:
        if Role.LEARNER in roles:
            score_queue.queue_progress(user_id, link.context_id)


@dataclass(frozen=True)
class LinkRow:
    """One LMS link into a course, as its designers see it."""

    link: ResourceLink
    choice: LinkChoice
    learners: int
    has_grade_passback: bool
    opens_title: str


def course_links(context_id: int) -> list[LinkRow]:
    """Return the course's links with what each opens and how many people launched it."""
    launches = (
        select(LinkLaunch.resource_link_id, func.count().label("people"))
        .group_by(LinkLaunch.resource_link_id)
        .subquery()
    )
    query = (
        select(ResourceLink, LinkSetting, func.coalesce(launches.c.people, 0))
        .outerjoin(LinkSetting, LinkSetting.resource_link_id == ResourceLink.id)
        .outerjoin(launches, launches.c.resource_link_id == ResourceLink.id)
        .where(ResourceLink.context_id == context_id)
        .order_by(ResourceLink.title, ResourceLink.id)
    )
    pathway = course_settings.pathway(context_id)
    rows = []
    for link, setting, people in db.session.execute(query):
        choice = choice_for(link, setting)
        located = link_targets.locate(pathway, choice.opens)
        rows.append(
            LinkRow(
                link=link,
                choice=choice,
                learners=int(people),
                has_grade_passback=scopes.SCORE in (link.ags_scopes or []),
                opens_title=located.title if located and located.module else pathway.title,
            )
        )
    return rows
