"""Reading an aim statement: its parts, its numbers, and the sentence they make.

An aim follows the fill-in template (qi.md 2.2): "To increase / decrease [measure] from
[baseline] to [target] by [date] in [population]". `AimParts` holds those parts as the aim
builder collects them; `parse_aim_text` finds them in an aim written freely, as well as simple
rules can: it expects the template's words (a direction verb, "from ... to ...", "by" and a
date, a place after "in", "on", "at" or "for") and leaves a part blank when it cannot find it,
so the checker asks for it rather than guessing.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from lti_qi.domain.values import find_date, format_date, parse_date

INCREASE_WORDS = ("increase", "raise", "boost", "grow", "double")
DECREASE_WORDS = ("decrease", "reduce", "lower", "cut", "halve", "minimise", "minimize")
PREPOSITIONS = ("in", "on", "at", "for", "among", "amongst", "across", "within", "throughout")

_VERB = re.compile(r"\b(" + "|".join(INCREASE_WORDS + DECREASE_WORDS) + r")\w*", re.IGNORECASE)
_CLAUSE_END = (
    r"(?=\s+(?:by|before|until|within|in|on|at|for|among|across|over)\b|[,;]|\.(?:\s|$)|$)"
)
_RATIO = r"\d+(?:\.\d+)?\s+in\s+\d+(?:\.\d+)?"
_FROM_TO = re.compile(
    rf"\bfrom\s+(?P<baseline>{_RATIO}|.+?)\s+to\s+(?P<target>{_RATIO}|.+?){_CLAUSE_END}",
    re.IGNORECASE,
)
_TO_ONLY = re.compile(rf"\s(?:up |down )?to\s+(?P<target>{_RATIO}|\d.*?){_CLAUSE_END}", re.I)
_BY = re.compile(
    rf"\b(?:by|before|until|no later than|within(?=\s+\w+\s+(?:day|week|month|year)))"
    rf"\s+(?!\w+ing\b)(?P<when>.+?){_CLAUSE_END}",
    re.IGNORECASE,
)
_PLACE = re.compile(r"(?:" + "|".join(PREPOSITIONS) + r")\s+\S", re.IGNORECASE)
_QUANTITY = re.compile(
    r"(?P<number>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<percent>%|per\s?cent\b)?",
    re.IGNORECASE,
)
_ESTIMATE = re.compile(r"estimat|approx|about|around|roughly|~", re.IGNORECASE)
_UNIT_WORDS = {"mins": "minute", "min": "minute", "hrs": "hour", "hr": "hour"}


@dataclass(frozen=True)
class AimParts:
    """The parts of an aim, as typed in the aim builder (any may be blank).

    Attributes:
        direction: ``"increase"`` or ``"decrease"``.
        measure: What will be measured.
        baseline: The value now, with its unit ("20%", "45 minutes (estimate)").
        target: The value wanted, in the same unit.
        by_date: When, as an ISO date or as typed.
        population: For whom or where ("on Ward 7").
        text: The aim written freely, if the learner wrote one; blank parts are looked for here.
        quality_dimensions: The STEEEP dimensions the learner chose, if any.
    """

    direction: str = ""
    measure: str = ""
    baseline: str = ""
    target: str = ""
    by_date: str = ""
    population: str = ""
    text: str = ""
    quality_dimensions: tuple[str, ...] = ()

    @classmethod
    def from_document(cls, document: Mapping[str, object]) -> "AimParts":
        """Return the parts held by an aim statement worksheet document."""

        def get(key: str) -> str:
            value = document.get(key)
            return value.strip() if isinstance(value, str) else ""

        dimensions = document.get("quality_dimensions")
        chosen = dimensions if isinstance(dimensions, list) else []
        return cls(
            direction=get("direction"),
            measure=get("measure"),
            baseline=get("baseline"),
            target=get("target"),
            by_date=get("target_date"),
            population=get("population"),
            text=get("aim_text"),
            quality_dimensions=tuple(d for d in chosen if isinstance(d, str)),
        )

    def filled_from_text(self) -> "AimParts":
        """Return these parts with blanks filled from the free text, where it has them."""
        if not self.text:
            return self
        found = parse_aim_text(self.text)
        names = ("direction", "measure", "baseline", "target", "by_date", "population")
        return replace(self, **{n: getattr(self, n) or getattr(found, n) for n in names})


@dataclass(frozen=True)
class Quantity:
    """A number read from a baseline or target, with its unit ("%" or words) if any."""

    value: float
    unit: str
    is_estimate: bool


def parse_quantity(typed: str) -> Quantity | None:
    """Return the number in a baseline or target ("20%", "1 in 5", "45 mins"), or None.

    "1 in 5" is read as 20%. The unit is "%" for percentages, otherwise the first word after
    the number ("minutes"), with common short forms written out.
    """
    estimate = bool(_ESTIMATE.search(typed))
    ratio = re.search(r"(\d+(?:\.\d+)?)\s+in\s+(\d+(?:\.\d+)?)", typed)
    if ratio and float(ratio.group(2)) > 0:
        return Quantity(100 * float(ratio.group(1)) / float(ratio.group(2)), "%", estimate)
    match = _QUANTITY.search(typed)
    if match is None:
        return None
    value = float(match.group("number").replace(",", ""))
    if match.group("percent"):
        return Quantity(value, "%", estimate)
    following = re.match(r"\s*(per\s+[a-z]+|[a-z]+)", typed[match.end() :], re.IGNORECASE)
    word = following.group(1).lower() if following else ""
    word = _UNIT_WORDS.get(word, word.removesuffix("s")) if word != "estimate" else ""
    return Quantity(value, word, estimate)


def parse_aim_text(text: str) -> AimParts:
    """Return the parts of an aim found in free text; parts not found are left blank."""
    text = " ".join(text.split())
    verb = _VERB.search(text)
    direction = _direction(verb.group(1)) if verb else ""
    numbers = _FROM_TO.search(text) or _TO_ONLY.search(text)
    when = _when(text)
    measure_start = verb.end() if verb else 0
    measure_end = numbers.start() if numbers else (when[1] if when else len(text))
    measure = text[measure_start:measure_end].strip(" ,.") if verb else ""
    groups = numbers.groupdict() if numbers else {}
    return AimParts(
        direction=direction,
        measure=measure,
        baseline=(groups.get("baseline") or "").strip(),
        target=(groups.get("target") or "").strip(),
        by_date=when[0] if when else "",
        population=_population(text, numbers.end() if numbers else measure_end, when),
    )


def _direction(verb: str) -> str:
    return "increase" if verb.lower() in INCREASE_WORDS else "decrease"


def _when(text: str) -> tuple[str, int, int] | None:
    found = find_date(text)
    if found is not None:
        start = text.find(found[1])
        return found[0].isoformat(), start, start + len(found[1])
    phrases = list(_BY.finditer(text))
    if not phrases:
        return None
    return phrases[-1].group("when"), phrases[-1].start(), phrases[-1].end()


def _population(text: str, after: int, when: tuple[str, int, int] | None) -> str:
    if when is None or when[1] < after:
        segments = [text[after:]]
    else:
        segments = [text[after : when[1]], text[when[2] :]]
    for segment in segments:
        segment = re.sub(r"\s*\b(?:by|before|until|no later than)\W*$", "", segment)
        segment = re.sub(r"^\W*(?:by|before|until)?\s*", "", segment).strip(" .,;")
        if _PLACE.match(segment):
            return segment
    return ""


def describe_date(typed: str) -> str:
    """Return a typed date written the UK way ("31 March 2027"), or as typed if it is not one."""
    parsed = parse_date(typed)
    return format_date(parsed) if parsed else typed


def compose_aim(parts: AimParts) -> str:
    """Return the aim sentence from its parts, with a [bracketed] gap for each blank part.

    For example: "To reduce falls from 12 to 6 per month by 31 March 2027 on Ward 7".
    """
    verbs = {"increase": "increase", "decrease": "reduce"}
    verb = verbs.get(parts.direction, "[increase / reduce]")
    where = parts.population or "[for whom or where]"
    if where.split(" ", 1)[0].lower() not in PREPOSITIONS and parts.population:
        where = f"in {where}"
    return (
        f"To {verb} {parts.measure or '[what you will measure]'} "
        f"from {parts.baseline or '[baseline]'} to {parts.target or '[target]'} "
        f"by {describe_date(parts.by_date) if parts.by_date else '[date]'} {where}"
    )
