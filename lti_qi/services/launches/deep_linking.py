"""Deep Linking for course designers: choose what to embed, then hand the links to the LMS.

A designer's deep-linking launch opens a picker of the course's pathway, its modules and
their stages. Each chosen item goes back to the LMS as an LTI resource link whose custom
parameters fix what it opens (``lti_qi.domain.course.link_targets``) and, where the LMS takes
them, with a gradebook column (label, maximum, ``resourceId``, tag) that lti-qi's grade
passback later finds by its ``resourceId``. Pass marks and CPD hours chosen here become
the course's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lti_qi.domain.course import Located, Pathway, course_cpd_hours, link_targets
from lti_qi.errors import Forbidden, InvalidInput
from lti_qi.lti import deep_linking, registrations, tool_keys
from lti_qi.lti.deep_linking import Column, ResourceLinkItem
from lti_qi.services.base.actors import Actor
from lti_qi.services.content import course_content, course_settings, pathways
from lti_qi.settings import get_settings

MAX_TITLE = 255
MAX_TEXT = 1000


@dataclass(frozen=True)
class Choice:
    """One thing a designer may embed, with the values the picker starts from."""

    located: Located
    title: str
    text: str
    cpd_hours: float | None
    pass_mark: int | None

    @property
    def key(self) -> str:
        """The choice's form value (see ``LinkTarget.key``)."""
        return self.located.target.key


@dataclass(frozen=True)
class Picker:
    """What the picker page shows."""

    pathway: Pathway
    choices: list[Choice]
    accepts_multiple: bool
    accepts_line_items: bool
    platform_title: str


@dataclass(frozen=True)
class Selection:
    """A designer's settings for one chosen item."""

    key: str
    title: str
    text: str
    score_maximum: float
    pass_mark: int | None = None
    cpd_hours: float | None = None


@dataclass(frozen=True)
class Response:
    """The signed response and where the browser posts it."""

    return_url: str
    jwt: str
    item_count: int


def picker(actor: Actor) -> Picker:
    """Return the picker for a designer's deep-linking launch.

    Raises:
        Forbidden: when the session is not a deep-linking launch.
        InvalidInput: when the LMS cannot take LTI resource links.
    """
    settings = _settings(actor)
    deep_linking.require_resource_links(settings)
    course = course_settings.current(actor.context_id)
    pathway = pathways.pathway_for(course)
    return Picker(
        pathway=pathway,
        choices=[
            _choice(pathway, located, course.pass_marks)
            for located in link_targets.all_targets(pathway)
        ],
        accepts_multiple=deep_linking.accepts_multiple(settings),
        accepts_line_items=deep_linking.accepts_line_items(settings),
        platform_title=str(settings.get("title") or ""),
    )


def respond(actor: Actor, selections: Sequence[Selection]) -> Response:
    """Check the designer's choices, save their pass marks and CPD hours, sign the response.

    An empty ``selections`` is a valid answer: the LMS closes its dialog with nothing added.

    Raises:
        InvalidInput: when a choice is unknown, a value is out of range, or several items
            were chosen where the LMS takes one.
    """
    settings = _settings(actor)
    if len(selections) > 1 and not deep_linking.accepts_multiple(settings):
        raise InvalidInput("This LMS takes one item at a time.", hint="Choose just one item.")
    pathway = course_settings.pathway(actor.context_id)
    items = [_item(pathway, selection) for selection in selections]
    marks = _per_module(selections, "pass_mark")
    if marks:
        course_content.set_pass_marks(actor.context_id, {k: int(v) for k, v in marks.items()})
    hours = _per_module(selections, "cpd_hours")
    if hours:
        course_content.set_cpd_hours(actor.context_id, hours)
    record = registrations.find_by_id(actor.platform_id or 0)
    if record is None or not record.is_active:
        raise Forbidden("This LMS's registration is no longer active in lti-qi.")
    token = deep_linking.response_jwt(
        record, actor.deployment_id, settings, items, tool_keys.current_signing_key()
    )
    return Response(str(settings["deep_link_return_url"]), token, len(items))


def _per_module(selections: Sequence[Selection], field: str) -> dict[str, float]:
    """The value of ``field`` that each chosen module was given, by module slug."""
    return {
        selection.key.partition(":")[2]: value
        for selection in selections
        if selection.key.startswith("module:") and (value := getattr(selection, field)) is not None
    }


def _settings(actor: Actor) -> dict[str, object]:
    settings = actor.deep_linking_settings
    if not settings or not settings.get("deep_link_return_url"):
        raise Forbidden(
            "This page is for choosing content from your LMS.",
            hint="Open it from your course's 'add external tool content' option.",
        )
    return settings


def _choice(pathway: Pathway, located: Located, pass_marks: Mapping[str, int]) -> Choice:
    module, stage = located.module, located.stage
    if module is None:
        hours = course_cpd_hours(pathway.modules)
        return Choice(located, pathway.title, pathway.summary, hours, None)
    if stage is None:
        mark = pass_marks.get(module.slug, module.pass_mark)
        return Choice(located, module.title, module.summary, module.cpd_hours, mark)
    return Choice(located, f"{module.title}: {stage.title}", stage.summary, None, None)


def _item(pathway: Pathway, selection: Selection) -> ResourceLinkItem:
    try:
        target = link_targets.LinkTarget.from_key(selection.key)
    except ValueError as error:
        raise InvalidInput("One of the chosen items is not part of this pathway.") from error
    located = link_targets.locate(pathway, target)
    if located is None:
        raise InvalidInput("One of the chosen items is not part of this pathway.")
    title, text = selection.title.strip(), selection.text.strip()
    if not title or len(title) > MAX_TITLE:
        raise InvalidInput(f"Give each item a title of 1 to {MAX_TITLE} characters.")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"Keep each description under {MAX_TEXT} characters.")
    if not link_targets.is_valid_maximum(selection.score_maximum):
        raise InvalidInput(link_targets.MAXIMUM_RULE)
    if selection.pass_mark is not None and not 0 <= selection.pass_mark <= 100:
        raise InvalidInput("A pass mark is a percentage from 0 to 100.")
    resource_id = target.resource_id(pathway.pack_slug)
    column = Column(title, selection.score_maximum, resource_id, target.tag)
    return ResourceLinkItem(
        title=title,
        text=text,
        url=f"{get_settings().base_url}/lti/launch",
        custom=target.custom_parameters(pathway.pack_slug, selection.score_maximum),
        column=column,
    )
