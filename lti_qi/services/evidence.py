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

from lti_qi.domain.pathway import Activity
from lti_qi.errors import Forbidden, InvalidInput, NotFound
from lti_qi.extensions import db
from lti_qi.models import Evidence
from lti_qi.services import learning, projects
from lti_qi.services.launches import Actor

MAX_FILE_BYTES = 10 * 1024 * 1024
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
        InvalidInput: when the title is empty or the link is not a web address.
    """
    if not is_valid or urlsplit(url).scheme not in ("http", "https") or not title.strip():
        raise InvalidInput("Give the evidence a name and a web address starting with https://.")
    return _store(actor, project_id, activity, Evidence(title=title.strip(), url=url.strip()))


def add_file(
    actor: Actor, project_id: int, activity: Activity, title: str, upload: FileStorage
) -> Evidence:
    """Attach an uploaded file as evidence.

    Raises:
        InvalidInput: when the file is too big, of a type not accepted, or not what its name says.
    """
    name = (upload.filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES:
        accepted = ", ".join(sorted(ALLOWED_TYPES))
        raise InvalidInput(
            f"Files of type {extension or '(none)'} are not accepted. Use one of: {accepted}."
        )
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


def _store(actor: Actor, project_id: int, activity: Activity, record: Evidence) -> Evidence:
    record.project_id, record.item_id, record.author_id = project_id, activity.id, actor.user_id
    db.session.add(record)
    learning.complete_for_team(project_id, activity)
    db.session.commit()
    return record
