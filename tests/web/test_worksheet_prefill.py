"""Later worksheets start from what the tool already holds, until the learner types their own.

The driver diagram's aim starts as the project's aim statement; the SQUIRE write-up's
sections start from the earlier worksheets. Once the learner has saved their own text, that
is what they see.
"""

from __future__ import annotations

import html
import re
from typing import Any

from flask import Flask

from lti_qi.domain.worksheets import WorksheetKind
from lti_qi.transaction import unit_of_work

from journeys import GOOD_AIM
from launching import LaunchDriver, Launched
from pathway_helpers import open_stage, save_worksheet

LEARNER = ("learner-aisha", "QI-101")
TO_SYSTEM = ("aim", "team", "system")  # the driver diagram stays open to edit
BEFORE_SHARE = ("aim", "team", "system", "measures", "pdsa", "sustain")
PROJECT_AIM = "To reduce the percentage of lunch trays returned untouched from 20% to 10%"
OWN_TITLE = "Fewer untouched trays: our ward's project"


def field_text(page: str, name: str) -> str:
    """Return what the worksheet field ``name`` (a textarea or text input) shows."""
    area = re.search(rf'<textarea id="f-{name}"[^>]*>(.*?)</textarea>', page, re.S)
    if area:
        return html.unescape(area.group(1))
    box = re.search(rf'<input type="text" id="f-{name}"[^>]*value="([^"]*)"', page)
    assert box, f"no field {name}"
    return html.unescape(box.group(1))


def start_at(
    app: Flask, launcher: LaunchDriver, stage: str, *saved: tuple[WorksheetKind, dict[str, Any]]
) -> Launched:
    """Launch Aisha, open ``stage`` for her and save her aim statement and ``saved`` worksheets."""
    modules, learn = (BEFORE_SHARE, "share-learn") if stage == "share" else (TO_SYSTEM, "")
    launcher.launch(sub="mentor-dan")
    aisha = launcher.launch()
    aisha.get()
    with app.app_context(), unit_of_work():
        project_id = open_stage(LEARNER, modules, learn or "measures-learn")
        for kind, data in ((WorksheetKind.AIM_STATEMENT, GOOD_AIM), *saved):
            save_worksheet(project_id, kind, data)
    return aisha


def test_the_driver_diagram_aim_starts_as_the_projects_aim(
    app: Flask, launcher: LaunchDriver
) -> None:
    aisha = start_at(app, launcher, "system")
    page = aisha.get("activities/system-driver-diagram")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert field_text(text, "aim").startswith(PROJECT_AIM)
    assert "We have started this for you" in text


def test_the_learners_own_driver_diagram_aim_is_kept(app: Flask, launcher: LaunchDriver) -> None:
    own = {"aim": "To halve untouched trays on Ward 4 by June 2027", "primary_drivers": []}
    aisha = start_at(app, launcher, "system", (WorksheetKind.DRIVER_DIAGRAM, own))
    text = aisha.get("activities/system-driver-diagram").get_data(as_text=True)
    assert field_text(text, "aim") == own["aim"]
    assert "We have started this for you" not in text


def test_a_write_up_saved_with_only_a_title_fills_its_other_sections(
    app: Flask, launcher: LaunchDriver
) -> None:
    aisha = start_at(app, launcher, "share", (WorksheetKind.SQUIRE_WRITEUP, {"title": OWN_TITLE}))
    text = aisha.get("activities/share-worksheet").get_data(as_text=True)
    assert field_text(text, "title") == OWN_TITLE
    assert "lunch trays" in field_text(text, "problem_description").lower()


def test_the_write_up_starts_from_the_earlier_worksheets(
    app: Flask, launcher: LaunchDriver
) -> None:
    aisha = start_at(app, launcher, "share")
    page = aisha.get("activities/share-worksheet")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "lunch trays" in field_text(text, "problem_description").lower()
    assert "10%" in field_text(text, "specific_aims")
