"""Reading numbers and dates as people type them, and writing dates the UK way.

Form inputs arrive as strings. Dates may be ISO (``2027-03-31``, what a browser's date input
sends), day/month/year with slashes (``31/03/2027``, the UK order; never month first), or in
words (``31 March 2027``, ``31st Mar 2027``, ``March 2027``). A month without a day means the
end of that month, which is what "by March 2027" means in an aim.
"""

import calendar
import math
import re
from collections.abc import Sequence
from datetime import date

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{4})")
DATE_PATTERN = re.compile(
    "|".join(
        f"(?:{pattern.pattern})"
        for pattern in (_ISO, _SLASHED, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_YEAR)
    ),
    re.IGNORECASE,
)
"""Finds a date written in any of the accepted ways inside longer text."""


def parse_number(text: str) -> float | int | None:
    """Return the number a whole string spells (``"1,250"``, ``" 12.5 "``), or None.

    Whole numbers come back as int. Infinity and not-a-number are not numbers here.
    """
    cleaned = text.strip()
    if not _NUMBER.fullmatch(cleaned):
        return None
    value = float(cleaned.replace(",", ""))
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and "." not in cleaned else value


def parse_date(text: str) -> date | None:
    """Return the date a whole string spells in any accepted form, or None if it is not one."""
    cleaned = " ".join(text.strip().lower().split())
    for pattern, reader in _READERS:
        match = pattern.fullmatch(cleaned)
        if match:
            return reader(match.groups())
    return None


def find_date(text: str) -> tuple[date, str] | None:
    """Return the first real date inside longer text and the words that spelled it, or None."""
    for match in DATE_PATTERN.finditer(text):
        found = parse_date(match.group(0))
        if found is not None:
            return found, match.group(0)
    return None


def format_date(value: date) -> str:
    """Return a date as people in the UK write it: ``31 March 2027``."""
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def join_words(words: Sequence[str], conjunction: str = "and") -> str:
    """Return words as a list in a sentence: ``"A"``, ``"A and B"``, ``"A, B and C"``."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def shorten(text: str, limit: int = 80) -> str:
    """Return text on one line, cut to `limit` characters at a word break with "…" if cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:") + "…"


def _make(year: int, month: int, day: int | None) -> date | None:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, last)
    return date(year, month, day) if 1 <= day <= last else None


def _iso(parts: tuple[str, ...]) -> date | None:
    return _make(int(parts[0]), int(parts[1]), int(parts[2]))


def _slashed(parts: tuple[str, ...]) -> date | None:
    year = int(parts[2]) + (2000 if len(parts[2]) == 2 else 0)
    return _make(year, int(parts[1]), int(parts[0]))


def _day_month_year(parts: tuple[str, ...]) -> date | None:
    month = MONTHS.get(parts[1])
    return _make(int(parts[2]), month, int(parts[0])) if month else None


def _month_day_year(parts: tuple[str, ...]) -> date | None:
    month = MONTHS.get(parts[0])
    return _make(int(parts[2]), month, int(parts[1])) if month else None


def _month_year(parts: tuple[str, ...]) -> date | None:
    month = MONTHS.get(parts[0])
    return _make(int(parts[1]), month, None) if month else None


_READERS = (
    (_ISO, _iso),
    (_SLASHED, _slashed),
    (_DAY_MONTH_YEAR, _day_month_year),
    (_MONTH_DAY_YEAR, _month_day_year),
    (_MONTH_YEAR, _month_year),
)
