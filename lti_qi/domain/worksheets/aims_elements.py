"""The five SMART elements, and the check (or the prompt to reflect) for each one.

`aims.check_aim` runs these in order; see its module docstring for what is checked and why
Achievable and Relevant are questions for the learner rather than verdicts.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from lti_qi.domain.values import find_date, format_date, join_words, parse_date
from lti_qi.domain.worksheets.aims_text import AimParts, Quantity, parse_quantity

_IMPROVE = re.compile(r"\bimprov", re.IGNORECASE)
_SOLUTION = re.compile(r"\b(?:by|through|with)\s+(?:\w+ing)\b[^.,;]*", re.IGNORECASE)
_DIMENSIONS = {
    "safe": "safe",
    "timely": "timely",
    "effective": "effective",
    "efficient": "efficient",
    "equitable": "equitable",
    "patient_centred": "patient-centred",
}


class SmartElement(StrEnum):
    """The five elements of a SMART aim."""

    SPECIFIC = "specific"
    MEASURABLE = "measurable"
    ACHIEVABLE = "achievable"
    RELEVANT = "relevant"
    TIME_BOUND = "time_bound"

    @property
    def label(self) -> str:
        """Return the element's name as shown ("Time-bound")."""
        return self.value.replace("_", "-").capitalize()


class ElementStatus(StrEnum):
    """What the checker found for one element."""

    MET = "met"
    MISSING = "missing"
    UNCLEAR = "unclear"
    FOR_REFLECTION = "for_reflection"
    """Cannot be judged by a machine: for the learner and their mentor to think about."""

    @property
    def label(self) -> str:
        """Return the status in words, for a badge beside the element."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ElementStatus.MET: "There",
    ElementStatus.MISSING: "Missing",
    ElementStatus.UNCLEAR: "Needs work",
    ElementStatus.FOR_REFLECTION: "For you and your mentor to judge",
}


@dataclass(frozen=True)
class ElementFeedback:
    """The checker's finding on one SMART element, with what to do next."""

    element: SmartElement
    status: ElementStatus
    message: str


def specific(parts: AimParts) -> ElementFeedback:
    """Check that the aim names a measure, a direction and a place or group."""
    gaps = []
    if not parts.measure:
        gaps.append(
            "Say what you will measure, as something you can count: for example “the "
            "percentage of lunch trays returned untouched”."
        )
    if not parts.direction:
        gaps.append(_direction_gap(parts))
    if not parts.population:
        gaps.append(
            "Add where and for whom: for example “on Ward 7” or “for adults attending the "
            "diabetes clinic”."
        )
    solution = _SOLUTION.search(parts.text)
    if solution:
        gaps.append(
            f"“{solution.group(0).strip()}” describes a change, not a result. Keep the aim "
            "about the result, and put the change on your driver diagram."
        )
    return ElementFeedback(SmartElement.SPECIFIC, *_specific_verdict(parts, gaps))


def _direction_gap(parts: AimParts) -> str:
    if _IMPROVE.search(parts.text):
        return (
            "“Improve” does not say which way the number should move: say “increase” or “reduce”."
        )
    return f"Say whether you want {parts.measure or 'the measure'} to increase or decrease."


def _specific_verdict(parts: AimParts, gaps: list[str]) -> tuple[ElementStatus, str]:
    if not gaps:
        verb = "increase" if parts.direction == "increase" else "reduce"
        return ElementStatus.MET, (
            f"It says what will change ({parts.measure}), which way ({verb}) and for whom or "
            f"where ({parts.population})."
        )
    if not (parts.measure or parts.direction or parts.population):
        return ElementStatus.MISSING, " ".join(gaps)
    return ElementStatus.UNCLEAR, " ".join(gaps)


def measurable(parts: AimParts) -> ElementFeedback:
    """Check for a baseline and a target that are numbers, in one unit, moving the right way."""
    if not parts.baseline and not parts.target:
        message = (
            "Add numbers: where you are now and where you want to be, for example “from 20% "
            "to 10%”."
        )
        return ElementFeedback(SmartElement.MEASURABLE, ElementStatus.MISSING, message)
    baseline, target = parse_quantity(parts.baseline), parse_quantity(parts.target)
    gaps = _number_gaps(parts, baseline, target)
    if gaps or baseline is None or target is None:
        return ElementFeedback(SmartElement.MEASURABLE, ElementStatus.UNCLEAR, " ".join(gaps))
    message = (
        f"It has a starting point ({parts.baseline}) and a target ({parts.target}), so you "
        "will know when you have got there."
    )
    if baseline.is_estimate:
        message += " Your baseline is an estimate: check it with data before you test changes."
    return ElementFeedback(SmartElement.MEASURABLE, ElementStatus.MET, message)


def _number_gaps(parts: AimParts, baseline: Quantity | None, target: Quantity | None) -> list[str]:
    measure = parts.measure or "the measure"
    gaps = []
    if not parts.baseline:
        gaps.append(
            f"Add your starting point (baseline): what is {measure} now? If you do not know "
            "yet, give your best estimate and add “(estimate)”."
        )
    elif baseline is None:
        gaps.append(f"Your baseline “{parts.baseline}” needs a number, such as “20%”.")
    if not parts.target:
        gaps.append(f"Add a target: what do you want {measure} to be?")
    elif target is None:
        gaps.append(f"Your target “{parts.target}” needs a number, such as “10%”.")
    if baseline is not None and target is not None:
        gaps += _consistency_gaps(parts, baseline, target)
    return gaps


def _consistency_gaps(parts: AimParts, baseline: Quantity, target: Quantity) -> list[str]:
    gaps = [
        f"A percentage cannot be more than 100%: check “{typed}”."
        for typed, quantity in ((parts.baseline, baseline), (parts.target, target))
        if quantity.unit == "%" and quantity.value > 100
    ]
    if baseline.unit and target.unit and baseline.unit != target.unit:
        gaps.append(
            f"Your baseline ({parts.baseline}) and target ({parts.target}) are in different "
            "units: use the same unit for both."
        )
    elif baseline.value == target.value:
        gaps.append("Your target is the same as your baseline: choose one that would be better.")
    elif parts.direction and (target.value > baseline.value) != (parts.direction == "increase"):
        verb, way = ("reduce", "higher") if parts.direction == "decrease" else ("increase", "lower")
        gaps.append(
            f"You want to {verb} {parts.measure or 'the measure'}, but your target "
            f"({parts.target}) is {way} than your baseline ({parts.baseline}). Check the "
            "numbers, or the direction."
        )
    return gaps


def time_bound(parts: AimParts, today: date) -> ElementFeedback:
    """Check for a real calendar date after today."""
    if not parts.by_date:
        goal = parts.target or "your target"
        message = f"Add a date: by when do you want to reach {goal}?"
        return ElementFeedback(SmartElement.TIME_BOUND, ElementStatus.MISSING, message)
    when = target_date(parts)
    if when is None:
        example = format_date(today + timedelta(days=120))
        message = (
            f"“{parts.by_date}” is not a calendar date. Give a date, such as {example}, so "
            "everyone knows when to check."
        )
        return ElementFeedback(SmartElement.TIME_BOUND, ElementStatus.UNCLEAR, message)
    if when <= today:
        message = (
            f"{format_date(when)} is not in the future. Choose a date after today, usually "
            "three to six months away."
        )
        return ElementFeedback(SmartElement.TIME_BOUND, ElementStatus.UNCLEAR, message)
    message = f"It has a date: {format_date(when)}."
    return ElementFeedback(SmartElement.TIME_BOUND, ElementStatus.MET, message)


def target_date(parts: AimParts) -> date | None:
    """Return the aim's date, if its date part is a calendar date."""
    found = find_date(parts.by_date)
    return parse_date(parts.by_date) or (found[0] if found else None)


def achievable(parts: AimParts, today: date) -> ElementFeedback:
    """Prompt the learner to judge whether the target is within reach (no verdict)."""
    if parts.baseline and parts.target:
        question = f"can your team get from {parts.baseline} to {parts.target}"
    else:
        question = "can your team reach the target"
    when = target_date(parts)
    deadline = f" by {format_date(when)}" if when else ""
    notes = [
        "A computer cannot tell whether this is achievable. Ask yourself, your team and your "
        f"mentor: {question}{deadline}, with the time and help you have?"
    ]
    notes += _achievable_notes(parts, today, when)
    return ElementFeedback(SmartElement.ACHIEVABLE, ElementStatus.FOR_REFLECTION, " ".join(notes))


def _achievable_notes(parts: AimParts, today: date, when: date | None) -> list[str]:
    notes = []
    target = parse_quantity(parts.target)
    extreme = target is not None and (
        (target.value == 0 and parts.direction == "decrease")
        or (target.value == 100 and target.unit == "%" and parts.direction == "increase")
    )
    if extreme:
        notes.append(
            f"A target of {parts.target} is rarely reached within months; a smaller first step "
            "may be more realistic."
        )
    days = (when - today).days if when else None
    if days is not None and 0 < days < 28:
        notes.append("Your date is less than four weeks away: is that long enough to test changes?")
    if days is not None and days > 366:
        notes.append(
            "Your date is more than a year away. Most project aims look three to six months "
            "ahead: consider a nearer first aim."
        )
    return notes


def relevant(parts: AimParts) -> ElementFeedback:
    """Prompt the learner to judge whether the aim matters (no verdict)."""
    message = (
        "A computer cannot tell whether this matters. Does it matter to patients and the "
        "people who use the service, and does it fit your team's and organisation's "
        "priorities? Talk it through with your mentor and, if you can, a patient or carer."
    )
    chosen = [_DIMENSIONS[d] for d in parts.quality_dimensions if d in _DIMENSIONS]
    if chosen:
        message += f" You said it is mainly about care being {join_words(chosen)}."
    else:
        message += (
            " Naming the parts of quality it is about (safe, timely, effective, efficient, "
            "equitable, patient-centred) helps you explain why it matters."
        )
    return ElementFeedback(SmartElement.RELEVANT, ElementStatus.FOR_REFLECTION, message)
