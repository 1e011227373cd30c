"""Forms of the CPD and verification pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from lti_qi.services.credentials.certificates import NAME_MAX_LENGTH


class CertificateNameForm(FlaskForm):  # type: ignore[misc]
    """The name to print on certificates, for learners whose LMS shares none."""

    name = StringField(
        "Your name as it should be printed",
        validators=[InputRequired(), Length(max=NAME_MAX_LENGTH)],
    )


class BadgeCheckForm(FlaskForm):  # type: ignore[misc]
    """A badge (VC-JWT) pasted to be checked."""

    token = TextAreaField(
        "The badge: the whole text of its .jwt file",
        validators=[InputRequired(), Length(max=100_000)],
    )
