"""The structured QI worksheets a learner's project holds, and the schema that describes them.

Each worksheet kind is one QI tool from the Model for Improvement toolkit. Content packs name
these kinds; the project workspace stores one document per kind and project, as a JSON object.

A `WorksheetSpec` describes one kind in plain data: its sections and, in each, its fields
(`FieldSpec`). The web layer draws forms from the specs and `validation` checks
documents against them, so a field's label and hint are written for the learner (a porter, a
nurse, a junior doctor) and each hint says what a good answer looks like. The specs themselves
live in `registry` (`spec_for(kind)`).

A document is flat by field name; sections only group fields on the page. A list field holds
records (dicts) whose fields may themselves be lists, as in the driver diagram's tree. A list
with an `id_prefix` gives each record a stable `"id"` (such as ``"C3"``) so that other worksheets
can point at it: a PDSA cycle names the change idea it tests.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class WorksheetKind(StrEnum):
    """The QI tools a content pack may ask a learner to complete on their own project."""

    AIM_STATEMENT = "aim_statement"
    TEAM_STAKEHOLDERS = "team_stakeholders"
    PROCESS_MAP = "process_map"
    FISHBONE = "fishbone"
    DRIVER_DIAGRAM = "driver_diagram"
    PARETO = "pareto"
    MEASURES_PLAN = "measures_plan"
    PDSA_LOG = "pdsa_log"
    SUSTAINABILITY_PLAN = "sustainability_plan"
    SQUIRE_WRITEUP = "squire_writeup"


Document = Mapping[str, object]
"""One worksheet's stored document: values by field name."""
Documents = Mapping[WorksheetKind, Document]
"""A project's worksheet documents, by kind."""


class FieldType(StrEnum):
    """How a field is entered and stored.

    Values in a stored document: text, long text, choice and date are strings (dates as ISO
    ``YYYY-MM-DD``); number is an int or float; multi-choice is a list of choice values; tick is
    a bool; list is a list of records (dicts).
    """

    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    NUMBER = "number"
    DATE = "date"
    TICK = "tick"
    LIST = "list"


class LinkTarget(StrEnum):
    """Another worksheet's records that a field points at; the form offers them as options."""

    CHANGE_IDEA = "change_idea"
    """A change idea's id on the driver diagram."""
    MEASURE = "measure"
    """A measure's name in the measures plan."""
    PDSA_CYCLE = "pdsa_cycle"
    """A cycle's id earlier in the same PDSA log."""


@dataclass(frozen=True)
class Choice:
    """One option of a choice field: the stored value and the words shown."""

    value: str
    label: str


@dataclass(frozen=True)
class FieldSpec:
    """One field of a worksheet, or of a record inside a list field.

    Attributes:
        name: The key in the stored document.
        label: The question or name shown beside the input.
        hint: What to write and what a good answer looks like.
        type: How it is entered and stored.
        required: Whether the worksheet can be submitted without it (drafts may leave it blank).
        max_length: Most characters allowed in text (longer text cannot be saved).
        choices: The options of a choice or multi-choice field.
        fields: The fields of each record of a list field.
        item_label: What one record of a list is called ("Step", "Change idea").
        min_items: Fewest records needed to submit.
        max_items: Most records that can be saved.
        minimum: Smallest number allowed.
        maximum: Largest number allowed.
        whole_number: Whether a number must be a whole number.
        id_prefix: For lists whose records others link to: each record gets an ``"id"`` such as
            ``"C1"``, kept when the record is edited or moved.
        links_to: Records elsewhere that this field's value must name.
    """

    name: str
    label: str
    hint: str
    type: FieldType
    required: bool = False
    max_length: int | None = None
    choices: tuple[Choice, ...] = ()
    fields: tuple["FieldSpec", ...] = ()
    item_label: str = ""
    min_items: int = 0
    max_items: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    whole_number: bool = False
    id_prefix: str | None = None
    links_to: LinkTarget | None = None

    def __post_init__(self) -> None:
        has_choices = self.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE)
        if has_choices != bool(self.choices):
            raise ValueError(f"{self.name}: only choice fields have choices, and they need some")
        if (self.type is FieldType.LIST) != bool(self.fields):
            raise ValueError(
                f"{self.name}: only list fields have record fields, and they need some"
            )

    @property
    def choice_values(self) -> tuple[str, ...]:
        """Return the stored values of the choices, in order."""
        return tuple(option.value for option in self.choices)

    def choice_label(self, value: str) -> str:
        """Return the words shown for a stored choice value (the value itself if unknown)."""
        return next((c.label for c in self.choices if c.value == value), value)


@dataclass(frozen=True)
class SectionSpec:
    """A group of fields shown together under a heading, with a short introduction."""

    title: str
    intro: str
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class WorksheetSpec:
    """Everything needed to draw, check and explain one kind of worksheet.

    Attributes:
        kind: Which worksheet this is.
        title: Its name as shown to learners.
        description: One or two sentences on what it is for.
        sections: Its fields, grouped as they appear on the page.
    """

    kind: WorksheetKind
    title: str
    description: str
    sections: tuple[SectionSpec, ...] = field(default_factory=tuple)

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        """Return every top-level field, in page order."""
        return tuple(spec for section in self.sections for spec in section.fields)

    def field_named(self, name: str) -> FieldSpec:
        """Return the top-level field with this name.

        Raises:
            KeyError: When the worksheet has no such field.
        """
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)


TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 4000


def text(
    name: str, label: str, hint: str, *, required: bool = False, max_length: int = TEXT_LIMIT
) -> FieldSpec:
    """Return a one-line text field."""
    return FieldSpec(name, label, hint, FieldType.TEXT, required=required, max_length=max_length)


def long_text(
    name: str, label: str, hint: str, *, required: bool = False, max_length: int = LONG_TEXT_LIMIT
) -> FieldSpec:
    """Return a paragraph field."""
    return FieldSpec(
        name, label, hint, FieldType.LONG_TEXT, required=required, max_length=max_length
    )


def choice(
    name: str,
    label: str,
    hint: str,
    options: tuple[tuple[str, str], ...],
    *,
    required: bool = False,
) -> FieldSpec:
    """Return a pick-one field from `(value, label)` pairs."""
    choices = tuple(Choice(value, words) for value, words in options)
    return FieldSpec(name, label, hint, FieldType.CHOICE, required=required, choices=choices)


def multi_choice(
    name: str,
    label: str,
    hint: str,
    options: tuple[tuple[str, str], ...],
    *,
    required: bool = False,
) -> FieldSpec:
    """Return a pick-any field from `(value, label)` pairs."""
    choices = tuple(Choice(value, words) for value, words in options)
    return FieldSpec(name, label, hint, FieldType.MULTI_CHOICE, required=required, choices=choices)


def date_field(name: str, label: str, hint: str, *, required: bool = False) -> FieldSpec:
    """Return a calendar-date field."""
    return FieldSpec(name, label, hint, FieldType.DATE, required=required)


def tick(name: str, label: str, hint: str) -> FieldSpec:
    """Return a yes/no tick box (never required: unticked is an answer)."""
    return FieldSpec(name, label, hint, FieldType.TICK)
