"""The SMART aim checker: which parts of a good aim are there, and what to add.

SMART is usually spelled out as Specific, Measurable, Achievable, Relevant (or Realistic) and
Time-bound (qi.md 2.2). The BMJ's QIP guide says "time defined"; Doran's 1981 original was
Specific, Measurable, Assignable, Realistic, Time-related. The variants agree on what a
machine can check and what it cannot:

* Specific, Measurable and Time-bound are about the words and numbers on the page, so they are
  checked: a measure, a direction, a place or group; a baseline and a target that move the
  right way in the same unit; a real date after today. Each is *met*, *missing* or *unclear*,
  with a sentence saying what to add ("Add a date: by when do you want to reach 10%?").
* Achievable and Relevant depend on the team, the service and its patients, which no rule can
  see. They are never marked met: the learner gets questions to think about and to take to
  their mentor, with anything in the numbers worth noticing (a target of zero, a date more
  than a year away).

QIKAT-R asks the same of an aim (qi.md section 5): a system-level problem, the size and
direction of improvement, and a time frame.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from lti_qi.domain.worksheets import aims_elements
from lti_qi.domain.worksheets.aims_elements import ElementFeedback, ElementStatus, SmartElement
from lti_qi.domain.worksheets.aims_text import AimParts, compose_aim

__all__ = [
    "AimFeedback",
    "AimParts",
    "ElementFeedback",
    "ElementStatus",
    "SmartElement",
    "check_aim",
    "compose_aim",
]


@dataclass(frozen=True)
class AimFeedback:
    """Everything the checker found in an aim.

    Attributes:
        sentence: The aim as one sentence built from its parts, with a [bracketed] gap for
            each part still to fill in.
        parts: The parts as understood (free text read into parts where the builder was blank).
        elements: One finding for each SMART element, in SMART order.
    """

    sentence: str
    parts: AimParts
    elements: tuple[ElementFeedback, ...]

    @property
    def is_complete(self) -> bool:
        """Return whether every element a machine can check is met."""
        return all(
            item.status in (ElementStatus.MET, ElementStatus.FOR_REFLECTION)
            for item in self.elements
        )

    @property
    def summary(self) -> str:
        """Return one sentence on where the aim stands."""
        to_do = [item.element.label for item in self.elements if _needs_work(item)]
        if not to_do:
            return (
                "Your aim says what, how much, by when and for whom. Now think about whether "
                "it is achievable and relevant, and talk it through with your mentor."
            )
        return f"Your aim needs more work on: {', '.join(to_do)}."

    def element(self, which: SmartElement) -> ElementFeedback:
        """Return the finding on one element."""
        return next(item for item in self.elements if item.element is which)


def check_aim(aim: AimParts | Mapping[str, object] | str, *, today: date) -> AimFeedback:
    """Check an aim for each SMART element and say what is missing and how to fix it.

    Args:
        aim: The aim builder's parts, an aim statement worksheet document, or an aim written
            freely. Blank parts are looked for in the free text.
        today: The date the aim is checked on; target dates must come after it.

    Returns:
        The aim as a sentence and a finding for each element.
    """
    if isinstance(aim, str):
        parts = AimParts(text=aim)
    elif isinstance(aim, AimParts):
        parts = aim
    else:
        parts = AimParts.from_document(aim)
    parts = parts.filled_from_text()
    findings = (
        aims_elements.specific(parts),
        aims_elements.measurable(parts),
        aims_elements.achievable(parts, today),
        aims_elements.relevant(parts),
        aims_elements.time_bound(parts, today),
    )
    return AimFeedback(compose_aim(parts), parts, findings)


def _needs_work(item: ElementFeedback) -> bool:
    return item.status in (ElementStatus.MISSING, ElementStatus.UNCLEAR)
