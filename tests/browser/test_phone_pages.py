"""A learner's pages on a phone (390 px wide): nothing scrolls the page sideways.

Aisha's journey is set up in her own server's database (modules 1 to 3 finished, her fishbone
and driver diagrams saved, so she has CPD records); then every learner page she visits is
checked at 390 px: the page is no wider than the screen, the diagrams keep a readable size
in a box of their own that pans, and the CPD table reflows into one card per record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lti_qi import create_app
from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.extensions import db
from lti_qi.models import Context, User, Worksheet
from lti_qi.services.base import projects

from browsing import assert_accessible, expect
from cpd_helpers import finish_module
from learner_steps import CHECK, WORKSHEET, launch, learn_readings, open_page

LEARNER = ("learner-aisha", "QI-101")
PHONE_WIDTH = 390
READABLE_DIAGRAM_PX = 600  # a diagram drawn 1000 units wide keeps its text at >= 60%
FISHBONE = {
    "problem": "Urgent CT transfer requests not picked up within 15 minutes",
    "categories": [
        {"name": "People", "causes": [{"cause": "No one free at 12:30", "most_likely": True}]},
        {"name": "Methods", "causes": [{"cause": "Requests phoned, not logged"}]},
        {"name": "Equipment", "causes": [{"cause": "One porter phone for two wards"}]},
    ],
}
DRIVERS = {
    "aim": "To reduce untouched lunch trays from 20% to 10% by 31 March 2027 on Wards 4 and 5",
    "primary_drivers": [
        {
            "text": "Patients can reach and open their meal",
            "secondary_drivers": [
                {"text": "Trays placed within reach", "change_ideas": [{"text": "Tray check"}]}
            ],
        }
    ],
}
PAGES = [
    ("", "the pathway"),
    ("modules/aim", "module 1"),
    (f"activities/{learn_readings()[0]['id']}", "a reading"),
    (f"activities/{CHECK}", "the knowledge check"),
    (f"activities/{WORKSHEET}", "the aim worksheet"),
    ("activities/system-fishbone", "the fishbone worksheet"),
    ("activities/system-driver-diagram", "the driver diagram worksheet"),
    ("project", "the project page"),
    ("measures", "the measures"),
    ("cpd/", "My CPD"),
    ("inbox", "the inbox"),
]


def _page_width(tool: Any) -> int:
    width: int = tool.evaluate("() => document.documentElement.scrollWidth")
    return width


def _server_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = sorted(
        Path(tmp_path_factory.getbasetemp()).glob("own-server-instance*/browser.sqlite3"),
        key=lambda path: path.stat().st_mtime,
    )
    assert found, "the module's own live server's database was not found"
    return found[-1]


def _finish_three_modules(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Finish modules 1 to 3 for the learner, with her fishbone and driver diagrams saved."""
    database = _server_database(tmp_path_factory)
    app = create_app(
        {
            "env": "test",
            "database_url": f"sqlite:///{database}",
            "instance_path": str(database.parent),
        }
    )
    with app.app_context():
        user = db.session.scalar(select(User.id).where(User.sub == LEARNER[0]))
        course = db.session.scalar(select(Context.id).where(Context.label == LEARNER[1]))
        mentor = db.session.scalar(select(User.id).where(User.sub == "mentor-dan"))
        for module in ("aim", "team", "system"):
            finish_module(user, course, module, mentor_id=mentor)
        project = projects.project_for(user, course).id
        for kind, data in (
            (WorksheetKind.FISHBONE, FISHBONE),
            (WorksheetKind.DRIVER_DIAGRAM, DRIVERS),
        ):
            db.session.add(Worksheet(project_id=project, kind=kind, version=1, data=data))
        db.session.commit()
        db.engine.dispose()


def test_learner_pages_never_scroll_sideways_on_a_phone(
    phone_page: Any, own_live_server: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    launch(phone_page, own_live_server, ("mentor-dan", "QI-101"))  # known to lti-qi
    tool = launch(phone_page, own_live_server, LEARNER)
    _finish_three_modules(tmp_path_factory)

    for path, name in PAGES:
        open_page(tool, path)
        assert _page_width(tool) <= PHONE_WIDTH, f"{name} scrolls sideways on a phone"
        assert_accessible(tool, f"{name} on a phone")

    open_page(tool, "activities/system-fishbone")
    diagram = tool.get_by_role("region", name="Your diagram at full size")
    drawn = diagram.locator("svg").evaluate("(svg) => svg.getBoundingClientRect().width")
    assert drawn >= READABLE_DIAGRAM_PX, f"the fishbone is drawn {drawn} px wide"
    assert diagram.evaluate("(box) => box.scrollWidth > box.clientWidth")  # it pans

    open_page(tool, "cpd/")
    records = tool.get_by_role("table", name="Your CPD records in this course")
    expect(records.get_by_role("row")).not_to_have_count(0)
    assert records.evaluate(
        "(table) => table.parentElement.scrollWidth <= table.parentElement.clientWidth"
    )
