"""The URL converter for database ids: ``<id:series_id>`` matches 1 to 2^31 - 1, else "not found".

Werkzeug's ``int`` converter takes any number of digits, and a number past a 32-bit id made
PostgreSQL refuse the look-up with a server error; an id outside the range cannot name a row,
so such an address is simply not found (404), before any view runs.
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
