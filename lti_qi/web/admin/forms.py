"""The administrator's report filters and revocation form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, TextAreaField, ValidationError
from wtforms.validators import InputRequired, Length, Optional

from lti_qi.services.credentials.cpd_reports import ReportFilter


class ReportFilterForm(FlaskForm):  # type: ignore[misc]
    """Which completions to show (read from the query string; nothing changes, so no CSRF)."""

    class Meta:
        """Filters are a GET form."""

        csrf = False

    course = IntegerField("Course", validators=[Optional()])
    learner = StringField("Learner (name, email or LMS id)", validators=[Length(max=200)])
    completed_from = DateField("Completed from", validators=[Optional()])
    completed_to = DateField("Completed up to", validators=[Optional()])

    def validate_completed_to(self, field: DateField) -> None:
        """Refuse a range that ends before it starts."""
        if field.data and self.completed_from.data and field.data < self.completed_from.data:
            raise ValidationError("The end date is before the start date: swap them.")

    def to_filter(self) -> ReportFilter:
        """Return the filters as the report service takes them."""
        return ReportFilter(
            context_id=self.course.data,
            learner=self.learner.data or "",
            completed_from=self.completed_from.data,
            completed_to=self.completed_to.data,
        )


class RevokeForm(FlaskForm):  # type: ignore[misc]
    """Withdraw a certificate, saying why (kept with the record, never shown publicly)."""

    reason = TextAreaField("Reason for revoking", validators=[InputRequired(), Length(max=500)])
