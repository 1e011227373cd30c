"""The content-pack manifest: what pack.yaml may say, as strict pydantic models.

A pack holds one pathway of modules; a module holds stages; a stage holds activities of five
kinds (a discriminated union on `kind`). Every model forbids unknown keys and is frozen. Rules
about one item (id spelling, CPD hours in quarter hours, a question's options) live on its model;
rules that span the tree (unique ids, prerequisites pointing backwards) live in `rules`, which
`Pack` runs too, so a `Pack` instance is always a whole, consistent pathway.

Field types (ids, versions, CPD hours, page paths) and `rule_error` live in `fields`.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from lti_qi.content import rules
from lti_qi.content.fields import (
    CpdHours,
    LanguageTag,
    Minutes,
    PagePath,
    SemVer,
    Slug,
    Text,
    WebUrl,
    rule_error,
)
from lti_qi.domain.worksheets import WorksheetKind

TREE_ERROR_TYPE = "pack_tree"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(_Strict):
    """A source the pack cites; the list feeds the pack's bibliography page."""

    id: Slug
    citation: Text
    url: WebUrl | None = None


class Option(_Strict):
    """One answer to a knowledge-check question, with the feedback a learner sees on choosing it."""

    id: Slug
    text: Text
    correct: bool = False
    feedback: Text


class Question(_Strict):
    """A single- or multiple-choice question, scored automatically."""

    id: Slug
    prompt: Text
    type: Literal["single", "multiple"]
    options: tuple[Option, ...]

    @field_validator("options")
    @classmethod
    def _check_options(
        cls, options: tuple[Option, ...], info: ValidationInfo
    ) -> tuple[Option, ...]:
        correct = sum(option.correct for option in options)
        if len(options) < 2:
            raise rule_error("a question needs at least two options.", "add another option")
        if len({option.id for option in options}) < len(options):
            raise rule_error(
                "two options share an id.", "give each option its own id: a, b, c, ..."
            )
        if correct == 0:
            raise rule_error(
                "no option is marked correct.", "add correct: true to the right option"
            )
        if correct > 1 and info.data.get("type") == "single":
            raise rule_error(
                f"a single-choice question has {correct} correct options.",
                "mark exactly one option correct, or use type: multiple",
            )
        return options


class _Activity(_Strict):
    id: Slug
    title: Text
    estimated_minutes: Minutes
    cpd_hours: CpdHours | None = None
    prerequisites: tuple[Slug, ...] = ()
    learning_outcomes: tuple[Text, ...] = ()
    requires_signoff: bool = False


class ReadingActivity(_Activity):
    """A Markdown page to read, with figures."""

    kind: Literal["reading"]
    page: PagePath


class KnowledgeCheckActivity(_Activity):
    """Questions with feedback per option, scored against the module's pass mark."""

    kind: Literal["knowledge_check"]
    questions: tuple[Question, ...] = Field(min_length=1)

    @field_validator("questions")
    @classmethod
    def _check_question_ids(cls, questions: tuple[Question, ...]) -> tuple[Question, ...]:
        if len({question.id for question in questions}) < len(questions):
            raise rule_error(
                "two questions share an id.", "give each question its own id: q1, q2, ..."
            )
        return questions


class WorksheetActivity(_Activity):
    """A structured QI tool the learner completes for their own project."""

    kind: Literal["worksheet"]
    worksheet: WorksheetKind
    page: PagePath | None = None


class EvidenceActivity(_Activity):
    """An upload or link the learner provides as evidence."""

    kind: Literal["evidence"]
    prompt: Text
    required: bool = False


class ReflectionActivity(_Activity):
    """Free text the learner writes, which feeds their CPD record."""

    kind: Literal["reflection"]
    prompt: Text
    min_words: int = Field(default=0, ge=0)


Activity = Annotated[
    ReadingActivity
    | KnowledgeCheckActivity
    | WorksheetActivity
    | EvidenceActivity
    | ReflectionActivity,
    Field(discriminator="kind"),
]
ACTIVITY_KINDS = ("reading", "knowledge_check", "worksheet", "evidence", "reflection")


class Stage(_Strict):
    """A step within a module; a mentor may have to sign it off before later stages open."""

    id: Slug
    title: Text
    summary: Text | None = None
    estimated_minutes: Minutes
    cpd_hours: CpdHours | None = None
    requires_signoff: bool = False
    prerequisites: tuple[Slug, ...] = ()
    learning_outcomes: tuple[Text, ...] = ()
    activities: tuple[Activity, ...] = Field(min_length=1)


class Module(_Strict):
    """A unit of the pathway, with its own CPD hours and pass mark."""

    id: Slug
    title: Text
    summary: Text
    estimated_minutes: Minutes
    cpd_hours: CpdHours
    pass_mark: int = Field(default=70, ge=0, le=100)
    prerequisites: tuple[Slug, ...] = ()
    learning_outcomes: tuple[Text, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = Field(min_length=1)


class Pathway(_Strict):
    """The course a pack teaches: its modules, in the order learners meet them."""

    id: Slug
    title: Text
    summary: Text
    learning_outcomes: tuple[Text, ...] = Field(min_length=1)
    modules: tuple[Module, ...] = Field(min_length=1)


@dataclass(frozen=True)
class ModuleNode:
    """A module met while walking a pack."""

    module: Module

    @property
    def id(self) -> str:
        """The module's id."""
        return self.module.id


@dataclass(frozen=True)
class StageNode:
    """A stage met while walking a pack, with its module."""

    module: Module
    stage: Stage

    @property
    def id(self) -> str:
        """The stage's id."""
        return self.stage.id


@dataclass(frozen=True)
class ActivityNode:
    """An activity met while walking a pack, with its module and stage."""

    module: Module
    stage: Stage
    activity: Activity

    @property
    def id(self) -> str:
        """The activity's id."""
        return self.activity.id


PathwayNode = ModuleNode | StageNode | ActivityNode


class Pack(_Strict):
    """A whole content pack manifest: metadata, references and the pathway."""

    schema_version: Literal[1]
    id: Slug
    version: SemVer
    title: Text
    description: Text
    language: LanguageTag
    authors: tuple[Text, ...] = Field(min_length=1)
    licence: Text | None = None
    references: tuple[Reference, ...] = ()
    pathway: Pathway

    @model_validator(mode="after")
    def _check_tree(self) -> Self:
        issues = rules.find_issues(self.model_dump())
        if issues:
            summary = " ".join(f"{issue.message} Fix: {issue.fix}." for issue in issues)
            raise PydanticCustomError(TREE_ERROR_TYPE, "{summary}", {"summary": summary})
        return self

    def walk(self) -> Iterator[PathwayNode]:
        """Yield every module, stage and activity in pathway order, each with its parents."""
        for module in self.pathway.modules:
            yield ModuleNode(module)
            for stage in module.stages:
                yield StageNode(module, stage)
                for activity in stage.activities:
                    yield ActivityNode(module, stage, activity)

    def find(self, item_id: str) -> PathwayNode:
        """Return the module, stage or activity with this id.

        Raises:
            KeyError: No module, stage or activity has this id.
        """
        for node in self.walk():
            if node.id == item_id:
                return node
        raise KeyError(item_id)

    def page_paths(self) -> tuple[str, ...]:
        """Return the Markdown pages the activities refer to, each once, in pathway order."""
        pages = (
            getattr(node.activity, "page", None)
            for node in self.walk()
            if isinstance(node, ActivityNode)
        )
        return tuple(dict.fromkeys(page for page in pages if page is not None))
