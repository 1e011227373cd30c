"""A measure's data as the page's table sends it back: numbered rows of cells.

The data table names its inputs by row position (``points.3.value``), so the form arrives as
rows keyed by position. A form the page could not have sent (a position that is not a number, a
row that is one value instead of cells, a cell sent twice) is refused with the row named, and
nothing is saved. Within those limits, cells are kept as the learner typed them, with numbers
read as numbers, so a table that cannot be charted yet is never lost: the chart page says what
to fix.
"""

from collections.abc import Mapping
from typing import Any

from lti_qi.domain.charts.measure_data import (
    MAX_LABEL_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_POINTS,
    normalised_label,
    parse_number,
)
from lti_qi.domain.charts.value_range import is_in_range

POINT_FIELDS = ("label", "value", "numerator", "denominator", "note")
"""The cells of a row the chart uses; any other cell is ignored."""

FLAGS = ("excluded", "astronomical")
"""Tick boxes of a row: leave the point out of the calculations; the team marks it astronomical."""

MAX_POSITION_DIGITS = 6
"""A row position longer than this cannot come from the page (it shows at most 1,003 rows)."""

RELOAD = "Reload the page and enter the data again; nothing was saved."


def points_from_rows(rows: object) -> tuple[list[dict[str, Any]], list[str]]:
    """Return the table's rows with something in them as points, in row order.

    Args:
        rows: The decoded ``points`` part of the form: row position to cells.

    Returns:
        The points (cleaned, see `clean_point`) and what is wrong with the form; when anything
        is wrong, no points.
    """
    if not isinstance(rows, Mapping):
        return [], [f"The data table did not arrive as rows of cells. {RELOAD}"]
    bad = [str(key)[:20] for key in rows if not _is_position(key)]
    if bad:
        return [], [f"“{key}” is not a row number of the data table. {RELOAD}" for key in bad]
    if len(rows) > MAX_POINTS + 3:
        return [], [f"At most {MAX_POINTS} points fit on one chart; the table had {len(rows)}."]
    ordered = [rows[key] for key in sorted(rows, key=int)]
    problems = [problem for number, row in enumerate(ordered, 1) for problem in _row(number, row)]
    if problems:
        return [], problems
    return [clean_point(row) for row in ordered if has_content(row)], []


def clean_point(point: Mapping[str, Any]) -> dict[str, Any]:
    """Return a point as it is stored: numbers as numbers, dates as ISO dates, flags as booleans."""
    cleaned: dict[str, Any] = {field: _number_or_text(point.get(field)) for field in POINT_FIELDS}
    cleaned["label"] = normalised_label(str(point.get("label") or ""))[:MAX_LABEL_LENGTH]
    cleaned["note"] = str(point.get("note") or "")[:MAX_NOTE_LENGTH]
    for flag in FLAGS:
        cleaned[flag] = bool(point.get(flag))
    return cleaned


def has_content(point: Mapping[str, Any]) -> bool:
    """Whether any cell of the point holds something other than spaces."""
    return any(str(point.get(field) or "").strip() for field in POINT_FIELDS)


def _is_position(key: object) -> bool:
    return (
        isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= MAX_POSITION_DIGITS
    )


def _row(number: int, row: object) -> list[str]:
    if not isinstance(row, Mapping):
        return [f"Row {number} arrived as one value instead of cells. {RELOAD}"]
    problems = [
        f"Row {number}: the {field} was sent more than once. {RELOAD}"
        for field in (*POINT_FIELDS, *FLAGS)
        if not isinstance(row.get(field, ""), str)
    ]
    if any("\x00" in str(row.get(field, "")) for field in POINT_FIELDS):
        problems.append(f"Row {number} holds a character that cannot be saved (NUL). {RELOAD}")
    if problems:
        return problems
    if len(str(row.get("label", "")).strip()) > MAX_LABEL_LENGTH:
        problems.append(
            f"Row {number}: the date or label is longer than {MAX_LABEL_LENGTH} characters; "
            "shorten it (put longer text in the note)."
        )
    if len(str(row.get("note", ""))) > MAX_NOTE_LENGTH:
        problems.append(f"Row {number}: the note is longer than {MAX_NOTE_LENGTH} characters.")
    return problems


def _number_or_text(value: Any) -> Any:
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value).strip()
    number = parse_number(text)
    if number is not None and is_in_range(number):
        return number
    return text or None
