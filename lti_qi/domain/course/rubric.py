"""The QI project review rubric mentors score at key stages.

Based on the structure of the Quality Improvement Knowledge Application Tool, revised
(QIKAT-R; Singh, Ogrinc et al., Acad Med 2014;89:1386-91): the learner's aim, measure and
change are each judged on three yes-or-no criteria, giving a total from 0 to 9. The item
wordings below are lti-qi's own paraphrase of what each part is looking for (the published
wording could not be checked); they are formative, shown to the learner with the mentor's
feedback, and never a pass mark on their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class RubricPart(StrEnum):
    """The three parts of a QI plan the rubric looks at."""

    AIM = "aim"
    MEASURE = "measure"
    CHANGE = "change"


@dataclass(frozen=True)
class RubricItem:
    """One yes-or-no criterion."""

    id: str
    part: RubricPart
    text: str


ITEMS = (
    RubricItem(
        "aim-system",
        RubricPart.AIM,
        "The aim is about a problem in the system of care, not one person's performance.",
    ),
    RubricItem(
        "aim-size", RubricPart.AIM, "The aim says how much improvement, and in which direction."
    ),
    RubricItem("aim-time", RubricPart.AIM, "The aim says by when."),
    RubricItem(
        "measure-fits", RubricPart.MEASURE, "The measure would show whether the aim is met."
    ),
    RubricItem(
        "measure-kind",
        RubricPart.MEASURE,
        "It is clear whether the measure is an outcome or a process measure.",
    ),
    RubricItem(
        "measure-feasible",
        RubricPart.MEASURE,
        "The team can collect the data with the time and access it has.",
    ),
    RubricItem("change-linked", RubricPart.CHANGE, "The change idea could plausibly move the aim."),
    RubricItem(
        "change-specific",
        RubricPart.CHANGE,
        "The change is described specifically enough to repeat.",
    ),
    RubricItem(
        "change-small", RubricPart.CHANGE, "The change can be tested on a small scale first."
    ),
)
ITEM_IDS = frozenset(item.id for item in ITEMS)


@dataclass(frozen=True)
class RubricScore:
    """A mentor's marks: which criteria were met, and the totals."""

    met: frozenset[str]

    @property
    def total(self) -> int:
        """Criteria met, out of 9."""
        return len(self.met)

    def part_total(self, part: RubricPart) -> int:
        """Criteria met within one part, out of 3."""
        return sum(1 for item in ITEMS if item.part is part and item.id in self.met)

    def items(self) -> list[tuple[RubricItem, bool]]:
        """Each criterion with whether it was met, in order."""
        return [(item, item.id in self.met) for item in ITEMS]


def score_from_answers(answers: Mapping[str, object]) -> RubricScore:
    """Build a score from form answers (``item id -> "yes"``); unknown ids are ignored."""
    return RubricScore(
        frozenset(key for key, value in answers.items() if key in ITEM_IDS and value == "yes")
    )
