"""One CPD total on every page a person reads it, in Chromium: My CPD, the certificate, the report.

Aisha launches from the sandbox; her finished pathway is written into the served database
(finishing seven modules through the pages would take minutes); opening My CPD issues her
records. She, and then Grace the administrator, read the same total: the pathway's hours,
never the modules' and the pathway's added together.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from lti_qi.domain.course import course_cpd_hours
from lti_qi.extensions import db
from lti_qi.models import Context, User
from lti_qi.services.content import course_settings
from lti_qi.transaction import unit_of_work

from browsing import assert_accessible, expect, horizontal_overflow
from cpd_helpers import finish_pathway, new_user
from learner_steps import launch, open_page


def _finish_pathway(app: Flask) -> str:
    """Finish Aisha's pathway in QI-101; return the course's hours as pages print them."""
    with app.app_context(), unit_of_work():
        aisha = db.session.scalars(select(User.id).where(User.sub == "learner-aisha")).one()
        qi_101 = select(Context.id).where(Context.lti_context_id == "QI-101")
        course = db.session.scalars(qi_101).one()
        finish_pathway(aisha, course, mentor_id=new_user("mentor-for-totals"))
        pathway = course_settings.pathway(course)
        assert pathway is not None
        return f"{course_cpd_hours(pathway.modules):g}"


def test_my_cpd_the_certificate_and_the_report_show_one_total(
    page: Any, phone_page: Any, own_live_server: str, own_live_app: Flask
) -> None:
    tool = launch(page, own_live_server, ("learner-aisha", "QI-101"))
    total = _finish_pathway(own_live_app)
    open_page(tool, "cpd/")
    expect(tool.locator("#cpd-total")).to_have_text(total)
    assert_accessible(tool, "My CPD with a pathway and its modules")
    pathway_row = tool.locator("td").filter(has=tool.get_by_text("Whole pathway", exact=True))
    pathway_row.get_by_role("link").click()
    expect(tool.get_by_role("heading", level=1)).to_contain_text("CPD record")
    expect(tool.get_by_role("row", name="CPD hours")).to_contain_text(f"{total} hours")
    assert_accessible(tool, "the pathway's CPD record")
    phone = launch(phone_page, own_live_server, ("learner-aisha", "QI-101"))
    open_page(phone, "cpd/")
    expect(phone.locator("#cpd-total")).to_have_text(total)
    assert horizontal_overflow(phone) <= 1, "My CPD scrolls sideways on a phone"
    admin = launch(page, own_live_server, ("admin-grace", "QI-101"))
    open_page(admin, "admin/?learner=aisha")
    hours = admin.locator(".figures .card").filter(has=admin.get_by_text("CPD hours", exact=True))
    expect(hours.locator("dd")).to_have_text(total)
    assert_accessible(admin, "the CPD report for a learner who finished the pathway")
