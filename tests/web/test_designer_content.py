"""Content for a course: uploading a pack safely, choosing it, and setting pass marks."""

import io
import stat
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from lti_qi.extensions import db
from lti_qi.models import ContentPack, CourseSetting
from lti_qi.services.content import pack_upload

from designer_helpers import MINIMAL, in_app, post, upload, zip_folder
from launching import LaunchDriver, Launched


@pytest.fixture
def fatima(launcher: LaunchDriver) -> Launched:
    return launcher.launch(sub="designer-fatima", course="QI-101")


def installed(app: Flask, slug: str = "minimal-pack") -> int:
    query = sa.select(sa.func.count()).select_from(ContentPack).where(ContentPack.slug == slug)
    return in_app(app, lambda: db.session.scalar(query))


def test_a_valid_pack_is_installed_listed_and_can_be_chosen(
    fatima: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    response = upload(fatima, zip_folder(MINIMAL, top="minimal/"))
    assert response.status_code == 303
    page = fatima.get("designer/content").get_data(as_text=True)
    assert "Minimal QI pathway 1.0.0 installed." in page
    assert "<code>minimal-pack</code>" in page
    assert "Fatima Green" in page
    assert installed(app) == 1
    chosen = post(fatima, "designer/content/pack", {"pack": "minimal-pack"})
    assert chosen.status_code == 303
    aisha = launcher.launch(sub="learner-aisha")
    assert "<h1>Quality improvement project</h1>" in aisha.get().get_data(as_text=True)
    assert upload(fatima, zip_folder(MINIMAL)).status_code == 303
    assert "was already installed" in fatima.get("designer/content").get_data(as_text=True)


def test_a_broken_pack_lists_every_problem_with_file_and_line_and_installs_nothing(
    fatima: Launched, app: Flask, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in MINIMAL.rglob("*"):
        if path.is_file():
            target = broken / path.relative_to(MINIMAL)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    manifest = broken / "pack.yaml"
    manifest.write_text(
        manifest.read_text().replace("estimated_minutes: 120", "estimated_minutes: lots"),
        encoding="utf-8",
    )
    (broken / "pages" / "measure" / "run-charts.md").unlink()
    response = upload(fatima, zip_folder(broken))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The pack was not installed" in page
    assert "<code>pack.yaml:25</code>" in page
    assert "run-charts.md" in page
    assert "Fix:" in page
    assert installed(app) == 0


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("../evil.md", "leads out of the pack folder"),
        ("minimal/../../evil.md", "leads out of the pack folder"),
        ("/etc/evil.md", "is an absolute path"),
        ("C:/evil.md", "is an absolute path"),
    ],
)
def test_an_archive_with_an_unsafe_path_is_refused(
    fatima: Launched, app: Flask, entry: str, message: str
) -> None:
    archive = zip_folder(MINIMAL, extra={entry: b"# evil"})
    response = upload(fatima, archive)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert installed(app) == 0


def test_an_archive_with_a_symbolic_link_is_refused(fatima: Launched, app: Flask) -> None:
    buffer = zip_folder(MINIMAL)
    with zipfile.ZipFile(buffer, "a") as archive:
        link = zipfile.ZipInfo("pages/link.md")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    buffer.seek(0)
    response = upload(fatima, buffer)
    assert response.status_code == 422
    assert "is a symbolic link" in response.get_data(as_text=True)
    assert installed(app) == 0


def test_too_many_files_or_bytes_are_refused_before_extracting() -> None:
    members = [zipfile.ZipInfo(f"pages/{number}.md") for number in range(501)]
    problems = pack_upload.check_members(members)
    assert [problem.message for problem in problems] == [
        "it holds 501 files and folders; a pack may hold 500."
    ]
    big = zipfile.ZipInfo("figures/huge.png")
    big.file_size = 51 * 1024 * 1024
    assert "more than 50 MB" in pack_upload.check_members([big])[0].message


def test_an_archive_that_understates_its_sizes_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pack.yaml", b"0" * 100_000)
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # claims 10 bytes
    problems = pack_upload.extract_archive(io.BytesIO(bytes(data)), tmp_path)
    assert "damaged" in problems[0].message
    assert sum(path.stat().st_size for path in tmp_path.rglob("*") if path.is_file()) <= 10


def test_a_file_that_is_not_a_zip_is_explained(fatima: Launched, app: Flask) -> None:
    response = upload(fatima, io.BytesIO(b"not a zip at all"))
    assert response.status_code == 422
    assert "this is not a .zip file" in response.get_data(as_text=True)
    wrong_name = upload(fatima, io.BytesIO(b"x"), name="pack.tar")
    assert wrong_name.status_code == 422
    assert "Upload the pack as a .zip file." in wrong_name.get_data(as_text=True)


def test_a_designer_cannot_upgrade_a_pack_other_courses_use(
    fatima: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    assert upload(fatima, zip_folder(MINIMAL)).status_code == 303
    assert post(fatima, "designer/content/pack", {"pack": "minimal-pack"}).status_code == 303
    other = launcher.launch(sub="designer-fatima", course="QI-202")
    assert post(other, "designer/content/pack", {"pack": "minimal-pack"}).status_code == 303
    bumped = zip_folder(MINIMAL, extra={"pages/extra.md": b"# More"})
    refused = upload(other, bumped)
    assert refused.status_code == 422
    assert "other courses use the pack" in refused.get_data(as_text=True)
    default = pack_upload._sharing_problems(MINIMAL, 1, may_upgrade_shared=True)
    assert default == []


def test_pass_marks_are_saved_checked_and_shown_to_learners(
    fatima: Launched, launcher: LaunchDriver, app: Flask
) -> None:
    assert post(fatima, "designer/content/pass-marks", {"mark-aim": "85"}).status_code == 303
    aisha = launcher.launch(sub="learner-aisha")
    pathway = aisha.get().get_data(as_text=True)
    assert "pass mark 85" in pathway
    assert "pass mark 70" in pathway  # the other modules keep the pack's mark
    assert 'value="85"' in fatima.get("designer/content").get_data(as_text=True)
    assert post(fatima, "designer/content/pass-marks", {"mark-aim": "lots"}).status_code == 400
    assert post(fatima, "designer/content/pass-marks", {"mark-aim": "101"}).status_code == 400
    assert post(fatima, "designer/content/pass-marks", {"mark-nope": "50"}).status_code == 404
    marks = in_app(app, lambda: db.session.scalar(sa.select(CourseSetting.pass_marks)))
    assert marks == {"aim": 85}


def test_choosing_a_pack_that_is_not_installed_is_refused(fatima: Launched) -> None:
    response = post(fatima, "designer/content/pack", {"pack": "no-such-pack"})
    assert response.status_code == 404
    assert "No pack &#39;no-such-pack&#39; is installed." in response.get_data(as_text=True)
