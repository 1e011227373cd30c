"""What a later worksheet starts from: text the project's earlier worksheets already hold.

The driver diagram's aim starts as the aim statement's aim; the SQUIRE write-up's sections
start from its first draft (``write_up.squire_draft``; the service adds the chart figures).
A suggestion goes only into a field the learner has never typed in: their own words, and a
field they emptied on purpose, always win. Nothing is saved until the learner saves.
"""

from collections.abc import Collection, Mapping
from typing import Any

from lti_qi.domain.worksheets.schema import Documents, WorksheetKind
from lti_qi.domain.worksheets.write_up import aim_sentence, squire_draft


def suggested_text(kind: WorksheetKind, documents: Documents) -> dict[str, str]:
    """Return suggested text by field of a ``kind`` worksheet, from the project's worksheets."""
    if kind is WorksheetKind.SQUIRE_WRITEUP:
        return squire_draft(documents)
    if kind is WorksheetKind.DRIVER_DIAGRAM:
        aim = aim_sentence(documents)
        return {"aim": aim} if aim else {}
    return {}


def prefilled(
    document: Mapping[str, Any], suggested: Mapping[str, str], typed: Collection[str]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Place each suggestion in its field if that field is blank and was never typed in.

    Args:
        document: The worksheet as saved (or as a new worksheet starts).
        suggested: Text by field name (see ``suggested_text``).
        typed: The fields the learner has ever saved text in.

    Returns:
        The document to show, and the names of the fields filled from suggestions.
    """
    filled = tuple(
        name
        for name, text in suggested.items()
        if text and name not in typed and not _has_text(document.get(name))
    )
    return {**document, **{name: suggested[name] for name in filled}}, filled


def fields_with_text(versions: Collection[Mapping[str, Any]]) -> frozenset[str]:
    """Return the top-level fields holding text in any of a worksheet's saved versions."""
    return frozenset(name for data in versions for name, value in data.items() if _has_text(value))


def _has_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
