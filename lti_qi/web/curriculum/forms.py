"""Flask-WTF forms for the learner pages with fixed fields."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, RadioField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional


class EvidenceLinkForm(FlaskForm):  # type: ignore[misc]
    """Evidence given as a link (to a shared drive, a poster, a slide deck...)."""

    title = StringField("What is it?", validators=[InputRequired(), Length(max=300)])
    url = URLField("Link", validators=[InputRequired(), URL(require_tld=False), Length(max=2000)])


class EvidenceFileForm(FlaskForm):  # type: ignore[misc]
    """Evidence given as a file."""

    title = StringField("What is it?", validators=[InputRequired(), Length(max=300)])
    file = FileField("File")


class FeedbackForm(FlaskForm):  # type: ignore[misc]
    """The end-of-module survey: a rating and an optional comment."""

    rating = RadioField(
        "How useful was this module for your project?",
        choices=[
            SelectChoice("5", "5 (excellent)"),
            SelectChoice("4", "4"),
            SelectChoice("3", "3"),
            SelectChoice("2", "2"),
            SelectChoice("1", "1 (poor)"),
        ],
        validators=[InputRequired(message="Choose a rating from 1 to 5.")],
    )
    comment = TextAreaField("What would make it better?", validators=[Optional(), Length(max=4000)])


class JoinTeamForm(FlaskForm):  # type: ignore[misc]
    """Join a team project with its invite code."""

    code = StringField("Invite code", validators=[InputRequired(), Length(min=6, max=20)])


class RenameProjectForm(FlaskForm):  # type: ignore[misc]
    """Rename the project."""

    title = StringField("Project title", validators=[InputRequired(), Length(min=3, max=200)])


class PassMarkForm(FlaskForm):  # type: ignore[misc]
    """A module's pass mark for this course."""

    pass_mark = IntegerField("Pass mark (%)", validators=[InputRequired(), NumberRange(0, 100)])
