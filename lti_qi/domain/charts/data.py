"""Chart input: checking the numbers, labels and phase settings a learner gives a chart.

Every chart function in this package (run charts in `runchart`, control charts in `spc`) starts
here. Bad data is reported all at once as a `ChartDataError` holding one `DataProblem` per
fault, each naming the point (1-based in the message, 0-based in `position`) so a learner can fix
the spreadsheet in one pass rather than one error at a time.

Point labels are optional. A label is a `date`, a `datetime`, an ISO 8601 date string (read as a
date) or any other text. Dated points must be strictly in time order: a repeated or earlier date
usually means a pasted row or a sorting mistake, and time order is what every run-chart and
control-chart rule depends on (Perla, Provost & Murray, BMJ Qual Saf 2011;20:46-51: "data
displayed in time order").
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import SupportsFloat, cast

from lti_qi.domain.charts.value_range import is_in_range, is_too_big, out_of_range

RawNumber = SupportsFloat | str
"""A value as a learner may supply it: a number or the text of a number."""

Label = str | date | None
"""A point label: a date (or datetime), free text, or nothing."""

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class DataProblem:
    """One fault in the data given to a chart.

    Attributes:
        position: 0-based index of the offending point, or None for a fault in the whole series.
        message: What is wrong and what to do, in plain words.
    """

    position: int | None
    message: str


class ChartDataError(ValueError):
    """The data given to a chart cannot be charted; `problems` lists every fault found."""

    def __init__(self, problems: Iterable[DataProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.message for problem in self.problems))


def raise_if_any(problems: Sequence[DataProblem]) -> None:
    """Raise a `ChartDataError` holding `problems`, if there are any.

    Raises:
        ChartDataError: When `problems` is not empty.
    """
    if problems:
        raise ChartDataError(problems)


def parse_values(
    raw: Sequence[RawNumber], *, what: str = "value"
) -> tuple[list[float], list[DataProblem]]:
    """Convert raw values to finite floats, collecting a problem for each one that is not.

    Args:
        raw: Numbers or numeric text, one per point.
        what: The word for a value in messages ("value", "count", "denominator").

    Returns:
        The values as floats (0.0 where a value was bad) and the problems found.
    """
    values, problems, _ = read_numbers(raw, what=what)
    return values, problems


def read_numbers(
    raw: Sequence[RawNumber], *, what: str = "value"
) -> tuple[list[float], list[DataProblem], bool]:
    """Do what `parse_values` does, and also say whether every value was given as an int.

    Values given as ints are whole numbers, so the count checks can skip testing each one.
    """
    kinds = set(map(type, raw))
    if kinds <= {int, float}:
        numbers = cast("Sequence[float]", raw)
        try:
            fast = list(numbers) if kinds == {float} else [float(n) for n in numbers]
        except OverflowError:  # an int too big for a float: the loop below names it
            pass
        else:
            if all(map(is_in_range, fast)):
                return fast, [], float not in kinds
    values: list[float] = []
    problems: list[DataProblem] = []
    for position, value in enumerate(raw):
        number = _finite_number(value)
        if number is None:
            problems.append(DataProblem(position, _not_a_number(position, what, value)))
        values.append(0.0 if number is None else number)
    return values, problems, False


def _not_a_number(position: int, what: str, value: object) -> str:
    if is_too_big(value):
        return f"Point {position + 1}: {out_of_range(what, value)}: correct it."
    is_numeric = isinstance(value, float | int) and not isinstance(value, bool)
    kind = "finite number" if is_numeric else "number"
    return f"Point {position + 1}: {what} {value!r} is not a {kind}."


def _finite_number(value: RawNumber) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if is_in_range(number) else None


def check_counts(
    values: Sequence[float], *, what: str = "count", is_known_whole: bool = False
) -> list[DataProblem]:
    """Return a problem for each value that is not a whole number of zero or more.

    Args:
        values: The counts.
        what: The word for a count in messages.
        is_known_whole: The values are known to be whole (given as ints), so only their sign
            needs checking.
    """
    if not values or (min(values) >= 0 and _are_whole(values, True, is_known_whole)):
        return []
    return [
        DataProblem(
            position,
            f"Point {position + 1}: {what} {_show(value)} is not a whole number of zero or more.",
        )
        for position, value in enumerate(values)
        if value < 0 or not value.is_integer()
    ]


def check_denominators(
    values: Sequence[float],
    *,
    what: str = "denominator",
    is_whole: bool = False,
    is_known_whole: bool = False,
) -> list[DataProblem]:
    """Return a problem for each denominator that is zero, negative or (if required) fractional.

    Args:
        values: The denominators.
        what: The word for a denominator in messages.
        is_whole: Each denominator must be a whole number.
        is_known_whole: The values are known to be whole (given as ints).
    """
    if not values or (min(values) > 0 and _are_whole(values, is_whole, is_known_whole)):
        return []
    problems = []
    for position, value in enumerate(values):
        if value <= 0:
            reason = "must be more than zero: a rate or proportion needs something to divide by"
        elif is_whole and not value.is_integer():
            reason = "must be a whole number"
        else:
            continue
        problems.append(
            DataProblem(position, f"Point {position + 1}: {what} {_show(value)} {reason}.")
        )
    return problems


def _are_whole(values: Sequence[float], is_required: bool, is_known_whole: bool) -> bool:
    return not is_required or is_known_whole or all(map(float.is_integer, values))


def check_same_length(
    first: Sequence[object], second: Sequence[object], names: tuple[str, str]
) -> list[DataProblem]:
    """Return a problem when two parallel series differ in length."""
    if len(first) == len(second):
        return []
    return [
        DataProblem(
            None,
            f"There are {len(first)} {names[0]} but {len(second)} "
            f"{names[1]}: give one of each per point.",
        )
    ]


def parse_labels(
    raw: Sequence[Label] | None, count: int
) -> tuple[tuple[Label, ...] | None, list[DataProblem]]:
    """Read point labels, turning ISO date strings into dates and checking dates are in order.

    Args:
        raw: One label per point, or None for no labels.
        count: The number of points.

    Returns:
        The labels (dates parsed) or None, and the problems found.
    """
    if raw is None:
        return None, []
    if len(raw) != count:
        message = f"There are {count} values but {len(raw)} labels: give one label per point."
        return None, [DataProblem(None, message)]
    labels = tuple(_read_label(label) for label in raw)
    return labels, _date_order_problems(labels)


def _read_label(label: Label) -> Label:
    if not isinstance(label, str):
        return label
    text = label.strip()
    try:
        return date.fromisoformat(text) if len(text) == 10 else label
    except ValueError:
        return label


def _date_order_problems(labels: Sequence[Label]) -> list[DataProblem]:
    problems = []
    previous: tuple[int, datetime] | None = None
    for position, label in enumerate(labels):
        if not isinstance(label, date):
            continue
        moment = _moment(label)
        if previous is not None and moment <= previous[1]:
            relation = "repeats the date of" if moment == previous[1] else "comes before"
            earlier = point_name(labels, previous[0])
            message = (
                f"{sentence_start(point_name(labels, position))} {relation} {earlier}: put the "
                "points in time order, one per date."
            )
            problems.append(DataProblem(position, message))
        previous = (position, moment)
    return problems


def _moment(label: date) -> datetime:
    if isinstance(label, datetime):
        is_aware = label.utcoffset() is not None
        return label.astimezone(UTC).replace(tzinfo=None) if is_aware else label
    return datetime.combine(label, time())


def format_label(label: Label) -> str:
    """Return a label as a reader sees it: dates as "3 March 2026", text as given."""
    if isinstance(label, datetime):
        return f"{label.day} {MONTHS[label.month - 1]} {label.year} {label:%H:%M}"
    if isinstance(label, date):
        return f"{label.day} {MONTHS[label.month - 1]} {label.year}"
    return "" if label is None else str(label)


def point_name(labels: Sequence[Label] | None, position: int) -> str:
    """Return "point 7" or, with a label, "point 7 (3 March 2026)"."""
    text = format_label(labels[position]) if labels is not None else ""
    return f"point {position + 1} ({text})" if text else f"point {position + 1}"


def sentence_start(text: str) -> str:
    """Return `text` with its first letter in capitals ("point 4" becomes "Point 4")."""
    return text[:1].upper() + text[1:]


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)
