"""Problems in a content pack: where each is (file, line), what is wrong and how to fix it.

Every check in the content package reports `Problem`s rather than raising on the first, so a
designer sees the whole list at once. Pydantic errors and tree-rule issues are located in
pack.yaml through the YAML node tree; a pydantic error's location names the item by its id
(`stage "aim-learn"`) so the message reads without the file open.
"""

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from inspect import isclass
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from lti_qi.content import fields, rules, schema
from lti_qi.content.manifest_yaml import Manifest

MANIFEST_FILE = "pack.yaml"
DOCS = "docs/content-packs.md"
_SINGULAR = {
    "modules": "module",
    "stages": "stage",
    "activities": "activity",
    "questions": "question",
    "options": "option",
    "references": "reference",
}
_NESTED = {"questions", "options"}
_FIXES = {
    "string_type": (
        'write text here; quote values YAML would read as a number, date or yes/no: "1.0"'
    ),
    "int_type": "use a whole number, e.g. 30",
    "int_parsing": "use a whole number, e.g. 30",
    "int_from_float": "use a whole number, e.g. 30",
    "float_type": "use a number, e.g. 1.5",
    "float_parsing": "use a number, e.g. 1.5",
    "bool_type": "use true or false",
    "bool_parsing": "use true or false",
    "string_too_short": "write some text here",
    "too_short": "add at least one item",
    "tuple_type": 'write a list: one "- item" per line, or [] for none',
    "model_type": "write the keys of this item indented under it",
    "model_attributes_type": "write the keys of this item indented under it",
    "greater_than": "use a larger number",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack, with the file (relative to the pack root), line and fix."""

    file: str
    line: int | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message} Fix: {self.fix}"


class PackInvalid(Exception):
    """A pack was refused; `problems` lists everything wrong with it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        listed = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"the content pack has {len(self.problems)} problem(s):\n{listed}")


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file (pack.yaml first), then line."""
    return sorted(problems, key=lambda p: (p.file != MANIFEST_FILE, p.file, p.line or 0))


def from_issues(issues: Iterable[rules.Issue], manifest: Manifest) -> list[Problem]:
    """Locate tree-rule issues in pack.yaml."""
    return [
        Problem(MANIFEST_FILE, manifest.line_of(issue.location), issue.message, issue.fix)
        for issue in issues
    ]


def from_validation_error(error: ValidationError, manifest: Manifest) -> list[Problem]:
    """Turn each pydantic error into a located Problem.

    Tree-rule errors are skipped: the loader runs `rules` on the raw manifest itself, which also
    gives each issue its exact location.
    """
    return [
        _from_details(details, manifest)
        for details in error.errors()
        if details["type"] != schema.TREE_ERROR_TYPE and not _is_echo(details)
    ]


def _is_echo(details: ErrorDetails) -> bool:
    """Tell whether a too-short error only echoes errors in the list's own items.

    Pydantic checks a list's minimum length after dropping the items that failed, so a list
    whose only items are broken is also reported as too short.
    """
    written = details["input"]
    minimum = details.get("ctx", {}).get("min_length", 0)
    return details["type"] == "too_short" and isinstance(written, list) and len(written) >= minimum


def _from_details(details: ErrorDetails, manifest: Manifest) -> Problem:
    location = tuple(details["loc"])
    subject, field = describe(location, manifest.data)
    context = details.get("ctx", {})
    error_type = details["type"]
    if error_type == fields.RULE_ERROR_TYPE:
        message, fix = f"{subject}, {field}: {context['message']}", context["fix"]
    elif error_type == "missing":
        message, fix = f'{subject} has no "{location[-1]}".', f'add "{location[-1]}:" to it'
    elif error_type == "extra_forbidden":
        message = f'{subject} has an unknown key "{location[-1]}".'
        fix = _unknown_key_fix(str(location[-1]), location[:-1])
    elif error_type in {"union_tag_invalid", "union_tag_not_found"}:
        tag = context.get("tag")
        message = f'{subject} has an unknown kind "{tag}".' if tag else f'{subject} has no "kind".'
        fix = f"use one of: kind: {', kind: '.join(schema.ACTIVITY_KINDS)}"
    elif error_type in {"literal_error", "enum"}:
        message = f"{subject}, {field}: {details['input']!r} is not allowed."
        fix = f"use one of: {context.get('expected', '')}"
    else:
        message = f"{subject}, {field}: {details['msg']}."
        fix = _FIXES.get(error_type, f"see {DOCS} for what this field holds")
    return Problem(MANIFEST_FILE, manifest.line_of(location), message, fix)


def describe(location: Sequence[str | int], data: object) -> tuple[str, str]:
    """Name the item a location is in by its id, and the field within it.

    Returns:
        A pair such as ('stage "aim-learn"', "prerequisites item 2").
    """
    subject, node, previous = "the pack", data, None
    field: list[str] = []
    for part in location:
        if isinstance(previous, int) and _is_tag(node, part):
            previous = part
            continue
        node = _child(node, part)
        if isinstance(part, int) and isinstance(previous, str) and previous in _SINGULAR:
            named = f'{_SINGULAR[previous]} "{_id_or_position(node, part)}"'
            subject = f"{subject}, {named}" if previous in _NESTED else named
            field = []
        elif part == "pathway":
            subject, field = f'pathway "{_id_or_position(node, 0)}"', []
        else:
            field.append(f"item {part + 1}" if isinstance(part, int) else part)
        previous = part
    return subject, " ".join(field) or "this item"


def _is_tag(node: object, part: str | int) -> bool:
    """Tell whether a location part is the discriminator tag pydantic adds after an index."""
    return isinstance(node, Mapping) and node.get("kind") == part


def _child(node: object, part: str | int) -> object:
    if isinstance(node, Mapping):
        return node.get(part)
    if isinstance(node, list | tuple) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _id_or_position(node: object, index: int) -> str:
    item_id = node.get("id") if isinstance(node, Mapping) else None
    return item_id if isinstance(item_id, str) else f"#{index + 1}"


def _unknown_key_fix(key: str, parent: Sequence[str | int]) -> str:
    allowed = field_names_at(parent)
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f'did you mean "{close[0]}"? ' if close else "remove it; "
    return f"{hint}allowed keys here: {', '.join(allowed)}"


def field_names_at(location: Sequence[str | int]) -> list[str]:
    """Return the keys the schema allows in the item at `location` of a manifest."""
    models: list[type[BaseModel]] = [schema.Pack]
    for part in location:
        if isinstance(part, int):
            continue
        tagged = [model for model in models if _kind_of(model) == part]
        models = tagged or [
            found
            for model in models
            if part in model.model_fields
            for found in _models_in(model.model_fields[part].annotation)
        ]
    return sorted({name for model in models for name in model.model_fields})


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Find the models inside an annotation such as tuple[Activity, ...] or X | None."""
    if isclass(annotation) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in get_args(annotation) for model in _models_in(argument)]


def _kind_of(model: type[BaseModel]) -> object:
    kind = model.model_fields.get("kind")
    return get_args(kind.annotation)[0] if kind is not None else None
