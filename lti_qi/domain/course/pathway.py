"""A QI pathway as learners move through it: modules, their stages, and stage activities.

Built once from an installed content pack's manifest and shared read-only by every request,
so rendering a learner's pathway never re-parses content. Each module, stage and activity
carries its database id (for progress rows) and its pack slug (stable across upgrades).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from lti_qi.domain.course.cpd import round_hours


@dataclass(frozen=True)
class Activity:
    """One thing to do: read, answer a check, fill a worksheet, add evidence, or reflect."""

    id: int
    slug: str
    kind: str
    title: str
    minutes: int
    requires_signoff: bool
    prerequisites: tuple[str, ...]
    config: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_optional(self) -> bool:
        """Whether the stage is complete without it (evidence the pack marks not required)."""
        return self.kind == "evidence" and not self.config.get("required")


@dataclass(frozen=True)
class Stage:
    """A step of a module; mentor sign-off may be required before later stages open."""

    id: int
    slug: str
    title: str
    summary: str
    minutes: int
    requires_signoff: bool
    prerequisites: tuple[str, ...]
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class Module:
    """A module of the pathway, with its CPD hours (to the quarter hour) and default pass mark."""

    id: int
    slug: str
    title: str
    summary: str
    minutes: int
    cpd_hours: float
    pass_mark: int
    prerequisites: tuple[str, ...]
    learning_outcomes: tuple[str, ...]
    stages: tuple[Stage, ...]

    def activities(self) -> Iterator[Activity]:
        """Yield the module's activities in order."""
        for stage in self.stages:
            yield from stage.activities


@dataclass(frozen=True)
class Pathway:
    """The whole pathway of one pack version."""

    pack_slug: str
    pack_version: str
    pack_id: int
    slug: str
    title: str
    summary: str
    learning_outcomes: tuple[str, ...]
    modules: tuple[Module, ...]

    def activities(self) -> Iterator[Activity]:
        """Yield every activity in pathway order."""
        for module in self.modules:
            yield from module.activities()

    def find_module(self, slug: str) -> Module | None:
        """Return the module with this slug, if any."""
        return next((module for module in self.modules if module.slug == slug), None)

    def locate(self, activity_slug: str) -> tuple[Module, Stage, Activity] | None:
        """Return the module, stage and activity for an activity slug, if it exists."""
        for module in self.modules:
            for stage in module.stages:
                for activity in stage.activities:
                    if activity.slug == activity_slug:
                        return module, stage, activity
        return None

    def locate_stage_by_id(self, stage_id: int) -> tuple[Module, Stage] | None:
        """Return the module and stage for a stage's database id, if it is in this pathway."""
        for module in self.modules:
            for stage in module.stages:
                if stage.id == stage_id:
                    return module, stage
        return None

    def locate_stage(self, stage_slug: str) -> tuple[Module, Stage] | None:
        """Return the module and stage for a stage slug, if it exists."""
        for module in self.modules:
            for stage in module.stages:
                if stage.slug == stage_slug:
                    return module, stage
        return None


def pathway_from_manifest(
    manifest: Mapping[str, Any], item_ids: Mapping[str, int], *, pack_id: int
) -> Pathway:
    """Build a pathway from a pack manifest (as validated and stored) and the items' ids."""
    data = manifest["pathway"]
    return Pathway(
        pack_slug=manifest["id"],
        pack_version=manifest["version"],
        pack_id=pack_id,
        slug=data["id"],
        title=data["title"],
        summary=data.get("summary") or "",
        learning_outcomes=tuple(data.get("learning_outcomes") or ()),
        modules=tuple(_module(module, item_ids) for module in data["modules"]),
    )


def _module(data: Mapping[str, Any], item_ids: Mapping[str, int]) -> Module:
    return Module(
        id=item_ids[data["id"]],
        slug=data["id"],
        title=data["title"],
        summary=data.get("summary") or "",
        minutes=int(data.get("estimated_minutes") or 0),
        cpd_hours=round_hours(float(data.get("cpd_hours") or 0)),
        pass_mark=int(data.get("pass_mark", 70)),
        prerequisites=tuple(data.get("prerequisites") or ()),
        learning_outcomes=tuple(data.get("learning_outcomes") or ()),
        stages=tuple(_stage(stage, item_ids) for stage in data["stages"]),
    )


def _stage(data: Mapping[str, Any], item_ids: Mapping[str, int]) -> Stage:
    return Stage(
        id=item_ids[data["id"]],
        slug=data["id"],
        title=data["title"],
        summary=data.get("summary") or "",
        minutes=int(data.get("estimated_minutes") or 0),
        requires_signoff=bool(data.get("requires_signoff")),
        prerequisites=tuple(data.get("prerequisites") or ()),
        activities=tuple(_activity(activity, item_ids) for activity in data["activities"]),
    )


ACTIVITY_FIELDS = ("id", "kind", "title", "estimated_minutes", "requires_signoff", "prerequisites")


def _activity(data: Mapping[str, Any], item_ids: Mapping[str, int]) -> Activity:
    return Activity(
        id=item_ids[data["id"]],
        slug=data["id"],
        kind=data["kind"],
        title=data["title"],
        minutes=int(data.get("estimated_minutes") or 0),
        requires_signoff=bool(data.get("requires_signoff")),
        prerequisites=tuple(data.get("prerequisites") or ()),
        config={key: value for key, value in data.items() if key not in ACTIVITY_FIELDS},
    )


def with_cpd_hours(pathway: Pathway, hours: Mapping[str, float]) -> Pathway:
    """Return the pathway with some modules' CPD hours set by a course (by module slug, rounded)."""
    if not hours:
        return pathway
    modules = tuple(
        replace(m, cpd_hours=round_hours(hours[m.slug])) if m.slug in hours else m
        for m in pathway.modules
    )
    return replace(pathway, modules=modules)
