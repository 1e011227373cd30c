"""Stable ids for worksheet records that other worksheets link to.

A list field with an `id_prefix` (driver diagram drivers and change ideas, PDSA cycles) gives
each record an id made of the prefix and a number: ``"C1"``, ``"C2"``. An id, once given, stays
with its record when the record is edited or moved, so a PDSA cycle that tests ``"C2"`` keeps
pointing at the same change idea. New records, and copies that arrive with an id already in
use, get the next number after the highest in the document; numbers are not reused while the
record that holds them is there.
"""

import re
from collections.abc import Iterator
from typing import Any

from lti_qi.domain.worksheets.schema import FieldSpec, FieldType


def assign_ids(fields: tuple[FieldSpec, ...], document: dict[str, Any]) -> None:
    """Give every record in an id-bearing list a unique id, in place, keeping valid ones."""
    by_prefix: dict[str, list[dict[str, Any]]] = {}
    for prefix, record in _records(fields, document):
        by_prefix.setdefault(prefix, []).append(record)
    for prefix, records in by_prefix.items():
        _number_records(prefix, records)


def id_number(prefix: str, value: object) -> int | None:
    """Return the number in an id like ``"C12"`` for this prefix, or None if it is not one."""
    if not isinstance(value, str):
        return None
    match = re.fullmatch(re.escape(prefix) + r"([1-9]\d{0,5})", value)
    return int(match.group(1)) if match else None


def _records(
    fields: tuple[FieldSpec, ...], record: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    for spec in fields:
        if spec.type is not FieldType.LIST:
            continue
        for item in record.get(spec.name, ()):
            if spec.id_prefix is not None:
                yield spec.id_prefix, item
            yield from _records(spec.fields, item)


def _number_records(prefix: str, records: list[dict[str, Any]]) -> None:
    numbers = [id_number(prefix, record.get("id")) for record in records]
    following = max((n for n in numbers if n is not None), default=0) + 1
    seen: set[int] = set()
    for record, number in zip(records, numbers, strict=True):
        if number is None or number in seen:
            number, following = following, following + 1
            record.pop("id", None)
            record_items = list(record.items())
            record.clear()
            record.update({"id": f"{prefix}{number}", **dict(record_items)})
        seen.add(number)
