"""Form text without control characters, for every form of the app in one place.

PostgreSQL cannot store a NUL in text (a community message or a mentor comment holding one was
a server error), and no one means to type ESC or BEL into a form. So every form value, and every
field name, reaches the views with the C0 control characters and DEL removed; tab, line feed and
carriage return stay (a textarea sends its lines as CR LF).

The measure data table and its paste box read `form_as_sent`: a number or a row with a
NUL in it is refused there with the row named (``charts.points_from_rows``), not silently changed
into another number.
"""

import re
from typing import cast

from flask import Request, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters a form never needs: all of C0 but tab, LF and CR, and DEL."""


def without_controls(text: str) -> str:
    """Return text with its control characters (`CONTROL_CHARACTERS`) removed."""
    return CONTROL_CHARACTERS.sub("", text)


class TextRequest(Request):
    """A request whose ``form`` holds no control characters; ``raw_form`` is the form as sent."""

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        super()._load_form_data()
        sent: MultiDict[str, str] = self.__dict__["form"]
        self.__dict__["raw_form"] = sent
        self.__dict__["form"] = ImmutableMultiDict(
            (without_controls(key), without_controls(value))
            for key, value in sent.items(multi=True)
        )

    @property
    def raw_form(self) -> MultiDict[str, str]:
        """The form exactly as the browser sent it, control characters and all."""
        self._load_form_data()
        raw: MultiDict[str, str] = self.__dict__["raw_form"]
        return raw


def form_as_sent() -> MultiDict[str, str]:
    """Return the current request's form exactly as sent (see `TextRequest.raw_form`)."""
    return cast(TextRequest, request).raw_form
