"""Designer forms: pack upload and choice, pass marks, review settings and module notes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from lti_qi.errors import InvalidInput
from lti_qi.services.content.course_content import ReviewSettings

MARK_FIELD_PREFIX = "mark-"
CPD_FIELD_PREFIX = "cpd-"


class UploadPackForm(FlaskForm):  # type: ignore[misc]
    """A content pack, zipped."""

    archive = FileField(
        "Content pack (.zip)",
        validators=[
            FileRequired("Choose the .zip file of your pack."),
            FileAllowed(["zip"], "Upload the pack as a .zip file."),
        ],
    )


class ModuleNoteForm(FlaskForm):  # type: ignore[misc]
    """A "you said, we did" note on a module."""

    you_said = TextAreaField(
        "You said",
        validators=[
            DataRequired("Say what learners told you."),
            Length(max=500, message="Keep it to 500 characters."),
        ],
    )
    we_did = TextAreaField(
        "We did",
        validators=[
            DataRequired("Say what you changed."),
            Length(max=1000, message="Keep it to 1,000 characters."),
        ],
    )


class ReviewSettingsForm(FlaskForm):  # type: ignore[misc]
    """How reviews work in the course."""

    review_sla_days = IntegerField(
        "Days a review may take before it shows as overdue",
        validators=[InputRequired("Give the number of days."), NumberRange(1, 60)],
    )
    mentors_may_claim = BooleanField("Mentors may take on projects that have no mentor yet")
    peer_review_anonymous = BooleanField("Peer feedback is anonymous")

    def to_settings(self) -> ReviewSettings:
        """Return the settings as the service takes them."""
        return ReviewSettings(
            int(self.review_sla_days.data),
            bool(self.mentors_may_claim.data),
            bool(self.peer_review_anonymous.data),
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


def cpd_hours_from(form: MultiDict[str, str]) -> dict[str, float]:
    """Read the CPD-hours fields (``cpd-<module slug>``) of the pass-marks form.

    Raises:
        InvalidInput: when a value is not a number.
    """
    hours: dict[str, float] = {}
    for name, value in form.items():
        if not name.startswith(CPD_FIELD_PREFIX):
            continue
        try:
            hours[name.removeprefix(CPD_FIELD_PREFIX)] = float(value.strip())
        except ValueError:
            raise InvalidInput(
                "CPD hours are a number of hours, such as 2 or 1.5.", hint=f"Check {value!r}."
            ) from None
    return hours
