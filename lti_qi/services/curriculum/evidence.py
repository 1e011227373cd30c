"""Evidence a project attaches to an activity: a link, or a small file of a safe type.

Files are checked by size and by their first bytes, not only their name, and served back
only to the project's members with a download disposition. Nothing here may hold patient-
identifiable data; the page says so where evidence is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from lti_qi.domain.course import Activity
from lti_qi.domain.worksheets import tidy_text
from lti_qi.errors import Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import Evidence
from lti_qi.services.base import projects
from lti_qi.services.base.actors import Actor
from lti_qi.services.curriculum import activity_progress, learning

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TITLE_CHARACTERS = 300  # the columns' sizes
MAX_URL_CHARACTERS = 2000
ALLOWED_TYPES = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".png": ("image/png", b"\x89PNG"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK"),
    ".csv": ("text/csv", b""),
    ".txt": ("text/plain", b""),
}


@dataclass(frozen=True)
class EvidenceItem:
    """Evidence as listed on an activity page."""

    id: int
    title: str
    url: str | None
    filename: str | None
    size: int


def for_activity(project_id: int, activity: Activity) -> list[EvidenceItem]:
    """Return a project's evidence for one activity, oldest first."""
    rows = db.session.scalars(
        select(Evidence)
        .where(Evidence.project_id == project_id, Evidence.item_id == activity.id)
        .order_by(Evidence.id)
    )
    return [
        EvidenceItem(row.id, row.title, row.url, row.filename, len(row.content or b""))
        for row in rows
    ]


def add_link(
    actor: Actor, project_id: int, activity: Activity, title: str, url: str, is_valid: bool
) -> Evidence:
    """Attach a link (http or https) as evidence.

    Raises:
        Forbidden: when the actor is course staff on no team.
        InvalidInput: when it is not an evidence step, the title is empty or too long, or the
            link is not a web address.
    """
    _require_evidence_step(actor, activity)
    title, url = tidy_text(title, one_line=True), tidy_text(url, one_line=True)
    _check_length("name", title, MAX_TITLE_CHARACTERS)
    _check_length("web address", url, MAX_URL_CHARACTERS)
    if not is_valid or urlsplit(url).scheme not in ("http", "https") or not title.strip():
        raise InvalidInput("Give the evidence a name and a web address starting with https://.")
    return _store(actor, project_id, activity, Evidence(title=title.strip(), url=url.strip()))


def add_file(
    actor: Actor, project_id: int, activity: Activity, title: str, upload: FileStorage
) -> Evidence:
    """Attach an uploaded file as evidence.

    Raises:
        Forbidden: when the actor is course staff on no team.
        InvalidInput: when it is not an evidence step, the name is too long, or the file is too
            big, of a type not accepted, or not what its name says.
    """
    _require_evidence_step(actor, activity)
    name = tidy_text((upload.filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1], one_line=True)
    title = tidy_text(title, one_line=True)
    _check_length("name", title, MAX_TITLE_CHARACTERS)
    _check_length("file name", name, MAX_TITLE_CHARACTERS)
    extension = _accepted_extension(name)
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            "The file is larger than 10 MB: make it smaller, or share a link to it instead."
        )
    media_type, signature = ALLOWED_TYPES[extension]
    if not data or not data.startswith(signature):
        raise InvalidInput(
            f"{name} does not look like a {extension} file: check it opens, then upload it again."
        )
    record = Evidence(
        title=title.strip() or name, filename=name, media_type=media_type, content=data
    )
    return _store(actor, project_id, activity, record)


def download(actor: Actor, evidence_id: int) -> Evidence:
    """Return a file for a member of its project.

    Raises:
        NotFound: when it does not exist.
        Forbidden: when the person is not a member of the project.
    """
    record = db.session.get(Evidence, evidence_id)
    if record is None or record.content is None:
        raise NotFound("That evidence file does not exist.")
    if not projects.is_member(record.project_id, actor.user_id):
        raise Forbidden("Only the project's team can open its evidence.")
    return record


def _require_evidence_step(actor: Actor, activity: Activity) -> None:
    projects.require_can_work(actor)
    learning.require_kind(activity, "evidence")


def _accepted_extension(name: str) -> str:
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES:
        accepted = ", ".join(sorted(ALLOWED_TYPES))
        raise InvalidInput(
            f"Files of type {extension or '(none)'} are not accepted. Use one of: {accepted}."
        )
    return extension


def _check_length(what: str, text: str, most: int) -> None:
    if len(text) > most:
        raise InvalidInput(
            f"The evidence's {what} has {len(text):,} characters; use at most {most}."
        )


def _store(actor: Actor, project_id: int, activity: Activity, record: Evidence) -> Evidence:
    record.project_id, record.item_id, record.author_id = project_id, activity.id, actor.user_id
    db.session.add(record)
    activity_progress.note_work(actor, activity)
    activity_progress.complete_for_team(project_id, activity)
    db.session.flush()
    return record
