"""Reading the picker's form: which items were chosen, with each one's settings."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from lti_qi.errors import InvalidInput
from lti_qi.services.launches.deep_linking import Selection

CHOSEN = "item"


def selections_from(form: MultiDict[str, str]) -> list[Selection]:
    """Return the chosen items, in the order the page lists them.

    Each chosen item ``key`` has fields ``title-<key>``, ``text-<key>``, ``maximum-<key>``
    and, for modules, ``pass_mark-<key>`` and ``cpd-<key>``.

    Raises:
        InvalidInput: when a maximum score or pass mark is not a number.
    """
    return [_selection(form, key) for key in form.getlist(CHOSEN)]


def _selection(form: MultiDict[str, str], key: str) -> Selection:
    pass_mark = form.get(f"pass_mark-{key}", "").strip()
    hours = form.get(f"cpd-{key}", "").strip()
    return Selection(
        key=key,
        title=form.get(f"title-{key}", ""),
        text=form.get(f"text-{key}", ""),
        score_maximum=number_from(form.get(f"maximum-{key}", "100"), "maximum score"),
        pass_mark=int(number_from(pass_mark, "pass mark")) if pass_mark else None,
        cpd_hours=number_from(hours, "CPD hours") if hours else None,
    )


def number_from(text: str, name: str) -> float:
    """Read a number a person typed, or say how to write it."""
    try:
        return float(text.strip())
    except ValueError as error:
        raise InvalidInput(f"Enter the {name} as a number, such as 100.") from error
