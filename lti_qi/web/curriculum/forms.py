"""Form input: Flask-WTF forms for the fixed forms, and nested decoding for worksheets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, RadioField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from lti_qi.domain.worksheet_validation import FieldProblem

CONTROL_PREFIX = "_"
REMOVE_FIELD = "_remove"


class ReflectionForm(FlaskForm):  # type: ignore[misc]
    """A reflection: free text that goes into the learner's CPD record."""

    text = TextAreaField("Your reflection", validators=[Length(max=20000)])


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


def nested_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """Decode worksheet fields named like ``steps.0.who`` into nested dicts.

    Keys starting with ``_`` are controls and are skipped; a record with a ``_remove`` box
    ticked is dropped; a key sent several times (checkboxes) becomes a list.
    """
    document: dict[str, Any] = {}
    for key in form:
        if key.startswith(CONTROL_PREFIX) or key == "csrf_token":
            continue
        values = form.getlist(key)
        _place(document, key.split("."), values if len(values) > 1 else values[0])
    return _drop_removed(document)


def _place(target: dict[str, Any], parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _drop_removed(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    return {
        key: _drop_removed(value)
        for key, value in node.items()
        if not (isinstance(value, dict) and value.get(REMOVE_FIELD) and _is_position(key))
    }


def _is_position(key: str) -> bool:
    return key.isdigit()


def problems_by_path(problems: Iterable[FieldProblem]) -> dict[str, list[str]]:
    """Group worksheet problems by form field name (``steps[2].who`` becomes ``steps.2.who``)."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        name = problem.path.replace("[", ".").replace("]", "")
        grouped.setdefault(name, []).append(problem.message)
    return grouped
