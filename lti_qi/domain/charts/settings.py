"""A measure's chart settings as the settings form sends them, checked before anything is saved.

The settings are what each value is (`DataKind`), the chart (`Chart`), the rule set (IHI or
Anhøj), a unit for the title, the number of baseline points the centre line is frozen on, and
the point numbers where new phases start (1-based, as the chart shows them; stored 0-based, as
the chart functions take them). Every problem is reported at once, in words a learner can act on.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from lti_qi.domain.charts.choice import DataKind
from lti_qi.domain.charts.measure_data import MAX_POINTS, Chart

RULE_SETS = ("ihi", "anhoej")
MAX_UNIT_LENGTH = 100

Choice = TypeVar("Choice", DataKind, Chart)


@dataclass(frozen=True)
class ChartSettings:
    """Checked chart settings, ready to store."""

    data_kind: DataKind
    chart: Chart
    rules: str
    unit: str
    freeze: int | None
    phase_starts: list[int]


def read_settings(
    form: Mapping[str, object],
) -> tuple[ChartSettings | None, list[tuple[str, str]]]:
    """Check the settings form; return the settings, or None and every (field, problem) found."""
    kind = _choice(form, "data_kind", DataKind)
    chart = _choice(form, "chart", Chart)
    rules = _text(form, "rules") or "ihi"
    freeze, freeze_problem = _whole_number(_text(form, "freeze"))
    starts, starts_problem = _phase_starts(_text(form, "phase_starts"))
    problems = [
        (field, problem)
        for field, problem in (
            ("data_kind", None if kind else "Choose what each value of this measure is."),
            ("chart", None if chart else "Choose one of the charts in the list."),
            ("rules", None if rules in RULE_SETS else "Choose the IHI rules or the Anhøj rules."),
            ("freeze", freeze_problem),
            ("phase_starts", starts_problem),
        )
        if problem
    ]
    if problems or kind is None or chart is None:
        return None, problems
    unit = _text(form, "unit")[:MAX_UNIT_LENGTH]
    return ChartSettings(kind, chart, rules, unit, freeze, starts), []


def _text(form: Mapping[str, object], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _choice(form: Mapping[str, object], name: str, enum: type[Choice]) -> Choice | None:
    text = _text(form, name)
    return enum(text) if text in {member.value for member in enum} else None


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= len(str(MAX_POINTS))


def _whole_number(text: str) -> tuple[int | None, str | None]:
    if not text:
        return None, None
    if not _is_number(text) or not 1 <= int(text) <= MAX_POINTS:
        return None, f"The number of baseline points must be a whole number from 1 to {MAX_POINTS}."
    return int(text), None


def _phase_starts(text: str) -> tuple[list[int], str | None]:
    """Read '13, 25' (point numbers as on the chart) into 0-based phase starts."""
    numbers = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    if not all(_is_number(number) and 2 <= int(number) <= MAX_POINTS for number in numbers):
        return [], (
            "New phases start at point numbers of 2 or more, separated by commas "
            "(for example: 13, 25)."
        )
    return sorted({int(number) - 1 for number in numbers}), None
