"""One CPD total everywhere: the report, My CPD, the pathway certificate and the CSV agree.

Aisha finishes every module of the pathway (rows written directly, records issued when she
opens My CPD), so she holds a record per module and one for the pathway: her total is the
pathway's hours, never the modules' and the pathway's added together.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask import Flask

from lti_qi.domain.course import course_cpd_hours
from lti_qi.models import CpdKind
from lti_qi.services.content import course_settings
from lti_qi.services.credentials import certificates
from lti_qi.services.launches.sessions import resolve_session
from lti_qi.transaction import unit_of_work

from cpd_helpers import finish_pathway, new_user, pdf_text
from launching import LaunchDriver, Launched


@pytest.fixture
def finished(app: Flask, launcher: LaunchDriver) -> tuple[Launched, float, str]:
    """Aisha has finished the pathway; return her launch, the course's hours and its serial."""
    aisha = launcher.launch(sub="learner-aisha")
    with app.app_context(), unit_of_work():
        actor = resolve_session(aisha.token)
        finish_pathway(actor.user_id, actor.context_id, mentor_id=new_user("mentor-dan"))
        pathway = course_settings.pathway(actor.context_id)
        assert pathway is not None
        assert len(pathway.modules) > 1
        hours = course_cpd_hours(pathway.modules)
    assert aisha.get("cpd/").status_code == 200  # issues her records
    with app.app_context(), unit_of_work():
        found = certificates.records_for(actor.user_id, actor.context_id)
        assert {record.kind for record in found} == {CpdKind.MODULE, CpdKind.PATHWAY}
        serial = next(record.serial for record in found if record.kind == CpdKind.PATHWAY)
    return aisha, hours, serial


def test_the_report_my_cpd_the_certificate_and_the_csv_show_one_total(
    launcher: LaunchDriver, finished: tuple[Launched, float, str]
) -> None:
    aisha, hours, serial = finished
    total = f"{hours:g}"
    my_cpd = aisha.get("cpd/").get_data(as_text=True)
    assert re.search(rf'id="cpd-total">{re.escape(total)}<', my_cpd)
    certificate = pdf_text(aisha.get(f"cpd/{serial}/certificate.pdf").data)
    assert f"{total} hours ({total} CPD credits at 1 credit per hour)" in certificate
    admin = launcher.launch(sub="admin-grace", link="qi-101-pathway")
    report = admin.get("admin/").get_data(as_text=True)
    assert f"<dt>CPD hours</dt><dd>{hours}</dd>" in report  # not twice the hours
    exported = admin.get("admin/cpd.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert sum(float(row["hours_counted"]) for row in rows) == hours
    assert {row["hours_counted"] for row in rows if row["kind"] == "pathway"} == {"0"}
