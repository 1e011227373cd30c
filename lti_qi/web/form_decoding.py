"""Decoding nested form fields (``steps.0.who``) and grouping problems by field name.

Worksheets and measure tables have repeating rows, so their inputs are named by path. These
helpers turn such a form into nested dicts for the domain's validators, and the validators'
problem paths back into field names for the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from werkzeug.datastructures import MultiDict

from lti_qi.domain.worksheets import FieldProblem
from lti_qi.errors import InvalidInput

CONTROL_PREFIX = "_"
REMOVE_FIELD = "_remove"
MAX_DEPTH = 12  # the deepest worksheet path has 7 parts (primary_drivers.0....why_first)
SHOWN_NAME_LENGTH = 60
RELOAD_HINT = (
    "Reload the page and enter it again; a worksheet's autosave keeps a copy in this browser."
)


def nested_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """Decode worksheet fields named like ``steps.0.who`` into nested dicts.

    Keys starting with ``_`` are controls and are skipped; a record with a ``_remove`` box
    ticked is dropped; a key sent several times (checkboxes) becomes a list.

    Raises:
        InvalidInput: when a name is both a field and a group (``problem`` and ``problem.y``),
            or is nested deeper than any form of lti-qi.
    """
    document: dict[str, Any] = {}
    for key in form:
        if key.startswith(CONTROL_PREFIX) or key == "csrf_token":
            continue
        values = form.getlist(key)
        _place(document, key, values if len(values) > 1 else values[0])
    kept: dict[str, Any] = _drop_removed(document)
    return kept


def _place(document: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    if len(parts) > MAX_DEPTH:
        raise InvalidInput(f"“{_shown(key)}” is not a field of this form.", hint=RELOAD_HINT)
    target = document
    for part in parts[:-1]:
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            raise _clash(key)
    if isinstance(target.get(parts[-1]), dict):
        raise _clash(key)
    target[parts[-1]] = value


def _clash(key: str) -> InvalidInput:
    return InvalidInput(
        f"The form sent “{_shown(key)}” both as one answer and as part of a group of answers, "
        "so it could not be read. Nothing was saved.",
        hint=RELOAD_HINT,
    )


def _shown(key: str) -> str:
    return key if len(key) <= SHOWN_NAME_LENGTH else key[:SHOWN_NAME_LENGTH] + "…"


def _drop_removed(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    return {
        key: _drop_removed(value)
        for key, value in node.items()
        if not (isinstance(value, dict) and value.get(REMOVE_FIELD) and _is_position(key))
    }


def _is_position(key: str) -> bool:
    return key.isascii() and key.isdigit()


def as_typed_document(typed: dict[str, Any]) -> dict[str, Any]:
    """Return a decoded form in the shape of a saved document, to show a refused save again.

    Groups keyed by row position (``{"0": {...}, "1": {...}}``) become lists in row order.
    Rows with nothing typed, and rows that are not groups, are left out, as the validators
    leave them out, so each row lines up with the problems reported at its position.
    """
    return {key: _shaped(value) for key, value in typed.items()}


def _shaped(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node and all(_is_position(key) for key in node):
        rows = (node[key] for key in sorted(node, key=int))
        return [_shaped(row) for row in rows if isinstance(row, dict) and _has_text(row)]
    return {key: _shaped(value) for key, value in node.items()}


def _has_text(node: Any) -> bool:
    if isinstance(node, dict):
        return any(_has_text(value) for key, value in node.items() if key != "id")
    if isinstance(node, list):
        return any(map(_has_text, node))
    return bool(str(node).strip())


def problems_by_path(problems: Iterable[FieldProblem]) -> dict[str, list[str]]:
    """Group worksheet problems by form field name (``steps[2].who`` becomes ``steps.2.who``)."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        name = problem.path.replace("[", ".").replace("]", "")
        grouped.setdefault(name, []).append(problem.message)
    return grouped
