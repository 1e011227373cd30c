"""The driver diagram as a tree: aim, primary drivers, secondary drivers, change ideas.

A driver diagram is a project's theory of change (qi.md 2.3): the aim, the few big factors
that must be true to reach it (primary drivers), the more specific factors under each
(secondary drivers) and the changes that could be tested to move them (change ideas). The
worksheet stores it as nested lists; `driver_outline` turns it into a tree of `OutlineItem`s
that the page shows as nested lists (the text version of the drawing, which
`diagrams_driver` renders), and `change_ideas` lists the ideas with their ids for PDSA cycles
to link to.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from lti_qi.domain.values import join_words, shorten


class DriverLevel(StrEnum):
    """The four columns of a driver diagram, left to right."""

    AIM = "aim"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    CHANGE_IDEA = "change_idea"

    @property
    def label(self) -> str:
        """Return the level's name as a column heading ("Primary drivers")."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    DriverLevel.AIM: "Aim",
    DriverLevel.PRIMARY: "Primary drivers",
    DriverLevel.SECONDARY: "Secondary drivers",
    DriverLevel.CHANGE_IDEA: "Change ideas",
}
_CHILDREN = {
    DriverLevel.AIM: ("primary_drivers", DriverLevel.PRIMARY),
    DriverLevel.PRIMARY: ("secondary_drivers", DriverLevel.SECONDARY),
    DriverLevel.SECONDARY: ("change_ideas", DriverLevel.CHANGE_IDEA),
}


@dataclass(frozen=True)
class OutlineItem:
    """One box of the driver diagram with the boxes it leads to.

    Attributes:
        level: Which column it sits in.
        id: Its id (``"P1"``, ``"S2"``, ``"C3"``); blank for the aim.
        text: What it says.
        children: The items in the next column that it leads to.
        is_first_test: For change ideas: whether the team chose it to test first.
    """

    level: DriverLevel
    id: str
    text: str
    children: tuple["OutlineItem", ...] = ()
    is_first_test: bool = False

    def walk(self) -> list["OutlineItem"]:
        """Return this item and everything under it, depth first."""
        return [self, *(item for child in self.children for item in child.walk())]


@dataclass(frozen=True)
class ChangeIdea:
    """A change idea with the drivers it sits under, for linking and listing."""

    id: str
    text: str
    secondary: str
    primary: str
    is_first_test: bool


def driver_outline(document: Mapping[str, object]) -> OutlineItem:
    """Return the driver diagram as a tree rooted at the aim (entries without text are left out)."""
    aim = document.get("aim")
    return OutlineItem(
        DriverLevel.AIM,
        "",
        aim if isinstance(aim, str) else "",
        _children(document, DriverLevel.AIM),
    )


def _children(record: Mapping[str, object], level: DriverLevel) -> tuple[OutlineItem, ...]:
    if level not in _CHILDREN:
        return ()
    key, child_level = _CHILDREN[level]
    entries = record.get(key)
    if not isinstance(entries, list):
        return ()
    return tuple(
        OutlineItem(
            child_level,
            str(entry.get("id", "")),
            entry["text"],
            _children(entry, child_level),
            entry.get("test_first") is True,
        )
        for entry in entries
        if isinstance(entry, Mapping) and isinstance(entry.get("text"), str)
    )


def change_ideas(document: Mapping[str, object]) -> list[ChangeIdea]:
    """Return every change idea on the diagram, in order, with its drivers' texts."""
    return [
        ChangeIdea(idea.id, idea.text, secondary.text, primary.text, idea.is_first_test)
        for primary in driver_outline(document).children
        for secondary in primary.children
        for idea in secondary.children
    ]


def describe_driver_diagram(outline: OutlineItem, limit: int = 1500) -> str:
    """Return the diagram in words: its aim, its counts, then each driver and its ideas."""
    items = outline.walk()
    count = {level: sum(item.level is level for item in items) for level in DriverLevel}
    if not outline.text and not outline.children:
        return "The driver diagram is empty so far: add your aim and your primary drivers."
    aim = f"“{shorten(outline.text, 200)}”" if outline.text else "an aim still to be written"
    sentences = [
        f"Driver diagram for {aim}. It has {_count(count[DriverLevel.PRIMARY], 'primary driver')}, "
        f"{_count(count[DriverLevel.SECONDARY], 'secondary driver')} and "
        f"{_count(count[DriverLevel.CHANGE_IDEA], 'change idea')}."
    ]
    sentences += [_describe_primary(number, p) for number, p in enumerate(outline.children, 1)]
    text = " ".join(sentences)
    if len(text) > limit:
        text = shorten(text, limit) + " The full diagram is in the outline beside it."
    return text


def _describe_primary(number: int, primary: OutlineItem) -> str:
    opening = f"Primary driver {number}: “{shorten(primary.text, 100)}”"
    if not primary.children:
        return f"{opening}, with no secondary drivers yet."
    noun = "secondary driver" if len(primary.children) == 1 else "secondary drivers"
    return f"{opening}, with {noun} {join_words([_describe(s) for s in primary.children])}."


def _describe(secondary: OutlineItem) -> str:
    words = f"“{shorten(secondary.text, 80)}”"
    if secondary.children:
        ideas = join_words([f"“{shorten(idea.text, 60)}”" for idea in secondary.children])
        noun = "change idea" if len(secondary.children) == 1 else "change ideas"
        words += f" ({noun}: {ideas})"
    return words


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def driver_diagram_feedback(document: Mapping[str, object]) -> list[str]:
    """Return advice on a driver diagram that the form's required fields cannot give."""
    outline = driver_outline(document)
    primaries = outline.children
    advice = []
    if primaries and not 3 <= len(primaries) <= 5:
        advice.append(
            f"You have {_count(len(primaries), 'primary driver')}. Most aims need three to five: "
            "enough to cover the big factors, few enough to focus on."
        )
    bare = [s for p in primaries for s in p.children if not s.children]
    if bare:
        names = join_words([f"“{shorten(s.text, 60)}”" for s in bare])
        advice.append(f"Add at least one change idea for {names}, or say why there is none yet.")
    ideas = change_ideas(document)
    if ideas and not any(idea.is_first_test for idea in ideas):
        advice.append("Tick the one or two change ideas you will test first, and say why.")
    return advice


def idea_labels(ideas: Sequence[ChangeIdea]) -> dict[str, str]:
    """Return each change idea's id with the words a PDSA form shows for it ("C3: ...")."""
    return {idea.id: f"{idea.id}: {shorten(idea.text, 80)}" for idea in ideas}
