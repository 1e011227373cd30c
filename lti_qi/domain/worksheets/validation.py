"""Checking a worksheet document against its spec: clean it, keep what fits, explain the rest.

Worksheets are drafts for most of their life, so problems come in three strengths
(`Severity`): an *error* stops the document being saved (text over its limit, a number that is
not a number, too many entries); a *missing* part stops it being submitted for sign-off (a
required field left blank, too few entries); a *note* changes nothing (a key the worksheet does
not have was dropped). `validate_worksheet` never raises on what a learner typed.

Paths name a place in the document: ``"steps[2].who"`` is the "who" of the third step.
Messages name the same place in words ("Step 3: ...").
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lti_qi.domain.worksheets import ids as worksheet_ids
from lti_qi.domain.worksheets.cleaning import clean_scalar
from lti_qi.domain.worksheets.problems import FieldProblem, Severity
from lti_qi.domain.worksheets.registry import spec_for
from lti_qi.domain.worksheets.schema import FieldSpec, FieldType, WorksheetKind

DEFAULT_MAX_ITEMS = 100
"""Most entries in any list whose spec sets no limit: keeps documents a sensible size."""


@dataclass(frozen=True)
class ValidatedWorksheet:
    """A cleaned worksheet document and everything found while cleaning it.

    Attributes:
        kind: Which worksheet this is.
        document: The cleaned document: blanks and unknown keys left out, numbers and dates in
            their stored form, values that cannot be saved kept as typed so they can be shown
            again.
        problems: Everything to fix or know about, in page order.
        required_total: How many required top-level parts the worksheet has.
        required_done: How many of them are filled in.
    """

    kind: WorksheetKind
    document: dict[str, Any]
    problems: tuple[FieldProblem, ...]
    required_total: int
    required_done: int

    @property
    def can_save(self) -> bool:
        """Return whether the document can be saved (as a draft at least)."""
        return not any(problem.severity is Severity.ERROR for problem in self.problems)

    @property
    def can_submit(self) -> bool:
        """Return whether the document can be saved and is complete enough to submit."""
        return self.can_save and not self.missing

    @property
    def completion(self) -> float:
        """Return the share of required parts filled in, from 0 to 1."""
        return self.required_done / self.required_total if self.required_total else 1.0

    @property
    def errors(self) -> tuple[FieldProblem, ...]:
        """Return the problems that stop saving."""
        return self._of(Severity.ERROR)

    @property
    def missing(self) -> tuple[FieldProblem, ...]:
        """Return the problems that stop submitting."""
        return self._of(Severity.MISSING)

    @property
    def notes(self) -> tuple[FieldProblem, ...]:
        """Return the problems that are for information only."""
        return self._of(Severity.NOTE)

    def _of(self, severity: Severity) -> tuple[FieldProblem, ...]:
        return tuple(problem for problem in self.problems if problem.severity is severity)


def validate_worksheet(kind: WorksheetKind, data: object) -> ValidatedWorksheet:
    """Clean a worksheet document and say what stops it being saved or submitted.

    Args:
        kind: Which worksheet the document is.
        data: The document as stored or as parsed from a form (strings are fine).

    Returns:
        The cleaned document with its problems and how complete it is.
    """
    fields = spec_for(kind).fields
    problems: list[FieldProblem] = []
    if not isinstance(data, Mapping):
        problems.append(FieldProblem("", "The worksheet could not be read.", Severity.ERROR))
        data = {}
    document = _clean_record(fields, data, "", "", problems, has_id=False)
    worksheet_ids.assign_ids(fields, document)
    required = [spec.name for spec in fields if spec.required]
    done = [name for name in required if name in document and not _missing_at(name, problems)]
    return ValidatedWorksheet(kind, document, tuple(problems), len(required), len(done))


def _clean_record(
    fields: tuple[FieldSpec, ...],
    data: Mapping[Any, Any],
    path: str,
    place: str,
    problems: list[FieldProblem],
    *,
    has_id: bool,
) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for spec in fields:
        value = _clean_field(spec, data.get(spec.name), path + spec.name, place, problems)
        if value is not None:
            record[spec.name] = value
        elif spec.required:
            message = f"{place}Fill in “{spec.label}” before you submit."
            problems.append(FieldProblem(path + spec.name, message))
    known = {spec.name for spec in fields} | ({"id"} if has_id else set())
    for key in data:
        if key not in known:
            message = f"{place}“{key}” is not part of this worksheet, so it was not kept."
            problems.append(FieldProblem(f"{path}{key}", message, Severity.NOTE))
    return record


def _clean_field(
    spec: FieldSpec, raw: object, path: str, place: str, problems: list[FieldProblem]
) -> object:
    if spec.type is FieldType.LIST:
        return _clean_list(spec, raw, path, place, problems)
    cleaned = clean_scalar(spec, raw)
    if cleaned.error is not None:
        problems.append(FieldProblem(path, place + cleaned.error, Severity.ERROR))
    return cleaned.value


def _clean_list(
    spec: FieldSpec, raw: object, path: str, place: str, problems: list[FieldProblem]
) -> list[dict[str, Any]] | None:
    items = _entries(raw)
    if items is None:
        message = f"{place}“{spec.label}” could not be read, so it was left empty."
        problems.append(FieldProblem(path, message, Severity.ERROR))
        return None
    records: list[dict[str, Any]] = []
    for item in items:
        item_path = f"{path}[{len(records)}]"
        item_place = f"{place}{spec.item_label} {len(records) + 1}: "
        if not isinstance(item, Mapping):
            message = f"{item_place}this entry could not be read, so it was left out."
            problems.append(FieldProblem(item_path, message, Severity.ERROR))
            continue
        has_id = spec.id_prefix is not None
        record = _clean_record(
            spec.fields, item, item_path + ".", item_place, problems, has_id=has_id
        )
        if any(key != "id" for key in record):
            records.append(_with_id(spec, item, record))
        else:
            _drop_problems_under(item_path, problems)
    _check_count(spec, len(records), path, place, problems)
    return records or None


def _entries(raw: object) -> list[object] | None:
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        return list(raw)
    if not isinstance(raw, Mapping):
        return None
    positions = {_position(key): key for key in raw}
    if None in positions or len(positions) != len(raw):
        return None
    return [raw[positions[index]] for index in sorted(p for p in positions if p is not None)]


def _position(key: object) -> int | None:
    """Return the position a form gives an entry ("0", "1", ...), or None if it is not one."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    return int(key) if isinstance(key, str) and key.isascii() and key.isdigit() else None


def _with_id(spec: FieldSpec, item: Mapping[Any, Any], record: dict[str, Any]) -> dict[str, Any]:
    if spec.id_prefix is None:
        return record
    given = item.get("id")
    return {"id": given.strip(), **record} if isinstance(given, str) and given.strip() else record


def _check_count(
    spec: FieldSpec, count: int, path: str, place: str, problems: list[FieldProblem]
) -> None:
    most = spec.max_items if spec.max_items is not None else DEFAULT_MAX_ITEMS
    fewest = max(spec.min_items, 1 if spec.required else 0)
    if count > most:
        message = f"{place}“{spec.label}” has {count} entries; the most you can save is {most}."
        problems.append(FieldProblem(path, message, Severity.ERROR))
    elif count < fewest and not (count == 0 and spec.required):
        message = f"{place}“{spec.label}” needs at least {fewest} entries before you submit."
        problems.append(FieldProblem(path, f"{message} It has {count}."))


def _drop_problems_under(path: str, problems: list[FieldProblem]) -> None:
    problems[:] = [p for p in problems if not _is_under(p.path, path)]


def _missing_at(path: str, problems: list[FieldProblem]) -> bool:
    return any(p.severity is Severity.MISSING and _is_under(p.path, path) for p in problems)


def _is_under(path: str, root: str) -> bool:
    return path == root or path.startswith((root + ".", root + "["))
