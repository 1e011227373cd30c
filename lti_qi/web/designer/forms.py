"""Designer forms: pack upload and choice, and pass marks."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from lti_qi.errors import InvalidInput

MARK_FIELD_PREFIX = "mark-"


class UploadPackForm(FlaskForm):  # type: ignore[misc]
    """A content pack, zipped."""

    archive = FileField(
        "Content pack (.zip)",
        validators=[
            FileRequired("Choose the .zip file of your pack."),
            FileAllowed(["zip"], "Upload the pack as a .zip file."),
        ],
    )


class ChoosePackForm(FlaskForm):  # type: ignore[misc]
    """The installed pack a course teaches."""

    pack = StringField("Pack", validators=[InputRequired(), Length(max=100)])


def pass_marks_from(form: MultiDict[str, str]) -> dict[str, int]:
    """Read the pass-mark fields (``mark-<module slug>``) of the pass-marks form.

    Raises:
        InvalidInput: when a pass mark is not a whole number.
    """
    marks: dict[str, int] = {}
    for name, value in form.items():
        if not name.startswith(MARK_FIELD_PREFIX):
            continue
        try:
            marks[name.removeprefix(MARK_FIELD_PREFIX)] = int(value.strip())
        except ValueError:
            raise InvalidInput(
                "A pass mark is a whole percentage from 0 to 100.", hint=f"Check {value!r}."
            ) from None
    return marks
