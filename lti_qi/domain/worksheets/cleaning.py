"""Cleaning one value of a worksheet field, as typed into a form or read back from storage.

Each cleaner returns the value to keep and, when the value cannot be saved, a sentence saying
why (without saying where: `validation` adds the place). A value that cannot be saved
is still returned as typed, so the form can show it again for the learner to correct; a blank
value comes back as None and is left out of the document.

Text loses characters that have no place in a worksheet and would break the XML of a diagram
(control characters other than line breaks and tabs, unpaired surrogates, U+FFFE and U+FFFF).
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lti_qi.domain.values import parse_date, parse_number
from lti_qi.domain.worksheets.schema import FieldSpec, FieldType

TRUE_WORDS = frozenset({"on", "true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"off", "false", "no", "n", "0"})


@dataclass(frozen=True)
class Cleaned:
    """A cleaned value (None when blank) and, if it cannot be saved, the reason in words."""

    value: object = None
    error: str | None = None


def clean_scalar(spec: FieldSpec, raw: object) -> Cleaned:
    """Return the cleaned value of any field that is not a list."""
    if raw is None:
        return Cleaned()
    return _CLEANERS[spec.type](spec, raw)


def tidy_text(raw: str, *, one_line: bool) -> str:
    """Return text without unsafe characters, trimmed; one-line text has its spaces collapsed."""
    kept = "".join(char for char in raw.replace("\r\n", "\n") if _is_kept(char))
    if one_line:
        return " ".join(kept.split())
    lines = [line.rstrip() for line in kept.replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _is_kept(char: str) -> bool:
    if char in "\n\r\t":
        return True
    return unicodedata.category(char) not in ("Cc", "Cs") and char not in "\ufffe\uffff"


def _text(spec: FieldSpec, raw: object) -> Cleaned:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        return Cleaned(error=f"“{spec.label}” could not be read as text, so it was left blank.")
    value = tidy_text(str(raw), one_line=spec.type is FieldType.TEXT)
    if not value:
        return Cleaned()
    limit = spec.max_length
    if limit is not None and len(value) > limit:
        return Cleaned(
            value,
            f"“{spec.label}” is {len(value):,} characters long; the limit is {limit:,}. "
            "Shorten it to save.",
        )
    return Cleaned(value)


def _number(spec: FieldSpec, raw: object) -> Cleaned:
    if isinstance(raw, str):
        if not raw.strip():
            return Cleaned()
        parsed = parse_number(raw)
        if parsed is None:
            return Cleaned(raw.strip(), f"“{spec.label}” must be a number, such as 12 or 4.5.")
        raw = parsed
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw:
        return Cleaned(error=f"“{spec.label}” could not be read as a number, so it was left blank.")
    return _number_in_range(spec, raw)


def _number_in_range(spec: FieldSpec, value: float) -> Cleaned:
    if abs(value) == float("inf"):
        return Cleaned(error=f"“{spec.label}” must be an ordinary number, so it was left blank.")
    if spec.whole_number and not float(value).is_integer():
        return Cleaned(value, f"“{spec.label}” must be a whole number, such as 12.")
    if spec.whole_number:
        value = int(value)
    if spec.minimum is not None and value < spec.minimum:
        return Cleaned(value, f"“{spec.label}” must be {spec.minimum:g} or more.")
    if spec.maximum is not None and value > spec.maximum:
        return Cleaned(value, f"“{spec.label}” must be {spec.maximum:g} or less.")
    return Cleaned(value)


def _date(spec: FieldSpec, raw: object) -> Cleaned:
    if isinstance(raw, date):
        return Cleaned(raw.isoformat())
    if not isinstance(raw, str):
        return Cleaned(error=f"“{spec.label}” could not be read as a date, so it was left blank.")
    typed = tidy_text(raw, one_line=True)
    if not typed:
        return Cleaned()
    parsed = parse_date(typed)
    if parsed is None:
        return Cleaned(typed, f"“{spec.label}” must be a date, such as 31/03/2027.")
    return Cleaned(parsed.isoformat())


def _choice(spec: FieldSpec, raw: object) -> Cleaned:
    if not isinstance(raw, str):
        return Cleaned(error=f"“{spec.label}” could not be read, so it was left blank.")
    typed = tidy_text(raw, one_line=True)
    if not typed:
        return Cleaned()
    matched = _match_choice(spec, typed)
    if matched is None:
        return Cleaned(typed, f"“{spec.label}”: choose one of {_options(spec)}.")
    return Cleaned(matched)


def _multi_choice(spec: FieldSpec, raw: object) -> Cleaned:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        return Cleaned(error=f"“{spec.label}” could not be read, so it was left blank.")
    typed = [tidy_text(item, one_line=True) for item in items]
    values = [_match_choice(spec, item) or item for item in typed if item]
    values = list(dict.fromkeys(values))
    unknown = [value for value in values if value not in spec.choice_values]
    if unknown:
        return Cleaned(values, f"“{spec.label}”: choose from {_options(spec)}.")
    return Cleaned(values or None)


def _tick(spec: FieldSpec, raw: object) -> Cleaned:
    word = raw.strip().lower() if isinstance(raw, str) else raw
    if word is True or word == 1 or (isinstance(word, str) and word in TRUE_WORDS):
        return Cleaned(True)
    if word is False or word in ("", 0) or (isinstance(word, str) and word in FALSE_WORDS):
        return Cleaned()
    return Cleaned(error=f"“{spec.label}” should be ticked or not; it was left unticked.")


def _match_choice(spec: FieldSpec, typed: str) -> str | None:
    wanted = typed.casefold()
    for option in spec.choices:
        if wanted in (option.value.casefold(), option.label.casefold()):
            return option.value
    return None


def _options(spec: FieldSpec) -> str:
    return ", ".join(f"“{option.label}”" for option in spec.choices)


_CLEANERS: dict[FieldType, Callable[[FieldSpec, object], Cleaned]] = {
    FieldType.TEXT: _text,
    FieldType.LONG_TEXT: _text,
    FieldType.NUMBER: _number,
    FieldType.DATE: _date,
    FieldType.CHOICE: _choice,
    FieldType.MULTI_CHOICE: _multi_choice,
    FieldType.TICK: _tick,
}
