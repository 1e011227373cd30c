"""Install a content pack a designer uploads as a .zip, safely, or say everything wrong with it.

The archive is checked before anything is written: no more than ``MAX_FILES`` files and
``MAX_BYTES`` uncompressed, a pack.yaml within a manifest's size limit, and no entry that is
a symbolic link, an absolute path or a path leading out of the pack (``../``); an archive
that misstates a size fails as damaged. The pack is then checked with ``packs.check_pack``
(the same checks as ``lti-qi content check``) and installed only when there is no problem.

Packs are shared by every course that uses them, so a designer may install a new pack, or a
new version of a pack only their own course uses; upgrading a pack other courses use (the
default pack among them) takes an administrator.
"""

from __future__ import annotations

import logging
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

import yaml
from sqlalchemy import func, select

from lti_qi.content import manifest_yaml
from lti_qi.content.loader import Problem, too_big_problem
from lti_qi.errors import Conflict
from lti_qi.extensions import db
from lti_qi.models import CourseSetting
from lti_qi.services.content import packs
from lti_qi.services.content.packs import InstallResult

logger = logging.getLogger(__name__)

MAX_FILES = 500
MAX_BYTES = 50 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
ARCHIVE = "the uploaded .zip"
MANIFEST = "pack.yaml"
_DRIVE = re.compile(r"^[A-Za-z]:")
_REZIP = "zip the pack folder itself, without this entry, and upload it again."


@dataclass(frozen=True)
class UploadOutcome:
    """What an upload did: the problems found, or the installed pack."""

    problems: tuple[Problem, ...] = ()
    installed: InstallResult | None = None


def upload_pack(
    archive: IO[bytes],
    *,
    context_id: int,
    installed_by: str,
    may_upgrade_shared: bool,
) -> UploadOutcome:
    """Check an uploaded pack archive and install it when nothing is wrong.

    Args:
        archive: the .zip file, holding a pack folder (or the pack's files at its top).
        context_id: the course of the designer uploading it; a new pack belongs to the
            course's organisation, and another organisation's pack is refused.
        installed_by: who installs it, as recorded on the pack.
        may_upgrade_shared: whether the uploader may upgrade a pack other courses use.

    Returns:
        Every problem found (nothing is installed then), or the install result.
    """
    with tempfile.TemporaryDirectory(prefix="lti-qi-pack-") as folder:
        problems = extract_archive(archive, Path(folder))
        if problems:
            return UploadOutcome(problems=tuple(problems))
        root = pack_root(Path(folder))
        problems = packs.check_pack(root) or _sharing_problems(root, context_id, may_upgrade_shared)
        if problems:
            return UploadOutcome(problems=tuple(problems))
        try:
            installed = packs.install_pack(
                root, installed_by=installed_by, platform_id=packs.course_platform(context_id)
            )
        except Conflict as conflict:
            return UploadOutcome(
                problems=(Problem(MANIFEST, None, conflict.message, conflict.hint or ""),)
            )
    logger.info("pack %s uploaded in course %s", installed.pack.slug, context_id)
    return UploadOutcome(installed=installed)


def extract_archive(archive: IO[bytes], target: Path) -> list[Problem]:
    """Extract a .zip into ``target`` after checking every entry; return the problems found."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            problems = check_members(members)
            return problems or _extract(zipped, members, target)
    except zipfile.BadZipFile:
        return [
            Problem(
                ARCHIVE,
                None,
                "this is not a .zip file, or it is damaged.",
                "zip the pack folder again (Windows: Send to > Compressed folder), upload it.",
            )
        ]


def check_members(members: list[zipfile.ZipInfo]) -> list[Problem]:
    """Return the problems with an archive's entries: count, size and unsafe paths."""
    problems = [problem for member in members if (problem := _member_problem(member))]
    if len(members) > MAX_FILES:
        problems.append(
            Problem(
                ARCHIVE,
                None,
                f"it holds {len(members)} files and folders; a pack may hold {MAX_FILES}.",
                "leave out files the pack does not use (drafts, originals of figures).",
            )
        )
    if sum(member.file_size for member in members) > MAX_BYTES:
        problems.append(_too_big())
    manifests = [m for m in members if PurePosixPath(m.filename).name == MANIFEST]
    try:
        for member in manifests:
            manifest_yaml.check_size(member.file_size)
    except manifest_yaml.ManifestTooBig as error:
        problems.append(too_big_problem(error))
    return problems


def pack_root(folder: Path) -> Path:
    """Return the folder holding pack.yaml: the top of the archive, or its only folder."""
    if (folder / MANIFEST).is_file():
        return folder
    entries = [entry for entry in folder.iterdir() if entry.name != "__MACOSX"]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return folder


def _member_problem(member: zipfile.ZipInfo) -> Problem | None:
    name = member.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        reason = "is an absolute path; a pack's paths start from the pack folder."
    elif ".." in parts:
        reason = "leads out of the pack folder (it contains '..')."
    elif stat.S_ISLNK(member.external_attr >> 16):
        reason = "is a symbolic link; a pack holds only plain files and folders."
    elif member.flag_bits & 0x1:
        reason = "is encrypted; lti-qi cannot read it."
    else:
        return None
    return Problem(name, None, f"this entry {reason}", _REZIP)


def _extract(
    zipped: zipfile.ZipFile, members: list[zipfile.ZipInfo], target: Path
) -> list[Problem]:
    """Write the checked entries under ``target``.

    ``zipfile`` never yields more bytes than an entry declares (and fails the CRC check when
    the declaration is false), so the checked total bounds what is written.
    """
    root = target.resolve()
    for member in members:
        destination = (target / member.filename).resolve()
        if not destination.is_relative_to(root):
            return [Problem(member.filename, None, "this entry leads out of the pack.", _REZIP)]
        if member.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        with zipped.open(member) as source, destination.open("wb") as sink:
            shutil.copyfileobj(source, sink, CHUNK_BYTES)
    return []


def _too_big() -> Problem:
    return Problem(
        ARCHIVE,
        None,
        f"its files add up to more than {MAX_BYTES // (1024 * 1024)} MB uncompressed.",
        "make figures smaller (SVG, or PNG/JPEG under 1 MB each) and leave out unused files.",
    )


def _sharing_problems(root: Path, context_id: int, may_upgrade_shared: bool) -> list[Problem]:
    """Refuse a designer's upgrade of a pack that other courses use."""
    if may_upgrade_shared:
        return []
    slug = str(yaml.safe_load((root / MANIFEST).read_text(encoding="utf-8"))["id"])
    others = (
        select(func.count())
        .select_from(CourseSetting)
        .where(CourseSetting.pack_slug == slug, CourseSetting.context_id != context_id)
    )
    if slug != packs.DEFAULT_PACK and not db.session.scalar(others):
        return []
    return [
        Problem(
            MANIFEST,
            None,
            f"other courses use the pack {slug!r}: a new version would change it for them too.",
            "ask your lti-qi administrator to install it, or give your pack its own id.",
        )
    ]
