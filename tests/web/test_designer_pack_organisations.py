"""Content packs belong to an organisation: others neither see nor replace them."""

from pathlib import Path

from flask import Flask
from sqlalchemy import select

from lti_qi.extensions import db
from lti_qi.models import ContentPack, Context, Platform

from designer_helpers import in_app, post, zip_folder
from launching import LaunchDriver, Launched

MINIMAL = Path(__file__).resolve().parents[1] / "content" / "packs" / "minimal"


def _upload(person: Launched):
    archive = zip_folder(MINIMAL, top="minimal/")
    data = {"archive": (archive, "pack.zip")}
    return post(person, "designer/content/upload", data, content_type="multipart/form-data")


def _designer_of_another_organisation(app: Flask, launcher: LaunchDriver) -> Launched:
    """Fatima in QI-202, whose course is moved to another LMS registration."""
    fatima = launcher.launch(sub="designer-fatima", course="QI-202")

    def move() -> None:
        other = Platform(
            name="Elsewhere",
            issuer="https://elsewhere.test",
            client_id="x",
            auth_login_url="https://elsewhere.test/auth",
            auth_token_url="https://elsewhere.test/token",
            product_family="moodle",
        )
        db.session.add(other)
        db.session.flush()
        course = db.session.scalar(select(Context).where(Context.lti_context_id == "QI-202"))
        course.platform_id = other.id

    in_app(app, move)
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
