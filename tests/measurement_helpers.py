"""Helpers for the measure tests: a project with a measures plan, and data entered as a learner."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.extensions import db
from lti_qi.models import MeasureSeries, Project, User, Worksheet
from lti_qi.transaction import unit_of_work

from launching import Launched

SHIFT = [5, 6, 4, 7, 5, 6, 5, 4, 6, 5, 9, 10, 11, 9, 10, 12, 11, 10, 9, 11]
PASTED = "Week\tMinutes\n" + "\n".join(
    f"2026-01-{day:02d}\t{value}" for day, value in zip(range(1, 21), SHIFT, strict=True)
)
PROPORTIONS = "date,numerator,denominator\n" + "\n".join(
    f"2026-03-{day:02d},{day % 7 + 3},20" for day in range(1, 25)
)
MEASURES = [
    {"name": "Minutes to first dose", "type": "outcome"},
    {"name": "Checklist used", "type": "process", "numerator": "used", "denominator": "patients"},
]
PDSA = {
    "cycles": [
        {
            "id": "PDSA1",
            "title": "Pre-filled chart",
            "measure": "minutes to first dose",
            "start_date": "2026-01-11",
        }
    ]
}


def project_of(app: Flask, sub: str) -> int:
    """Return the id of the project a person created."""
    with app.app_context(), unit_of_work():
        return db.session.scalar(
            select(Project.id).join(User, User.id == Project.created_by).where(User.sub == sub)
        )


def give_measures_plan(app: Flask, project_id: int) -> None:
    """Save a measures plan naming two measures, and a PDSA cycle on the first."""
    with app.app_context(), unit_of_work():
        for kind, data in (
            (WorksheetKind.MEASURES_PLAN, {"measures": MEASURES}),
            (WorksheetKind.PDSA_LOG, PDSA),
        ):
            db.session.add(Worksheet(project_id=project_id, kind=kind, version=1, data=data))
        db.session.commit()


def learner_with_measures(launched: Launched, app: Flask) -> Launched:
    """Give the launched learner's project a measures plan and open the Measures page."""
    launched.get()
    give_measures_plan(app, project_of(app, "learner-aisha"))
    launched.get("measures")
    return launched


def series_id(app: Flask, name: str) -> int:
    """Return the id of the measure with this name."""
    with app.app_context(), unit_of_work():
        return db.session.scalar(select(MeasureSeries.id).where(MeasureSeries.name == name))


def token(launched: Launched, path: str) -> str:
    """Return the CSRF token of a page of the launch session."""
    page = launched.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page[:500]
    return match.group(1)


def paste(launched: Launched, measure_id: int, text: str, **form: str) -> object:
    """Paste rows into a measure, as the page's paste form does."""
    data = {"csrf_token": token(launched, f"measures/{measure_id}"), "pasted": text, **form}
    return launched.client.post(launched.url(f"measures/{measure_id}/paste"), data=data)


def set_chart(launched: Launched, measure_id: int, chart: str, data_kind: str) -> None:
    """Choose the measure's chart and kind of data."""
    form = {
        "csrf_token": token(launched, f"measures/{measure_id}"),
        "data_kind": data_kind,
        "chart": chart,
        "rules": "ihi",
    }
    response = launched.client.post(launched.url(f"measures/{measure_id}/settings"), data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
