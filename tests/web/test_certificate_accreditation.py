"""Certificates name the learner's project and the accreditation statement the course sets.

A designer writes the statement on the content page; a learner who then completes a module
gets a record whose page, PDF and public verification page print it with their project's
title. Records keep the statement they were issued with.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from lti_qi.extensions import db
from lti_qi.models import CourseSetting, CpdRecord
from lti_qi.services.base import projects
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.transaction import unit_of_work

from cpd_helpers import finish_module, new_user, pdf_text
from designer_helpers import post
from launching import LaunchDriver, Launched

STATEMENT = "Approved by the Royal College of Physicians for 2.25 CPD credits (code 151234)."
PROJECT = "Fewer missed meals on Ward 7"


@pytest.fixture
def fatima(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="designer-fatima", link="qi-101-pathway")


def _finish_aim(app: Flask, launched: Launched) -> CpdRecord:
    """Aisha's project gets its title, she finishes module 1 and opens My CPD."""
    with app.app_context(), unit_of_work():
        actor = resolve_session(launched.token)
        projects.project_for(actor.user_id, actor.context_id).title = PROJECT
        db.session.commit()
        finish_module(actor.user_id, actor.context_id, "aim", mentor_id=new_user("mentor-dan"))
    assert launched.get("cpd/").status_code == 200
    with app.app_context(), unit_of_work():
        record = db.session.scalars(sa.select(CpdRecord)).one()
        db.session.expunge(record)
        return record


def _saved_statement(app: Flask) -> str:
    with app.app_context(), unit_of_work():
        return db.session.scalars(sa.select(CourseSetting.accreditation)).one()


def test_the_designer_sets_the_statement_and_certificates_print_it_with_the_project(
    app: Flask, launcher: LaunchDriver, fatima: Launched, client: FlaskClient
) -> None:
    saved = post(fatima, "designer/content/accreditation", {"accreditation": f"  {STATEMENT}\n"})
    assert saved.status_code == 303
    assert f">{STATEMENT}</textarea>" in fatima.get("designer/content").get_data(as_text=True)
    aisha = launcher.launch(sub="learner-aisha")
    record = _finish_aim(app, aisha)
    assert (record.project_title, record.accreditation) == (PROJECT, STATEMENT)
    page = aisha.get(f"cpd/{record.serial}").get_data(as_text=True)
    assert f'<th scope="row">Project</th><td>{PROJECT}</td>' in page
    assert f'<th scope="row">Accreditation</th><td>{STATEMENT}</td>' in page
    certificate = " ".join(pdf_text(aisha.get(f"cpd/{record.serial}/certificate.pdf").data).split())
    assert PROJECT in certificate
    assert STATEMENT in certificate
    assert "see your course" not in certificate
    public = client.get(f"http://tool.test/verify/{record.serial}").get_data(as_text=True)
    assert PROJECT in public
    assert STATEMENT in public


def test_records_keep_the_statement_they_were_issued_with(
    app: Flask, launcher: LaunchDriver, fatima: Launched
) -> None:
    record = _finish_aim(app, launcher.launch(sub="learner-aisha"))
    assert (
        post(fatima, "designer/content/accreditation", {"accreditation": STATEMENT}).status_code
        == 303
    )
    aisha = launcher.launch(sub="learner-aisha")
    page = aisha.get(f"cpd/{record.serial}").get_data(as_text=True)
    assert '<th scope="row">Accreditation</th><td>CPD approval: see your course</td>' in page
    assert STATEMENT not in page


def test_a_statement_too_long_is_refused_and_changes_nothing(app: Flask, fatima: Launched) -> None:
    refused = post(fatima, "designer/content/accreditation", {"accreditation": "x" * 501})
    assert refused.status_code == 400
    assert "keep it to 500" in refused.get_data(as_text=True)
    assert _saved_statement(app) == ""
    assert post(fatima, "designer/content/accreditation", {"accreditation": ""}).status_code == 303
    assert _saved_statement(app) == ""
