"""What one LMS link opens: the whole pathway, one module, or one stage.

A link says it in its custom parameters, which travel in every launch: Deep Linking puts
them on the links it returns, and an administrator can type them into a platform's link
settings (Open edX: ``qi_module=aim`` on a line of "Custom parameters"):

- ``qi_module=<module slug>`` opens that module;
- ``qi_stage=<stage slug>`` opens that stage of its module;
- ``qi_pathway=<anything>`` opens the whole pathway;
- ``qi_maximum=<number>`` (optional) is the link's maximum score, 100 if absent; a maximum
  set later in lti-qi takes its place.

A link without them opens whatever its course designer chose for it inside lti-qi (on the
link's first launch), or else the whole pathway.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from lti_qi.domain.course.pathway import Module, Pathway, Stage

MODULE_PARAMETER = "qi_module"
STAGE_PARAMETER = "qi_stage"
PATHWAY_PARAMETER = "qi_pathway"
MAXIMUM_PARAMETER = "qi_maximum"


class TargetKind(StrEnum):
    """How much of the pathway a link opens."""

    PATHWAY = "pathway"
    MODULE = "module"
    STAGE = "stage"


@dataclass(frozen=True)
class LinkTarget:
    """The part of the pathway a link opens (``slug`` is empty for the whole pathway)."""

    kind: TargetKind
    slug: str = ""

    @property
    def tag(self) -> str:
        """The gradebook column tag for this kind of target."""
        return f"qi-{self.kind.value}"

    @property
    def key(self) -> str:
        """A compact form for forms and storage: ``pathway``, ``module:aim``, ``stage:x``."""
        return self.kind.value if self.kind is TargetKind.PATHWAY else f"{self.kind}:{self.slug}"

    @classmethod
    def from_key(cls, key: str) -> LinkTarget:
        """Parse ``key`` (see ``key``).

        Raises:
            ValueError: when ``key`` is not a target.
        """
        kind, _, slug = key.partition(":")
        target = cls(TargetKind(kind), slug)
        if (target.kind is TargetKind.PATHWAY) != (not slug):
            raise ValueError(f"not a link target: {key!r}")
        return target

    def custom_parameters(self, pack_slug: str, maximum: float) -> dict[str, str]:
        """Return the custom parameters that make a link open this target, out of ``maximum``."""
        if self.kind is TargetKind.PATHWAY:
            return {PATHWAY_PARAMETER: pack_slug, MAXIMUM_PARAMETER: f"{maximum:g}"}
        name = MODULE_PARAMETER if self.kind is TargetKind.MODULE else STAGE_PARAMETER
        return {name: self.slug, MAXIMUM_PARAMETER: f"{maximum:g}"}

    def resource_id(self, pack_slug: str) -> str:
        """Return the gradebook column's ``resourceId`` for this target (stable across packs)."""
        if self.kind is TargetKind.PATHWAY:
            return f"{pack_slug}:pathway"
        if self.kind is TargetKind.MODULE:
            return f"{pack_slug}:{self.slug}"
        return f"{pack_slug}:stage:{self.slug}"


PATHWAY = LinkTarget(TargetKind.PATHWAY)


def cpd_resource_id(pack_slug: str, module_slug: str) -> str:
    """Return the ``resourceId`` of a module's CPD hours column."""
    return f"{pack_slug}:{module_slug}:cpd"


DEFAULT_MAXIMUM = 100.0
MAX_SCORE = 1000.0
MAXIMUM_RULE = f"A maximum score is more than 0 and at most {MAX_SCORE:g}."


@dataclass(frozen=True)
class LinkChoice:
    """What a link opens (``None``: nobody chose yet), where that was decided, its maximum."""

    target: LinkTarget | None
    source: str  # custom | designer | none
    score_maximum: float = DEFAULT_MAXIMUM

    @property
    def opens(self) -> LinkTarget:
        """The target to open: the whole pathway while nobody has chosen."""
        return self.target or PATHWAY

    @property
    def is_fixed_by_lms(self) -> bool:
        """Whether the LMS's custom parameters decide (so lti-qi cannot change the target)."""
        return self.source == "custom"


def choice(
    custom: Mapping[str, str] | None, chosen: str | None, maximum: float | None
) -> LinkChoice:
    """Decide what a link opens: its custom parameters first, else its designer's choice.

    The maximum is the designer's (``maximum``) if they set one, else the custom parameter's.
    """
    maximum = _custom_maximum(custom) if maximum is None else maximum
    from_lms = from_custom(custom)
    if from_lms is not None:
        return LinkChoice(from_lms, "custom", maximum)
    if chosen:
        return LinkChoice(LinkTarget.from_key(chosen), "designer", maximum)
    return LinkChoice(None, "none", maximum)


def from_custom(custom: Mapping[str, str] | None) -> LinkTarget | None:
    """Return the target a link's custom parameters name, if they name one."""
    custom = custom or {}
    if custom.get(STAGE_PARAMETER):
        return LinkTarget(TargetKind.STAGE, custom[STAGE_PARAMETER].strip())
    if custom.get(MODULE_PARAMETER):
        return LinkTarget(TargetKind.MODULE, custom[MODULE_PARAMETER].strip())
    if PATHWAY_PARAMETER in custom:
        return PATHWAY
    return None


@dataclass(frozen=True)
class Located:
    """A target found in a pathway: its module and stage (``None`` where it is wider)."""

    target: LinkTarget
    module: Module | None
    stage: Stage | None

    @property
    def title(self) -> str:
        """The title of what the link opens."""
        if self.stage is not None:
            return self.stage.title
        return self.module.title if self.module is not None else ""


def locate(pathway: Pathway, target: LinkTarget) -> Located | None:
    """Find a target in a pathway; ``None`` when the pathway has no such module or stage."""
    if target.kind is TargetKind.PATHWAY:
        return Located(target, None, None)
    if target.kind is TargetKind.MODULE:
        module = pathway.find_module(target.slug)
        return Located(target, module, None) if module is not None else None
    found = pathway.locate_stage(target.slug)
    return Located(target, found[0], found[1]) if found is not None else None


def all_targets(pathway: Pathway) -> list[Located]:
    """Every target a designer may embed: the pathway, then each module and its stages."""
    located = [Located(PATHWAY, None, None)]
    for module in pathway.modules:
        located.append(Located(LinkTarget(TargetKind.MODULE, module.slug), module, None))
        located.extend(
            Located(LinkTarget(TargetKind.STAGE, stage.slug), module, stage)
            for stage in module.stages
        )
    return located


def is_valid_maximum(value: float) -> bool:
    """Whether ``value`` can be a link's maximum score (see ``MAXIMUM_RULE``)."""
    return 0 < value <= MAX_SCORE


def _custom_maximum(custom: Mapping[str, str] | None) -> float:
    try:
        value = float((custom or {}).get(MAXIMUM_PARAMETER, DEFAULT_MAXIMUM))
    except ValueError:
        return DEFAULT_MAXIMUM
    return value if is_valid_maximum(value) else DEFAULT_MAXIMUM
