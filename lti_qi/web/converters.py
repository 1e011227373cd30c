"""Whole numbers from addresses, forms and queries, kept within a 32-bit id's range.

Werkzeug's ``int`` converter and ``type=int`` take any number of digits, and a number past a
32-bit integer made PostgreSQL (and SQLite past 64 bits) refuse the query with a server error.
``<id:series_id>`` matches 1 to 2^31 - 1, else the address is not found (404) before any view
runs; ``request.form.get(name, type=bounded_int)`` gives the default for a number out of range.
"""

from werkzeug.routing import IntegerConverter, Map

from lti_qi.models.base import LARGEST_ID


class IdConverter(IntegerConverter):
    """A database id in a URL: a whole number from 1 to `LARGEST_ID`."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=LARGEST_ID)


def init_app(url_map: Map) -> None:
    """Offer ``<id:...>`` to every route of the app."""
    url_map.converters["id"] = IdConverter


def bounded_int(text: str) -> int:
    """Read a whole number no further from zero than `LARGEST_ID` (a ``type=`` for form getters).

    Raises:
        ValueError: The text is not a whole number, or is out of range; the getter then gives
            its default.
    """
    number = int(text)
    if abs(number) > LARGEST_ID:
        raise ValueError(f"{text[:20]} is outside the range of an id")
    return number
