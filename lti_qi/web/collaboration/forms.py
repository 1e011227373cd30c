"""Flask-WTF forms for the community and discussion pages (views read them; services check)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from lti_qi.services.collaboration.discussions import MESSAGE_LENGTH
from lti_qi.services.collaboration.join_requests import REQUEST_LENGTH


class JoinRequestForm(FlaskForm):  # type: ignore[misc]
    """Ask a project's team to join it, with an optional note."""

    message = TextAreaField(
        "A note for the team (optional)", validators=[Optional(), Length(max=REQUEST_LENGTH)]
    )


class DecisionForm(FlaskForm):  # type: ignore[misc]
    """Accept or decline a request to join (the button pressed decides)."""

    accept = SubmitField("Accept")
    decline = SubmitField("Decline")


class MessageForm(FlaskForm):  # type: ignore[misc]
    """A message in a project's discussion (Markdown)."""

    body = TextAreaField("Your message", validators=[InputRequired(), Length(max=MESSAGE_LENGTH)])
