"""Content packs belong to an organisation: others neither see nor replace them."""

from pathlib import Path

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import ContentPack

from designer_helpers import in_app, post, zip_folder
from journeys import move_course_to_another_lms
from launching import LaunchDriver, Launched

MINIMAL = Path(__file__).resolve().parents[1] / "content" / "packs" / "minimal"


def _upload(person: Launched):
    archive = zip_folder(MINIMAL, top="minimal/")
    data = {"archive": (archive, "pack.zip")}
    return post(person, "designer/content/upload", data, content_type="multipart/form-data")


def _designer_of_another_organisation(app: Flask, launcher: LaunchDriver) -> Launched:
    """Fatima in QI-202, whose course is moved to another LMS registration."""
    fatima = launcher.launch(sub="designer-fatima", course="QI-202")

    in_app(app, lambda: move_course_to_another_lms("QI-202"))
    return fatima


def test_another_organisation_neither_sees_nor_replaces_a_pack(
    app: Flask, launcher: LaunchDriver
) -> None:
    owner = launcher.launch(sub="designer-fatima", course="QI-101")
    assert _upload(owner).status_code == 303
    stranger = _designer_of_another_organisation(app, launcher)

    page = stranger.get("designer/content").get_data(as_text=True)
    assert "<code>minimal-pack</code>" not in page
    assert "<code>qi-pathway</code>" in page  # the bundled pack is shared by all
    refused = _upload(stranger)
    assert refused.status_code == 422
    assert "taken by another organisation" in refused.get_data(as_text=True)
    chosen = post(stranger, "designer/content/pack", {"pack": "minimal-pack"})
    assert chosen.status_code == 404
    owners = in_app(app, lambda: db.session.scalars(select(ContentPack.installed_by)).all())
    assert owners.count("Fatima Green") == 1
    assert "<code>minimal-pack</code>" in owner.get("designer/content").get_data(as_text=True)
